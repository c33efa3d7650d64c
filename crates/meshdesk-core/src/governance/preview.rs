//! What a request would give and what it needs: each requested column with its sensitivity,
//! whether the product's policy approves it by itself (and why not), the approvals it waits for,
//! and the Lake Formation grants an approval provisions.

use super::approval::{capacity_name, ApprovalPolicy};
use super::model::{Capacity, ColumnSelection, Grant, Resource, ShareRequest};
use super::principal::Principal;
use crate::model::{Account, Database, Table};
use crate::sensitivity::{self, Effective, Sensitivity};
use std::collections::BTreeSet;

/// The tables a request covers, as they stand in the product now (a table dropped since is left out).
fn requested_tables<'t>(request: &ShareRequest, product_tables: &'t [Table]) -> Vec<&'t Table> {
    request
        .tables
        .iter()
        .filter_map(|name| {
            product_tables.iter().find(|t| {
                t.account == request.product_account && t.database == request.product_database && &t.name == name
            })
        })
        .collect()
}

/// The columns asked of one table: the listed ones, or all of them when none is listed.
fn asked_columns(request: &ShareRequest, table: &Table) -> Option<Vec<String>> {
    let listed: Vec<String> = request
        .columns
        .iter()
        .filter_map(|entry| entry.split_once('.').filter(|(t, _)| *t == table.name).map(|(_, c)| c.to_owned()))
        .collect();
    (!listed.is_empty()).then_some(listed)
}

/// One requested column and its effective sensitivity (`None`: unclassified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPreview {
    pub table: String,
    pub column: String,
    pub sensitivity: Option<Effective>,
}

/// Every column a request covers, in table order, with its effective sensitivity.
pub fn requested_columns(request: &ShareRequest, product: &Database, product_tables: &[Table]) -> Vec<ColumnPreview> {
    let mut out = Vec::new();
    for table in requested_tables(request, product_tables) {
        let asked = asked_columns(request, table);
        for column in table.columns.iter().chain(&table.partition_keys) {
            if asked.as_ref().is_none_or(|names| names.iter().any(|n| *n == column.name)) {
                out.push(ColumnPreview {
                    table: table.name.clone(),
                    column: column.name.to_string(),
                    sensitivity: sensitivity::column_sensitivity(product, table, column),
                });
            }
        }
    }
    out
}

/// The sensitivity decisions on a request go by: its most sensitive column, where an
/// unclassified column counts as restricted until an owner classifies it. `None` when the
/// request covers no column.
pub fn highest_requested(columns: &[ColumnPreview]) -> Option<Sensitivity> {
    columns.iter().map(|c| c.sensitivity.map_or(Sensitivity::Restricted, |e| e.value)).max()
}

/// The sensitivity decisions on a request go by, read from the product as it is now.
pub fn sensitivity_of(request: &ShareRequest, product: &Database, product_tables: &[Table]) -> Option<Sensitivity> {
    highest_requested(&requested_columns(request, product, product_tables))
}

/// Whether the product's policy approves a request by itself, and if not, every reason why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoApproval {
    Approves,
    Waits(Vec<String>),
}

/// Judges auto-approval: the policy must set a ceiling the request stays under, need no steward
/// and no restricted quorum, and (unless the policy says otherwise) the consumer must be one of
/// the mesh's accounts.
pub fn auto_approval(
    request: &ShareRequest,
    policy: &ApprovalPolicy,
    highest: Option<Sensitivity>,
    mesh_accounts: &[Account],
) -> AutoApproval {
    let mut reasons = Vec::new();
    match (policy.auto_approve_max, highest) {
        (None, _) => reasons.push("the product's policy approves nothing by itself".to_owned()),
        (Some(_), None) => reasons.push("the request covers no column whose sensitivity could be judged".to_owned()),
        (Some(max), Some(h)) if h > max => reasons.push(format!(
            "it asks for {} data; the policy approves up to {} by itself",
            h.as_str(),
            max.as_str()
        )),
        (Some(_), Some(_)) => {}
    }
    let needed = policy.required_approvals(highest);
    if policy.require_steward {
        reasons.push("the product's policy requires a steward's approval of every request".to_owned());
    } else if needed != [Capacity::Owner] {
        let names: Vec<&str> = needed.iter().map(|c| capacity_name(*c)).collect();
        reasons.push(format!("restricted data needs the approval of {}", names.join(" and ")));
    }
    if policy.auto_approve_same_org {
        let account = Principal::parse(&request.principal).ok().and_then(|p| p.account().map(str::to_owned));
        match account {
            Some(a) if mesh_accounts.iter().any(|m| m.id == a) => {}
            Some(a) => reasons.push(format!("account {a} is not one of the mesh's accounts")),
            None => reasons.push(format!("{} belongs to no account of the mesh", request.principal)),
        }
    }
    if reasons.is_empty() { AutoApproval::Approves } else { AutoApproval::Waits(reasons) }
}

