//! Faults between Meshdesk and AWS: the loopback proxy (`meshdesk-proxy`) sits between the SDK and
//! moto and fails calls at a rate — throttling (HTTP 400 `ThrottlingException`, `Throttling` for
//! STS), HTTP 500 and 503 in each service's error shape, a connection closed without an answer,
//! a call carried out whose answer is lost (the SDK retries a write that happened), and a call
//! left unanswered past the SDK's read timeout — drawn from a fixed seed, so a run
//! fails the same share of calls in the same way. Meshdesk retries with its policy
//! (`meshdesk_aws::retry`: standard mode, six attempts, full jitter).
//!
//! - A full crawl with a fifth of every call failing finds every table a crawl without faults
//!   finds, column for column and tag for tag; an account that still fails is named with why,
//!   and the next refresh reads it.
//! - Approving and revoking with 40 % of Lake Formation's grants and revokes and of the hub's
//!   writes failing: each decision ends done or with a clear error, and at every step the hub and
//!   Lake Formation agree (no grant without an approved request, a provisioned request's grant
//!   exists once, without grant option); retrying the decision finishes it.
//! - With every grant, revoke or hub write failing, a decision fails clearly and leaves nothing
//!   half-made; once the faults stop, a retry or `reconcile` finishes it.
//! - A hub write carried out whose answer is lost, retried by the SDK, is known as the writer's
//!   own: the decision is done once, not refused as a conflict, its audit event stored once.
//!
//! The proxy is reached through profiles of their own (`via-proxy-*`, written by the supervisor
//! next to the direct ones, on a port it chose): a test opens the mesh through them while its
//! checks read moto directly. The fault tests share that one port, so they take turns.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use aws_sdk_lakeformation::types as lf;
use meshdesk_api::{AwsConfig, AwsMesh, Meshdesk};
use meshdesk_aws::retry::MAX_ATTEMPTS;
use meshdesk_core::governance::audit::verify;
use meshdesk_core::model::{Database, Table};
use meshdesk_core::ports::{AuditLog, CatalogSource, RequestStore};
use meshdesk_protocol::{AccountState, ApiError, Decide, DecideInput, ErrorCode, RequestStatus, RequestView};
use meshdesk_proxy::fault::{FaultRule, Faults};
use meshdesk_proxy::{Config, Proxy};

use crate::fixture::{BILLING, HUB, IDENTITY, NOW, Person, TestMesh, VOICE};
use crate::governance::draft;
use crate::seed::{column, database_resource, table_resource, tag};

/// Set in the test runner: the port the `via-proxy-*` profiles send their calls to.
pub const PORT_ENV: &str = "MESHDESK_FAULT_PROXY_PORT";
/// The seed of the proxy's draws: which calls fail, and how.
const SEED: u64 = 20_261_129;
/// A call left unanswered this long is past the SDK's read timeout (10 s): the SDK times out.
const HANG: &str = "timeout:12s";
const PREFIX: &str = "via-proxy-";

/// The profiles of every slot again, named `via-proxy-<name>`, with their calls going to the
/// fault proxy's port (the role credentials too: their base profile goes there as well).
pub fn profiles_through_proxy(port: u16) -> String {
    crate::server::slot_profiles(PREFIX, &format!("http://127.0.0.1:{port}"))
}

/// One fault test's turn at the proxy.
static TURN: Mutex<()> = Mutex::new(());

/// The fault proxy in front of moto, for one test.
struct FaultProxy {
    proxy: Proxy,
    _turn: MutexGuard<'static, ()>,
}

impl FaultProxy {
    fn start(rules: &[&str]) -> FaultProxy {
        let turn = TURN.lock().unwrap_or_else(PoisonError::into_inner);
        let port: u16 = std::env::var(PORT_ENV)
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{PORT_ENV} is not set: the supervisor sets it"));
        let endpoint = std::env::var(crate::server::ENDPOINT_ENV).expect("the emulator's endpoint");
        let upstream: SocketAddr =
            endpoint.trim_start_matches("http://").parse().unwrap_or_else(|_| panic!("not HOST:PORT: {endpoint}"));
        let config = Config { upstream, latency: Duration::ZERO, faults: parse(rules), pattern: Faults::Seeded(SEED) };
        let listen: SocketAddr = ([127, 0, 0, 1], port).into();
        // The previous test's proxy lets go of the port when its accept loop wakes.
        let deadline = Instant::now() + Duration::from_secs(10);
        let proxy = loop {
            match Proxy::start(listen, config.clone()) {
                Ok(proxy) => break proxy,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("the fault proxy's port {port} is busy ({e}); waiting");
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("the fault proxy cannot listen on {listen}: {e}"),
            }
        };
        FaultProxy { proxy, _turn: turn }
    }

