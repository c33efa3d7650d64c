//! How a seeded request came to be where it is: a [`Story`] walks a share request through its
//! lifecycle in the shape the core's decisions take (`governance::decide`, `transition`) — each
//! step one committed version and one audit event, provisioning the grants the core plans — so
//! the demo's requests, grants and audit log agree with each other and with the core's rules.

use std::collections::BTreeSet;

use meshdesk_core::governance::access::describe_resource;
use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::{
    AuditDraft, AuditEvent, Capacity, Decision, Grant, Permission, RequestStatus, ShareRequest, Verdict,
};
use meshdesk_core::governance::preview::plan_grants;
use meshdesk_core::governance::transition::{MESHDESK_ACTOR, POLICY_ACTOR, created_event, summary};
use meshdesk_core::model::Table;

pub(super) const DAY: i64 = 86_400;
pub(super) const HOUR: i64 = 3_600;

/// How long after the approval Meshdesk's provisioning finishes.
const PROVISIONING_TIME: i64 = 60;

/// An audit event before sealing, with its time.
pub(super) type Entry = (i64, AuditDraft);

pub(super) struct Story {
    pub request: ShareRequest,
    pub events: Vec<Entry>,
}

impl Story {
    /// A consumer asks, at `at`, for SELECT and DESCRIBE on `tables` of a product for a year.
    pub(super) fn ask(
        id: &str,
        requester: &str,
        principal: &str,
        product: (&str, &str),
        tables: &[&str],
        at: i64,
    ) -> Self {
        let request = ShareRequest {
            id: id.into(),
            version: 1,
            requester: requester.into(),
            principal: principal.into(),
            product_account: product.0.into(),
            product_database: product.1.into(),
            tables: tables.iter().map(|t| (*t).to_owned()).collect(),
            columns: Vec::new(),
            row_filter: None,
            permissions: [Permission::Select, Permission::Describe].into_iter().collect(),
            duration_days: 365,
            justification: String::new(),
            status: RequestStatus::Pending,
            created_at: at,
            decisions: Vec::new(),
            expires_at: None,
            grant_ids: Vec::new(),
            last_error: None,
            extends: None,
            consumer: Default::default(),
        };
        Story { events: Vec::new(), request }
    }

    pub(super) fn because(mut self, justification: &str) -> Self {
        self.request.justification = justification.into();
        self
    }

    /// `table.column` entries of the asked tables.
    pub(super) fn columns(mut self, table: &str, columns: &[&str]) -> Self {
        self.request.columns.extend(columns.iter().map(|c| format!("{table}.{c}")));
        self
    }

    pub(super) fn rows(mut self, filter: &str) -> Self {
        self.request.row_filter = Some(filter.into());
        self
    }

    pub(super) fn days(mut self, days: u32) -> Self {
        self.request.duration_days = days;
        self
    }

    /// The request as asked is committed: its first version and `request.created`.
    pub(super) fn asked(mut self) -> Self {
        self.events.push((self.request.created_at, created_event(&self.request)));
        self
    }

    /// An approval that leaves the request pending, waiting for the rest of its quorum.
    pub(super) fn approve_partly(self, by: &str, capacity: Capacity, at: i64) -> Self {
        let decision = Decision { by: by.into(), capacity, verdict: Verdict::Approve, at, reason: None };
        self.decide(decision, RequestStatus::Pending, "request.approval_recorded")
    }

    pub(super) fn approve(self, by: &str, capacity: Capacity, at: i64) -> Self {
        let decision = Decision { by: by.into(), capacity, verdict: Verdict::Approve, at, reason: None };
        self.decide(decision, RequestStatus::Approved, "request.approved")
    }

    /// The approval policy approves the request by itself.
    pub(super) fn auto_approve(self, at: i64) -> Self {
        self.approve(POLICY_ACTOR, Capacity::Policy, at)
    }

    pub(super) fn reject(self, by: &str, at: i64, reason: &str) -> Self {
        let decision = Decision {
            by: by.into(),
            capacity: Capacity::Owner,
            verdict: Verdict::Reject,
            at,
            reason: Some(reason.into()),
        };
        self.decide(decision, RequestStatus::Rejected, "request.rejected")
    }

    pub(super) fn withdraw(self, at: i64) -> Self {
        let by = self.request.requester.clone();
        let decision = Decision { by, capacity: Capacity::Requester, verdict: Verdict::Withdraw, at, reason: None };
        self.decide(decision, RequestStatus::Withdrawn, "request.withdrawn")
    }

    /// An owner revokes provisioned access: the request is committed revoked, then its grants go.
    pub(super) fn revoke(self, by: &str, at: i64, reason: &str, tables: &[Table]) -> Self {
        let decision = Decision {
            by: by.into(),
            capacity: Capacity::Owner,
            verdict: Verdict::Revoke,
            at,
            reason: Some(reason.into()),
        };
        self.decide(decision, RequestStatus::Revoked, "request.revoked").revoke_grants(by, at, tables)
    }

