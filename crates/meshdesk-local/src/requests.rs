//! Share requests as rows of the `requests` table: the hub's documents, each written whole.

use std::path::Path;

use meshdesk_core::governance::model::{ConsumerSide, RequestStatus, ShareRequest};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::error::StoreError;
use crate::json;

const SELECT: &str = "SELECT id, version, requester, principal, product_account, product_database, tables, columns,
         row_filter, permissions, duration_days, justification, status, created_at, decisions, expires_at,
         grant_ids, last_error, extends
     FROM requests";

const INSERT: &str = "INSERT INTO requests (id, version, requester, principal, product_account, product_database,
         tables, columns, row_filter, permissions, duration_days, justification, status, created_at, decisions,
         expires_at, grant_ids, last_error, extends)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

/// Every request, by id.
pub(crate) fn all(conn: &Connection, path: &Path) -> Result<Vec<ShareRequest>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY id")).map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut requests = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        requests.push(request(row, path)?);
    }
    Ok(requests)
}

pub(crate) fn one(conn: &Connection, path: &Path, id: &str) -> Result<Option<ShareRequest>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1")).map_err(sql_error)?;
    let mut rows = statement.query([id]).map_err(sql_error)?;
    rows.next().map_err(sql_error)?.map(|row| request(row, path)).transpose()
}

/// The stored version of the request, `None` when there is no request with that id.
pub(crate) fn version(conn: &Connection, path: &Path, id: &str) -> Result<Option<u64>, StoreError> {
    conn.prepare_cached("SELECT version FROM requests WHERE id = ?1")
        .and_then(|mut statement| statement.query_row([id], |row| row.get(0)).optional())
        .map_err(|e| StoreError::from_sqlite(path, e))
}

pub(crate) fn insert(conn: &Connection, request: &ShareRequest) -> rusqlite::Result<()> {
    write(conn, INSERT, request)
}

/// Writes the request over the stored one with the same id, or as a new one.
pub(crate) fn replace(conn: &Connection, request: &ShareRequest) -> rusqlite::Result<()> {
    write(conn, &INSERT.replacen("INSERT", "INSERT OR REPLACE", 1), request)
}

fn write(conn: &Connection, sql: &str, r: &ShareRequest) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute(params![
        r.id,
        r.version,
        r.requester,
        r.principal,
        r.product_account,
        r.product_database,
        json::strings(&r.tables),
        json::strings(&r.columns),
        r.row_filter,
        json::permissions(&r.permissions),
        r.duration_days,
        r.justification,
        r.status.as_str(),
        r.created_at,
        json::decisions(&r.decisions),
        r.expires_at,
        json::strings(&r.grant_ids),
        r.last_error,
        r.extends,
    ])?;
    Ok(())
}

fn request(row: &Row<'_>, path: &Path) -> Result<ShareRequest, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let json_error = |e| StoreError::from_json(path, e);
    let text = |index| row.get::<_, String>(index).map_err(sql_error);
    let status = text(12)?;
    Ok(ShareRequest {
        id: text(0)?,
        version: row.get(1).map_err(sql_error)?,
        requester: text(2)?,
        principal: text(3)?,
        product_account: text(4)?,
        product_database: text(5)?,
        tables: json::parse_strings("table list", &text(6)?).map_err(json_error)?,
        columns: json::parse_strings("column list", &text(7)?).map_err(json_error)?,
        row_filter: row.get(8).map_err(sql_error)?,
        permissions: json::parse_permissions(&text(9)?).map_err(json_error)?,
        duration_days: row.get(10).map_err(sql_error)?,
        justification: text(11)?,
        status: RequestStatus::parse(&status)
            .ok_or_else(|| StoreError::corrupt(path, format!("a request has the unknown status {status:?}")))?,
        created_at: row.get(13).map_err(sql_error)?,
        decisions: json::parse_decisions(&text(14)?).map_err(json_error)?,
        expires_at: row.get(15).map_err(sql_error)?,
        grant_ids: json::parse_strings("grant id list", &text(16)?).map_err(json_error)?,
        last_error: row.get(17).map_err(sql_error)?,
        extends: row.get(18).map_err(sql_error)?,
        // The sandbox has no consumer catalogs: one store serves every account.
        consumer: ConsumerSide::default(),
    })
}
