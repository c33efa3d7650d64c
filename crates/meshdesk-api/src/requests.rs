//! Share requests: preview, submit, list, decide, and the reconcile and expiry sweeps that keep
//! requests and grants in step. Every transition is a compare-and-set on the request's version
//! that appends one audit event; grants are made and revoked through the policy store.

use crate::convert;
use crate::error::{from_port, from_refusal};
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::governance::approval::{capacity_name, ApprovalPolicy};
use meshdesk_core::governance::consumer;
use meshdesk_core::governance::decide::{self, Action, DecideContext};
use meshdesk_core::governance::model::{
    AuditDraft, Capacity, Grant, Identity, PolicyOp, RequestStatus as CoreStatus, ShareRequest,
};
use meshdesk_core::governance::preview::{self, AutoApproval};
use meshdesk_core::governance::request::{self, RequestInput};
use meshdesk_core::governance::transition::{self, Transition, MESHDESK_ACTOR};
use meshdesk_core::{CatalogIndex, Database, Table};
use meshdesk_protocol::{
    ApiError, Decide, DecideInput, DecisionView, ReconcileReport, RequestAction, RequestDraft, RequestFilter,
    RequestPreview, RequestScope, RequestView, RequestedColumn,
};
use std::sync::Arc;

/// A product with what deciding on it needs.
pub(crate) struct ProductContext {
    index: Arc<CatalogIndex>,
    db: usize,
    policy: ApprovalPolicy,
}

impl ProductContext {
    fn database(&self) -> &Database {
        &self.index.catalog().databases[self.db]
    }
    pub(crate) fn tables(&self) -> &[Table] {
        self.index.tables_of(self.db)
    }
}

impl<B: Backend> Meshdesk<B> {
    pub(crate) fn product_context(&self, account: &str, database: &str) -> Result<ProductContext, ApiError> {
        let index = self.index()?;
        let db = index
            .database(account, database)
            .filter(|&d| index.catalog().databases[d].is_product())
            .ok_or_else(|| ApiError::not_found(format!("{account}:{database} is not a published data product")))?;
        let policy = ApprovalPolicy::of(&index.catalog().databases[db]).map_err(|e| ApiError::invalid_input(e.to_string()))?;
        Ok(ProductContext { index, db, policy })
    }

    fn draft_request(&self, draft: &RequestDraft, requester: &Identity, now: i64, id: String) -> Result<(ShareRequest, ProductContext), ApiError> {
        let ctx = self.product_context(&draft.product.account, &draft.product.database)?;
        let input = RequestInput {
            principal: draft.principal.clone(),
            tables: draft.tables.clone(),
            columns: draft.columns.clone(),
            row_filter: draft.row_filter.clone().filter(|f| !f.trim().is_empty()),
            permissions: draft.permissions.iter().map(|p| convert::core_permission(*p)).collect(),
            duration_days: draft.duration_days,
            justification: draft.justification.clone(),
        };
        let request = request::new_request(input, requester, ctx.database(), ctx.tables(), &ctx.policy, now, id)
            .map_err(|e| ApiError::invalid_input(e.to_string()))?;
        Ok((request, ctx))
    }

    /// What sending `draft` would give and need, without sending it.
    pub fn preview_request(&self, draft: &RequestDraft, now: i64) -> Result<RequestPreview, ApiError> {
        let requester = self.current_identity()?;
        // The preview answers "what would I get" while the form is being filled in; the
        // justification is required when the request is sent, not before.
        let mut draft = draft.clone();
        if draft.justification.trim().is_empty() {
            draft.justification = "(not written yet)".to_owned();
        }
        let (request, ctx) = self.draft_request(&draft, &requester, now, "preview".into())?;
        let p = preview::preview(&request, ctx.database(), ctx.tables(), &ctx.policy, &ctx.index.catalog().accounts);
        let (auto_approve, auto_approve_reason) = match &p.auto_approval {
            AutoApproval::Approves => (true, "the product's policy approves this at once".to_owned()),
            AutoApproval::Waits(reasons) => (false, reasons.join("; ")),
        };
        Ok(RequestPreview {
            columns: p.columns.iter().map(|c| requested_column(&c.table, &c.column, c.sensitivity)).collect(),
            highest: p.highest.map(convert::sensitivity),
            auto_approve,
            auto_approve_reason,
            approvals_needed: p.approvals_needed.iter().map(|c| approver(*c, ctx.database())).collect(),
            max_duration_days: ctx.policy.max_duration_days,
            plan: p.grants.iter().map(|g| convert::planned(&PolicyOp::Grant(g.clone()))).collect(),
        })
    }

