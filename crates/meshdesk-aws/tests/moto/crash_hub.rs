//! The process dies between any two writes on AWS: approve, revoke, expire and policy apply are
//! each run as the real `meshdesk` command (`MESHDESK_CLI_BIN`), whose AWS calls go through
//! `meshdesk-proxy` in front of moto. The proxy lets the first N calls that write (DynamoDB
//! puts and transactions, Lake Formation grants and revokes, Glue changes) through and holds the
//! next one unanswered; the test then kills the command with SIGKILL — so it dies after write N
//! and before write N+1, with no destructor, no flush, no cache save. That is done for every N
//! from 0 to the number of writes the operation makes, and once more letting it finish.
//!
//! Why this way: the sandbox's crash test (`meshdesk-api/tests/governance/crash_points.rs`)
//! aborts inside a backend decorator before each *port* call. On AWS one port call is several
//! AWS writes (a grant is its name in the hub, then Lake Formation, then the audit event), so a
//! decorator would only cut between port calls. Holding the wire cuts between the real writes,
//! with the production binary and no test-only code in it.
//!
//! After each kill the person starts again as they would: `meshdesk reconcile --apply` (opening
//! the mesh finishes provisioning; reconcile also finishes revoking and expires what is due).
//! Then, read fresh from AWS: no request lost or invented; the request as before the operation
//! or as after it, never between; each Lake Formation entry of the request's principal there
//! exactly when the request is provisioned (never twice, never left behind) and named in the
//! hub; the audit chain intact and no shorter; reconciling again finds nothing to do.
//!
//! Each crash point uses a request (or a policy grant) for a principal of its own, so the Lake
//! Formation entries judged belong to that point alone; every point runs on the one mesh, and
//! the earlier points' outcomes are judged again at each later one.
//!
//! A policy apply on AWS makes its Lake Formation changes and then appends its audit event (Lake
//! Formation has no transactions to put them in one). Its grant's name record, written before
//! the grant, keeps the apply's event; a kill between the grant and the event is finished by
//! reconcile (it grants again and appends the event, saying so). So every grant standing, of a
//! request or a policy, has its audit event at every point.
//!
//! Before each operation the owner's cache is refreshed, so each point starts from what the
//! last start or refresh left; a revoke from a cache older than the grant is a case of its own
//! (`a_revoke_from_a_cache_older_than_the_grant_still_takes_the_grant_away`, which found that
//! such a revoke planned nothing and left the grant in Lake Formation).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use meshdesk_api::{AwsMesh, Meshdesk};
use meshdesk_core::ports::{AuditLog, PolicyStore, RequestStore};
use meshdesk_protocol::{Decide, DecideInput, RequestStatus};
use meshdesk_proxy::api::Call;
use meshdesk_proxy::{Config, Proxy};

use crate::cli::cli_binary;
use crate::fixture::{HUB, IDENTITY, Person, TestMesh};
use crate::governance::draft;

