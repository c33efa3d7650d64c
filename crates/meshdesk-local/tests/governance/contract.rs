//! The governance ports' contract, on the sandbox: what is stored comes back exactly; a request
//! is written only over the version its writer read; a plan applies whole or not at all; the
//! audit log only grows, and an edit made behind its back is named.

use meshdesk_core::governance::audit::{Tampering, verify};
use meshdesk_core::governance::model::{
    AuditDraft, Capacity, ColumnSelection, Decision, Grant, Identity, PolicyOp, RequestStatus, Resource, ShareRequest,
    TagClause, TagExpression, TagTarget, Verdict,
};
use meshdesk_core::model::{Catalog, LfTag};
use meshdesk_core::ports::{AuditLog, CatalogSource, Directory, PolicyStore, PortError, RequestStore};
use meshdesk_local::STORE_FILE;

use crate::fixture::{
    BUYER_USER, BUYERS_GROUP, NOW, RETAIL, SALES, draft, grants, mesh, pending, personas, sandbox_with, table_grant,
};

/// Asserts that the ports return what was stored: identities, grants, requests and events.
fn check_round_trip(
    store: &(impl Directory + PolicyStore + RequestStore + AuditLog),
    identities: &[Identity],
    grants: &[Grant],
    requests: &[ShareRequest],
) {
    let by_id = |mut items: Vec<Identity>| {
        items.sort_by(|a, b| a.id.cmp(&b.id));
        items
    };
    assert_eq!(by_id(store.identities().expect("identities")), by_id(identities.to_vec()));
    let mut expected = grants.to_vec();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    let mut actual = store.grants().expect("grants");
    actual.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(actual, expected);
    for request in requests {
        assert_eq!(store.request(&request.id).expect("a request").as_ref(), Some(request), "{}", request.id);
    }
    assert_eq!(store.requests().expect("requests").len(), requests.len());
    assert_eq!(store.request("req-none").expect("no request"), None);
    let events = store.events().expect("events");
    assert_eq!(verify(&events), Ok(events.len()));
}

fn decided(request: &ShareRequest, status: RequestStatus, verdict: Verdict) -> ShareRequest {
    let mut next = request.clone();
    next.version += 1;
    next.status = status;
    next.decisions.push(Decision {
        by: "owner".into(),
        capacity: Capacity::Owner,
        verdict,
        at: NOW,
        reason: Some("Needed for \"Q3\"; ok".into()),
    });
    next
}

#[test]
fn identities_grants_requests_and_events_come_back_exactly() {
    let mut full = decided(&pending("req-2"), RequestStatus::Provisioned, Verdict::Approve);
    full.columns = vec!["lines.id".into(), "lines.amount".into()];
    full.row_filter = Some("region = 'EU'".into());
    full.expires_at = Some(NOW + 30 * 86_400);
    full.grant_ids = vec!["req-2/lines".into()];
    full.last_error = Some("throttled, then retried".into());
    full.extends = Some("req-1".into());
    full.justification = "ünïcødé, \"quotes\", [brackets] and\nlines".into();
    let requests = vec![pending("req-1"), full];
    let mesh = mesh(requests.clone());
    let (_dir, store) = sandbox_with(&mesh);

    let identities: Vec<Identity> = personas().into_iter().map(|p| p.identity).collect();
    check_round_trip(&store, &identities, &grants(), &requests);
    assert_eq!(store.events().expect("events"), mesh.audit);
    assert_eq!(
        store.memberships().expect("memberships"),
        [
            (BUYER_USER.to_owned(), BUYERS_GROUP.to_owned()),
            ("arn:aws:identitystore:::user/someone-else".to_owned(), BUYERS_GROUP.to_owned())
        ]
    );
    assert_eq!(store.personas().expect("personas")[0].role, "consumer");
}