    /// Sends a request as the current identity. The product's policy may approve (and
    /// provision) it at once.
    pub fn submit_request(&self, draft: &RequestDraft, now: i64) -> Result<RequestView, ApiError> {
        let requester = self.current_identity()?;
        let id = self.next_request_id()?;
        let (request, ctx) = self.draft_request(draft, &requester, now, id.clone())?;
        self.backend.commit(&request, None, &transition::created_event(&request), now).map_err(from_port)?;
        let highest = preview::sensitivity_of(&request, ctx.database(), ctx.tables());
        let decide_ctx = decide_context(&ctx, highest, None, now);
        if let Some(auto) = decide::auto_decision(&request, &decide_ctx, &ctx.index.catalog().accounts) {
            self.carry_out(auto, request.version, now)?;
        }
        self.request(&id, now)
    }

    fn next_request_id(&self) -> Result<String, ApiError> {
        let highest = self
            .backend
            .requests()
            .map_err(from_port)?
            .iter()
            .filter_map(|r| r.id.strip_prefix("req-").and_then(|n| n.parse::<u64>().ok()))
            .max()
            .unwrap_or(0);
        Ok(format!("req-{:04}", highest + 1))
    }

    pub(crate) fn load_request(&self, id: &str) -> Result<ShareRequest, ApiError> {
        self.backend
            .request(id)
            .map_err(from_port)?
            .ok_or_else(|| ApiError::not_found(format!("no share request '{id}'")))
    }

    /// One request as the current identity sees it.
    pub fn request(&self, id: &str, now: i64) -> Result<RequestView, ApiError> {
        let actor = self.current_identity()?;
        let request = self.load_request(id)?;
        let all = self.backend.requests().map_err(from_port)?;
        Ok(self.view(&request, &actor, &all, now))
    }

    /// The current identity's requests, its inbox, or every request.
    pub fn requests(&self, filter: &RequestFilter, now: i64) -> Result<Vec<RequestView>, ApiError> {
        let actor = self.current_identity()?;
        let all = self.backend.requests().map_err(from_port)?;
        let index = self.index()?;
        let mut views: Vec<RequestView> = all
            .iter()
            .filter(|r| filter.status.is_none_or(|s| convert::request_status(r.status) == s))
            .filter(|r| match filter.scope {
                RequestScope::Mine => r.requester == actor.id,
                RequestScope::All => true,
                RequestScope::Inbox => {
                    r.requester != actor.id
                        && index.database(&r.product_account, &r.product_database).is_some_and(|d| {
                            let db = &index.catalog().databases[d];
                            meshdesk_core::governance::ownership::is_owner(&actor, db)
                                || meshdesk_core::governance::ownership::is_steward(&actor, db)
                        })
                }
            })
            .map(|r| self.view(r, &actor, &all, now))
            .collect();
        // Pending first (they need someone), then newest.
        views.sort_by(|a, b| {
            let rank = |v: &RequestView| v.status != meshdesk_protocol::RequestStatus::Pending;
            rank(a).cmp(&rank(b)).then(b.created_at.cmp(&a.created_at)).then(b.id.cmp(&a.id))
        });
        Ok(views)
    }

