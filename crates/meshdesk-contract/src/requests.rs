//! The `RequestStore` contract (and the `Directory` it serves): a request comes back exactly; it
//! is written only over the version its writer read, with its audit event in the same step; of
//! writers racing over one version exactly one wins; every request is listed, whoever asked and
//! whatever its state.

use std::sync::Barrier;

use meshdesk_core::governance::audit::{GENESIS, verify};
use meshdesk_core::governance::model::{RequestStatus, ShareRequest, Verdict};
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::ports::{AuditLog, Directory, PortError, RequestStore};

use crate::fixture::{decided, draft, pending};
use crate::{Check, Harness, Limitation, Report, Subject, run_seeded};

pub fn checks<'h, H: Harness>() -> Vec<Check<Subject<'h, H>>> {
    vec![
        Check { name: "the_directory_names_who_may_act", needs: &[], run: the_directory_names_who_may_act },
        Check {
            name: "a_new_request_is_stored_exactly_with_its_event_sealed_onto_the_head",
            needs: &[],
            run: a_new_request_is_stored_exactly_with_its_event_sealed_onto_the_head,
        },
        Check { name: "an_unknown_request_reads_as_none", needs: &[], run: an_unknown_request_reads_as_none },
        Check {
            name: "a_transition_over_the_version_read_is_written",
            needs: &[],
            run: a_transition_over_the_version_read_is_written,
        },
        Check {
            name: "a_transition_over_a_stale_version_is_a_conflict_and_writes_nothing",
            needs: &[],
            run: a_transition_over_a_stale_version_is_a_conflict_and_writes_nothing,
        },
        Check {
            name: "creating_an_existing_request_or_moving_a_missing_one_is_a_conflict",
            needs: &[],
            run: creating_an_existing_request_or_moving_a_missing_one_is_a_conflict,
        },
        Check {
            name: "a_commit_that_does_not_move_the_version_on_is_refused",
            needs: &[],
            run: a_commit_that_does_not_move_the_version_on_is_refused,
        },
        Check {
            name: "every_request_is_listed_by_requester_product_and_status",
            needs: &[],
            run: every_request_is_listed_by_requester_product_and_status,
        },
        Check {
            name: "racing_transitions_over_one_version_exactly_one_wins",
            needs: &[Limitation::RacingWritesNotIsolated],
            run: racing_transitions_over_one_version_exactly_one_wins,
        },
    ]
}

pub fn run<H: Harness>(harness: &H) -> Report {
    run_seeded("request_store", harness, &checks())
}

fn the_directory_names_who_may_act<H: Harness>(s: &Subject<'_, H>) {
    let identities = s.store.identities().expect("identities");
    assert!(!identities.is_empty(), "someone may act");
    let mut ids: Vec<&str> = identities.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), identities.len(), "identity ids are unique: {identities:?}");
    for identity in &identities {
        assert!(
            identity.principals.iter().any(|p| Principal::parse(p).is_ok()),
            "{} acts as a principal Lake Formation can grant to: {:?}",
            identity.id,
            identity.principals
        );
    }
    let acting = s.harness.acting_principal();
    assert!(identities.iter().any(|i| i.principals.contains(&acting)), "someone acts as {acting}: {identities:#?}");
}

fn a_new_request_is_stored_exactly_with_its_event_sealed_onto_the_head<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let accounts = s.harness.accounts();
    let before = store.events().expect("events");
    let mut request = pending(&accounts, "req-new", "buyer");
    request.columns = vec!["lines.id".into(), "lines.amount".into()];
    request.row_filter = Some("region = 'EU' AND note = 'it''s'".into());
    request.extends = Some("req-older".into());
    request.justification = "ünïcødé, \"quotes\", [brackets] and\nlines".into();

    let event = store.commit(&request, None, &draft("request.created", "req-new"), now).expect("committed");
    let head = before.last();
    assert_eq!(
        (event.seq, event.prev_hash.as_str(), event.at),
        (head.map_or(1, |h| h.seq + 1), head.map_or(GENESIS, |h| h.hash.as_str()), now),
        "sealed onto the head of the log"
    );
    assert_eq!(store.request("req-new").expect("read"), Some(request.clone()));
    let events = store.events().expect("events");
    assert_eq!(events.last(), Some(&event));
    assert_eq!(verify(&events), Ok(before.len() + 1));

    let mut full = decided(&request, RequestStatus::Provisioned, Verdict::Approve, "owner");
    full.expires_at = Some(now + 30 * 86_400);
    full.grant_ids = vec!["req-new/lines".into()];
    full.last_error = Some("throttled, then retried".into());
    store.commit(&full, Some(1), &draft("request.provisioned", "req-new"), now).expect("committed");
    assert_eq!(store.request("req-new").expect("read"), Some(full), "every field of a decided request comes back");
}