const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// The owner approves: approved, named, granted, audited, provisioned.
    Approve,
    /// The owner revokes a provisioned request: revoked, grant revoked, name deleted, audited.
    Revoke,
    /// Expiry of a request past its end: expired, grant revoked, name deleted, audited.
    Expire,
    /// The owner grants a column to a role by policy: named, granted, audited.
    PolicyApply,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Approve => "approve",
            Scenario::Revoke => "revoke",
            Scenario::Expire => "expire",
            Scenario::PolicyApply => "policy-apply",
        }
    }

    /// The states a request may be in after the operation was cut short and reconciled.
    fn allowed(self) -> &'static [RequestStatus] {
        match self {
            Scenario::Approve => &[RequestStatus::Pending, RequestStatus::Provisioned],
            Scenario::Revoke => &[RequestStatus::Provisioned, RequestStatus::Revoked],
            // Reconcile expires what is due, so an interrupted expiry always ends expired.
            Scenario::Expire => &[RequestStatus::Expired],
            Scenario::PolicyApply => &[],
        }
    }

    /// When the request is made: expiry needs one whose 30 days have passed by the clock the
    /// command reads.
    fn asked_at(self) -> i64 {
        if self == Scenario::Expire { unix_now() - 40 * DAY } else { unix_now() }
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// moto behind the proxy, and an AWS config whose profiles reach it through the proxy.
pub(crate) struct Proxied {
    pub proxy: Proxy,
    pub config: PathBuf,
}

pub(crate) fn proxied(mesh: &TestMesh) -> Proxied {
    let endpoint = std::env::var(crate::server::ENDPOINT_ENV).expect("the emulator's endpoint");
    let upstream: SocketAddr = endpoint.trim_start_matches("http://").parse().expect("HOST:PORT");
    let proxy = Proxy::start("127.0.0.1:0".parse().expect("an address"), Config {
        upstream,
        latency: Duration::ZERO,
        faults: Vec::new(),
        pattern: meshdesk_proxy::fault::Faults::Spaced,
    })
    .expect("the proxy starts");
    let original = std::env::var("AWS_CONFIG_FILE").expect("the AWS config");
    let text = std::fs::read_to_string(original).expect("the AWS config reads");
    let text = text.replace(&format!("= {endpoint}\n"), &format!("= http://{}\n", proxy.addr()));
    let config = mesh.dir.path().join("aws-config-through-proxy");
    std::fs::write(&config, text).expect("the proxied config");
    Proxied { proxy, config }
}

fn principal(mesh: &TestMesh, scenario: Scenario, point: usize) -> String {
    format!("arn:aws:iam::{}:role/Crash-{}-{point}", mesh.account(HUB), scenario.name())
}

/// The operation as the owner types it, through the proxy.
fn command(mesh: &TestMesh, through: &Proxied, scenario: Scenario, point: usize, id: &str) -> Command {
    let mut cmd = Command::new(cli_binary());
    cmd.arg("--mesh")
        .arg(mesh.mesh_file(Person::Dana))
        .arg("--data-dir")
        .arg(mesh.config(Person::Dana).data_dir)
        .env("AWS_CONFIG_FILE", &through.config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match scenario {
        Scenario::Approve => cmd.args(["approve", id]),
        Scenario::Revoke => cmd.args(["revoke", id, "--reason", "campaign over"]),
        Scenario::Expire => cmd.args(["expire", "--apply"]),
        Scenario::PolicyApply => {
            let on = format!("{}:customer_profiles.customers", mesh.account(IDENTITY));
            let who = principal(mesh, scenario, point);
            cmd.args(["policy", "grant", &who, "--on", &on, "--column", "segment", "--permission", "SELECT", "--yes"])
        }
    };
    cmd
}

fn writes(proxy: &Proxy) -> u64 {
    proxy
        .calls()
        .iter()
        .filter(|(name, _)| !name.starts_with("held:") && !name.starts_with("fault:"))
        .filter_map(|(name, n)| {
            let (service, operation) = name.split_once(':')?;
            Call { service: service.into(), operation: operation.into() }.is_write().then_some(*n)
        })
        .sum()
}

/// Runs the operation; with `hold`, kills it once the proxy holds the write after the first
/// `hold`. Returns whether it was killed, and the writes let through.
fn run(mut cmd: Command, through: &Proxied, hold: Option<u64>, label: &str) -> (bool, u64) {
    through.proxy.reset();
    through.proxy.hold_writes_after(hold);
    let before = through.proxy.held().len();
    let mut child = cmd.spawn().expect("meshdesk starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let killed = loop {
        if through.proxy.held().len() > before {
            child.kill().expect("SIGKILL");
            let _ = child.wait();
            break true;
        }
        if let Some(status) = child.try_wait().expect("status") {
            assert!(hold.is_some() || status.success(), "{label}: the operation failed ({status})");
            break false;
        }
        assert!(Instant::now() < deadline, "{label}: neither held nor done in two minutes");
        std::thread::sleep(Duration::from_millis(5));
    };
    through.proxy.hold_writes_after(None);
    (killed, writes(&through.proxy))
}

/// What a point's outcome is judged against.
struct Before {
    requests: BTreeSet<String>,
    events: usize,
}

/// Gets a fresh request (or nothing, for a policy) to where the operation starts, and refreshes
/// the owner's cache.
fn prepare(mesh: &TestMesh, mia: &Meshdesk<AwsMesh>, dana: &Meshdesk<AwsMesh>, scenario: Scenario, point: usize) -> (String, Before) {
    let at = scenario.asked_at();
    let id = if scenario == Scenario::PolicyApply {
        String::new()
    } else {
        let mut asked = draft(mesh);
        asked.principal = principal(mesh, scenario, point);
        let sent = mia.submit_request(&asked, at).expect("submitted");
        if matches!(scenario, Scenario::Revoke | Scenario::Expire) {
            let input = DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve };
            let approved = dana.decide(&input, at).expect("approved");
            assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
        }
        sent.id
    };
    dana.refresh_aws(Arc::new(|_| {}), unix_now()).expect("the owner's cache refreshed");
    let requests = dana.backend().requests().expect("requests").into_iter().map(|r| r.id).collect();
    (id, Before { requests, events: dana.backend().events().expect("events").len() })
}

/// The Lake Formation entries of `principal` in the producer's account.
fn entries(mesh: &TestMesh, principal: &str) -> usize {
    mesh.permissions(IDENTITY)
        .iter()
        .filter(|p| p.principal().and_then(|p| p.data_lake_principal_identifier()) == Some(principal))
        .count()
}

/// Every point of the scenario so far, read fresh from AWS.
fn check(
    mesh: &TestMesh,
    dana: &Meshdesk<AwsMesh>,
    scenario: Scenario,
    points: &[(usize, String)],
    before: &Before,
    label: &str,
) {
    dana.refresh_aws(Arc::new(|_| {}), unix_now()).expect("refreshed");
    let requests = dana.backend().requests().expect("requests");
    let ids: BTreeSet<String> = requests.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, before.requests, "{label}: no request lost or invented");
    let grants = dana.backend().grants().expect("grants");
    let names: Vec<&str> = grants.iter().map(|g| g.id.as_str()).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "{label}: a grant listed twice: {names:?}");
    let events = dana.backend().events().expect("events");
    for (point, id) in points {
        let who = principal(mesh, scenario, *point);
        let standing = entries(mesh, &who);
        assert!(standing <= 1, "{label}: point {point}: {standing} Lake Formation entries for one grant");
        let named = grants.iter().filter(|g| g.principal == who && !g.id.contains("/lf-")).count();
        if scenario == Scenario::PolicyApply {
            // Granted or not, but never a grant Meshdesk cannot name (drift).
            assert_eq!(named, standing, "{label}: point {point}: the policy grant stands without its name");
            // One apply, one event: none when nothing stands, never two.
            let audited = events.iter().filter(|e| e.after.as_deref().is_some_and(|a| a.contains(&who))).count();
            assert_eq!(audited, standing, "{label}: point {point}: {standing} policy grant(s) standing, {audited} audit event(s)");
            continue;
        }
        let status = dana.request(id, unix_now()).expect("the request").status;
        assert!(scenario.allowed().contains(&status), "{label}: point {point}: {id} ended {status:?}");
        let held = grants.iter().filter(|g| g.id.starts_with(&format!("{id}/"))).count();
        if status == RequestStatus::Provisioned {
            assert_eq!((standing, held), (1, 1), "{label}: point {point}: {id} provisioned without its grant");
        } else {
            assert_eq!((standing, held), (0, 0), "{label}: point {point}: {id} is {status:?} but its grant remains (orphaned)");
        }
    }
    let events = events.len();
    assert!(events >= before.events, "{label}: audit events lost ({events} < {})", before.events);
    let verify = dana.verify_audit().expect("verify");
    assert!(verify.intact, "{label}: audit chain broken: {:?}", verify.problem);
    let again = dana.reconcile(unix_now()).expect("reconcile again");
    let stuck: Vec<_> = again.failed.iter().filter(|(_, why)| !why.starts_with("consumer side pending")).collect();
    let in_step = again.completed.is_empty() && again.expired.is_empty() && again.audited.is_empty() && stuck.is_empty();
    assert!(in_step, "{label}: not in step: {again:?}");
}

