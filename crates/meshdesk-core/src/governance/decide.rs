//! Decisions on share requests: approve (alone or as part of a quorum), reject, withdraw,
//! revoke, expire and extend, and auto-approval by the product's policy. Each is a pure function
//! from a request and a verified identity to the request's next state, the audit event it implies
//! and the grants to make or revoke — or a [`Refusal`] saying why not.
//!
//! Extensions: an extension request (`extends: Some(original)`, see
//! [`super::request::new_extension`]) is decided like any request, with the same quorum. Once
//! approved it is `provisioned` at once — it grants nothing of its own — and its transition
//! carries a second one, `extended`, that moves the original's `expires_at` to the end the
//! extension asked for. The caller commits the extension, then the original; committing the
//! original again later changes nothing, so a crash between the two is finished by retrying.

use super::approval::{capacity_name, ApprovalPolicy};
use super::model::{Capacity, Decision, Identity, RequestStatus, ShareRequest, Verdict};
use super::ownership::{is_owner, is_steward};
use super::preview::{auto_approval, plan_grants, AutoApproval};
use super::principal::Principal;
use super::request::DAY;
use super::transition::{bumped, concluded, date, refuse, transition, Refusal, RefusalKind, Transition, POLICY_ACTOR};
use crate::model::{Account, Database, Table};
use crate::sensitivity::Sensitivity;

/// What someone does to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Approve,
    Reject { reason: String },
    Withdraw,
    Revoke { reason: String },
    Expire,
    /// An owner moves a provisioned request's end to `until` (Unix seconds), where no quorum is
    /// needed; otherwise the requester asks with an extension request.
    Extend { until: i64 },
}

impl Action {
    fn verb(&self) -> &'static str {
        match self {
            Action::Approve => "approved",
            Action::Reject { .. } => "rejected",
            Action::Withdraw => "withdrawn",
            Action::Revoke { .. } => "revoked",
            Action::Expire => "expired",
            Action::Extend { .. } => "extended",
        }
    }
}

/// What a decision is judged against.
#[derive(Debug, Clone, Copy)]
pub struct DecideContext<'a> {
    pub product: &'a Database,
    /// The product's tables, to plan the grants an approval makes.
    pub product_tables: &'a [Table],
    pub policy: &'a ApprovalPolicy,
    /// The request's most sensitive column (see [`super::preview::highest_requested`]).
    pub highest_requested: Option<Sensitivity>,
    /// For an extension request: the request it extends.
    pub original: Option<&'a ShareRequest>,
    pub now: i64,
}

fn who(actor: &Identity) -> &str {
    if actor.name.trim().is_empty() { &actor.id } else { &actor.name }
}

/// Applies `action` by `actor` to `request`.
pub fn decide(request: &ShareRequest, actor: &Identity, action: Action, ctx: &DecideContext<'_>) -> Result<Transition, Refusal> {
    if request.status.is_final() {
        let (id, status, verb) = (&request.id, request.status.as_str(), action.verb());
        return refuse(RefusalKind::WrongState, format!("{id} is {status}; it can no longer be {verb}"));
    }
    match action {
        Action::Approve => approve(request, actor, ctx),
        Action::Reject { reason } => reject(request, actor, &reason, ctx),
        Action::Withdraw => withdraw(request, actor, ctx.now),
        Action::Revoke { reason } => revoke(request, actor, &reason, ctx),
        Action::Expire => super::transition::expire(request, ctx.now),
        Action::Extend { until } => extend_by_owner(request, actor, until, ctx),
    }
}

/// Why the access would be the actor's own: they asked for it, or it would go to a role, user or
/// group they act as (someone signed in under another identity is still the same person).
fn own_access(request: &ShareRequest, actor: &Identity) -> Option<String> {
    if actor.id == request.requester {
        return Some("they requested it".to_owned());
    }
    let grantee = Principal::parse(&request.principal).ok().filter(|p| !matches!(p, Principal::Account(_)))?;
    let acts_as = actor.principals.iter().chain(&actor.groups).any(|p| Principal::parse(p).is_ok_and(|p| p == grantee));
    acts_as.then(|| format!("the access would go to {grantee}, which they act as"))
}

