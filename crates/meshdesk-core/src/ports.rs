//! The ports every backend implements (the SQLite sandbox now, AWS later), and their error kinds.

use crate::model::Catalog;

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
}
