//! Making a share request: validating what a consumer asks for (tables, columns, rows, duration,
//! justification, principal) into a pending [`ShareRequest`], and asking to extend access.
//!
//! What a request would give is in [`super::preview`]; decisions on it in [`super::decide`].

use super::approval::ApprovalPolicy;
use super::model::{ConsumerSide, Identity, Permission, RequestStatus, ShareRequest};
use super::principal::Principal;
use super::row_filter;
use crate::model::{Column, Database, Table};
use std::collections::BTreeSet;
use std::fmt;

/// Seconds in a day; durations are whole days.
pub const DAY: i64 = 86_400;
/// The longest justification kept, in characters.
pub const MAX_JUSTIFICATION_CHARS: usize = 2_000;

/// What a consumer fills in to ask for access.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestInput {
    /// Who is to be granted: the requester's account id, or a role, user or group in it.
    pub principal: String,
    /// Table names of the product; every table when empty.
    pub tables: Vec<String>,
    /// `table.column` entries. A requested table none of whose columns is listed is asked whole.
    pub columns: Vec<String>,
    pub row_filter: Option<String>,
    pub permissions: BTreeSet<Permission>,
    pub duration_days: u32,
    pub justification: String,
}

/// The part of a request a [`RequestError`] is about, so the form can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Product,
    Principal,
    Tables,
    Columns,
    RowFilter,
    Permissions,
    Duration,
    Justification,
    Extends,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Product => "product",
            Field::Principal => "principal",
            Field::Tables => "tables",
            Field::Columns => "columns",
            Field::RowFilter => "row filter",
            Field::Permissions => "permissions",
            Field::Duration => "duration",
            Field::Justification => "justification",
            Field::Extends => "extends",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request that cannot be made as asked: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {why}")]
pub struct RequestError {
    pub field: Field,
    pub why: String,
}

fn invalid(field: Field, why: impl Into<String>) -> RequestError {
    RequestError { field, why: why.into() }
}

/// Validates a consumer's request and makes it a pending [`ShareRequest`] (version 1).
///
/// "Every table" is written out as the product's tables at this moment, so an approval covers
/// exactly what the approver saw, not tables added later. A request to a product the requester
/// owns is allowed; they can never approve it themselves.
pub fn new_request(
    input: RequestInput,
    requester: &Identity,
    product: &Database,
    tables_of_product: &[Table],
    policy: &ApprovalPolicy,
    now: i64,
    id: String,
) -> Result<ShareRequest, RequestError> {
    if !product.is_product() {
        return Err(invalid(Field::Product, format!("{} is not a published data product", product.name)));
    }
    let justification = check_justification(&input.justification)?;
    let principal = check_principal(&input.principal, requester)?;
    if input.permissions.is_empty() {
        return Err(invalid(Field::Permissions, "ask for SELECT, DESCRIBE or both"));
    }
    if let Some(p) = input.permissions.iter().find(|p| !matches!(p, Permission::Select | Permission::Describe)) {
        return Err(invalid(Field::Permissions, format!("{p} cannot be requested; a share gives SELECT and DESCRIBE only")));
    }
    check_duration(input.duration_days, policy)?;

    let own: Vec<&Table> =
        tables_of_product.iter().filter(|t| t.account == product.account && t.database == product.name).collect();
    let mut tables: Vec<&Table> = Vec::new();
    for name in &input.tables {
        let name = name.trim();
        let table = own.iter().find(|t| t.name == name).ok_or_else(|| {
            invalid(Field::Tables, format!("{} has no table {name:?}", product.name))
        })?;
        if let Some(target) = &table.target {
            return Err(invalid(Field::Tables, format!("{name} is a resource link to {target}; request it from its source")));
        }
        if !tables.iter().any(|t| t.name == table.name) {
            tables.push(table);
        }
    }
    if input.tables.is_empty() {
        tables = own.iter().copied().filter(|t| t.target.is_none()).collect();
    }
    if tables.is_empty() {
        return Err(invalid(Field::Tables, format!("{} has no tables to share", product.name)));
    }

    let mut columns: Vec<String> = Vec::new();
    for entry in &input.columns {
        let entry = entry.trim();
        let Some((table_name, column_name)) = entry.split_once('.') else {
            return Err(invalid(Field::Columns, format!("{entry:?} is not written as table.column")));
        };
        let Some(table) = tables.iter().find(|t| t.name == table_name) else {
            return Err(invalid(Field::Columns, format!("{entry} is in {table_name}, which is not among the requested tables")));
        };
        if find_column(table, column_name).is_none() {
            return Err(invalid(Field::Columns, format!("{table_name} has no column {column_name:?}")));
        }
        if !columns.iter().any(|c| c == entry) {
            columns.push(entry.to_owned());
        }
    }

    let row_filter = match input.row_filter.as_deref() {
        Some(text) => check_row_filter(text, &tables)?,
        None => None,
    };

    Ok(ShareRequest {
        id,
        version: 1,
        requester: requester.id.clone(),
        principal,
        product_account: product.account.clone(),
        product_database: product.name.clone(),
        tables: tables.iter().map(|t| t.name.clone()).collect(),
        columns,
        row_filter,
        permissions: input.permissions,
        duration_days: input.duration_days,
        justification,
        status: RequestStatus::Pending,
        created_at: now,
        decisions: Vec::new(),
        expires_at: None,
        grant_ids: Vec::new(),
        last_error: None,
        extends: None,
        consumer: ConsumerSide::default(),
    })
}