    /// New rules from the next call on, on connections already open too.
    fn set(&self, rules: &[&str]) {
        self.proxy.set_faults(parse(rules), Faults::Seeded(SEED));
    }

    /// New rules whose faults are evenly spaced: at rate 0.5, every second matching call.
    fn set_spaced(&self, rules: &[&str]) {
        self.proxy.set_faults(parse(rules), Faults::Spaced);
    }

    /// Calls and injected faults so far, zeroed.
    fn take(&self) -> Counts {
        let counts = Counts::of(&self.proxy.calls());
        self.proxy.reset();
        counts
    }
}

fn parse(rules: &[&str]) -> Vec<FaultRule> {
    rules.iter().map(|r| r.parse().unwrap_or_else(|e| panic!("{e}"))).collect()
}

/// What went through the proxy: calls per service, faults per service and per kind.
#[derive(Debug, Default)]
struct Counts {
    calls: BTreeMap<String, u64>,
    faults: BTreeMap<String, u64>,
    kinds: BTreeMap<String, u64>,
}

impl Counts {
    fn of(listed: &BTreeMap<String, u64>) -> Counts {
        let mut counts = Counts::default();
        for (key, n) in listed {
            match key.strip_prefix("fault:") {
                // fault:service:Operation:kind
                Some(fault) => {
                    let mut parts = fault.split(':');
                    let (service, kind) = (parts.next().unwrap_or_default(), parts.nth(1).unwrap_or_default());
                    *counts.faults.entry(service.to_owned()).or_default() += n;
                    *counts.kinds.entry(kind.to_owned()).or_default() += n;
                }
                None => *counts.calls.entry(key.split(':').next().unwrap_or_default().to_owned()).or_default() += n,
            }
        }
        counts
    }

    fn total_calls(&self) -> u64 {
        self.calls.values().sum()
    }

    fn total_faults(&self) -> u64 {
        self.faults.values().sum()
    }

    fn summary(&self) -> String {
        let per = |m: &BTreeMap<String, u64>| m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
        format!(
            "{} calls ({}), {} faults injected ({}; {})",
            self.total_calls(),
            per(&self.calls),
            self.total_faults(),
            per(&self.faults),
            per(&self.kinds)
        )
    }
}

/// `person`'s mesh through the proxy: the same accounts by their `via-proxy-*` profiles, a data
/// directory of its own (so the first start crawls).
fn through_proxy(mesh: &TestMesh, person: Person) -> AwsConfig {
    let text = mesh.mesh_text(person, "").replace("profile = \"", &format!("profile = \"{PREFIX}"));
    let file = mesh.dir.path().join(format!("mesh-{}-via-proxy.toml", person.key()));
    std::fs::write(&file, text).expect("the mesh file");
    AwsConfig { mesh_file: file, data_dir: mesh.dir.path().join(format!("data-{}-via-proxy", person.key())) }
}

fn open(config: &AwsConfig) -> Meshdesk<AwsMesh> {
    Meshdesk::open_aws(config, NOW).unwrap_or_else(|e| panic!("the mesh opens through the proxy: {} ({:?})", e.message, e.code))
}

/// A seeded mesh with Mia and Dana at their desks through the proxy (no faults yet, its counts
/// zeroed), and Dana's view straight from moto for the checks.
struct Scene {
    mesh: TestMesh,
    proxy: FaultProxy,
    mia: Meshdesk<AwsMesh>,
    dana: Meshdesk<AwsMesh>,
    direct: Meshdesk<AwsMesh>,
}

