//! Policy operations on the stored mesh, as Lake Formation performs them: an LF-tag assignment
//! rewrites the tagged resource's row, a grant is made or revoked by id. Each is idempotent and
//! checked the way Lake Formation checks it (the resource exists, the tag value is allowed).

use std::path::Path;

use meshdesk_core::governance::model::{ColumnSelection, Grant, PolicyOp, Resource, TagTarget};
use meshdesk_core::governance::plan::NO_GRANT_OPTION;
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::model::{Column, TableName, Tags};
use meshdesk_core::ports::PortError;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{decode_columns, decode_tags, encode_columns, encode_tags, Interner};
use crate::error::StoreError;
use crate::{grants, json};

/// Applies one operation in the caller's transaction.
pub(crate) fn apply(conn: &Connection, path: &Path, op: &PolicyOp) -> Result<(), PortError> {
    match op {
        PolicyOp::AssignTag { target, key, value } => {
            check_tag(conn, path, account_of(target), key, std::slice::from_ref(value))?;
            retag(conn, path, target, |tags| tags.assign(key, value))
        }
        PolicyOp::RemoveTag { target, key } => retag(conn, path, target, |tags| tags.remove(key)),
        PolicyOp::Grant(grant) => make_grant(conn, path, grant),
        PolicyOp::Revoke { grant_id } => {
            grants::delete(conn, grant_id).map_err(|e| StoreError::from_sqlite(path, e))?;
            Ok(())
        }
    }
}

fn account_of(target: &TagTarget) -> &str {
    match target {
        TagTarget::Database { account, .. } | TagTarget::Table { account, .. } | TagTarget::Column { account, .. } => {
            account
        }
    }
}

