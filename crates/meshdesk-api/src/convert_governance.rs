//! Governance values between the core and the protocol: permissions, statuses, verdicts,
//! row scopes, grants and policy changes. Policy changes from the window are parsed here, with
//! errors that name what was wrong.

use meshdesk_core::governance::access::{describe_resource, GrantPath as CoreGrantPath, Rows};
use meshdesk_core::governance::expr;
use meshdesk_core::governance::model::{
    ColumnSelection, Grant, Permission as CorePermission, PolicyOp, RequestStatus as CoreStatus, Resource,
    TagTarget as CoreTarget, Verdict,
};
use meshdesk_core::governance::principal::Coverage;
use meshdesk_protocol::{
    ApiError, GrantPath, GrantResource, Permission, PlannedChange, PolicyChange, RequestStatus, RowScope, TagTarget,
};

pub(crate) fn permission(p: CorePermission) -> Permission {
    match p {
        CorePermission::Select => Permission::Select,
        CorePermission::Describe => Permission::Describe,
        CorePermission::Insert => Permission::Insert,
        CorePermission::Delete => Permission::Delete,
        CorePermission::Alter => Permission::Alter,
        CorePermission::Drop => Permission::Drop,
        CorePermission::All => Permission::All,
    }
}

pub(crate) fn core_permission(p: Permission) -> CorePermission {
    match p {
        Permission::Select => CorePermission::Select,
        Permission::Describe => CorePermission::Describe,
        Permission::Insert => CorePermission::Insert,
        Permission::Delete => CorePermission::Delete,
        Permission::Alter => CorePermission::Alter,
        Permission::Drop => CorePermission::Drop,
        Permission::All => CorePermission::All,
    }
}

pub(crate) fn request_status(s: CoreStatus) -> RequestStatus {
    match s {
        CoreStatus::Pending => RequestStatus::Pending,
        CoreStatus::Approved => RequestStatus::Approved,
        CoreStatus::Provisioned => RequestStatus::Provisioned,
        CoreStatus::Revoked => RequestStatus::Revoked,
        CoreStatus::Expired => RequestStatus::Expired,
        CoreStatus::Rejected => RequestStatus::Rejected,
        CoreStatus::Withdrawn => RequestStatus::Withdrawn,
    }
}

pub(crate) fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Approve => "approve",
        Verdict::Reject => "reject",
        Verdict::Revoke => "revoke",
        Verdict::Withdraw => "withdraw",
        Verdict::Expire => "expire",
        Verdict::Extend => "extend",
    }
}

pub(crate) fn rows(rows: &Rows) -> RowScope {
    match rows {
        Rows::All => RowScope::All,
        Rows::Filtered(filters) => RowScope::Filtered { filters: filters.clone() },
    }
}

/// The request a grant was provisioned for: its id is `<request id>/<table>`.
pub(crate) fn request_of_grant(grant_id: &str) -> Option<String> {
    grant_id.split_once('/').map(|(request, _)| request.to_owned()).filter(|r| r.starts_with("req-"))
}

/// `grants` sorted by id (as `AccessState` holds them).
pub(crate) fn grant_path(path: &CoreGrantPath, grants: &[Grant]) -> GrantPath {
    let grant = grants.binary_search_by(|g| g.id.as_str().cmp(&path.grant_id)).ok().map(|i| &grants[i]);
    GrantPath {
        grant_id: path.grant_id.clone(),
        grantee: path.principal_matched.to_string(),
        matched_as: match path.coverage {
            Coverage::Direct => "directly".to_owned(),
            Coverage::Account => format!("through its account {}", path.principal_matched),
            Coverage::Group => format!("through its group {}", path.principal_matched),
        },
        resource: path.resource.clone(),
        permissions: grant.map(|g| g.permissions.iter().map(|p| permission(*p)).collect()).unwrap_or_default(),
        row_filter: path.row_filter.clone(),
        request_id: request_of_grant(&path.grant_id),
    }
}

