//! Grants read from Lake Formation get the names Meshdesk recorded; what no record explains is
//! drift, named stably.

use super::*;
use meshdesk_core::governance::model::ColumnSelection;

const CONSUMER: &str = "arn:aws:iam::333333333333:role/Analyst";

fn perms(list: &[Permission]) -> BTreeSet<Permission> {
    list.iter().copied().collect()
}

fn columns(names: &[&str]) -> Resource {
    Resource::Table {
        account: "111111111111".into(),
        database: "sales".into(),
        table: Some("orders".into()),
        columns: ColumnSelection::Only(names.iter().map(|n| (*n).to_owned()).collect()),
    }
}

fn entry(resource: Resource, permissions: &[Permission], grantable: &[Permission]) -> Entry {
    Entry { principal: CONSUMER.into(), resource, permissions: perms(permissions), grantable: perms(grantable) }
}

fn record(id: &str, resource: Resource, permissions: &[Permission]) -> GrantRecord {
    GrantRecord::of(&Grant {
        id: id.into(),
        principal: CONSUMER.into(),
        resource,
        permissions: perms(permissions),
        grantable: BTreeSet::new(),
    })
}

fn ids(grants: &[Grant]) -> Vec<(&str, BTreeSet<Permission>)> {
    grants.iter().map(|g| (g.id.as_str(), g.permissions.clone())).collect()
}

#[test]
fn a_recorded_grant_gets_its_name_and_column_order_back() {
    // Lake Formation returned the columns in another order than they were granted.
    let listed = [entry(columns(&["b", "a"]), &[Permission::Select], &[])];
    let records = [record("req-1/orders", columns(&["a", "b"]), &[Permission::Select])];
    let grants = name_grants(&listed, &records, &[]);
    assert_eq!(grants, [records[0].grant.clone()]);
}

#[test]
fn a_grant_nobody_recorded_is_drift_with_a_stable_name() {
    let listed = [entry(columns(&["a"]), &[Permission::Select], &[])];
    let grants = name_grants(&listed, &[], &[]);
    let key = grant_key(CONSUMER, &columns(&["a"]));
    assert_eq!(ids(&grants), [(format!("111111111111:sales/lf-{key}").as_str(), perms(&[Permission::Select]))]);
    assert_eq!(name_grants(&listed, &[], &[]), grants, "the same entry gets the same name on the next crawl");
}

#[test]
fn permissions_added_behind_meshdesks_back_form_a_drift_grant_beside_the_named_one() {
    let listed = [entry(columns(&["a"]), &[Permission::Select, Permission::Drop], &[Permission::Drop])];
    let records = [record("req-1/orders", columns(&["a"]), &[Permission::Select])];
    let grants = name_grants(&listed, &records, &[]);
    let key = grant_key(CONSUMER, &columns(&["a"]));
    assert_eq!(
        ids(&grants),
        [
            (drift_id(&key, &columns(&["a"])).as_str(), perms(&[Permission::Drop])),
            ("req-1/orders", perms(&[Permission::Select]))
        ]
    );
    assert_eq!(grants[0].grantable, perms(&[Permission::Drop]));
}

#[test]
fn two_requests_merged_into_one_entry_are_two_grants_and_a_removed_permission_shows() {
    let listed = [entry(columns(&["a"]), &[Permission::Select], &[])];
    let records = [
        record("req-1/orders", columns(&["a"]), &[Permission::Select]),
        record("req-2/orders", columns(&["a"]), &[Permission::Select, Permission::Describe]),
    ];
    let grants = name_grants(&listed, &records, &[]);
    assert_eq!(
        ids(&grants),
        [("req-1/orders", perms(&[Permission::Select])), ("req-2/orders", perms(&[Permission::Select]))]
    );
}

#[test]
fn a_recorded_grant_whose_permissions_are_all_gone_is_not_listed() {
    let listed = [entry(columns(&["a"]), &[Permission::Describe], &[])];
    let records = [record("req-1/orders", columns(&["a"]), &[Permission::Select])];
    let grants = name_grants(&listed, &records, &[]);
    assert_eq!(grants.len(), 1);
    assert!(grants[0].id.contains("/lf-"));
}

#[test]
fn a_filter_grant_shows_the_filter_as_defined_else_as_recorded() {
    let filter = |row: Option<&str>| Resource::DataCellsFilter {
        account: "111111111111".into(),
        database: "sales".into(),
        table: "orders".into(),
        name: "meshdesk-req-3".into(),
        row_filter: row.map(str::to_owned),
        columns: ColumnSelection::Only(vec!["a".into()]),
    };
    let listed = [entry(filter(None), &[Permission::Select], &[])];
    let records = [record("req-3/orders", filter(Some("region = 'EU'")), &[Permission::Select])];
    assert_eq!(name_grants(&listed, &records, &[]), [records[0].grant.clone()]);
    let defined = FilterDefinition {
        account: "111111111111".into(),
        database: "sales".into(),
        table: "orders".into(),
        name: "meshdesk-req-3".into(),
        row_filter: Some("region = 'US'".into()),
        columns: ColumnSelection::Only(vec!["a".into()]),
    };
    let grants = name_grants(&listed, &records, &[defined]);
    assert_eq!(grants[0].resource, filter(Some("region = 'US'")), "a filter changed in Lake Formation shows as it is");
}
