//! Why the sandbox store cannot be used, in words that name the file and say what to do.

use std::path::{Path, PathBuf};

use meshdesk_core::ports::PortError;
use rusqlite::ErrorCode;

use crate::codec::DecodeError;
use crate::json::JsonError;

/// What went wrong with the sandbox store. Every message names the path and the next step.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory (or the store file in it) cannot be created or opened.
    #[error(
        "Meshdesk cannot use {} ({cause}); set MESHDESK_DATA_DIR or --data-dir to a writable directory",
        path.display()
    )]
    DataDir { path: PathBuf, cause: std::io::Error },

    /// SQLite cannot open the store for writing.
    #[error(
        "Meshdesk cannot write its sandbox at {} ({detail}); set MESHDESK_DATA_DIR or --data-dir to a writable directory",
        path.display()
    )]
    Unwritable { path: PathBuf, detail: String },

    /// The file is not a SQLite database, not Meshdesk's, or damaged.
    #[error(
        "{} is corrupt or not a Meshdesk sandbox database ({detail}); move it aside and start Meshdesk again: \
         a fresh demo mesh will be created. Nothing was changed",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },

    /// Another process holds the store's write lock.
    #[error(
        "{} is locked by another process; close the other Meshdesk window or command and try again",
        path.display()
    )]
    Locked { path: PathBuf },

    /// The store was written by a later Meshdesk with a schema this one does not know.
    #[error(
        "{} was written by a newer Meshdesk (schema version {found} > {known}); update Meshdesk, \
         or set MESHDESK_DATA_DIR or --data-dir to another directory",
        path.display()
    )]
    NewerSchema { path: PathBuf, found: i64, known: i64 },

    /// A store was asked to be created where one already exists.
    #[error("{} already holds a sandbox; choose an empty data directory to create a new one", path.display())]
    AlreadyExists { path: PathBuf },

    /// The store refused a write because it breaks the schema's rules (e.g. a duplicate key).
    #[error("the sandbox at {} refused the change: {cause}", path.display())]
    Rejected { path: PathBuf, cause: rusqlite::Error },

    /// A mesh given to seed a store breaks a rule the store keeps (e.g. a persona with groups but
    /// no principal to hold them).
    #[error("the mesh cannot be stored in {}: {detail}", path.display())]
    InvalidMesh { path: PathBuf, detail: String },

    /// Any other SQLite failure.
    #[error("the sandbox at {} failed: {cause}", path.display())]
    Sqlite { path: PathBuf, cause: rusqlite::Error },
}

impl StoreError {
    /// Classifies a SQLite error on the store at `path`.
    pub(crate) fn from_sqlite(path: &Path, cause: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        match &cause {
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => {
                return StoreError::Corrupt { path, detail: format!("unexpected stored value: {cause}") };
            }
            _ => {}
        }
        match cause.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt { path, detail: cause.to_string() }
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path },
            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                StoreError::Unwritable { path, detail: cause.to_string() }
            }
            Some(ErrorCode::ConstraintViolation) => StoreError::Rejected { path, cause },
            _ => StoreError::Sqlite { path, cause },
        }
    }

    pub(crate) fn from_decode(path: &Path, cause: DecodeError) -> Self {
        StoreError::Corrupt { path: path.to_path_buf(), detail: cause.to_string() }
    }

    pub(crate) fn from_json(path: &Path, cause: JsonError) -> Self {
        StoreError::Corrupt { path: path.to_path_buf(), detail: cause.to_string() }
    }

    pub(crate) fn corrupt(path: &Path, detail: impl Into<String>) -> Self {
        StoreError::Corrupt { path: path.to_path_buf(), detail: detail.into() }
    }
}

impl From<StoreError> for PortError {
    fn from(error: StoreError) -> Self {
        let message = error.to_string();
        match error {
            StoreError::AlreadyExists { .. } => PortError::Conflict(message),
            StoreError::Rejected { .. } | StoreError::InvalidMesh { .. } => PortError::Invalid(message),
            StoreError::DataDir { .. }
            | StoreError::Unwritable { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Locked { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::Sqlite { .. } => PortError::Unavailable(message),
        }
    }
}
