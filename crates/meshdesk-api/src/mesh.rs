//! `Meshdesk`: an opened mesh — its backend, its loaded catalog, who is acting — and what the
//! top bar shows.

use crate::access_cache::AccessCache;
use crate::error::from_port;
use meshdesk_core::governance::model::Identity;
use meshdesk_core::ports::{
    AuditLog, CatalogSource, ConsumerCatalog, Directory, PolicyStore, PortError, ProductStore, RequestStore,
};
use meshdesk_core::CatalogIndex;
use meshdesk_local::SandboxStore;
use crate::status::{RefreshCallback, RefreshTracker};
use meshdesk_protocol::{AccountStatusView, AccountSummary, ApiError, MeshInfo, MeshKind, Persona};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// Everything a mesh's backend must do: every port of the core, group memberships, and how its
/// accounts stand (see `status.rs`).
pub trait Backend:
    CatalogSource + Directory + PolicyStore + RequestStore + AuditLog + ProductStore + ConsumerCatalog + Send + Sync + 'static
{
    /// Identity Center memberships as (user ARN, group ARN).
    fn memberships(&self) -> Result<Vec<(String, String)>, PortError>;

    /// The accounts whose data lake settings let `IAM_ALLOWED_PRINCIPALS` bypass Lake Formation.
    /// None by default: a backend that models no data lake settings.
    fn lake_formation_bypass(&self) -> Result<Vec<String>, PortError> {
        Ok(Vec::new())
    }

    /// How each account stands when the backend reads its accounts from elsewhere (AWS);
    /// `None` (the default) when the backend's store is the mesh itself, as the sandbox's is.
    fn account_statuses(&self) -> Option<Vec<AccountStatusView>> {
        None
    }

    /// Reads every account again, reporting each one's progress, and keeps the result in the
    /// cache at `cache`. `Ok(false)` (the default): there is nothing to read again, the
    /// backend's store is the mesh.
    fn refresh(&self, _progress: RefreshCallback, _cache: &Path, _now: i64) -> Result<bool, ApiError> {
        Ok(false)
    }

    /// A number that changes when the store's grants, memberships or catalog may have been
    /// changed other than through this `Meshdesk` (which notes its own writes): answers
    /// derived from the store are kept until it moves. Constant by default: a store only this
    /// process changes.
    fn store_version(&self) -> Result<u64, PortError> {
        Ok(0)
    }
}

impl Backend for SandboxStore {
    fn memberships(&self) -> Result<Vec<(String, String)>, PortError> {
        SandboxStore::memberships(self).map_err(PortError::from)
    }

    /// The sandbox's store is the mesh: it keeps the default `account_statuses` and `refresh`.
    fn lake_formation_bypass(&self) -> Result<Vec<String>, PortError> {
        SandboxStore::lake_formation_bypass(self).map_err(PortError::from)
    }

    /// Moves when another process (the CLI beside the window, say) commits to the file.
    fn store_version(&self) -> Result<u64, PortError> {
        self.data_version().map_err(PortError::from)
    }
}

/// How to open the sandbox mesh.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The directory that holds `sandbox.sqlite` (created, and seeded, on first start).
    pub data_dir: PathBuf,
}

/// What the shells show about a mesh beside its contents.
#[derive(Debug, Clone)]
pub struct MeshSetup {
    pub kind: MeshKind,
    pub name: String,
    pub store_path: PathBuf,
    pub data_dir: PathBuf,
    /// What each identity does, for people ("consumer, marketing analyst"), by identity id.
    pub roles: HashMap<String, String>,
    /// Who acts when nobody has been chosen yet.
    pub default_identity: Option<String>,
}

/// The sandbox starts as a consumer, since finding data is the first thing a user does.
const DEFAULT_PERSONA: &str = "mia";

/// An opened mesh with its catalog loaded.
#[derive(Debug)]
pub struct Meshdesk<B = SandboxStore> {
    /// Shared with the thread that reads the whole catalog after opening (see [`Loaded`]).
    pub(crate) backend: Arc<B>,
    catalog: RwLock<Arc<Loaded>>,
    pub(crate) setup: MeshSetup,
    pub(crate) identities: Vec<Identity>,
    acting: RwLock<Option<String>>,
    /// The running or last refresh's progress, for the window to poll.
    pub(crate) refresh: RefreshTracker,
    /// Why the local cache was rebuilt at this start (see `Meshdesk::cache_notice`).
    pub(crate) cache_notice: Option<String>,
    /// Effective access kept between questions (`access_cache.rs`).
    pub(crate) access: AccessCache,
}

