//! `AwsMesh`: a mesh of AWS accounts opened from a mesh file — the hub, every domain account's
//! clients, who is signed in, and the last catalog and grants read — behind the core's ports.
//!
//! The ports are synchronous, the SDK asynchronous: each port call runs on the mesh's own
//! runtime through `runtime::Bridge`, so it may be called from any thread, inside or outside
//! another tokio runtime.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use meshdesk_core::governance::model::{AuditDraft, AuditEvent, Grant, Identity, PolicyOp, ShareRequest};
use meshdesk_core::model::{Account, Catalog};
use meshdesk_core::ports::{AuditLog, CatalogSource, Directory, PolicyStore, PortError, RequestStore};
use tokio::task::JoinSet;

use crate::clients::{AccountClients, caller, https_client, sdk_config, sso_sdk_config};
use crate::crawl::{LakeSettings, Progress, crawl_all};
use crate::error::{AwsError, ErrorKind};
use crate::hub::{self, Hub, SetupReport, grant_names};
use crate::identity::{signed_in, with_directory};
use crate::identity_center::{self, Group, Lookup};
use crate::mesh_file::{AccountEntry, MeshFile, SsoRole};
use crate::sso::{Keychain, SsoConfig, SsoSession};
use crate::naming::name_grants;
use crate::runtime::Bridge;

/// Accounts crawled at once unless said otherwise.
pub const DEFAULT_PARALLELISM: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Accounts connected and crawled at once.
    pub parallelism: usize,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions { parallelism: DEFAULT_PARALLELISM }
    }
}

/// The catalog and grants at one moment: what the local cache keeps between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub catalog: Catalog,
    pub grants: Vec<Grant>,
}

/// How one account of the mesh file stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStatus {
    pub profile: String,
    pub name: String,
    pub domain: String,
    /// Unknown when the profile's credentials did not work.
    pub account: Option<String>,
    pub outcome: AccountOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountOutcome {
    /// Shown from the local cache; not read from AWS since the mesh was opened.
    Cached,
    Loaded {
        databases: usize,
        tables: usize,
        grants: usize,
        warnings: Vec<String>,
    },
    /// The account could not be read; `cached` says whether its last known catalog is still shown.
    Failed {
        kind: ErrorKind,
        message: String,
        cached: bool,
    },
}

pub(crate) struct State {
    pub snapshot: Snapshot,
    pub statuses: Vec<AccountStatus>,
    pub settings: BTreeMap<String, LakeSettings>,
}

pub(crate) struct Inner {
    pub file: MeshFile,
    pub hub: Hub,
    pub identity: Identity,
    /// The signed-in person's Identity Center groups, and why some may be missing.
    pub directory: Lookup,
    /// The domain accounts whose credentials work.
    pub accounts: Vec<AccountClients>,
    /// Mesh-file accounts whose profile failed at connect: (entry, error).
    pub unreachable: Vec<(AccountEntry, AwsError)>,
    /// The Identity Center session the `sso_*` entries sign in through, when signed in.
    pub session: Option<Arc<SsoSession>>,
    pub parallelism: usize,
    state: RwLock<State>,
    /// Counts the state's write locks taken: every change to the snapshot (a refresh, a policy
    /// step, a link, an owner's edit) takes one, so an unchanged count means unchanged grants
    /// and catalog (see [`AwsMesh::state_version`]).
    writes: AtomicU64,
}

impl Inner {
    pub fn read_state(&self) -> RwLockReadGuard<'_, State> {
        // A panic while holding the lock leaves a whole snapshot: every writer replaces or edits
        // it in one step.
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write_state(&self) -> RwLockWriteGuard<'_, State> {
        let guard = self.state.write().unwrap_or_else(PoisonError::into_inner);
        // Counted once the lock is held: a reader that saw the old count and then reads the
        // state waits for this writer, and asks again next time.
        self.writes.fetch_add(1, Ordering::SeqCst);
        guard
    }
}

/// A mesh of AWS accounts behind the core's ports.
pub struct AwsMesh {
    inner: Arc<Inner>,
    bridge: Bridge,
}

