//! Approve and reject racing across processes on the DynamoDB hub: two owners, each at two
//! desktops — four processes, this test binary again running only `race_hub::decider`, each
//! with its own `Meshdesk` on the AWS backend. Every request is approved by two processes and
//! rejected by the other two at the same moment: exactly one decision wins each, the others are
//! told it changed, a request approved gets one Lake Formation grant and one rejected none, and
//! the audit chain in the hub never forks (one event per number, each sealed onto the last).
//!
//! What moto does not give, and how the test stands in for it: moto evaluates a conditional
//! write's condition and stores the item without a lock. Probed with moto 5.2.5, eight threads
//! racing 300 conditional puts on one key and 300 two-item transactions, 55 of the 600 were won
//! by two writers, and some concurrent `TransactWriteItems` failed with HTTP 500 — DynamoDB
//! never lets two conditional writes on one item both succeed. So the processes reach moto
//! through `meshdesk-proxy --serialize-writes`, which sends the calls that write one at a time
//! (reads run beside them): DynamoDB's per-item guarantee, and nothing more. Everything else
//! races as it would on AWS — stale reads, versions moved underneath, audit heads taken, the
//! retries. The gap: this does not test DynamoDB's own isolation, only Meshdesk's use of it.
//!
//! The sandbox runs 1,000 requests × 4 processes (`meshdesk-api/tests/governance/
//! race_processes.rs`); on moto 100 × 4 by default (`MESHDESK_AWS_RACE_REQUESTS` changes it),
//! as moto answers one call at a time in Python.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use meshdesk_api::{AwsConfig, Meshdesk};
use meshdesk_core::ports::{AuditLog, PolicyStore};
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, RequestStatus};

use crate::crash_hub::proxied;
use crate::fixture::{HUB, IDENTITY, NOW, Person, TestMesh};
use crate::governance::draft;

const DIR_ENV: &str = "MESHDESK_AWS_RACE_DIR";
const ROLE_ENV: &str = "MESHDESK_AWS_RACE_ROLE";
const START_ENV: &str = "MESHDESK_AWS_RACE_START_MS";
const MESH_ENV: &str = "MESHDESK_AWS_RACE_MESH";
const DATA_ENV: &str = "MESHDESK_AWS_RACE_DATA";
const REQUESTS: usize = 100;
/// Deciding processes: even ones approve (as Dana), odd ones reject (as Omar).
const PROCESSES: usize = 4;

fn millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis())
}

/// One deciding process: opens the mesh as its owner, waits for the common start, then
/// approves (or rejects) every listed request at the version it was listed with, one line each.
/// Does nothing when run as an ordinary test.
pub fn decider() {
    let vars = [DIR_ENV, ROLE_ENV, START_ENV, MESH_ENV, DATA_ENV].map(std::env::var);
    let [Ok(dir), Ok(role), Ok(start), Ok(mesh_file), Ok(data_dir)] = vars else { return };
    let config = AwsConfig { mesh_file: PathBuf::from(mesh_file), data_dir: PathBuf::from(data_dir) };
    let mesh = Meshdesk::open_aws(&config, NOW).unwrap_or_else(|e| panic!("the owner opens the mesh: {}", e.message));
    let dir = Path::new(&dir);
    let list = std::fs::read_to_string(dir.join("pending")).expect("the pending list");
    let start: u128 = start.parse().expect("the start time");
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
    std::fs::write(dir.join(format!("result-{role}-{}", std::process::id())), out).expect("the results");
}

/// Every process's outcome per request: (role, "ok" or the error code).
fn outcomes(dir: &Path) -> HashMap<String, Vec<(String, String)>> {
    let mut all: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for entry in std::fs::read_dir(dir).expect("the directory") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let Some(rest) = name.strip_prefix("result-") else { continue };
        let role = rest.split('-').next().unwrap_or_default().to_owned();
        for line in std::fs::read_to_string(&path).expect("the results").lines() {
            let mut parts = line.splitn(3, '\t');
            let id = parts.next().unwrap_or_default().to_owned();
            all.entry(id).or_default().push((role.clone(), parts.next().unwrap_or_default().to_owned()));
        }
    }
    all
}

