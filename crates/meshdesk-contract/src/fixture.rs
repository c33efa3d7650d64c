//! The mesh the suites seed, built on the harness's accounts: the producer publishes `orders`
//! (tables `lines` and `refunds`, LF-tags on the database, a table, columns and a partition
//! key), the consumer reaches it through a database link and a table link. And the requests,
//! drafts and grants the checks write.

use std::collections::BTreeSet;

use meshdesk_core::governance::model::{
    AuditDraft, Capacity, ColumnSelection, Decision, Grant, Permission, RequestStatus, Resource, ShareRequest,
    TagClause, TagExpression, Verdict,
};
use meshdesk_core::model::{Account, Catalog, Column, Database, LfTag, Parameters, Table, TableName, TagKey, params};

pub const NOW: i64 = 1_790_000_000;
/// The producer's product.
pub const ORDERS: &str = "orders";

/// The producer's and a consumer's account ids.
pub fn producer(accounts: &[Account]) -> &str {
    &accounts[0].id
}

pub fn consumer(accounts: &[Account]) -> &str {
    &accounts[1].id
}

pub fn owner_role(accounts: &[Account]) -> String {
    format!("arn:aws:iam::{}:role/DataOwner", producer(accounts))
}

pub fn analyst_role(accounts: &[Account]) -> String {
    format!("arn:aws:iam::{}:role/Analyst", consumer(accounts))
}

/// A column with its own LF-tags.
pub fn column(name: &str, data_type: &str, comment: &str, tags: &[(&str, &str)]) -> Column {
    Column {
        name: name.into(),
        data_type: data_type.into(),
        comment: comment.into(),
        tags: tags.iter().map(|(k, v)| LfTag::new(*k, *v)).collect(),
    }
}