fn selection(columns: &ColumnSelection) -> (Option<Vec<String>>, Vec<String>) {
    match columns {
        ColumnSelection::All => (None, Vec::new()),
        ColumnSelection::Only(names) => (Some(names.clone()), Vec::new()),
        ColumnSelection::AllExcept(names) => (None, names.clone()),
    }
}

fn core_selection(columns: &Option<Vec<String>>, excluded: &[String]) -> Result<ColumnSelection, ApiError> {
    match (columns, excluded.is_empty()) {
        (None, true) => Ok(ColumnSelection::All),
        (None, false) => Ok(ColumnSelection::AllExcept(excluded.to_vec())),
        (Some(only), true) if only.is_empty() => Err(ApiError::invalid_input("a column list was given but it is empty")),
        (Some(only), true) => Ok(ColumnSelection::Only(only.clone())),
        (Some(_), false) => Err(ApiError::invalid_input("give either the columns to include or the ones to exclude, not both")),
    }
}

pub(crate) fn resource(r: &Resource) -> GrantResource {
    match r {
        Resource::Database { account, database } => GrantResource::Database { account: account.clone(), database: database.clone() },
        Resource::Table { account, database, table, columns } => {
            let (columns, excluded) = selection(columns);
            GrantResource::Table { account: account.clone(), database: database.clone(), table: table.clone(), columns, excluded }
        }
        Resource::DataCellsFilter { account, database, table, name, row_filter, columns } => {
            let (columns, excluded) = selection(columns);
            GrantResource::DataCellsFilter {
                account: account.clone(),
                database: database.clone(),
                table: table.clone(),
                name: name.clone(),
                row_filter: row_filter.clone(),
                columns,
                excluded,
            }
        }
        Resource::TagPolicy { account, expression } => {
            GrantResource::TagPolicy { account: account.clone(), expression: expression.to_string() }
        }
    }
}

pub(crate) fn core_resource(r: &GrantResource) -> Result<Resource, ApiError> {
    Ok(match r {
        GrantResource::Database { account, database } => Resource::Database { account: account.clone(), database: database.clone() },
        GrantResource::Table { account, database, table, columns, excluded } => Resource::Table {
            account: account.clone(),
            database: database.clone(),
            table: table.clone(),
            columns: core_selection(columns, excluded)?,
        },
        GrantResource::DataCellsFilter { account, database, table, name, row_filter, columns, excluded } => {
            if name.trim().is_empty() {
                return Err(ApiError::invalid_input("a data cells filter needs a name"));
            }
            Resource::DataCellsFilter {
                account: account.clone(),
                database: database.clone(),
                table: table.clone(),
                name: name.clone(),
                row_filter: row_filter.clone().filter(|f| !f.trim().is_empty()),
                columns: core_selection(columns, excluded)?,
            }
        }
        GrantResource::TagPolicy { account, expression } => Resource::TagPolicy {
            account: account.clone(),
            expression: expr::parse(expression)
                .map_err(|e| ApiError::invalid_input(format!("LF-tag expression '{expression}': {e}")))?,
        },
    })
}

fn target(t: &CoreTarget) -> TagTarget {
    match t.clone() {
        CoreTarget::Database { account, database } => TagTarget::Database { account, database },
        CoreTarget::Table { account, database, table } => TagTarget::Table { account, database, table },
        CoreTarget::Column { account, database, table, column } => TagTarget::Column { account, database, table, column },
    }
}

fn core_target(t: &TagTarget) -> CoreTarget {
    match t.clone() {
        TagTarget::Database { account, database } => CoreTarget::Database { account, database },
        TagTarget::Table { account, database, table } => CoreTarget::Table { account, database, table },
        TagTarget::Column { account, database, table, column } => CoreTarget::Column { account, database, table, column },
    }
}

pub(crate) fn target_text(t: &CoreTarget) -> String {
    match t {
        CoreTarget::Database { account, database } => format!("database {account}:{database}"),
        CoreTarget::Table { account, database, table } => format!("table {account}:{database}.{table}"),
        CoreTarget::Column { account, database, table, column } => format!("column {account}:{database}.{table}.{column}"),
    }
}

