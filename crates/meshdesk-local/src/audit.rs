//! The audit log as rows of the append-only `audit` table, sealed onto the chain by the core.

use std::path::Path;

use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::{AuditDraft, AuditEvent};
use rusqlite::{Connection, Row, params};

use crate::error::StoreError;

const SELECT: &str =
    "SELECT seq, at, actor, action, target, request_id, state_before, state_after, prev_hash, hash FROM audit";

/// Every event, in log order.
pub(crate) fn events(conn: &Connection, path: &Path) -> Result<Vec<AuditEvent>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY seq")).map_err(sql_error)?;
    statement.query_map([], event).map_err(sql_error)?.collect::<Result<Vec<_>, _>>().map_err(sql_error)
}

/// Seals `draft` onto the log's head and appends it. The caller holds the write lock (a
/// `BEGIN IMMEDIATE` transaction), so no other writer can append between the read of the head
/// and the insert: the chain never forks.
pub(crate) fn append(conn: &Connection, path: &Path, draft: &AuditDraft, at: i64) -> Result<AuditEvent, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY seq DESC LIMIT 1")).map_err(sql_error)?;
    let head = statement.query_map([], event).map_err(sql_error)?.next().transpose().map_err(sql_error)?;
    let sealed = seal(head.as_ref(), draft, at);
    insert(conn, &sealed).map_err(sql_error)?;
    Ok(sealed)
}

/// Inserts an event already sealed; the table's trigger refuses one that does not continue the chain.
pub(crate) fn insert(conn: &Connection, e: &AuditEvent) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, actor, action, target, request_id, state_before, state_after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.seq,
        e.at,
        e.actor,
        e.action,
        e.target,
        e.request_id,
        e.before,
        e.after,
        e.prev_hash,
        e.hash
    ])?;
    Ok(())
}

fn event(row: &Row<'_>) -> rusqlite::Result<AuditEvent> {
    Ok(AuditEvent {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        target: row.get(4)?,
        request_id: row.get(5)?,
        before: row.get(6)?,
        after: row.get(7)?,
        prev_hash: row.get(8)?,
        hash: row.get(9)?,
    })
}
