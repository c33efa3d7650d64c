//! The story end to end: Mia asks, Dana and Lee approve, the grant exists without grant option,
//! Mia's access explains itself, and every step is in a verifiable audit log.

use crate::fixture::*;
use meshdesk_api::Meshdesk;
use meshdesk_core::governance::model::Resource;
use meshdesk_core::ports::PolicyStore;
use meshdesk_protocol::{
    AuditQuery, Decide, DecideInput, ErrorCode, RequestAction, RequestFilter, RequestScope, RequestStatus, RowScope,
    Sensitivity,
};

fn decide(mesh: &Meshdesk, id: &str, decision: Decide) -> Result<meshdesk_protocol::RequestView, meshdesk_protocol::ApiError> {
    let version = mesh.request(id, NOW).expect("request").version;
    mesh.decide(&DecideInput { id: id.into(), expected_version: version, decision }, NOW + 60)
}

#[test]
fn the_preview_shows_each_columns_sensitivity_and_who_must_approve() {
    let (_dir, mesh) = sandbox();
    let preview = mesh.preview_request(&three_columns(), NOW).expect("preview");
    let email = preview.columns.iter().find(|c| c.column == "email").expect("email previewed");
    assert_eq!(email.sensitivity.map(|s| s.value), Some(Sensitivity::Restricted));
    assert_eq!(preview.highest, Some(Sensitivity::Restricted));
    assert!(!preview.auto_approve, "restricted data is never auto-approved here");
    assert_eq!(preview.approvals_needed.len(), 2, "{:?}", preview.approvals_needed);
    assert!(preview.plan.iter().all(|p| p.description.contains("without grant option")), "{:?}", preview.plan);
}

#[test]
fn a_consumer_requests_owner_and_steward_approve_and_access_explains_itself() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let sent = mesh.submit_request(&three_columns(), NOW).expect("submitted");
    assert_eq!(sent.status, RequestStatus::Pending);
    assert!(sent.actions.contains(&RequestAction::Withdraw) && !sent.actions.contains(&RequestAction::Approve));
    let mine = mesh.requests(&RequestFilter { scope: RequestScope::Mine, status: None }, NOW).expect("mine");
    assert!(mine.iter().any(|r| r.id == sent.id));

    // Mia cannot approve her own request, whatever she tries.
    let own = decide(&mesh, &sent.id, Decide::Approve).expect_err("self-approval");
    assert_eq!(own.code, ErrorCode::Forbidden, "{}", own.message);

    // Raj owns billing, not identity.
    act_as(&mesh, "raj");
    let stranger = decide(&mesh, &sent.id, Decide::Approve).expect_err("not an owner");
    assert_eq!(stranger.code, ErrorCode::Forbidden, "{}", stranger.message);

    act_as(&mesh, "dana");
    let inbox = mesh.requests(&RequestFilter { scope: RequestScope::Inbox, status: Some(RequestStatus::Pending) }, NOW).expect("inbox");
    assert!(inbox.iter().any(|r| r.id == sent.id && r.actions.contains(&RequestAction::Approve)), "in dana's inbox");
    let after_owner = decide(&mesh, &sent.id, Decide::Approve).expect("owner approves");
    assert_eq!(after_owner.status, RequestStatus::Pending, "restricted columns need the steward too");
    assert_eq!(after_owner.approvals_needed.len(), 1);

    act_as(&mesh, "lee");
    let done = decide(&mesh, &sent.id, Decide::Approve).expect("steward approves");
    assert_eq!(done.status, RequestStatus::Provisioned, "{:?}", done.last_error);
    assert_eq!(done.expires_at, Some(NOW + 60 + 90 * DAY));

    // The grant exists in Lake Formation, on exactly those columns, without grant option.
    let grants = mesh.backend().grants().expect("grants");
    let grant = grants.iter().find(|g| done.grant_ids.contains(&g.id)).expect("the provisioned grant exists");
    assert!(grant.grantable.is_empty(), "never grantable across accounts");
    assert_eq!(grant.principal, MIA_ROLE);
    assert!(matches!(&grant.resource, Resource::Table { table: Some(t), .. } if t == "customers"));

    act_as(&mesh, "mia");
    let access = mesh.my_access().expect("my access");
    let customers = access.tables.iter().find(|t| t.table.to_string() == "402183775004:customer_profiles.customers").expect("customers readable");
    let mut columns: Vec<&str> = customers.columns.iter().map(|c| c.column.as_str()).collect();
    columns.sort();
    assert_eq!(columns, ["customer_id", "email", "segment"]);
    let email = customers.columns.iter().find(|c| c.column == "email").expect("email");
    assert_eq!(email.rows, RowScope::All);
    assert!(email.via.iter().any(|p| p.request_id.as_deref() == Some(sent.id.as_str()) && p.matched_as == "directly"));
    assert_eq!(customers.expires_at, done.expires_at);

    // Every step is in the log, and the log verifies.
    let events = mesh.audit_events(&AuditQuery { request_id: Some(sent.id.clone()), ..AuditQuery::default() }).expect("events");
    let actions: Vec<&str> = events.events.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.first(), Some(&"request.created"));
    assert!(actions.contains(&"grant.created"), "{actions:?}");
    assert!(events.events.iter().any(|e| e.actor == "lee"));
    assert!(mesh.verify_audit().expect("verify").intact);
}

