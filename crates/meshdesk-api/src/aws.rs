//! Opening a mesh of AWS accounts from a mesh file: the AWS backend behind the same `Meshdesk`
//! as the sandbox, with the last crawl cached in the data directory so the next start shows the
//! catalog at once; and the hub's setup step.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use meshdesk_aws::{
    AccountProgress, AccountStatus, AwsError, AwsMesh, ConnectOptions, MeshFile, SetupReport, Snapshot,
};
use meshdesk_core::ports::PortError;
use meshdesk_local::CatalogCache;
use meshdesk_protocol::{AccountStatusView, ApiError, MeshKind};

use crate::error::from_port;
use crate::mesh::{Backend, MeshSetup, Meshdesk};
use crate::status::RefreshCallback;

pub use meshdesk_aws::{AccountOutcome, ErrorKind as AwsErrorKind, LakeSettings, Progress, Stage};

/// The signed-in person's Identity Center memberships, read from the identity store the mesh
/// file's `[identity_center]` names (none without it).
impl Backend for AwsMesh {
    fn memberships(&self) -> Result<Vec<(String, String)>, PortError> {
        Ok(AwsMesh::memberships(self))
    }

    /// As last read: an account not read since the mesh was opened (shown from the cache) is
    /// judged at the next refresh.
    fn lake_formation_bypass(&self) -> Result<Vec<String>, PortError> {
        Ok(self.lake_settings().into_iter().filter(|(_, s)| s.iam_allowed_principals_by_default).map(|(id, _)| id).collect())
    }

    fn account_statuses(&self) -> Option<Vec<AccountStatusView>> {
        Some(self.statuses().iter().map(crate::aws_status::status_view).collect())
    }

    fn refresh(&self, progress: RefreshCallback, cache: &Path, now: i64) -> Result<bool, ApiError> {
        let progress: Progress = Arc::new(move |p: AccountProgress| progress(crate::aws_status::progress_view(p)));
        AwsMesh::refresh(self, progress).map_err(aws_error)?;
        save_at(cache, self, now)?;
        Ok(true)
    }

    /// Moves on every change to the mesh's state: a refresh, a policy step, a link, an edit.
    fn store_version(&self) -> Result<u64, PortError> {
        Ok(self.state_version())
    }
}

/// How to open an AWS mesh.
#[derive(Debug, Clone)]
pub struct AwsConfig {
    /// The mesh file (see `meshdesk_aws::default_path`).
    pub mesh_file: PathBuf,
    /// Where the catalog cache is kept (`<data_dir>/aws/`).
    pub data_dir: PathBuf,
}

/// The mesh file a shell should open, if any: `--sandbox` forces the sandbox; an explicit file
/// wins; `MESHDESK_MESH_FILE` names one; else the default file when it exists — so someone who
/// configured their mesh gets it, and a fresh machine gets the sandbox.
pub fn chosen_mesh_file(explicit: Option<PathBuf>, force_sandbox: bool) -> Option<PathBuf> {
    if force_sandbox {
        return None;
    }
    if explicit.is_some() {
        return explicit;
    }
    if std::env::var_os(meshdesk_aws::MESH_FILE_ENV).is_some_and(|v| !v.is_empty()) {
        return Some(meshdesk_aws::default_path());
    }
    Some(meshdesk_aws::default_path()).filter(|path| path.is_file())
}

fn aws_error(error: AwsError) -> ApiError {
    match error {
        AwsError::MeshFile(e) => ApiError::invalid_input(e.to_string()),
        other => from_port(PortError::from(other)),
    }
}

fn cache_error(error: meshdesk_local::StoreError) -> ApiError {
    ApiError::unavailable(error.to_string())
}

/// The cache file of a mesh: its name made safe for a file name, and a short hash of the mesh
/// file's path, so two meshes of the same name keep separate caches.
fn cache_file(file: &MeshFile) -> String {
    let slug: String = file
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    // FNV-1a: stable across Rust versions, unlike the standard library's hasher.
    let path = file.path.to_string_lossy();
    let hash = path.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{}-{:08x}.sqlite", if slug.is_empty() { "mesh" } else { &slug }, hash as u32)
}

fn cache_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("aws")
}

