//! Approve and reject racing across processes: several windows on one machine share the sandbox
//! file (SQLite serialises their writes), each a separate process — this test binary again,
//! running only `race_processes::decider`. Every request is approved by some processes and
//! rejected by others at the same moment: exactly one decision wins each, the others are told
//! it changed, at most one grant is made, and the audit chain never forks.

use crate::fixture::*;
use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_core::ports::{AuditLog, PolicyStore};
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, RequestStatus};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const DIR_ENV: &str = "MESHDESK_RACE_TEST_DIR";
const ROLE_ENV: &str = "MESHDESK_RACE_TEST_ROLE";
const START_ENV: &str = "MESHDESK_RACE_TEST_START_MS";
/// How many requests race; `MESHDESK_RACE_REQUESTS` overrides it.
const REQUESTS: usize = 1000;
/// Deciding processes: half approve, half reject.
const PROCESSES: usize = 4;

fn millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_millis()
}

/// One deciding process: waits for the common start, then approves (or rejects) every request
/// in the list at the version it was listed with, and writes one line per request.
#[test]
fn decider() {
    let (Ok(dir), Ok(role), Ok(start)) = (std::env::var(DIR_ENV), std::env::var(ROLE_ENV), std::env::var(START_ENV)) else {
        return;
    };
    let dir = Path::new(&dir);
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.to_owned() }, NOW).expect("window opens");
    act_as(&mesh, "dana");
    let list = std::fs::read_to_string(dir.join("pending")).expect("pending list");
    let start: u128 = start.parse().expect("start time");
    while millis() < start {
        std::thread::sleep(Duration::from_millis(1));
    }
    let mut out = String::new();
    for line in list.lines() {
        let (id, version) = line.split_once(' ').expect("id version");
        let decision = if role == "approve" { Decide::Approve } else { Decide::Reject { reason: "duplicate".into() } };
        let input = DecideInput { id: id.into(), expected_version: version.parse().expect("version"), decision };
        match mesh.decide(&input, NOW + 60) {
            Ok(view) => out.push_str(&format!("{id}\tok\t{:?}\n", view.status)),
            Err(e) => out.push_str(&format!("{id}\t{:?}\t{}\n", e.code, e.message.replace(['\n', '\t'], " "))),
        }
    }
    std::fs::write(dir.join(format!("result-{role}-{}", std::process::id())), out).expect("results");
}

#[test]
fn a_thousand_approve_reject_pairs_across_processes_each_end_with_one_decision() {
    let requests = std::env::var("MESHDESK_RACE_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(REQUESTS);
    let (dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let started = Instant::now();
    let mut pending = Vec::new();
    for i in 0..requests {
        let mut draft = owner_decides();
        draft.justification = format!("race {i}");
        let sent = mesh.submit_request(&draft, NOW).expect("submitted");
        assert_eq!(sent.status, RequestStatus::Pending, "the owner decides these");
        pending.push((sent.id, sent.version));
    }
    eprintln!("{requests} requests submitted in {:?}", started.elapsed());
    let list: String = pending.iter().map(|(id, v)| format!("{id} {v}\n")).collect();
    std::fs::write(dir.path().join("pending"), list).expect("pending list");
    let events_before = mesh.backend().events().expect("events").len();

    let start = millis() + 1500;
    let children: Vec<_> = (0..PROCESSES)
        .map(|i| {
            Command::new(std::env::current_exe().expect("test binary"))
                .args(["--exact", "race_processes::decider", "--test-threads=1"])
                .env(DIR_ENV, dir.path())
                .env(ROLE_ENV, if i % 2 == 0 { "approve" } else { "reject" })
                .env(START_ENV, start.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("decider starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("decider ends").success(), "a decider failed");
    }
    eprintln!("{PROCESSES} processes decided {requests} requests in {:?}", started.elapsed());

    // Every process's outcome per request.
    let mut outcomes: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if let Some(rest) = name.strip_prefix("result-") {
            let role = rest.split('-').next().unwrap_or_default().to_owned();
            for line in std::fs::read_to_string(&path).expect("results").lines() {
                let mut parts = line.splitn(3, '\t');
                let id = parts.next().unwrap_or_default().to_owned();
                let outcome = parts.next().unwrap_or_default().to_owned();
                outcomes.entry(id).or_default().push((role.clone(), outcome));
            }
        }
    }
    let grants = mesh.backend().grants().expect("grants");
    let mut contested = 0;
    for (id, _) in &pending {
        let tries = outcomes.get(id).unwrap_or_else(|| panic!("{id}: no process reported"));
        assert_eq!(tries.len(), PROCESSES, "{id}: {tries:?}");
        let wins: Vec<&(String, String)> = tries.iter().filter(|(_, o)| o == "ok").collect();
        assert_eq!(wins.len(), 1, "{id}: exactly one decision wins: {tries:?}");
        let loser_codes = format!("{:?}", ErrorCode::Conflict);
        assert!(tries.iter().all(|(_, o)| o == "ok" || *o == loser_codes), "{id}: the others are told it changed: {tries:?}");
        let final_state = mesh.request(id, NOW + 60).expect("request");
        let granted = grants.iter().filter(|g| g.id.starts_with(&format!("{id}/"))).count();
        match (wins[0].0.as_str(), final_state.status) {
            ("approve", RequestStatus::Provisioned) => assert_eq!(granted, 1, "{id}: one grant"),
            ("reject", RequestStatus::Rejected) => assert_eq!(granted, 0, "{id}: no grant"),
            (winner, status) => panic!("{id}: {winner} won but it ended {status:?}"),
        }
        if tries.iter().any(|(role, _)| role != &wins[0].0) {
            contested += 1;
        }
    }
    let events = mesh.backend().events().expect("events");
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "one chain, no gaps or forks");
    assert!(events.len() > events_before + requests, "a decision event per request at least");
    let verify = mesh.verify_audit().expect("verify");
    assert!(verify.intact, "the audit chain never forks: {:?}", verify.problem);
    eprintln!("races run: {requests} requests x {PROCESSES} processes ({contested} approve/reject pairs), one decision each");
}
