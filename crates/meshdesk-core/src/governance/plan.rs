//! Policy plans: a list of [`PolicyOp`]s an owner (or a finding's repair) proposes, checked
//! against the catalog and the grants before anything is applied, and the state it leads to.
//! Its effect on who can read what is in [`super::effect`].

use crate::problem::Problem;
use super::expr;
use super::model::{ColumnSelection, Grant, PolicyOp, Resource, TagTarget};
use super::principal::Principal;
use super::row_filter;
use crate::model::{Catalog, LfTag, Table, TableName, TagKey, Tags};
use crate::CatalogIndex;
use std::collections::HashMap;

/// What is wrong with one operation of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpProblem {
    /// The operation's position in the plan, from 0.
    pub op: usize,
    pub message: String,
}

/// The charter's rule 2, as a refusal reads.
pub const NO_GRANT_OPTION: &str = "cross-account grants never carry grant option (charter rule 2)";

/// Every problem of the plan, in plan order; empty when it can be applied. Operations are judged
/// in sequence, so a plan may revoke a grant and grant it again under the same id.
pub fn validate_ops(ops: &[PolicyOp], catalog: &CatalogIndex, existing: &[Grant]) -> Vec<OpProblem> {
    let mut grants: HashMap<&str, &Grant> = existing.iter().map(|g| (g.id.as_str(), g)).collect();
    let mut problems = Vec::new();
    for (op, operation) in ops.iter().enumerate() {
        let outcome = match operation {
            PolicyOp::AssignTag { target, key, value } => check_tag(catalog, target, key, Some(value)),
            PolicyOp::RemoveTag { target, key } => check_tag(catalog, target, key, None),
            PolicyOp::Grant(grant) => match grants.get(grant.id.as_str()) {
                Some(&present) if present != grant => {
                    Err(Problem::from(format!("grant {} already exists with other content; revoke it first", grant.id)))
                }
                _ => check_grant(catalog, grant).map(|()| {
                    grants.insert(&grant.id, grant);
                }),
            },
            PolicyOp::Revoke { grant_id } => match grants.remove(grant_id.as_str()) {
                Some(_) => Ok(()),
                None => Err(Problem::from(format!("there is no grant {grant_id} to revoke"))),
            },
        };
        if let Err(Problem(message)) = outcome {
            problems.push(OpProblem { op, message });
        }
    }
    problems
}

/// The account whose Lake Formation holds the target's tags.
pub fn target_account(target: &TagTarget) -> &str {
    match target {
        TagTarget::Database { account, .. } | TagTarget::Table { account, .. } | TagTarget::Column { account, .. } => account,
    }
}

fn check_target(catalog: &CatalogIndex, target: &TagTarget) -> Result<(), Problem> {
    match target {
        TagTarget::Database { account, database } => {
            catalog.database(account, database).map(|_| ()).ok_or_else(|| Problem::from(format!("there is no database {account}:{database}")))
        }
        TagTarget::Table { account, database, table } => find_table(catalog, account, database, table).map(|_| ()),
        TagTarget::Column { account, database, table, column } => {
            check_columns(find_table(catalog, account, database, table)?, std::slice::from_ref(column))
        }
    }
}

fn check_tag(catalog: &CatalogIndex, target: &TagTarget, key: &str, value: Option<&str>) -> Result<(), Problem> {
    check_target(catalog, target)?;
    let account = target_account(target);
    let Some(defined) = catalog.catalog().tag_keys.iter().find(|k| k.account == account && k.key == key) else {
        return Err(Problem::from(format!("account {account} defines no LF-tag {key:?}")));
    };
    match value {
        Some(value) if !defined.values.iter().any(|v| v == value) => {
            Err(Problem::from(format!("{value:?} is not a value of the LF-tag {key:?}; allowed: {}", defined.values.join(", "))))
        }
        _ => Ok(()),
    }
}

fn find_table<'c>(catalog: &'c CatalogIndex, account: &str, database: &str, table: &str) -> Result<&'c Table, Problem> {
    let name = TableName::new(account, database, table);
    catalog.table(&name).ok_or_else(|| Problem::from(format!("there is no table {name}")))
}

fn check_columns(table: &Table, names: &[String]) -> Result<(), Problem> {
    let known = |name: &String| table.columns.iter().chain(&table.partition_keys).any(|c| &c.name == name);
    match names.iter().find(|n| !known(n)) {
        Some(missing) => Err(Problem::from(format!("{} has no column {missing:?}", table.name))),
        None => Ok(()),
    }
}

fn check_selection(table: &Table, columns: &ColumnSelection) -> Result<(), Problem> {
    match columns {
        ColumnSelection::All => Ok(()),
        ColumnSelection::Only(names) if names.is_empty() => Err("the grant covers no column".into()),
        ColumnSelection::Only(names) | ColumnSelection::AllExcept(names) => check_columns(table, names),
    }
}

