//! Which applies reconcile must finish: those whose grants' records keep an apply that the log
//! has no event of, one event per apply however many grants it made.

use std::collections::BTreeSet;

use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::{AuditDraft, ColumnSelection, Grant, Permission, Resource};

use super::super::codec::{applied_fields, applied_from, grant_fields};
use super::*;

const AT: i64 = 1_790_000_000;

fn grant(id: &str, principal: &str) -> Grant {
    Grant {
        id: id.into(),
        principal: principal.into(),
        resource: Resource::Table {
            account: "222222222222".into(),
            database: "sales".into(),
            table: Some("orders".into()),
            columns: ColumnSelection::All,
        },
        permissions: [Permission::Select].into_iter().collect(),
        grantable: BTreeSet::new(),
    }
}

fn draft(action: &str, request: Option<&str>) -> AuditDraft {
    AuditDraft {
        actor: "arn:aws:sts::222222222222:assumed-role/Owner/dana".into(),
        action: action.into(),
        target: "222222222222:sales".into(),
        request_id: request.map(Into::into),
        before: None,
        after: Some("grant SELECT on sales.orders to Analyst".into()),
    }
}

#[test]
fn the_apply_on_a_record_round_trips_and_an_older_record_has_none() {
    let d = AuditDraft { before: Some("was".into()), ..draft("policy.grant", Some("req-1")) };
    let mut item = Item::new();
    item.insert("format".into(), n(FORMAT));
    grant_fields(&mut item, &grant("policy:a", "r"));
    assert_eq!(applied_from(&item), Ok(None));
    applied_fields(&mut item, &d, AT);
    assert_eq!(applied_from(&item), Ok(Some((d, AT))));
}

#[test]
fn an_apply_without_its_event_is_listed_once_with_all_its_grants() {
    let d = draft("policy.grant", None);
    let records =
        vec![GrantRecord::applied(&grant("policy:a", "r1"), &d, AT), GrantRecord::applied(&grant("policy:b", "r2"), &d, AT)];
    let missing = unaudited(&records, &[]);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].0.draft, d);
    let names: Vec<&str> = missing[0].1.iter().map(|r| r.grant.id.as_str()).collect();
    assert_eq!(names, ["policy:a", "policy:b"]);
}

#[test]
fn an_apply_whose_event_its_incomplete_event_or_a_recorded_one_exists_is_done() {
    let d = draft("policy.grant", None);
    let records = vec![GrantRecord::applied(&grant("policy:a", "r1"), &d, AT)];
    let own = seal(None, &d, AT);
    assert!(unaudited(&records, std::slice::from_ref(&own)).is_empty());
    let incomplete = seal(None, &AuditDraft { action: "policy.grant.incomplete".into(), ..d.clone() }, AT);
    assert!(unaudited(&records, &[incomplete]).is_empty());
    let recorded = seal(None, &AuditDraft { after: Some("…recorded by reconcile".into()), ..d.clone() }, AT);
    assert!(unaudited(&records, &[recorded]).is_empty());
    // Another apply's event (other time, or an action that only starts alike) does not count.
    let later = seal(None, &d, AT + 1);
    let alike = seal(None, &AuditDraft { action: "policy.granted".into(), ..d.clone() }, AT);
    assert_eq!(unaudited(&records, &[later, alike]).len(), 1);
}

#[test]
fn a_requests_apply_and_a_record_without_an_apply_are_left_to_others() {
    let records = vec![
        GrantRecord::applied(&grant("req-7/orders", "r1"), &draft("grant.created", Some("req-7")), AT),
        GrantRecord::of(&grant("req-8/orders", "r2")),
    ];
    assert!(unaudited(&records, &[]).is_empty());
}
