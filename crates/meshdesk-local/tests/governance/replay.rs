//! Every seeded request is where the core's own rules would have taken it: replaying its
//! decisions through `governance::decide` (and the provisioning outcomes through
//! `governance::transition`) from the request as `new_request` makes it gives the same request,
//! and the same audit events, as the demo seeds.

use meshdesk_core::governance::approval::ApprovalPolicy;
use meshdesk_core::governance::decide::{Action, DecideContext, auto_decision, decide};
use meshdesk_core::governance::model::{AuditDraft, Capacity, Identity, RequestStatus, ShareRequest, Verdict};
use meshdesk_core::governance::preview::sensitivity_of;
use meshdesk_core::governance::request::{RequestInput, new_request};
use meshdesk_core::governance::transition::{Transition, created_event, expire, provisioned, provisioning_failed};
use meshdesk_local::{DemoMesh, demo_mesh};

use crate::fixture::NOW;

/// The identity a decision was made by: a persona, or an owner of another domain known by email.
fn identity(mesh: &DemoMesh, by: &str) -> Identity {
    match mesh.personas.iter().find(|p| p.identity.id == by) {
        Some(persona) => persona.identity.clone(),
        None => Identity { id: by.into(), name: by.into(), email: by.into(), ..Identity::default() },
    }
}

/// Replays `seeded` and returns the request it ends as, with the events of its commits.
fn replay(mesh: &DemoMesh, seeded: &ShareRequest) -> (ShareRequest, Vec<AuditDraft>) {
    let catalog = &mesh.catalog;
    let id = &seeded.id;
    let product = catalog
        .databases
        .iter()
        .find(|d| d.account == seeded.product_account && d.name == seeded.product_database)
        .unwrap_or_else(|| panic!("{id}: the product exists"));
    let policy = ApprovalPolicy::of(product).unwrap_or_else(|e| panic!("{id}: {e}"));
    let input = RequestInput {
        principal: seeded.principal.clone(),
        tables: seeded.tables.clone(),
        columns: seeded.columns.clone(),
        row_filter: seeded.row_filter.clone(),
        permissions: seeded.permissions.clone(),
        duration_days: seeded.duration_days,
        justification: seeded.justification.clone(),
    };
    let requester = identity(mesh, &seeded.requester);
    let mut request = new_request(input, &requester, product, &catalog.tables, &policy, seeded.created_at, id.clone())
        .unwrap_or_else(|e| panic!("{id} could have been asked: {e}"));
    let mut events = vec![created_event(&request)];
    let provisioned_at = seeded.expires_at.map(|end| end - i64::from(seeded.duration_days) * 86_400);

    for decision in &seeded.decisions {
        let ctx = DecideContext {
            product,
            product_tables: &catalog.tables,
            policy: &policy,
            highest_requested: sensitivity_of(&request, product, &catalog.tables),
            original: None,
            now: decision.at,
        };
        let auto = auto_decision(&request, &ctx, &catalog.accounts);
        let by_policy = decision.capacity == Capacity::Policy && decision.verdict == Verdict::Approve;
        assert_eq!(auto.is_some(), by_policy, "{id}: the policy approves it by itself exactly when the demo says so");
        let actor = identity(mesh, &decision.by);
        let reason = || decision.reason.clone().unwrap_or_default();
        let next: Transition = match decision.verdict {
            Verdict::Approve if by_policy => auto.ok_or_else(|| panic!("{id}: auto-approved")),
            Verdict::Approve => decide(&request, &actor, Action::Approve, &ctx),
            Verdict::Reject => decide(&request, &actor, Action::Reject { reason: reason() }, &ctx),
            Verdict::Withdraw => decide(&request, &actor, Action::Withdraw, &ctx),
            Verdict::Revoke => decide(&request, &actor, Action::Revoke { reason: reason() }, &ctx),
            Verdict::Expire => expire(&request, decision.at),
            Verdict::Extend => panic!("{id}: the demo extends nothing"),
        }
        .unwrap_or_else(|refusal| panic!("{id}: {} may not {:?}: {refusal}", decision.by, decision.verdict));
        events.push(next.audit);
        request = next.request;

        if request.status == RequestStatus::Approved {
            let grants = next.provision.unwrap_or_default();
            let outcome = match (&seeded.last_error, provisioned_at) {
                (Some(error), _) => provisioning_failed(&request, error),
                (None, Some(at)) => provisioned(&request, grants.iter().map(|g| g.id.clone()).collect(), at),
                (None, None) => panic!("{id} was approved but neither provisioned nor failed"),
            }
            .unwrap_or_else(|refusal| panic!("{id}: {refusal}"));
            events.push(outcome.audit);
            request = outcome.request;
        }
    }
    (request, events)
}

#[test]
fn every_seeded_request_is_where_the_core_rules_would_have_taken_it() {
    let mesh = demo_mesh(NOW);
    // Every request is replayed, so one run names every request that strays from the rules.
    let strays: Vec<&str> = mesh
        .requests
        .iter()
        .filter(|seeded| std::panic::catch_unwind(|| replay(&mesh, seeded)).is_err())
        .map(|seeded| seeded.id.as_str())
        .collect();
    assert!(strays.is_empty(), "{strays:?} stray from the core's rules (see each panic above)");
    for seeded in &mesh.requests {
        let (replayed, events) = replay(&mesh, seeded);
        assert_eq!(&replayed, seeded, "{}", seeded.id);
        let seeded_events: Vec<AuditDraft> = mesh
            .audit
            .iter()
            .filter(|e| e.request_id.as_deref() == Some(&seeded.id) && e.action.starts_with("request."))
            .map(|e| AuditDraft {
                actor: e.actor.clone(),
                action: e.action.clone(),
                target: e.target.clone(),
                request_id: e.request_id.clone(),
                before: e.before.clone(),
                after: e.after.clone(),
            })
            .collect();
        assert_eq!(seeded_events, events, "{}: its audit events", seeded.id);
    }
}
