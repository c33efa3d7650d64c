//! A request's move from one state to the next ([`Transition`]), why a move is refused
//! ([`Refusal`]), the moves nobody decides (provisioning outcomes, expiry) and how a request's
//! state reads in the audit log.

use super::approval::capacity_name;
use super::model::{AuditDraft, Capacity, Decision, Grant, RequestStatus, ShareRequest, Verdict};
use super::request::DAY;

/// The actor recorded for what the approval policy does by itself (auto-approval, expiry).
pub const POLICY_ACTOR: &str = "policy";
/// The actor recorded for Meshdesk's own bookkeeping (provisioning outcomes).
pub const MESHDESK_ACTOR: &str = "meshdesk";

/// A request's next state and everything it implies. Commit `request` (compare-and-set on the
/// previous version) with `audit`; then make `provision`, revoke `revoke`, and commit `extended`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The next state: version + 1, the decision appended.
    pub request: ShareRequest,
    pub audit: AuditDraft,
    /// The grants to make now that the request is approved.
    pub provision: Option<Vec<Grant>>,
    /// The grant ids to revoke.
    pub revoke: Vec<String>,
    /// An approved extension's move of the original request's end.
    pub extended: Option<Box<Transition>>,
}

/// Why a decision was refused, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// The actor asked for this access themselves.
    OwnRequest,
    /// The actor is not an owner (or a steward where one may act).
    NotEntitled,
    /// The request is not in a state this action applies to.
    WrongState,
    AlreadyApproved,
    ReasonMissing,
    /// The access has not reached its end yet.
    NotDue,
    /// The action or the context does not fit the request.
    Invalid,
}

/// A decision that may not be made, as a value the UI shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub(super) fn refuse<T>(kind: RefusalKind, message: String) -> Result<T, Refusal> {
    Err(Refusal { kind, message })
}

/// Ends provisioned access whose time is up, in the policy's name.
pub fn expire(request: &ShareRequest, now: i64) -> Result<Transition, Refusal> {
    let id = &request.id;
    if request.status != RequestStatus::Provisioned {
        return refuse(RefusalKind::WrongState, format!("{id} is {}; only provisioned access expires", request.status.as_str()));
    }
    match request.expires_at {
        Some(end) if now >= end => {
            let decision =
                Decision { by: POLICY_ACTOR.into(), capacity: Capacity::Policy, verdict: Verdict::Expire, at: now, reason: None };
            Ok(concluded(request, decision, RequestStatus::Expired, request.grant_ids.clone()))
        }
        Some(end) => refuse(RefusalKind::NotDue, format!("{id} runs until {}; it cannot expire before", date(end))),
        None => refuse(RefusalKind::NotDue, format!("{id} has no end; it cannot expire")),
    }
}

/// Every provisioned request whose end has come, expired.
pub fn expire_due(requests: &[ShareRequest], now: i64) -> Vec<Transition> {
    requests.iter().filter_map(|r| expire(r, now).ok()).collect()
}

/// Records that the approved request's grants now exist; its access runs from `now`.
pub fn provisioned(request: &ShareRequest, grant_ids: Vec<String>, now: i64) -> Result<Transition, Refusal> {
    if request.status != RequestStatus::Approved {
        let (id, status) = (&request.id, request.status.as_str());
        return refuse(RefusalKind::WrongState, format!("{id} is {status}; only an approved request is provisioned"));
    }
    let mut next = bumped(request);
    next.status = RequestStatus::Provisioned;
    next.grant_ids = grant_ids;
    next.expires_at = Some(now + i64::from(request.duration_days) * DAY);
    next.last_error = None;
    Ok(transition(request, next, MESHDESK_ACTOR, "request.provisioned"))
}

/// Records that making the grants failed; the request stays approved, showing `error`, until a
/// retry or reconcile provisions it.
pub fn provisioning_failed(request: &ShareRequest, error: &str) -> Result<Transition, Refusal> {
    if request.status != RequestStatus::Approved {
        let (id, status) = (&request.id, request.status.as_str());
        return refuse(RefusalKind::WrongState, format!("{id} is {status}; only an approved request is provisioned"));
    }
    let mut next = bumped(request);
    next.last_error = Some(error.to_owned());
    Ok(transition(request, next, MESHDESK_ACTOR, "request.provisioning_failed"))
}

pub(super) fn bumped(request: &ShareRequest) -> ShareRequest {
    ShareRequest { version: request.version + 1, ..request.clone() }
}

pub(super) fn concluded(request: &ShareRequest, decision: Decision, status: RequestStatus, revoke: Vec<String>) -> Transition {
    let mut next = bumped(request);
    let by = decision.by.clone();
    next.status = status;
    next.decisions.push(decision);
    let action = format!("request.{}", status.as_str());
    Transition { revoke, ..transition(request, next, &by, &action) }
}

pub(super) fn transition(before: &ShareRequest, after: ShareRequest, actor: &str, action: &str) -> Transition {
    let audit = AuditDraft {
        actor: actor.to_owned(),
        action: action.to_owned(),
        target: before.id.clone(),
        request_id: Some(before.id.clone()),
        before: Some(summary(before)),
        after: Some(summary(&after)),
    };
    Transition { request: after, audit, provision: None, revoke: Vec::new(), extended: None }
}

/// The audit event for a request just made.
pub fn created_event(request: &ShareRequest) -> AuditDraft {
    AuditDraft {
        actor: request.requester.clone(),
        action: "request.created".into(),
        target: format!("{}:{}", request.product_account, request.product_database),
        request_id: Some(request.id.clone()),
        before: None,
        after: Some(summary(request)),
    }
}

/// A request's state as the audit log records it: stable, one line.
pub fn summary(r: &ShareRequest) -> String {
    let mut out = format!("{} v{}", r.status.as_str(), r.version);
    let approvals: Vec<String> = r
        .decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Approve)
        .map(|d| format!("{} by {}", capacity_name(d.capacity), d.by))
        .collect();
    if !approvals.is_empty() {
        out.push_str(&format!("; approved as {}", approvals.join(", ")));
    }
    if let Some(last) = r.decisions.last().filter(|d| d.verdict != Verdict::Approve) {
        let verdict = match last.verdict {
            Verdict::Approve => "approved",
            Verdict::Reject => "rejected",
            Verdict::Revoke => "revoked",
            Verdict::Withdraw => "withdrawn",
            Verdict::Expire => "expired",
            Verdict::Extend => "extended",
        };
        out.push_str(&format!("; {verdict} by {}", last.by));
        if let Some(reason) = &last.reason {
            out.push_str(&format!(": {reason}"));
        }
    }
    if let Some(end) = r.expires_at {
        out.push_str(&format!("; until {}", date(end)));
    }
    if !r.grant_ids.is_empty() {
        out.push_str(&format!("; grants {}", r.grant_ids.join(", ")));
    }
    if let Some(error) = &r.last_error {
        out.push_str(&format!("; last error: {error}"));
    }
    if !r.consumer.links.is_empty() {
        let links: Vec<String> = r.consumer.links.iter().map(|l| format!("{}:{}.{}", l.account, l.database, l.name)).collect();
        out.push_str(&format!("; links {}", links.join(", ")));
    }
    if let Some(reason) = &r.consumer.pending {
        out.push_str(&format!("; consumer side pending: {reason}"));
    }
    out
}

/// A Unix time as its UTC calendar date, `YYYY-MM-DD` (Howard Hinnant's `civil_from_days`).
pub fn date(unix: i64) -> String {
    let days = unix.div_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_800_000_000), "2027-01-15");
    }
}
