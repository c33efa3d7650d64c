//! Writers racing on one sandbox file, each with its own connection as separate windows and
//! commands would have: per request exactly one decision wins, and the audit chain stays one
//! chain with one event per winning decision.

use std::sync::Barrier;
use std::thread;

use meshdesk_core::governance::audit::verify;
use meshdesk_core::governance::model::{Capacity, Decision, RequestStatus, ShareRequest, Verdict};
use meshdesk_core::ports::{AuditLog, PortError, RequestStore};
use meshdesk_local::SandboxStore;

use crate::fixture::{NOW, draft, mesh, pending, sandbox_with};

const REQUESTS: usize = 50;
/// Half approve, half reject, so a double win would also show as a wrong final state.
const RACERS: usize = 4;

fn id(i: usize) -> String {
    format!("req-{i:03}")
}

fn decision_of(racer: usize) -> (RequestStatus, Verdict, &'static str) {
    if racer.is_multiple_of(2) {
        (RequestStatus::Approved, Verdict::Approve, "request.approved")
    } else {
        (RequestStatus::Rejected, Verdict::Reject, "request.rejected")
    }
}

fn decided(request: &ShareRequest, racer: usize) -> ShareRequest {
    let (status, verdict, _) = decision_of(racer);
    let mut next = request.clone();
    next.version = 2;
    next.status = status;
    next.decisions.push(Decision {
        by: format!("racer-{racer}"),
        capacity: Capacity::Owner,
        verdict,
        at: NOW,
        reason: None,
    });
    next
}

#[test]
fn racing_deciders_on_separate_connections_never_both_win() {
    let requests: Vec<ShareRequest> = (0..REQUESTS).map(|i| pending(&id(i))).collect();
    let (dir, seeded) = sandbox_with(&mesh(requests.clone()));
    let seeded_events = seeded.events().expect("events").len();
    drop(seeded);

    let start = Barrier::new(RACERS);
    let wins: Vec<Vec<(String, usize)>> = thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|racer| {
                let (dir, start, requests) = (dir.path(), &start, &requests);
                scope.spawn(move || {
                    let store = SandboxStore::open(dir, NOW).expect("each racer opens the file itself");
                    start.wait();
                    let mut won = Vec::new();
                    for request in requests {
                        let (_, _, action) = decision_of(racer);
                        let event = draft(action, &request.id);
                        match store.commit(&decided(request, racer), Some(1), &event, NOW) {
                            Ok(_) => won.push((request.id.clone(), racer)),
                            Err(PortError::Conflict(message)) => {
                                assert!(message.contains("was changed by someone else"), "{message}");
                            }
                            Err(other) => panic!("racer {racer} on {}: {other:?}", request.id),
                        }
                    }
                    won
                })
            })
            .collect();
        racers.into_iter().map(|racer| racer.join().expect("a racer finishes")).collect()
    });

    let store = SandboxStore::open(dir.path(), NOW).expect("the store reopens");
    let mut winners: Vec<(String, usize)> = wins.into_iter().flatten().collect();
    winners.sort();
    let decided_ids: Vec<String> = winners.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(decided_ids, (0..REQUESTS).map(id).collect::<Vec<_>>(), "exactly one winner per request");

    let events = store.events().expect("events");
    assert_eq!(verify(&events), Ok(seeded_events + REQUESTS), "one chain, one event per win");
    for (request_id, racer) in &winners {
        let stored = store.request(request_id).expect("read").expect("the request");
        assert_eq!(stored, decided(&pending(request_id), *racer), "{request_id} holds its winner's decision");
        let decisions: Vec<&str> = events
            .iter()
            .filter(|e| e.request_id.as_deref() == Some(request_id) && e.action != "request.created")
            .map(|e| e.action.as_str())
            .collect();
        assert_eq!(decisions, [decision_of(*racer).2], "{request_id}");
    }
}
