//! Owners' policy: the grants of a product, plans (validated operations, their effect on access
//! and the consumers they affect) and applying a plan in one audited step. Authorisation is checked here, on the
//! backend, for every operation: only an owner of the product touched, or a steward, may act.

use crate::convert;
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::governance::effect::{self, Change};
use meshdesk_core::governance::model::{AuditDraft, Grant, Identity, PolicyOp, Resource, TagTarget};
use meshdesk_core::governance::ownership::{is_owner, is_steward};
use meshdesk_core::governance::plan;
use meshdesk_core::product::consumers;
use meshdesk_core::CatalogIndex;
use meshdesk_protocol::{
    AccessChange, AccessChangeKind, ApiError, GrantView, Impact, Plan, PlanProblem, PolicyChange, ProductRef,
};

impl<B: Backend> Meshdesk<B> {
    /// The grants on a product's database and tables (including LF-tag policies of its account).
    pub fn grants(&self, product: &ProductRef) -> Result<Vec<GrantView>, ApiError> {
        let grants = self.backend.grants().map_err(from_port)?;
        Ok(grants
            .iter()
            .filter(|g| match &g.resource {
                Resource::Database { account, database }
                | Resource::Table { account, database, .. }
                | Resource::DataCellsFilter { account, database, .. } => {
                    account == &product.account && database == &product.database
                }
                Resource::TagPolicy { account, .. } => account == &product.account,
            })
            .map(convert::grant_view)
            .collect())
    }

    /// Validates `changes` as the current identity and computes who gains or loses access.
    pub fn plan_policy(&self, changes: &[PolicyChange]) -> Result<Plan, ApiError> {
        let actor = self.current_identity()?;
        let ops = changes.iter().map(convert::core_op).collect::<Result<Vec<_>, _>>()?;
        self.plan_ops(&actor, &ops)
    }

    pub(crate) fn plan_ops(&self, actor: &Identity, ops: &[PolicyOp]) -> Result<Plan, ApiError> {
        let index = self.index()?;
        let grants = self.backend.grants().map_err(from_port)?;
        let mut problems: Vec<PlanProblem> = plan::validate_ops(ops, &index, &grants)
            .into_iter()
            .map(|p| PlanProblem { change: p.op as u32, message: p.message })
            .collect();
        for (i, op) in ops.iter().enumerate() {
            if let Some(message) = refusal(actor, op, &index, &grants) {
                problems.push(PlanProblem { change: i as u32, message });
            }
        }
        problems.sort_by_key(|p| p.change);
        let (access_changes, impact) = if problems.is_empty() {
            (access_changes(ops, &index, &grants), impact(ops, &index, &grants))
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Plan { changes: ops.iter().map(convert::planned).collect(), problems, access_changes, impact })
    }

    /// Applies `changes` as one audited action, if the plan has no problems.
    pub fn apply_policy(&self, changes: &[PolicyChange], now: i64) -> Result<Plan, ApiError> {
        let actor = self.current_identity()?;
        let ops = changes.iter().map(convert::core_op).collect::<Result<Vec<_>, _>>()?;
        self.apply_ops(&actor, &ops, "policy.applied", None, now)
    }

    pub(crate) fn apply_ops(
        &self,
        actor: &Identity,
        ops: &[PolicyOp],
        action: &str,
        target: Option<String>,
        now: i64,
    ) -> Result<Plan, ApiError> {
        if ops.is_empty() {
            return Err(ApiError::invalid_input("the plan is empty: add a change first"));
        }
        let plan = self.plan_ops(actor, ops)?;
        if !plan.problems.is_empty() {
            let list: Vec<String> = plan.problems.iter().map(|p| format!("change {}: {}", p.change + 1, p.message)).collect();
            return Err(ApiError::invalid_input(format!("nothing was applied: {}", list.join("; "))));
        }
        let event = AuditDraft {
            actor: actor.id.clone(),
            action: action.to_owned(),
            target: target.unwrap_or_else(|| targets(ops)),
            request_id: None,
            before: None,
            after: Some(plan.changes.iter().map(|c| c.description.as_str()).collect::<Vec<_>>().join("\n")),
        };
        let applied = self.backend.apply(ops, &event, now);
        // Also after a failure: on AWS a plan stopped midway has made its first steps.
        self.access_changed();
        applied.map_err(from_port)?;
        if ops.iter().any(|op| matches!(op, PolicyOp::AssignTag { .. } | PolicyOp::RemoveTag { .. })) {
            self.reload_catalog()?;
        }
        Ok(plan)
    }
}

