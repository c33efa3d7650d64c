//! Owners' policy: every change is validated and shown as a plan with its effect on access
//! before it is applied in one audited step; nobody but the product's owners (or a steward)
//! may change it, and no grant to another account carries grant option.

use crate::fixture::*;
use meshdesk_core::ports::PolicyStore;
use meshdesk_protocol::{AccessChangeKind, AuditQuery, ErrorCode, Permission, PolicyChange, ProductRef, TagTarget};

fn column(table: &str, column: &str) -> TagTarget {
    TagTarget::Column { account: "402183775004".into(), database: "customer_profiles".into(), table: table.into(), column: column.into() }
}

#[test]
fn a_plan_shows_who_gains_access_before_anything_changes() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let grants_before = mesh.backend().grants().expect("grants").len();
    let plan = mesh.plan_policy(&[grant_segment_to_marketing(vec![])]).expect("plan");
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert!(plan.changes[0].description.contains("without grant option"));
    assert!(
        plan.access_changes.iter().any(|c| c.grantee == "402183775007" && c.column == "segment" && c.change == AccessChangeKind::Gained),
        "{:?}",
        plan.access_changes
    );
    assert_eq!(mesh.backend().grants().expect("grants").len(), grants_before, "planning changes nothing");

    mesh.apply_policy(&[grant_segment_to_marketing(vec![])], NOW).expect("applied");
    assert_eq!(mesh.backend().grants().expect("grants").len(), grants_before + 1);
    mesh.apply_policy(&[grant_segment_to_marketing(vec![])], NOW).expect("re-applied");
    assert_eq!(mesh.backend().grants().expect("grants").len(), grants_before + 1, "applying twice makes one grant");
    let events = mesh.audit_events(&AuditQuery { action: Some("policy.applied".into()), ..AuditQuery::default() }).expect("events");
    assert_eq!(events.events[0].actor, "dana");
}

#[test]
fn a_cross_account_grant_with_grant_option_is_refused_with_the_reason() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let plan = mesh.plan_policy(&[grant_segment_to_marketing(vec![Permission::Select])]).expect("plan");
    assert_eq!(plan.problems.len(), 1);
    assert!(plan.problems[0].message.contains("grant option"), "{}", plan.problems[0].message);
    let refused = mesh.apply_policy(&[grant_segment_to_marketing(vec![Permission::Select])], NOW).expect_err("refused");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("nothing was applied"));
}

#[test]
fn a_consumer_cannot_change_an_owners_policy_even_by_calling_the_backend_directly() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let change = PolicyChange::AssignTag { target: column("customers", "email"), key: "sensitivity".into(), value: "public".into() };
    let plan = mesh.plan_policy(std::slice::from_ref(&change)).expect("plan");
    assert!(plan.problems.iter().any(|p| p.message.contains("only its owners")), "{:?}", plan.problems);
    assert!(mesh.apply_policy(&[change], NOW).is_err());
    let detail = mesh.product(&customer_profiles(), NOW).expect("product");
    let email = detail.tables.iter().flat_map(|t| &t.columns).find(|c| c.name == "email").expect("email");
    assert_eq!(email.sensitivity.map(|s| s.value.as_str()), Some("restricted"), "unchanged");
}

#[test]
fn tags_are_validated_and_a_valid_change_is_seen_at_once() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let bad_value = PolicyChange::AssignTag { target: column("customers", "segment"), key: "sensitivity".into(), value: "secret".into() };
    let bad_column = PolicyChange::AssignTag { target: column("customers", "nope"), key: "sensitivity".into(), value: "public".into() };
    let plan = mesh.plan_policy(&[bad_value, bad_column]).expect("plan");
    assert_eq!(plan.problems.len(), 2, "{:?}", plan.problems);
    assert!(plan.problems[0].message.contains("secret"));
    assert!(plan.problems[1].message.contains("nope"));

    let good = PolicyChange::AssignTag { target: column("customers", "segment"), key: "sensitivity".into(), value: "confidential".into() };
    mesh.apply_policy(&[good], NOW).expect("applied");
    let detail = mesh.product(&ProductRef::new("402183775004", "customer_profiles"), NOW).expect("product");
    let segment = detail.tables.iter().flat_map(|t| &t.columns).find(|c| c.name == "segment").expect("segment");
    assert_eq!(segment.sensitivity.map(|s| (s.value.as_str(), s.source.as_str())), Some(("confidential", "column")));
}