/// The capacities whose approval the request still waits for.
pub fn approvals_missing(request: &ShareRequest, policy: &ApprovalPolicy, highest: Option<Sensitivity>) -> Vec<Capacity> {
    let given: Vec<Capacity> =
        request.decisions.iter().filter(|d| d.verdict == Verdict::Approve).map(|d| d.capacity).collect();
    policy.required_approvals(highest).into_iter().filter(|c| !given.contains(c)).collect()
}

fn names(capacities: &[Capacity]) -> String {
    capacities.iter().map(|c| capacity_name(*c)).collect::<Vec<_>>().join(" and ")
}

fn approve(request: &ShareRequest, actor: &Identity, ctx: &DecideContext<'_>) -> Result<Transition, Refusal> {
    let (id, name) = (&request.id, who(actor));
    if request.status != RequestStatus::Pending {
        return refuse(RefusalKind::WrongState, format!("{id} is already {}", request.status.as_str()));
    }
    if let Some(why) = own_access(request, actor) {
        return refuse(RefusalKind::OwnRequest, format!("{name} cannot approve {id}: {why}"));
    }
    if request.decisions.iter().any(|d| d.by == actor.id && d.verdict == Verdict::Approve) {
        return refuse(RefusalKind::AlreadyApproved, format!("{name} has already approved {id}; the rest of the quorum must be someone else"));
    }
    let missing = approvals_missing(request, ctx.policy, ctx.highest_requested);
    let (owner, steward) = (is_owner(actor, ctx.product), is_steward(actor, ctx.product));
    let holds = |c: &Capacity| match c {
        Capacity::Owner => owner,
        Capacity::Steward => steward,
        Capacity::Policy | Capacity::Requester => false,
    };
    let required = ctx.policy.required_approvals(ctx.highest_requested);
    // A policy relaxed after a partial approval can leave nothing missing: anyone in a required
    // capacity then completes the approval.
    let open = if missing.is_empty() { &required } else { &missing };
    let Some(capacity) = open.iter().copied().find(holds) else {
        if owner || (steward && required.contains(&Capacity::Steward)) {
            let waits = names(&missing);
            return refuse(RefusalKind::AlreadyApproved, format!("{id} already has the approval {name} could give; it waits for {waits}"));
        }
        let product = &ctx.product.name;
        let nor = if required.contains(&Capacity::Steward) { " nor a steward" } else { "" };
        return refuse(RefusalKind::NotEntitled, format!("{name} cannot approve {id}: they are not an owner of {product}{nor}"));
    };
    let original = original_of(request, ctx)?;
    let decision = Decision { by: actor.id.clone(), capacity, verdict: Verdict::Approve, at: ctx.now, reason: None };
    Ok(approval(request, decision, missing.len() <= 1, ctx, original))
}

/// For an extension request, the original it extends, which must be given and still provisioned.
fn original_of<'a>(request: &ShareRequest, ctx: &DecideContext<'a>) -> Result<Option<&'a ShareRequest>, Refusal> {
    let Some(original_id) = &request.extends else { return Ok(None) };
    let id = &request.id;
    match ctx.original.filter(|o| &o.id == original_id) {
        None => refuse(RefusalKind::Invalid, format!("{id} extends {original_id}, which was not given to decide on")),
        Some(o) if o.status != RequestStatus::Provisioned => refuse(
            RefusalKind::WrongState,
            format!("{id} extends {original_id}, which is {}; access must be requested anew", o.status.as_str()),
        ),
        Some(o) => Ok(Some(o)),
    }
}