impl std::fmt::Debug for AwsMesh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsMesh")
            .field("mesh", &self.inner.file.name)
            .field("identity", &self.inner.identity.id)
            .finish()
    }
}

/// The Identity Center session `sso_*` entries use: signed in, or why not (each such entry
/// then fails with that reason, while profile entries still connect).
pub(crate) type SignIn = Option<Result<Arc<SsoSession>, (ErrorKind, String)>>;

/// Opens the session kept in the OS keychain for the mesh file's `[sso]` section, when an
/// entry signs in through it.
async fn open_sign_in(file: &MeshFile, http: aws_sdk_glue::config::SharedHttpClient) -> SignIn {
    let section = file.sso.as_ref()?;
    let used = file.hub.sso.is_some() || file.accounts.iter().any(|a| a.sso.is_some());
    if !used {
        return None;
    }
    let config = SsoConfig { start_url: section.start_url.clone(), region: section.region.clone() };
    Some(SsoSession::open(&config, Arc::new(Keychain), http).await.map_err(|e| (e.kind(), e.to_string())))
}

/// An entry's SDK configuration: through its profile, or its role through the sign-in.
async fn entry_config(
    file: &MeshFile,
    profile: &str,
    sso: Option<&SsoRole>,
    region: Option<&str>,
    sign_in: &SignIn,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<aws_config::SdkConfig, AwsError> {
    let Some(role) = sso else { return sdk_config(profile, region, http).await };
    let region = region.or(file.sso.as_ref().map(|s| s.region.as_str())).unwrap_or_default();
    match sign_in {
        Some(Ok(session)) => sso_sdk_config(session, role, region, http).await,
        Some(Err((kind, message))) => Err(AwsError::Plain { kind: *kind, message: message.clone() }),
        None => Err(AwsError::Plain {
            kind: ErrorKind::Invalid,
            message: format!("{} needs the mesh file's [sso] section to sign in with", role.label()),
        }),
    }
}

async fn connect_hub(
    file: &MeshFile,
    sign_in: &SignIn,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<Hub, AwsError> {
    let hub = &file.hub;
    let config = entry_config(file, &hub.profile, hub.sso.as_ref(), hub.region.as_deref(), sign_in, http).await?;
    let hub_caller = caller(&file.hub.profile, &config).await?;
    let dynamodb = aws_sdk_dynamodb::config::Builder::from(&config)
        .retry_partition(crate::clients::retry_partition("dynamodb", &hub_caller.account));
    Ok(Hub { client: aws_sdk_dynamodb::Client::from_conf(dynamodb.build()), tables: file.hub.tables.clone(), caller: hub_caller })
}

async fn connect_account(
    file: Arc<MeshFile>,
    entry: AccountEntry,
    sign_in: Arc<SignIn>,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<AccountClients, AwsError> {
    let config =
        entry_config(&file, &entry.profile, entry.sso.as_ref(), entry.region.as_deref(), &sign_in, http).await?;
    let who = caller(&entry.profile, &config).await?;
    Ok(AccountClients::new(&entry.profile, &entry.name, &entry.domain, who, &config))
}

async fn connect(
    file: MeshFile,
    options: ConnectOptions,
    sign_in: SignIn,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<Inner, AwsError> {
    let hub = connect_hub(&file, &sign_in, http.clone()).await?;
    let session = sign_in.as_ref().and_then(|s| s.as_ref().ok()).cloned();
    let (shared_file, sign_in) = (Arc::new(file.clone()), Arc::new(sign_in));
    hub::check_tables(&hub).await?;

    let permits = Arc::new(tokio::sync::Semaphore::new(options.parallelism.max(1)));
    let mut tasks = JoinSet::new();
    for (i, entry) in file.accounts.iter().cloned().enumerate() {
        let (http, permits) = (http.clone(), Arc::clone(&permits));
        let (shared_file, sign_in) = (Arc::clone(&shared_file), Arc::clone(&sign_in));
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let result = connect_account(shared_file, entry.clone(), sign_in, http).await;
            (i, entry, result)
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(done) => results.push(done),
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Err(join) => unreachable!("connect tasks are never cancelled: {join}"),
        }
    }
    results.sort_by_key(|(i, _, _)| *i);

    let (mut accounts, mut unreachable) = (Vec::<AccountClients>::new(), Vec::new());
    for (_, entry, result) in results {
        match result {
            Ok(clients) => {
                if let Some(other) = accounts.iter().find(|a| a.account() == clients.account()) {
                    return Err(AwsError::DuplicateAccount {
                        path: file.path.clone(),
                        line: entry.line,
                        profile: entry.profile,
                        other: other.profile.clone(),
                        account: clients.account().to_owned(),
                    });
                }
                accounts.push(clients);
            }
            Err(error) => unreachable.push((entry, error)),
        }
    }
    let callers: Vec<_> = accounts.iter().map(|a| &a.caller).collect();
    let directory = read_directory(&file, &hub, http.clone()).await;
    let identity = with_directory(signed_in(&hub.caller, &callers), &directory, &file.stewards);
    let catalog = Catalog { accounts: mesh_accounts(&accounts), ..Catalog::default() };
    let statuses = statuses(&accounts, &unreachable, |_| AccountOutcome::Cached);
    Ok(Inner {
        file,
        hub,
        identity,
        directory,
        accounts,
        unreachable,
        session,
        parallelism: options.parallelism.max(1),
        state: RwLock::new(State {
            snapshot: Snapshot { catalog, grants: Vec::new() },
            statuses,
            settings: BTreeMap::new(),
        }),
        writes: AtomicU64::new(0),
    })
}

/// The signed-in person's user and groups in the identity store the mesh file names (none
/// without `[identity_center]`). Its profile defaults to the hub's — the one acting, so that
/// `--profile` moves both — and its region to that profile's.
async fn read_directory(file: &MeshFile, hub: &Hub, http: aws_sdk_glue::config::SharedHttpClient) -> Lookup {
    let Some(center) = &file.identity_center else { return Lookup::default() };
    let profile = center.profile.as_deref().unwrap_or(&file.hub.profile);
    let region = center.region.as_deref().or(if center.profile.is_none() { file.hub.region.as_deref() } else { None });
    let config = match sdk_config(profile, region, http).await {
        Ok(config) => config,
        Err(e) => {
            return Lookup {
                notice: Some(format!("Identity Center cannot be reached ({e}); you act with your roles and email only")),
                ..Lookup::default()
            };
        }
    };
    let client = aws_sdk_identitystore::Client::new(&config);
    let store = identity_center::Store { client: &client, identity_store_id: &center.identity_store_id, profile };
    identity_center::lookup(&store, &hub.caller).await
}

fn mesh_accounts(accounts: &[AccountClients]) -> Vec<Account> {
    accounts
        .iter()
        .map(|a| Account { id: a.account().to_owned(), name: a.name.clone(), domain: a.domain.clone() })
        .collect()
}

fn statuses(
    accounts: &[AccountClients],
    unreachable: &[(AccountEntry, AwsError)],
    outcome: impl Fn(&AccountClients) -> AccountOutcome,
) -> Vec<AccountStatus> {
    let connected = accounts.iter().map(|a| AccountStatus {
        profile: a.profile.clone(),
        name: a.name.clone(),
        domain: a.domain.clone(),
        account: Some(a.account().to_owned()),
        outcome: outcome(a),
    });
    let failed = unreachable.iter().map(|(entry, error)| AccountStatus {
        profile: entry.profile.clone(),
        name: entry.name.clone(),
        domain: entry.domain.clone(),
        account: None,
        outcome: AccountOutcome::Failed { kind: error.kind(), message: error.to_string(), cached: false },
    });
    connected.chain(failed).collect()
}

impl AwsMesh {
    /// Connects to the hub and every account of `file` (STS on each profile) and checks the hub
    /// tables exist. An account whose profile fails is reported in [`AwsMesh::statuses`] and
    /// left out; a hub that fails, or two profiles reaching one account, fail the whole mesh.
    /// The catalog is empty until [`AwsMesh::restore`] or [`AwsMesh::refresh`].
    ///
    /// Entries with `sso_account_id` use the Identity Center session kept in the OS keychain
    /// for the file's `[sso]` start URL; when there is none, those entries fail with "not
    /// signed in" (and the mesh fails when the hub is one of them).
    pub fn connect(file: MeshFile, options: ConnectOptions) -> Result<AwsMesh, AwsError> {
        let bridge = Bridge::new()?;
        let inner = bridge.run(async move {
            let http = https_client();
            let sign_in = open_sign_in(&file, http.clone()).await;
            connect(file, options, sign_in, http).await
        })?;
        Ok(AwsMesh { inner: Arc::new(inner), bridge })
    }

    /// As [`AwsMesh::connect`], with a session already signed in (e.g. just now, in this
    /// process) for the `sso_*` entries.
    pub fn connect_signed_in(file: MeshFile, options: ConnectOptions, session: Arc<SsoSession>) -> Result<AwsMesh, AwsError> {
        let bridge = Bridge::new()?;
        let inner = bridge.run(connect(file, options, Some(Ok(session)), https_client()))?;
        Ok(AwsMesh { inner: Arc::new(inner), bridge })
    }

    /// The Identity Center session the mesh signed in with, if any.
    pub fn sso_session(&self) -> Option<Arc<SsoSession>> {
        self.inner.session.clone()
    }

    /// Creates the hub's tables where missing (idempotent); needs no domain account.
    pub fn setup_hub(file: &MeshFile) -> Result<SetupReport, AwsError> {
        let bridge = Bridge::new()?;
        let file = file.clone();
        bridge.run(async move {
            let http = https_client();
            let sign_in = open_sign_in(&file, http.clone()).await;
            let hub = connect_hub(&file, &sign_in, http).await?;
            hub::setup(&hub).await
        })
    }

    /// Shows a catalog and grants read earlier (the local cache) until the next refresh.
    pub fn restore(&self, snapshot: Snapshot) {
        let carried = carried_accounts(&self.inner, &snapshot.catalog.accounts);
        let connected: Vec<String> = self.inner.accounts.iter().map(|a| a.account().to_owned()).collect();
        let shown = |account: &str| connected.iter().any(|c| c == account) || carried.iter().any(|c| c.id == account);
        let mut catalog = snapshot.catalog;
        // The accounts connected now, with the names the mesh file gives them, and those kept
        // from the cache because a profile failed (see `carried_accounts`).
        catalog.accounts = mesh_accounts(&self.inner.accounts);
        catalog.accounts.extend(carried.iter().cloned());
        catalog.databases.retain(|d| shown(&d.account));
        catalog.tables.retain(|t| shown(&t.account));
        catalog.tag_keys.retain(|k| shown(&k.account));
        let grants = snapshot.grants.into_iter().filter(|g| shown(g.resource.account())).collect();
        self.inner.write_state().snapshot = Snapshot { catalog, grants };
    }

    /// Reads every connected account again, at most `parallelism` at once, reporting progress.
    /// An account that fails keeps its last known catalog and grants, marked in its status.
    pub fn refresh(&self, progress: Progress) -> Result<Vec<AccountStatus>, AwsError> {
        let inner = Arc::clone(&self.inner);
        self.bridge.run(async move { refresh(inner, progress).await })
    }

    pub fn snapshot(&self) -> Snapshot {
        self.inner.read_state().snapshot.clone()
    }

    /// Every account of the mesh file: read, shown from cache, or failed (and why).
    pub fn statuses(&self) -> Vec<AccountStatus> {
        self.inner.read_state().statuses.clone()
    }

    /// Each read account's data lake settings, by account id.
    pub fn lake_settings(&self) -> BTreeMap<String, LakeSettings> {
        self.inner.read_state().settings.clone()
    }

    /// Shows data lake settings read earlier (the local cache) for the accounts of the mesh
    /// until a refresh reads them again.
    pub fn restore_lake_settings(&self, settings: BTreeMap<String, LakeSettings>) {
        let mut state = self.inner.write_state();
        for (account, s) in settings {
            if state.snapshot.catalog.accounts.iter().any(|a| a.id == account) {
                state.settings.entry(account).or_insert(s);
            }
        }
    }

    /// The person signed in, as STS says.
    pub fn identity(&self) -> &Identity {
        &self.inner.identity
    }

    /// The signed-in person's Identity Center groups (empty without `[identity_center]`).
    pub fn groups(&self) -> &[Group] {
        &self.inner.directory.groups
    }

    /// A number that changes whenever the mesh's state (catalog, grants, statuses) may have
    /// changed — by a refresh, a policy step, a consumer link or an owner's edit — so an answer
    /// derived from the state can be kept until it moves.
    pub fn state_version(&self) -> u64 {
        self.inner.writes.load(Ordering::SeqCst)
    }

    /// Identity Center memberships as (user ARN, group ARN): the signed-in person's, the only
    /// ones Meshdesk reads.
    pub fn memberships(&self) -> Vec<(String, String)> {
        let Some(user) = &self.inner.directory.user_arn else { return Vec::new() };
        self.inner.directory.groups.iter().map(|g| (user.clone(), g.arn.clone())).collect()
    }

    /// Why the signed-in person's groups are missing or partly named, if they are: shown, never
    /// fatal — the person then acts with their roles and email only.
    pub fn identity_notice(&self) -> Option<&str> {
        self.inner.directory.notice.as_deref()
    }

    pub fn mesh_file(&self) -> &MeshFile {
        &self.inner.file
    }

    /// Runs a port's work on the mesh's runtime and converts its error.
    pub(crate) fn port<T, F>(&self, work: impl FnOnce(Arc<Inner>) -> F) -> Result<T, PortError>
    where
        F: std::future::Future<Output = Result<T, AwsError>> + Send + 'static,
        T: Send + 'static,
    {
        self.bridge.run(work(Arc::clone(&self.inner))).map_err(PortError::from)
    }
}

/// Accounts of an earlier catalog that are not connected now but are kept: when a profile of the
/// mesh file failed, it may be one of them (its account id is unknown without STS), so its last
/// known catalog stays shown rather than vanishing. When every profile connected, an account no
/// longer connected was taken out of the mesh file and is dropped.
fn carried_accounts(inner: &Inner, previous: &[Account]) -> Vec<Account> {
    if inner.unreachable.is_empty() {
        return Vec::new();
    }
    previous.iter().filter(|p| !inner.accounts.iter().any(|a| a.account() == p.id)).cloned().collect()
}

async fn refresh(inner: Arc<Inner>, progress: Progress) -> Result<Vec<AccountStatus>, AwsError> {
    let records = grant_names::all(&inner.hub).await?;
    let results = crawl_all(inner.accounts.clone(), inner.parallelism, progress).await;
    let previous = inner.read_state().snapshot.clone();

    let mut catalog = Catalog { accounts: mesh_accounts(&inner.accounts), ..Catalog::default() };
    let (mut entries, mut filters, mut kept_grants) = (Vec::new(), Vec::new(), Vec::new());
    let carry = |account: &str, catalog: &mut Catalog, kept_grants: &mut Vec<Grant>| {
        catalog.databases.extend(previous.catalog.databases.iter().filter(|d| d.account == account).cloned());
        catalog.tables.extend(previous.catalog.tables.iter().filter(|t| t.account == account).cloned());
        catalog.tag_keys.extend(previous.catalog.tag_keys.iter().filter(|k| k.account == account).cloned());
        kept_grants.extend(previous.grants.iter().filter(|g| g.resource.account() == account).cloned());
    };
    for account in carried_accounts(&inner, &previous.catalog.accounts) {
        carry(&account.id, &mut catalog, &mut kept_grants);
        catalog.accounts.push(account);
    }
    let mut outcomes: BTreeMap<String, AccountOutcome> = BTreeMap::new();
    // An account that fails keeps its settings as last read, like its catalog.
    let mut settings = inner.read_state().settings.clone();
    for (clients, result) in results {
        let account = clients.account().to_owned();
        match result {
            Ok(crawl) => {
                let listed_here = crawl.entries.len();
                outcomes.insert(
                    account.clone(),
                    AccountOutcome::Loaded {
                        databases: crawl.databases.len(),
                        tables: crawl.tables.len(),
                        grants: listed_here,
                        warnings: crawl.warnings,
                    },
                );
                catalog.databases.extend(crawl.databases);
                catalog.tables.extend(crawl.tables);
                catalog.tag_keys.extend(crawl.tag_keys);
                entries.extend(crawl.entries);
                filters.extend(crawl.filters);
                settings.insert(account, crawl.settings);
            }
            Err(error) => {
                let cached = previous.catalog.databases.iter().any(|d| d.account == account);
                carry(&account, &mut catalog, &mut kept_grants);
                outcomes
                    .insert(account, AccountOutcome::Failed { kind: error.kind(), message: error.to_string(), cached });
            }
        }
    }
    let mut grants = name_grants(&entries, &records, &filters);
    // A failed account's grants stay as last read, unless an account that was read lists them.
    kept_grants.retain(|g| !grants.iter().any(|n| n.id == g.id));
    grants.extend(kept_grants);
    grants.sort_by(|a, b| a.id.cmp(&b.id));

    let statuses = statuses(&inner.accounts, &inner.unreachable, |a| {
        outcomes.get(a.account()).cloned().unwrap_or(AccountOutcome::Cached)
    });
    let mut state = inner.write_state();
    state.snapshot = Snapshot { catalog, grants };
    state.statuses = statuses.clone();
    state.settings = settings;
    Ok(statuses)
}

impl CatalogSource for AwsMesh {
    fn load_catalog(&self) -> Result<Catalog, PortError> {
        Ok(self.inner.read_state().snapshot.catalog.clone())
    }
}

impl Directory for AwsMesh {
    /// The signed-in person only: on AWS Meshdesk acts as nobody else.
    fn identities(&self) -> Result<Vec<Identity>, PortError> {
        Ok(vec![self.inner.identity.clone()])
    }
}

impl PolicyStore for AwsMesh {
    /// The grants as last read (or cached), with every change this mesh applied since.
    fn grants(&self) -> Result<Vec<Grant>, PortError> {
        Ok(self.inner.read_state().snapshot.grants.clone())
    }

    fn apply(&self, ops: &[PolicyOp], event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        let (ops, event) = (ops.to_vec(), event.clone());
        self.port(move |inner| crate::policy::apply(inner, ops, event, at))
    }

    fn finish_unaudited(&self, now: i64) -> Result<Vec<AuditEvent>, PortError> {
        self.port(move |inner| crate::policy::finish_unaudited(inner, now))
    }

    /// The cache's grants and the hub's grant records: a record stays until its grant is
    /// revoked, so a grant made after the cache was saved still counts.
    fn standing(&self, ids: &[String]) -> Result<Vec<String>, PortError> {
        let ids = ids.to_vec();
        self.port(move |inner| async move {
            let records = grant_names::all(&inner.hub).await?;
            let state = inner.read_state();
            let known = |id: &String| {
                state.snapshot.grants.iter().any(|g| &g.id == id) || records.iter().any(|r| &r.grant.id == id)
            };
            Ok(ids.into_iter().filter(known).collect())
        })
    }
}

impl RequestStore for AwsMesh {
    fn requests(&self) -> Result<Vec<ShareRequest>, PortError> {
        self.port(|inner| async move { hub::requests::all(&inner.hub).await })
    }

    fn request(&self, id: &str) -> Result<Option<ShareRequest>, PortError> {
        let id = id.to_owned();
        self.port(move |inner| async move { hub::requests::one(&inner.hub, &id).await })
    }

    fn commit(
        &self,
        request: &ShareRequest,
        expected: Option<u64>,
        event: &AuditDraft,
        at: i64,
    ) -> Result<AuditEvent, PortError> {
        let (request, event) = (request.clone(), event.clone());
        self.port(move |inner| async move { hub::requests::commit(&inner.hub, &request, expected, &event, at).await })
    }
}

impl AuditLog for AwsMesh {
    fn events(&self) -> Result<Vec<AuditEvent>, PortError> {
        self.port(|inner| async move { hub::audit::events(&inner.hub).await })
    }

    fn append(&self, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        let event = event.clone();
        self.port(move |inner| async move { hub::audit::append(&inner.hub, &event, at).await })
    }
}