/// What a request would give and what it needs, for the request form and the owner's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub columns: Vec<ColumnPreview>,
    /// As decisions count it: unclassified columns count as restricted.
    pub highest: Option<Sensitivity>,
    pub auto_approval: AutoApproval,
    /// The capacities that must approve, in order.
    pub approvals_needed: Vec<Capacity>,
    /// The grants an approval would make.
    pub grants: Vec<Grant>,
}

pub fn preview(
    request: &ShareRequest,
    product: &Database,
    product_tables: &[Table],
    policy: &ApprovalPolicy,
    mesh_accounts: &[Account],
) -> Preview {
    let columns = requested_columns(request, product, product_tables);
    let highest = highest_requested(&columns);
    let mut auto = auto_approval(request, policy, highest, mesh_accounts);
    let unclassified = columns.iter().filter(|c| c.sensitivity.is_none()).count();
    if let AutoApproval::Waits(reasons) = &mut auto
        && unclassified > 0
    {
        reasons.push(match unclassified {
            1 => "1 requested column has no sensitivity tag and counts as restricted".to_owned(),
            n => format!("{n} requested columns have no sensitivity tag and count as restricted"),
        });
    }
    Preview {
        approvals_needed: policy.required_approvals(highest),
        grants: plan_grants(request, product_tables),
        columns,
        highest,
        auto_approval: auto,
    }
}

/// The name of the data cells filter a request with a row filter provisions. Lake Formation
/// names filters within a table, so one name serves every table of the request.
pub fn filter_name(request_id: &str) -> String {
    format!("meshdesk-{request_id}")
}

/// The id of the grant a request provisions on one table: `req-7/customers`. Deterministic, so
/// provisioning again finds the grant instead of making a second one.
pub fn grant_id(request_id: &str, table: &str) -> String {
    format!("{request_id}/{table}")
}

/// The Lake Formation grants approving a request provisions: one per requested table, on the
/// asked columns (all when none is listed), through a data cells filter when rows are filtered.
/// Never grantable (charter rule 2). An extension provisions nothing: the original's grants stay.
pub fn plan_grants(request: &ShareRequest, product_tables: &[Table]) -> Vec<Grant> {
    if request.extends.is_some() {
        return Vec::new();
    }
    requested_tables(request, product_tables)
        .into_iter()
        .map(|table| {
            let columns = asked_columns(request, table).map_or(ColumnSelection::All, ColumnSelection::Only);
            let resource = match &request.row_filter {
                Some(filter) => Resource::DataCellsFilter {
                    account: request.product_account.clone(),
                    database: request.product_database.clone(),
                    table: table.name.clone(),
                    name: filter_name(&request.id),
                    row_filter: Some(filter.clone()),
                    columns,
                },
                None => Resource::Table {
                    account: request.product_account.clone(),
                    database: request.product_database.clone(),
                    table: Some(table.name.clone()),
                    columns,
                },
            };
            Grant {
                id: grant_id(&request.id, &table.name),
                principal: request.principal.clone(),
                resource,
                permissions: request.permissions.clone(),
                grantable: BTreeSet::new(),
            }
        })
        .collect()
}
