//! The consumer side of a cross-account share: approving a request from the voice account makes
//! the producer's grant (exactly the columns asked, no grant option) and, in the voice account,
//! a resource link in `meshdesk_shared` with DESCRIBE on it for the consumer's role — at once
//! when the approver's mesh reaches the voice account, else when the consumer opens Meshdesk.
//! Revocation and expiry take all of it away. (The RAM invitation step is tested on mocks in
//! `src/consumer_tests.rs`: the emulator has no RAM invitations.)

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_lakeformation::types as lf;
use meshdesk_api::{AwsMesh, Meshdesk};
use meshdesk_core::ports::AuditLog;
use meshdesk_protocol::{Decide, DecideInput, RequestDraft, RequestStatus, RequestView};

use crate::fixture::{IDENTITY, NOW, Person, TestMesh, VOICE, person_profile};

const DAY: i64 = 86_400;

/// Mia's role in the voice account, where she is a consumer.
fn consumer_role(mesh: &TestMesh) -> String {
    format!("arn:aws:iam::{}:role/Analyst", mesh.account(VOICE))
}

/// The governance tests' request (two columns of `customers`, 30 days), for the voice role.
fn draft(mesh: &TestMesh) -> RequestDraft {
    RequestDraft { principal: consumer_role(mesh), ..crate::governance::draft(mesh) }
}

fn approve(owner: &Meshdesk<AwsMesh>, sent: &RequestView, at: i64) -> RequestView {
    owner
        .decide(&DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve }, at)
        .expect("the owner approves")
}

fn entries_for(mesh: &TestMesh, k: u32, principal: &str) -> Vec<lf::PrincipalResourcePermissions> {
    mesh.permissions(k)
        .into_iter()
        .filter(|p| p.principal().and_then(|p| p.data_lake_principal_identifier()) == Some(principal))
        .collect()
}

/// The producer lists exactly the asked columns for the consumer's role, never grantable.
fn assert_producer_grant(mesh: &TestMesh) {
    let listed = entries_for(mesh, IDENTITY, &consumer_role(mesh));
    assert_eq!(listed.len(), 1, "{listed:#?}");
    let columns = listed[0].resource().and_then(|r| r.table_with_columns()).expect("a column-level grant");
    assert_eq!((columns.database_name(), columns.name()), ("customer_profiles", "customers"));
    let names: BTreeSet<&str> = columns.column_names().iter().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["id", "segment"]));
    assert_eq!(listed[0].permissions(), [lf::Permission::Select]);
    assert!(listed[0].permissions_with_grant_option().is_empty(), "never grantable to another account");
}

