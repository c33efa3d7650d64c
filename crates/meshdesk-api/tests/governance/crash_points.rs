//! The process dies at every step: approve, revoke, expire and policy apply are each run in a
//! child process (this test binary again, running only `crash_points::child`) whose backend
//! aborts the process just before its Nth write to the store — for every N, and once after the
//! last. The parent then opens the mesh as the next start would (which reconciles), reconciles
//! once more as a user would, and checks what a user relies on: no request lost, no grant
//! made twice or left without its request, the audit chain intact.
//!
//! The abort is `std::process::abort`: no destructors, no connection close, no WAL checkpoint —
//! what a `kill -9` leaves. The store's transactions are the unit the crash can fall between.

use crate::fixture::*;
use crate::wrapped::{wrapped, BeforeWrite, Wrapped, Write};
use meshdesk_api::{Backend, Meshdesk, SandboxConfig};
use meshdesk_core::governance::model::Grant;
use meshdesk_core::ports::{PortError, RequestStore};
use meshdesk_local::SandboxStore;
use meshdesk_protocol::{Decide, DecideInput, RequestStatus};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const DIR_ENV: &str = "MESHDESK_CRASH_TEST_DIR";
const SCENARIO_ENV: &str = "MESHDESK_CRASH_TEST_SCENARIO";
const AT_ENV: &str = "MESHDESK_CRASH_TEST_AT";

/// When the operation runs: a day after the requests were made (expiry: after their end).
const OP_AT: i64 = NOW + DAY;
const EXPIRE_AT: i64 = NOW + 120 * DAY;

/// Counts the store's writes; with `die_at`, the process aborts just before that write.
struct Dying {
    writes: AtomicUsize,
    die_at: Option<usize>,
}

impl BeforeWrite for Dying {
    fn before(&self, _: Write<'_>) -> Result<(), PortError> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        if self.die_at == Some(n) {
            std::process::abort();
        }
        Ok(())
    }
}

fn dying(dir: &Path, die_at: Option<usize>, now: i64) -> Meshdesk<Wrapped<Dying>> {
    wrapped(dir, "dying", Dying { writes: AtomicUsize::new(0), die_at }, now)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// One owner approves: approved, grants made, provisioned.
    Approve,
    /// The steward's second approval of restricted columns completes a quorum.
    QuorumApprove,
    /// An owner revokes a provisioned request: revoked, grants revoked.
    Revoke,
    /// The end passes: expired, grants revoked.
    Expire,
    /// An owner applies a policy change.
    PolicyApply,
}

