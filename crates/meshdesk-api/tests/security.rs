//! The webview is untrusted. What it may call is Meshdesk's own commands — checked here against
//! the files that decide it (`src-tauri/build.rs`, `capabilities/main.json`, `tauri.conf.json`,
//! `src-tauri/Cargo.toml`) — and each command is a single `Meshdesk` call whose authorisation is
//! the backend's: so every command is invoked here through the API exactly as `commands.rs`
//! calls it, as each sandbox persona, and what only owners (or stewards) may do is refused to
//! everyone else, with nothing changed. The identity is the session's, never an argument.
//!
//! These checks live with the API rather than in `src-tauri` because the rules are the API's;
//! the file checks need no Tauri build.

/// The governance tests' demo people, product and grant (only some of it is used here).
#[allow(dead_code)]
#[path = "governance/fixture.rs"]
mod fixture;

use fixture::{customer_profiles, grant_segment_to_marketing, sandbox, MIA_ROLE, NOW};
use meshdesk_api::Meshdesk;
use meshdesk_core::ports::{AuditLog, CatalogSource, PolicyStore, RequestStore};
use meshdesk_protocol::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const PERSONAS: [&str; 5] = ["mia", "dana", "raj", "omar", "lee"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The commands `src-tauri/build.rs` declares — the only ones the window can reach.
fn declared_commands() -> Vec<String> {
    let build = read("src-tauri/build.rs");
    let start = build.find("commands(&[").expect("build.rs lists the commands") + "commands(&[".len();
    let end = start + build[start..].find(']').expect("the list ends");
    build[start..end].split(',').map(|s| s.trim().trim_matches('"').to_owned()).filter(|s| !s.is_empty()).collect()
}

#[test]
fn the_window_may_call_only_meshdesks_own_commands() {
    let commands = declared_commands();
    assert!(commands.len() >= 30, "{commands:?}");
    let capability: Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).expect("capability JSON");
    let mut allowed: Vec<String> =
        capability["permissions"].as_array().expect("permissions").iter().map(|p| p.as_str().expect("a name").to_owned()).collect();
    let mut expected: Vec<String> = commands.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    allowed.sort();
    expected.sort();
    assert_eq!(allowed, expected, "exactly one permission per own command: no core, shell, fs, http or other plugin permission");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(capability.get("remote").is_none(), "no remote URL may use the capability");

    let manifest = read("src-tauri/Cargo.toml");
    for plugin in ["tauri-plugin-shell", "tauri-plugin-fs", "tauri-plugin-http", "tauri-plugin-process", "tauri-plugin-opener"] {
        assert!(!manifest.contains(plugin), "src-tauri depends on {plugin}");
    }
    let handlers =
        read("src-tauri/src/lib.rs") + &read("src-tauri/src/commands.rs") + &read("src-tauri/src/status_commands.rs");
    for command in &commands {
        let handled = [format!("pub async fn {command}("), format!("pub async fn {command}<")];
        assert!(handled.iter().any(|h| handlers.contains(h.as_str())), "{command} has a handler");
    }
}

#[test]
fn the_content_security_policy_is_strict() {
    let conf: Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).expect("tauri.conf.json");
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false), "no global __TAURI__ object for injected scripts");
    let csp = conf["app"]["security"]["csp"].as_object().expect("a CSP object");
    let directive = |name: &str| csp.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    assert_eq!(directive("default-src"), "'self'");
    assert_eq!(directive("script-src"), "'self' 'wasm-unsafe-eval'", "no inline or eval'd script");
    assert_eq!(directive("object-src"), "'none'");
    assert_eq!(directive("base-uri"), "'none'");
    assert_eq!(directive("frame-ancestors"), "'none'");
    for (name, value) in csp {
        let value = value.as_str().unwrap_or_default();
        assert!(!value.contains("'unsafe-eval'") && !value.contains('*'), "{name}: {value}");
        for source in value.split_whitespace() {
            let remote = source.starts_with("http") && source != "http://ipc.localhost";
            assert!(!remote, "{name} allows a remote origin: {source}");
        }
    }
    assert_eq!(conf["app"]["security"]["freezePrototype"], Value::Bool(true));
}