fn scene() -> Scene {
    let mesh = TestMesh::seeded();
    let proxy = FaultProxy::start(&[]);
    let mia = open(&through_proxy(&mesh, Person::Mia));
    let dana = open(&through_proxy(&mesh, Person::Dana));
    let direct = mesh.open(Person::Dana);
    proxy.take();
    Scene { mesh, proxy, mia, dana, direct }
}

/// More to crawl, and every database and table tagged: moto answers `GetResourceLFTags` on a
/// never-tagged resource with an HTML 500 (Lake Formation answers empty lists), which the SDK
/// retries like any 500 — with injected faults in the mix its last attempt could be one of
/// those, an emulator artefact rather than something to test. Each domain account gets three
/// archive databases of three tables.
fn widen_and_tag(mesh: &TestMesh) {
    for (k, domain) in [(IDENTITY, "identity"), (BILLING, "billing"), (VOICE, "voice")] {
        let admin = mesh.clients(k);
        mesh.block_on(async move {
            for year in 2023..2026 {
                let archive = format!("{domain}_archive_{year}");
                let input = aws_sdk_glue::types::DatabaseInput::builder()
                    .name(&archive)
                    .parameters("meshdesk:product", "true")
                    .build()
                    .expect("a database");
                admin.glue.create_database().database_input(input).send().await.expect("CreateDatabase");
                for i in 0..3 {
                    let sd = aws_sdk_glue::types::StorageDescriptor::builder()
                        .location(format!("s3://{domain}-archive/{year}/t{i}/"))
                        .columns(column("id", "bigint", "row id"))
                        .columns(column("at", "timestamp", ""))
                        .columns(column("amount", "decimal(12,2)", "in euros"))
                        .build();
                    let table = aws_sdk_glue::types::TableInput::builder()
                        .name(format!("events_{i}"))
                        .storage_descriptor(sd)
                        .build()
                        .expect("a table");
                    admin.glue.create_table().database_name(&archive).table_input(table).send().await.expect("CreateTable");
                }
            }
            let databases = admin.glue.get_databases().send().await.expect("GetDatabases");
            for db in databases.database_list().iter().filter(|d| d.target_database().is_none()) {
                let resource = database_resource(db.name());
                if admin.lf.get_resource_lf_tags().resource(resource.clone()).send().await.is_err() {
                    tag(&admin, resource, &[("domain", domain)]).await;
                }
                let tables = admin.glue.get_tables().database_name(db.name()).send().await.expect("GetTables");
                for t in tables.table_list().iter().filter(|t| t.target_table().is_none()) {
                    let resource = table_resource(db.name(), t.name());
                    if admin.lf.get_resource_lf_tags().resource(resource.clone()).send().await.is_err() {
                        tag(&admin, resource, &[("domain", domain)]).await;
                    }
                }
            }
        });
    }
}

/// The databases and tables read from `account`, in a stable order.
fn account_catalog(m: &Meshdesk<AwsMesh>, account: &str) -> (Vec<Database>, Vec<Table>) {
    let catalog = m.backend().load_catalog().expect("the catalog");
    let mut databases: Vec<Database> = catalog.databases.into_iter().filter(|d| d.account == account).collect();
    let mut tables: Vec<Table> = catalog.tables.into_iter().filter(|t| t.account == account).collect();
    databases.sort_by(|a, b| a.name.cmp(&b.name));
    tables.sort_by(|a, b| (&a.database, &a.name).cmp(&(&b.database, &b.name)));
    (databases, tables)
}

