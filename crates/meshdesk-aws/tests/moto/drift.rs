//! Drift: a grant made in Lake Formation behind Meshdesk's back is found as an unexplained grant,
//! and its repair revokes it in the producer's account. The hub's setup is idempotent.

use std::sync::Arc;

use aws_sdk_lakeformation::types as lf;
use meshdesk_api::TableSetup;
use meshdesk_protocol::{ErrorCode, TableRef};

use crate::fixture::{IDENTITY, NOW, Person, TestMesh, VOICE};
use crate::seed::column_resource;

/// A contractor of the voice account granted SELECT on two columns of customers in Lake
/// Formation directly, as an administrator might; returns the contractor's role.
fn grant_behind_meshdesks_back(mesh: &TestMesh) -> String {
    let intruder = format!("arn:aws:iam::{}:role/Contractor", mesh.account(VOICE));
    let grant = mesh
        .clients(IDENTITY)
        .lf
        .grant_permissions()
        .principal(lf::DataLakePrincipal::builder().data_lake_principal_identifier(&intruder).build())
        .resource(column_resource("customer_profiles", "customers", &["email", "id"]))
        .permissions(lf::Permission::Select)
        .send();
    mesh.block_on(grant).expect("GrantPermissions behind Meshdesk's back");
    intruder
}

pub fn a_grant_made_behind_meshdesks_back_is_an_unexplained_grant_and_its_repair_revokes_it() {
    let mesh = TestMesh::seeded();
    let dana = mesh.open(Person::Dana);
    let intruder = grant_behind_meshdesks_back(&mesh);

    dana.refresh_aws(Arc::new(|_| {}), NOW + 60).expect("refreshed");
    let findings = dana.findings(NOW + 60).expect("findings");
    let drift = findings
        .iter()
        .find(|f| f.kind == "unexplained-grant")
        .unwrap_or_else(|| panic!("no drift found: {findings:#?}"));
    let product = format!("{}:customer_profiles/lf-", mesh.account(IDENTITY));
    assert!(drift.target.starts_with(&product), "the drift is named after the product it is on: {drift:?}");
    assert!(!drift.repair.is_empty(), "a machine can repair it: {drift:?}");

    // Dana owns the product, so she may repair it.
    let plan = dana.repair_finding(&drift.id, NOW + 120).expect("repaired");
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let left = mesh.permissions(IDENTITY);
    assert!(
        !left.iter().any(|p| p.principal().and_then(|p| p.data_lake_principal_identifier()) == Some(intruder.as_str())),
        "the grant is revoked in Lake Formation: {left:#?}"
    );
    dana.refresh_aws(Arc::new(|_| {}), NOW + 180).expect("refreshed");
    assert!(dana.findings(NOW + 180).expect("findings").iter().all(|f| f.kind != "unexplained-grant"));
}

/// Who can read a column is kept between questions (the access index): a grant made behind
/// Meshdesk's back shows after the refresh that reads it (a refresh is a write), and the
/// repair that revokes it shows at once, without another refresh.
pub fn who_can_read_follows_a_refresh_and_a_repair_at_once() {
    let mesh = TestMesh::seeded();
    let dana = mesh.open(Person::Dana);
    let intruder = format!("arn:aws:iam::{}:role/Contractor", mesh.account(VOICE));
    let customers = TableRef::new(mesh.account(IDENTITY), "customer_profiles", "customers");
    let readers_of_email = || -> Vec<String> {
        let columns = dana.who_can_read(&customers).expect("who can read");
        let email = columns.iter().find(|c| c.column == "email").expect("email");
        email.readers.iter().map(|r| r.grantee.clone()).collect()
    };
    assert!(!readers_of_email().contains(&intruder), "nobody granted yet");

    assert_eq!(grant_behind_meshdesks_back(&mesh), intruder);
    assert!(!readers_of_email().contains(&intruder), "the mesh shows the last read until a refresh");

    dana.refresh_mesh(Arc::new(|_| {}), NOW + 60).expect("refreshed");
    assert!(readers_of_email().contains(&intruder), "seen right after the refresh");

    let drift = dana.findings(NOW + 60).expect("findings").into_iter().find(|f| f.kind == "unexplained-grant").expect("drift");
    let plan = dana.repair_finding(&drift.id, NOW + 120).expect("repaired");
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert!(!readers_of_email().contains(&intruder), "gone right after the repair, before any refresh");
}

pub fn the_hub_setup_is_idempotent_and_a_mesh_without_it_says_what_to_do() {
    let mesh = TestMesh::empty();
    let error = meshdesk_api::Meshdesk::open_aws(&mesh.config(Person::Dana), NOW).expect_err("no hub tables yet");
    assert_eq!(error.code, ErrorCode::NotFound, "{}", error.message);
    assert!(error.message.contains("meshdesk-requests") && error.message.contains("setup"), "{}", error.message);

    let first = meshdesk_api::setup_aws_hub(&mesh.mesh_file(Person::Dana)).expect("set up");
    assert_eq!(first.tables.iter().map(|(_, s)| *s).collect::<Vec<_>>(), [TableSetup::Created; 3]);
    let second = meshdesk_api::setup_aws_hub(&mesh.mesh_file(Person::Mia)).expect("set up again");
    assert_eq!(second.tables.iter().map(|(_, s)| *s).collect::<Vec<_>>(), [TableSetup::AlreadyThere; 3]);

    let profile = crate::fixture::hub_profile(mesh.slot, Person::Dana);
    let requests = mesh.block_on(async {
        let hub = meshdesk_aws::clients::sdk_config(&profile, None, meshdesk_aws::clients::https_client()).await;
        let client = aws_sdk_dynamodb::Client::new(&hub.expect("the hub profile"));
        client.describe_table().table_name("meshdesk-requests").send().await.expect("DescribeTable")
    });
    let mut indexes: Vec<&str> = requests
        .table()
        .map(|t| t.global_secondary_indexes().iter().filter_map(|i| i.index_name()).collect())
        .unwrap_or_default();
    indexes.sort();
    assert_eq!(indexes, ["by_product", "by_requester", "by_status"]);
}