/// What a persona's call came to: done, or refused with a code.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Done,
    Refused(ErrorCode),
}

/// Everything the stores hold, to check a refusal changed nothing.
fn state(mesh: &Meshdesk) -> String {
    let b = mesh.backend();
    format!(
        "{:?}\n{:?}\n{}\n{:?}",
        b.requests().expect("requests"),
        b.grants().expect("grants"),
        b.events().expect("events").len(),
        b.load_catalog().expect("catalog")
    )
}

fn customers() -> TableRef {
    TableRef { account: "402183775004".into(), database: "customer_profiles".into(), table: "customers".into() }
}

fn draft() -> RequestDraft {
    RequestDraft {
        product: customer_profiles(),
        principal: MIA_ROLE.into(),
        tables: vec!["consents".into()],
        columns: vec!["consents.purpose".into()],
        row_filter: None,
        permissions: vec![Permission::Select],
        duration_days: 30,
        justification: "consent coverage".into(),
    }
}

/// Dana's grant of one column of customers to the marketing account.
fn grant_segment() -> Vec<PolicyChange> {
    vec![grant_segment_to_marketing(vec![])]
}

fn annotation() -> AnnotationEdit {
    AnnotationEdit { product: customer_profiles(), edits: vec![FieldEdit { field: AnnotationField::Description, value: "rewritten".into() }] }
}

fn contract() -> ContractEdit {
    ContractEdit { table: customers(), contract: None }
}

/// Calls `command` through the API as `commands.rs` does, on `mesh` with `pending` (Mia's
/// request, waiting for the owner) in it.
fn invoke(mesh: &Meshdesk, command: &str, pending: &RequestView) -> Result<(), ApiError> {
    match command {
        "mesh_info" => Ok(drop(mesh.mesh_info())),
        "switch_identity" => mesh.switch_identity(&mesh.current_identity()?.id).map(drop),
        "search_catalog" => mesh.search_catalog(&CatalogQuery::default(), NOW).map(drop),
        "product" => mesh.product(&customer_profiles(), NOW).map(drop),
        "lineage" => mesh.lineage(&LineageQuery { table: customers(), upstream: 2, downstream: 2 }).map(drop),
        "preview_request" => mesh.preview_request(&draft(), NOW).map(drop),
        "submit_request" => mesh.submit_request(&draft(), NOW).map(drop),
        "requests" => mesh.requests(&RequestFilter { scope: RequestScope::All, status: None }, NOW).map(drop),
        "request" => mesh.request(&pending.id, NOW).map(drop),
        "decide" => mesh.decide(&DecideInput { id: pending.id.clone(), expected_version: pending.version, decision: Decide::Approve }, NOW).map(drop),
        "my_access_page" => mesh.my_access_page(None, 50).map(drop),
        "who_can_read" => mesh.who_can_read(&customers()).map(drop),
        "grants" => mesh.grants(&customer_profiles()).map(drop),
        "plan_policy" => mesh.plan_policy(&grant_segment()).map(drop),
        "apply_policy" => mesh.apply_policy(&grant_segment(), NOW).map(drop),
        "audit_events" => mesh.audit_events(&AuditQuery::default()).map(drop),
        "verify_audit" => mesh.verify_audit().map(drop),
        "access_matrix" => mesh.access_matrix().map(drop),
        "findings" => mesh.findings(NOW).map(drop),
        "repair_finding" => {
            // A seeded drift that Meshdesk can repair, as the steward sees it;
            // then the persona asks for its repair by id, as a window could.
            let me = mesh.current_identity()?.id;
            mesh.switch_identity("lee")?;
            let finding = mesh
                .findings(NOW)?
                .into_iter()
                .find(|f| !f.repair.is_empty())
                .ok_or_else(|| ApiError::not_found("no repairable finding"))?;
            mesh.switch_identity(&me)?;
            mesh.repair_finding(&finding.id, NOW).map(drop)
        }
        "export" => mesh.export(ExportKind::AuditLog, ExportFormat::Csv, NOW).map(drop),
        "reconcile" => mesh.reconcile(NOW).map(drop),
        "product_annotations" => mesh.product_annotations(&customer_profiles()).map(drop),
        "plan_annotation" => mesh.plan_annotation(&annotation()).map(drop),
        "annotate" => mesh.annotate(&annotation(), NOW).map(drop),
        "plan_publish" => mesh.plan_publish(&customer_profiles(), false).map(drop),
        "publish" => mesh.publish(&PublishInput { product: customer_profiles(), publish: false, confirm: true }, NOW).map(drop),
        "plan_contract" => mesh.plan_contract(&contract(), NOW).map(drop),
        "save_contract" => mesh.save_contract(&contract(), NOW).map(drop),
        "table_history" => mesh.table_history(&customers()).map(drop),
        "contract_alerts" => mesh.contract_alerts(NOW).map(drop),
        "unpublished_databases" => mesh.unpublished_databases().map(drop),
        "mesh_status" => mesh.mesh_status().map(drop),
        "refresh_mesh" => mesh.refresh_mesh(std::sync::Arc::new(|_| {}), NOW).map(drop),
        "refresh_progress" => Ok(drop(mesh.refresh_progress())),
        // Opens the mesh the window was started with again (`AppState::reopen`): it takes no
        // argument from the window (checked by `reopening_takes_nothing_from_the_window`) and
        // changes no data, and the identity afterwards is the backend's own again.
        "reopen_mesh" => Ok(drop(mesh.mesh_info())),
        // Signing in acts for the person at the keyboard with their own Identity Center, not
        // as a persona of the mesh: its handlers cannot reach the mesh at all (checked by
        // `signing_in_cannot_reach_the_mesh`), so there is nothing a persona could be refused.
        command if SIGN_IN_COMMANDS.contains(&command) => Ok(()),
        other => panic!("{other} is declared in build.rs but this test does not invoke it: add it"),
    }
}

