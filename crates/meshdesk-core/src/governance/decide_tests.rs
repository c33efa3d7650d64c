//! Decisions on share requests, told as what happens to Omar's request `req-7` for
//! `customer_profiles` (owner Dana, steward Sam).

use super::decide::{auto_decision, decide, Action};
use super::fixture::*;
use super::model::{Capacity, Identity, RequestStatus, ShareRequest, Verdict};
use super::request::new_extension;
use super::transition::{expire_due, provisioned, provisioning_failed, RefusalKind};
use crate::model::Account;

const EMAIL: &str = "customers.email";
const SEGMENT: &str = "customers.segment";

fn reject(reason: &str) -> Action {
    Action::Reject { reason: reason.into() }
}

fn revoke(reason: &str) -> Action {
    Action::Revoke { reason: reason.into() }
}

/// Approved by Dana and provisioned at `NOW`.
fn provisioned_request(world: &World, columns: &[&str]) -> ShareRequest {
    let approved = world.apply(&world.request(columns), &dana(), Action::Approve);
    provisioned(&approved, vec!["req-7/customers".into()], NOW).expect("approved").request
}

#[test]
fn nobody_approves_their_own_request_not_even_as_steward() {
    let world = World::demo();
    let dana_as_steward = Identity { steward: true, ..dana() };
    let own = world.request_by(&dana_as_steward, "100000000001", &[EMAIL]);
    let refusal = world.decide(&own, &dana_as_steward, Action::Approve).expect_err("own request");
    assert_eq!(refusal.kind, RefusalKind::OwnRequest);
    assert_eq!(refusal.message, "dana cannot approve req-7: they requested it");
    let partly = world.apply(&own, &sam(), Action::Approve);
    assert_eq!(world.refusal(&partly, &dana_as_steward, Action::Approve), "dana cannot approve req-7: they requested it");
}

#[test]
fn nobody_approves_access_for_a_role_they_act_as_under_another_identity() {
    let world = World::demo();
    let omar_as_owner = Identity { id: "omar-admin".into(), name: "omar".into(), email: "dana@telco.example".into(), ..omar() };
    assert_eq!(
        world.refusal(&world.request(&[SEGMENT]), &omar_as_owner, Action::Approve),
        format!("omar cannot approve req-7: the access would go to {OMAR_ROLE}, which they act as")
    );
}

#[test]
fn restricted_columns_wait_for_owner_and_steward() {
    let world = World::demo();
    let request = world.request(&[EMAIL]);
    let after_owner = world.decide(&request, &dana(), Action::Approve).expect("owner approves");
    assert_eq!(after_owner.request.status, RequestStatus::Pending, "the owner alone leaves it pending");
    assert_eq!(after_owner.provision, None);
    assert_eq!(after_owner.audit.action, "request.approval_recorded");
    assert_eq!(after_owner.request.decisions[0].capacity, Capacity::Owner);

    let after_steward = world.decide(&after_owner.request, &sam(), Action::Approve).expect("steward approves");
    assert_eq!(after_steward.request.status, RequestStatus::Approved);
    assert_eq!(after_steward.audit.action, "request.approved");
    let grants = after_steward.provision.expect("grants to make");
    assert_eq!(grants.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["req-7/customers"]);
}

#[test]
fn one_person_fills_one_place_in_a_quorum() {
    let world = World::demo();
    let dana_also_steward = Identity { steward: true, ..dana() };
    let partly = world.apply(&world.request(&[EMAIL]), &dana_also_steward, Action::Approve);
    let refusal = world.decide(&partly, &dana_also_steward, Action::Approve).expect_err("twice");
    assert_eq!(refusal.kind, RefusalKind::AlreadyApproved);
    let other_owner = Identity { id: "raj".into(), name: "raj".into(), email: "dana@telco.example".into(), ..dana() };
    assert_eq!(
        world.refusal(&partly, &other_owner, Action::Approve),
        "req-7 already has the approval raj could give; it waits for steward"
    );
}

#[test]
fn without_restricted_columns_the_owner_alone_approves_and_a_steward_cannot() {
    let world = World::demo();
    let request = world.request(&["customers.customer_id"]);
    assert_eq!(world.refusal(&request, &sam(), Action::Approve), "sam cannot approve req-7: they are not an owner of customer_profiles");
    assert_eq!(world.apply(&request, &dana(), Action::Approve).status, RequestStatus::Approved);
}

#[test]
fn someone_who_is_neither_owner_nor_steward_is_refused() {
    let world = World::demo();
    let refusal = world.decide(&world.request(&[EMAIL]), &lee(), Action::Approve).expect_err("not an owner");
    assert_eq!(refusal.kind, RefusalKind::NotEntitled);
    assert_eq!(refusal.message, "lee cannot approve req-7: they are not an owner of customer_profiles nor a steward");
    assert_eq!(world.refusal(&world.request(&[EMAIL]), &lee(), reject("no")), "lee cannot reject req-7: they are not an owner of customer_profiles");
}

