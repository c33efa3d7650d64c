//! Lake Formation grants as rows of the `grants` table: one column per part of the resource, so
//! the store itself refuses a resource Lake Formation could not hold.

use std::path::Path;

use meshdesk_core::governance::model::{ColumnSelection, Grant, Resource};
use rusqlite::{Connection, Row, params};

use crate::error::StoreError;
use crate::json;

const SELECT: &str = "SELECT id, principal, resource_kind, account, database, table_name, filter_name, row_filter,
         column_mode, columns, tag_expression, permissions, grantable
     FROM grants";

/// Every grant, by id.
pub(crate) fn all(conn: &Connection, path: &Path) -> Result<Vec<Grant>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    // Reserved at its size, as the tables are: grown by doubling, 100k grants would hold up to
    // twice what they need, and the last doubling copies them with both copies alive at once.
    let count: i64 = conn.query_row("SELECT count(*) FROM grants", [], |row| row.get(0)).map_err(sql_error)?;
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY id")).map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut grants = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    while let Some(row) = rows.next().map_err(sql_error)? {
        grants.push(grant(row, path)?);
    }
    Ok(grants)
}

pub(crate) fn one(conn: &Connection, path: &Path, id: &str) -> Result<Option<Grant>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1")).map_err(sql_error)?;
    let mut rows = statement.query([id]).map_err(sql_error)?;
    rows.next().map_err(sql_error)?.map(|row| grant(row, path)).transpose()
}

/// A resource split into the columns of the `grants` table.
#[derive(Default)]
struct Parts<'a> {
    kind: &'static str,
    database: Option<&'a str>,
    table: Option<&'a str>,
    filter: Option<&'a str>,
    row_filter: Option<&'a str>,
    mode: Option<&'static str>,
    columns: Vec<String>,
    expression: Option<String>,
}

impl<'a> Parts<'a> {
    fn of(resource: &'a Resource) -> Self {
        let selection = |columns: &ColumnSelection| match columns {
            ColumnSelection::All => (Some("all"), Vec::new()),
            ColumnSelection::Only(names) => (Some("only"), names.clone()),
            ColumnSelection::AllExcept(names) => (Some("all_except"), names.clone()),
        };
        match resource {
            Resource::Database { database, .. } => {
                Parts { kind: "database", database: Some(database), ..Parts::default() }
            }
            Resource::Table { database, table, columns, .. } => {
                let (mode, columns) = selection(columns);
                Parts {
                    kind: "table",
                    database: Some(database),
                    table: table.as_deref(),
                    mode,
                    columns,
                    ..Parts::default()
                }
            }
            Resource::DataCellsFilter { database, table, name, row_filter, columns, .. } => {
                let (mode, columns) = selection(columns);
                Parts {
                    kind: "data_cells_filter",
                    database: Some(database),
                    table: Some(table),
                    filter: Some(name),
                    row_filter: row_filter.as_deref(),
                    mode,
                    columns,
                    expression: None,
                }
            }
            Resource::TagPolicy { expression, .. } => {
                Parts { kind: "tag_policy", expression: Some(json::tag_expression(expression)), ..Parts::default() }
            }
        }
    }
}

pub(crate) fn insert(conn: &Connection, grant: &Grant) -> rusqlite::Result<()> {
    let parts = Parts::of(&grant.resource);
    conn.prepare_cached(
        "INSERT INTO grants (id, principal, resource_kind, account, database, table_name, filter_name, row_filter,
             column_mode, columns, tag_expression, permissions, grantable)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        grant.id,
        grant.principal,
        parts.kind,
        grant.resource.account(),
        parts.database,
        parts.table,
        parts.filter,
        parts.row_filter,
        parts.mode,
        json::strings(&parts.columns),
        parts.expression,
        json::permissions(&grant.permissions),
        json::permissions(&grant.grantable),
    ])?;
    Ok(())
}

/// Deletes the grant; `false` when there was none with that id.
pub(crate) fn delete(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM grants WHERE id = ?1")?.execute([id])? > 0)
}

fn grant(row: &Row<'_>, path: &Path) -> Result<Grant, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let json_error = |e| StoreError::from_json(path, e);
    let id: String = row.get(0).map_err(sql_error)?;
    let kind: String = row.get(2).map_err(sql_error)?;
    let account: String = row.get(3).map_err(sql_error)?;
    let database: Option<String> = row.get(4).map_err(sql_error)?;
    let table: Option<String> = row.get(5).map_err(sql_error)?;
    let filter: Option<String> = row.get(6).map_err(sql_error)?;
    let row_filter: Option<String> = row.get(7).map_err(sql_error)?;
    let mode: Option<String> = row.get(8).map_err(sql_error)?;
    let columns: String = row.get(9).map_err(sql_error)?;
    let expression: Option<String> = row.get(10).map_err(sql_error)?;
    let unreadable = |what: &str| StoreError::corrupt(path, format!("grant {id:?} has {what}"));

    let selection = || -> Result<ColumnSelection, StoreError> {
        let names = || json::parse_strings("column list", &columns).map_err(json_error);
        match mode.as_deref() {
            Some("all") => Ok(ColumnSelection::All),
            Some("only") => Ok(ColumnSelection::Only(names()?)),
            Some("all_except") => Ok(ColumnSelection::AllExcept(names()?)),
            _ => Err(unreadable("no column selection")),
        }
    };
    let resource = match (kind.as_str(), database, table, filter) {
        ("database", Some(database), None, None) => Resource::Database { account, database },
        ("table", Some(database), table, None) => Resource::Table { account, database, table, columns: selection()? },
        ("data_cells_filter", Some(database), Some(table), Some(name)) => {
            Resource::DataCellsFilter { account, database, table, name, row_filter, columns: selection()? }
        }
        ("tag_policy", None, None, None) => {
            let text = expression.ok_or_else(|| unreadable("no LF-tag expression"))?;
            Resource::TagPolicy { account, expression: json::parse_tag_expression(&text).map_err(json_error)? }
        }
        _ => return Err(unreadable(&format!("a {kind:?} resource Lake Formation cannot hold"))),
    };
    let permissions: String = row.get(11).map_err(sql_error)?;
    let grantable: String = row.get(12).map_err(sql_error)?;
    Ok(Grant {
        principal: row.get(1).map_err(sql_error)?,
        resource,
        permissions: json::parse_permissions(&permissions).map_err(json_error)?,
        grantable: json::parse_permissions(&grantable).map_err(json_error)?,
        id,
    })
}