const SCENARIOS: [Scenario; 5] = [Scenario::Approve, Scenario::QuorumApprove, Scenario::Revoke, Scenario::Expire, Scenario::PolicyApply];

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Approve => "approve",
            Scenario::QuorumApprove => "quorum-approve",
            Scenario::Revoke => "revoke",
            Scenario::Expire => "expire",
            Scenario::PolicyApply => "policy-apply",
        }
    }

    fn named(name: &str) -> Scenario {
        SCENARIOS.into_iter().find(|s| s.name() == name).unwrap_or_else(|| panic!("no scenario {name}"))
    }

    fn op_at(self) -> i64 {
        if self == Scenario::Expire { EXPIRE_AT } else { OP_AT }
    }

    /// Brings a fresh sandbox to where the operation starts; returns the request it acts on.
    fn prepare(self, dir: &Path) -> Option<String> {
        let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.to_owned() }, NOW).expect("sandbox");
        act_as(&mesh, "mia");
        let draft = if self == Scenario::QuorumApprove { three_columns() } else { owner_decides() };
        let id = mesh.submit_request(&draft, NOW).expect("submitted").id;
        match self {
            Scenario::Approve | Scenario::PolicyApply => {}
            Scenario::QuorumApprove => {
                act_as(&mesh, "dana");
                decide(&mesh, &id, Decide::Approve, NOW);
                assert_eq!(mesh.request(&id, NOW).expect("request").status, RequestStatus::Pending, "the steward must still approve");
            }
            Scenario::Revoke | Scenario::Expire => {
                act_as(&mesh, "dana");
                decide(&mesh, &id, Decide::Approve, NOW);
                assert_eq!(mesh.request(&id, NOW).expect("request").status, RequestStatus::Provisioned);
            }
        }
        Some(id)
    }

    /// The operation, as the user would start it.
    fn run<B: Backend>(self, mesh: &Meshdesk<B>, id: &str) {
        let at = self.op_at();
        match self {
            Scenario::Approve | Scenario::Revoke => {
                mesh.switch_identity("dana").expect("dana");
                let decision = if self == Scenario::Approve { Decide::Approve } else { Decide::Revoke { reason: "campaign over".into() } };
                decide(mesh, id, decision, at);
            }
            Scenario::QuorumApprove => {
                mesh.switch_identity("lee").expect("lee");
                decide(mesh, id, Decide::Approve, at);
            }
            Scenario::Expire => {
                mesh.expire(at, true).expect("expire");
            }
            Scenario::PolicyApply => {
                mesh.switch_identity("dana").expect("dana");
                mesh.apply_policy(&[grant_segment_to_marketing(vec![])], at).expect("applied");
            }
        }
    }

    /// The states the request may be in after the operation was cut short and reconciled:
    /// as before, or as after — never anything between.
    fn allowed(self) -> &'static [RequestStatus] {
        match self {
            Scenario::Approve | Scenario::QuorumApprove => &[RequestStatus::Pending, RequestStatus::Provisioned],
            Scenario::Revoke => &[RequestStatus::Provisioned, RequestStatus::Revoked],
            Scenario::Expire => &[RequestStatus::Expired],
            Scenario::PolicyApply => &[RequestStatus::Pending],
        }
    }
}

fn decide<B: Backend>(mesh: &Meshdesk<B>, id: &str, decision: Decide, at: i64) {
    let version = mesh.request(id, at).expect("request").version;
    mesh.decide(&DecideInput { id: id.into(), expected_version: version, decision }, at).expect("decided");
}

/// The child: runs one scenario on a prepared store and dies before write `AT` (or after the
/// last). Does nothing when run as an ordinary test.
#[test]
fn child() {
    let (Ok(dir), Ok(scenario), Ok(at)) = (std::env::var(DIR_ENV), std::env::var(SCENARIO_ENV), std::env::var(AT_ENV)) else {
        return;
    };
    let scenario = Scenario::named(&scenario);
    let at: usize = at.parse().expect("AT is a number");
    let dir = Path::new(&dir);
    let id = std::fs::read_to_string(dir.join("request-id")).expect("request id");
    let mesh = dying(dir, Some(at), scenario.op_at());
    scenario.run(&mesh, &id);
    // Past the last write: killed before any orderly shutdown.
    std::process::abort();
}

/// How many writes the operation makes, counted on a scratch store.
fn writes_of(scenario: Scenario) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = scenario.prepare(dir.path()).expect("prepared");
    let mesh = dying(dir.path(), None, scenario.op_at());
    scenario.run(&mesh, &id);
    mesh.backend().hook.writes.load(Ordering::SeqCst)
}