pub(crate) fn change(op: &PolicyOp) -> PolicyChange {
    match op {
        PolicyOp::AssignTag { target: t, key, value } => PolicyChange::AssignTag { target: target(t), key: key.clone(), value: value.clone() },
        PolicyOp::RemoveTag { target: t, key } => PolicyChange::RemoveTag { target: target(t), key: key.clone() },
        PolicyOp::Grant(g) => PolicyChange::Grant {
            principal: g.principal.clone(),
            resource: resource(&g.resource),
            permissions: g.permissions.iter().map(|p| permission(*p)).collect(),
            grantable: g.grantable.iter().map(|p| permission(*p)).collect(),
        },
        PolicyOp::Revoke { grant_id } => PolicyChange::Revoke { grant_id: grant_id.clone() },
    }
}

/// A change in words, as a plan lists it.
pub(crate) fn describe(op: &PolicyOp) -> String {
    let perms = |set: &std::collections::BTreeSet<CorePermission>| set.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ");
    match op {
        PolicyOp::AssignTag { target: t, key, value } => format!("tag {} with {key}={value}", target_text(t)),
        PolicyOp::RemoveTag { target: t, key } => format!("remove the {key} tag from {}", target_text(t)),
        PolicyOp::Grant(g) => {
            let grantable = if g.grantable.is_empty() {
                "without grant option".to_owned()
            } else {
                format!("WITH grant option on {}", perms(&g.grantable))
            };
            format!("grant {} on {} to {} {grantable} (grant {})", perms(&g.permissions), describe_resource(&g.resource), g.principal, g.id)
        }
        PolicyOp::Revoke { grant_id } => format!("revoke grant {grant_id}"),
    }
}

pub(crate) fn planned(op: &PolicyOp) -> PlannedChange {
    PlannedChange { change: change(op), description: describe(op) }
}

/// A change from the window as a core operation. Grants get a stable id from their content, so
/// applying the same plan twice makes one grant.
pub(crate) fn core_op(change: &PolicyChange) -> Result<PolicyOp, ApiError> {
    Ok(match change {
        PolicyChange::AssignTag { target: t, key, value } => {
            PolicyOp::AssignTag { target: core_target(t), key: key.trim().to_owned(), value: value.trim().to_owned() }
        }
        PolicyChange::RemoveTag { target: t, key } => PolicyOp::RemoveTag { target: core_target(t), key: key.trim().to_owned() },
        PolicyChange::Grant { principal, resource, permissions, grantable } => {
            if permissions.is_empty() {
                return Err(ApiError::invalid_input("a grant needs at least one permission"));
            }
            let resource = core_resource(resource)?;
            let mut grant = Grant {
                id: String::new(),
                principal: principal.trim().to_owned(),
                resource,
                permissions: permissions.iter().map(|p| core_permission(*p)).collect(),
                grantable: grantable.iter().map(|p| core_permission(*p)).collect(),
            };
            grant.id = format!("policy:{:016x}", fingerprint(&format!("{grant:?}")));
            PolicyOp::Grant(grant)
        }
        PolicyChange::Revoke { grant_id } => PolicyOp::Revoke { grant_id: grant_id.trim().to_owned() },
    })
}

/// FNV-1a: a short stable fingerprint (not a security measure: grant ids only need to be stable).
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

pub(crate) fn grant_view(g: &Grant) -> meshdesk_protocol::GrantView {
    meshdesk_protocol::GrantView {
        id: g.id.clone(),
        principal: g.principal.clone(),
        resource: resource(&g.resource),
        description: describe_resource(&g.resource),
        permissions: g.permissions.iter().map(|p| permission(*p)).collect(),
        grantable: g.grantable.iter().map(|p| permission(*p)).collect(),
        request_id: request_of_grant(&g.id),
    }
}