    /// Takes a decision on a request as the current identity.
    pub fn decide(&self, input: &DecideInput, now: i64) -> Result<RequestView, ApiError> {
        let actor = self.current_identity()?;
        let request = self.load_request(&input.id)?;
        if request.version != input.expected_version {
            return Err(ApiError::conflict(format!(
                "{} changed since you opened it (now version {}, you saw {}): reload it and decide again",
                request.id, request.version, input.expected_version
            )));
        }
        match &input.decision {
            Decide::Retry => {
                self.require_decider(&actor, &request)?;
                self.provision(&request, now)?;
            }
            Decide::Extend { days, justification } => {
                let ctx = self.product_context(&request.product_account, &request.product_database)?;
                let id = self.next_request_id()?;
                let extension = request::new_extension(&request, &actor, *days, justification, &ctx.policy, now, id)
                    .map_err(|e| ApiError::invalid_input(e.to_string()))?;
                self.backend.commit(&extension, None, &transition::created_event(&extension), now).map_err(from_port)?;
                return self.request(&extension.id, now);
            }
            Decide::Approve => self.act(&request, &actor, Action::Approve, now)?,
            Decide::Reject { reason } => self.act(&request, &actor, Action::Reject { reason: reason.clone() }, now)?,
            Decide::Withdraw => self.act(&request, &actor, Action::Withdraw, now)?,
            Decide::Revoke { reason } => self.act(&request, &actor, Action::Revoke { reason: reason.clone() }, now)?,
        }
        self.request(&input.id, now)
    }

    fn act(&self, request: &ShareRequest, actor: &Identity, action: Action, now: i64) -> Result<(), ApiError> {
        let transition = self.transition(request, actor, action, now)?;
        self.carry_out(transition, request.version, now)
    }