fn reconcile(mesh: &TestMesh, label: &str) {
    let out = crate::cli::meshdesk(mesh, Person::Dana, &["reconcile", "--apply"]);
    // 3: some consumer side still waits (the role's account is not in the mesh file): not a crash's doing.
    assert!(matches!(out.status.code(), Some(0 | 3)), "{label}: reconcile: {}", String::from_utf8_lossy(&out.stderr));
}

fn crash_at_every_write(scenario: Scenario) {
    let mesh = TestMesh::seeded();
    let (mia, dana) = (mesh.open(Person::Mia), mesh.open(Person::Dana));
    let through = proxied(&mesh);
    let mut points: Vec<(usize, String)> = Vec::new();

    // Point 0 runs to the end, counting the writes.
    let (id, before) = prepare(&mesh, &mia, &dana, scenario, 0);
    let label = format!("{} run to the end", scenario.name());
    let (killed, total) = run(command(&mesh, &through, scenario, 0, &id), &through, None, &label);
    assert!(!killed && total >= 2, "{label}: {total} writes");
    points.push((0, id));
    check(&mesh, &dana, scenario, &points, &before, &label);

    for n in 0..total {
        let point = points.len();
        let label = format!("{} killed after write {n} of {total}", scenario.name());
        let (id, before) = prepare(&mesh, &mia, &dana, scenario, point);
        let (killed, passed) = run(command(&mesh, &through, scenario, point, &id), &through, Some(n), &label);
        assert!(killed, "{label}: the operation ended before the hold ({passed} writes)");
        assert_eq!(passed, n, "{label}: writes let through");
        points.push((point, id));
        reconcile(&mesh, &label);
        check(&mesh, &dana, scenario, &points, &before, &label);
        if scenario == Scenario::PolicyApply && n + 1 == total {
            // Killed between the grant and its event: reconcile recorded the event, in the
            // owner's name, saying so.
            let who = principal(&mesh, scenario, point);
            let events = dana.backend().events().expect("events");
            let recorded = events.iter().find(|e| e.after.as_deref().is_some_and(|a| a.contains(&who)));
            let recorded = recorded.unwrap_or_else(|| panic!("{label}: no event for the policy grant"));
            assert!(recorded.after.as_deref().is_some_and(|a| a.contains("recorded by reconcile")), "{label}: {recorded:?}");
            assert_eq!(recorded.actor, dana.backend().identity().id, "{label}: the apply's actor");
        }
    }
    eprintln!("crash points on AWS: {} — {} ({total} writes)", scenario.name(), total + 1);
}

