//! Effective access is kept between questions (built once per state of grants, tags and
//! catalog): every answer must still change right after the write that changes it — an
//! approval, a revocation, a policy grant or revoke, a tag, another process's write — and
//! questions asked from several threads at once while a write lands must agree with it.

use crate::fixture::*;
use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_protocol::{
    CatalogQuery, Decide, DecideInput, ErrorCode, GrantResource, Permission, PolicyChange, RequestStatus,
    Sensitivity, TableRef, TagTarget,
};

const SALES: &str = "402183775004";

fn customers() -> TableRef {
    TableRef::new(SALES, "customer_profiles", "customers")
}

/// The grantees who can read `column` of customers, as the API answers now.
fn readers_of(mesh: &Meshdesk, column: &str) -> Vec<String> {
    let columns = mesh.who_can_read(&customers()).expect("who can read");
    let column = columns.iter().find(|c| c.column == column).expect("the column");
    column.readers.iter().map(|r| r.grantee.clone()).collect()
}

fn decide(mesh: &Meshdesk, id: &str, decision: Decide) -> meshdesk_protocol::RequestView {
    let version = mesh.request(id, NOW).expect("request").version;
    mesh.decide(&DecideInput { id: id.into(), expected_version: version, decision }, NOW + 60).expect("decided")
}

/// Mia's role gains customers.segment at the approval and loses it at the revocation, and
/// each answer asked in between (the kept index) says so at once.
#[test]
fn approving_and_revoking_change_the_next_answer() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let sent = mesh.submit_request(&three_columns(), NOW).expect("submitted");
    assert!(!readers_of(&mesh, "segment").contains(&MIA_ROLE.to_owned()), "not before the approval");
    assert!(mesh.principal_access(MIA_ROLE).expect("mia's own").tables.iter().all(|t| t.table != customers()));

    act_as(&mesh, "dana");
    decide(&mesh, &sent.id, Decide::Approve);
    act_as(&mesh, "lee");
    let approved = decide(&mesh, &sent.id, Decide::Approve);
    assert_eq!(approved.status, RequestStatus::Provisioned);
    assert!(readers_of(&mesh, "segment").contains(&MIA_ROLE.to_owned()), "right after the approval");
    act_as(&mesh, "mia");
    let report = mesh.principal_table_access(MIA_ROLE, &customers()).expect("principal × table");
    let table = &report.tables[0];
    assert!(table.columns.iter().any(|c| c.column == "segment"), "{:?}", table.columns);
    assert!(table.expires_at.is_some(), "the request's end is shown");

    act_as(&mesh, "dana");
    let revoked = decide(&mesh, &sent.id, Decide::Revoke { reason: "campaign over".into() });
    assert_eq!(revoked.status, RequestStatus::Revoked);
    assert!(!readers_of(&mesh, "segment").contains(&MIA_ROLE.to_owned()), "right after the revocation");
    act_as(&mesh, "mia");
    assert!(mesh.principal_table_access(MIA_ROLE, &customers()).expect("principal × table").tables.is_empty());
}

/// A grant applied as policy is seen by the next answer, and so is its revocation.
#[test]
fn a_policy_grant_and_its_revoke_change_the_next_answer() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    assert!(!readers_of(&mesh, "segment").contains(&"402183775007".to_owned()));
    mesh.apply_policy(&[grant_segment_to_marketing(vec![])], NOW).expect("granted");
    let columns = mesh.who_can_read(&customers()).expect("who can read");
    let segment = columns.iter().find(|c| c.column == "segment").expect("segment");
    let reader = segment.readers.iter().find(|r| r.grantee == "402183775007").expect("the account reads it at once");
    let grant_id = reader.via[0].grant_id.clone();

    mesh.apply_policy(&[PolicyChange::Revoke { grant_id }], NOW).expect("revoked");
    assert!(!readers_of(&mesh, "segment").contains(&"402183775007".to_owned()), "gone at once");
}

/// An LF-tag policy grant covers the columns tagged as it says: tagging a column moves it into
/// the grantee's access on the next question, removing the tag moves it out.
#[test]
fn a_tag_change_changes_who_a_tag_policy_reaches() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let grantee = "arn:aws:iam::402183775007:role/public-readers";
    let policy = PolicyChange::Grant {
        principal: grantee.into(),
        resource: GrantResource::TagPolicy { account: SALES.into(), expression: "sensitivity=public".into() },
        permissions: vec![Permission::Select],
        grantable: vec![],
    };
    let email = TagTarget::Column {
        account: SALES.into(),
        database: "customer_profiles".into(),
        table: "customers".into(),
        column: "email".into(),
    };
    mesh.apply_policy(&[policy], NOW).expect("tag policy granted");
    assert!(!readers_of(&mesh, "email").contains(&grantee.to_owned()), "email is restricted");

    let public = PolicyChange::AssignTag { target: email.clone(), key: "sensitivity".into(), value: "public".into() };
    mesh.apply_policy(&[public], NOW).expect("tagged");
    assert!(readers_of(&mesh, "email").contains(&grantee.to_owned()), "the retagged column is covered at once");

    mesh.apply_policy(&[PolicyChange::RemoveTag { target: email, key: "sensitivity".into() }], NOW).expect("untagged");
    assert!(!readers_of(&mesh, "email").contains(&grantee.to_owned()), "and uncovered at once");
}

