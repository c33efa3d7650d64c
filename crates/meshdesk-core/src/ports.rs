//! The ports every backend implements (the SQLite sandbox and the AWS mesh), and their error
//! kinds. On AWS, `ProductStore` (owners' catalog edits) is Glue's `UpdateDatabase`,
//! `UpdateTable` and `GetTableVersions`.

use crate::governance::model::{AuditDraft, AuditEvent, Grant, Identity, PolicyOp, ResourceLink, ShareRequest};
use crate::model::{Catalog, Database, Table, TableName};
use crate::index::{Listing, TablesSummary};
use crate::product::TableVersion;

/// Why a port could not do what was asked, classified so callers can react the same way
/// whichever backend failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    AccessDenied(String),
    #[error("{0}")]
    Throttled(String),
    #[error("{0}")]
    Conflict(String),
    /// The store or service cannot be used: unreachable, locked, corrupt. The message says which
    /// and what to do.
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Invalid(String),
}

/// Reads the mesh's catalogs: every account's databases, tables, columns and LF-tags.
pub trait CatalogSource {
    fn load_catalog(&self) -> Result<Catalog, PortError>;

    /// What the catalog list needs — accounts, databases, tag keys and what each database's
    /// tables sum up to — when the source can read that much quicker than the whole catalog (the
    /// sandbox store keeps it beside the catalog: one row per database instead of 100k tables).
    /// `None` by default: the caller loads the whole catalog.
    fn load_listing(&self) -> Result<Option<Listing>, PortError> {
        Ok(None)
    }

    /// A number that changes whenever the catalog does, read before a [`CatalogSource::load_catalog`]
    /// whose listing is then handed to [`CatalogSource::save_listing`]. `None` by default: the
    /// source keeps no listing.
    fn catalog_generation(&self) -> Result<Option<i64>, PortError> {
        Ok(None)
    }

    /// Keeps what the catalog, as read at `generation`, sums up to per database (`tables`, in
    /// `databases` order), for [`CatalogSource::load_listing`] at the next start. A source
    /// whose catalog changed since `generation` keeps nothing: the listing would be stale.
    fn save_listing(&self, _generation: i64, _databases: &[Database], _tables: &[TablesSummary]) -> Result<(), PortError> {
        Ok(())
    }
}

/// Who may act in the mesh: on the sandbox the demo personas, on AWS the signed-in identity.
pub trait Directory {
    /// Every identity the backend knows (the sandbox's personas; on AWS, the signed-in one).
    fn identities(&self) -> Result<Vec<Identity>, PortError>;
}

/// Lake Formation permissions and LF-tag assignments across the mesh's accounts.
pub trait PolicyStore {
    /// Every grant in every account.
    fn grants(&self) -> Result<Vec<Grant>, PortError>;
    /// Applies the operations, made by `actor`, and appends `event` to the audit log. Each
    /// operation is idempotent: granting a grant id that exists with the same content, revoking
    /// one that is gone, or assigning a tag already set, changes nothing and is not an error.
    /// Returns the sealed audit event.
    fn apply(&self, ops: &[PolicyOp], event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError>;
    /// Finishes applies that were cut off (the process killed) after changing grants and
    /// before appending their event, and appends that event: no grant stands that the audit
    /// log does not explain. Returns the events appended. A backend that applies and appends
    /// in one transaction (the sandbox) has nothing to finish.
    fn finish_unaudited(&self, _now: i64) -> Result<Vec<AuditEvent>, PortError> {
        Ok(Vec::new())
    }
    /// Of `ids`, those of grants that stand: those `grants` lists, and on a backend whose list
    /// is a cache (AWS), also those its own records say were made and not yet revoked — a
    /// cache saved before a grant was made does not hide it from reconcile.
    fn standing(&self, ids: &[String]) -> Result<Vec<String>, PortError> {
        let grants = self.grants()?;
        Ok(ids.iter().filter(|id| grants.iter().any(|g| &g.id == *id)).cloned().collect())
    }
}

/// The hub's share requests.
pub trait RequestStore {
    fn requests(&self) -> Result<Vec<ShareRequest>, PortError>;
    fn request(&self, id: &str) -> Result<Option<ShareRequest>, PortError>;
    /// Writes `request` if the stored version is `expected` (`None`: no request with that id
    /// may exist yet), and appends `event` to the audit log, atomically. A stored version
    /// other than `expected` is [`PortError::Conflict`] and nothing is written.
    fn commit(
        &self,
        request: &ShareRequest,
        expected: Option<u64>,
        event: &AuditDraft,
        at: i64,
    ) -> Result<AuditEvent, PortError>;
}

/// What a backend did about a request's consumer side (see `governance::consumer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Done in the consumer's account.
    Done,
    /// This backend has no consumer catalogs (the sandbox: one store serves every account).
    NotNeeded,
    /// The consumer's account cannot be reached from here (no credentials for it); why.
    OutOfReach(String),
}

/// The consumer's side of cross-account shares, made in the consumer's own account: accepting
/// the producer's RAM invitation, resource links in its catalog, DESCRIBE on them for the
/// request's principal (`governance::consumer::link_grant`). Both calls are idempotent: a link
/// already pointing at its target, or one already gone, is success.
pub trait ConsumerCatalog {
    fn link(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError>;
    /// Revokes the DESCRIBE grants and deletes the links.
    fn unlink(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError>;
}

/// The append-only audit log, each event chained to the previous one by hash
/// (see `governance::audit::seal`).
pub trait AuditLog {
    /// Every event, in log order.
    fn events(&self) -> Result<Vec<AuditEvent>, PortError>;
    /// Seals `event` onto the current head and appends it.
    fn append(&self, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError>;
}

/// Owners' edits of the catalog itself: a database's or a table's definition (Glue
/// `UpdateDatabase` / `UpdateTable`), and a table's versions (Glue `GetTableVersions`).
///
/// An update is compare-and-set: it is made only if the stored definition still is `expected`
/// (as this port reads it), else [`PortError::Conflict`] and nothing is written. It writes only
/// the difference between `expected` and the new definition (see `product::delta`) onto the
/// stored one, so fields Meshdesk does not model are kept, and appends `event` to the audit log.
/// Neither the name nor a resource link's target changes through an update.
pub trait ProductStore {
    fn update_database(&self, database: &Database, expected: &Database, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError>;
    /// Keeps the new definition as a version, as Glue does (and the one it replaces too, when no
    /// version holds it yet).
    fn update_table(&self, table: &Table, expected: &Table, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError>;
    /// The table's earlier definitions, oldest first; the newest may be the current one. Empty
    /// when none are kept.
    fn table_versions(&self, table: &TableName) -> Result<Vec<TableVersion>, PortError>;
}