pub fn a_crawl_with_a_fifth_of_calls_failing_loses_no_table() {
    let mesh = TestMesh::seeded();
    widen_and_tag(&mesh);
    let clean = mesh.open(Person::Dana);
    let accounts = [mesh.account(IDENTITY), mesh.account(BILLING), mesh.account(VOICE)];
    let expected: BTreeMap<&String, (Vec<Database>, Vec<Table>)> =
        accounts.iter().map(|a| (a, account_catalog(&clean, a))).collect();
    let seeded_tables: usize = expected.values().map(|(_, t)| t.len()).sum();
    assert!(seeded_tables >= 24, "the crawl has enough to read: {seeded_tables} tables");

    let every_kind = format!("*=throttle|5xx|503|reset|lost|{HANG}@0.2");
    let proxy = FaultProxy::start(&[&every_kind]);
    let started = Instant::now();
    let dana = open(&through_proxy(&mesh, Person::Dana));
    let mut refreshes = 1;
    loop {
        let status = dana.mesh_status().expect("the mesh status");
        let mut failed = Vec::new();
        for a in &status.accounts {
            let id = a.account.clone().unwrap_or_default();
            match &a.state {
                AccountState::Loaded { tables, .. } => {
                    let (databases, read) = account_catalog(&dana, &id);
                    let (want_databases, want) = &expected[&id];
                    assert_eq!(read.len(), *tables as usize, "{}: the status counts what was read", a.name);
                    let missing: Vec<String> = want
                        .iter()
                        .filter(|t| !read.contains(t))
                        .map(|t| format!("{}.{}", t.database, t.name))
                        .collect();
                    assert!(missing.is_empty(), "{} loaded but lost or changed tables under faults: {missing:?}", a.name);
                    assert_eq!(&read, want, "{}: the same tables, columns and tags as without faults", a.name);
                    assert_eq!(&databases, want_databases, "{}: the same databases", a.name);
                }
                AccountState::Failed { kind, message, .. } => {
                    // Incomplete is said, with why: the call, the account and what AWS answered.
                    assert!(message.contains(&id) && message.contains(&a.name), "names the account: {message}");
                    assert!(!kind.is_empty(), "{message}");
                    eprintln!("faults: refresh {refreshes} left {} incomplete: {kind}: {message}", a.name);
                    failed.push(a.name.clone());
                }
                other => panic!("{}: neither read nor failed after a refresh: {other:?}", a.name),
            }
        }
        if failed.is_empty() {
            break;
        }
        // The user refreshes again (the account's last catalog shown meanwhile).
        assert!(refreshes < 3, "accounts still incomplete after {refreshes} refreshes: {failed:?}");
        refreshes += 1;
        dana.refresh_aws(Arc::new(|_| {}), NOW + 60).expect("a refresh");
    }
    let elapsed = started.elapsed();
    let counts = proxy.take();
    let rate = counts.total_faults() as f64 / counts.total_calls() as f64;
    println!(
        "faults: crawl at 20 % (throttle, 500, 503, reset, lost answer, timeout): {seeded_tables} of {seeded_tables} tables in 3 accounts, 0 lost, \
         {refreshes} refresh(es), {:.1} s; {}",
        elapsed.as_secs_f64(),
        counts.summary()
    );
    assert!((0.12..0.30).contains(&rate), "about a fifth of the calls failed: {}", counts.summary());
    for kind in ["throttle", "5xx", "503", "reset", "lost", "timeout"] {
        assert!(counts.kinds.get(kind).copied().unwrap_or(0) > 0, "no {kind} injected: {}", counts.summary());
    }
    for service in ["glue", "lakeformation", "sts", "dynamodb"] {
        assert!(counts.calls.get(service).copied().unwrap_or(0) > 0, "no {service} call went through: {}", counts.summary());
    }
    for service in ["glue", "lakeformation"] {
        assert!(counts.faults.get(service).copied().unwrap_or(0) > 0, "no {service} fault: {}", counts.summary());
    }

    // A listing that fails for good: each account is marked incomplete with the call that
    // failed and why, its last catalog still shown; once AWS answers, a refresh reads it.
    proxy.set(&["lakeformation:ListPermissions=503@1"]);
    dana.refresh_aws(Arc::new(|_| {}), NOW + 120).expect("the refresh runs");
    let status = dana.mesh_status().expect("the mesh status");
    for a in &status.accounts {
        let AccountState::Failed { kind, message, cached } = &a.state else { panic!("{}: not failed: {a:?}", a.name) };
        let id = a.account.clone().unwrap_or_default();
        assert!(
            message.contains("ListPermissions") && message.contains(&id) && message.contains("ServiceUnavailable"),
            "{}: says which call failed where, and why: {message}",
            a.name
        );
        assert_eq!((kind.as_str(), *cached), ("unavailable", true), "{message}");
        assert_eq!(account_catalog(&dana, &id), expected[&id], "{}: its last catalog is still shown", a.name);
    }
    let failed_calls = proxy.take().faults.get("lakeformation").copied();
    assert_eq!(failed_calls, Some(3 * u64::from(MAX_ATTEMPTS)), "every attempt of each account's listing");
    proxy.set(&[]);
    dana.refresh_aws(Arc::new(|_| {}), NOW + 180).expect("the refresh");
    let status = dana.mesh_status().expect("the mesh status");
    assert!(status.accounts.iter().all(|a| matches!(a.state, AccountState::Loaded { .. })), "{status:#?}");
}

