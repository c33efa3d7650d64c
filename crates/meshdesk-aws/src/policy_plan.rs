//! Turning policy operations into the Lake Formation steps that carry them out, checked first the
//! way Lake Formation checks them (the resource exists, the LF-tag and value are defined) plus
//! the charter's rule 2, so that a plan with a bad operation changes nothing at all.
//!
//! Operations are judged in order on a copy of the state, so a plan may revoke a grant and grant
//! it again, or set two tags on one resource; each step says what it changes, and the same
//! change is applied to the backend's state once the step is done in AWS.

use std::collections::BTreeSet;

use meshdesk_core::governance::model::{ColumnSelection, Grant, Permission, PolicyOp, Resource, TagTarget};
use meshdesk_core::governance::plan::{NO_GRANT_OPTION, tags_of, tags_on, target_account};
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::model::{Catalog, LfTag, TableName, Tags};

use crate::error::{AwsError, ErrorKind};
use crate::grant_key::grant_key;

/// The prefix of the data cells filters Meshdesk creates (see `preview::filter_name`); only
/// those are deleted when their last grant goes.
pub const OWN_FILTER_PREFIX: &str = "meshdesk-";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing to do: the operation's effect is already there.
    Nothing,
    /// Gives the resource exactly these tags (Lake Formation keeps one value per key).
    SetTags {
        target: TagTarget,
        tags: Vec<LfTag>,
    },
    RemoveTag {
        target: TagTarget,
        tag: LfTag,
    },
    Grant(Grant),
    /// Revokes what of `grant` no other grant on the same Lake Formation entry also holds.
    Revoke {
        grant: Grant,
        permissions: BTreeSet<Permission>,
        grantable: BTreeSet<Permission>,
        delete_filter: bool,
    },
}

impl Step {
    /// The account whose Lake Formation the step calls.
    pub fn account(&self) -> Option<&str> {
        match self {
            Step::Nothing => None,
            Step::SetTags { target, .. } | Step::RemoveTag { target, .. } => Some(target_account(target)),
            Step::Grant(grant) | Step::Revoke { grant, .. } => Some(grant.resource.account()),
        }
    }

    /// Applies the step's change to a catalog and grant list.
    pub fn effect(&self, catalog: &mut Catalog, grants: &mut Vec<Grant>) {
        match self {
            Step::Nothing => {}
            Step::SetTags { target, tags } => {
                if let Some(current) = tags_of(catalog, target) {
                    *current = Tags::from(tags.as_slice());
                }
            }
            Step::RemoveTag { target, tag } => {
                if let Some(current) = tags_of(catalog, target) {
                    current.remove(&tag.key);
                }
            }
            Step::Grant(grant) => {
                grants.retain(|g| g.id != grant.id);
                grants.push(grant.clone());
            }
            Step::Revoke { grant, .. } => grants.retain(|g| g.id != grant.id),
        }
    }
}

fn missing(what: String) -> AwsError {
    AwsError::Plain {
        kind: ErrorKind::NotFound,
        message: format!("{what} does not exist; refresh the catalog and plan again"),
    }
}

fn invalid(message: String) -> AwsError {
    AwsError::Plain { kind: ErrorKind::Invalid, message }
}

fn current_tags(catalog: &Catalog, target: &TagTarget) -> Result<Vec<LfTag>, AwsError> {
    tags_on(catalog, target).map(<[LfTag]>::to_vec).ok_or_else(|| {
        missing(match target {
            TagTarget::Database { account, database } => format!("the database {account}:{database}"),
            TagTarget::Table { account, database, table } => {
                format!("the table {}", TableName::new(account, database, table))
            }
            TagTarget::Column { account, database, table, column } => {
                format!("the column {column} of {}", TableName::new(account, database, table))
            }
        })
    })
}

fn check_tag(catalog: &Catalog, account: &str, key: &str, values: &[String]) -> Result<(), AwsError> {
    let Some(defined) = catalog.tag_keys.iter().find(|k| k.account == account && k.key == key) else {
        return Err(invalid(format!(
            "the LF-tag {key:?} is not defined in account {account}; define it with its values first"
        )));
    };
    match values.iter().find(|v| !defined.values.contains(v)) {
        Some(value) => Err(invalid(format!(
            "{value:?} is not a value of the LF-tag {key:?} in account {account} (allowed: {})",
            defined.values.join(", ")
        ))),
        None => Ok(()),
    }
}