#[test]
fn a_new_request_is_stored_with_its_event_sealed_onto_the_head_of_the_log() {
    let (_dir, store) = sandbox_with(&mesh(vec![pending("req-1")]));
    let head = store.events().expect("events").pop().expect("a seeded event");

    let event = store.commit(&pending("req-2"), None, &draft("request.created", "req-2"), NOW).expect("committed");
    assert_eq!((event.seq, event.prev_hash.as_str(), event.at), (head.seq + 1, head.hash.as_str(), NOW));
    assert_eq!(store.request("req-2").expect("read"), Some(pending("req-2")));
    let events = store.events().expect("events");
    assert_eq!(events.last(), Some(&event));
    assert_eq!(verify(&events), Ok(2));

    let appended = store.append(&draft("audit.exported", "req-2"), NOW + 1).expect("appended");
    assert_eq!(appended.seq, event.seq + 1);
    assert_eq!(verify(&store.events().expect("events")), Ok(3));
}

#[test]
fn committing_over_a_stale_version_is_a_conflict_and_writes_neither_request_nor_event() {
    let (_dir, store) = sandbox_with(&mesh(vec![pending("req-7")]));
    let approved = decided(&pending("req-7"), RequestStatus::Approved, Verdict::Approve);
    store.commit(&approved, Some(1), &draft("request.approved", "req-7"), NOW).expect("the first decision wins");
    let events = store.events().expect("events");

    let rejected = decided(&pending("req-7"), RequestStatus::Rejected, Verdict::Reject);
    let error = store.commit(&rejected, Some(1), &draft("request.rejected", "req-7"), NOW).expect_err("stale");
    assert_eq!(
        error,
        PortError::Conflict("req-7 was changed by someone else (version 2, expected 1); reload and try again".into())
    );
    assert_eq!(store.request("req-7").expect("read"), Some(approved.clone()));
    assert_eq!(store.events().expect("events"), events, "no event for the refused write");

    let again = store.commit(&pending("req-7"), None, &draft("request.created", "req-7"), NOW);
    assert!(matches!(again, Err(PortError::Conflict(m)) if m.contains("req-7 already exists (version 2)")));
    let gone = store.commit(
        &decided(&pending("req-8"), RequestStatus::Approved, Verdict::Approve),
        Some(1),
        &draft("x", "req-8"),
        NOW,
    );
    assert!(matches!(gone, Err(PortError::Conflict(m)) if m.contains("req-8 does not exist")));
    assert_eq!(store.events().expect("events"), events);
}

#[test]
fn a_commit_that_does_not_move_the_version_on_is_refused() {
    let (_dir, store) = sandbox_with(&mesh(vec![pending("req-7")]));
    let mut same_version = decided(&pending("req-7"), RequestStatus::Approved, Verdict::Approve);
    same_version.version = 1;
    let error = store.commit(&same_version, Some(1), &draft("request.approved", "req-7"), NOW).expect_err("refused");
    assert!(matches!(error, PortError::Invalid(m) if m.contains("req-7")));
    assert_eq!(store.request("req-7").expect("read"), Some(pending("req-7")));
}

fn lines() -> TagTarget {
    TagTarget::Table { account: SALES.into(), database: "orders".into(), table: "lines".into() }
}

fn column_of_lines(column: &str) -> TagTarget {
    TagTarget::Column { account: SALES.into(), database: "orders".into(), table: "lines".into(), column: column.into() }
}

fn orders() -> TagTarget {
    TagTarget::Database { account: SALES.into(), database: "orders".into() }
}

fn tags_of(catalog: &Catalog, target: &TagTarget) -> Vec<LfTag> {
    let table = |name: &str| catalog.tables.iter().find(|t| t.name == name).expect("the table");
    match target {
        TagTarget::Database { .. } => catalog.databases[0].tags.clone(),
        TagTarget::Table { table: name, .. } => table(name).tags.clone(),
        TagTarget::Column { table: name, column, .. } => {
            let t = table(name);
            t.columns.iter().chain(&t.partition_keys).find(|c| c.name == *column).expect("the column").tags.clone()
        }
    }
}

fn assign(target: TagTarget, key: &str, value: &str) -> PolicyOp {
    PolicyOp::AssignTag { target, key: key.into(), value: value.into() }
}

