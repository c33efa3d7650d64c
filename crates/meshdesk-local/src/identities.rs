//! The personas and Identity Center group memberships as rows of `identities` and `memberships`.
//!
//! A persona's groups are not stored with it: they are the memberships of its principals, as
//! Identity Center answers them, so access evaluation and the persona can never disagree.

use std::path::Path;

use meshdesk_core::governance::model::Identity;
use rusqlite::{Connection, params};

use crate::error::StoreError;
use crate::json;
use crate::persona::Persona;

/// Every persona, by id, with its groups.
pub(crate) fn personas(conn: &Connection, path: &Path) -> Result<Vec<Persona>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let memberships = memberships(conn, path)?;
    let mut statement = conn
        .prepare_cached("SELECT id, name, role, email, account, principals, steward FROM identities ORDER BY id")
        .map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut personas = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        let principals: String = row.get(5).map_err(sql_error)?;
        let principals =
            json::parse_strings("principal list", &principals).map_err(|e| StoreError::from_json(path, e))?;
        let mut groups: Vec<String> = memberships
            .iter()
            .filter(|(member, _)| principals.contains(member))
            .map(|(_, group)| group.clone())
            .collect();
        groups.sort();
        groups.dedup();
        let identity = Identity {
            id: row.get(0).map_err(sql_error)?,
            name: row.get(1).map_err(sql_error)?,
            email: row.get(3).map_err(sql_error)?,
            account: row.get(4).map_err(sql_error)?,
            principals,
            groups,
            group_names: Vec::new(),
            steward: row.get(6).map_err(sql_error)?,
        };
        personas.push(Persona { identity, role: row.get(2).map_err(sql_error)? });
    }
    Ok(personas)
}

/// Every `(member, group)` pair: a principal ARN and the Identity Center group ARN it belongs to.
pub(crate) fn memberships(conn: &Connection, path: &Path) -> Result<Vec<(String, String)>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn
        .prepare_cached("SELECT member, group_arn FROM memberships ORDER BY member, group_arn")
        .map_err(sql_error)?;
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(sql_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql_error)
}

/// Inserts the personas, the memberships, and each persona's groups as memberships of
/// [`Persona::member`] (a pair given both ways is stored once).
pub(crate) fn insert(
    conn: &Connection,
    path: &Path,
    personas: &[Persona],
    memberships: &[(String, String)],
) -> Result<(), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut identity = conn
        .prepare(
            "INSERT INTO identities (id, name, role, email, account, principals, steward)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(sql_error)?;
    let mut membership =
        conn.prepare("INSERT OR IGNORE INTO memberships (member, group_arn) VALUES (?1, ?2)").map_err(sql_error)?;
    for persona in personas {
        let i = &persona.identity;
        identity
            .execute(params![i.id, i.name, persona.role, i.email, i.account, json::strings(&i.principals), i.steward])
            .map_err(sql_error)?;
        if i.groups.is_empty() {
            continue;
        }
        let member = persona.member().ok_or_else(|| StoreError::InvalidMesh {
            path: path.to_path_buf(),
            detail: format!("persona {:?} is in groups but has no principal to be their member", i.id),
        })?;
        for group in &i.groups {
            membership.execute([member, group.as_str()]).map_err(sql_error)?;
        }
    }
    for (member, group) in memberships {
        membership.execute([member, group]).map_err(sql_error)?;
    }
    Ok(())
}