/// The hub's writes and Lake Formation's grants and revokes, failing at `rate` in every way.
fn decision_faults(rate: &str, kinds: &str) -> Vec<String> {
    [
        "lakeformation:GrantPermissions",
        "lakeformation:RevokePermissions",
        "lakeformation:BatchGrantPermissions",
        "lakeformation:BatchRevokePermissions",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:TransactWriteItems",
    ]
    .iter()
    .map(|api| format!("{api}={kinds}@{rate}"))
    .collect()
}

/// The producer's Lake Formation entries for `principal` on `table` of customer_profiles.
fn grants_on(mesh: &TestMesh, principal: &str, table: &str) -> Vec<lf::PrincipalResourcePermissions> {
    mesh.permissions(IDENTITY)
        .into_iter()
        .filter(|p| p.principal().and_then(|p| p.data_lake_principal_identifier()) == Some(principal))
        .filter(|p| {
            let r = p.resource();
            r.and_then(|r| r.table_with_columns()).map(|t| t.name()) == Some(table)
                || r.and_then(|r| r.table()).and_then(|t| t.name()) == Some(table)
        })
        .collect()
}

/// The hub and Lake Formation agree about request `id` (read without the proxy): no grant
/// without an approved request; a provisioned request's grant exists once, without grant option;
/// an approved one is provisioned or about to be (a retry or reconcile finishes it); a revoked
/// one's grant is gone or about to be (reconcile removes it).
fn check_agree(mesh: &TestMesh, direct: &Meshdesk<AwsMesh>, id: &str, table: &str) -> RequestStatus {
    let request = direct.request(id, NOW).expect("the request, read from the hub");
    let grants = grants_on(mesh, &request.principal, table);
    assert!(grants.len() <= 1, "{id}: the grant exists at most once: {grants:#?}");
    assert!(
        grants.iter().all(|g| g.permissions_with_grant_option().is_empty()),
        "{id}: never grant option to another account: {grants:#?}"
    );
    match request.status {
        RequestStatus::Provisioned => assert_eq!(grants.len(), 1, "{id}: provisioned, so granted"),
        RequestStatus::Approved | RequestStatus::Revoked => {}
        other => assert!(grants.is_empty(), "{id}: a grant without an approved request ({other:?})"),
    }
    request.status
}

/// How decisions under faults ended, try by try.
#[derive(Debug, Default)]
struct Tally {
    done: u32,
    /// Approved, provisioning failed: `last_error` says why.
    approved_with_error: u32,
    /// Refused with an error whose code says to try again.
    errors: BTreeMap<String, u32>,
    /// Reconcile runs that finished a revocation.
    reconciles: u32,
}

/// Tries `decision` on request `id` until it is `goal`, as the user would: after an error the
/// request is read again and the decision that fits its state is taken (`Retry` for an approved
/// request whose grants are not made). Every outcome is a done decision or a clear, retryable
/// failure, and after each the hub and Lake Formation agree.
#[allow(clippy::too_many_arguments)]
fn decide_until(
    mesh: &TestMesh,
    owner: &Meshdesk<AwsMesh>,
    direct: &Meshdesk<AwsMesh>,
    id: &str,
    table: &str,
    decision: &Decide,
    goal: RequestStatus,
    tally: &mut Tally,
) -> RequestView {
    for attempt in 0..12 {
        let current = direct.request(id, NOW).expect("the request");
        if current.status == goal {
            return current;
        }
        let next = match (&current.status, decision) {
            (RequestStatus::Approved, Decide::Approve) => Decide::Retry,
            _ => decision.clone(),
        };
        let outcome = owner.decide(&DecideInput { id: id.to_owned(), expected_version: current.version, decision: next }, NOW + 60);
        match outcome {
            Ok(view) if view.status == goal => tally.done += 1,
            Ok(view) if view.status == RequestStatus::Approved => {
                let error = view.last_error.clone().unwrap_or_default();
                assert!(!error.is_empty(), "{id}: approved but not provisioned, and nothing says why: {view:#?}");
                tally.approved_with_error += 1;
            }
            Ok(view) => panic!("{id}: attempt {attempt} ended {:?}, neither done nor failed: {view:#?}", view.status),
            Err(ApiError { code, message }) => {
                assert_eq!(code, ErrorCode::Unavailable, "{id}: a fault is a retryable failure: {message}");
                assert!(message.contains(" in account ") || message.contains("hub"), "{id}: says which call failed: {message}");
                *tally.errors.entry(first_words(&message)).or_default() += 1;
            }
        }
        check_agree(mesh, direct, id, table);
    }
    panic!("{id}: not {goal:?} after 12 tries");
}

