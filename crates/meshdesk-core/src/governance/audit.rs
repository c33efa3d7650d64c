//! The audit chain: each event carries the hash of the one before it, so an edited, deleted,
//! inserted or reordered event is detected by [`verify`], which says which one.

use super::model::{AuditDraft, AuditEvent};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an event's content and its predecessor's hash. Fields are length-prefixed so that
/// no two different events serialise alike (moving text from one field to the next changes it).
pub fn hash(seq: u64, at: i64, draft: &AuditDraft, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(&seq.to_be_bytes());
    field(&at.to_be_bytes());
    field(draft.actor.as_bytes());
    field(draft.action.as_bytes());
    field(draft.target.as_bytes());
    for optional in [&draft.request_id, &draft.before, &draft.after] {
        match optional {
            Some(text) => {
                field(b"1");
                field(text.as_bytes());
            }
            None => field(b"0"),
        }
    }
    field(prev_hash.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Seals a draft onto the log whose last event is `head` (`None` for an empty log).
pub fn seal(head: Option<&AuditEvent>, draft: &AuditDraft, at: i64) -> AuditEvent {
    let seq = head.map_or(1, |h| h.seq + 1);
    let prev_hash = head.map_or_else(|| GENESIS.to_owned(), |h| h.hash.clone());
    AuditEvent {
        seq,
        at,
        actor: draft.actor.clone(),
        action: draft.action.clone(),
        target: draft.target.clone(),
        request_id: draft.request_id.clone(),
        before: draft.before.clone(),
        after: draft.after.clone(),
        hash: hash(seq, at, draft, &prev_hash),
        prev_hash,
    }
}

fn draft_of(event: &AuditEvent) -> AuditDraft {
    AuditDraft {
        actor: event.actor.clone(),
        action: event.action.clone(),
        target: event.target.clone(),
        request_id: event.request_id.clone(),
        before: event.before.clone(),
        after: event.after.clone(),
    }
}

/// What is wrong with a log, at the first place it goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tampering {
    /// The event's content no longer matches its own hash: it was edited.
    Edited { seq: u64 },
    /// Events are missing before this position: the sequence jumps from `expected` to `found`.
    Deleted { expected: u64, found: u64 },
    /// An event stands where none belongs: its number repeats or goes back, or it does not chain
    /// to its predecessor although its own hash holds (inserted or moved).
    Inserted { seq: u64 },
    /// The events are all there but out of order.
    Reordered { seq: u64 },
}

impl std::fmt::Display for Tampering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tampering::Edited { seq } => write!(f, "event {seq} was edited: its content does not match its hash"),
            Tampering::Deleted { expected, found } => {
                write!(f, "events {expected}–{} were deleted: the log jumps from {} to {found}", found - 1, expected - 1)
            }
            Tampering::Inserted { seq } => write!(f, "event {seq} was inserted: it does not chain to the event before it"),
            Tampering::Reordered { seq } => write!(f, "event {seq} is out of order"),
        }
    }
}

/// Checks the whole chain; `Ok(n)` is the number of events verified.
pub fn verify(events: &[AuditEvent]) -> Result<usize, Tampering> {
    let mut prev: Option<&AuditEvent> = None;
    for (i, event) in events.iter().enumerate() {
        let expected_seq = prev.map_or(1, |p| p.seq + 1);
        if hash(event.seq, event.at, &draft_of(event), &event.prev_hash) != event.hash {
            return Err(Tampering::Edited { seq: event.seq });
        }
        let expected_prev = prev.map_or(GENESIS, |p| p.hash.as_str());
        if event.seq != expected_seq {
            if event.seq > expected_seq {
                // Either events were removed, or they were moved later in the log.
                let later = events[i..].iter().any(|e| e.seq < event.seq && e.seq >= expected_seq);
                return Err(if later {
                    Tampering::Reordered { seq: event.seq }
                } else {
                    Tampering::Deleted { expected: expected_seq, found: event.seq }
                });
            }
            let original = events[..i].iter().any(|e| e.seq == event.seq);
            return Err(if original { Tampering::Inserted { seq: event.seq } } else { Tampering::Reordered { seq: event.seq } });
        }
        if event.prev_hash != expected_prev {
            return Err(Tampering::Inserted { seq: event.seq });
        }
        prev = Some(event);
    }
    Ok(events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(n: u32) -> AuditDraft {
        AuditDraft {
            actor: "dana".into(),
            action: "request.approved".into(),
            target: format!("req-{n}"),
            request_id: Some(format!("req-{n}")),
            before: Some("pending".into()),
            after: Some("approved".into()),
        }
    }

    fn log(n: u32) -> Vec<AuditEvent> {
        let mut events: Vec<AuditEvent> = Vec::new();
        for i in 0..n {
            let e = seal(events.last(), &draft(i), 1_000 + i64::from(i));
            events.push(e);
        }
        events
    }

    #[test]
    fn an_untouched_log_verifies() {
        assert_eq!(verify(&log(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn an_edited_event_is_named() {
        let mut events = log(5);
        events[2].after = Some("rejected".into());
        assert_eq!(verify(&events), Err(Tampering::Edited { seq: 3 }));
    }

    #[test]
    fn a_deleted_event_is_named() {
        let mut events = log(5);
        events.remove(2);
        assert_eq!(verify(&events), Err(Tampering::Deleted { expected: 3, found: 4 }));
        let mut last_gone = log(5);
        last_gone.remove(0);
        assert_eq!(verify(&last_gone), Err(Tampering::Deleted { expected: 1, found: 2 }));
    }

    #[test]
    fn an_inserted_event_is_named_even_when_resealed() {
        let mut events = log(5);
        // A forger seals a new event after event 2 and renumbers nothing.
        let forged = seal(Some(&events[1]), &draft(99), 5_000);
        events.insert(2, forged);
        assert_eq!(verify(&events), Err(Tampering::Inserted { seq: 3 }));
    }

    #[test]
    fn reordered_events_are_named() {
        let mut events = log(5);
        events.swap(1, 3);
        assert_eq!(verify(&events), Err(Tampering::Reordered { seq: 4 }));
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        let a = AuditDraft { actor: "ab".into(), action: "c".into(), ..draft(1) };
        let b = AuditDraft { actor: "a".into(), action: "bc".into(), ..draft(1) };
        assert_ne!(hash(1, 0, &a, GENESIS), hash(1, 0, &b, GENESIS));
    }
}