/// Another process (here a second store on the same file, as the CLI beside the window is)
/// grants: the window's next answer has it, without any write of its own.
#[test]
fn a_grant_made_by_another_process_is_seen_by_the_next_answer() {
    let (dir, window) = sandbox();
    act_as(&window, "dana");
    assert!(!readers_of(&window, "segment").contains(&"402183775007".to_owned()), "the window keeps its index");

    let cli = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("second opener");
    act_as(&cli, "dana");
    cli.apply_policy(&[grant_segment_to_marketing(vec![])], NOW).expect("granted elsewhere");
    assert!(readers_of(&window, "segment").contains(&"402183775007".to_owned()), "seen by the window at once");
}

/// Questions from several threads while a grant lands: each answer is whole (before or after),
/// and every answer asked after the write returned has the grant.
#[test]
fn concurrent_questions_and_a_write_agree() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let before = readers_of(&mesh, "segment");
    std::thread::scope(|scope| {
        let askers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    for _ in 0..20 {
                        let now = readers_of(&mesh, "segment");
                        let mut expected_after = before.clone();
                        expected_after.push("402183775007".to_owned());
                        expected_after.sort();
                        let mut sorted = now.clone();
                        sorted.sort();
                        let mut sorted_before = before.clone();
                        sorted_before.sort();
                        assert!(sorted == sorted_before || sorted == expected_after, "a whole answer: {now:?}");
                    }
                })
            })
            .collect();
        mesh.apply_policy(&[grant_segment_to_marketing(vec![])], NOW).expect("granted");
        assert!(readers_of(&mesh, "segment").contains(&"402183775007".to_owned()), "after the write returned");
        for asker in askers {
            asker.join().expect("asker");
        }
    });
}

/// Paging what one principal reads: pages follow each other in name order without repeats,
/// the count is every page's tables, and a page of none or too many is refused.
#[test]
fn what_a_principal_reads_comes_in_pages_that_add_up() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "lee");
    let principal = "402183775007";
    let whole = mesh.principal_access(principal).expect("whole answer");
    let mut paged = Vec::new();
    let mut after: Option<TableRef> = None;
    loop {
        let page = mesh.principal_access_page(principal, after.as_ref(), 2).expect("page");
        assert_eq!(page.readable_tables as usize, whole.tables.len());
        paged.extend(page.tables);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, whole.tables, "the pages are the whole answer, in order");
    assert!(!whole.tables.is_empty(), "the demo's marketing account reads something");
    assert_eq!(mesh.principal_access_page(principal, None, 0).expect_err("empty page").code, ErrorCode::InvalidInput);
    assert_eq!(mesh.principal_access_page(principal, None, 501).expect_err("too big").code, ErrorCode::InvalidInput);
    act_as(&mesh, "mia");
    assert_eq!(mesh.principal_access_page(SALES, None, 10).expect_err("not hers").code, ErrorCode::Forbidden);
    let missing = TableRef::new(SALES, "customer_profiles", "nope");
    assert_eq!(mesh.principal_table_access(MIA_ROLE, &missing).expect_err("no such table").code, ErrorCode::NotFound);
}

/// The list shown at start comes from the listing the store keeps beside the catalog: a column
/// retagged here raises its product's highest sensitivity in the list at once, and in the list
/// shown right after the next start (before the whole catalog is read again).
#[test]
fn a_retag_is_listed_at_once_and_right_after_the_next_start() {
    let (dir, mesh) = sandbox();
    act_as(&mesh, "omar");
    let analytics = "402183775006";
    let listed = |mesh: &Meshdesk| {
        let page = mesh.search_catalog(&CatalogQuery { limit: 1_000, ..CatalogQuery::default() }, NOW).expect("lists");
        page.hits.into_iter().map(|h| (h.product, h.highest_sensitivity)).collect::<Vec<_>>()
    };
    let before = listed(&mesh);
    let (product, _) = before
        .iter()
        .find(|(p, s)| p.account == analytics && *s != Some(Sensitivity::Restricted))
        .expect("a product of Omar's account below restricted");
    let detail = mesh.product(product, NOW).expect("the product");
    let table = detail.tables.iter().find(|t| !t.columns.is_empty()).expect("a table with columns");
    let target = TagTarget::Column {
        account: analytics.into(),
        database: product.database.clone(),
        table: table.table.table.clone(),
        column: table.columns[0].name.clone(),
    };
    mesh.apply_policy(&[PolicyChange::AssignTag { target, key: "sensitivity".into(), value: "restricted".into() }], NOW)
        .expect("tagged");
    let after = listed(&mesh);
    assert_ne!(after, before);
    assert!(after.contains(&(product.clone(), Some(Sensitivity::Restricted))), "{after:?}");
    drop(mesh);

    let reopened = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopens");
    assert_eq!(listed(&reopened), after, "the list right after the next start");
    reopened.wait_for_catalog().expect("the whole catalog is read");
    assert_eq!(listed(&reopened), after);
}