/// The products an operation touches, as `ACCOUNT:database`, or the account for a tag policy.
fn scope(op: &PolicyOp, grants: &[Grant]) -> Option<(String, Option<String>)> {
    let of_resource = |r: &Resource| match r {
        Resource::Database { account, database }
        | Resource::Table { account, database, .. }
        | Resource::DataCellsFilter { account, database, .. } => (account.clone(), Some(database.clone())),
        Resource::TagPolicy { account, .. } => (account.clone(), None),
    };
    match op {
        PolicyOp::AssignTag { target, .. } | PolicyOp::RemoveTag { target, .. } => Some(match target {
            TagTarget::Database { account, database }
            | TagTarget::Table { account, database, .. }
            | TagTarget::Column { account, database, .. } => (account.clone(), Some(database.clone())),
        }),
        PolicyOp::Grant(g) => Some(of_resource(&g.resource)),
        PolicyOp::Revoke { grant_id } => grants.iter().find(|g| &g.id == grant_id).map(|g| of_resource(&g.resource)),
    }
}

/// Owners decide (charter rule 3): the actor must own the product an operation touches, or be
/// a steward. An LF-tag policy spans an account, so it needs every product of that account.
/// Returns why the actor may not, as a plan problem; `None` when they may.
fn refusal(actor: &Identity, op: &PolicyOp, index: &CatalogIndex, grants: &[Grant]) -> Option<String> {
    if actor.steward {
        return None;
    }
    let (account, database) = scope(op, grants)?;
    let dbs: Vec<_> = index
        .catalog()
        .databases
        .iter()
        .filter(|d| d.account == account && database.as_ref().is_none_or(|name| &d.name == name))
        .collect();
    let owned = !dbs.is_empty() && dbs.iter().all(|d| is_owner(actor, d) || is_steward(actor, d));
    (!owned).then(|| {
        let what = database.map_or_else(|| format!("every product of account {account}"), |d| format!("{account}:{d}"));
        format!("{} may not change policy on {what}: only its owners or a steward may", actor.name)
    })
}

fn targets(ops: &[PolicyOp]) -> String {
    let mut names: Vec<String> = Vec::new();
    for op in ops {
        let name = match op {
            PolicyOp::AssignTag { target, .. } | PolicyOp::RemoveTag { target, .. } => convert::target_text(target),
            PolicyOp::Grant(g) => g.id.clone(),
            PolicyOp::Revoke { grant_id } => grant_id.clone(),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// Every consumer and downstream product each sensitivity change or revocation affects.
fn impact(ops: &[PolicyOp], index: &CatalogIndex, grants: &[Grant]) -> Vec<Impact> {
    ops.iter()
        .enumerate()
        .flat_map(|(i, op)| {
            consumers::impact(op, index, grants)
                .into_iter()
                .map(move |c| Impact { change: i as u32, consumer: crate::convert_product::consumer(&c) })
        })
        .collect()
}

fn access_changes(ops: &[PolicyOp], index: &CatalogIndex, grants: &[Grant]) -> Vec<AccessChange> {
    effect::plan_effect(ops, index, grants)
        .into_iter()
        .map(|c| {
            let sensitivity = index.table(&c.table).and_then(|t| {
                let db = &index.catalog().databases[index.database(&c.table.account, &c.table.database)?];
                let column = t.columns.iter().chain(&t.partition_keys).find(|col| col.name == c.column)?;
                meshdesk_core::sensitivity::column_sensitivity(db, t, column).map(|e| convert::sensitivity(e.value))
            });
            AccessChange {
                grantee: c.principal.to_string(),
                table: convert::table_ref(&c.table),
                column: c.column.clone(),
                change: match c.change {
                    Change::Gained { .. } => AccessChangeKind::Gained,
                    Change::Lost { .. } => AccessChangeKind::Lost,
                    Change::RowsChanged { .. } => AccessChangeKind::RowsChanged,
                },
                sensitivity,
            }
        })
        .collect()
}
