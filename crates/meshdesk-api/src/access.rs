//! Effective access use cases: my access with its explanation, who can read each column of a
//! table, and the access matrix stewards review.

use crate::convert;
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::governance::access::{AccessIndex, TableAccess as CoreTableAccess};
use meshdesk_core::governance::model::{Grant, RequestStatus, ShareRequest};
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::sensitivity;
use meshdesk_core::CatalogIndex;
use meshdesk_protocol::{
    AccessMatrix, AccessReport, ApiError, ColumnAccess, ColumnReaders, MatrixCell, MatrixRow, Reader, TableAccess, TableRef,
};
use std::collections::BTreeSet;

/// Grants, memberships and requests as read now: what every access answer is computed from.
pub(crate) struct AccessState {
    /// Sorted by id.
    pub grants: Vec<Grant>,
    pub memberships: Vec<(String, String)>,
    pub requests: Vec<ShareRequest>,
}

impl<B: Backend> Meshdesk<B> {
    pub(crate) fn access_state(&self) -> Result<AccessState, ApiError> {
        let mut grants = self.backend.grants().map_err(from_port)?;
        // Sorted by id, so each grant a path names is found by binary search (`grant_path`):
        // an answer over 100k grants explains thousands of columns.
        grants.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        Ok(AccessState {
            grants,
            memberships: self.backend.memberships().map_err(from_port)?,
            requests: self.backend.requests().map_err(from_port)?,
        })
    }

    /// Everything the current identity can read (through its principals, its account and its
    /// groups), each column with the grants that explain it.
    pub fn my_access(&self) -> Result<AccessReport, ApiError> {
        let identity = self.current_identity()?;
        let index = self.index();
        let state = self.access_state()?;
        let access = AccessIndex::build(&index, &state.grants, &state.memberships);
        let tables = access.identity_access(&identity);
        let mut principals = identity.principals.clone();
        principals.push(identity.account.clone());
        principals.extend(identity.groups.iter().cloned());
        Ok(AccessReport { principals, tables: tables.iter().map(|t| table_access(&index, t, &state)).collect() })
    }

    /// Everything one principal (an account, role, user or group) can read. Stewards may ask
    /// about anyone; others only about the principals they act as.
    pub fn principal_access(&self, principal: &str) -> Result<AccessReport, ApiError> {
        let actor = self.current_identity()?;
        let parsed = Principal::parse(principal).map_err(|e| ApiError::invalid_input(e.to_string()))?;
        let canonical = parsed.to_string();
        let own = actor.principals.iter().chain(&actor.groups).chain(std::iter::once(&actor.account)).any(|p| *p == canonical);
        if !(actor.steward || own) {
            return Err(ApiError::forbidden(format!(
                "{} may only look up their own access; a steward can look up {canonical}",
                actor.name
            )));
        }
        let index = self.index();
        let state = self.access_state()?;
        let access = AccessIndex::build(&index, &state.grants, &state.memberships);
        let tables = access.principal_access(&parsed);
        Ok(AccessReport { principals: vec![canonical], tables: tables.iter().map(|t| table_access(&index, t, &state)).collect() })
    }