fn approval(
    request: &ShareRequest,
    decision: Decision,
    complete: bool,
    ctx: &DecideContext<'_>,
    original: Option<&ShareRequest>,
) -> Transition {
    let mut next = bumped(request);
    let by = decision.by.clone();
    let capacity = decision.capacity;
    next.decisions.push(decision);
    if !complete {
        return transition(request, next, &by, "request.approval_recorded");
    }
    match original {
        Some(original) => {
            next.status = RequestStatus::Provisioned;
            let until = request.expires_at.unwrap_or(ctx.now);
            let extended = extend(original, &by, capacity, until, ctx.now, Some(&request.id)).map(Box::new);
            Transition { extended, ..transition(request, next, &by, "request.approved") }
        }
        None => {
            next.status = RequestStatus::Approved;
            let grants = plan_grants(&next, ctx.product_tables);
            Transition { provision: Some(grants), ..transition(request, next, &by, "request.approved") }
        }
    }
}

/// Approves a pending request in the policy's name when the policy allows it by itself.
pub fn auto_decision(request: &ShareRequest, ctx: &DecideContext<'_>, mesh_accounts: &[Account]) -> Option<Transition> {
    if request.status != RequestStatus::Pending {
        return None;
    }
    if auto_approval(request, ctx.policy, ctx.highest_requested, mesh_accounts) != AutoApproval::Approves {
        return None;
    }
    let original = original_of(request, ctx).ok()?;
    let decision =
        Decision { by: POLICY_ACTOR.into(), capacity: Capacity::Policy, verdict: Verdict::Approve, at: ctx.now, reason: None };
    Some(approval(request, decision, true, ctx, original))
}

fn reject(request: &ShareRequest, actor: &Identity, reason: &str, ctx: &DecideContext<'_>) -> Result<Transition, Refusal> {
    let (id, name) = (&request.id, who(actor));
    if request.status != RequestStatus::Pending {
        let status = request.status.as_str();
        return refuse(RefusalKind::WrongState, format!("{id} is already {status}; revoke it instead of rejecting it"));
    }
    if actor.id == request.requester {
        return refuse(RefusalKind::OwnRequest, format!("{name} cannot reject {id}: they requested it; they can withdraw it"));
    }
    let required = ctx.policy.required_approvals(ctx.highest_requested);
    let capacity = if is_owner(actor, ctx.product) {
        Capacity::Owner
    } else if required.contains(&Capacity::Steward) && is_steward(actor, ctx.product) {
        Capacity::Steward
    } else {
        return refuse(RefusalKind::NotEntitled, format!("{name} cannot reject {id}: they are not an owner of {}", ctx.product.name));
    };
    let reason = reason.trim();
    if reason.is_empty() {
        return refuse(RefusalKind::ReasonMissing, format!("rejecting {id} needs a reason the requester can read"));
    }
    let decision = Decision { by: actor.id.clone(), capacity, verdict: Verdict::Reject, at: ctx.now, reason: Some(reason.into()) };
    Ok(concluded(request, decision, RequestStatus::Rejected, Vec::new()))
}

fn withdraw(request: &ShareRequest, actor: &Identity, now: i64) -> Result<Transition, Refusal> {
    let (id, name) = (&request.id, who(actor));
    if actor.id != request.requester {
        return refuse(RefusalKind::NotEntitled, format!("{name} cannot withdraw {id}: only its requester can"));
    }
    if request.status != RequestStatus::Pending {
        let status = request.status.as_str();
        return refuse(
            RefusalKind::WrongState,
            format!("{id} is already {status}; it can no longer be withdrawn (an owner can revoke it)"),
        );
    }
    let decision = Decision { by: actor.id.clone(), capacity: Capacity::Requester, verdict: Verdict::Withdraw, at: now, reason: None };
    Ok(concluded(request, decision, RequestStatus::Withdrawn, Vec::new()))
}

