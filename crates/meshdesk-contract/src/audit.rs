//! The `AuditLog` contract: an event is sealed onto the head of the log as given; the log only
//! grows; writers appending at once never fork the chain or lose an event; an event edited
//! behind the log's back is named by `verify`.

use std::sync::Barrier;

use meshdesk_core::governance::audit::{GENESIS, Tampering, verify};
use meshdesk_core::governance::model::AuditDraft;
use meshdesk_core::ports::{AuditLog, RequestStore};

use crate::fixture::{draft, pending};
use crate::{Check, Harness, Limitation, Report, Subject, run_seeded};

pub fn checks<'h, H: Harness>() -> Vec<Check<Subject<'h, H>>> {
    vec![
        Check {
            name: "a_draft_is_sealed_as_given_onto_the_head",
            needs: &[],
            run: a_draft_is_sealed_as_given_onto_the_head,
        },
        Check { name: "the_log_only_grows", needs: &[], run: the_log_only_grows },
        Check {
            name: "concurrent_appends_never_fork_or_lose_an_event",
            needs: &[Limitation::RacingWritesNotIsolated],
            run: concurrent_appends_never_fork_or_lose_an_event,
        },
        // Last: it breaks the chain of the store the suite shares.
        Check {
            name: "an_event_edited_behind_the_logs_back_is_named_by_verify",
            needs: &[Limitation::EventsCannotBeEdited],
            run: an_event_edited_behind_the_logs_back_is_named_by_verify,
        },
    ]
}

pub fn run<H: Harness>(harness: &H) -> Report {
    run_seeded("audit_log", harness, &checks())
}

fn a_draft_is_sealed_as_given_onto_the_head<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let head = store.events().expect("events").pop();
    let draft = AuditDraft {
        actor: "owner".into(),
        action: "policy.applied".into(),
        target: "111111111111:orders".into(),
        request_id: None,
        before: Some(String::new()),
        after: Some("ünïcødé\n\"text\", [json] {chars}".into()),
    };
    let event = store.append(&draft, now).expect("appended");
    assert_eq!(event.seq, head.as_ref().map_or(1, |h| h.seq + 1));
    assert_eq!(event.prev_hash, head.map_or(GENESIS.to_owned(), |h| h.hash));
    let sealed_as_given =
        (&event.actor, &event.action, &event.target, &event.request_id, &event.before, &event.after, event.at);
    assert_eq!(
        sealed_as_given,
        (&draft.actor, &draft.action, &draft.target, &draft.request_id, &draft.before, &draft.after, now)
    );
    let events = store.events().expect("events");
    assert_eq!(events.last(), Some(&event), "read back exactly");
    assert_eq!(verify(&events), Ok(events.len()));
}

fn the_log_only_grows<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    let before = store.events().expect("events");
    store.append(&draft("audit.exported", "grows-1"), now).expect("appended");
    store
        .commit(
            &pending(&s.harness.accounts(), "req-grows", "buyer"),
            None,
            &draft("request.created", "req-grows"),
            now,
        )
        .expect("committed");
    store.append(&draft("audit.exported", "grows-2"), now + 1).expect("appended");
    let after = store.events().expect("events");
    assert_eq!(after.len(), before.len() + 3);
    assert_eq!(&after[..before.len()], &before[..], "earlier events are kept exactly");
    let actions: Vec<&str> = after[before.len()..].iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["audit.exported", "request.created", "audit.exported"], "in the order they were written");
    assert_eq!(verify(&after), Ok(after.len()));
}

const WRITERS: usize = 4;
const PER_WRITER: usize = 6;

fn concurrent_appends_never_fork_or_lose_an_event<H: Harness>(s: &Subject<'_, H>) {
    let (store, harness, now) = (&s.store, s.harness, s.harness.now());
    let before = store.events().expect("events").len();
    let address = harness.address(store);
    let start = Barrier::new(WRITERS);
    std::thread::scope(|scope| {
        for writer in 0..WRITERS {
            let (address, start) = (address.clone(), &start);
            scope.spawn(move || {
                let desktop = harness.open_again(&address, writer);
                start.wait();
                for i in 0..PER_WRITER {
                    desktop
                        .append(&draft("audit.exported", &format!("w{writer}-{i}")), now + i as i64)
                        .expect("appended");
                }
            });
        }
    });
    let events = store.events().expect("events");
    assert_eq!(verify(&events), Ok(before + WRITERS * PER_WRITER), "no fork, no gap");
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>(), "numbered without gaps");
    let mut targets: Vec<&str> = events[before..].iter().map(|e| e.target.as_str()).collect();
    targets.sort_unstable();
    let mut expected: Vec<String> =
        (0..WRITERS).flat_map(|w| (0..PER_WRITER).map(move |i| format!("w{w}-{i}"))).collect();
    expected.sort();
    assert_eq!(targets, expected, "every append is there once");
}

fn an_event_edited_behind_the_logs_back_is_named_by_verify<H: Harness>(s: &Subject<'_, H>) {
    let (store, now) = (&s.store, s.harness.now());
    for i in 0..3 {
        store.append(&draft("audit.exported", &format!("tamper-{i}")), now).expect("appended");
    }
    let events = store.events().expect("events");
    let edited = events[events.len() - 2].seq;
    s.harness.tamper(store, edited);
    let after = store.events().expect("events");
    assert_eq!(after[edited as usize - 1].actor, "mallory", "the harness edited the event");
    assert_eq!(verify(&after), Err(Tampering::Edited { seq: edited }));
}
