//! A small hand-written mesh for the core's tests: three domains, products with tags at each
//! level, resource links and declared upstreams (including a cycle).

use crate::model::*;

pub(crate) const HOUR: i64 = 3600;
pub(crate) const NOW: i64 = 1_800_000_000;

fn col(name: &str, comment: &str, tags: &[(&str, &str)]) -> Column {
    Column {
        name: name.into(),
        data_type: "string".into(),
        comment: comment.into(),
        tags: tags.iter().map(|(k, v)| LfTag::new(*k, *v)).collect(),
    }
}

fn db(account: &str, name: &str, params: &[(&str, &str)], tags: &[(&str, &str)]) -> Database {
    Database {
        account: account.into(),
        name: name.into(),
        description: String::new(),
        parameters: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        target: None,
        tags: tags.iter().map(|(k, v)| LfTag::new(*k, *v)).collect(),
    }
}

fn table(account: &str, database: &str, name: &str, params: &[(&str, &str)], columns: Vec<Column>) -> Table {
    Table {
        account: account.into(),
        database: database.into(),
        name: name.into(),
        parameters: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        input_format: Some("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat".into()),
        columns,
        update_time: Some(NOW - 2 * HOUR),
        ..Table::default()
    }
}

pub(crate) fn mesh() -> Catalog {
    let ident = "100000000001";
    let bill = "100000000002";
    let ana = "100000000003";
    let updated_long_ago = (NOW - 50 * HOUR).to_string();
    let mut customers = table(
        ident,
        "customer_profiles",
        "customers",
        &[],
        vec![
            col("customer_id", "Stable customer key", &[]),
            col("email", "Primary email address", &[("sensitivity", "restricted"), ("pii", "true")]),
            col("segment", "Marketing segment", &[("sensitivity", "public")]),
        ],
    );
    customers.description = "One row per customer".into();
    let mut link = table(ana, "links", "customers_link", &[], vec![]);
    link.target = Some(Box::new(TableName::new(ident, "customer_profiles", "customers")));
    link.input_format = None;
    Catalog {
        accounts: vec![
            Account { id: ident.into(), name: "identity-prod".into(), domain: "identity".into() },
            Account { id: bill.into(), name: "billing-prod".into(), domain: "billing".into() },
            Account { id: ana.into(), name: "analytics-hub".into(), domain: "analytics".into() },
        ],
        databases: vec![
            db(
                ident,
                "customer_profiles",
                &[
                    ("meshdesk:product", "true"),
                    ("meshdesk:owner", "dana@telco.example, arn:aws:iam::100000000001:role/IdentityOwners"),
                    ("meshdesk:description", "Golden customer records"),
                    ("meshdesk:slo.freshness_hours", "24"),
                ],
                &[("sensitivity", "internal")],
            ),
            db(
                bill,
                "invoices",
                &[("meshdesk:product", "true"), ("meshdesk:owner", "raj@telco.example"), ("meshdesk:slo.freshness_hours", "24")],
                &[],
            ),
            db(ana, "customer_360", &[("meshdesk:product", "true"), ("meshdesk:owner", "omar@telco.example")], &[]),
            db(ana, "links", &[], &[]),
        ],
        tables: vec![
            customers,
            table(
                bill,
                "invoices",
                "invoice_lines",
                &[("meshdesk:last_updated", &updated_long_ago), ("classification", "csv")],
                vec![col("amount", "Line amount in EUR", &[]), col("customer_id", "", &[])],
            ),
            Table {
                tags: [LfTag::new("sensitivity", "confidential")].into(),
                ..table(bill, "invoices", "invoices", &[("meshdesk:upstream", "100000000003:customer_360.customer_360")], vec![col("invoice_id", "", &[])])
            },
            link,
            table(
                ana,
                "customer_360",
                "customer_360",
                &[("meshdesk:upstream", "100000000003:links.customers_link, 100000000002:invoices.invoice_lines, 100000000009:lake.unknown_source")],
                vec![col("customer_id", "", &[]), col("lifetime_value", "Revenue to date", &[])],
            ),
        ],
        tag_keys: [ident, bill, ana]
            .iter()
            .flat_map(|account| {
                [
                    TagKey {
                        account: account.to_string(),
                        key: "sensitivity".into(),
                        values: ["public", "internal", "confidential", "restricted"].map(String::from).to_vec(),
                    },
                    TagKey { account: account.to_string(), key: "pii".into(), values: vec!["true".into(), "false".into()] },
                ]
            })
            .collect(),
    }
}
