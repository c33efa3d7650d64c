//! Who depends on a product's tables: every grantee that can read them, every resource link
//! pointing at them, and every table downstream of them in lineage (declared upstreams, links of
//! links) in another product. Used before unpublishing, to tell consumers of a broken contract,
//! and to show the impact of a policy change before it is made.

use crate::CatalogIndex;
use crate::governance::access::AccessIndex;
use crate::governance::model::{Grant, PolicyOp, Resource, TagTarget};
use crate::lineage::EdgeKind;
use crate::model::{TableName, params};
use std::collections::BTreeSet;

/// How a consumer depends on a table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// The grantee can read (some of) the table through these grants.
    Grant { grant_ids: Vec<String> },
    /// A resource link in the consumer's account points at the table.
    ResourceLink { link: TableName },
    /// A table built from the table, `hops` steps down its lineage.
    Downstream { table: TableName, hops: u32 },
}

/// One consumer of one table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Consumer {
    /// The consumed table.
    pub table: TableName,
    /// A grantee as the grants name it, or the consuming product as `ACCOUNT:database`.
    pub who: String,
    pub via: Via,
}

/// Every consumer of `tables`: grantees of a column (or of the `columns` given, when not empty),
/// and resource links and downstream tables outside the table's own database.
pub fn consumers(index: &CatalogIndex, grants: &[Grant], tables: &[TableName], columns: &[String]) -> Vec<Consumer> {
    let access = AccessIndex::build(index, grants, &[]);
    let mut out: BTreeSet<Consumer> = BTreeSet::new();
    for name in tables {
        let Some(table) = index.table(name) else { continue };
        let mut readers: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
        for column in table.columns.iter().chain(&table.partition_keys) {
            if !columns.is_empty() && !columns.iter().any(|c| *c == column.name) {
                continue;
            }
            for reader in access.who_can_read(name, &column.name) {
                readers
                    .entry(reader.principal.to_string())
                    .or_default()
                    .extend(reader.via.into_iter().map(|p| p.grant_id));
            }
        }
        for (who, grant_ids) in readers {
            out.insert(Consumer {
                table: name.clone(),
                who,
                via: Via::Grant { grant_ids: grant_ids.into_iter().collect() },
            });
        }
        for (downstream, kind, hops) in index.downstream(name) {
            if downstream.account == name.account && downstream.database == name.database {
                continue;
            }
            let who = format!("{}:{}", downstream.account, downstream.database);
            let via = match kind {
                EdgeKind::ResourceLink if hops == 1 => Via::ResourceLink { link: downstream },
                _ => Via::Downstream { table: downstream, hops },
            };
            out.insert(Consumer { table: name.clone(), who, via });
        }
    }
    out.into_iter().collect()
}

/// Every consumer of a product's own tables (resource links in it excluded).
pub fn of_product(index: &CatalogIndex, grants: &[Grant], account: &str, database: &str) -> Vec<Consumer> {
    let Some(db) = index.database(account, database) else { return Vec::new() };
    let tables: Vec<TableName> =
        index.tables_of(db).iter().filter(|t| t.target.is_none()).map(|t| t.qualified_name()).collect();
    consumers(index, grants, &tables, &[])
}

/// Who a policy operation affects, for the plan to list before it is applied: changing the
/// sensitivity of a column, table or database affects everyone who reads it and everything
/// built from it; revoking a grant affects its grantee and what the grantee's account built
/// from the tables it covered.
pub fn impact(op: &PolicyOp, index: &CatalogIndex, grants: &[Grant]) -> Vec<Consumer> {
    match op {
        PolicyOp::AssignTag { target, key, .. } | PolicyOp::RemoveTag { target, key }
            if key == params::SENSITIVITY_TAG =>
        {
            let (tables, columns) = match target {
                TagTarget::Database { account, database } => {
                    let tables = index.database(account, database).map(|db| {
                        index.tables_of(db).iter().filter(|t| t.target.is_none()).map(|t| t.qualified_name()).collect()
                    });
                    (tables.unwrap_or_default(), Vec::new())
                }
                TagTarget::Table { account, database, table } => {
                    (vec![TableName::new(account, database, table)], Vec::new())
                }
                TagTarget::Column { account, database, table, column } => {
                    (vec![TableName::new(account, database, table)], vec![column.clone()])
                }
            };
            consumers(index, grants, &tables, &columns)
        }
        PolicyOp::Revoke { grant_id } => {
            let Some(grant) = grants.iter().find(|g| &g.id == grant_id) else { return Vec::new() };
            let only = std::slice::from_ref(grant);
            let tables = tables_of(index, &grant.resource);
            let grantee_account = crate::governance::principal::Principal::parse(&grant.principal)
                .ok()
                .and_then(|p| p.account().map(str::to_owned));
            consumers(index, only, &tables, &[])
                .into_iter()
                .filter(|c| match &c.via {
                    Via::Grant { .. } => true,
                    Via::ResourceLink { link: t } | Via::Downstream { table: t, .. } => {
                        Some(&t.account) == grantee_account.as_ref()
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The tables a grant's resource covers (every table of the account for an LF-tag policy).
fn tables_of(index: &CatalogIndex, resource: &Resource) -> Vec<TableName> {
    let all = &index.catalog().tables;
    match resource {
        Resource::Database { .. } => Vec::new(),
        Resource::Table { account, database, table: Some(table), .. }
        | Resource::DataCellsFilter { account, database, table, .. } => vec![TableName::new(account, database, table)],
        Resource::Table { account, database, table: None, .. } => index
            .database(account, database)
            .map(|db| index.tables_of(db).iter().map(|t| t.qualified_name()).collect())
            .unwrap_or_default(),
        Resource::TagPolicy { account, .. } => {
            all.iter().filter(|t| &t.account == account).map(|t| t.qualified_name()).collect()
        }
    }
}

#[cfg(test)]
#[path = "consumers_tests.rs"]
mod tests;