pub fn a_kill_between_any_two_writes_of_approve_loses_nothing_and_grants_once() {
    crash_at_every_write(Scenario::Approve);
}

pub fn a_kill_between_any_two_writes_of_revoke_leaves_no_grant_behind() {
    crash_at_every_write(Scenario::Revoke);
}

pub fn a_kill_between_any_two_writes_of_expiry_leaves_no_grant_behind() {
    crash_at_every_write(Scenario::Expire);
}

pub fn a_kill_between_any_two_writes_of_a_policy_grant_leaves_no_unnamed_or_unaudited_grant() {
    crash_at_every_write(Scenario::PolicyApply);
}

/// A request for `role`, approved by the owner in this process (so the command line's cache,
/// saved before, does not list its grant) and provisioned.
fn provisioned(
    mesh: &TestMesh,
    mia: &Meshdesk<AwsMesh>,
    dana: &Meshdesk<AwsMesh>,
    role: &str,
) -> (meshdesk_protocol::RequestView, meshdesk_protocol::RequestDraft, i64) {
    let mut asked = draft(mesh);
    asked.principal = format!("arn:aws:iam::{}:role/{role}", mesh.account(HUB));
    let now = unix_now();
    let sent = mia.submit_request(&asked, now).expect("submitted");
    let input = DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve };
    assert_eq!(dana.decide(&input, now).expect("approved").status, RequestStatus::Provisioned);
    assert_eq!(entries(mesh, &asked.principal), 1);
    (sent, asked, now)
}

/// A revoke from a desktop whose cache was saved before the grant was made (the owner approved
/// in the window, then revoked from a terminal that had not refreshed since).
pub fn a_revoke_from_a_cache_older_than_the_grant_still_takes_the_grant_away() {
    let mesh = TestMesh::seeded();
    let (mia, dana) = (mesh.open(Person::Mia), mesh.open(Person::Dana));
    let (sent, asked, now) = provisioned(&mesh, &mia, &dana, "Stale");
    let out = crate::cli::meshdesk(&mesh, Person::Dana, &["revoke", &sent.id, "--reason", "ended"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(dana.request(&sent.id, now).expect("the request").status, RequestStatus::Revoked);
    assert_eq!(entries(&mesh, &asked.principal), 0, "the grant is gone from Lake Formation");
}

/// A revoke killed after recording the decision and before Lake Formation, then reconciled from
/// a desktop whose cache was saved before the grant was made: the grant is still revoked (the
/// hub's grant record says it stands), not only after the next refresh.
pub fn reconcile_from_a_cache_older_than_the_grant_finishes_an_interrupted_revoke() {
    let mesh = TestMesh::seeded();
    let (mia, dana) = (mesh.open(Person::Mia), mesh.open(Person::Dana));
    let through = proxied(&mesh);
    let (sent, asked, now) = provisioned(&mesh, &mia, &dana, "StaleReconcile");

    let label = "revoke killed after its first write";
    let (killed, _) = run(command(&mesh, &through, Scenario::Revoke, 0, &sent.id), &through, Some(1), label);
    assert!(killed, "{label}: the revoke ended before the hold");
    assert_eq!(dana.request(&sent.id, now).expect("the request").status, RequestStatus::Revoked, "{label}");
    assert_eq!(entries(&mesh, &asked.principal), 1, "{label}: Lake Formation not yet revoked");

    reconcile(&mesh, label);
    assert_eq!(entries(&mesh, &asked.principal), 0, "reconcile revoked the grant its old cache did not list");
    let events = dana.backend().events().expect("events");
    let revoked = events.iter().filter(|e| e.action == "grant.revoked" && e.request_id.as_deref() == Some(sent.id.as_str()));
    assert_eq!(revoked.count(), 1, "the revoke of the grant audited once");
}