fn an_unknown_request_reads_as_none<H: Harness>(s: &Subject<'_, H>) {
    assert_eq!(s.store.request("req-none").expect("no request"), None);
}

fn a_transition_over_the_version_read_is_written<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let request = pending(&s.harness.accounts(), "req-moved", "buyer");
    store.commit(&request, None, &draft("request.created", "req-moved"), now).expect("created");
    let approved = decided(&request, RequestStatus::Approved, Verdict::Approve, "owner");
    let event = store.commit(&approved, Some(1), &draft("request.approved", "req-moved"), now).expect("approved");
    assert_eq!(store.request("req-moved").expect("read"), Some(approved));
    assert_eq!(store.events().expect("events").last(), Some(&event));
}

fn a_transition_over_a_stale_version_is_a_conflict_and_writes_nothing<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let request = pending(&s.harness.accounts(), "req-stale", "buyer");
    store.commit(&request, None, &draft("request.created", "req-stale"), now).expect("created");
    let approved = decided(&request, RequestStatus::Approved, Verdict::Approve, "owner");
    store.commit(&approved, Some(1), &draft("request.approved", "req-stale"), now).expect("the first decision wins");
    let events = store.events().expect("events");

    let rejected = decided(&request, RequestStatus::Rejected, Verdict::Reject, "owner");
    let error = store.commit(&rejected, Some(1), &draft("request.rejected", "req-stale"), now).expect_err("stale");
    assert_eq!(
        error,
        PortError::Conflict(
            "req-stale was changed by someone else (version 2, expected 1); reload and try again".into()
        )
    );
    assert_eq!(store.request("req-stale").expect("read"), Some(approved));
    assert_eq!(store.events().expect("events"), events, "no event for the refused write");
}

fn creating_an_existing_request_or_moving_a_missing_one_is_a_conflict<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let accounts = s.harness.accounts();
    let request = pending(&accounts, "req-twice", "buyer");
    store.commit(&request, None, &draft("request.created", "req-twice"), now).expect("created");
    let events = store.events().expect("events");

    let again = store.commit(&request, None, &draft("request.created", "req-twice"), now);
    assert!(
        matches!(&again, Err(PortError::Conflict(m)) if m.contains("req-twice already exists (version 1)")),
        "{again:?}"
    );
    let missing =
        decided(&pending(&accounts, "req-missing", "buyer"), RequestStatus::Approved, Verdict::Approve, "owner");
    let gone = store.commit(&missing, Some(1), &draft("request.approved", "req-missing"), now);
    assert!(matches!(&gone, Err(PortError::Conflict(m)) if m.contains("req-missing does not exist")), "{gone:?}");
    assert_eq!(store.request("req-missing").expect("read"), None);
    assert_eq!(store.events().expect("events"), events, "no event for either");
}

fn a_commit_that_does_not_move_the_version_on_is_refused<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let request = pending(&s.harness.accounts(), "req-same", "buyer");
    store.commit(&request, None, &draft("request.created", "req-same"), now).expect("created");
    let mut same_version = decided(&request, RequestStatus::Approved, Verdict::Approve, "owner");
    same_version.version = 1;
    let error = store.commit(&same_version, Some(1), &draft("request.approved", "req-same"), now).expect_err("refused");
    assert!(matches!(&error, PortError::Invalid(m) if m.contains("req-same")), "{error:?}");
    assert_eq!(store.request("req-same").expect("read"), Some(request));
}

