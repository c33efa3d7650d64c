//! The `meshdesk` command on an AWS mesh, as a platform team scripts it: refresh, show, request,
//! approve and reconcile through `--mesh FILE`, each a run of the built binary
//! (`MESHDESK_CLI_BIN`, which `cargo xtask test` sets).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use meshdesk_protocol::{MeshInfo, MeshKind, Persona, ProductDetail, RequestStatus, RequestView, Sensitivity};

use crate::fixture::{DANA, HUB, IDENTITY, MIA, Person, TestMesh, hub_profile};

pub(crate) fn cli_binary() -> PathBuf {
    match std::env::var_os("MESHDESK_CLI_BIN") {
        Some(path) => PathBuf::from(path),
        None => panic!("MESHDESK_CLI_BIN is not set: run these tests through `cargo xtask test`, which builds `meshdesk`"),
    }
}

pub(crate) fn meshdesk(mesh: &TestMesh, person: Person, args: &[&str]) -> Output {
    Command::new(cli_binary())
        .arg("--mesh")
        .arg(mesh.mesh_file(person))
        .arg("--data-dir")
        .arg(mesh.config(person).data_dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the meshdesk binary runs")
}

pub(crate) fn json<T: serde::de::DeserializeOwned>(output: &Output) -> T {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not the expected JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)))
}

pub fn the_command_line_refreshes_shows_requests_and_approves_on_an_aws_mesh() {
    let mesh = TestMesh::seeded();
    let info: MeshInfo = json(&meshdesk(&mesh, Person::Mia, &["refresh", "--json"]));
    assert_eq!((info.kind, info.accounts.len()), (MeshKind::Aws, 3), "{info:#?}");

    let product = format!("{}:customer_profiles", mesh.account(IDENTITY));
    let detail: ProductDetail = json(&meshdesk(&mesh, Person::Mia, &["show", &product, "--json"]));
    let email = detail.tables.iter().flat_map(|t| &t.columns).find(|c| c.name == "email").expect("email");
    assert_eq!(email.sensitivity.map(|s| s.value), Some(Sensitivity::Restricted));

    let role = format!("arn:aws:iam::{}:role/Analyst", mesh.account(HUB));
    let asked: RequestView = json(&meshdesk(
        &mesh,
        Person::Mia,
        &[
            "request", &product, "--table", "customers", "--column", "customers.id", "--column", "customers.segment",
            "--days", "30", "--justification", "Churn model for the voice domain", "--principal", &role, "--json",
        ],
    ));
    assert_eq!(asked.status, RequestStatus::Pending);

    let own = meshdesk(&mesh, Person::Mia, &["approve", &asked.id]);
    assert_eq!(own.status.code(), Some(1), "nobody approves their own request");
    let approved: RequestView = json(&meshdesk(&mesh, Person::Dana, &["approve", &asked.id, "--json"]));
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
    // The role is in the hub account, which no mesh file here names: its consumer side waits.
    let shown = meshdesk(&mesh, Person::Dana, &["show-request", &asked.id]);
    let text = String::from_utf8_lossy(&shown.stdout);
    let waiting = format!("Consumer side pending: waiting for someone with credentials for account {}", mesh.account(HUB));
    assert!(text.contains(&waiting), "{text}");

    let reconcile = meshdesk(&mesh, Person::Dana, &["reconcile"]);
    assert_eq!(reconcile.status.code(), Some(0), "in step: {}", String::from_utf8_lossy(&reconcile.stdout));
}

/// An owner whose everyday mesh file signs in as an analyst approves with their owner profile:
/// `--profile` changes who acts in the hub for that one command.
pub fn profile_signs_in_as_another_person_for_one_command() {
    let mesh = TestMesh::seeded();
    let me: Persona = json(&meshdesk(&mesh, Person::Mia, &["whoami", "--json"]));
    assert_eq!((me.name.as_str(), me.steward), (MIA, false));
    let owner_profile = hub_profile(mesh.slot, Person::Dana);
    let owner: Persona = json(&meshdesk(&mesh, Person::Mia, &["--profile", &owner_profile, "whoami", "--json"]));
    assert_eq!(owner.name, DANA);
    assert!(owner.id.contains(":assumed-role/DataOwner/"), "{}", owner.id);
    // AWS_PROFILE does not change who acts: the mesh file names its profiles, and a named profile
    // wins over AWS_PROFILE in the SDK's chain too.
    let with_env = Command::new(cli_binary())
        .args(["--mesh", &mesh.mesh_file(Person::Mia).display().to_string(), "whoami", "--json"])
        .arg("--data-dir")
        .arg(mesh.config(Person::Mia).data_dir)
        .env("AWS_PROFILE", &owner_profile)
        .stdin(Stdio::null())
        .output()
        .expect("the meshdesk binary runs");
    assert_eq!(json::<Persona>(&with_env).name, MIA);

    let product = format!("{}:customer_profiles", mesh.account(IDENTITY));
    let role = format!("arn:aws:iam::{}:role/Analyst", mesh.account(HUB));
    let asked: RequestView = json(&meshdesk(
        &mesh,
        Person::Mia,
        &["request", &product, "--table", "customers", "--days", "30", "--justification", "Churn", "--principal", &role, "--json"],
    ));
    let approved: RequestView =
        json(&meshdesk(&mesh, Person::Mia, &["--profile", &owner_profile, "approve", &asked.id, "--json"]));
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);

    let unknown = meshdesk(&mesh, Person::Mia, &["--profile", "nobody", "whoami"]);
    assert_eq!(unknown.status.code(), Some(1));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(said.contains("--profile \"nobody\" is not a profile in"), "{said}");
}