fn check_grant(catalog: &CatalogIndex, grant: &Grant) -> Result<(), Problem> {
    let id = &grant.id;
    if id.trim().is_empty() {
        return Err("a grant needs an id".into());
    }
    let principal = Principal::parse(&grant.principal).map_err(|e| Problem::from(format!("grant {id}: {e}")))?;
    if grant.permissions.is_empty() {
        return Err(Problem::from(format!("grant {id} gives no permission")));
    }
    if let Some(p) = grant.grantable.iter().find(|p| !grant.permissions.contains(p)) {
        return Err(Problem::from(format!("grant {id} makes {p} grantable without giving it")));
    }
    if !grant.grantable.is_empty() && principal.account() != Some(grant.resource.account()) {
        return Err(Problem::from(format!("grant {id}: {NO_GRANT_OPTION}")));
    }
    check_resource(catalog, &grant.resource).map_err(|e| Problem::from(format!("grant {id}: {e}")))
}

fn check_resource(catalog: &CatalogIndex, resource: &Resource) -> Result<(), Problem> {
    match resource {
        Resource::Database { account, database } | Resource::Table { account, database, table: None, .. } => {
            catalog.database(account, database).ok_or_else(|| Problem::from(format!("there is no database {account}:{database}")))?;
            match resource {
                Resource::Table { columns, .. } if *columns != ColumnSelection::All => {
                    Err(Problem::from(format!("a grant on every table of {database} covers every column")))
                }
                _ => Ok(()),
            }
        }
        Resource::Table { account, database, table: Some(table), columns } => {
            check_selection(find_table(catalog, account, database, table)?, columns)
        }
        Resource::DataCellsFilter { account, database, table, name, row_filter, columns } => {
            let table = find_table(catalog, account, database, table)?;
            if name.trim().is_empty() {
                return Err("a data cells filter needs a name".into());
            }
            check_selection(table, columns)?;
            if let Some(text) = row_filter {
                let filter = row_filter::parse(text).map_err(|e| Problem::from(format!("row filter: {e}")))?;
                let names = table.columns.iter().chain(&table.partition_keys).map(|c| c.name.as_str());
                row_filter::validate(&filter, names).map_err(|e| Problem::from(format!("row filter: {e}")))?;
            }
            Ok(())
        }
        Resource::TagPolicy { account, expression } => {
            if expression.clauses.is_empty() {
                return Err("an LF-tag expression needs at least one clause".into());
            }
            let keys: Vec<TagKey> = catalog.catalog().tag_keys.iter().filter(|k| &k.account == account).cloned().collect();
            expr::validate(expression, &keys).map_err(|e| Problem::from(e.to_string()))
        }
    }
}

/// The catalog and grants after the plan: tags set (replacing another value of the same key) or
/// removed, grants made (replacing one with the same id) or revoked. Operations on what does not
/// exist change nothing, as applying them through the ports would not.
pub fn apply_to(ops: &[PolicyOp], catalog: &Catalog, grants: &[Grant]) -> (Catalog, Vec<Grant>) {
    let mut catalog = catalog.clone();
    let mut grants = grants.to_vec();
    for op in ops {
        match op {
            PolicyOp::AssignTag { target, key, value } => {
                if let Some(tags) = tags_of(&mut catalog, target) {
                    tags.assign(key, value);
                }
            }
            PolicyOp::RemoveTag { target, key } => {
                if let Some(tags) = tags_of(&mut catalog, target) {
                    tags.remove(key);
                }
            }
            PolicyOp::Grant(grant) => match grants.iter_mut().find(|g| g.id == grant.id) {
                Some(present) => *present = grant.clone(),
                None => grants.push(grant.clone()),
            },
            PolicyOp::Revoke { grant_id } => grants.retain(|g| &g.id != grant_id),
        }
    }
    (catalog, grants)
}

/// The LF-tags the target carries itself (not those it inherits), if the catalog has it.
pub fn tags_on<'c>(catalog: &'c Catalog, target: &TagTarget) -> Option<&'c [LfTag]> {
    match target {
        TagTarget::Database { account, database } => {
            catalog.databases.iter().find(|d| &d.account == account && &d.name == database).map(|d| &d.tags[..])
        }
        TagTarget::Table { account, database, table } => catalog
            .tables
            .iter()
            .find(|t| &t.account == account && &t.database == database && &t.name == table)
            .map(|t| &t.tags[..]),
        TagTarget::Column { account, database, table, column } => catalog
            .tables
            .iter()
            .find(|t| &t.account == account && &t.database == database && &t.name == table)
            .and_then(|t| t.columns.iter().chain(&t.partition_keys).find(|c| &c.name == column))
            .map(|c| &c.tags[..]),
    }
}

/// The LF-tags the target carries itself, to change them; `None` if the catalog lacks it.
pub fn tags_of<'c>(catalog: &'c mut Catalog, target: &TagTarget) -> Option<&'c mut Tags> {
    match target {
        TagTarget::Database { account, database } => {
            catalog.databases.iter_mut().find(|d| &d.account == account && &d.name == database).map(|d| &mut d.tags)
        }
        TagTarget::Table { account, database, table } => catalog
            .tables
            .iter_mut()
            .find(|t| &t.account == account && &t.database == database && &t.name == table)
            .map(|t| &mut t.tags),
        TagTarget::Column { account, database, table, column } => catalog
            .tables
            .iter_mut()
            .find(|t| &t.account == account && &t.database == database && &t.name == table)
            .and_then(|t| t.columns.iter_mut().chain(t.partition_keys.iter_mut()).find(|c| &c.name == column))
            .map(|c| &mut c.tags),
    }
}
