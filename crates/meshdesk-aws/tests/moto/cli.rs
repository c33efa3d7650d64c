//! The `meshdesk` command on an AWS mesh, as a platform team scripts it: refresh, show, request,
//! approve and reconcile through `--mesh FILE`, each a run of the built binary
//! (`MESHDESK_CLI_BIN`, which `cargo xtask test` sets).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use meshdesk_protocol::{MeshInfo, MeshKind, ProductDetail, RequestStatus, RequestView, Sensitivity};

use crate::fixture::{HUB, IDENTITY, Person, TestMesh};

fn cli_binary() -> PathBuf {
    match std::env::var_os("MESHDESK_CLI_BIN") {
        Some(path) => PathBuf::from(path),
        None => panic!("MESHDESK_CLI_BIN is not set: run these tests through `cargo xtask test`, which builds `meshdesk`"),
    }
}

pub fn meshdesk(mesh: &TestMesh, person: Person, args: &[&str]) -> Output {
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

fn json<T: serde::de::DeserializeOwned>(output: &Output) -> T {
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

    let reconcile = meshdesk(&mesh, Person::Dana, &["reconcile"]);
    assert_eq!(reconcile.status.code(), Some(0), "in step: {}", String::from_utf8_lossy(&reconcile.stdout));
    let history = meshdesk(&mesh, Person::Dana, &["product", "history", &format!("{product}.customers")]);
    assert_eq!(history.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&history.stderr).contains("AWS mesh"), "says why");
}