impl Meshdesk<SandboxStore> {
    /// Opens (and on first start seeds) the sandbox mesh in `config.data_dir`, loads its
    /// catalog, and finishes any provisioning an earlier run left half done.
    pub fn open_sandbox(config: &SandboxConfig, now: i64) -> Result<Self, ApiError> {
        let store = SandboxStore::open(&config.data_dir, now).map_err(|e| ApiError::unavailable(e.to_string()))?;
        let personas = store.personas().map_err(|e| ApiError::unavailable(e.to_string()))?;
        let setup = MeshSetup {
            kind: MeshKind::Sandbox,
            name: "Sandbox mesh".to_owned(),
            store_path: store.path().to_owned(),
            data_dir: config.data_dir.clone(),
            roles: personas.iter().map(|p| (p.identity.id.clone(), p.role.clone())).collect(),
            default_identity: Some(DEFAULT_PERSONA.to_owned()),
        };
        Self::new(store, setup, now)
    }
}

/// Shares a catalog's index, and builds its search index and lineage graph on a thread of
/// their own: at 100k tables they take longer than opening, and the list shown first
/// needs neither. A search or drawing asked for before they are ready waits for that one build
/// (never a second one); if no thread can be started, the first use builds them.
fn indexed(index: CatalogIndex) -> Arc<CatalogIndex> {
    let index = Arc::new(index);
    let preparing = Arc::clone(&index);
    let _ = std::thread::Builder::new().name("meshdesk-index".into()).spawn(move || preparing.prepare());
    index
}

/// The catalog as loaded. Opening reads only what the list needs when the backend offers it
/// (`CatalogSource::load_listing`: at 100k tables one row per database, kept beside the
/// catalog), and a thread reads the whole catalog right after; everything but the list (a
/// table's columns, search, access, governance, writes) asks for the whole catalog and, if that
/// thread has not finished, waits for its one read — on the command's thread, never reading
/// twice. Once read, the whole catalog answers the list too.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// What the list is answered from: the listing until the whole catalog is read, then that.
    listing: RwLock<Arc<CatalogIndex>>,
    /// The whole catalog's index once read. Whoever reads it holds this lock meanwhile.
    whole: Mutex<Option<Arc<CatalogIndex>>>,
}

impl Loaded {
    /// A catalog read whole at once.
    fn whole(index: Arc<CatalogIndex>) -> Self {
        Loaded { listing: RwLock::new(Arc::clone(&index)), whole: Mutex::new(Some(index)) }
    }

    /// The whole catalog's index, read from `backend` (and kept) if nobody has yet.
    fn get_whole(&self, backend: &impl CatalogSource) -> Result<Arc<CatalogIndex>, ApiError> {
        let mut whole = self.whole.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(index) = &*whole {
            return Ok(Arc::clone(index));
        }
        let index = Arc::new(load_index(backend)?);
        *whole = Some(Arc::clone(&index));
        // The listing (one row per database) is no longer needed: the whole index lists too.
        *self.listing.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&index);
        Ok(index)
    }
}

/// Reads the whole catalog and indexes it, and has the backend keep its listing for the next
/// start (see `CatalogSource::save_listing`) — under the catalog generation read before it, so
/// a change made meanwhile leaves nothing stale kept. Keeping it is only for speed: a backend
/// that cannot is not an error.
fn load_index(backend: &impl CatalogSource) -> Result<CatalogIndex, ApiError> {
    let generation = backend.catalog_generation().ok().flatten();
    let index = CatalogIndex::build(backend.load_catalog().map_err(from_port)?);
    if let Some(generation) = generation {
        let _ = backend.save_listing(generation, &index.catalog().databases, index.summaries());
    }
    Ok(index)
}

impl<B: Backend> Meshdesk<B> {
    /// Wraps a backend: loads what listing the catalog needs and the identities, reconciles,
    /// then reads the rest of the catalog on a thread of its own (see [`Loaded`]).
    pub fn new(backend: B, setup: MeshSetup, now: i64) -> Result<Self, ApiError> {
        let (loaded, partial) = match backend.load_listing().map_err(from_port)? {
            Some(listing) => {
                let listing = Arc::new(CatalogIndex::listing(listing));
                (Loaded { listing: RwLock::new(listing), whole: Mutex::new(None) }, true)
            }
            None => (Loaded::whole(indexed(load_index(&backend)?)), false),
        };
        let identities = backend.identities().map_err(from_port)?;
        let acting = setup.default_identity.clone().filter(|id| identities.iter().any(|i| &i.id == id));
        let mesh = Meshdesk {
            backend: Arc::new(backend),
            catalog: RwLock::new(Arc::new(loaded)),
            setup,
            identities,
            acting: RwLock::new(acting),
            refresh: RefreshTracker::default(),
            cache_notice: None,
            access: AccessCache::default(),
        };
        // Rule 6: a crash between "approved" and "provisioned" is finished on the next run.
        // A failure here is kept on the request (its `last_error`) and shown there.
        mesh.finish_provisioning(now)?;
        if partial {
            mesh.read_whole_catalog_behind();
        }
        Ok(mesh)
    }

