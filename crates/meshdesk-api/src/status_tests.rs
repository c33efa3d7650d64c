//! Tests of how the mesh stands (`status.rs`): account views on either backend, refresh progress and its refusals.

use std::sync::{Arc, Mutex};

use meshdesk_protocol::{AccountProgressView, AccountState, ErrorCode, MeshKind, RefreshStage, WarningKind};

use super::*;
use crate::mesh::SandboxConfig;

const NOW: i64 = 1_767_225_600;

fn sandbox() -> (tempfile::TempDir, Meshdesk) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("sandbox");
    (dir, mesh)
}

#[test]
fn the_sandbox_lists_every_account_with_what_it_holds_and_flags_the_one_bypassing_lake_formation() {
    let (_dir, mesh) = sandbox();
    let status = mesh.mesh_status().expect("status");
    assert_eq!((status.kind, status.refreshable), (MeshKind::Sandbox, false));
    assert_eq!(status.accounts.len(), mesh.mesh_info().accounts.len());
    assert_eq!(status.failed(), 0);
    for account in &status.accounts {
        let AccountState::Sandbox { databases, tables, .. } = account.state else { panic!("{account:?}") };
        assert!(databases > 0 && tables > 0, "{account:?}");
        assert!(account.profile.is_none());
    }
    let warned: Vec<&str> = status
        .accounts
        .iter()
        .filter(|a| a.warnings.iter().any(|w| w.kind == WarningKind::LakeFormationBypass))
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(warned, vec!["nimbus-legacy"]);
    assert_eq!(status.warned(WarningKind::LakeFormationBypass), 1);
}

#[test]
fn the_bypass_is_a_finding_for_stewards_with_no_automatic_repair() {
    let (_dir, mesh) = sandbox();
    let findings = mesh.findings(NOW).expect("findings");
    let bypass: Vec<_> = findings.iter().filter(|f| f.kind == "lake-formation-bypass").collect();
    assert_eq!(bypass.len(), 1, "{findings:#?}");
    assert_eq!(bypass[0].target, "588812340017");
    assert!(bypass[0].explanation.contains("nimbus-legacy"), "{}", bypass[0].explanation);
    mesh.switch_identity("lee").expect("the steward");
    let error = mesh.repair_finding(&bypass[0].id, NOW).expect_err("a person must fix it");
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
}

#[test]
fn refreshing_the_sandbox_reads_nothing_and_reports_no_progress() {
    let (_dir, mesh) = sandbox();
    let seen = Arc::new(Mutex::new(Vec::<AccountProgressView>::new()));
    let sink = Arc::clone(&seen);
    let status = mesh.refresh_mesh(Arc::new(move |p| sink.lock().expect("lock").push(p)), NOW).expect("refresh");
    assert!(!status.refreshable);
    assert!(seen.lock().expect("lock").is_empty());
    let progress = mesh.refresh_progress();
    assert!(!progress.running && progress.accounts.is_empty() && progress.error.is_none(), "{progress:?}");
}

#[test]
fn a_refresh_that_ends_early_marks_the_accounts_it_did_not_finish() {
    let tracker = RefreshTracker::default();
    tracker.with(|p| {
        p.running = true;
        p.accounts = vec![
            AccountProgressView { profile: "a".into(), account: None, stage: RefreshStage::Done },
            AccountProgressView { profile: "b".into(), account: None, stage: RefreshStage::Queued },
        ];
    });
    drop(Running(&tracker));
    let p = tracker.with(|p| p.clone());
    assert!(!p.running);
    assert_eq!(p.accounts[0].stage, RefreshStage::Done);
    assert!(matches!(p.accounts[1].stage, RefreshStage::Failed { .. }), "{:?}", p.accounts[1]);
}
