//! Fills an empty store with a mesh: catalog and tag keys, personas, grants, requests, the audit
//! log and table versions, in the caller's transaction; and rewrites one database or table.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, params};

use crate::codec::{encode_columns, encode_parameters, encode_tags};
use crate::demo::DemoMesh;
use crate::error::StoreError;
use crate::{audit, grants, identities, json, requests, versions};
use meshdesk_core::model::{Database, Table};

/// Inserts every record of `mesh`. The caller owns the transaction, so a failure leaves nothing.
pub(crate) fn insert_mesh(
    conn: &Connection,
    path: &Path,
    mesh: &DemoMesh,
    seeded_at: Option<i64>,
) -> Result<(), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    insert_catalog(conn, mesh, seeded_at).map_err(sql_error)?;
    identities::insert(conn, path, &mesh.personas, &mesh.memberships)?;
    for grant in &mesh.grants {
        grants::insert(conn, grant).map_err(sql_error)?;
    }
    for request in &mesh.requests {
        requests::insert(conn, request).map_err(sql_error)?;
    }
    for event in &mesh.audit {
        audit::insert(conn, event).map_err(sql_error)?;
    }
    for version in &mesh.table_versions {
        versions::insert(conn, &version.table, version.version, version.recorded_at).map_err(sql_error)?;
    }
    Ok(())
}

/// Rewrites a stored database's description, parameters and tags (its key and link target stay).
pub(crate) fn update_database(conn: &Connection, d: &Database) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE databases SET description = ?3, parameters = ?4, tags = ?5 WHERE account = ?1 AND name = ?2")?
        .execute(params![d.account, d.name, d.description, encode_parameters(&d.parameters), encode_tags(&d.tags)])
}

/// Rewrites a stored table's definition (its key and link target stay).
pub(crate) fn update_table(conn: &Connection, t: &Table) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE tables SET description = ?4, table_type = ?5, location = ?6, input_format = ?7, serde_library = ?8,
             update_time = ?9, parameters = ?10, tags = ?11, columns = ?12, partition_keys = ?13
         WHERE account = ?1 AND database = ?2 AND name = ?3",
    )?
    .execute(params![
        t.account.as_str(),
        t.database.as_str(),
        t.name,
        t.description,
        t.table_type.as_deref(),
        t.location,
        t.input_format.as_deref(),
        t.serde_library.as_deref(),
        t.update_time,
        encode_parameters(&t.parameters),
        encode_tags(&t.tags),
        encode_columns(&t.columns),
        encode_columns(&t.partition_keys),
    ])
}

fn insert_catalog(conn: &Connection, mesh: &DemoMesh, seeded_at: Option<i64>) -> rusqlite::Result<()> {
    let catalog = &mesh.catalog;
    if let Some(seeded_at) = seeded_at {
        conn.execute("INSERT INTO meta (key, value) VALUES ('seeded_at', ?1)", params![seeded_at.to_string()])?;
    }
    if !mesh.lake_formation_bypass.is_empty() {
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('lake_formation_bypass', ?1)",
            params![json::strings(&mesh.lake_formation_bypass)],
        )?;
    }

    let mut account = conn.prepare("INSERT INTO accounts (id, name, domain) VALUES (?1, ?2, ?3)")?;
    for a in &catalog.accounts {
        account.execute(params![a.id, a.name, a.domain])?;
    }

    let mut tag_key = conn.prepare("INSERT INTO tag_keys (account, key, allowed_values) VALUES (?1, ?2, ?3)")?;
    for k in &catalog.tag_keys {
        tag_key.execute(params![k.account, k.key, json::strings(&k.values)])?;
    }

    let mut database = conn.prepare(
        "INSERT INTO databases (account, name, description, target_account, target_database, parameters, tags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for d in &catalog.databases {
        let (target_account, target_database) = match &d.target {
            Some((account, database)) => (Some(account.as_str()), Some(database.as_str())),
            None => (None, None),
        };
        database.execute(params![
            d.account,
            d.name,
            d.description,
            target_account,
            target_database,
            encode_parameters(&d.parameters),
            encode_tags(&d.tags),
        ])?;
    }

    let mut table = conn.prepare(
        "INSERT INTO tables (account, database, name, description, table_type, location, input_format,
             serde_library, update_time, target_account, target_database, target_table, parameters, tags,
             columns, partition_keys)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for t in &catalog.tables {
        table.execute(rusqlite::params_from_iter(table_row(t)))?;
    }

    Ok(())
}

/// A table as its row of `tables` (and the first columns of `table_versions`), in the order of
/// `read::TABLE_COLUMNS`.
pub(crate) fn table_row(t: &Table) -> Vec<Value> {
    let text = |v: Option<&str>| v.map_or(Value::Null, |v| Value::Text(v.to_owned()));
    let target = t.target.as_ref();
    vec![
        Value::Text(t.account.to_string()),
        Value::Text(t.database.to_string()),
        Value::Text(t.name.clone()),
        Value::Text(t.description.clone()),
        text(t.table_type.as_deref()),
        text(t.location.as_deref()),
        text(t.input_format.as_deref()),
        text(t.serde_library.as_deref()),
        t.update_time.map_or(Value::Null, Value::Integer),
        text(target.map(|n| n.account.as_str())),
        text(target.map(|n| n.database.as_str())),
        text(target.map(|n| n.table.as_str())),
        Value::Blob(encode_parameters(&t.parameters)),
        Value::Blob(encode_tags(&t.tags)),
        Value::Blob(encode_columns(&t.columns)),
        Value::Blob(encode_columns(&t.partition_keys)),
    ]
}