#[test]
fn applying_a_plan_retags_the_catalog_changes_grants_and_appends_one_event() {
    let (_dir, store) = sandbox_with(&mesh(vec![]));
    let plan = [
        assign(orders(), "sensitivity", "confidential"),
        assign(lines(), "pii", "false"),
        assign(column_of_lines("amount"), "sensitivity", "restricted"),
        assign(column_of_lines("dt"), "sensitivity", "public"),
        PolicyOp::RemoveTag { target: column_of_lines("email"), key: "pii".into() },
        PolicyOp::Grant(table_grant("req-9/refunds", "refunds")),
        PolicyOp::Revoke { grant_id: "g-wildcard".into() },
    ];
    let event = store.apply(&plan, &draft("policy.applied", "orders"), NOW).expect("applied");

    let catalog = store.load_catalog().expect("catalog");
    assert_eq!(
        tags_of(&catalog, &orders()),
        [LfTag::new("sensitivity", "confidential"), LfTag::new("domain", "sales")]
    );
    assert_eq!(tags_of(&catalog, &lines()), [LfTag::new("pii", "false")]);
    assert_eq!(tags_of(&catalog, &column_of_lines("amount")), [LfTag::new("sensitivity", "restricted")]);
    assert_eq!(tags_of(&catalog, &column_of_lines("dt")), [LfTag::new("sensitivity", "public")]);
    assert_eq!(tags_of(&catalog, &column_of_lines("email")), [LfTag::new("sensitivity", "restricted")]);
    let ids: Vec<String> = store.grants().expect("grants").into_iter().map(|g| g.id).collect();
    assert!(ids.contains(&"req-9/refunds".to_owned()) && !ids.contains(&"g-wildcard".to_owned()), "{ids:?}");
    assert_eq!(store.events().expect("events"), [event]);
}

#[test]
fn applying_the_same_grant_twice_or_revoking_a_missing_one_changes_nothing() {
    let (_dir, store) = sandbox_with(&mesh(vec![]));
    let plan = [PolicyOp::Grant(table_grant("req-9/refunds", "refunds")), assign(lines(), "pii", "true")];
    store.apply(&plan, &draft("grant.created", "req-9"), NOW).expect("applied");
    let (grants, catalog) = (store.grants().expect("grants"), store.load_catalog().expect("catalog"));

    store.apply(&plan, &draft("grant.created", "req-9"), NOW + 1).expect("applied again");
    let gone = [
        PolicyOp::Revoke { grant_id: "never-made".into() },
        PolicyOp::RemoveTag { target: orders(), key: "pii".into() },
    ];
    store.apply(&gone, &draft("grant.revoked", "req-9"), NOW + 2).expect("nothing to revoke");
    assert_eq!(store.grants().expect("grants"), grants);
    assert_eq!(store.load_catalog().expect("catalog"), catalog);
    assert_eq!(verify(&store.events().expect("events")), Ok(3), "each apply is still audited");
}

#[test]
fn a_plan_with_a_conflicting_grant_leaves_tags_grants_and_audit_as_they_were() {
    let (_dir, store) = sandbox_with(&mesh(vec![]));
    let before =
        (store.load_catalog().expect("catalog"), store.grants().expect("grants"), store.events().expect("events"));
    let mut changed = table_grant("req-1/lines", "lines");
    changed.principal = "arn:aws:iam::222222222222:role/someone-else".into();
    let plan = [
        assign(lines(), "sensitivity", "restricted"),
        PolicyOp::Grant(table_grant("req-9/refunds", "refunds")),
        PolicyOp::Revoke { grant_id: "g-database".into() },
        PolicyOp::Grant(changed),
    ];
    let error = store.apply(&plan, &draft("policy.applied", "orders"), NOW).expect_err("conflict");
    assert!(matches!(&error, PortError::Conflict(m) if m.contains("req-1/lines")), "{error:?}");
    let after =
        (store.load_catalog().expect("catalog"), store.grants().expect("grants"), store.events().expect("events"));
    assert_eq!(after, before);
}