/// Asks to extend provisioned access: a pending request with the original's scope, `extends`
/// naming it and `expires_at` already holding the end it asks for (the original's end, or now if
/// that has passed, plus `duration_days`). Approving it provisions nothing: it moves the
/// original's `expires_at` to that end (see [`super::decide`]). The asked end is fixed here so
/// applying an approved extension twice moves nothing twice.
pub fn new_extension(
    original: &ShareRequest,
    requester: &Identity,
    duration_days: u32,
    justification: &str,
    policy: &ApprovalPolicy,
    now: i64,
    id: String,
) -> Result<ShareRequest, RequestError> {
    if original.requester != requester.id {
        return Err(invalid(Field::Extends, format!("{} was requested by someone else; only they can extend it", original.id)));
    }
    if original.extends.is_some() {
        return Err(invalid(Field::Extends, format!("{} is itself an extension; extend the original request", original.id)));
    }
    let Some(end) = original.expires_at.filter(|_| original.status == RequestStatus::Provisioned) else {
        return Err(invalid(Field::Extends, format!("{} is {}; only provisioned access can be extended", original.id, original.status.as_str())));
    };
    let justification = check_justification(justification)?;
    check_duration(duration_days, policy)?;
    let until = end.max(now) + i64::from(duration_days) * DAY;
    let allowed_days = i64::from(policy.max_duration_days);
    if until - now > allowed_days * DAY {
        let left = (end - now).max(0) / DAY;
        return Err(invalid(
            Field::Duration,
            format!("with {left} days left, at most {} more can be asked (the policy allows {allowed_days} days)", allowed_days - left),
        ));
    }
    Ok(ShareRequest {
        id,
        version: 1,
        status: RequestStatus::Pending,
        created_at: now,
        decisions: Vec::new(),
        expires_at: Some(until),
        grant_ids: Vec::new(),
        last_error: None,
        extends: Some(original.id.clone()),
        // The original keeps the links; the extension only moves the end.
        consumer: ConsumerSide::default(),
        duration_days,
        justification,
        ..original.clone()
    })
}

fn check_justification(text: &str) -> Result<String, RequestError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(Field::Justification, "say why the access is needed; the owner decides on it"));
    }
    let chars = text.chars().count();
    if chars > MAX_JUSTIFICATION_CHARS {
        return Err(invalid(Field::Justification, format!("{chars} characters; at most {MAX_JUSTIFICATION_CHARS} are kept")));
    }
    Ok(text.to_owned())
}

fn check_duration(days: u32, policy: &ApprovalPolicy) -> Result<(), RequestError> {
    if (1..=policy.max_duration_days).contains(&days) {
        Ok(())
    } else {
        Err(invalid(Field::Duration, format!("{days} days; this product grants from 1 to {} days", policy.max_duration_days)))
    }
}

/// The principal must be the requester's own account, an IAM principal in it, or one of the
/// Identity Center principals the requester acts as (themselves or a group of theirs): nobody
/// asks access on another account's behalf.
fn check_principal(text: &str, requester: &Identity) -> Result<String, RequestError> {
    let principal = Principal::parse(text).map_err(|e| invalid(Field::Principal, e.to_string()))?;
    // One of the requester's own principals (on AWS the roles they signed in with, possibly in
    // several accounts), or anything in their home account.
    let acts_as = requester.principals.iter().chain(&requester.groups).any(|p| Principal::parse(p).is_ok_and(|p| p == principal));
    let own = acts_as || principal.account() == Some(requester.account.as_str());
    if !own {
        return Err(invalid(Field::Principal, format!("{principal} is not in your account {} nor one of your own principals", requester.account)));
    }
    Ok(principal.to_string())
}

/// The filter is applied to every requested table, so it must parse and every column it names
/// must exist in each of them. Returns its canonical text, `None` when it keeps every row.
fn check_row_filter(text: &str, tables: &[&Table]) -> Result<Option<String>, RequestError> {
    let filter = row_filter::parse(text).map_err(|e| invalid(Field::RowFilter, e.to_string()))?;
    for table in tables {
        let columns = table.columns.iter().chain(&table.partition_keys).map(|c| c.name.as_str());
        row_filter::validate(&filter, columns)
            .map_err(|e| invalid(Field::RowFilter, format!("in {}: {e}", table.name)))?;
    }
    Ok((!filter.is_all()).then(|| filter.to_string()))
}

pub(super) fn find_column<'t>(table: &'t Table, name: &str) -> Option<&'t Column> {
    table.columns.iter().chain(&table.partition_keys).find(|c| c.name == name)
}