    /// Who can read each column of a table, and through which grants.
    pub fn who_can_read(&self, table: &TableRef) -> Result<Vec<ColumnReaders>, ApiError> {
        let index = self.index();
        let name = convert::table_name(table);
        let t = index.table(&name).ok_or_else(|| ApiError::not_found(format!("no table {table} in the catalog")))?;
        let db = index
            .database(&name.account, &name.database)
            .map(|d| &index.catalog().databases[d])
            .ok_or_else(|| ApiError::not_found(format!("no database {}:{}", name.account, name.database)))?;
        let state = self.access_state()?;
        let access = AccessIndex::build(&index, &state.grants, &state.memberships);
        Ok(t.columns
            .iter()
            .chain(&t.partition_keys)
            .map(|c| ColumnReaders {
                table: table.clone(),
                column: c.name.to_string(),
                sensitivity: sensitivity::column_sensitivity(db, t, c).map(convert::effective),
                readers: access
                    .who_can_read(&name, &c.name)
                    .iter()
                    .map(|r| Reader {
                        grantee: r.principal.to_string(),
                        rows: convert::rows(&r.rows),
                        via: r.via.iter().map(|p| convert::grant_path(p, &state.grants)).collect(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Grantees × tables: how much of each table every grantee of the mesh can read.
    pub fn access_matrix(&self) -> Result<AccessMatrix, ApiError> {
        let index = self.index();
        let state = self.access_state()?;
        let access = AccessIndex::build(&index, &state.grants, &state.memberships);
        let grantees: Vec<String> =
            state.grants.iter().map(|g| g.principal.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let mut rows: Vec<MatrixRow> = Vec::new();
        for (g, grantee) in grantees.iter().enumerate() {
            let Ok(principal) = Principal::parse(grantee) else { continue };
            for t in access.principal_access(&principal) {
                let Some(table) = index.table(&t.table) else { continue };
                let row = match rows.iter().position(|r| convert::table_name(&r.table) == t.table) {
                    Some(i) => i,
                    None => {
                        rows.push(MatrixRow {
                            table: convert::table_ref(&t.table),
                            domain: index.domain_of_table(&t.table).unwrap_or_default().to_owned(),
                            column_total: (table.columns.len() + table.partition_keys.len()) as u32,
                            cells: Vec::new(),
                        });
                        rows.len() - 1
                    }
                };
                rows[row].cells.push(MatrixCell {
                    grantee: grantees[g].clone(),
                    readable_columns: t.columns.len() as u32,
                    filtered: t.columns.iter().any(|c| c.rows != meshdesk_core::governance::access::Rows::All),
                    highest: highest_readable(&index, &t).map(convert::sensitivity),
                });
            }
        }
        rows.retain(|r| !r.cells.is_empty());
        rows.sort_by(|a, b| a.table.cmp(&b.table));
        Ok(AccessMatrix { grantees, rows })
    }
}

fn highest_readable(index: &CatalogIndex, t: &CoreTableAccess) -> Option<sensitivity::Sensitivity> {
    let table = index.table(&t.table)?;
    let db = &index.catalog().databases[index.database(&t.table.account, &t.table.database)?];
    t.columns
        .iter()
        .filter_map(|c| table.columns.iter().chain(&table.partition_keys).find(|col| col.name == c.column))
        .filter_map(|c| sensitivity::column_sensitivity(db, table, c).map(|e| e.value))
        .max()
}

fn table_access(index: &CatalogIndex, t: &CoreTableAccess, state: &AccessState) -> TableAccess {
    let table = index.table(&t.table);
    let db = index.database(&t.table.account, &t.table.database).map(|d| &index.catalog().databases[d]);
    let sensitivity_of = |column: &str| {
        let (table, db) = (table?, db?);
        let c = table.columns.iter().chain(&table.partition_keys).find(|c| c.name == column)?;
        sensitivity::column_sensitivity(db, table, c).map(convert::effective)
    };
    let grant_ids: BTreeSet<&str> = t.columns.iter().flat_map(|c| c.via.iter().map(|p| p.grant_id.as_str())).collect();
    let giving: Vec<_> = state
        .requests
        .iter()
        .filter(|r| r.status == RequestStatus::Provisioned && r.grant_ids.iter().any(|g| grant_ids.contains(g.as_str())))
        .collect();
    let expires_at = giving.iter().filter_map(|r| r.expires_at).max();
    // The link a request made to this table in the reader's catalog, and whether it is made yet.
    let linked = giving.iter().find_map(|r| {
        let link = r.consumer.links.iter().find(|l| l.target_table == t.table.table)?;
        Some((crate::consumer::link_view(link).qualified(), r.consumer.pending.clone()))
    });
    let (reachable_as, consumer_pending) = match linked {
        Some((name, None)) => (Some(name), None),
        Some((_, pending)) => (None, pending),
        None => (None, None),
    };
    TableAccess {
        table: convert::table_ref(&t.table),
        domain: index.domain_of_table(&t.table).unwrap_or_default().to_owned(),
        columns: t
            .columns
            .iter()
            .map(|c| ColumnAccess {
                column: c.column.clone(),
                sensitivity: sensitivity_of(&c.column),
                rows: convert::rows(&c.rows),
                via: c.via.iter().map(|p| convert::grant_path(p, &state.grants)).collect(),
            })
            .collect(),
        column_total: table.map_or(0, |t| (t.columns.len() + t.partition_keys.len()) as u32),
        expires_at,
        reachable_as,
        consumer_pending,
    }
}