/// What must never happen, found in a store: a grant made twice (one id, or one origin's access), a provisioned request without
/// its grants, a grant whose request no longer holds it. The demo mesh seeds some of these on
/// purpose (drift for the audit views), so a crash is judged by what it adds.
pub(crate) fn violations<B: Backend>(backend: &B) -> BTreeSet<String> {
    let requests = backend.requests().expect("requests");
    let grants = backend.grants().expect("grants");
    let mut found = BTreeSet::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for g in &grants {
        *seen.entry(g.id.as_str()).or_default() += 1;
        // Two requests may ask for the same access; one request's access made twice is the bug.
        let origin = |grant: &Grant| grant.id.split('/').next().unwrap_or_default().to_owned();
        let same = |o: &&Grant| origin(o) == origin(g) && o.principal == g.principal && o.resource == g.resource;
        if grants.iter().filter(same).count() > 1 {
            found.insert(format!("granted twice: {} to {}", g.id, g.principal));
        }
    }
    found.extend(seen.iter().filter(|(_, n)| **n > 1).map(|(id, _)| format!("grant id twice: {id}")));
    for r in &requests {
        let held: Vec<&str> =
            grants.iter().filter(|g| g.id.starts_with(&format!("{}/", r.id)) || r.grant_ids.contains(&g.id)).map(|g| g.id.as_str()).collect();
        if r.status == meshdesk_core::governance::model::RequestStatus::Provisioned {
            if r.grant_ids.is_empty() || !r.grant_ids.iter().all(|gid| held.contains(&gid.as_str())) {
                found.insert(format!("{} provisioned without its grants", r.id));
            }
        } else if !held.is_empty() {
            found.insert(format!("{} is {:?} but its grants remain (orphaned): {held:?}", r.id, r.status));
        }
    }
    found
}

fn check_invariants(mesh: &Meshdesk, id: &str, scenario: Scenario, before: &Before, label: &str) {
    let ids: BTreeSet<String> = mesh.backend().requests().expect("requests").into_iter().map(|r| r.id).collect();
    assert_eq!(ids, before.requests, "{label}: no request lost or invented");
    let added: Vec<String> = violations(mesh.backend()).difference(&before.violations).cloned().collect();
    assert!(added.is_empty(), "{label}: {added:#?}");
    let status = mesh.request(id, scenario.op_at()).expect("request").status;
    assert!(scenario.allowed().contains(&status), "{label}: {id} ended {status:?}");
    let verify = mesh.verify_audit().expect("verify");
    assert!(verify.intact, "{label}: audit chain broken: {:?}", verify.problem);
}

/// The prepared store, before the operation.
struct Before {
    requests: BTreeSet<String>,
    violations: BTreeSet<String>,
}

fn crash_at_every_write(scenario: Scenario) -> usize {
    let writes = writes_of(scenario);
    assert!(writes >= 1, "{}: the operation writes", scenario.name());
    for at in 1..=writes + 1 {
        let label = format!("{} killed before write {at} of {writes}", scenario.name());
        let dir = tempfile::tempdir().expect("temp dir");
        let id = scenario.prepare(dir.path()).expect("prepared");
        std::fs::write(dir.path().join("request-id"), &id).expect("id file");
        let before = {
            let store = SandboxStore::open(dir.path(), NOW).expect("store");
            let requests = store.requests().expect("requests").into_iter().map(|r| r.id).collect();
            Before { requests, violations: violations(&store) }
        };
        let status = Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "crash_points::child", "--nocapture", "--test-threads=1"])
            .env(DIR_ENV, dir.path())
            .env(SCENARIO_ENV, scenario.name())
            .env(AT_ENV, at.to_string())
            .status()
            .expect("child runs");
        assert!(!status.success(), "{label}: the child was meant to die ({status})");
        // The next start reconciles; the user may also reconcile by hand.
        let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, scenario.op_at()).expect("reopens");
        mesh.reconcile(scenario.op_at()).expect("reconcile");
        check_invariants(&mesh, &id, scenario, &before, &label);
        // Reconciling again changes nothing more.
        let again = mesh.reconcile(scenario.op_at()).expect("reconcile again");
        assert!(again.completed.is_empty() && again.expired.is_empty() && again.failed.is_empty(), "{label}: {again:?}");
    }
    writes + 1
}

#[test]
fn a_kill_at_any_step_of_approve_revoke_expire_or_policy_apply_loses_nothing_and_grants_once() {
    let mut points = 0;
    for scenario in SCENARIOS {
        let n = crash_at_every_write(scenario);
        eprintln!("crash points: {} — {n}", scenario.name());
        points += n;
    }
    eprintln!("crash points tested: {points}");
}
