//! A failure between "approved" and "provisioned": the request stays approved with the error,
//! and a retry or the next start's reconcile completes it — never approved with no grant.

use crate::fixture::*;
use meshdesk_api::{Backend, MeshSetup, Meshdesk};
use meshdesk_core::governance::model::{AuditDraft, AuditEvent, Grant, Identity, PolicyOp, ResourceLink, ShareRequest};
use meshdesk_core::model::{Database, Table, TableName};
use meshdesk_core::ports::{
    AuditLog, CatalogSource, ConsumerCatalog, Directory, PolicyStore, PortError, ProductStore, Reach, RequestStore,
};
use meshdesk_core::product::TableVersion;
use meshdesk_core::Catalog;
use meshdesk_local::SandboxStore;
use meshdesk_protocol::{Decide, DecideInput, MeshKind, RequestAction, RequestStatus};
use std::sync::atomic::{AtomicBool, Ordering};

/// The sandbox, except that Lake Formation refuses grants while `down` is set.
struct FlakyLakeFormation {
    store: SandboxStore,
    down: AtomicBool,
}

impl CatalogSource for FlakyLakeFormation {
    fn load_catalog(&self) -> Result<Catalog, PortError> {
        self.store.load_catalog()
    }
}
impl Directory for FlakyLakeFormation {
    fn identities(&self) -> Result<Vec<Identity>, PortError> {
        self.store.identities()
    }
}
impl PolicyStore for FlakyLakeFormation {
    fn grants(&self) -> Result<Vec<Grant>, PortError> {
        self.store.grants()
    }
    fn apply(&self, ops: &[PolicyOp], event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        if self.down.load(Ordering::SeqCst) && ops.iter().any(|op| matches!(op, PolicyOp::Grant(_))) {
            return Err(PortError::Throttled("Lake Formation: Rate exceeded (ThrottlingException)".into()));
        }
        self.store.apply(ops, event, at)
    }
}
impl RequestStore for FlakyLakeFormation {
    fn requests(&self) -> Result<Vec<ShareRequest>, PortError> {
        self.store.requests()
    }
    fn request(&self, id: &str) -> Result<Option<ShareRequest>, PortError> {
        self.store.request(id)
    }
    fn commit(&self, r: &ShareRequest, expected: Option<u64>, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.store.commit(r, expected, event, at)
    }
}
impl AuditLog for FlakyLakeFormation {
    fn events(&self) -> Result<Vec<AuditEvent>, PortError> {
        self.store.events()
    }
    fn append(&self, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.store.append(event, at)
    }
}
impl ProductStore for FlakyLakeFormation {
    fn update_database(&self, d: &Database, expected: &Database, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.store.update_database(d, expected, event, at)
    }
    fn update_table(&self, t: &Table, expected: &Table, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.store.update_table(t, expected, event, at)
    }
    fn table_versions(&self, table: &TableName) -> Result<Vec<TableVersion>, PortError> {
        self.store.table_versions(table)
    }
}
impl ConsumerCatalog for FlakyLakeFormation {
    fn link(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError> {
        self.store.link(request, links)
    }
    fn unlink(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError> {
        self.store.unlink(request, links)
    }
}
impl Backend for FlakyLakeFormation {
    fn memberships(&self) -> Result<Vec<(String, String)>, PortError> {
        Backend::memberships(&self.store)
    }
}

fn flaky(dir: &std::path::Path) -> Meshdesk<FlakyLakeFormation> {
    let store = SandboxStore::open(dir, NOW).expect("store");
    let setup = MeshSetup {
        kind: MeshKind::Sandbox,
        name: "flaky".into(),
        store_path: store.path().to_owned(),
        data_dir: dir.to_owned(),
        roles: Default::default(),
        default_identity: Some("mia".into()),
    };
    Meshdesk::new(FlakyLakeFormation { store, down: AtomicBool::new(false) }, setup, NOW).expect("mesh")
}

#[test]
fn a_failed_grant_keeps_the_request_approved_with_the_error_until_retried() {
    let (dir, _) = sandbox();
    let mesh = flaky(dir.path());
    let sent = mesh.submit_request(&owner_decides(), NOW).expect("submitted");
    mesh.switch_identity("dana").expect("dana");
    mesh.backend().down.store(true, Ordering::SeqCst);
    let version = mesh.request(&sent.id, NOW).expect("request").version;
    let approved = mesh.decide(&DecideInput { id: sent.id.clone(), expected_version: version, decision: Decide::Approve }, NOW).expect("decided");
    assert_eq!(approved.status, RequestStatus::Approved, "the decision stands");
    assert!(approved.last_error.as_deref().is_some_and(|e| e.contains("Rate exceeded")), "{:?}", approved.last_error);
    assert!(approved.actions.contains(&RequestAction::Retry));
    assert!(!mesh.backend().grants().expect("grants").iter().any(|g| g.id.starts_with(&format!("{}/", sent.id))));

    mesh.backend().down.store(false, Ordering::SeqCst);
    let retried = mesh
        .decide(&DecideInput { id: sent.id.clone(), expected_version: approved.version, decision: Decide::Retry }, NOW)
        .expect("retry");
    assert_eq!(retried.status, RequestStatus::Provisioned);
    assert_eq!(retried.last_error, None);
    assert!(mesh.verify_audit().expect("verify").intact);
}

#[test]
fn a_crash_after_approval_is_completed_by_the_next_start() {
    let (dir, _) = sandbox();
    let id = {
        let mesh = flaky(dir.path());
        let sent = mesh.submit_request(&owner_decides(), NOW).expect("submitted");
        mesh.switch_identity("dana").expect("dana");
        mesh.backend().down.store(true, Ordering::SeqCst);
        let version = mesh.request(&sent.id, NOW).expect("request").version;
        mesh.decide(&DecideInput { id: sent.id.clone(), expected_version: version, decision: Decide::Approve }, NOW).expect("decided");
        sent.id
        // The window closes here, Lake Formation never having answered.
    };
    let mesh = Meshdesk::open_sandbox(&meshdesk_api::SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopen");
    let request = mesh.request(&id, NOW).expect("request");
    assert_eq!(request.status, RequestStatus::Provisioned, "reconcile on start finished it");
    let grants = mesh.backend().grants().expect("grants");
    assert_eq!(grants.iter().filter(|g| g.id.starts_with(&format!("{id}/"))).count(), 1, "exactly one grant");
    assert!(mesh.verify_audit().expect("verify").intact);
}
