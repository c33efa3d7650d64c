//! Plans: every problem is named before anything is applied, and the preview says who gains or
//! loses which column.

use super::access::Rows;
use super::effect::{plan_effect, Change};
use super::fixture::*;
use super::model::*;
use super::plan::{apply_to, tags_of, tags_on, validate_ops, OpProblem};
use crate::model::LfTag;
use crate::CatalogIndex;

fn customers(columns: ColumnSelection) -> Resource {
    Resource::Table { account: IDENT.into(), database: "customer_profiles".into(), table: Some("customers".into()), columns }
}

fn grant(id: &str, principal: &str, resource: Resource) -> Grant {
    Grant { id: id.into(), principal: principal.into(), resource, permissions: [Permission::Select].into(), grantable: Default::default() }
}

fn column(name: &str) -> TagTarget {
    TagTarget::Column { account: IDENT.into(), database: "customer_profiles".into(), table: "customers".into(), column: name.into() }
}

fn problems(ops: Vec<PolicyOp>, existing: &[Grant]) -> Vec<String> {
    let index = CatalogIndex::build(crate::fixture::mesh());
    validate_ops(&ops, &index, existing).into_iter().map(|OpProblem { op, message }| format!("{op}: {message}")).collect()
}

#[test]
fn a_sound_plan_has_no_problems() {
    let existing = [grant("policy:seg", ANALYTICS, customers(ColumnSelection::Only(vec!["segment".into()])))];
    let ops = vec![
        PolicyOp::AssignTag { target: column("segment"), key: "sensitivity".into(), value: "internal".into() },
        PolicyOp::Revoke { grant_id: "policy:seg".into() },
        PolicyOp::Grant(grant("policy:seg", ANALYTICS, customers(ColumnSelection::AllExcept(vec!["email".into()])))),
    ];
    assert_eq!(problems(ops, &existing), Vec::<String>::new());
}

#[test]
fn every_problem_is_named_with_its_operation() {
    let mut reshare = grant("policy:share", "100000000002", customers(ColumnSelection::All));
    reshare.grantable = [Permission::Select].into();
    let mut same_account = grant("policy:admin", "arn:aws:iam::100000000001:role/Admins", customers(ColumnSelection::All));
    same_account.grantable = [Permission::Select].into();
    let filter = |row_filter: &str| Resource::DataCellsFilter {
        account: IDENT.into(),
        database: "customer_profiles".into(),
        table: "customers".into(),
        name: "gold".into(),
        row_filter: Some(row_filter.into()),
        columns: ColumnSelection::All,
    };
    let expression = |key: &str, value: &str| TagExpression { clauses: vec![TagClause { key: key.into(), values: vec![value.into()] }] };
    let ops = vec![
        PolicyOp::AssignTag { target: column("segment"), key: "owner".into(), value: "x".into() },
        PolicyOp::AssignTag { target: column("segment"), key: "sensitivity".into(), value: "secret".into() },
        PolicyOp::RemoveTag { target: column("phone"), key: "pii".into() },
        PolicyOp::Grant(reshare),
        PolicyOp::Grant(same_account),
        PolicyOp::Grant(grant("policy:bad", "analysts", customers(ColumnSelection::All))),
        PolicyOp::Grant(grant("policy:orders", ANALYTICS, Resource::Table {
            account: IDENT.into(),
            database: "customer_profiles".into(),
            table: Some("orders".into()),
            columns: ColumnSelection::All,
        })),
        PolicyOp::Grant(grant("policy:rows", ANALYTICS, filter("country = 'DE'"))),
        PolicyOp::Grant(grant("policy:tags", ANALYTICS, Resource::TagPolicy { account: IDENT.into(), expression: expression("tier", "gold") })),
        PolicyOp::Revoke { grant_id: "req-404/customers".into() },
    ];
    assert_eq!(
        problems(ops, &[]),
        [
            "0: account 100000000001 defines no LF-tag \"owner\"",
            "1: \"secret\" is not a value of the LF-tag \"sensitivity\"; allowed: public, internal, confidential, restricted",
            "2: customers has no column \"phone\"",
            "3: grant policy:share: cross-account grants never carry grant option (charter rule 2)",
            "5: grant policy:bad: 'analysts' is neither a 12-digit account id nor an ARN (arn:aws:iam::… or arn:aws:identitystore:::…)",
            "6: grant policy:orders: there is no table 100000000001:customer_profiles.orders",
            "7: grant policy:rows: row filter: unknown column 'country'; the table's columns are customer_id, email, segment",
            "8: grant policy:tags: unknown LF-tag key 'tier'; the account defines sensitivity, pii",
            "9: there is no grant req-404/customers to revoke",
        ]
    );
}