#[test]
fn a_rejection_needs_a_reason_the_requester_can_read() {
    let world = World::demo();
    let request = world.request(&[SEGMENT]);
    assert_eq!(world.refusal(&request, &dana(), reject("  ")), "rejecting req-7 needs a reason the requester can read");
    let rejected = world.decide(&request, &dana(), reject("Use the aggregated segment table")).expect("rejected");
    assert_eq!(rejected.request.status, RequestStatus::Rejected);
    assert_eq!(rejected.request.decisions[0].reason.as_deref(), Some("Use the aggregated segment table"));
    assert_eq!(rejected.audit.after.as_deref(), Some("rejected v2; rejected by dana: Use the aggregated segment table"));
    assert_eq!(world.refusal(&request, &omar(), reject("changed my mind")), "omar cannot reject req-7: they requested it; they can withdraw it");
}

#[test]
fn only_the_requester_withdraws_and_only_while_pending() {
    let world = World::demo();
    let request = world.request(&[SEGMENT]);
    assert_eq!(world.refusal(&request, &dana(), Action::Withdraw), "dana cannot withdraw req-7: only its requester can");
    let withdrawn = world.apply(&request, &omar(), Action::Withdraw);
    assert_eq!((withdrawn.status, withdrawn.decisions[0].capacity), (RequestStatus::Withdrawn, Capacity::Requester));
    let approved = world.apply(&request, &dana(), Action::Approve);
    assert_eq!(
        world.refusal(&approved, &omar(), Action::Withdraw),
        "req-7 is already approved; it can no longer be withdrawn (an owner can revoke it)"
    );
}

#[test]
fn a_revocation_by_an_owner_or_steward_takes_the_grants_away() {
    let world = World::demo();
    let live = provisioned_request(&world, &[SEGMENT]);
    assert_eq!(world.refusal(&live, &lee(), revoke("x")), "lee cannot revoke req-7: they are neither an owner nor a steward of customer_profiles");
    assert_eq!(world.refusal(&live, &sam(), revoke("")), "revoking req-7 needs a reason the requester can read");
    let revoked = world.decide(&live, &sam(), revoke("Project ended")).expect("steward revokes");
    assert_eq!(revoked.request.status, RequestStatus::Revoked);
    assert_eq!(revoked.revoke, ["req-7/customers"]);
    let pending = world.request(&[SEGMENT]);
    assert_eq!(world.refusal(&pending, &dana(), revoke("x")), "req-7 is pending; reject or withdraw it instead");
}

#[test]
fn access_expires_at_its_end_and_not_before() {
    let world = World::demo();
    let live = provisioned_request(&world, &[SEGMENT]);
    let end = live.expires_at.expect("an end");
    assert_eq!(end, NOW + 90 * DAY);
    let early = world.ctx(&live, None, end - 1);
    let refusal = decide(&live, &lee(), Action::Expire, &early).expect_err("not yet");
    assert_eq!((refusal.kind, refusal.message.as_str()), (RefusalKind::NotDue, "req-7 runs until 2027-04-15; it cannot expire before"));

    assert!(expire_due(std::slice::from_ref(&live), end - 1).is_empty());
    let swept = expire_due(&[live.clone(), world.request(&[SEGMENT])], end);
    assert_eq!(swept.len(), 1, "only provisioned access expires");
    let expired = &swept[0];
    assert_eq!((expired.request.status, expired.request.decisions.last().map(|d| d.capacity)), (RequestStatus::Expired, Some(Capacity::Policy)));
    assert_eq!(expired.revoke, ["req-7/customers"]);
    assert_eq!(expired.audit.actor, "policy");
}

#[test]
fn an_approved_extension_moves_the_originals_end_once() {
    let world = World::demo();
    let original = provisioned_request(&world, &[SEGMENT]);
    let extension = new_extension(&original, &omar(), 30, "Model retraining", &world.policy, NOW + 80 * DAY, "req-9".into())
        .expect("extension");
    assert_eq!(extension.extends.as_deref(), Some("req-7"));
    assert_eq!(extension.expires_at, Some(NOW + 120 * DAY), "30 days after the original's end");

    let ctx = world.ctx(&extension, Some(&original), NOW + 81 * DAY);
    let approved = decide(&extension, &dana(), Action::Approve, &ctx).expect("approved");
    assert_eq!(approved.request.status, RequestStatus::Provisioned);
    assert_eq!(approved.provision, None, "an extension grants nothing new");
    let moved = approved.extended.expect("the original moves").request;
    assert_eq!((moved.expires_at, moved.version), (Some(NOW + 120 * DAY), original.version + 1));
    assert_eq!(moved.decisions.last().map(|d| d.verdict), Some(Verdict::Extend));

    let again = decide(&extension, &dana(), Action::Approve, &world.ctx(&extension, Some(&moved), NOW + 81 * DAY)).expect("ok");
    assert_eq!(again.extended, None, "an original already moved is not moved twice");
    assert_eq!(
        world.refusal(&approved.request, &dana(), revoke("x")),
        "req-9 extends req-7; revoke req-7 to end the access"
    );
}

