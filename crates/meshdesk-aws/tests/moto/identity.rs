//! Who acts on AWS with IAM Identity Center: the signed-in person's user and groups read from the
//! identity store the mesh file names (moto implements CreateUser, CreateGroup,
//! CreateGroupMembership, GetUserId, ListGroupMembershipsForMember and DescribeGroup), so that a
//! member of the mesh file's steward group is a steward and an owner group in `meshdesk:owner`
//! lets its members approve; an unknown sign-in is a notice, never a mesh that will not open.

use aws_sdk_identitystore::types::{Email, MemberId, Name};
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, RequestStatus};

use crate::fixture::{DANA, HUB, IDENTITY, NOW, Person, TestMesh, hub_admin_profile};
use crate::governance::draft;

const STORE: &str = "d-90670a1b2c";

/// The identity store of the hub account, as the platform team's administrator fills it.
async fn store(slot: u32) -> aws_sdk_identitystore::Client {
    let config =
        meshdesk_aws::clients::sdk_config(&hub_admin_profile(slot), None, meshdesk_aws::clients::https_client())
            .await
            .expect("the profile loads");
    aws_sdk_identitystore::Client::new(&config)
}

/// Users for the three people, signed in by their email; Dana in `data-stewards`, Omar in
/// `customer-owners`. Returns the id of `customer-owners`.
async fn seed_directory(slot: u32) -> String {
    let client = store(slot).await;
    let mut users = Vec::new();
    for person in [Person::Dana, Person::Omar, Person::Mia] {
        let created = client
            .create_user()
            .identity_store_id(STORE)
            .user_name(person.email())
            .display_name(person.key())
            .name(Name::builder().given_name(person.key()).family_name("Example").build())
            .emails(Email::builder().value(person.email()).primary(true).build())
            .send()
            .await
            .expect("a user");
        users.push(created.user_id().to_owned());
    }
    let mut groups = Vec::new();
    for (name, member) in [("data-stewards", &users[0]), ("customer-owners", &users[1])] {
        let group = client.create_group().identity_store_id(STORE).display_name(name).send().await.expect("a group");
        client
            .create_group_membership()
            .identity_store_id(STORE)
            .group_id(group.group_id())
            .member_id(MemberId::UserId(member.clone()))
            .send()
            .await
            .expect("a membership");
        groups.push(group.group_id().to_owned());
    }
    groups.swap_remove(1)
}

/// Every person's mesh file names `data-stewards` the stewards and reads groups from `store`.
fn with_identity_center(mesh: &TestMesh, store: &str) {
    for person in [Person::Dana, Person::Omar, Person::Mia] {
        let text = mesh
            .mesh_text(person, &format!("\n[identity_center]\nidentity_store_id = \"{store}\"\n"))
            .replacen("\n\n[hub]", "\nstewards = [\"data-stewards\"]\n\n[hub]", 1);
        std::fs::write(mesh.mesh_file(person), text).expect("the mesh file");
    }
}

/// The identity domain names a group, not people, as the owner of customer_profiles — by its
/// display name, as a domain team writes it by hand.
async fn owned_by_group(admin: &crate::fixture::Admin, group: &str) {
    let db = admin.glue.get_database().name("customer_profiles").send().await.expect("the product");
    let db = db.database().expect("a database");
    let mut parameters = db.parameters().cloned().unwrap_or_default();
    parameters.insert("meshdesk:owner".into(), group.to_owned());
    let input = aws_sdk_glue::types::DatabaseInput::builder()
        .name(db.name())
        .set_description(db.description().map(str::to_owned))
        .set_parameters(Some(parameters))
        .build()
        .expect("a database input");
    admin.glue.update_database().name("customer_profiles").database_input(input).send().await.expect("updated");
}

pub fn a_steward_group_member_is_a_steward_and_an_owner_group_member_approves() {
    let mesh = TestMesh::seeded();
    let owners = mesh.block_on(seed_directory(mesh.slot));
    let owners_arn = format!("arn:aws:identitystore:::group/{owners}");
    let admin = mesh.clients(IDENTITY);
    mesh.block_on(owned_by_group(&admin, "customer-owners"));
    with_identity_center(&mesh, STORE);

    let dana = mesh.open(Person::Dana);
    let me = dana.current_identity().expect("signed in");
    assert!(me.steward, "Dana is in data-stewards: {me:?}");
    assert_eq!(dana.backend().groups().iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["data-stewards"]);
    assert!(me.principals.iter().any(|p| p.starts_with("arn:aws:identitystore:::user/")), "{:?}", me.principals);
    assert_eq!(dana.backend().identity_notice(), None);
    assert_eq!(dana.mesh_info().identity.map(|i| i.role).as_deref(), Some("signed in, steward"));

    let mia = mesh.open(Person::Mia);
    let mia_me = mia.current_identity().expect("signed in");
    assert!(!mia_me.steward && mia_me.groups.is_empty(), "{mia_me:?}");
    // Steward views: a steward looks up anyone's access, a consumer only their own.
    let hub_role = |role: &str| format!("arn:aws:iam::{}:role/{role}", mesh.account(HUB));
    assert!(dana.principal_access(&hub_role("Analyst")).is_ok());
    assert_eq!(mia.principal_access(&hub_role("DataOwner")).expect_err("not a steward").code, ErrorCode::Forbidden);

    let sent = mia.submit_request(&draft(&mesh), NOW).expect("submitted");
    let approve = DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve };
    let refused = dana.decide(&approve, NOW + 60).expect_err("Dana no longer owns it");
    assert_eq!(refused.code, ErrorCode::Forbidden, "{}", refused.message);
    let omar = mesh.open(Person::Omar);
    assert_eq!(omar.current_identity().expect("signed in").groups, [owners_arn]);
    let approved = omar.decide(&approve, NOW + 60).expect("a member of the owner group approves");
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
}

pub fn a_sign_in_the_identity_store_does_not_know_is_a_notice_and_the_mesh_opens() {
    let mesh = TestMesh::empty();
    meshdesk_api::setup_aws_hub(&mesh.mesh_file(Person::Dana)).expect("the hub is set up");
    with_identity_center(&mesh, "d-0000000000");
    let dana = mesh.open(Person::Dana);
    let me = dana.current_identity().expect("signed in all the same");
    assert_eq!((me.email.as_str(), me.steward, me.groups.len()), (DANA, false, 0));
    let notice = dana.backend().identity_notice().expect("a notice");
    assert!(notice.contains(&format!("has no user \"{DANA}\"")) && notice.contains("roles and email only"), "{notice}");
}