#[test]
fn a_grant_id_in_use_must_be_revoked_before_it_is_reused() {
    let existing = [grant("policy:seg", ANALYTICS, customers(ColumnSelection::Only(vec!["segment".into()])))];
    let wider = PolicyOp::Grant(grant("policy:seg", ANALYTICS, customers(ColumnSelection::All)));
    assert_eq!(problems(vec![wider], &existing), ["0: grant policy:seg already exists with other content; revoke it first"]);
    assert_eq!(problems(vec![PolicyOp::Grant(existing[0].clone())], &existing), Vec::<String>::new(), "granting it again changes nothing");
}

#[test]
fn applying_a_plan_sets_tags_and_grants() {
    let catalog = crate::fixture::mesh();
    let existing = vec![grant("policy:seg", ANALYTICS, customers(ColumnSelection::All))];
    let ops = vec![
        PolicyOp::AssignTag { target: column("email"), key: "sensitivity".into(), value: "confidential".into() },
        PolicyOp::RemoveTag { target: column("email"), key: "pii".into() },
        PolicyOp::Revoke { grant_id: "policy:seg".into() },
        PolicyOp::Grant(grant("policy:new", ANALYTICS, customers(ColumnSelection::All))),
    ];
    let (after, grants) = apply_to(&ops, &catalog, &existing);
    let email = after.tables.iter().flat_map(|t| &t.columns).find(|c| c.name == "email").map(|c| c.tags.clone());
    assert_eq!(email, Some([LfTag::new("sensitivity", "confidential")].into()));
    assert_eq!(grants.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["policy:new"]);
}

#[test]
fn a_targets_own_tags_are_found_and_a_missing_target_has_none() {
    let mut catalog = crate::fixture::mesh();
    let email = tags_on(&catalog, &column("email")).expect("the column exists").to_vec();
    assert!(email.iter().any(|t| t.key == "pii"), "{email:?}");
    tags_of(&mut catalog, &column("email")).expect("the column exists").clear();
    assert_eq!(tags_on(&catalog, &column("email")), Some(&[][..]));
    let database = TagTarget::Database { account: IDENT.into(), database: "customer_profiles".into() };
    assert!(tags_on(&catalog, &database).is_some());
    assert_eq!(tags_on(&catalog, &column("no_such_column")), None);
    let gone = TagTarget::Table { account: IDENT.into(), database: "customer_profiles".into(), table: "gone".into() };
    assert!(tags_of(&mut catalog, &gone).is_none());
}

#[test]
fn the_effect_of_a_plan_is_who_gains_and_loses_which_columns() {
    let index = CatalogIndex::build(crate::fixture::mesh());
    let existing = vec![grant("policy:seg", ANALYTICS, customers(ColumnSelection::Only(vec!["segment".into()])))];
    let mut rows = grant("policy:gold", OMAR_ROLE, customers(ColumnSelection::All));
    rows.resource = Resource::DataCellsFilter {
        account: IDENT.into(),
        database: "customer_profiles".into(),
        table: "customers".into(),
        name: "gold".into(),
        row_filter: Some("segment = 'gold'".into()),
        columns: ColumnSelection::Only(vec!["customer_id".into()]),
    };
    let ops = vec![PolicyOp::Revoke { grant_id: "policy:seg".into() }, PolicyOp::Grant(rows)];
    let effect: Vec<(String, String, Change)> = plan_effect(&ops, &index, &existing)
        .into_iter()
        .map(|c| (c.principal.to_string(), format!("{}.{}", c.table.table, c.column), c.change))
        .collect();
    assert_eq!(
        effect,
        [
            (OMAR_ROLE.to_owned(), "customers.customer_id".to_owned(), Change::Gained { rows: Rows::Filtered(vec!["segment = 'gold'".into()]) }),
            (ANALYTICS.to_owned(), "customers.segment".to_owned(), Change::Lost { rows: Rows::All }),
        ]
    );
}