    fn require_decider(&self, actor: &Identity, request: &ShareRequest) -> Result<(), ApiError> {
        let ctx = self.product_context(&request.product_account, &request.product_database)?;
        let db = ctx.database();
        if meshdesk_core::governance::ownership::is_owner(actor, db) || meshdesk_core::governance::ownership::is_steward(actor, db) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "{} is not an owner or steward of {}:{}",
                actor.name, request.product_account, request.product_database
            )))
        }
    }

    fn transition(&self, request: &ShareRequest, actor: &Identity, action: Action, now: i64) -> Result<Transition, ApiError> {
        let ctx = self.product_context(&request.product_account, &request.product_database)?;
        let original = match &request.extends {
            Some(id) => Some(self.load_request(id)?),
            None => None,
        };
        let highest = preview::sensitivity_of(original.as_ref().unwrap_or(request), ctx.database(), ctx.tables());
        let decide_ctx = decide_context(&ctx, highest, original.as_ref(), now);
        decide::decide(request, actor, action, &decide_ctx).map_err(from_refusal)
    }

    /// Commits a transition (compare-and-set on `expected`), then does what it implies:
    /// provisions grants, revokes grants, moves an extended request's end.
    fn carry_out(&self, t: Transition, expected: u64, now: i64) -> Result<(), ApiError> {
        self.backend.commit(&t.request, Some(expected), &t.audit, now).map_err(from_port)?;
        if !t.revoke.is_empty() {
            // The decision stands (it is committed); what is left is finished by reconcile's
            // `finish_revoking`, at the next start or when asked, and the error says so.
            self.revoke_grants(&t.request, &t.revoke, now).map_err(|e| ApiError {
                message: format!(
                    "{} is recorded {}, but its grants could not all be revoked yet ({}): `meshdesk reconcile` (Audit → Reconcile requests and grants) \
                     or the next start revokes what is left",
                    t.request.id,
                    t.request.status.as_str(),
                    e.message
                ),
                ..e
            })?;
        }
        if consumer::needs_unlink(&t.request) {
            // The access has ended with the grants; links left behind are retried at the next start.
            let _consumer_failure = self.unlink_consumer(&t.request, now);
        }
        if let Some(extended) = t.extended {
            let current = self.load_request(&extended.request.id)?;
            self.backend.commit(&extended.request, Some(current.version), &extended.audit, now).map_err(from_port)?;
        }
        if t.provision.is_some() {
            self.provision(&t.request, now)?;
        }
        Ok(())
    }

    /// Makes an approved request's grants (idempotently) and records it provisioned; a failure
    /// keeps it approved with the error, for a retry or reconcile to finish.
    fn provision(&self, request: &ShareRequest, now: i64) -> Result<(), ApiError> {
        let ctx = self.product_context(&request.product_account, &request.product_database)?;
        let grants: Vec<Grant> = preview::plan_grants(request, ctx.tables());
        let ops: Vec<PolicyOp> = grants.iter().cloned().map(PolicyOp::Grant).collect();
        let event = AuditDraft {
            actor: MESHDESK_ACTOR.into(),
            action: "grant.created".into(),
            target: format!("{}:{}", request.product_account, request.product_database),
            request_id: Some(request.id.clone()),
            before: None,
            after: Some(grants.iter().map(|g| g.id.as_str()).collect::<Vec<_>>().join(", ")),
        };
        let outcome = if ops.is_empty() { Ok(()) } else { self.backend.apply(&ops, &event, now).map(|_| ()) };
        self.access_changed();
        let next = match outcome {
            Ok(()) => transition::provisioned(request, grants.into_iter().map(|g| g.id).collect(), now),
            Err(error) => transition::provisioning_failed(request, &error.to_string()),
        }
        .map_err(from_refusal)?;
        self.backend.commit(&next.request, Some(request.version), &next.audit, now).map_err(from_port)?;
        if next.request.status == CoreStatus::Provisioned {
            // The producer's grant stands whatever happens here: a consumer side that fails or
            // waits is kept on the request and retried at the next start.
            let _consumer_failure = self.link_consumer(&next.request, now);
        }
        Ok(())
    }

    fn revoke_grants(&self, request: &ShareRequest, ids: &[String], now: i64) -> Result<(), ApiError> {
        let ops: Vec<PolicyOp> = ids.iter().map(|id| PolicyOp::Revoke { grant_id: id.clone() }).collect();
        let event = AuditDraft {
            actor: MESHDESK_ACTOR.into(),
            action: "grant.revoked".into(),
            target: format!("{}:{}", request.product_account, request.product_database),
            request_id: Some(request.id.clone()),
            before: Some(ids.join(", ")),
            after: None,
        };
        let revoked = self.backend.apply(&ops, &event, now);
        self.access_changed();
        revoked.map_err(from_port)?;
        Ok(())
    }

    /// Brings requests and grants in step: finishes approved requests whose grants were not
    /// made, and expires (revoking their grants) requests past their end.
    pub fn reconcile(&self, now: i64) -> Result<ReconcileReport, ApiError> {
        let mut report = self.finish_provisioning(now)?;
        let expiry = self.expire(now, true)?;
        report.expired = expiry.expired;
        report.failed.extend(expiry.failed);
        Ok(report)
    }

    /// What `reconcile` would do now, without doing it: approved requests still to provision,
    /// and requests past their end.
    pub fn reconcile_plan(&self, now: i64) -> Result<ReconcileReport, ApiError> {
        let requests = self.backend.requests().map_err(from_port)?;
        let completed = requests.iter().filter(|r| r.status == CoreStatus::Approved).map(|r| r.id.clone()).collect();
        Ok(ReconcileReport { completed, expired: self.expire(now, false)?.expired, failed: Vec::new(), audited: Vec::new() })
    }

    /// Finishes approved requests whose grants were not made (a crash or a failure between
    /// "approved" and "provisioned"), revocations whose grants remain, and policy applies cut
    /// off before their audit event. Idempotent: the grants have stable ids. Run at every start.
    pub(crate) fn finish_provisioning(&self, now: i64) -> Result<ReconcileReport, ApiError> {
        let audited = self.backend.finish_unaudited(now).map_err(from_port)?;
        let audited = audited.iter().map(|e| format!("{} on {} by {} (event {})", e.action, e.target, e.actor, e.seq)).collect();
        let mut report = ReconcileReport { completed: Vec::new(), expired: Vec::new(), failed: Vec::new(), audited };
        for request in self.backend.requests().map_err(from_port)? {
            if request.status != CoreStatus::Approved {
                continue;
            }
            match self.provision(&request, now).and_then(|()| self.load_request(&request.id)) {
                Ok(after) if after.status == CoreStatus::Provisioned => report.completed.push(request.id),
                Ok(after) => report.failed.push((request.id, after.last_error.unwrap_or_default())),
                Err(error) => report.failed.push((request.id, error.message)),
            }
        }
        let provisioned_now = report.completed.clone();
        self.finish_revoking(&mut report, now)?;
        // Consumer sides left waiting or failed (and links of access that ended); those just
        // provisioned had their try above.
        report.failed.extend(self.finish_consumer_sides(&provisioned_now, now)?);
        Ok(report)
    }

    /// Revokes the grants a revoked or expired request still holds: a crash between recording
    /// the decision and revoking leaves them, and nothing else would ever take them away.
    /// Idempotent, like provisioning: it revokes only grants that still stand (as the backend
    /// knows them, not only as last read: see `PolicyStore::standing`). The grants are looked
    /// up only when some ended request names any: at every start, on a mesh of 100k grants,
    /// reading them all for nothing was a good part of opening.
    fn finish_revoking(&self, report: &mut ReconcileReport, now: i64) -> Result<(), ApiError> {
        let ended: Vec<ShareRequest> = self
            .backend
            .requests()
            .map_err(from_port)?
            .into_iter()
            .filter(|r| matches!(r.status, CoreStatus::Revoked | CoreStatus::Expired) && !r.grant_ids.is_empty())
            .collect();
        if ended.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = ended.iter().flat_map(|r| r.grant_ids.iter().cloned()).collect();
        let standing = self.backend.standing(&ids).map_err(from_port)?;
        for request in ended {
            let left: Vec<String> = request.grant_ids.iter().filter(|id| standing.contains(id)).cloned().collect();
            if left.is_empty() {
                continue;
            }
            match self.revoke_grants(&request, &left, now) {
                Ok(()) => report.completed.push(request.id),
                Err(error) => report.failed.push((request.id, error.message)),
            }
        }
        Ok(())
    }

    /// Revokes access past its end and records each request expired. With `apply` false, only
    /// says which would be.
    pub fn expire(&self, now: i64, apply: bool) -> Result<ReconcileReport, ApiError> {
        let requests = self.backend.requests().map_err(from_port)?;
        let mut report = ReconcileReport { completed: Vec::new(), expired: Vec::new(), failed: Vec::new(), audited: Vec::new() };
        for t in transition::expire_due(&requests, now) {
            let id = t.request.id.clone();
            if apply {
                let expected = t.request.version - 1;
                if let Err(error) = self.carry_out(t, expected, now) {
                    report.failed.push((id, error.message));
                    continue;
                }
            }
            report.expired.push(id);
        }
        Ok(report)
    }

    fn view(&self, r: &ShareRequest, actor: &Identity, all: &[ShareRequest], now: i64) -> RequestView {
        let ctx = self.product_context(&r.product_account, &r.product_database).ok();
        let original = r.extends.as_ref().and_then(|id| all.iter().find(|o| &o.id == id));
        let (columns, highest, approvals_needed, plan) = match &ctx {
            Some(ctx) => {
                let asked = original.unwrap_or(r);
                let columns = preview::requested_columns(asked, ctx.database(), ctx.tables());
                let highest = preview::highest_requested(&columns);
                let missing = if r.status == CoreStatus::Pending {
                    decide::approvals_missing(r, &ctx.policy, highest).into_iter().map(|c| approver(c, ctx.database())).collect()
                } else {
                    Vec::new()
                };
                let plan = preview::plan_grants(r, ctx.tables()).into_iter().map(|g| convert::planned(&PolicyOp::Grant(g))).collect();
                (
                    columns.iter().map(|c| requested_column(&c.table, &c.column, c.sensitivity)).collect(),
                    highest.map(convert::sensitivity),
                    missing,
                    plan,
                )
            }
            None => (Vec::new(), None, Vec::new(), Vec::new()),
        };
        RequestView {
            id: r.id.clone(),
            version: r.version,
            requester: r.requester.clone(),
            requester_name: self.name_of(&r.requester),
            principal: r.principal.clone(),
            product: meshdesk_protocol::ProductRef::new(r.product_account.clone(), r.product_database.clone()),
            tables: r.tables.clone(),
            columns,
            row_filter: r.row_filter.clone(),
            permissions: r.permissions.iter().map(|p| convert::permission(*p)).collect(),
            duration_days: r.duration_days,
            justification: r.justification.clone(),
            status: convert::request_status(r.status),
            created_at: r.created_at,
            decisions: r
                .decisions
                .iter()
                .map(|d| DecisionView {
                    by: d.by.clone(),
                    by_name: self.name_of(&d.by),
                    capacity: capacity_name(d.capacity).to_owned(),
                    verdict: convert::verdict(d.verdict).to_owned(),
                    at: d.at,
                    reason: d.reason.clone(),
                })
                .collect(),
            expires_at: r.expires_at,
            grant_ids: r.grant_ids.clone(),
            last_error: r.last_error.clone(),
            extends: r.extends.clone(),
            links: r.consumer.links.iter().map(crate::consumer::link_view).collect(),
            consumer_pending: r.consumer.pending.clone(),
            highest,
            approvals_needed,
            plan,
            actions: self.actions(r, actor, now),
        }
    }

    /// What `actor` may do with `r` now: each decision is tried against the core's rules, so
    /// the window offers exactly what the backend would accept.
    fn actions(&self, r: &ShareRequest, actor: &Identity, now: i64) -> Vec<RequestAction> {
        let mut actions = Vec::new();
        let tries = [
            (RequestAction::Approve, Action::Approve),
            (RequestAction::Reject, Action::Reject { reason: "-".into() }),
            (RequestAction::Withdraw, Action::Withdraw),
            (RequestAction::Revoke, Action::Revoke { reason: "-".into() }),
        ];
        for (name, action) in tries {
            if self.transition(r, actor, action, now).is_ok() {
                actions.push(name);
            }
        }
        if r.status == CoreStatus::Provisioned && r.requester == actor.id && r.extends.is_none() {
            actions.push(RequestAction::Extend);
        }
        if r.status == CoreStatus::Approved && self.require_decider(actor, r).is_ok() {
            actions.push(RequestAction::Retry);
        }
        actions
    }
}

fn decide_context<'a>(
    ctx: &'a ProductContext,
    highest: Option<meshdesk_core::sensitivity::Sensitivity>,
    original: Option<&'a ShareRequest>,
    now: i64,
) -> DecideContext<'a> {
    DecideContext {
        product: ctx.database(),
        product_tables: ctx.tables(),
        policy: &ctx.policy,
        highest_requested: highest,
        original,
        now,
    }
}

fn requested_column(table: &str, column: &str, sensitivity: Option<meshdesk_core::sensitivity::Effective>) -> RequestedColumn {
    RequestedColumn { table: table.to_owned(), column: column.to_owned(), sensitivity: sensitivity.map(convert::effective) }
}

/// Who an approval is needed from, in words.
fn approver(capacity: Capacity, product: &Database) -> String {
    match capacity {
        Capacity::Owner => format!("an owner of {}:{} ({})", product.account, product.name, product.owners().join(", ")),
        Capacity::Steward => match product.param(meshdesk_core::params::STEWARD) {
            Some(steward) => format!("the steward ({steward})"),
            None => "a data steward".to_owned(),
        },
        other => capacity_name(other).to_owned(),
    }
}
