//! A failure between "approved" and "provisioned": the request stays approved with the error,
//! and a retry or the next start's reconcile completes it — never approved with no grant.

use crate::fixture::*;
use crate::wrapped::{wrapped, BeforeWrite, Wrapped, Write};
use meshdesk_api::Meshdesk;
use meshdesk_core::governance::model::PolicyOp;
use meshdesk_core::ports::{PolicyStore, PortError};
use meshdesk_protocol::{Decide, DecideInput, RequestAction, RequestStatus};
use std::sync::atomic::{AtomicBool, Ordering};

/// Lake Formation refusing grants while `down` is set.
struct FlakyLakeFormation {
    down: AtomicBool,
}

impl BeforeWrite for FlakyLakeFormation {
    fn before(&self, write: Write<'_>) -> Result<(), PortError> {
        match write {
            Write::Policy(ops) if self.down.load(Ordering::SeqCst) && ops.iter().any(|op| matches!(op, PolicyOp::Grant(_))) => {
                Err(PortError::Throttled("Lake Formation: Rate exceeded (ThrottlingException)".into()))
            }
            _ => Ok(()),
        }
    }
}

fn flaky(dir: &std::path::Path) -> Meshdesk<Wrapped<FlakyLakeFormation>> {
    wrapped(dir, "flaky", FlakyLakeFormation { down: AtomicBool::new(false) }, NOW)
}

#[test]
fn a_failed_grant_keeps_the_request_approved_with_the_error_until_retried() {
    let (dir, _) = sandbox();
    let mesh = flaky(dir.path());
    let sent = mesh.submit_request(&owner_decides(), NOW).expect("submitted");
    mesh.switch_identity("dana").expect("dana");
    mesh.backend().hook.down.store(true, Ordering::SeqCst);
    let version = mesh.request(&sent.id, NOW).expect("request").version;
    let approved = mesh.decide(&DecideInput { id: sent.id.clone(), expected_version: version, decision: Decide::Approve }, NOW).expect("decided");
    assert_eq!(approved.status, RequestStatus::Approved, "the decision stands");
    assert!(approved.last_error.as_deref().is_some_and(|e| e.contains("Rate exceeded")), "{:?}", approved.last_error);
    assert!(approved.actions.contains(&RequestAction::Retry));
    assert!(!mesh.backend().grants().expect("grants").iter().any(|g| g.id.starts_with(&format!("{}/", sent.id))));

    mesh.backend().hook.down.store(false, Ordering::SeqCst);
    let retried = mesh
        .decide(&DecideInput { id: sent.id.clone(), expected_version: approved.version, decision: Decide::Retry }, NOW)
        .expect("retry");
    assert_eq!(retried.status, RequestStatus::Provisioned);
    assert_eq!(retried.last_error, None);
    assert!(mesh.verify_audit().expect("verify").intact);
}

#[test]
fn a_crash_after_approval_is_completed_by_the_next_start() {
    let (dir, _) = sandbox();
    let id = {
        let mesh = flaky(dir.path());
        let sent = mesh.submit_request(&owner_decides(), NOW).expect("submitted");
        mesh.switch_identity("dana").expect("dana");
        mesh.backend().hook.down.store(true, Ordering::SeqCst);
        let version = mesh.request(&sent.id, NOW).expect("request").version;
        mesh.decide(&DecideInput { id: sent.id.clone(), expected_version: version, decision: Decide::Approve }, NOW).expect("decided");
        sent.id
        // The window closes here, Lake Formation never having answered.
    };
    let mesh = Meshdesk::open_sandbox(&meshdesk_api::SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopen");
    let request = mesh.request(&id, NOW).expect("request");
    assert_eq!(request.status, RequestStatus::Provisioned, "reconcile on start finished it");
    let grants = mesh.backend().grants().expect("grants");
    assert_eq!(grants.iter().filter(|g| g.id.starts_with(&format!("{id}/"))).count(), 1, "exactly one grant");
    assert!(mesh.verify_audit().expect("verify").intact);
}
