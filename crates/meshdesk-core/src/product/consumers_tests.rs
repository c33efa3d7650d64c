//! Consumers and impact on the core's test mesh: `customers` is read by Omar's role (two columns)
//! and the whole analytics account, linked into analytics, and built into `customer_360`, which
//! billing's `invoices` is declared to be built from.

use super::*;
use crate::fixture;
use crate::governance::model::{ColumnSelection, Grant, Permission, PolicyOp, Resource, TagTarget};

const OMAR_ROLE: &str = "arn:aws:iam::100000000003:role/Analysts";

fn grant(id: &str, principal: &str, columns: ColumnSelection) -> Grant {
    Grant {
        id: id.into(),
        principal: principal.into(),
        resource: Resource::Table {
            account: "100000000001".into(),
            database: "customer_profiles".into(),
            table: Some("customers".into()),
            columns,
        },
        permissions: [Permission::Select].into(),
        grantable: Default::default(),
    }
}

fn grants() -> Vec<Grant> {
    vec![
        grant("req-1/customers", OMAR_ROLE, ColumnSelection::Only(vec!["customer_id".into(), "segment".into()])),
        grant("policy:analytics", "100000000003", ColumnSelection::All),
    ]
}

fn shown(consumers: &[Consumer]) -> Vec<String> {
    consumers
        .iter()
        .map(|c| match &c.via {
            Via::Grant { grant_ids } => format!("{} by grant {}", c.who, grant_ids.join("+")),
            Via::ResourceLink { link } => format!("{} by link {link}", c.who),
            Via::Downstream { table, hops } => format!("{} by {table} at {hops} hops", c.who),
        })
        .collect()
}

#[test]
fn a_products_consumers_are_its_grantees_its_links_and_everything_built_from_it() {
    let index = CatalogIndex::build(fixture::mesh());
    let found = of_product(&index, &grants(), "100000000001", "customer_profiles");
    assert_eq!(
        shown(&found),
        [
            "100000000002:invoices by 100000000002:invoices.invoices at 3 hops",
            "100000000003 by grant policy:analytics",
            "100000000003:customer_360 by 100000000003:customer_360.customer_360 at 2 hops",
            "100000000003:links by link 100000000003:links.customers_link",
            "arn:aws:iam::100000000003:role/Analysts by grant req-1/customers",
        ]
    );
}

#[test]
fn a_column_sensitivity_change_affects_that_columns_readers_and_everything_downstream() {
    let index = CatalogIndex::build(fixture::mesh());
    let target = TagTarget::Column {
        account: "100000000001".into(),
        database: "customer_profiles".into(),
        table: "customers".into(),
        column: "email".into(),
    };
    let op = PolicyOp::AssignTag { target, key: "sensitivity".into(), value: "confidential".into() };
    let affected = shown(&impact(&op, &index, &grants()));
    assert!(affected.contains(&"100000000003 by grant policy:analytics".to_owned()), "{affected:?}");
    assert!(!affected.iter().any(|a| a.contains("Analysts")), "Omar's role does not read email: {affected:?}");
    assert!(affected.iter().any(|a| a.starts_with("100000000002:invoices")), "{affected:?}");
    let other = PolicyOp::AssignTag {
        target: TagTarget::Table {
            account: "100000000001".into(),
            database: "customer_profiles".into(),
            table: "customers".into(),
        },
        key: "pii".into(),
        value: "true".into(),
    };
    assert_eq!(impact(&other, &index, &grants()), vec![], "only sensitivity changes are judged here");
}

#[test]
fn revoking_a_grant_affects_its_grantee_and_what_its_account_built() {
    let index = CatalogIndex::build(fixture::mesh());
    let op = PolicyOp::Revoke { grant_id: "req-1/customers".into() };
    assert_eq!(
        shown(&impact(&op, &index, &grants())),
        [
            "100000000003:customer_360 by 100000000003:customer_360.customer_360 at 2 hops",
            "100000000003:links by link 100000000003:links.customers_link",
            "arn:aws:iam::100000000003:role/Analysts by grant req-1/customers",
        ]
    );
    assert_eq!(impact(&PolicyOp::Revoke { grant_id: "gone".into() }, &index, &grants()), vec![]);
}