    /// Starts the thread that reads the whole catalog, then builds its search index and lineage
    /// graph. A failed read is left for the first command that needs the catalog, which reads
    /// it again and reports what went wrong; if no thread can be started, that command reads it.
    fn read_whole_catalog_behind(&self) {
        let (backend, loaded) = (Arc::clone(&self.backend), self.loaded());
        let _ = std::thread::Builder::new().name("meshdesk-catalog".into()).spawn(move || {
            if let Ok(index) = loaded.get_whole(&*backend) {
                index.prepare();
            }
        });
    }

    fn loaded(&self) -> Arc<Loaded> {
        Arc::clone(&self.catalog.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The whole catalog as last loaded, columns and all; waits for it to be read after opening.
    pub(crate) fn index(&self) -> Result<Arc<CatalogIndex>, ApiError> {
        self.loaded().get_whole(&*self.backend)
    }

    /// Waits until the whole catalog is read (it is read on a thread of its own after opening),
    /// reading it here if that thread could not. For measuring, and for a caller that would
    /// rather wait now than at its first question about columns.
    pub fn wait_for_catalog(&self) -> Result<(), ApiError> {
        self.index().map(drop)
    }

    /// What the catalog list is answered from: the whole catalog once read, before that the
    /// tables without their columns (whose product summaries are the same).
    pub(crate) fn listing(&self) -> Arc<CatalogIndex> {
        Arc::clone(&self.loaded().listing.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Reloads the catalog after a change to it (tags), so every later answer sees the change.
    pub(crate) fn reload_catalog(&self) -> Result<(), ApiError> {
        let index = load_index(&*self.backend)?;
        *self.catalog.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(Loaded::whole(indexed(index)));
        Ok(())
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// The identity Meshdesk acts as, as verified by the backend.
    pub fn current_identity(&self) -> Result<Identity, ApiError> {
        let acting = self.acting.read().unwrap_or_else(PoisonError::into_inner).clone();
        let id = acting.ok_or_else(|| ApiError::forbidden("nobody is signed in: choose who to act as first"))?;
        self.identity(&id)
    }

    pub(crate) fn identity(&self, id: &str) -> Result<Identity, ApiError> {
        self.identities.iter().find(|i| i.id == id).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.identities.iter().map(|i| i.id.as_str()).collect();
            ApiError::not_found(format!("no identity '{id}' in this mesh; known: {}", known.join(", ")))
        })
    }

    /// A display name for an identity id (the id itself when unknown, e.g. `policy`).
    pub(crate) fn name_of(&self, id: &str) -> String {
        self.identities.iter().find(|i| i.id == id).map_or_else(|| id.to_owned(), |i| i.name.clone())
    }

    /// Acts as another identity. Only the sandbox has several; on AWS the signed-in identity is
    /// the only one, so switching is refused there.
    pub fn switch_identity(&self, id: &str) -> Result<MeshInfo, ApiError> {
        if self.setup.kind != MeshKind::Sandbox {
            return Err(ApiError::forbidden("only the sandbox lets you act as someone else; sign in to change identity"));
        }
        let identity = self.identity(id)?;
        *self.acting.write().unwrap_or_else(PoisonError::into_inner) = Some(identity.id);
        Ok(self.mesh_info())
    }

    fn persona(&self, identity: &Identity) -> Persona {
        Persona {
            id: identity.id.clone(),
            name: identity.name.clone(),
            role: self.setup.roles.get(&identity.id).cloned().unwrap_or_default(),
            account: identity.account.clone(),
            email: identity.email.clone(),
            principals: identity.principals.clone(),
            groups: identity.groups.clone(),
            steward: identity.steward,
        }
    }

    /// Which mesh this is, its accounts and size, and who Meshdesk acts as.
    pub fn mesh_info(&self) -> MeshInfo {
        let index = self.listing();
        let catalog = index.catalog();
        let accounts = catalog
            .accounts
            .iter()
            .map(|a| {
                let dbs: Vec<usize> = (0..catalog.databases.len()).filter(|&d| catalog.databases[d].account == a.id).collect();
                AccountSummary {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    domain: a.domain.clone(),
                    product_count: dbs.iter().filter(|&&d| catalog.databases[d].is_product()).count() as u32,
                    table_count: dbs.iter().map(|&d| index.table_count(d)).sum(),
                }
            })
            .collect();
        MeshInfo {
            kind: self.setup.kind,
            name: self.setup.name.clone(),
            store_path: self.setup.store_path.display().to_string(),
            data_dir: self.setup.data_dir.display().to_string(),
            accounts,
            product_count: index.products().len() as u32,
            table_count: (0..catalog.databases.len()).map(|d| index.table_count(d)).sum(),
            column_count: u32::try_from(index.column_count()).unwrap_or(u32::MAX),
            identity: self.current_identity().ok().map(|i| self.persona(&i)),
            personas: self.identities.iter().map(|i| self.persona(i)).collect(),
        }
    }
}