pub fn approve_reject_pairs_across_processes_on_the_hub_each_end_with_one_decision() {
    let requests = std::env::var("MESHDESK_AWS_RACE_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(REQUESTS);
    let mesh = TestMesh::seeded();
    let through = proxied(&mesh);
    through.proxy.serialize_writes(true);
    // Each owner's first start crawls and caches; the deciding processes start from the cache.
    let (mia, dana) = (mesh.open(Person::Mia), mesh.open(Person::Dana));
    drop(mesh.open(Person::Omar));

    let started = Instant::now();
    let mut pending = Vec::new();
    for i in 0..requests {
        let mut asked = draft(&mesh);
        // A role of its own per request, so each Lake Formation entry is one request's.
        asked.principal = format!("arn:aws:iam::{}:role/Race-{i}", mesh.account(HUB));
        let sent = mia.submit_request(&asked, NOW).expect("submitted");
        pending.push((sent.id, sent.version, asked.principal));
    }
    eprintln!("{requests} requests submitted in {:?}", started.elapsed());
    let dir = mesh.dir.path().join("race");
    std::fs::create_dir_all(&dir).expect("the race directory");
    let list: String = pending.iter().map(|(id, v, _)| format!("{id} {v}\n")).collect();
    std::fs::write(dir.join("pending"), list).expect("the pending list");
    let events_before = dana.backend().events().expect("events").len();

    let start = millis() + 3000;
    let children: Vec<_> = (0..PROCESSES)
        .map(|i| {
            let (role, person) = if i % 2 == 0 { ("approve", Person::Dana) } else { ("reject", Person::Omar) };
            let config = mesh.config(person);
            Command::new(std::env::current_exe().expect("this test binary"))
                .args(["--exact", "race_hub::decider", "--test-threads=1"])
                .env("AWS_CONFIG_FILE", &through.config)
                .env(DIR_ENV, &dir)
                .env(ROLE_ENV, role)
                .env(START_ENV, start.to_string())
                .env(MESH_ENV, &config.mesh_file)
                .env(DATA_ENV, &config.data_dir)
                .stdout(Stdio::null())
                .spawn()
                .expect("a decider starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("the decider ends").success(), "a decider failed");
    }
    eprintln!("{PROCESSES} processes decided {requests} requests in {:?}", started.elapsed());

    let outcomes = outcomes(&dir);
    let permissions = mesh.permissions(IDENTITY);
    let entries = |principal: &str| {
        permissions.iter().filter(|p| p.principal().and_then(|p| p.data_lake_principal_identifier()) == Some(principal)).count()
    };
    let conflict = format!("{:?}", ErrorCode::Conflict);
    let mut contested = 0;
    for (id, _, principal) in &pending {
        let tries = outcomes.get(id).unwrap_or_else(|| panic!("{id}: no process reported"));
        assert_eq!(tries.len(), PROCESSES, "{id}: {tries:?}");
        let wins: Vec<&(String, String)> = tries.iter().filter(|(_, o)| o == "ok").collect();
        assert_eq!(wins.len(), 1, "{id}: exactly one decision wins: {tries:?}");
        assert!(tries.iter().all(|(_, o)| o == "ok" || *o == conflict), "{id}: the others are told it changed: {tries:?}");
        let status = dana.request(id, NOW + 60).expect("the request").status;
        match (wins[0].0.as_str(), status) {
            ("approve", RequestStatus::Provisioned) => assert_eq!(entries(principal), 1, "{id}: one grant"),
            ("reject", RequestStatus::Rejected) => assert_eq!(entries(principal), 0, "{id}: no grant"),
            (winner, status) => panic!("{id}: {winner} won but it ended {status:?}"),
        }
        if tries.iter().any(|(role, _)| role != &wins[0].0) {
            contested += 1;
        }
    }
    // The names in the hub agree: one per approved request, none for a rejected one.
    dana.refresh_aws(std::sync::Arc::new(|_| {}), NOW + 120).expect("refreshed");
    let grants = dana.backend().grants().expect("grants");
    for (id, _, _) in &pending {
        let named = grants.iter().filter(|g| g.id.starts_with(&format!("{id}/"))).count();
        let provisioned = dana.request(id, NOW + 60).expect("the request").status == RequestStatus::Provisioned;
        assert_eq!(named, usize::from(provisioned), "{id}: named grants");
    }
    let events = dana.backend().events().expect("events");
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "one chain, no gaps or forks");
    assert!(events.len() > events_before + requests, "a decision event per request at least");
    let verify = dana.verify_audit().expect("verify");
    assert!(verify.intact, "the audit chain never forks: {:?}", verify.problem);
    eprintln!(
        "races run on the DynamoDB hub (moto): {requests} requests x {PROCESSES} processes ({contested} approve/reject pairs contested), one decision each"
    );
}
