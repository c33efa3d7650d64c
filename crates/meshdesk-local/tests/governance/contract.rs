//! The governance ports on the sandbox, beyond the contract every backend keeps (which
//! `tests/contract.rs` runs from `meshdesk-contract`): a seeded mesh — personas, memberships,
//! grants of every shape, requests, events — comes back exactly; a grant id reused with other
//! content fails the whole plan; the file's triggers keep the audit log append-only even
//! through SQL.

use meshdesk_core::governance::audit::verify;
use meshdesk_core::governance::model::{Grant, Identity, PolicyOp, RequestStatus, ShareRequest, TagTarget, Verdict};
use meshdesk_core::ports::{AuditLog, CatalogSource, Directory, PolicyStore, PortError, RequestStore};
use meshdesk_local::STORE_FILE;

use crate::fixture::{
    BUYER_USER, BUYERS_GROUP, NOW, SALES, draft, grants, mesh, pending, personas, sandbox_with, table_grant,
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
    meshdesk_contract::fixture::decided(request, status, verdict, "owner")
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

fn lines() -> TagTarget {
    TagTarget::Table { account: SALES.into(), database: "orders".into(), table: "lines".into() }
}

fn assign(target: TagTarget, key: &str, value: &str) -> PolicyOp {
    PolicyOp::AssignTag { target, key: key.into(), value: value.into() }
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