    /// The access period ends: the policy expires the request, then revokes its grants.
    pub(super) fn expire(self, tables: &[Table]) -> Self {
        let at = self.request.expires_at.unwrap_or(self.request.created_at);
        let decision = Decision {
            by: POLICY_ACTOR.into(),
            capacity: Capacity::Policy,
            verdict: Verdict::Expire,
            at,
            reason: None,
        };
        self.decide(decision, RequestStatus::Expired, "request.expired").revoke_grants(POLICY_ACTOR, at, tables)
    }

    /// Meshdesk makes the grants the core plans a minute after the approval, then records them
    /// on the request, whose access runs from then.
    pub(super) fn provision(mut self, tables: &[Table]) -> Self {
        let at = self.decided_at() + PROVISIONING_TIME;
        let grants = plan_grants(&self.request, tables);
        let event = grant_event("grant.created", &self.request, MESHDESK_ACTOR, None, Some(sentences(&grants)));
        self.events.push((at, event));
        let mut next = self.bumped();
        next.status = RequestStatus::Provisioned;
        next.grant_ids = grants.iter().map(|g| g.id.clone()).collect();
        next.expires_at = Some(at + i64::from(self.request.duration_days) * DAY);
        next.last_error = None;
        self.commit(next, MESHDESK_ACTOR, "request.provisioned", at)
    }

    /// Making the grants failed a minute after the approval: the request stays approved, showing the error.
    pub(super) fn fail(self, error: &str) -> Self {
        let at = self.decided_at() + PROVISIONING_TIME;
        let mut next = self.bumped();
        next.last_error = Some(error.into());
        self.commit(next, MESHDESK_ACTOR, "request.provisioning_failed", at)
    }

    fn decided_at(&self) -> i64 {
        self.request.decisions.last().map_or(self.request.created_at, |d| d.at)
    }

    fn bumped(&self) -> ShareRequest {
        ShareRequest { version: self.request.version + 1, ..self.request.clone() }
    }

    fn decide(self, decision: Decision, status: RequestStatus, action: &str) -> Self {
        let (by, at) = (decision.by.clone(), decision.at);
        let mut next = self.bumped();
        next.status = status;
        next.decisions.push(decision);
        self.commit(next, &by, action, at)
    }

    fn commit(mut self, next: ShareRequest, actor: &str, action: &str, at: i64) -> Self {
        let event = AuditDraft {
            actor: actor.into(),
            action: action.into(),
            target: self.request.id.clone(),
            request_id: Some(self.request.id.clone()),
            before: Some(summary(&self.request)),
            after: Some(summary(&next)),
        };
        self.events.push((at, event));
        self.request = next;
        self
    }

    /// Revokes the grants the request recorded and those the core plans for it (a crash may
    /// have left some made but unrecorded), as the core's revocation does.
    fn revoke_grants(mut self, actor: &str, at: i64, tables: &[Table]) -> Self {
        let mut grants = plan_grants(&self.request, tables);
        grants.retain(|g| self.request.grant_ids.contains(&g.id));
        let event = grant_event("grant.revoked", &self.request, actor, Some(sentences(&grants)), None);
        self.events.push((at, event));
        self
    }
}

/// The audit event of applying or revoking a request's grants on its product.
fn grant_event(
    action: &str,
    request: &ShareRequest,
    actor: &str,
    before: Option<String>,
    after: Option<String>,
) -> AuditDraft {
    AuditDraft {
        actor: actor.into(),
        action: action.into(),
        target: format!("{}:{}", request.product_account, request.product_database),
        request_id: Some(request.id.clone()),
        before,
        after,
    }
}

/// Grants in sentences, one after the other.
pub(super) fn sentences(grants: &[Grant]) -> String {
    grants.iter().map(describe).collect::<Vec<_>>().join("; ")
}

/// A grant in a sentence, for audit events.
fn describe(grant: &Grant) -> String {
    let list = |set: &BTreeSet<Permission>| set.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ");
    let option =
        if grant.grantable.is_empty() { String::new() } else { format!(", grantable {}", list(&grant.grantable)) };
    format!(
        "{}: {} on {} to {}{option}",
        grant.id,
        list(&grant.permissions),
        describe_resource(&grant.resource),
        grant.principal
    )
}

/// Seals the entries into one chain, in time order (entries at the same time keep their order).
pub(super) fn seal_all(mut entries: Vec<Entry>) -> Vec<AuditEvent> {
    entries.sort_by_key(|(at, _)| *at);
    let mut events: Vec<AuditEvent> = Vec::with_capacity(entries.len());
    for (at, draft) in &entries {
        let event = seal(events.last(), draft, *at);
        events.push(event);
    }
    events
}
