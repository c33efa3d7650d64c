//! Transactions on the shared file. Many windows, commands and threads may use one sandbox at
//! once; a write takes SQLite's write lock up front (`BEGIN IMMEDIATE`) and waits its turn for
//! it, so concurrent writers serialise instead of failing or deciding on stale reads.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};

use crate::error::StoreError;

/// How long a write waits for other writers in all before the store is reported locked. Each
/// attempt already waits the connection's busy timeout; this covers the cases where SQLite
/// reports busy without waiting (e.g. while another connection recovers the WAL).
const WRITE_PATIENCE: Duration = Duration::from_secs(10);

const RETRY_PAUSE: Duration = Duration::from_millis(5);

/// Begins a write transaction holding the write lock, waiting up to [`WRITE_PATIENCE`] for it.
pub(crate) fn begin_write<'c>(conn: &'c Connection, path: &Path) -> Result<Transaction<'c>, StoreError> {
    let deadline = Instant::now() + WRITE_PATIENCE;
    loop {
        match Transaction::new_unchecked(conn, TransactionBehavior::Immediate) {
            Ok(tx) => return Ok(tx),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && Instant::now() < deadline => {
                thread::sleep(RETRY_PAUSE);
            }
            Err(e) => return Err(StoreError::from_sqlite(path, e)),
        }
    }
}

/// Begins a read transaction, so that several queries see one state of the file.
pub(crate) fn begin_read<'c>(conn: &'c Connection, path: &Path) -> Result<Transaction<'c>, StoreError> {
    Transaction::new_unchecked(conn, TransactionBehavior::Deferred).map_err(|e| StoreError::from_sqlite(path, e))
}