/// The LF-tag keys every account of the contract's mesh defines: `domain`, `pii`, `sensitivity`.
pub fn tag_keys(account: &str) -> Vec<TagKey> {
    let key = |key: &str, values: &[&str]| TagKey {
        account: account.into(),
        key: key.into(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    };
    vec![
        key("domain", &["sales", "retail"]),
        key("pii", &["true", "false"]),
        key("sensitivity", &["public", "internal", "confidential", "restricted"]),
    ]
}

const PARQUET_INPUT: &str = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
const PARQUET_SERDE: &str = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

/// The contract's catalog on `accounts` (producer first, then consumers).
pub fn catalog(accounts: &[Account]) -> Catalog {
    let (producer, consumer) = (producer(accounts).to_owned(), consumer(accounts).to_owned());
    let orders = Database {
        account: producer.clone(),
        name: ORDERS.into(),
        description: "Orders and their lines".into(),
        parameters: Parameters::from([
            (params::PRODUCT.to_owned(), "true".to_owned()),
            (params::OWNER.to_owned(), owner_role(accounts)),
            (params::SLO_FRESHNESS_HOURS.to_owned(), "24".to_owned()),
        ]),
        target: None,
        tags: [LfTag::new("sensitivity", "internal"), LfTag::new("domain", "sales")].into(),
    };
    // Columns out of alphabetical order: their order is part of the contract.
    let lines = Table {
        account: producer.as_str().into(),
        database: ORDERS.into(),
        name: "lines".into(),
        description: "One row per order line".into(),
        table_type: Some("EXTERNAL_TABLE".into()),
        parameters: Parameters::from([("classification".to_owned(), "parquet".to_owned())]),
        location: Some("s3://sales-lake/lines/".into()),
        input_format: Some(PARQUET_INPUT.into()),
        serde_library: Some(PARQUET_SERDE.into()),
        columns: vec![
            column("id", "bigint", "line id", &[]),
            column("email", "string", "buyer's email", &[("sensitivity", "restricted"), ("pii", "true")]),
            column("amount", "decimal(12,2)", "", &[("sensitivity", "confidential")]),
            column("region", "string", "", &[]),
        ],
        partition_keys: vec![column("dt", "date", "", &[("sensitivity", "public")])],
        update_time: Some(NOW - 3_600),
        target: None,
        tags: [LfTag::new("pii", "false")].into(),
    };
    let refunds = Table {
        account: producer.as_str().into(),
        database: ORDERS.into(),
        name: "refunds".into(),
        parameters: Parameters::from([(params::UPSTREAM.to_owned(), format!("{producer}:{ORDERS}.lines"))]),
        location: Some("s3://sales-lake/refunds/".into()),
        input_format: Some(PARQUET_INPUT.into()),
        serde_library: Some(PARQUET_SERDE.into()),
        columns: vec![column("line_id", "bigint", "", &[]), column("reason", "string", "why", &[])],
        update_time: Some(NOW - 7_200),
        ..Table::default()
    };
    let database_link = Database {
        account: consumer.clone(),
        name: "orders_shared".into(),
        target: Some((producer.clone(), ORDERS.into())),
        ..Database::default()
    };
    let links = Database { account: consumer.clone(), name: "sales_links".into(), ..Database::default() };
    let table_link = Table {
        account: consumer.as_str().into(),
        database: "sales_links".into(),
        name: "lines".into(),
        target: Some(Box::new(TableName::new(&producer, ORDERS, "lines"))),
        update_time: Some(NOW - 600),
        ..Table::default()
    };
    Catalog {
        accounts: accounts.to_vec(),
        tag_keys: accounts.iter().flat_map(|a| tag_keys(&a.id)).collect(),
        databases: vec![orders, database_link, links],
        tables: vec![lines, refunds, table_link],
    }
}

pub fn permissions(list: &[Permission]) -> BTreeSet<Permission> {
    list.iter().copied().collect()
}

/// A pending request of `requester` for `lines`, version 1.
pub fn pending(accounts: &[Account], id: &str, requester: &str) -> ShareRequest {
    ShareRequest {
        id: id.into(),
        version: 1,
        requester: requester.into(),
        principal: analyst_role(accounts),
        product_account: producer(accounts).into(),
        product_database: ORDERS.into(),
        tables: vec!["lines".into()],
        columns: Vec::new(),
        row_filter: None,
        permissions: permissions(&[Permission::Select]),
        duration_days: 30,
        justification: "Monthly report.".into(),
        status: RequestStatus::Pending,
        created_at: NOW - 3_600,
        decisions: Vec::new(),
        expires_at: None,
        grant_ids: Vec::new(),
        last_error: None,
        extends: None,
        consumer: Default::default(),
    }
}

/// `request` moved on by one decision of `by`.
pub fn decided(request: &ShareRequest, status: RequestStatus, verdict: Verdict, by: &str) -> ShareRequest {
    let mut next = request.clone();
    next.version += 1;
    next.status = status;
    next.decisions.push(Decision {
        by: by.into(),
        capacity: Capacity::Owner,
        verdict,
        at: NOW,
        reason: Some("Needed for \"Q3\"; ok".into()),
    });
    next
}

pub fn draft(action: &str, target: &str) -> AuditDraft {
    AuditDraft {
        actor: "owner".into(),
        action: action.into(),
        target: target.into(),
        request_id: Some(target.into()),
        before: None,
        after: None,
    }
}

fn orders_table(accounts: &[Account], table: Option<&str>, columns: ColumnSelection) -> Resource {
    Resource::Table {
        account: producer(accounts).into(),
        database: ORDERS.into(),
        table: table.map(str::to_owned),
        columns,
    }
}

/// One grant of each resource shape Lake Formation has but data cells filters (see
/// [`filter_grant`]), with grant option only within the producer's account.
pub fn grants(accounts: &[Account]) -> Vec<Grant> {
    use Permission::{All, Describe, Select};
    let grant = |id: &str, principal: String, resource: Resource, given: &[Permission], grantable: &[Permission]| {
        Grant { id: id.into(), principal, resource, permissions: permissions(given), grantable: permissions(grantable) }
    };
    let only = |c: &[&str]| ColumnSelection::Only(c.iter().map(|c| (*c).to_owned()).collect());
    vec![
        grant(
            "contract/database",
            owner_role(accounts),
            Resource::Database { account: producer(accounts).into(), database: ORDERS.into() },
            &[All],
            &[All],
        ),
        grant(
            "contract/wildcard",
            owner_role(accounts),
            orders_table(accounts, None, ColumnSelection::All),
            &[Select],
            &[Select],
        ),
        grant(
            "contract/table",
            consumer(accounts).into(),
            orders_table(accounts, Some("refunds"), ColumnSelection::All),
            &[Select],
            &[],
        ),
        grant(
            "contract/columns",
            analyst_role(accounts),
            orders_table(accounts, Some("lines"), only(&["id", "dt"])),
            &[Select, Describe],
            &[],
        ),
        grant(
            "contract/all-but",
            consumer(accounts).into(),
            orders_table(accounts, Some("lines"), ColumnSelection::AllExcept(vec!["email".into()])),
            &[Select],
            &[],
        ),
        grant(
            "contract/tag-policy",
            analyst_role(accounts),
            Resource::TagPolicy {
                account: producer(accounts).into(),
                expression: TagExpression {
                    clauses: vec![
                        TagClause { key: "sensitivity".into(), values: vec!["public".into(), "internal".into()] },
                        TagClause { key: "domain".into(), values: vec!["sales".into()] },
                    ],
                },
            },
            &[Describe, Select],
            &[],
        ),
    ]
}

/// A grant on a data cells filter with a row filter that needs quoting.
pub fn filter_grant(accounts: &[Account]) -> Grant {
    Grant {
        id: "contract/filter".into(),
        principal: analyst_role(accounts),
        resource: Resource::DataCellsFilter {
            account: producer(accounts).into(),
            database: ORDERS.into(),
            table: "lines".into(),
            name: "meshdesk-contract".into(),
            row_filter: Some("region = 'EU' AND note = 'it''s \"quoted\"'".into()),
            columns: ColumnSelection::Only(vec!["id".into(), "amount".into()]),
        },
        permissions: permissions(&[Permission::Select]),
        grantable: BTreeSet::new(),
    }
}

/// A grant of SELECT on a table of `orders` to the consumer account.
pub fn table_grant(accounts: &[Account], id: &str, table: &str) -> Grant {
    Grant {
        id: id.into(),
        principal: consumer(accounts).into(),
        resource: orders_table(accounts, Some(table), ColumnSelection::All),
        permissions: permissions(&[Permission::Select]),
        grantable: BTreeSet::new(),
    }
}
