//! The sandbox behind the core's governance ports, with the hub's guarantees: every write is one
//! transaction that also appends its audit event, and a request is written only over the
//! version its writer read (compare-and-set, as DynamoDB's conditional writes do on AWS).

use meshdesk_core::governance::model::{AuditDraft, AuditEvent, Grant, Identity, PolicyOp, ResourceLink, ShareRequest};
use meshdesk_core::ports::{AuditLog, ConsumerCatalog, Directory, PolicyStore, PortError, Reach, RequestStore};

use crate::error::StoreError;
use crate::store::SandboxStore;
use crate::{audit, grants, policy, read, requests, versions};
use meshdesk_core::governance::model::TagTarget;
use meshdesk_core::model::{Table, TableName};

/// The tables whose own or whose columns' LF-tags the operations set or remove, each once.
fn retagged_tables(ops: &[PolicyOp]) -> Vec<TableName> {
    let mut names: Vec<TableName> = Vec::new();
    for op in ops {
        let (PolicyOp::AssignTag { target, .. } | PolicyOp::RemoveTag { target, .. }) = op else { continue };
        let name = match target {
            TagTarget::Table { account, database, table } | TagTarget::Column { account, database, table, .. } => {
                TableName::new(account, database, table)
            }
            TagTarget::Database { .. } => continue,
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

impl Directory for SandboxStore {
    fn identities(&self) -> Result<Vec<Identity>, PortError> {
        Ok(self.personas()?.into_iter().map(|persona| persona.identity).collect())
    }
}

impl PolicyStore for SandboxStore {
    fn grants(&self) -> Result<Vec<Grant>, PortError> {
        Ok(self.read(grants::all)?)
    }

    /// Applies every operation and appends `event` in one transaction: on any error nothing
    /// of it is kept. A table whose LF-tags (or whose columns' LF-tags) change gets a new version.
    fn apply(&self, ops: &[PolicyOp], event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        let shift = self.time_shift()?;
        self.write(|conn, path| {
            let mut before: Vec<Table> = Vec::new();
            for name in retagged_tables(ops) {
                before.extend(read::one_table(conn, path, &name)?);
            }
            for op in ops {
                policy::apply(conn, path, op)?;
            }
            for old in &before {
                if let Some(new) = read::one_table(conn, path, &old.qualified_name())?.filter(|new| new != old) {
                    versions::record(conn, path, old, &new, at - shift)?;
                }
            }
            Ok(audit::append(conn, path, event, at)?)
        })
    }
}

impl RequestStore for SandboxStore {
    fn requests(&self) -> Result<Vec<ShareRequest>, PortError> {
        Ok(self.read(requests::all)?)
    }

    fn request(&self, id: &str) -> Result<Option<ShareRequest>, PortError> {
        Ok(self.read(|conn, path| requests::one(conn, path, id))?)
    }

    /// Also refuses a request whose version does not move past `expected`: written so, a
    /// second writer holding the same version would find it unchanged and win as well.
    fn commit(
        &self,
        request: &ShareRequest,
        expected: Option<u64>,
        event: &AuditDraft,
        at: i64,
    ) -> Result<AuditEvent, PortError> {
        let id = &request.id;
        if let Some(expected) = expected.filter(|&expected| request.version <= expected) {
            return Err(PortError::Invalid(format!(
                "{id} must be written with a version after {expected}, not {}",
                request.version
            )));
        }
        self.write(|conn, path| {
            let stored = requests::version(conn, path, id)?;
            if stored != expected {
                return Err(PortError::Conflict(match (stored, expected) {
                    (Some(stored), Some(expected)) => format!(
                        "{id} was changed by someone else (version {stored}, expected {expected}); reload and try again"
                    ),
                    (Some(stored), None) => format!("{id} already exists (version {stored}); reload and try again"),
                    (None, _) => format!("{id} does not exist any more; reload and try again"),
                }));
            }
            requests::replace(conn, request).map_err(|e| StoreError::from_sqlite(path, e))?;
            Ok(audit::append(conn, path, event, at)?)
        })
    }
}

impl AuditLog for SandboxStore {
    fn events(&self) -> Result<Vec<AuditEvent>, PortError> {
        Ok(self.read(audit::events)?)
    }

    fn append(&self, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        self.write(|conn, path| Ok(audit::append(conn, path, event, at)?))
    }
}

/// The sandbox has no consumer catalogs: one store serves every account, and a grant reaches
/// its principal as it is made. Its requests carry no links.
impl ConsumerCatalog for SandboxStore {
    fn link(&self, _request: &ShareRequest, _links: &[ResourceLink]) -> Result<Reach, PortError> {
        Ok(Reach::NotNeeded)
    }

    fn unlink(&self, _request: &ShareRequest, _links: &[ResourceLink]) -> Result<Reach, PortError> {
        Ok(Reach::NotNeeded)
    }
}
