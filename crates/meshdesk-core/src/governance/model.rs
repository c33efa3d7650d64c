//! The governance vocabulary, shaped like Lake Formation's: principals, permissions, resources
//! and grants; identities acting in Meshdesk; share requests; audit events; policy operations.

use std::collections::BTreeSet;
use std::fmt;

/// A Lake Formation permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    Select,
    Describe,
    Insert,
    Delete,
    Alter,
    Drop,
    All,
}

impl Permission {
    pub const EVERY: [Permission; 7] = [
        Permission::Select,
        Permission::Describe,
        Permission::Insert,
        Permission::Delete,
        Permission::Alter,
        Permission::Drop,
        Permission::All,
    ];

    /// The name Lake Formation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Select => "SELECT",
            Permission::Describe => "DESCRIBE",
            Permission::Insert => "INSERT",
            Permission::Delete => "DELETE",
            Permission::Alter => "ALTER",
            Permission::Drop => "DROP",
            Permission::All => "ALL",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::EVERY.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which columns of a table a grant covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnSelection {
    All,
    Only(Vec<String>),
    AllExcept(Vec<String>),
}

impl ColumnSelection {
    pub fn covers(&self, column: &str) -> bool {
        match self {
            ColumnSelection::All => true,
            ColumnSelection::Only(names) => names.iter().any(|n| n == column),
            ColumnSelection::AllExcept(names) => !names.iter().any(|n| n == column),
        }
    }
}

/// One `key in (values)` clause of an LF-tag expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagClause {
    pub key: String,
    pub values: Vec<String>,
}

/// An LF-tag expression: every clause must hold (Lake Formation's `AND` of `key in (…)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagExpression {
    pub clauses: Vec<TagClause>,
}

/// What a grant is on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resource {
    /// The database itself (DESCRIBE, ALTER, …): no table data.
    Database { account: String, database: String },
    /// One table (`table: Some`) or every table of the database (Lake Formation's
    /// `TableWildcard`, `table: None`), with the columns covered.
    Table { account: String, database: String, table: Option<String>, columns: ColumnSelection },
    /// A named data cells filter: a row filter (`None` = all rows) and the columns it shows.
    DataCellsFilter {
        account: String,
        database: String,
        table: String,
        name: String,
        row_filter: Option<String>,
        columns: ColumnSelection,
    },
    /// Every table (and column) of the account's catalog whose effective LF-tags satisfy the expression.
    TagPolicy { account: String, expression: TagExpression },
}

impl Resource {
    /// The account whose catalog holds the resource.
    pub fn account(&self) -> &str {
        match self {
            Resource::Database { account, .. }
            | Resource::Table { account, .. }
            | Resource::DataCellsFilter { account, .. }
            | Resource::TagPolicy { account, .. } => account,
        }
    }
}

/// A Lake Formation grant: a principal, a resource, permissions and grantable permissions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Grant {
    /// Stable id: Meshdesk derives it from what provisioned it (e.g. the request id), so
    /// provisioning twice finds the grant instead of making a second one.
    pub id: String,
    /// As written in Lake Formation: an account id or an ARN (see [`super::principal`] once parsed).
    pub principal: String,
    pub resource: Resource,
    pub permissions: BTreeSet<Permission>,
    pub grantable: BTreeSet<Permission>,
}

/// Someone using Meshdesk, as verified by the backend (STS GetCallerIdentity on AWS, the chosen
/// persona on the sandbox) — never a name typed in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    /// Stable id: the persona id on the sandbox, the caller ARN on AWS.
    pub id: String,
    pub name: String,
    /// The sign-in email, matched against `meshdesk:owner` / `meshdesk:steward` entries.
    pub email: String,
    /// The account the identity works in.
    pub account: String,
    /// The principals this identity acts as (IAM role ARN, Identity Center user ARN).
    pub principals: Vec<String>,
    /// Identity Center groups the identity belongs to.
    pub groups: Vec<String>,
    /// The display names of `groups` where the backend read them (Identity Center's
    /// DescribeGroup), so that `meshdesk:owner` / `meshdesk:steward` may name a group by name.
    pub group_names: Vec<String>,
    /// Mesh-wide stewards (data governance) may review every product and act where a policy
    /// requires a steward.
    pub steward: bool,
}

/// The lifecycle states of a share request (DESIGN.md, "Request lifecycle").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestStatus {
    Pending,
    Approved,
    Provisioned,
    Revoked,
    Expired,
    Rejected,
    Withdrawn,
}

