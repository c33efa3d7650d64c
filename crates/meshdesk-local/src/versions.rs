//! Glue table versions in the sandbox: every definition a table has had, kept whenever the
//! sandbox changes a table (an owner's update, an LF-tag on it or its columns), so the schema
//! history reads as it would from `GetTableVersions`.

use std::path::Path;

use meshdesk_core::model::{Table, TableName};
use meshdesk_core::product::TableVersion;
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::codec::Interner;
use crate::write;
use crate::error::StoreError;
use crate::read::{self, TABLE_COLUMNS};

/// Stores `table` as its version `version`.
pub(crate) fn insert(conn: &Connection, t: &Table, version: u64, recorded_at: Option<i64>) -> rusqlite::Result<()> {
    let mut row = write::table_row(t);
    row.push(Value::Integer(i64::try_from(version).unwrap_or(i64::MAX)));
    row.push(recorded_at.map_or(Value::Null, Value::Integer));
    conn.prepare_cached(&format!(
        "INSERT INTO table_versions ({TABLE_COLUMNS}, version, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
    ))?
    .execute(rusqlite::params_from_iter(row))?;
    Ok(())
}

/// Keeps the change of a table from `before` to `after` made at `at`: `before` becomes version 1
/// when the table has no version yet, and `after` the next version.
pub(crate) fn record(conn: &Connection, path: &Path, before: &Table, after: &Table, at: i64) -> Result<(), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let name = after.qualified_name();
    let latest: Option<u64> = conn
        .prepare_cached("SELECT max(version) FROM table_versions WHERE account = ?1 AND database = ?2 AND name = ?3")
        .and_then(|mut s| s.query_row([&name.account, &name.database, &name.table], |row| row.get(0)))
        .map_err(sql_error)?;
    let next = match latest {
        Some(latest) => latest + 1,
        None => {
            insert(conn, before, 1, None).map_err(sql_error)?;
            2
        }
    };
    insert(conn, after, next, Some(at)).map_err(sql_error)
}

/// The table's versions, oldest first.
pub(crate) fn of_table(conn: &Connection, path: &Path, name: &TableName) -> Result<Vec<TableVersion>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let sql = format!(
        "SELECT {TABLE_COLUMNS}, version, recorded_at FROM table_versions
         WHERE account = ?1 AND database = ?2 AND name = ?3 ORDER BY version"
    );
    let mut statement = conn.prepare_cached(&sql).map_err(sql_error)?;
    let mut rows = statement.query([&name.account, &name.database, &name.table]).map_err(sql_error)?;
    let mut out = Vec::new();
    let mut interner = Interner::default();
    while let Some(row) = rows.next().map_err(sql_error)? {
        out.push(TableVersion {
            table: read::table(row, path, &mut interner)?,
            version: row.get(16).map_err(sql_error)?,
            recorded_at: row.get(17).map_err(sql_error)?,
        });
    }
    Ok(out)
}
