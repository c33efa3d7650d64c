//! Effective access use cases: my access with its explanation, who can read each column of a
//! table, and the access matrix stewards review.

use crate::convert;
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use crate::access_cache::Access;
use meshdesk_core::governance::access::{Reach, TableAccess as CoreTableAccess};
use meshdesk_core::governance::model::{Grant, Identity, RequestStatus, ShareRequest};
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::sensitivity;
use meshdesk_core::CatalogIndex;
use meshdesk_protocol::{
    AccessMatrix, AccessPage, AccessReport, ApiError, ColumnAccess, ColumnReaders, MatrixCell, MatrixRow, Reader, TableAccess, TableRef,
};
use std::collections::{BTreeSet, HashMap};

/// Grants and requests as read now: what findings are computed from.
pub(crate) struct AccessState {
    /// Sorted by id.
    pub grants: Vec<Grant>,
    pub requests: Vec<ShareRequest>,
}

/// The most tables one page of [`Meshdesk::principal_access_page`] or
/// [`Meshdesk::my_access_page`] holds.
pub const ACCESS_PAGE_MAX: u32 = 500;

impl<B: Backend> Meshdesk<B> {
    pub(crate) fn access_state(&self) -> Result<AccessState, ApiError> {
        let mut grants = self.backend.grants().map_err(from_port)?;
        grants.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        Ok(AccessState { grants, requests: self.backend.requests().map_err(from_port)? })
    }

    /// Everything the current identity can read (through its principals, its account and its
    /// groups), each column with the grants that explain it.
    pub fn my_access(&self) -> Result<AccessReport, ApiError> {
        let identity = self.current_identity()?;
        let access = self.access()?;
        let tables = access.identity_access(&identity);
        let requests = self.backend.requests().map_err(from_port)?;
        let giving = Giving::of(&requests);
        Ok(AccessReport { principals: evaluated(&identity), tables: tables.iter().map(|t| table_access(&access, t, &giving)).collect() })
    }

    /// One page of [`Meshdesk::my_access`]: up to `limit` tables (at most [`ACCESS_PAGE_MAX`])
    /// in name order after `after`, and how many the identity can read in all. `after` need
    /// not be a table the catalog holds (one dropped since the last page): the page starts at
    /// the first table after it in name order. Which tables the identity reads is kept
    /// between pages as a principal's is ([`Meshdesk::principal_access_page`]).
    pub fn my_access_page(&self, after: Option<&TableRef>, limit: u32) -> Result<AccessPage, ApiError> {
        check_limit(limit)?;
        let identity = self.current_identity()?;
        let access = self.access()?;
        let reach = access.identity_reach(&identity);
        self.access_page(&access, &reach, evaluated(&identity), after, limit)
    }

    /// Everything one principal (an account, role, user or group) can read. Stewards may ask
    /// about anyone; others only about the principals they act as.
    pub fn principal_access(&self, principal: &str) -> Result<AccessReport, ApiError> {
        let (parsed, canonical) = self.principal_asked(principal)?;
        let access = self.access()?;
        let tables = access.principal_access(&parsed);
        let requests = self.backend.requests().map_err(from_port)?;
        let giving = Giving::of(&requests);
        Ok(AccessReport { principals: vec![canonical], tables: tables.iter().map(|t| table_access(&access, t, &giving)).collect() })
    }

    /// One page of what a principal can read: up to `limit` tables (at most
    /// [`ACCESS_PAGE_MAX`]) in name order after `after`, and how many it can read in all. Who
    /// may ask is as for [`Meshdesk::principal_access`]. Which tables it reads is worked out
    /// once per state of the access index and kept for the next pages; a page then costs the
    /// explanation of its own tables' columns, not of every table's.
    pub fn principal_access_page(&self, principal: &str, after: Option<&TableRef>, limit: u32) -> Result<AccessPage, ApiError> {
        check_limit(limit)?;
        let (parsed, canonical) = self.principal_asked(principal)?;
        let access = self.access()?;
        let reach = access.reach_of(&parsed);
        self.access_page(&access, &reach, vec![canonical], after, limit)
    }

    /// The page of `reach`'s tables after `after`: only its own tables' columns are explained.
    fn access_page(&self, access: &Access, reach: &Reach, principals: Vec<String>, after: Option<&TableRef>, limit: u32) -> Result<AccessPage, ApiError> {
        let after = after.map(convert::table_name);
        let mut page: Vec<CoreTableAccess> = access.readable(reach, after.as_ref()).take(limit as usize + 1).collect();
        let more = page.len() > limit as usize;
        page.truncate(limit as usize);
        let requests = self.backend.requests().map_err(from_port)?;
        let giving = Giving::of(&requests);
        Ok(AccessPage {
            principals,
            next: if more { page.last().map(|t| convert::table_ref(&t.table)) } else { None },
            readable_tables: access.readable_count(reach) as u32,
            tables: page.iter().map(|t| table_access(access, t, &giving)).collect(),
        })
    }

    /// What one principal can read of one table: [`Meshdesk::principal_access`] kept to that
    /// table (no tables when it reads none of its columns), without working out the rest.
    pub fn principal_table_access(&self, principal: &str, table: &TableRef) -> Result<AccessReport, ApiError> {
        let (parsed, canonical) = self.principal_asked(principal)?;
        let access = self.access()?;
        let found = access.table_access(&parsed, &convert::table_name(table));
        self.one_table(&access, found, vec![canonical], table)
    }

