//! `kill -9` in the middle of writing: a child process (this test binary again, running only
//! `power_loss::writer`) submits and approves requests as fast as it can on the sandbox file
//! until it is killed at an arbitrary moment, several times over. Each time the store must
//! open, pass SQLite's integrity check, keep an intact audit chain, and hold no half-made
//! decision (every approval provisioned after the start's reconcile, no grant twice).

use crate::crash_points::violations;
use crate::fixture::*;
use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_core::ports::RequestStore;
use meshdesk_protocol::{Decide, DecideInput, RequestStatus};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DIR_ENV: &str = "MESHDESK_POWER_LOSS_DIR";
/// How many times the writer is killed.
const KILLS: u64 = 8;

#[test]
fn writer() {
    let Ok(dir) = std::env::var(DIR_ENV) else { return };
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.into() }, NOW).expect("opens");
    for i in 0.. {
        act_as(&mesh, "mia");
        let mut draft = owner_decides();
        draft.justification = format!("until killed {i}");
        let sent = mesh.submit_request(&draft, NOW).expect("submitted");
        act_as(&mesh, "dana");
        mesh.decide(&DecideInput { id: sent.id, expected_version: sent.version, decision: Decide::Approve }, NOW).expect("approved");
    }
}

fn integrity(store: &Path) -> String {
    let conn = rusqlite::Connection::open(store).expect("store opens");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity check")
}

#[test]
fn a_writer_killed_at_any_moment_leaves_a_consistent_store() {
    let (dir, mesh) = sandbox();
    let store = mesh.backend().path().to_owned();
    let baseline = violations(mesh.backend());
    drop(mesh);
    let mut written = 0;
    for round in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "power_loss::writer", "--test-threads=1"])
            .env(DIR_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("writer starts");
        // Arbitrary but reproducible moments, spread over the writer's loop.
        std::thread::sleep(Duration::from_millis(300 + (round * 7919) % 700));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        assert_eq!(integrity(&store), "ok", "round {round}: SQLite's integrity check");
        let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopens");
        let requests = mesh.backend().requests().expect("requests");
        let ours = requests.iter().filter(|r| r.justification.starts_with("until killed")).count();
        assert!(ours >= written, "round {round}: requests lost ({ours} < {written})");
        written = ours;
        for r in requests.iter().filter(|r| r.justification.starts_with("until killed")) {
            let status = mesh.request(&r.id, NOW).expect("request").status;
            assert!(matches!(status, RequestStatus::Pending | RequestStatus::Provisioned), "round {round}: {} is {status:?}", r.id);
        }
        let added: Vec<String> = violations(mesh.backend()).difference(&baseline).cloned().collect();
        assert!(added.is_empty(), "round {round}: {added:#?}");
        let verify = mesh.verify_audit().expect("verify");
        assert!(verify.intact, "round {round}: {:?}", verify.problem);
    }
    assert!(written > 0, "the writer wrote before being killed");
    eprintln!("writers killed mid-write: {KILLS}, {written} requests written, none torn");
}