/// Refuses a grant on a resource that does not exist, as Lake Formation does, and grant option
/// to another account (charter rule 2).
fn check_grant(catalog: &Catalog, grant: &Grant) -> Result<(), AwsError> {
    let id = &grant.id;
    if grant.permissions.is_empty() {
        return Err(invalid(format!("the grant {id} gives no permission")));
    }
    let account = grant.resource.account();
    if !grant.grantable.is_empty() {
        let grantee = Principal::parse(&grant.principal).ok().and_then(|p| p.account().map(str::to_owned));
        if grantee.as_deref() != Some(account) {
            return Err(AwsError::Refused(format!(
                "the grant {id} to {} is refused: {NO_GRANT_OPTION}",
                grant.principal
            )));
        }
    }
    if !grant.grantable.is_subset(&grant.permissions) {
        return Err(invalid(format!("the grant {id} makes grantable a permission it does not give")));
    }
    if !catalog.accounts.iter().any(|a| a.id == account) {
        return Err(missing(format!("the account {account}")));
    }
    let (database, table, columns) = match &grant.resource {
        Resource::Database { database, .. } => (database, None, &ColumnSelection::All),
        Resource::Table { database, table, columns, .. } => (database, table.as_ref(), columns),
        Resource::DataCellsFilter { database, table, columns, .. } => (database, Some(table), columns),
        Resource::TagPolicy { expression, .. } => {
            if expression.clauses.is_empty() {
                return Err(invalid(format!("the grant {id} has an empty LF-tag expression")));
            }
            for clause in &expression.clauses {
                check_tag(catalog, account, &clause.key, &clause.values)?;
            }
            return Ok(());
        }
    };
    if !catalog.databases.iter().any(|d| d.account == account && &d.name == database) {
        return Err(missing(format!("the database {account}:{database}")));
    }
    let Some(table) = table else {
        if *columns != ColumnSelection::All {
            return Err(invalid(format!(
                "the grant {id} selects columns of every table; Lake Formation selects columns of one table only"
            )));
        }
        return Ok(());
    };
    let name = TableName::new(account, database, table);
    let found = catalog
        .tables
        .iter()
        .find(|t| t.qualified_name() == name)
        .ok_or_else(|| missing(format!("the table {name}")))?;
    let names = match columns {
        ColumnSelection::All => return Ok(()),
        ColumnSelection::Only(names) | ColumnSelection::AllExcept(names) => names,
    };
    let known = |n: &String| found.columns.iter().chain(&found.partition_keys).any(|c| &c.name == n);
    match names.iter().find(|n| !known(n)) {
        Some(n) => Err(missing(format!("the column {n} of {name}"))),
        None => Ok(()),
    }
}

fn step(op: &PolicyOp, catalog: &Catalog, grants: &[Grant]) -> Result<Step, AwsError> {
    Ok(match op {
        PolicyOp::AssignTag { target, key, value } => {
            check_tag(catalog, target_account(target), key, std::slice::from_ref(value))?;
            let mut tags = current_tags(catalog, target)?;
            match tags.iter_mut().find(|t| &t.key == key) {
                Some(tag) if &tag.value == value => return Ok(Step::Nothing),
                Some(tag) => tag.value = value.into(),
                None => tags.push(LfTag::new(key.as_str(), value.as_str())),
            }
            Step::SetTags { target: target.clone(), tags }
        }
        PolicyOp::RemoveTag { target, key } => match current_tags(catalog, target)?.into_iter().find(|t| &t.key == key)
        {
            Some(tag) => Step::RemoveTag { target: target.clone(), tag },
            None => Step::Nothing,
        },
        PolicyOp::Grant(grant) => match grants.iter().find(|g| g.id == grant.id) {
            Some(present) if present == grant => Step::Nothing,
            Some(_) => {
                return Err(AwsError::Plain {
                    kind: ErrorKind::Conflict,
                    message: format!(
                        "the grant {} already exists with different content; reload the grants and review it before granting again",
                        grant.id
                    ),
                });
            }
            None => {
                check_grant(catalog, grant)?;
                Step::Grant(grant.clone())
            }
        },
        PolicyOp::Revoke { grant_id } => match grants.iter().find(|g| &g.id == grant_id) {
            None => Step::Nothing,
            Some(grant) => {
                let key = grant_key(&grant.principal, &grant.resource);
                let others: Vec<&Grant> =
                    grants.iter().filter(|g| g.id != grant.id && grant_key(&g.principal, &g.resource) == key).collect();
                let held = |pick: fn(&Grant) -> &BTreeSet<Permission>| -> BTreeSet<Permission> {
                    others.iter().flat_map(|g| pick(g).iter().copied()).collect()
                };
                let permissions = grant.permissions.difference(&held(|g| &g.permissions)).copied().collect();
                let grantable = grant.grantable.difference(&held(|g| &g.grantable)).copied().collect();
                let delete_filter = match &grant.resource {
                    Resource::DataCellsFilter { account, database, table, name, .. } => {
                        name.starts_with(OWN_FILTER_PREFIX)
                            && !grants.iter().any(|g| {
                                g.id != grant.id
                                    && matches!(&g.resource, Resource::DataCellsFilter { account: a, database: d, table: t, name: n, .. }
                                        if a == account && d == database && t == table && n == name)
                            })
                    }
                    _ => false,
                };
                Step::Revoke { grant: grant.clone(), permissions, grantable, delete_filter }
            }
        },
    })
}

/// The steps of a plan, or the first reason it cannot be applied.
pub fn plan(ops: &[PolicyOp], catalog: &Catalog, grants: &[Grant]) -> Result<Vec<Step>, AwsError> {
    let (mut catalog, mut grants) = (catalog.clone(), grants.to_vec());
    let mut steps = Vec::with_capacity(ops.len());
    for op in ops {
        let step = step(op, &catalog, &grants)?;
        step.effect(&mut catalog, &mut grants);
        steps.push(step);
    }
    Ok(steps)
}

#[cfg(test)]
#[path = "policy_plan_tests.rs"]
mod tests;