    /// What the current identity can read of one table: [`Meshdesk::my_access`] kept to that
    /// table (no tables when it reads none of its columns), without working out the rest.
    pub fn my_table_access(&self, table: &TableRef) -> Result<AccessReport, ApiError> {
        let identity = self.current_identity()?;
        let access = self.access()?;
        let found = access.identity_table_access(&identity, &convert::table_name(table));
        self.one_table(&access, found, evaluated(&identity), table)
    }

    /// One table's access as a report: refused when the catalog has no such table, empty when
    /// none of its columns is readable.
    fn one_table(&self, access: &Access, found: Option<CoreTableAccess>, principals: Vec<String>, table: &TableRef) -> Result<AccessReport, ApiError> {
        let found = found.ok_or_else(|| ApiError::not_found(format!("no table {table} in the catalog")))?;
        if found.columns.is_empty() {
            return Ok(AccessReport { principals, tables: Vec::new() });
        }
        let requests = self.backend.requests().map_err(from_port)?;
        Ok(AccessReport { principals, tables: vec![table_access(access, &found, &Giving::of(&requests))] })
    }

    /// The principal asked about, read and allowed: stewards may ask about anyone, others only
    /// about the principals, account and groups they act as.
    fn principal_asked(&self, principal: &str) -> Result<(Principal, String), ApiError> {
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
        Ok((parsed, canonical))
    }

    /// Who can read each column of a table, and through which grants.
    pub fn who_can_read(&self, table: &TableRef) -> Result<Vec<ColumnReaders>, ApiError> {
        let access = self.access()?;
        let index = access.catalog();
        let name = convert::table_name(table);
        let t = index.table(&name).ok_or_else(|| ApiError::not_found(format!("no table {table} in the catalog")))?;
        let db = index
            .database(&name.account, &name.database)
            .map(|d| &index.catalog().databases[d])
            .ok_or_else(|| ApiError::not_found(format!("no database {}:{}", name.account, name.database)))?;
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
                        via: r.via.iter().map(|p| convert::grant_path(p, access.grants())).collect(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Grantees × tables: how much of each table every grantee of the mesh can read.
    pub fn access_matrix(&self) -> Result<AccessMatrix, ApiError> {
        let access = self.access()?;
        let index = access.catalog();
        let grantees: Vec<String> =
            access.grants().iter().map(|g| g.principal.clone()).collect::<BTreeSet<_>>().into_iter().collect();
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
                    highest: highest_readable(index, &t).map(convert::sensitivity),
                });
            }
        }
        rows.retain(|r| !r.cells.is_empty());
        rows.sort_by(|a, b| a.table.cmp(&b.table));
        Ok(AccessMatrix { grantees, rows })
    }
}

/// A page's size, refused with the bounds when out of them.
fn check_limit(limit: u32) -> Result<(), ApiError> {
    if limit == 0 || limit > ACCESS_PAGE_MAX {
        return Err(ApiError::invalid_input(format!("a page holds 1 to {ACCESS_PAGE_MAX} tables, not {limit}")));
    }
    Ok(())
}

/// The principals an identity's access is evaluated for: its own, its account, its groups.
fn evaluated(identity: &Identity) -> Vec<String> {
    let mut principals = identity.principals.clone();
    principals.push(identity.account.clone());
    principals.extend(identity.groups.iter().cloned());
    principals
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

/// The provisioned requests by the grants they made, so a table's requests are found from the
/// grants that explain its columns (in the order the requests were read).
struct Giving<'r> {
    requests: &'r [ShareRequest],
    by_grant: HashMap<&'r str, Vec<usize>>,
}

impl<'r> Giving<'r> {
    fn of(requests: &'r [ShareRequest]) -> Self {
        let mut by_grant: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, request) in requests.iter().enumerate().filter(|(_, r)| r.status == RequestStatus::Provisioned) {
            for grant in &request.grant_ids {
                by_grant.entry(grant.as_str()).or_default().push(at);
            }
        }
        Giving { requests, by_grant }
    }

    /// The requests that made any of `grant_ids`, each once, in the order read.
    fn of_grants<'g>(&self, grant_ids: impl Iterator<Item = &'g str>) -> Vec<&'r ShareRequest> {
        let positions: BTreeSet<usize> = grant_ids.filter_map(|g| self.by_grant.get(g)).flatten().copied().collect();
        positions.into_iter().map(|at| &self.requests[at]).collect()
    }
}

fn table_access(access: &Access, t: &CoreTableAccess, giving: &Giving<'_>) -> TableAccess {
    let index = access.catalog();
    let table = index.table(&t.table);
    let db = index.database(&t.table.account, &t.table.database).map(|d| &index.catalog().databases[d]);
    let sensitivity_of = |column: &str| {
        let (table, db) = (table?, db?);
        let c = table.columns.iter().chain(&table.partition_keys).find(|c| c.name == column)?;
        sensitivity::column_sensitivity(db, table, c).map(convert::effective)
    };
    let giving = giving.of_grants(t.columns.iter().flat_map(|c| c.via.iter().map(|p| p.grant_id.as_str())));
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
                via: c.via.iter().map(|p| convert::grant_path(p, access.grants())).collect(),
            })
            .collect(),
        column_total: table.map_or(0, |t| (t.columns.len() + t.partition_keys.len()) as u32),
        expires_at,
        reachable_as,
        consumer_pending,
    }
}