/// Refuses a key the account does not define, or a value it does not allow.
fn check_tag(conn: &Connection, path: &Path, account: &str, key: &str, values: &[String]) -> Result<(), PortError> {
    let allowed: Option<String> = conn
        .prepare_cached("SELECT allowed_values FROM tag_keys WHERE account = ?1 AND key = ?2")
        .and_then(|mut s| s.query_row([account, key], |row| row.get(0)).optional())
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    let Some(allowed) = allowed else {
        return Err(PortError::Invalid(format!(
            "the LF-tag {key:?} is not defined in account {account}; define it with its values first"
        )));
    };
    let allowed = json::parse_strings("LF-tag value list", &allowed).map_err(|e| StoreError::from_json(path, e))?;
    match values.iter().find(|v| !allowed.contains(v)) {
        Some(value) => Err(PortError::Invalid(format!(
            "{value:?} is not a value of the LF-tag {key:?} in account {account} (allowed: {})",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

/// Rewrites the tags of the target's row with `change`, writing only when it changed something.
fn retag(
    conn: &Connection,
    path: &Path,
    target: &TagTarget,
    change: impl FnOnce(&mut Tags) -> bool,
) -> Result<(), PortError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let decode_error = |e| StoreError::from_decode(path, e);
    let blob = |sql: &str, key: &[&str]| -> Result<Option<Vec<u8>>, StoreError> {
        conn.prepare_cached(sql)
            .and_then(|mut s| s.query_row(rusqlite::params_from_iter(key), |row| row.get(0)).optional())
            .map_err(sql_error)
    };
    match target {
        TagTarget::Database { account, database } => {
            let key = [account.as_str(), database];
            let stored = blob("SELECT tags FROM databases WHERE account = ?1 AND name = ?2", &key)?
                .ok_or_else(|| missing(format!("the database {account}:{database}")))?;
            let mut tags = decode_tags(&stored, &mut Interner::default()).map_err(decode_error)?;
            if change(&mut tags) {
                conn.prepare_cached("UPDATE databases SET tags = ?3 WHERE account = ?1 AND name = ?2")
                    .and_then(|mut s| s.execute(params![account, database, encode_tags(&tags)]))
                    .map_err(sql_error)?;
            }
        }
        TagTarget::Table { account, database, table } => {
            let key = [account.as_str(), database, table];
            let stored = blob("SELECT tags FROM tables WHERE account = ?1 AND database = ?2 AND name = ?3", &key)?
                .ok_or_else(|| missing(format!("the table {}", TableName::new(account, database, table))))?;
            let mut tags = decode_tags(&stored, &mut Interner::default()).map_err(decode_error)?;
            if change(&mut tags) {
                conn.prepare_cached("UPDATE tables SET tags = ?4 WHERE account = ?1 AND database = ?2 AND name = ?3")
                    .and_then(|mut s| s.execute(params![account, database, table, encode_tags(&tags)]))
                    .map_err(sql_error)?;
            }
        }
        TagTarget::Column { account, database, table, column } => {
            let name = TableName::new(account, database, table);
            let (mut columns, mut partition_keys) = table_columns(conn, path, &name)?;
            let (field, list) = if columns.iter().any(|c| c.name == *column) {
                ("columns", &mut columns)
            } else {
                ("partition_keys", &mut partition_keys)
            };
            let found = list
                .iter_mut()
                .find(|c| c.name == *column)
                .ok_or_else(|| missing(format!("the column {column} of {name}")))?;
            if change(&mut found.tags) {
                let sql = format!("UPDATE tables SET {field} = ?4 WHERE account = ?1 AND database = ?2 AND name = ?3");
                conn.prepare_cached(&sql)
                    .and_then(|mut s| s.execute(params![account, database, table, encode_columns(list)]))
                    .map_err(sql_error)?;
            }
        }
    }
    Ok(())
}

fn missing(what: String) -> PortError {
    PortError::NotFound(format!("{what} does not exist; refresh the catalog and plan again"))
}

/// A table's columns and partition keys; [`PortError::NotFound`] when there is no such table.
fn table_columns(conn: &Connection, path: &Path, name: &TableName) -> Result<(Vec<Column>, Vec<Column>), PortError> {
    let blobs: Option<(Vec<u8>, Vec<u8>)> = conn
        .prepare_cached("SELECT columns, partition_keys FROM tables WHERE account = ?1 AND database = ?2 AND name = ?3")
        .and_then(|mut s| {
            s.query_row([&name.account, &name.database, &name.table], |row| Ok((row.get(0)?, row.get(1)?))).optional()
        })
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    let (columns, partition_keys) = blobs.ok_or_else(|| missing(format!("the table {name}")))?;
    let decode_error = |e| StoreError::from_decode(path, e);
    let interner = &mut Interner::default();
    Ok((decode_columns(&columns, interner).map_err(decode_error)?, decode_columns(&partition_keys, interner).map_err(decode_error)?))
}

/// Makes the grant unless it exists: the same content under the same id is done already,
/// different content under it is a conflict for the caller to resolve.
fn make_grant(conn: &Connection, path: &Path, grant: &Grant) -> Result<(), PortError> {
    match grants::one(conn, path, &grant.id)? {
        Some(stored) if stored == *grant => return Ok(()),
        Some(_) => {
            return Err(PortError::Conflict(format!(
                "the grant {} already exists with different content; reload the grants and review it before granting again",
                grant.id
            )));
        }
        None => {}
    }
    if grant.permissions.is_empty() {
        return Err(PortError::Invalid(format!("the grant {} gives no permission", grant.id)));
    }
    check_grant_option(grant)?;
    check_resource(conn, path, grant)?;
    grants::insert(conn, grant).map_err(|e| StoreError::from_sqlite(path, e))?;
    Ok(())
}

/// Refuses grant option to a principal outside the resource's account (charter rule 2), and
/// grant option on a permission the grant does not give, as the AWS backend does.
fn check_grant_option(grant: &Grant) -> Result<(), PortError> {
    if grant.grantable.is_empty() {
        return Ok(());
    }
    let grantee = Principal::parse(&grant.principal).ok().and_then(|p| p.account().map(str::to_owned));
    if grantee.as_deref() != Some(grant.resource.account()) {
        return Err(PortError::Invalid(format!(
            "the grant {} to {} is refused: {NO_GRANT_OPTION}",
            grant.id, grant.principal
        )));
    }
    if !grant.grantable.is_subset(&grant.permissions) {
        return Err(PortError::Invalid(format!(
            "the grant {} makes grantable a permission it does not give",
            grant.id
        )));
    }
    Ok(())
}

/// Whether `sql` with `args` finds a row.
fn exists(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached(sql)?.query_row(args, |_| Ok(())).optional()?.is_some())
}

/// Refuses a grant on a resource that does not exist, as Lake Formation does.
fn check_resource(conn: &Connection, path: &Path, grant: &Grant) -> Result<(), PortError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let account = grant.resource.account();
    if !exists(conn, "SELECT 1 FROM accounts WHERE id = ?1", [account]).map_err(sql_error)? {
        return Err(missing(format!("the account {account}")));
    }
    let database_exists = |database: &str| {
        exists(conn, "SELECT 1 FROM databases WHERE account = ?1 AND name = ?2", [account, database]).map_err(sql_error)
    };
    let (database, table, columns) = match &grant.resource {
        Resource::Database { database, .. } => (database, None, &ColumnSelection::All),
        Resource::Table { database, table, columns, .. } => (database, table.as_ref(), columns),
        Resource::DataCellsFilter { database, table, columns, .. } => (database, Some(table), columns),
        Resource::TagPolicy { expression, .. } => {
            if expression.clauses.is_empty() {
                return Err(PortError::Invalid(format!("the grant {} has an empty LF-tag expression", grant.id)));
            }
            for clause in &expression.clauses {
                check_tag(conn, path, account, &clause.key, &clause.values)?;
            }
            return Ok(());
        }
    };
    let Some(table) = table else {
        if !database_exists(database)? {
            return Err(missing(format!("the database {account}:{database}")));
        }
        if *columns != ColumnSelection::All {
            return Err(PortError::Invalid(format!(
                "the grant {} selects columns of every table; Lake Formation selects columns of one table only",
                grant.id
            )));
        }
        return Ok(());
    };
    let (table_columns, partition_keys) = table_columns(conn, path, &TableName::new(account, database, table))?;
    let names = match columns {
        ColumnSelection::All => return Ok(()),
        ColumnSelection::Only(names) | ColumnSelection::AllExcept(names) => names,
    };
    let known = |name: &String| table_columns.iter().chain(&partition_keys).any(|c| c.name == *name);
    match names.iter().find(|name| !known(name)) {
        Some(name) => Err(missing(format!("the column {name} of {}", TableName::new(account, database, table)))),
        None => Ok(()),
    }
}