fn every_request_is_listed_by_requester_product_and_status<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let accounts = s.harness.accounts();
    let mut written = Vec::new();
    for (i, (requester, database, status)) in [
        ("ana", "orders", RequestStatus::Pending),
        ("ben", "orders", RequestStatus::Approved),
        ("ana", "orders", RequestStatus::Rejected),
        ("ana", "returns", RequestStatus::Pending),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("req-list-{i}");
        let mut request = pending(&accounts, &id, requester);
        request.product_database = database.into();
        store.commit(&request, None, &draft("request.created", &id), now).expect("created");
        if status != RequestStatus::Pending {
            let verdict = if status == RequestStatus::Approved { Verdict::Approve } else { Verdict::Reject };
            request = decided(&request, status, verdict, "owner");
            store.commit(&request, Some(1), &draft("request.decided", &id), now).expect("decided");
        }
        written.push(request);
    }

    let listed: Vec<ShareRequest> =
        store.requests().expect("requests").into_iter().filter(|r| r.id.starts_with("req-list-")).collect();
    let mut sorted = listed.clone();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(sorted, written, "every request is listed, exactly as stored");
    let ids = |keep: &dyn Fn(&ShareRequest) -> bool| {
        let mut ids: Vec<String> = listed.iter().filter(|r| keep(r)).map(|r| r.id.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&|r| r.requester == "ana"), ["req-list-0", "req-list-2", "req-list-3"], "by requester");
    assert_eq!(ids(&|r| r.status == RequestStatus::Pending), ["req-list-0", "req-list-3"], "by status");
    assert_eq!(ids(&|r| r.product_database == "returns"), ["req-list-3"], "by product, for its owners");
}

const RACED: usize = 12;
const RACERS: usize = 4;

/// Half approve, half reject, so a double win would also show as a wrong final state.
fn decision_of(racer: usize) -> (RequestStatus, Verdict, &'static str) {
    if racer.is_multiple_of(2) {
        (RequestStatus::Approved, Verdict::Approve, "request.approved")
    } else {
        (RequestStatus::Rejected, Verdict::Reject, "request.rejected")
    }
}

fn raced(request: &ShareRequest, racer: usize) -> ShareRequest {
    let (status, verdict, _) = decision_of(racer);
    decided(request, status, verdict, &format!("racer-{racer}"))
}

fn racing_transitions_over_one_version_exactly_one_wins<H: Harness>(s: &Subject<'_, H>) {
    let (store, harness, now) = (&s.store, s.harness, s.harness.now());
    let accounts = harness.accounts();
    let requests: Vec<ShareRequest> =
        (0..RACED).map(|i| pending(&accounts, &format!("req-race-{i:02}"), "buyer")).collect();
    for request in &requests {
        store.commit(request, None, &draft("request.created", &request.id), now).expect("created");
    }
    let before = store.events().expect("events").len();

    let address = harness.address(store);
    let start = Barrier::new(RACERS);
    let wins: Vec<Vec<(String, usize)>> = std::thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|racer| {
                let (address, start, requests) = (address.clone(), &start, &requests);
                scope.spawn(move || {
                    let store = harness.open_again(&address, racer);
                    start.wait();
                    let mut won = Vec::new();
                    for request in requests {
                        let event = draft(decision_of(racer).2, &request.id);
                        match store.commit(&raced(request, racer), Some(1), &event, now) {
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

    let mut winners: Vec<(String, usize)> = wins.into_iter().flatten().collect();
    winners.sort();
    let won: Vec<&str> = winners.iter().map(|(id, _)| id.as_str()).collect();
    let all: Vec<&str> = requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(won, all, "exactly one winner per request");

    let events = store.events().expect("events");
    assert_eq!(verify(&events), Ok(before + RACED), "one chain, one event per win");
    for ((id, racer), request) in winners.iter().zip(&requests) {
        assert_eq!(
            store.request(id).expect("read").as_ref(),
            Some(&raced(request, *racer)),
            "{id} holds its winner's decision"
        );
        let decisions: Vec<&str> = events
            .iter()
            .filter(|e| e.request_id.as_deref() == Some(id.as_str()) && e.action != "request.created")
            .map(|e| e.action.as_str())
            .collect();
        assert_eq!(decisions, [decision_of(*racer).2], "{id}");
    }
}