#[test]
fn tags_and_grants_are_checked_as_lake_formation_checks_them() {
    let (_dir, store) = sandbox_with(&mesh(vec![]));
    let refused = |op: PolicyOp| store.apply(&[op], &draft("policy.applied", "orders"), NOW).expect_err("refused");

    assert!(matches!(refused(assign(lines(), "owner", "me")), PortError::Invalid(m) if m.contains("not defined")));
    assert!(
        matches!(refused(assign(lines(), "sensitivity", "secret")), PortError::Invalid(m) if m.contains("allowed: public"))
    );
    assert!(
        matches!(refused(assign(column_of_lines("nope"), "pii", "true")), PortError::NotFound(m) if m.contains("nope"))
    );
    let missing_table = TagTarget::Table { account: SALES.into(), database: "orders".into(), table: "gone".into() };
    assert!(matches!(refused(assign(missing_table, "pii", "true")), PortError::NotFound(_)));

    let mut on_missing_column = table_grant("g-new", "lines");
    on_missing_column.resource = Resource::Table {
        account: SALES.into(),
        database: "orders".into(),
        table: Some("lines".into()),
        columns: ColumnSelection::Only(vec!["id".into(), "no_such_column".into()]),
    };
    assert!(
        matches!(refused(PolicyOp::Grant(on_missing_column)), PortError::NotFound(m) if m.contains("no_such_column"))
    );
    assert!(matches!(refused(PolicyOp::Grant(table_grant("g-new", "gone"))), PortError::NotFound(_)));
    let mut unknown_value = table_grant("g-new", "lines");
    unknown_value.resource = Resource::TagPolicy {
        account: RETAIL.into(),
        expression: TagExpression { clauses: vec![TagClause { key: "domain".into(), values: vec!["billing".into()] }] },
    };
    assert!(matches!(refused(PolicyOp::Grant(unknown_value)), PortError::Invalid(m) if m.contains("billing")));
    let mut nothing = table_grant("g-new", "lines");
    nothing.permissions.clear();
    assert!(matches!(refused(PolicyOp::Grant(nothing)), PortError::Invalid(_)));
    assert!(store.events().expect("events").is_empty());
}

fn raw(dir: &tempfile::TempDir) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens")
}

#[test]
fn the_audit_log_refuses_updates_deletes_and_forks_even_through_sql() {
    let (dir, store) = sandbox_with(&mesh(vec![pending("req-1"), pending("req-2")]));
    let sql = raw(&dir);
    let update = sql.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 1", []).expect_err("refused");
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = sql.execute("DELETE FROM audit WHERE seq = 2", []).expect_err("refused");
    assert!(delete.to_string().contains("append-only"), "{delete}");
    let fork = sql
        .execute("INSERT INTO audit SELECT 3, at, actor, action, target, request_id, state_before, state_after, prev_hash, hash FROM audit WHERE seq = 2", [])
        .expect_err("refused");
    assert!(fork.to_string().contains("does not continue the chain"), "{fork}");
    assert_eq!(verify(&store.events().expect("events")), Ok(2));
}

#[test]
fn an_event_edited_behind_the_triggers_back_is_named_by_verify() {
    let (dir, store) = sandbox_with(&mesh(vec![pending("req-1"), pending("req-2"), pending("req-3")]));
    let sql = raw(&dir);
    sql.execute_batch(
        "DROP TRIGGER audit_events_cannot_change;
         UPDATE audit SET state_after = 'approved by owner' WHERE seq = 2;",
    )
    .expect("someone with the file edits an event");
    assert_eq!(verify(&store.events().expect("events")), Err(Tampering::Edited { seq: 2 }));
}

#[test]
fn a_draft_is_sealed_as_given() {
    let (_dir, store) = sandbox_with(&mesh(vec![]));
    let draft = AuditDraft {
        actor: "owner".into(),
        action: "policy.applied".into(),
        target: "111111111111:orders".into(),
        request_id: None,
        before: Some(String::new()),
        after: Some("ünïcødé\n\"text\"".into()),
    };
    let event = store.append(&draft, -5).expect("appended");
    let stored = store.events().expect("events");
    assert_eq!(stored, std::slice::from_ref(&event));
    assert_eq!((event.seq, event.at, event.before, event.after), (1, -5, draft.before, draft.after));
}