fn save(cache: &CatalogCache, mesh: &AwsMesh, now: i64) -> Result<(), ApiError> {
    let snapshot = mesh.snapshot();
    cache.save(&snapshot.catalog, &snapshot.grants, now).map_err(cache_error)?;
    let settings = crate::aws_status::settings_json(&mesh.lake_settings());
    cache.save_extra(crate::aws_status::LAKE_SETTINGS, &settings).map_err(cache_error)
}

/// Keeps what `mesh` last read in the cache file at `path`.
fn save_at(path: &Path, mesh: &AwsMesh, now: i64) -> Result<(), ApiError> {
    let (dir, file) =
        (path.parent().unwrap_or(Path::new(".")), path.file_name().and_then(|f| f.to_str()).unwrap_or_default());
    let cache = CatalogCache::open(dir, file).map_err(cache_error)?;
    save(&cache, mesh, now)
}

impl Meshdesk<AwsMesh> {
    /// Opens the mesh `config.mesh_file` names: checks the file, connects to the hub and every
    /// account (STS on each profile), shows the cached catalog — or, on the first start, crawls
    /// every account first — and finishes provisioning an earlier run left half done.
    pub fn open_aws(config: &AwsConfig, now: i64) -> Result<Self, ApiError> {
        Self::open_aws_with_progress(config, Arc::new(|_: AccountProgress| {}), now)
    }

    /// As [`Meshdesk::open_aws`], reporting each account's progress when a first crawl is needed.
    pub fn open_aws_with_progress(config: &AwsConfig, progress: Progress, now: i64) -> Result<Self, ApiError> {
        Self::open_aws_as(config, None, progress, now)
    }

    /// As [`Meshdesk::open_aws_with_progress`], signed in through `acting_profile` instead of the
    /// mesh file's hub profile when one is given (`--profile`): the same mesh and hub account,
    /// another person — e.g. an owner's separate admin profile, to approve from a terminal.
    pub fn open_aws_as(
        config: &AwsConfig,
        acting_profile: Option<&str>,
        progress: Progress,
        now: i64,
    ) -> Result<Self, ApiError> {
        let file = load_acting(&config.mesh_file, acting_profile)?;
        Self::open_aws_connected(config, file, progress, now, |file| AwsMesh::connect(file, ConnectOptions::default()))
    }

    /// As [`Meshdesk::open_aws_with_progress`], with an Identity Center session signed in just
    /// now for the mesh file's `sso_*` entries (instead of the one kept in the keychain).
    pub fn open_aws_signed_in(
        config: &AwsConfig,
        session: std::sync::Arc<meshdesk_aws::sso::SsoSession>,
        progress: Progress,
        now: i64,
    ) -> Result<Self, ApiError> {
        let file = MeshFile::load(&config.mesh_file).map_err(|e| aws_error(e.into()))?;
        Self::open_aws_connected(config, file, progress, now, |file| {
            AwsMesh::connect_signed_in(file, ConnectOptions::default(), session)
        })
    }

    fn open_aws_connected(
        config: &AwsConfig,
        file: MeshFile,
        progress: Progress,
        now: i64,
        connect: impl FnOnce(MeshFile) -> Result<AwsMesh, meshdesk_aws::AwsError>,
    ) -> Result<Self, ApiError> {
        let cache = CatalogCache::open(&cache_dir(&config.data_dir), &cache_file(&file)).map_err(cache_error)?;
        let mesh = connect(file).map_err(aws_error)?;
        match cache.load().map_err(cache_error)? {
            Some((catalog, grants, _saved_at)) => {
                mesh.restore(Snapshot { catalog, grants });
                if let Some(text) = cache.extra(crate::aws_status::LAKE_SETTINGS).map_err(cache_error)? {
                    mesh.restore_lake_settings(crate::aws_status::parse_settings(&text));
                }
            }
            None => {
                mesh.refresh(progress).map_err(aws_error)?;
                save(&cache, &mesh, now)?;
            }
        }
        let identity = mesh.identity().clone();
        let setup = MeshSetup {
            kind: MeshKind::Aws,
            name: mesh.mesh_file().name.clone(),
            store_path: cache.path().to_owned(),
            data_dir: config.data_dir.clone(),
            roles: [(identity.id.clone(), if identity.steward { "signed in, steward" } else { "signed in" }.to_owned())]
                .into_iter()
                .collect(),
            default_identity: Some(identity.id),
        };
        let mut opened = Self::new(mesh, setup, now)?;
        opened.cache_notice = cache.rebuilt().map(|why| {
            format!(
                "the local catalog cache was damaged and has been rebuilt: everything shown was read from AWS again, \
                 nothing of the damaged file was used ({why})"
            )
        });
        Ok(opened)
    }