/// What `meshdesk_shared.<link>` is in the voice account: its link target, if it exists.
fn link_target(mesh: &TestMesh, link: &str) -> Option<(String, String, String)> {
    let admin = mesh.clients(VOICE);
    let got = mesh.block_on(admin.glue.get_table().database_name("meshdesk_shared").name(link).send());
    match got {
        Ok(out) => {
            let target = out.table().and_then(|t| t.target_table()).expect("a resource link, not a table");
            Some((
                target.catalog_id().unwrap_or_default().to_owned(),
                target.database_name().unwrap_or_default().to_owned(),
                target.name().unwrap_or_default().to_owned(),
            ))
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => None,
        Err(e) => panic!("GetTable of the link: {e:?}"),
    }
}

/// The voice account's DESCRIBE grants on the link for the consumer's role.
fn describe_on_link(mesh: &TestMesh, link: &str) -> Vec<lf::PrincipalResourcePermissions> {
    entries_for(mesh, VOICE, &consumer_role(mesh))
        .into_iter()
        .filter(|p| p.resource().and_then(|r| r.table()).is_some_and(|t| t.database_name() == "meshdesk_shared" && t.name() == Some(link)))
        .collect()
}

/// The link is there, pointing at the producer's table, and the role may DESCRIBE it.
fn assert_linked(mesh: &TestMesh, view: &RequestView) -> String {
    assert_eq!(view.consumer_pending, None, "the consumer side is done");
    assert_eq!(view.links.len(), 1, "{:?}", view.links);
    let link = &view.links[0];
    assert_eq!((link.account.as_str(), link.database.as_str(), link.table.as_str()), (mesh.account(VOICE).as_str(), "meshdesk_shared", "customers"));
    assert_eq!(link_target(mesh, &link.name), Some((mesh.account(IDENTITY), "customer_profiles".into(), "customers".into())));
    let describe = describe_on_link(mesh, &link.name);
    assert_eq!(describe.len(), 1, "{describe:#?}");
    assert_eq!(describe[0].permissions(), [lf::Permission::Describe]);
    assert!(describe[0].permissions_with_grant_option().is_empty());
    link.name.clone()
}

fn assert_all_gone(mesh: &TestMesh, link: &str) {
    assert!(entries_for(mesh, IDENTITY, &consumer_role(mesh)).is_empty(), "the producer's grant is gone");
    assert_eq!(link_target(mesh, link), None, "the link is deleted");
    assert!(describe_on_link(mesh, link).is_empty(), "DESCRIBE on the link is revoked");
}

pub fn an_approver_who_reaches_the_consumers_account_links_at_once_and_revoking_takes_it_all_away() {
    let mesh = TestMesh::seeded();
    let mia = mesh.open(Person::Mia);
    let sent = mia.submit_request(&draft(&mesh), NOW).expect("submitted");
    let dana = mesh.open(Person::Dana);
    let approved = approve(&dana, &sent, NOW + 60);
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
    assert_producer_grant(&mesh);
    let link = assert_linked(&mesh, &approved);

    // Mia sees where to query it, in her own catalog.
    mia.refresh_aws(Arc::new(|_| {}), NOW + 120).expect("refreshed");
    let access = mia.my_access().expect("my access");
    let customers = access.tables.iter().find(|t| t.table.table == "customers").expect("customers is readable");
    assert_eq!(customers.reachable_as, Some(format!("meshdesk_shared.{link}")));
    // The DESCRIBE on the link is the request's own, not drift.
    dana.refresh_aws(Arc::new(|_| {}), NOW + 120).expect("refreshed");
    let findings = dana.findings(NOW + 120).expect("findings");
    let drift = ["unexplained-grant", "missing-link", "unexplained-link"];
    assert!(findings.iter().all(|f| !drift.contains(&f.kind.as_str())), "{findings:#?}");

    // A link deleted behind Meshdesk's back is drift once the consumer's catalog is read again.
    let admin = mesh.clients(VOICE);
    mesh.block_on(admin.glue.delete_table().database_name("meshdesk_shared").name(&link).send()).expect("DeleteTable");
    dana.refresh_aws(Arc::new(|_| {}), NOW + 150).expect("refreshed");
    let findings = dana.findings(NOW + 150).expect("findings");
    assert!(findings.iter().any(|f| f.kind == "missing-link" && f.target == sent.id), "{findings:#?}");

    let current = dana.request(&sent.id, NOW + 180).expect("the request");
    let revoked = dana
        .decide(
            &DecideInput { id: sent.id.clone(), expected_version: current.version, decision: Decide::Revoke { reason: "project ended".into() } },
            NOW + 180,
        )
        .expect("revoked");
    assert_eq!(revoked.status, RequestStatus::Revoked);
    assert!(revoked.links.is_empty() && revoked.consumer_pending.is_none(), "{revoked:?}");
    assert_all_gone(&mesh, &link);

    let actions: Vec<String> = dana.backend().events().expect("events").into_iter().map(|e| e.action).collect();
    for action in ["request.provisioned", "request.consumer_linked", "grant.revoked", "request.consumer_unlinked"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

pub fn the_consumer_links_when_they_next_open_meshdesk_and_expiry_takes_it_all_away() {
    let mesh = TestMesh::seeded();
    // Dana's mesh file names only the accounts she works in: not the voice account.
    let slot = mesh.slot;
    let text = mesh.mesh_text(Person::Dana, "");
    let voice = format!("\n[[account]]\nprofile = \"{}\"\nname = \"voice-prod\"\ndomain = \"voice\"\n", person_profile(slot, Person::Dana, VOICE));
    assert!(text.contains(&voice), "the fixture's mesh file changed: {text}");
    std::fs::write(mesh.mesh_file(Person::Dana), text.replace(&voice, "")).expect("Dana's mesh file");

    let mia = mesh.open(Person::Mia);
    let sent = mia.submit_request(&draft(&mesh), NOW).expect("submitted");
    drop(mia);
    let dana = mesh.open(Person::Dana);
    let approved = approve(&dana, &sent, NOW + 60);
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
    assert_producer_grant(&mesh);
    let waiting = approved.consumer_pending.clone().expect("the consumer side waits");
    assert!(waiting.contains(&mesh.account(VOICE)) && waiting.contains("open Meshdesk"), "{waiting}");
    assert_eq!(approved.links.len(), 1);
    assert_eq!(link_target(&mesh, &approved.links[0].name), None, "nothing is made in the voice account yet");

    // Mia opens Meshdesk: her mesh reaches the voice account, so the link is made.
    let mia = mesh.open(Person::Mia);
    let linked = mia.request(&sent.id, NOW + 120).expect("the request");
    let link = assert_linked(&mesh, &linked);

    // The access ends; Dana's sweep revokes the producer's grant but cannot reach the links.
    let end = NOW + 60 + 30 * DAY;
    let report = dana.reconcile(end + 1).expect("reconciled");
    assert_eq!(report.expired, [sent.id.clone()]);
    let expired = dana.request(&sent.id, end + 1).expect("the request");
    assert_eq!(expired.status, RequestStatus::Expired);
    assert!(expired.consumer_pending.as_deref().is_some_and(|p| p.contains("still to delete")), "{expired:?}");
    assert!(entries_for(&mesh, IDENTITY, &consumer_role(&mesh)).is_empty(), "the producer's grant is gone");

    // Mia's next start deletes them.
    drop(mia);
    let mia = mesh.open(Person::Mia);
    let done = mia.request(&sent.id, end + 2).expect("the request");
    assert!(done.links.is_empty() && done.consumer_pending.is_none(), "{done:?}");
    assert_all_gone(&mesh, &link);
}