fn revoke(request: &ShareRequest, actor: &Identity, reason: &str, ctx: &DecideContext<'_>) -> Result<Transition, Refusal> {
    let (id, name) = (&request.id, who(actor));
    if request.status == RequestStatus::Pending {
        return refuse(RefusalKind::WrongState, format!("{id} is pending; reject or withdraw it instead"));
    }
    if let Some(original) = &request.extends {
        return refuse(RefusalKind::Invalid, format!("{id} extends {original}; revoke {original} to end the access"));
    }
    let capacity = if is_owner(actor, ctx.product) {
        Capacity::Owner
    } else if is_steward(actor, ctx.product) {
        Capacity::Steward
    } else {
        let product = &ctx.product.name;
        return refuse(RefusalKind::NotEntitled, format!("{name} cannot revoke {id}: they are neither an owner nor a steward of {product}"));
    };
    let reason = reason.trim();
    if reason.is_empty() {
        return refuse(RefusalKind::ReasonMissing, format!("revoking {id} needs a reason the requester can read"));
    }
    // An approved request may have been provisioned in part before a crash: revoke every grant it
    // plans as well as those it recorded (revoking a missing grant changes nothing).
    let mut ids = request.grant_ids.clone();
    for grant in plan_grants(request, ctx.product_tables) {
        if !ids.contains(&grant.id) {
            ids.push(grant.id);
        }
    }
    let decision = Decision { by: actor.id.clone(), capacity, verdict: Verdict::Revoke, at: ctx.now, reason: Some(reason.into()) };
    Ok(concluded(request, decision, RequestStatus::Revoked, ids))
}

fn extend_by_owner(request: &ShareRequest, actor: &Identity, until: i64, ctx: &DecideContext<'_>) -> Result<Transition, Refusal> {
    let (id, name) = (&request.id, who(actor));
    let Some(end) = request.expires_at.filter(|_| request.status == RequestStatus::Provisioned) else {
        let status = request.status.as_str();
        return refuse(RefusalKind::WrongState, format!("{id} is {status}; only provisioned access can be extended"));
    };
    if request.extends.is_some() {
        return refuse(RefusalKind::Invalid, format!("{id} is an extension; extend the request it extends"));
    }
    if let Some(why) = own_access(request, actor) {
        return refuse(RefusalKind::OwnRequest, format!("{name} cannot extend {id}: {why}; they can ask for an extension"));
    }
    let required = ctx.policy.required_approvals(ctx.highest_requested);
    if required != [Capacity::Owner] {
        let quorum = names(&required);
        return refuse(RefusalKind::NotEntitled, format!("extending {id} needs the approval of {quorum}; the requester asks for an extension"));
    }
    if !is_owner(actor, ctx.product) {
        return refuse(RefusalKind::NotEntitled, format!("{name} cannot extend {id}: they are not an owner of {}", ctx.product.name));
    }
    let latest = ctx.now + i64::from(ctx.policy.max_duration_days) * DAY;
    if until > latest {
        let days = ctx.policy.max_duration_days;
        return refuse(RefusalKind::Invalid, format!("{id} can run at most {days} days from now, until {}", date(latest)));
    }
    if until <= end {
        return refuse(RefusalKind::Invalid, format!("{id} already runs until {}", date(end)));
    }
    extend(request, &actor.id, Capacity::Owner, until, ctx.now, None)
        .ok_or_else(|| Refusal { kind: RefusalKind::Invalid, message: format!("{id} already runs until {}", date(end)) })
}

/// Moves a provisioned request's end to `until`; `None` when it already runs that long.
fn extend(request: &ShareRequest, by: &str, capacity: Capacity, until: i64, now: i64, via: Option<&str>) -> Option<Transition> {
    if request.expires_at.is_some_and(|end| end >= until) {
        return None;
    }
    let mut next = bumped(request);
    next.expires_at = Some(until);
    let reason = match via {
        Some(extension) => format!("until {} ({extension})", date(until)),
        None => format!("until {}", date(until)),
    };
    next.decisions.push(Decision { by: by.into(), capacity, verdict: Verdict::Extend, at: now, reason: Some(reason) });
    Some(transition(request, next, by, "request.extended"))
}