/// The start of an error message, to group the failures seen.
fn first_words(message: &str) -> String {
    message.split(':').next().unwrap_or(message).chars().take(60).collect()
}

pub fn approvals_and_revocations_under_faults_end_done_or_retryable_never_half_applied() {
    let Scene { mesh, proxy, mia, dana, direct } = scene();
    let principal = format!("arn:aws:iam::{}:role/Analyst", mesh.account(HUB));

    let rules = decision_faults("0.4", &format!("throttle|5xx|503|reset|lost|{HANG}"));
    proxy.set(&rules.iter().map(String::as_str).collect::<Vec<_>>());
    let mut tally = Tally::default();
    let mut rounds = Vec::new();
    for (round, table) in ["customers", "addresses", "customers", "addresses"].into_iter().enumerate() {
        let mut asked = draft(&mesh);
        asked.tables = vec![table.to_owned()];
        asked.columns = match (table, round) {
            ("customers", 0) => vec!["customers.id".into(), "customers.segment".into()],
            ("customers", _) => vec!["customers.id".into(), "customers.country".into()],
            (_, 1) => vec!["addresses.customer_id".into(), "addresses.city".into()],
            _ => vec!["addresses.customer_id".into(), "addresses.street".into()],
        };
        // Submitting is a hub write too: a failure leaves no request behind, so the user sends again.
        let before = direct.backend().requests().map(|r| r.len()).unwrap_or(0);
        let sent = (0..12)
            .find_map(|_| match mia.submit_request(&asked, NOW + round as i64) {
                Ok(sent) => Some(sent),
                Err(e) => {
                    assert_eq!(e.code, ErrorCode::Unavailable, "{}", e.message);
                    None
                }
            })
            .expect("submitted within 12 tries");
        assert_eq!(direct.backend().requests().expect("requests").len(), before + 1, "one request per submission");

        let approved =
            decide_until(&mesh, &dana, &direct, &sent.id, table, &Decide::Approve, RequestStatus::Provisioned, &mut tally);
        assert_eq!(approved.grant_ids, [format!("{}/{table}", sent.id)]);
        assert_eq!(check_agree(&mesh, &direct, &sent.id, table), RequestStatus::Provisioned);
        let revoke = Decide::Revoke { reason: "project ended".into() };
        decide_until(&mesh, &dana, &direct, &sent.id, table, &revoke, RequestStatus::Revoked, &mut tally);
        // A revocation recorded whose grant could not be revoked yet is finished by reconcile
        // (the error said so), also while the faults go on.
        for _ in 0..12 {
            if grants_on(&mesh, &principal, table).is_empty() {
                break;
            }
            tally.reconciles += 1;
            let _ = dana.reconcile(NOW + 90);
            check_agree(&mesh, &direct, &sent.id, table);
        }
        assert!(grants_on(&mesh, &principal, table).is_empty(), "{}: revoked, and its grant gone", sent.id);
        rounds.push((sent.id, table));
    }
    let counts = proxy.take();

    // The faults stop: reconcile removes what a revocation left, and everything is in step.
    proxy.set(&[]);
    let report = dana.reconcile(NOW + 120).expect("reconcile");
    assert!(report.failed.is_empty(), "{report:#?}");
    for (id, table) in &rounds {
        assert_eq!(check_agree(&mesh, &direct, id, table), RequestStatus::Revoked);
        assert!(grants_on(&mesh, &principal, table).is_empty(), "{id}: revoked, so no grant left");
    }
    let events = direct.backend().events().expect("the audit log");
    assert_eq!(verify(&events), Ok(events.len()), "the audit chain is intact");
    for (id, _) in &rounds {
        let actions: BTreeSet<&str> =
            events.iter().filter(|e| e.request_id.as_deref() == Some(id.as_str())).map(|e| e.action.as_str()).collect();
        for action in ["request.created", "request.approved", "grant.created", "request.provisioned", "grant.revoked"] {
            assert!(actions.contains(action), "{id}: {action} audited, in {actions:?}");
        }
    }
    println!(
        "faults: decisions at 40 % on grants, revokes and hub writes: {} approvals + {} revocations, every one done \
         ({} tries failed clearly and were retried: {} approved awaiting a retry, errors {:?}; {} reconcile runs); {}",
        rounds.len(),
        rounds.len(),
        tally.approved_with_error + tally.errors.values().sum::<u32>(),
        tally.approved_with_error,
        tally.errors,
        tally.reconciles,
        counts.summary()
    );
    for service in ["dynamodb", "lakeformation"] {
        assert!(counts.faults.get(service).copied().unwrap_or(0) > 0, "no {service} fault: {}", counts.summary());
    }
}

