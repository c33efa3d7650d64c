//! How the mesh stands, through the API calls the window's Accounts section makes: an account
//! whose profile does not work is listed as failed while the others load; an account whose data
//! lake settings still give IAM_ALLOWED_PRINCIPALS access to new databases and tables (moto's
//! default, as AWS's) is warned about and is a steward's finding; a refresh reports each
//! readable account's progress to the end.

use std::sync::{Arc, Mutex};

use aws_sdk_lakeformation::types as lf;
use meshdesk_protocol::{AccountProgressView, AccountState, MeshKind, MeshStatus, RefreshStage, WarningKind};

use crate::cli::meshdesk;
use crate::fixture::{BILLING, IDENTITY, NOW, Person, TestMesh, VOICE};

/// Leaves Lake Formation alone in charge of account `k`: no IAM_ALLOWED_PRINCIPALS by default.
fn govern_with_lake_formation_only(mesh: &TestMesh, k: u32) {
    let admin = mesh.clients(k);
    mesh.block_on(async move {
        let current = admin.lf.get_data_lake_settings().send().await.expect("GetDataLakeSettings");
        let admins = current.data_lake_settings().map(|s| s.data_lake_admins().to_vec()).unwrap_or_default();
        let governed = lf::DataLakeSettings::builder()
            .set_data_lake_admins(Some(admins))
            .set_create_database_default_permissions(Some(Vec::new()))
            .set_create_table_default_permissions(Some(Vec::new()))
            .build();
        admin.lf.put_data_lake_settings().data_lake_settings(governed).send().await.expect("PutDataLakeSettings");
    });
}

pub fn the_accounts_view_shows_a_failed_account_and_one_bypassing_lake_formation() {
    let mesh = TestMesh::seeded();
    govern_with_lake_formation_only(&mesh, IDENTITY);
    govern_with_lake_formation_only(&mesh, BILLING);
    let extra = "\n[[account]]\nprofile = \"broken\"\nname = \"lost-prod\"\ndomain = \"lost\"\n";
    std::fs::write(mesh.mesh_file(Person::Dana), mesh.mesh_text(Person::Dana, extra)).expect("the mesh file");
    let dana = mesh.open(Person::Dana);

    let status = dana.mesh_status().expect("the mesh status");
    assert_eq!((status.kind, status.refreshable, status.accounts.len()), (MeshKind::Aws, true, 4), "{status:#?}");
    assert_eq!(status.failed(), 1);
    let lost = status.accounts.iter().find(|a| a.profile.as_deref() == Some("broken")).expect("the broken account");
    let AccountState::Failed { kind, message, cached } = &lost.state else { panic!("not failed: {lost:?}") };
    assert_eq!((kind.as_str(), *cached, lost.account.as_deref()), ("unavailable", false, None), "{message}");
    assert!(message.contains("broken"), "the message names the profile: {message}");
    let bypassing: Vec<&str> = status
        .accounts
        .iter()
        .filter(|a| a.warnings.iter().any(|w| w.kind == WarningKind::LakeFormationBypass))
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(bypassing, vec!["voice-prod"]);
    for a in status.accounts.iter().filter(|a| a.account.is_some()) {
        assert!(matches!(a.state, AccountState::Loaded { .. }), "{a:?}");
    }

    let findings = dana.findings(NOW).expect("findings");
    let bypass: Vec<&str> =
        findings.iter().filter(|f| f.kind == "lake-formation-bypass").map(|f| f.target.as_str()).collect();
    assert_eq!(bypass, vec![mesh.account(VOICE).as_str()], "{findings:#?}");

    // Refreshing as the window does: each readable account reports its way to the end.
    let seen: Arc<Mutex<Vec<AccountProgressView>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let after = dana.refresh_mesh(Arc::new(move |p| sink.lock().expect("lock").push(p)), NOW + 60).expect("refresh");
    assert_eq!(after.failed(), 1);
    let seen = seen.lock().expect("lock").clone();
    assert!(seen.iter().all(|p| p.profile != "broken"), "an account that cannot connect is not crawled: {seen:#?}");
    let progress = dana.refresh_progress();
    assert!(!progress.running && progress.error.is_none(), "{progress:#?}");
    assert_eq!(progress.accounts.len(), 3, "{progress:#?}");
    assert!(progress.accounts.iter().all(|a| a.stage == RefreshStage::Done), "{progress:#?}");
    for account in &progress.accounts {
        let stages: Vec<&RefreshStage> = seen.iter().filter(|p| p.profile == account.profile).map(|p| &p.stage).collect();
        assert_eq!(stages.first(), Some(&&RefreshStage::Started), "{stages:?}");
        assert!(stages.iter().any(|s| matches!(s, RefreshStage::Reading { .. })), "{stages:?}");
    }

    // The next start shows the cache, the settings read with it included, until a refresh.
    drop(dana);
    let again = mesh.open(Person::Dana);
    let voice = again.mesh_status().expect("status");
    let voice = voice.accounts.iter().find(|a| a.name == "voice-prod").expect("voice");
    assert_eq!(voice.state, AccountState::Cached);
    assert!(voice.warnings.iter().any(|w| w.kind == WarningKind::LakeFormationBypass), "{voice:?}");
    assert!(again.findings(NOW + 120).expect("findings").iter().any(|f| f.kind == "lake-formation-bypass"));
}

pub fn the_command_line_lists_the_accounts_and_refreshes_without_bars_into_a_pipe() {
    let mesh = TestMesh::seeded();
    let extra = "\n[[account]]\nprofile = \"broken\"\nname = \"lost-prod\"\ndomain = \"lost\"\n";
    std::fs::write(mesh.mesh_file(Person::Dana), mesh.mesh_text(Person::Dana, extra)).expect("the mesh file");

    let refresh = meshdesk(&mesh, Person::Dana, &["refresh"]);
    let stderr = String::from_utf8_lossy(&refresh.stderr);
    assert_eq!(refresh.status.code(), Some(3), "an account could not be read: {stderr}");
    assert!(stderr.contains("lost-prod (broken)"), "names the account that failed: {stderr}");
    for trace in ['\r', '\u{1b}', '✓', '✗'] {
        assert!(!stderr.contains(trace), "no progress bars into a pipe, found {trace:?}: {stderr}");
    }

    let accounts = meshdesk(&mesh, Person::Dana, &["accounts", "--json"]);
    assert_eq!(accounts.status.code(), Some(3), "{}", String::from_utf8_lossy(&accounts.stderr));
    let status: MeshStatus = serde_json::from_slice(&accounts.stdout).expect("the mesh status as JSON");
    let states: Vec<(&str, &str)> = status
        .accounts
        .iter()
        .map(|a| {
            let state = match a.state {
                AccountState::Loaded { .. } => "loaded",
                AccountState::Cached => "cached",
                AccountState::Failed { .. } => "failed",
                AccountState::Sandbox { .. } => "sandbox",
            };
            (a.name.as_str(), state)
        })
        .collect();
    // A new run shows the catalog the refresh cached; the broken profile fails again.
    assert_eq!(
        states,
        vec![("identity-prod", "cached"), ("billing-prod", "cached"), ("voice-prod", "cached"), ("lost-prod", "failed")]
    );
    let table = meshdesk(&mesh, Person::Dana, &["accounts"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("PROFILE") && text.contains("broken") && text.contains("1 failed"), "{text}");
}