#[test]
fn revoking_removes_the_grant_and_the_access() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let sent = mesh.submit_request(&owner_decides(), NOW).expect("submitted");
    act_as(&mesh, "dana");
    let approved = decide(&mesh, &sent.id, Decide::Approve).expect("approve");
    assert_eq!(approved.status, RequestStatus::Provisioned);
    act_as(&mesh, "dana");
    let empty = decide(&mesh, &sent.id, Decide::Revoke { reason: String::new() }).expect_err("a reason is needed");
    assert_eq!(empty.code, ErrorCode::InvalidInput);
    let revoked = decide(&mesh, &sent.id, Decide::Revoke { reason: "campaign over".into() }).expect("revoke");
    assert_eq!(revoked.status, RequestStatus::Revoked);
    let grants = mesh.backend().grants().expect("grants");
    assert!(!grants.iter().any(|g| approved.grant_ids.contains(&g.id)), "the grant is gone");
}

#[test]
fn bad_requests_say_which_field_is_wrong_and_store_nothing() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let before = mesh.requests(&RequestFilter { scope: RequestScope::All, status: None }, NOW).expect("all").len();
    let cases: Vec<(fn(&mut meshdesk_protocol::RequestDraft), &str)> = vec![
        (|d| d.justification = "   ".into(), "justification"),
        (|d| d.columns = vec!["customers.no_such_column".into()], "no_such_column"),
        (|d| d.tables = vec!["no_such_table".into()], "no_such_table"),
        (|d| d.duration_days = 10_000, "duration"),
        (|d| d.duration_days = 0, "duration"),
        (|d| d.row_filter = Some("segment = ".into()), "row filter"),
        (|d| d.row_filter = Some("nope = 1".into()), "nope"),
        (|d| d.principal = "arn:aws:iam::999999999999:role/x".into(), "principal"),
        (|d| d.permissions.clear(), "permission"),
        (|d| d.justification = "x".repeat(5_000), "justification"),
    ];
    for (spoil, mention) in cases {
        let mut draft = three_columns();
        spoil(&mut draft);
        let error = mesh.submit_request(&draft, NOW).expect_err(mention);
        assert_eq!(error.code, ErrorCode::InvalidInput, "{mention}: {}", error.message);
        assert!(error.message.to_lowercase().contains(mention), "'{}' should mention {mention}", error.message);
    }
    let after = mesh.requests(&RequestFilter { scope: RequestScope::All, status: None }, NOW).expect("all").len();
    assert_eq!(before, after, "nothing was stored");
    assert!(mesh.verify_audit().expect("verify").intact);
}