pub fn with_every_grant_or_hub_write_failing_a_decision_fails_clearly_and_a_retry_finishes_it() {
    let Scene { mesh, proxy, mia, dana, direct } = scene();
    let sent = mia.submit_request(&draft(&mesh), NOW).expect("submitted");
    let id = sent.id.clone();
    let decide = |decision: Decide| {
        let current = direct.request(&id, NOW).expect("the request");
        dana.decide(&DecideInput { id: id.clone(), expected_version: current.version, decision }, NOW + 60)
    };
    proxy.take();

    // Every hub write fails: the approval is refused as unavailable, the request still pending.
    proxy.set(&["dynamodb:TransactWriteItems=503@1", "dynamodb:PutItem=503@1", "dynamodb:UpdateItem=503@1"]);
    let refused = decide(Decide::Approve).expect_err("the hub cannot be written");
    assert_eq!(refused.code, ErrorCode::Unavailable, "{}", refused.message);
    assert!(refused.message.contains("TransactWriteItems") || refused.message.contains("PutItem"), "{}", refused.message);
    assert_eq!(check_agree(&mesh, &direct, &id, "customers"), RequestStatus::Pending);
    let hub_faults = proxy.take();
    assert_eq!(hub_faults.faults.get("dynamodb").copied(), Some(u64::from(MAX_ATTEMPTS)), "{}", hub_faults.summary());

    // Every grant fails: approved, the failure kept on the request, no grant.
    proxy.set(&["lakeformation:GrantPermissions=throttle@1", "lakeformation:BatchGrantPermissions=throttle@1"]);
    let approved = decide(Decide::Approve).expect("the approval is recorded");
    assert_eq!(approved.status, RequestStatus::Approved);
    let error = approved.last_error.clone().unwrap_or_default();
    assert!(error.contains("GrantPermissions") && error.contains("Throttling"), "says what failed: {error}");
    assert_eq!(check_agree(&mesh, &direct, &id, "customers"), RequestStatus::Approved);
    assert!(grants_on(&mesh, &approved.principal, "customers").is_empty());
    // Retrying while Lake Formation still refuses fails the same way, and changes nothing else.
    let again = decide(Decide::Retry).expect("the retry is recorded");
    assert_eq!(again.status, RequestStatus::Approved, "{:?}", again.last_error);
    let grant_faults = proxy.take();
    let attempts = Some(2 * u64::from(MAX_ATTEMPTS));
    assert_eq!(grant_faults.faults.get("lakeformation").copied(), attempts, "two decisions: {}", grant_faults.summary());

    // The faults stop: the retry grants, once.
    proxy.set(&[]);
    let provisioned = decide(Decide::Retry).expect("the retry");
    assert_eq!(provisioned.status, RequestStatus::Provisioned, "{:?}", provisioned.last_error);
    assert_eq!(check_agree(&mesh, &direct, &id, "customers"), RequestStatus::Provisioned);

    // Every revoke fails: the decision is recorded, the error says the grant is still there and
    // what removes it; reconcile does once Lake Formation answers.
    proxy.set(&["lakeformation:RevokePermissions=reset@1", "lakeformation:BatchRevokePermissions=reset@1"]);
    let refused = decide(Decide::Revoke { reason: "project ended".into() }).expect_err("the grant cannot be revoked");
    assert_eq!(refused.code, ErrorCode::Unavailable, "{}", refused.message);
    assert!(refused.message.contains("reconcile"), "says how it is finished: {}", refused.message);
    assert_eq!(check_agree(&mesh, &direct, &id, "customers"), RequestStatus::Revoked);
    assert_eq!(grants_on(&mesh, &approved.principal, "customers").len(), 1, "still granted until reconcile");
    let still = dana.reconcile(NOW + 90).expect("reconcile runs");
    assert_eq!(still.failed.len(), 1, "reconcile says what it could not finish: {still:#?}");
    let revoke_faults = proxy.take();
    assert_eq!(revoke_faults.faults.get("lakeformation").copied(), attempts, "revoke + reconcile: {}", revoke_faults.summary());
    proxy.set(&[]);
    let report = dana.reconcile(NOW + 120).expect("reconcile");
    assert!(report.failed.is_empty() && report.completed.contains(&id), "{report:#?}");
    assert!(grants_on(&mesh, &approved.principal, "customers").is_empty(), "the grant is gone");
    let events = direct.backend().events().expect("the audit log");
    assert_eq!(verify(&events), Ok(events.len()), "the audit chain is intact");
    println!(
        "faults: decisions at 100 %: hub writes ({}), grants ({}), revokes ({}): each failed clearly, nothing half-made; \
         retry / reconcile finished them once the faults stopped",
        hub_faults.summary(),
        grant_faults.summary(),
        revoke_faults.summary()
    );
}

