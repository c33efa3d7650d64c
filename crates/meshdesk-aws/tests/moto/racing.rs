//! Several desktops at once: two owners deciding on one request version cannot both win, and the
//! one who lost is told through the window. (Appends racing onto the audit log are checked by
//! the shared audit-log suite in `contract.rs`.)

use std::sync::Barrier;

use meshdesk_contract::fixture::draft as draft_event;
use meshdesk_core::governance::audit::verify;
use meshdesk_core::governance::model::RequestStatus as CoreStatus;
use meshdesk_core::ports::{AuditLog, PortError, RequestStore};
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, RequestStatus};

use crate::fixture::{NOW, Person, TestMesh};
use crate::governance::draft;

pub fn two_owners_deciding_at_once_one_wins_and_the_other_is_told_it_changed() {
    let mesh = TestMesh::seeded();
    let sent = mesh.open(Person::Mia).submit_request(&draft(&mesh), NOW).expect("submitted");
    let (dana, omar) = (mesh.open(Person::Dana), mesh.open(Person::Omar));

    // Both read version 1, then both commit over it at the same moment.
    let request = dana.backend().request(&sent.id).expect("read").expect("the request");
    let barrier = Barrier::new(2);
    let outcomes: Vec<Result<(), PortError>> = std::thread::scope(|s| {
        let racers = [(&dana, CoreStatus::Rejected), (&omar, CoreStatus::Withdrawn)].map(|(who, status)| {
            let (barrier, request) = (&barrier, request.clone());
            s.spawn(move || {
                let mut next = request.clone();
                next.version += 1;
                next.status = status;
                barrier.wait();
                who.backend()
                    .commit(&next, Some(request.version), &draft_event("request.decided", &request.id), NOW)
                    .map(|_| ())
            })
        });
        racers.map(|r| r.join().expect("no panic")).into_iter().collect()
    });
    let conflicts: Vec<&PortError> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert_eq!((outcomes.iter().filter(|o| o.is_ok()).count(), conflicts.len()), (1, 1), "{outcomes:?}");
    assert!(
        matches!(conflicts[0], PortError::Conflict(m) if m.contains("was changed by someone else (version 2, expected 1)")),
        "{conflicts:?}"
    );
    let events = dana.backend().events().expect("events");
    assert_eq!(verify(&events), Ok(2), "created + the one decision that won");

    // Through the window: a decision on a version that moved is refused as a conflict.
    let stale = omar
        .decide(&DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve }, NOW);
    assert_eq!(stale.expect_err("the request moved").code, ErrorCode::Conflict);
    let now = dana.request(&sent.id, NOW).expect("read");
    assert!(matches!(now.status, RequestStatus::Rejected | RequestStatus::Withdrawn));
}