#[test]
fn an_owner_extends_directly_only_where_no_quorum_applies() {
    let world = World::with_policy(None);
    let live = provisioned_request(&world, &[EMAIL]);
    let until = NOW + 200 * DAY;
    let extended = world.apply(&live, &dana(), Action::Extend { until });
    assert_eq!(extended.expires_at, Some(until));
    assert_eq!(world.refusal(&live, &omar(), Action::Extend { until }), "omar cannot extend req-7: they requested it; they can ask for an extension");

    let demo = World::demo();
    let by_owner = demo.apply(&demo.request(&[EMAIL]), &dana(), Action::Approve);
    let by_both = demo.apply(&by_owner, &sam(), Action::Approve);
    let quorum_live = provisioned(&by_both, vec![], NOW).expect("approved").request;
    assert_eq!(
        demo.refusal(&quorum_live, &dana(), Action::Extend { until }),
        "extending req-7 needs the approval of owner and steward; the requester asks for an extension"
    );
}

#[test]
fn final_states_refuse_every_further_decision() {
    let world = World::demo();
    let rejected = world.apply(&world.request(&[SEGMENT]), &dana(), reject("No"));
    assert_eq!(world.refusal(&rejected, &dana(), Action::Approve), "req-7 is rejected; it can no longer be approved");
    assert_eq!(world.refusal(&rejected, &omar(), Action::Withdraw), "req-7 is rejected; it can no longer be withdrawn");
    assert_eq!(world.refusal(&rejected, &dana(), revoke("x")), "req-7 is rejected; it can no longer be revoked");
}

#[test]
fn every_transition_bumps_the_version_and_records_before_and_after() {
    let world = World::demo();
    let request = world.request(&[EMAIL]);
    assert_eq!(request.version, 1);
    let partly = world.decide(&request, &dana(), Action::Approve).expect("owner");
    let approved = world.decide(&partly.request, &sam(), Action::Approve).expect("steward");
    let failed = provisioning_failed(&approved.request, "AccessDeniedException: not a data lake admin").expect("approved");
    let done = provisioned(&failed.request, vec!["req-7/customers".into()], NOW).expect("approved");
    let versions: Vec<u64> = [&partly, &approved, &failed, &done].iter().map(|t| t.request.version).collect();
    assert_eq!(versions, [2, 3, 4, 5]);
    assert_eq!(failed.request.status, RequestStatus::Approved, "a failed grant keeps the request approved");
    assert_eq!(failed.request.last_error.as_deref(), Some("AccessDeniedException: not a data lake admin"));
    assert_eq!(done.request.last_error, None);
    assert_eq!(approved.audit.before.as_deref(), Some("pending v2; approved as owner by dana"));
    assert_eq!(approved.audit.after.as_deref(), Some("approved v3; approved as owner by dana, steward by sam"));
    assert_eq!(done.audit.after.as_deref(), Some("provisioned v5; approved as owner by dana, steward by sam; until 2027-04-15; grants req-7/customers"));
    assert_eq!(provisioned(&done.request, vec![], NOW).map(|_| ()).map_err(|r| r.kind), Err(RefusalKind::WrongState));
}

#[test]
fn the_policy_approves_internal_data_for_mesh_accounts_by_itself() {
    let world = World::demo();
    let mesh: Vec<Account> = crate::fixture::mesh().accounts;
    let internal = world.request(&["customers.customer_id", SEGMENT]);
    let auto = auto_decision(&internal, &world.ctx(&internal, None, NOW), &mesh).expect("auto-approved");
    assert_eq!(auto.request.status, RequestStatus::Approved);
    assert_eq!((auto.request.decisions[0].by.as_str(), auto.request.decisions[0].capacity), ("policy", Capacity::Policy));
    assert!(auto.provision.is_some());

    let restricted = world.request(&[EMAIL]);
    assert_eq!(auto_decision(&restricted, &world.ctx(&restricted, None, NOW), &mesh), None);
    let outside: Vec<Account> = mesh.into_iter().filter(|a| a.id != ANALYTICS).collect();
    assert_eq!(auto_decision(&internal, &world.ctx(&internal, None, NOW), &outside), None, "a consumer outside the mesh waits");
}
