//! Fills an empty store with a mesh: catalog, personas, grants and requests, in the caller's
//! transaction.

use rusqlite::{Connection, params};

use crate::codec::{encode_columns, encode_parameters, encode_tags};
use crate::demo::DemoMesh;

/// Inserts every record of `mesh`. The caller owns the transaction, so a failure leaves nothing.
pub(crate) fn insert_mesh(conn: &Connection, mesh: &DemoMesh, seeded_at: Option<i64>) -> rusqlite::Result<()> {
    let catalog = &mesh.catalog;
    if let Some(seeded_at) = seeded_at {
        conn.execute("INSERT INTO meta (key, value) VALUES ('seeded_at', ?1)", params![seeded_at.to_string()])?;
    }

    let mut account = conn.prepare("INSERT INTO accounts (id, name, domain) VALUES (?1, ?2, ?3)")?;
    for a in &catalog.accounts {
        account.execute(params![a.id, a.name, a.domain])?;
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
        let target = t.target.as_ref();
        table.execute(params![
            t.account,
            t.database,
            t.name,
            t.description,
            t.table_type,
            t.location,
            t.input_format,
            t.serde_library,
            t.update_time,
            target.map(|n| n.account.as_str()),
            target.map(|n| n.database.as_str()),
            target.map(|n| n.table.as_str()),
            encode_parameters(&t.parameters),
            encode_tags(&t.tags),
            encode_columns(&t.columns),
            encode_columns(&t.partition_keys),
        ])?;
    }

    let mut persona =
        conn.prepare("INSERT INTO personas (id, name, role, account, email) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for p in &mesh.personas {
        persona.execute(params![p.id, p.name, p.role, p.account, p.email])?;
    }

    let mut grant = conn.prepare(
        "INSERT INTO grants (id, principal, resource_kind, account, database, table_name, columns,
             excluded_columns, row_filter, tag_expression, permissions, grantable)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for g in &mesh.grants {
        grant.execute(params![
            g.id,
            g.principal,
            g.resource_kind,
            g.account,
            g.database,
            g.table,
            json_list(&g.columns),
            json_list(&g.excluded_columns),
            g.row_filter,
            g.tag_expression,
            json_list(&g.permissions),
            json_list(&g.grantable),
        ])?;
    }

    let mut request = conn.prepare(
        "INSERT INTO requests (id, requester, principal, product_account, product_database, tables, columns,
             row_filter, permissions, duration_days, justification, status, version, created_at, decided_at,
             decided_by, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for r in &mesh.requests {
        request.execute(params![
            r.id,
            r.requester,
            r.principal,
            r.product_account,
            r.product_database,
            json_list(&r.tables),
            json_list(&r.columns),
            r.row_filter,
            json_list(&r.permissions),
            r.duration_days,
            r.justification,
            r.status,
            r.version,
            r.created_at,
            r.decided_at,
            r.decided_by,
            r.reason,
        ])?;
    }
    Ok(())
}

fn json_list(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}
