//! `Meshdesk`: an opened mesh — its backend, its loaded catalog — and what the top bar shows.

use crate::error::from_port;
use meshdesk_core::ports::CatalogSource;
use meshdesk_core::CatalogIndex;
use meshdesk_local::{PersonaRecord, SandboxStore};
use meshdesk_protocol::{AccountSummary, ApiError, MeshInfo, MeshKind, Persona};
use std::path::{Path, PathBuf};

/// How to open the sandbox mesh.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The directory that holds `sandbox.sqlite` (created, and seeded, on first start).
    pub data_dir: PathBuf,
}

/// The sandbox starts as a consumer, since finding data is the first thing a user does.
const DEFAULT_PERSONA: &str = "mia";

/// An opened mesh with its catalog loaded.
#[derive(Debug)]
pub struct Meshdesk {
    pub(crate) index: CatalogIndex,
    store: SandboxStore,
    data_dir: PathBuf,
    personas: Vec<PersonaRecord>,
}

impl Meshdesk {
    /// Opens (and on first start seeds) the sandbox mesh in `config.data_dir`, and loads its
    /// catalog. `now` dates the demo mesh's update times when it is seeded.
    pub fn open_sandbox(config: &SandboxConfig, now: i64) -> Result<Self, ApiError> {
        let store = SandboxStore::open(&config.data_dir, now).map_err(|e| ApiError::unavailable(e.to_string()))?;
        let catalog = store.load_catalog().map_err(from_port)?;
        let personas = store.personas().map_err(|e| ApiError::unavailable(e.to_string()))?;
        Ok(Meshdesk { index: CatalogIndex::build(catalog), store, data_dir: config.data_dir.clone(), personas })
    }

    pub fn store_path(&self) -> &Path {
        self.store.path()
    }

    /// Which mesh this is, its accounts and size, and who Meshdesk acts as.
    pub fn mesh_info(&self) -> MeshInfo {
        let catalog = self.index.catalog();
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
                    table_count: dbs.iter().map(|&d| self.index.tables_of(d).len() as u32).sum(),
                }
            })
            .collect();
        let personas: Vec<Persona> = self.personas.iter().map(persona).collect();
        MeshInfo {
            kind: MeshKind::Sandbox,
            name: "Sandbox mesh".to_owned(),
            store_path: self.store.path().display().to_string(),
            data_dir: self.data_dir.display().to_string(),
            accounts,
            product_count: self.index.products().len() as u32,
            table_count: catalog.tables.len() as u32,
            column_count: self.index.column_count() as u32,
            identity: personas.iter().find(|p| p.id == DEFAULT_PERSONA).cloned(),
            personas,
        }
    }
}

fn persona(record: &PersonaRecord) -> Persona {
    Persona { id: record.id.clone(), name: record.name.clone(), role: record.role.clone(), account: record.account.clone() }
}
