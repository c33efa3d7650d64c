//! The sandbox behind a hook that sees every write before the store does: the crash tests'
//! backends (Lake Formation refusing grants, a process dying before its Nth write) are each a
//! hook, not a copy of every port.

use meshdesk_api::{Backend, MeshSetup, Meshdesk};
use meshdesk_core::governance::model::{AuditDraft, AuditEvent, Grant, Identity, PolicyOp, ResourceLink, ShareRequest};
use meshdesk_core::model::{Database, Table, TableName};
use meshdesk_core::ports::{
    AuditLog, CatalogSource, ConsumerCatalog, Directory, PolicyStore, PortError, ProductStore, Reach, RequestStore,
};
use meshdesk_core::product::TableVersion;
use meshdesk_core::Catalog;
use meshdesk_local::SandboxStore;
use meshdesk_protocol::MeshKind;
use std::path::Path;

/// A write the store is about to make. Links are not among them: the sandbox keeps none.
#[derive(Debug, Clone, Copy)]
pub enum Write<'a> {
    Policy(&'a [PolicyOp]),
    Request,
    Audit,
    Database,
    Table,
}

/// Runs before each write; an error is the port's answer and the write is not made.
pub trait BeforeWrite: Send + Sync + 'static {
    fn before(&self, write: Write<'_>) -> Result<(), PortError>;
}

pub struct Wrapped<H> {
    pub store: SandboxStore,
    pub hook: H,
}

/// The sandbox in `dir` behind `hook`, opened at `now` as the demo's Mia, as the app would open it.
pub fn wrapped<H: BeforeWrite>(dir: &Path, name: &str, hook: H, now: i64) -> Meshdesk<Wrapped<H>> {
    let store = SandboxStore::open(dir, now).expect("store");
    let setup = MeshSetup {
        kind: MeshKind::Sandbox,
        name: name.into(),
        store_path: store.path().to_owned(),
        data_dir: dir.to_owned(),
        roles: Default::default(),
        default_identity: Some("mia".into()),
    };
    Meshdesk::new(Wrapped { store, hook }, setup, now).expect("mesh")
}

impl<H> CatalogSource for Wrapped<H> {
    fn load_catalog(&self) -> Result<Catalog, PortError> {
        self.store.load_catalog()
    }
}
impl<H> Directory for Wrapped<H> {
    fn identities(&self) -> Result<Vec<Identity>, PortError> {
        self.store.identities()
    }
}
impl<H: BeforeWrite> PolicyStore for Wrapped<H> {
    fn grants(&self) -> Result<Vec<Grant>, PortError> {
        self.store.grants()
    }
    fn apply(&self, ops: &[PolicyOp], event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.hook.before(Write::Policy(ops))?;
        self.store.apply(ops, event, at)
    }
}
impl<H: BeforeWrite> RequestStore for Wrapped<H> {
    fn requests(&self) -> Result<Vec<ShareRequest>, PortError> {
        self.store.requests()
    }
    fn request(&self, id: &str) -> Result<Option<ShareRequest>, PortError> {
        self.store.request(id)
    }
    fn commit(&self, r: &ShareRequest, expected: Option<u64>, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.hook.before(Write::Request)?;
        self.store.commit(r, expected, event, at)
    }
}
impl<H: BeforeWrite> AuditLog for Wrapped<H> {
    fn events(&self) -> Result<Vec<AuditEvent>, PortError> {
        self.store.events()
    }
    fn append(&self, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.hook.before(Write::Audit)?;
        self.store.append(event, at)
    }
}
impl<H: BeforeWrite> ProductStore for Wrapped<H> {
    fn update_database(&self, d: &Database, expected: &Database, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.hook.before(Write::Database)?;
        self.store.update_database(d, expected, event, at)
    }
    fn update_table(&self, t: &Table, expected: &Table, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.hook.before(Write::Table)?;
        self.store.update_table(t, expected, event, at)
    }
    fn table_versions(&self, table: &TableName) -> Result<Vec<TableVersion>, PortError> {
        self.store.table_versions(table)
    }
}
impl<H> ConsumerCatalog for Wrapped<H> {
    fn link(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError> {
        self.store.link(request, links)
    }
    fn unlink(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError> {
        self.store.unlink(request, links)
    }
}
impl<H: BeforeWrite> Backend for Wrapped<H> {
    fn memberships(&self) -> Result<Vec<(String, String)>, PortError> {
        Backend::memberships(&self.store)
    }
}