pub fn a_hub_write_carried_out_whose_answer_was_lost_is_done_once_not_called_a_conflict() {
    let Scene { mesh, proxy, mia, dana, direct } = scene();

    // Every second request transaction and audit append is carried out by DynamoDB and its
    // answer lost; the SDK's retry, the next call, then meets the write it made.
    proxy.set_spaced(&["dynamodb:TransactWriteItems=lost@0.5", "dynamodb:PutItem=lost@0.5"]);
    let sent = mia.submit_request(&draft(&mesh), NOW).expect("submitted");
    let approve = DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve };
    let approved = dana.decide(&approve, NOW + 60).expect("approved, not refused as a conflict with itself");
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
    assert_eq!(check_agree(&mesh, &direct, &sent.id, "customers"), RequestStatus::Provisioned);
    let revoke = DecideInput {
        id: sent.id.clone(),
        expected_version: approved.version,
        decision: Decide::Revoke { reason: "project ended".into() },
    };
    let revoked = dana.decide(&revoke, NOW + 120).expect("revoked");
    assert_eq!(revoked.status, RequestStatus::Revoked);
    assert!(grants_on(&mesh, &approved.principal, "customers").is_empty(), "the grant is gone");
    let calls = proxy.proxy.calls();
    let lost = |op: &str| calls.get(&format!("fault:dynamodb:{op}:lost")).copied().unwrap_or(0);
    assert!(lost("TransactWriteItems") >= 3 && lost("PutItem") >= 1, "answers were lost: {calls:#?}");

    // Each step is in the audit log once, and the chain verifies.
    let events = direct.backend().events().expect("the audit log");
    assert_eq!(verify(&events), Ok(events.len()), "the audit chain is intact");
    let mine: Vec<&str> =
        events.iter().filter(|e| e.request_id.as_deref() == Some(sent.id.as_str())).map(|e| e.action.as_str()).collect();
    for action in ["request.created", "request.approved", "grant.created", "request.provisioned", "grant.revoked"] {
        assert_eq!(mine.iter().filter(|a| **a == action).count(), 1, "{action} once in {mine:?}");
    }
    println!(
        "faults: lost answers: {} request transactions and {} audit appends carried out with their answer lost; \
         approval and revocation done once, each audit event stored once",
        lost("TransactWriteItems"),
        lost("PutItem")
    );
}