/// The window's Identity Center sign-in commands (`commands.rs`, `sign_in.rs`).
const SIGN_IN_COMMANDS: [&str; 8] = [
    "sign_in_targets",
    "sign_in_state",
    "sign_in_start",
    "open_sign_in_page",
    "sign_in_wait",
    "sign_out",
    "sso_accounts",
    "add_sso_accounts",
];

#[test]
fn signing_in_cannot_reach_the_mesh() {
    let commands = read("src-tauri/src/commands.rs");
    for command in SIGN_IN_COMMANDS {
        let start = commands.find(&format!("pub async fn {command}(")).unwrap_or_else(|| panic!("{command} has a handler"));
        let signature = &commands[start..start + commands[start..].find('{').expect("a body")];
        assert!(!signature.contains("AppState") && !signature.contains("AppHandle"), "{command} takes the mesh: {signature}");
        assert!(declared_commands().iter().any(|c| c == command), "{command} is declared in build.rs");
    }
}

#[test]
fn reopening_takes_nothing_from_the_window() {
    let commands = read("src-tauri/src/status_commands.rs");
    let start = commands.find("pub async fn reopen_mesh<").expect("reopen_mesh has a handler");
    let signature = &commands[start..start + commands[start..].find('{').expect("a body")];
    assert_eq!(
        signature.trim_end(),
        "pub async fn reopen_mesh<R: Runtime>(app: AppHandle<R>) -> Result<MeshInfo, ApiError>",
        "the mesh is opened again from the window's own options, never from a path the window passes"
    );
}

/// Who may do what changes data on customer_profiles (Dana owns it, Lee is the steward), and
/// who must be refused there, in the backend.
fn allowed(command: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    let others: &[&str] = &["mia", "raj", "omar"];
    Some(match command {
        "decide" => (&["dana"], &["mia", "raj", "omar", "lee"]),
        "apply_policy" => (&["dana", "lee"], others),
        "annotate" | "publish" | "save_contract" => (&["dana"], &["mia", "raj", "omar", "lee"]),
        // The finding may be on any product: the steward repairs it, a consumer never.
        "repair_finding" => (&["lee"], &["mia"]),
        _ => return None,
    })
}

