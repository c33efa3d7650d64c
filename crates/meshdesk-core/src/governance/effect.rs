//! A plan's effect on access: who gains or loses which columns (or sees other rows), found by
//! comparing effective access before and after the plan on every column the plan can touch.

use super::access::{AccessIndex, Reader, Rows};
use std::borrow::Borrow;
use super::model::{Grant, PolicyOp, Resource, TagTarget};
use super::plan::apply_to;
use super::principal::Principal;
use crate::model::{Table, TableName};
use crate::CatalogIndex;
use std::collections::{BTreeMap, BTreeSet};

/// How one grantee's access to one column changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Gained { rows: Rows },
    Lost { rows: Rows },
    RowsChanged { before: Rows, after: Rows },
}

/// One grantee (as grants name it: an account, a role, a user or a group) and one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessChange {
    pub principal: Principal,
    pub table: TableName,
    pub column: String,
    pub change: Change,
}

/// Compares who can read each of `cells` (table, column) before and after. Sorted by table,
/// column, then grantee.
pub fn access_diff<C1, G1, C2, G2>(
    before: &AccessIndex<C1, G1>,
    after: &AccessIndex<C2, G2>,
    cells: &[(TableName, String)],
) -> Vec<AccessChange>
where
    C1: Borrow<CatalogIndex>,
    G1: AsRef<[Grant]>,
    C2: Borrow<CatalogIndex>,
    G2: AsRef<[Grant]>,
{
    let mut changes = Vec::new();
    for (table, column) in cells {
        let readers = |readers: Vec<Reader>| -> BTreeMap<Principal, Rows> {
            readers.into_iter().map(|r| (r.principal, r.rows)).collect()
        };
        let (was, is) = (readers(before.who_can_read(table, column)), readers(after.who_can_read(table, column)));
        let grantees: BTreeSet<&Principal> = was.keys().chain(is.keys()).collect();
        for principal in grantees {
            let change = match (was.get(principal), is.get(principal)) {
                (None, Some(rows)) => Change::Gained { rows: rows.clone() },
                (Some(rows), None) => Change::Lost { rows: rows.clone() },
                (Some(b), Some(a)) if b != a => Change::RowsChanged { before: b.clone(), after: a.clone() },
                _ => continue,
            };
            changes.push(AccessChange { principal: principal.clone(), table: table.clone(), column: column.clone(), change });
        }
    }
    changes.sort_by(|a, b| (&a.table, &a.column, &a.principal).cmp(&(&b.table, &b.column, &b.principal)));
    changes
}

/// The plan's effect: applies it to a copy of the catalog and grants and compares access on
/// every column it can touch.
pub fn plan_effect(ops: &[PolicyOp], catalog: &CatalogIndex, grants: &[Grant]) -> Vec<AccessChange> {
    let (after_catalog, after_grants) = apply_to(ops, catalog.catalog(), grants);
    let after_index = CatalogIndex::build(after_catalog);
    let cells = touched_cells(ops, catalog, grants);
    let before = AccessIndex::build(catalog, grants, &[]);
    let after = AccessIndex::build(&after_index, &after_grants, &[]);
    access_diff(&before, &after, &cells)
}

/// Every column whose readers the plan can change: the columns under a tag it sets or removes,
/// and the columns a granted or revoked grant is on.
pub fn touched_cells(ops: &[PolicyOp], catalog: &CatalogIndex, grants: &[Grant]) -> Vec<(TableName, String)> {
    let all = &catalog.catalog().tables;
    let mut tables: BTreeSet<usize> = BTreeSet::new();
    let mut cells: BTreeSet<(TableName, String)> = BTreeSet::new();
    let of_database = |account: &str, database: &str| -> Vec<usize> {
        catalog.database(account, database).map(|db| catalog.table_range(db).collect()).unwrap_or_default()
    };
    let one = |account: &str, database: &str, table: &str| catalog.table_index(&TableName::new(account, database, table));
    for op in ops {
        let resource = match op {
            PolicyOp::AssignTag { target, .. } | PolicyOp::RemoveTag { target, .. } => {
                match target {
                    TagTarget::Database { account, database } => tables.extend(of_database(account, database)),
                    TagTarget::Table { account, database, table } => tables.extend(one(account, database, table)),
                    TagTarget::Column { account, database, table, column } => {
                        cells.insert((TableName::new(account.clone(), database.clone(), table.clone()), column.clone()));
                    }
                }
                continue;
            }
            PolicyOp::Grant(grant) => &grant.resource,
            PolicyOp::Revoke { grant_id } => match grants.iter().find(|g| &g.id == grant_id) {
                Some(grant) => &grant.resource,
                None => continue,
            },
        };
        match resource {
            Resource::Database { .. } => {}
            Resource::Table { account, database, table: None, .. } => tables.extend(of_database(account, database)),
            Resource::Table { account, database, table: Some(table), .. }
            | Resource::DataCellsFilter { account, database, table, .. } => tables.extend(one(account, database, table)),
            Resource::TagPolicy { account, .. } => {
                tables.extend(all.iter().enumerate().filter(|(_, t)| &t.account == account).map(|(i, _)| i));
            }
        }
    }
    for table in tables.into_iter().map(|i| &all[i]) {
        cells.extend(columns_of(table).map(|c| (table.qualified_name(), c)));
    }
    cells.into_iter().collect()
}

fn columns_of(table: &Table) -> impl Iterator<Item = String> + '_ {
    table.columns.iter().chain(&table.partition_keys).map(|c| c.name.to_string())
}
