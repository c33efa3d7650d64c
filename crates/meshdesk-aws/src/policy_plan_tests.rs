//! Plans are checked whole before anything is done, judged in order, and never give grant
//! option to another account.

use super::*;
use meshdesk_core::model::{Account, Column, Database, Table, TagKey};

const SALES: &str = "111111111111";
const BUYER: &str = "arn:aws:iam::333333333333:role/Analyst";

fn catalog() -> Catalog {
    let column = |name: &str| Column { name: name.into(), data_type: "string".into(), ..Column::default() };
    Catalog {
        accounts: vec![Account { id: SALES.into(), name: "sales".into(), domain: "sales".into() }],
        databases: vec![Database {
            account: SALES.into(),
            name: "orders".into(),
            tags: [LfTag::new("domain", "sales")].into(),
            ..Database::default()
        }],
        tables: vec![Table {
            account: SALES.into(),
            database: "orders".into(),
            name: "lines".into(),
            columns: vec![column("id"), column("email")],
            ..Table::default()
        }],
        tag_keys: vec![
            TagKey {
                account: SALES.into(),
                key: "sensitivity".into(),
                values: vec!["public".into(), "restricted".into()],
            },
            TagKey { account: SALES.into(), key: "domain".into(), values: vec!["sales".into()] },
        ],
    }
}

fn grant(id: &str, principal: &str, columns: &[&str], grantable: &[Permission]) -> Grant {
    Grant {
        id: id.into(),
        principal: principal.into(),
        resource: Resource::Table {
            account: SALES.into(),
            database: "orders".into(),
            table: Some("lines".into()),
            columns: ColumnSelection::Only(columns.iter().map(|c| (*c).to_owned()).collect()),
        },
        permissions: [Permission::Select].into_iter().chain(grantable.iter().copied()).collect(),
        grantable: grantable.iter().copied().collect(),
    }
}

fn orders() -> TagTarget {
    TagTarget::Database { account: SALES.into(), database: "orders".into() }
}

#[test]
fn grant_option_to_another_account_is_refused_citing_rule_2_and_allowed_within_the_account() {
    let to_buyer = grant("g1", BUYER, &["id"], &[Permission::Select]);
    let error = plan(&[PolicyOp::Grant(to_buyer)], &catalog(), &[]).expect_err("refused");
    assert!(matches!(&error, AwsError::Refused(m) if m.contains("charter rule 2")), "{error}");
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let to_account = grant("g2", "333333333333", &["id"], &[Permission::Select]);
    assert!(plan(&[PolicyOp::Grant(to_account)], &catalog(), &[]).is_err());
    let in_house = grant("g3", "arn:aws:iam::111111111111:role/Steward", &["id"], &[Permission::Select]);
    assert_eq!(plan(&[PolicyOp::Grant(in_house.clone())], &catalog(), &[]).expect("allowed"), [Step::Grant(in_house)]);
}

#[test]
fn tags_are_set_as_whole_lists_and_an_existing_value_needs_nothing() {
    let ops = [
        PolicyOp::AssignTag { target: orders(), key: "sensitivity".into(), value: "public".into() },
        PolicyOp::AssignTag { target: orders(), key: "sensitivity".into(), value: "restricted".into() },
        PolicyOp::AssignTag { target: orders(), key: "domain".into(), value: "sales".into() },
        PolicyOp::RemoveTag { target: orders(), key: "pii".into() },
    ];
    let steps = plan(&ops, &catalog(), &[]).expect("valid");
    let full = |value: &str| Step::SetTags {
        target: orders(),
        tags: vec![LfTag::new("domain", "sales"), LfTag::new("sensitivity", value)],
    };
    assert_eq!(steps, [full("public"), full("restricted"), Step::Nothing, Step::Nothing]);
}

#[test]
fn bad_tags_resources_and_conflicts_are_refused_before_anything_is_done() {
    let refused =
        |op: PolicyOp, existing: &[Grant]| plan(&[op], &catalog(), existing).expect_err("refused").to_string();
    assert!(
        refused(PolicyOp::AssignTag { target: orders(), key: "owner".into(), value: "me".into() }, &[])
            .contains("not defined")
    );
    assert!(
        refused(PolicyOp::AssignTag { target: orders(), key: "sensitivity".into(), value: "secret".into() }, &[])
            .contains("allowed: public")
    );
    let column = TagTarget::Column {
        account: SALES.into(),
        database: "orders".into(),
        table: "lines".into(),
        column: "nope".into(),
    };
    assert!(refused(PolicyOp::RemoveTag { target: column, key: "pii".into() }, &[]).contains("the column nope"));
    assert!(refused(PolicyOp::Grant(grant("g", BUYER, &["id", "no_such"], &[])), &[]).contains("no_such"));
    let present = grant("req-1/lines", BUYER, &["id"], &[]);
    let changed = grant("req-1/lines", BUYER, &["email"], &[]);
    assert!(
        refused(PolicyOp::Grant(changed), std::slice::from_ref(&present))
            .contains("already exists with different content")
    );
    assert_eq!(
        plan(&[PolicyOp::Grant(present.clone())], &catalog(), std::slice::from_ref(&present)).expect("same"),
        [Step::Nothing]
    );
}

#[test]
fn a_plan_may_revoke_a_grant_and_make_it_again_and_revoking_a_missing_one_needs_nothing() {
    let old = grant("policy:seg", BUYER, &["id"], &[]);
    let new = grant("policy:seg", BUYER, &["id", "email"], &[]);
    let ops = [
        PolicyOp::Revoke { grant_id: "policy:seg".into() },
        PolicyOp::Grant(new.clone()),
        PolicyOp::Revoke { grant_id: "gone".into() },
    ];
    let steps = plan(&ops, &catalog(), std::slice::from_ref(&old)).expect("valid");
    assert!(matches!(&steps[0], Step::Revoke { grant, .. } if *grant == old));
    assert_eq!(steps[1..], [Step::Grant(new), Step::Nothing]);
}

#[test]
fn revoking_one_of_two_grants_merged_in_lake_formation_keeps_what_the_other_holds() {
    let mut first = grant("req-1/lines", BUYER, &["id"], &[]);
    first.permissions.insert(Permission::Describe);
    let second = grant("req-2/lines", BUYER, &["id"], &[]);
    let steps =
        plan(&[PolicyOp::Revoke { grant_id: "req-1/lines".into() }], &catalog(), &[first, second]).expect("valid");
    let Step::Revoke { permissions, delete_filter, .. } = &steps[0] else { panic!("a revoke: {steps:?}") };
    assert_eq!(*permissions, [Permission::Describe].into_iter().collect(), "SELECT stays for req-2");
    assert!(!delete_filter);
}