impl RequestStatus {
    pub const EVERY: [RequestStatus; 7] = [
        RequestStatus::Pending,
        RequestStatus::Approved,
        RequestStatus::Provisioned,
        RequestStatus::Revoked,
        RequestStatus::Expired,
        RequestStatus::Rejected,
        RequestStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Provisioned => "provisioned",
            RequestStatus::Revoked => "revoked",
            RequestStatus::Expired => "expired",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::EVERY.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// No further transition leaves this state.
    pub fn is_final(self) -> bool {
        matches!(self, RequestStatus::Revoked | RequestStatus::Expired | RequestStatus::Rejected | RequestStatus::Withdrawn)
    }
}

/// In which capacity someone decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capacity {
    Owner,
    Steward,
    /// The product's approval policy decided by itself (auto-approval, expiry).
    Policy,
    Requester,
}

/// What a decision was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Approve,
    Reject,
    Revoke,
    Withdraw,
    Expire,
    /// Provisioned access was given a later end (an approved extension request, or an owner).
    Extend,
}

/// One decision on a request, kept in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The identity id that decided (`policy` for the approval policy itself).
    pub by: String,
    pub capacity: Capacity,
    pub verdict: Verdict,
    pub at: i64,
    pub reason: Option<String>,
}

/// A consumer's request for access to (part of) a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRequest {
    pub id: String,
    /// Bumped by every transition; each write compares and sets it.
    pub version: u64,
    /// The identity id of who asked.
    pub requester: String,
    /// Who is to be granted: the requester's account id, or a role (or Identity Center principal) in it.
    pub principal: String,
    pub product_account: String,
    pub product_database: String,
    /// The tables asked for; every table of the product when empty.
    pub tables: Vec<String>,
    /// `table.column` entries asked for; every column of the asked tables when empty.
    pub columns: Vec<String>,
    pub row_filter: Option<String>,
    pub permissions: BTreeSet<Permission>,
    pub duration_days: u32,
    pub justification: String,
    pub status: RequestStatus,
    pub created_at: i64,
    pub decisions: Vec<Decision>,
    /// When access ends (set on provisioning: provisioned time + duration). An extension request
    /// holds the end it asks for from the start.
    pub expires_at: Option<i64>,
    /// The grants provisioned for this request (ids).
    pub grant_ids: Vec<String>,
    /// The last provisioning error, shown until a retry or reconcile succeeds.
    pub last_error: Option<String>,
    /// For an extension request: the request whose access it extends.
    pub extends: Option<String>,
    /// The consumer side of a cross-account share: where the data is reachable in the
    /// consumer's own catalog (see [`super::consumer`]).
    pub consumer: ConsumerSide,
}

/// The consumer side of a provisioned cross-account share. Lake Formation's grant lives in the
/// producer account; the consumer's account must still accept the RAM invitation, hold a
/// resource link to each shared table in its own catalog, and let the principal DESCRIBE it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerSide {
    /// The links made (or to make, while `pending`) in the consumer's catalog; kept after the
    /// access ends until they are deleted.
    pub links: Vec<ResourceLink>,
    /// Why the consumer side is not in step yet: it waits for someone holding the consumer
    /// account's credentials to open Meshdesk, or the last attempt failed. `None` when done.
    pub pending: Option<String>,
}

/// A Glue resource link in the consumer's catalog to a table of the producer's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResourceLink {
    /// The consumer account whose catalog holds the link.
    pub account: String,
    pub database: String,
    pub name: String,
    /// The producer's table it points at (in the request's product database).
    pub target_table: String,
}

/// What an audit event records, before the log seals it into the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditDraft {
    /// The verified identity id (or `policy` / `meshdesk` for automatic actions).
    pub actor: String,
    /// A dotted verb, e.g. `request.created`, `request.approved`, `grant.created`, `policy.applied`.
    pub action: String,
    /// What it was done to, e.g. `402183775004:customer_profiles` or a request id.
    pub target: String,
    pub request_id: Option<String>,
    /// State before and after, as stable text (JSON rendered by the caller, or a summary).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An event in the audit log, chained to the one before it by hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Position in the log, from 1.
    pub seq: u64,
    /// Unix seconds.
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub request_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The previous event's hash (all zeros for the first).
    pub prev_hash: String,
    /// SHA-256 (hex) over this event's fields and `prev_hash`.
    pub hash: String,
}

/// A resource an LF-tag can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TagTarget {
    Database { account: String, database: String },
    Table { account: String, database: String, table: String },
    Column { account: String, database: String, table: String, column: String },
}

/// One change an owner (or a finding's repair) asks for. A plan is a list of these.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PolicyOp {
    /// Sets the tag (replacing another value of the same key on that resource).
    AssignTag { target: TagTarget, key: String, value: String },
    RemoveTag { target: TagTarget, key: String },
    Grant(Grant),
    /// Revokes the grant with this id (exactly as it stands).
    Revoke { grant_id: String },
}
