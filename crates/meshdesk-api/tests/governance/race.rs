//! Two approvers racing: several windows (each its own store connection, as separate processes
//! would be) decide the same requests at once — exactly one decision wins each time.

use crate::fixture::*;
use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_core::ports::PolicyStore;
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, RequestStatus};
use std::sync::Barrier;

#[test]
fn an_approve_and_a_reject_at_once_leave_exactly_one_decision_and_at_most_one_grant() {
    let (dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let mut ids = Vec::new();
    for i in 0..12 {
        let mut draft = owner_decides();
        draft.justification = format!("consent analysis {i}");
        ids.push(mesh.submit_request(&draft, NOW).expect("submitted").id);
    }
    let pending: Vec<(String, u64)> = ids
        .iter()
        .map(|id| mesh.request(id, NOW).expect("request"))
        .filter(|r| r.status == RequestStatus::Pending)
        .map(|r| (r.id, r.version))
        .collect();
    assert!(!pending.is_empty(), "the policy must leave these for the owner");

    let approver = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("second window");
    let rejecter = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("third window");
    approver.switch_identity("dana").expect("dana");
    // The same owner in two windows: the property is about the store, not about who.
    rejecter.switch_identity("dana").expect("dana");
    let barrier = Barrier::new(2);
    let (approved, rejected) = std::thread::scope(|s| {
        let a = s.spawn(|| {
            barrier.wait();
            pending
                .iter()
                .map(|(id, v)| approver.decide(&DecideInput { id: id.clone(), expected_version: *v, decision: Decide::Approve }, NOW))
                .collect::<Vec<_>>()
        });
        let r = s.spawn(|| {
            barrier.wait();
            pending
                .iter()
                .map(|(id, v)| {
                    let decision = Decide::Reject { reason: "duplicate of an earlier request".into() };
                    rejecter.decide(&DecideInput { id: id.clone(), expected_version: *v, decision }, NOW)
                })
                .collect::<Vec<_>>()
        });
        (a.join().expect("approver thread"), r.join().expect("rejecter thread"))
    });
    let grants = mesh.backend().grants().expect("grants");
    for (i, (id, _)) in pending.iter().enumerate() {
        let wins = [&approved[i], &rejected[i]].iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "{id}: exactly one decision wins ({:?} / {:?})", approved[i], rejected[i]);
        let loser = if approved[i].is_ok() { &rejected[i] } else { &approved[i] };
        let error = loser.as_ref().expect_err("the other lost");
        assert_eq!(error.code, ErrorCode::Conflict, "the loser is told clearly: {}", error.message);
        let final_state = mesh.request(id, NOW).expect("request");
        let granted = grants.iter().filter(|g| g.id.starts_with(&format!("{id}/"))).count();
        match final_state.status {
            RequestStatus::Provisioned => assert_eq!(granted, 1),
            RequestStatus::Rejected => assert_eq!(granted, 0),
            other => panic!("{id} ended {other:?}"),
        }
    }
    assert!(mesh.verify_audit().expect("verify").intact, "the audit chain never forks");
}