#[test]
fn every_command_as_every_persona_refuses_what_the_persona_may_not_do() {
    let mut table = Vec::new();
    let mut refusals = 0;
    for command in declared_commands() {
        for persona in PERSONAS {
            let (_dir, mesh) = sandbox();
            mesh.switch_identity("mia").expect("mia");
            let pending = mesh.submit_request(&draft(), NOW).expect("Mia's request");
            mesh.switch_identity(persona).expect("persona");
            let before = state(&mesh);
            let outcome = match invoke(&mesh, &command, &pending) {
                Ok(()) => Outcome::Done,
                Err(e) => {
                    assert!(!e.message.is_empty() && e.code != ErrorCode::Internal, "{command} as {persona}: {e:?}");
                    Outcome::Refused(e.code)
                }
            };
            if let Some((may, refused)) = allowed(&command) {
                if may.contains(&persona) {
                    assert_eq!(outcome, Outcome::Done, "{command} as {persona} (allowed)");
                } else if refused.contains(&persona) {
                    assert!(matches!(outcome, Outcome::Refused(ErrorCode::Forbidden | ErrorCode::InvalidInput | ErrorCode::NotFound)), "{command} as {persona}: {outcome:?}");
                    assert_eq!(state(&mesh), before, "{command} as {persona}: refused, yet something changed");
                    refusals += 1;
                }
            }
            table.push(format!("{command:<22} {persona:<5} {outcome:?}"));
        }
    }
    eprintln!("{}", table.join("\n"));
    eprintln!("commands x personas: {} calls, {refusals} refusals checked in the backend", table.len());
}

#[test]
fn approval_rules_hold_whoever_calls() {
    let (_dir, mesh) = sandbox();
    // No self-approval: Dana asks for her own product's data, then tries to approve it.
    mesh.switch_identity("dana").expect("dana");
    let principal = mesh.current_identity().expect("dana").principals[0].clone();
    let own = mesh.submit_request(&RequestDraft { principal, ..draft() }, NOW).expect("Dana's request");
    let decide = |m: &Meshdesk, r: &RequestView| {
        let version = m.request(&r.id, NOW).expect("request").version;
        m.decide(&DecideInput { id: r.id.clone(), expected_version: version, decision: Decide::Approve }, NOW)
    };
    assert_eq!(decide(&mesh, &own).expect_err("self-approval").code, ErrorCode::Forbidden);

    // Quorum: restricted columns need the owner and the steward; one approval grants nothing.
    mesh.switch_identity("mia").expect("mia");
    let restricted = RequestDraft { tables: vec!["customers".into()], columns: vec!["customers.email".into()], ..draft() };
    let sent = mesh.submit_request(&restricted, NOW).expect("restricted request");
    mesh.switch_identity("dana").expect("dana");
    let after_one = decide(&mesh, &sent).expect("owner approves");
    assert_eq!(after_one.status, RequestStatus::Pending, "the steward must approve too");
    assert!(mesh.backend().grants().expect("grants").iter().all(|g| !g.id.starts_with(&format!("{}/", sent.id))));
    let twice = decide(&mesh, &sent).expect_err("the same owner twice");
    assert!(matches!(twice.code, ErrorCode::Forbidden | ErrorCode::Conflict), "{twice:?}");
    assert!(mesh.backend().grants().expect("grants").iter().all(|g| !g.id.starts_with(&format!("{}/", sent.id))), "still no grant");

    // Never grant option to another account, even for the owner.
    let mut changes = grant_segment();
    if let PolicyChange::Grant { grantable, .. } = &mut changes[0] {
        grantable.push(Permission::Select);
    }
    let refused = mesh.apply_policy(&changes, NOW).expect_err("grant option across accounts");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("grant option"), "{}", refused.message);
}