    /// Reads every account again (reporting progress), keeps the result in the cache and shows
    /// it. Returns how each account of the mesh file stands; one failing leaves the others read.
    pub fn refresh_aws(&self, progress: Progress, now: i64) -> Result<Vec<AccountStatus>, ApiError> {
        let refreshed = AwsMesh::refresh(&self.backend, progress);
        self.access_changed();
        let statuses = refreshed.map_err(aws_error)?;
        save_at(&self.setup.store_path, &self.backend, now)?;
        self.reload_catalog()?;
        Ok(statuses)
    }

    /// How each account of the mesh file stands: read, shown from the cache, or failed and why.
    pub fn account_statuses(&self) -> Vec<AccountStatus> {
        self.backend.statuses()
    }
}

impl<B: Backend> Meshdesk<B> {
    /// Writes the catalog and grants as the backend holds them now into an AWS mesh's cache, so
    /// that the next start (a window, or the next command of a script) shows a change made
    /// through Meshdesk rather than what the last crawl read. The sandbox has no cache.
    pub(crate) fn keep_cached(&self, now: i64) -> Result<(), ApiError> {
        if self.setup.kind != MeshKind::Aws {
            return Ok(());
        }
        let catalog = self.backend.load_catalog().map_err(from_port)?;
        let grants = self.backend.grants().map_err(from_port)?;
        let path = &self.setup.store_path;
        let (dir, file) =
            (path.parent().unwrap_or(Path::new(".")), path.file_name().and_then(|f| f.to_str()).unwrap_or_default());
        let cache = CatalogCache::open(dir, file).map_err(cache_error)?;
        // The account settings kept beside the catalog stay as the last crawl read them.
        cache.save(&catalog, &grants, now).map_err(cache_error)
    }
}

/// Creates the hub's DynamoDB tables named by the mesh file where they are missing.
pub fn setup_aws_hub(mesh_file: &Path) -> Result<SetupReport, ApiError> {
    setup_aws_hub_as(mesh_file, None)
}

/// As [`setup_aws_hub`], with `acting_profile` instead of the hub profile when given.
pub fn setup_aws_hub_as(mesh_file: &Path, acting_profile: Option<&str>) -> Result<SetupReport, ApiError> {
    let file = load_acting(mesh_file, acting_profile)?;
    AwsMesh::setup_hub(&file).map_err(aws_error)
}

/// The mesh file, with `acting_profile` in place of its hub profile when one is given.
fn load_acting(mesh_file: &Path, acting_profile: Option<&str>) -> Result<MeshFile, ApiError> {
    let file = MeshFile::load(mesh_file).map_err(|e| aws_error(e.into()))?;
    let Some(profile) = acting_profile else { return Ok(file) };
    let known = meshdesk_aws::profiles::KnownProfiles::from_environment()
        .map_err(|cause| aws_error(meshdesk_aws::MeshFileError::Profiles { cause }.into()))?;
    file.acting_as(profile, &known).map_err(|e| aws_error(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_files_are_named_after_the_mesh_and_its_file() {
        let file = |name: &str, path: &str| MeshFile {
            path: PathBuf::from(path),
            name: name.into(),
            hub: meshdesk_aws::mesh_file::HubEntry {
                profile: "hub".into(),
                sso: None,
                region: None,
                tables: meshdesk_aws::mesh_file::HubTables::default(),
                line: 2,
            },
            accounts: Vec::new(),
            stewards: Vec::new(),
            identity_center: None,
            sso: None,
        };
        let a = cache_file(&file("Telco mesh (prod)", "/home/a/mesh.toml"));
        assert!(a.starts_with("telco-mesh-prod-") && a.ends_with(".sqlite"), "{a}");
        assert_ne!(a, cache_file(&file("Telco mesh (prod)", "/home/a/other.toml")));
        assert!(cache_file(&file("✓", "/x")).starts_with("mesh-"));
    }
}
