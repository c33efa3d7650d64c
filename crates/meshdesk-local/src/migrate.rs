//! Upgrading a store written by an earlier Meshdesk to the current schema, in one transaction
//! under the write lock, so two processes opening it at once upgrade it once.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::StoreError;
use crate::schema::{CREATE_LISTING, CREATE_TABLE_VERSIONS, SCHEMA_VERSION};

/// Whether a store of `version` can be upgraded.
pub(crate) fn upgrades(version: i64) -> bool {
    version == 1 || version == 2
}

/// Brings the store to [`SCHEMA_VERSION`]: version 1 gains `table_versions`, empty (a table's
/// current definition is its first version until it changes); versions 1 and 2 gain the kept
/// `listing`, empty (it is worked out at the next read of the catalog list).
pub(crate) fn upgrade(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_error)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql_error)?;
    if version == 1 {
        tx.execute_batch(CREATE_TABLE_VERSIONS).map_err(sql_error)?;
    }
    if version <= 2 {
        tx.execute_batch(CREATE_LISTING).map_err(sql_error)?;
    }
    if version < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(sql_error)?;
    }
    tx.commit().map_err(sql_error)
}
