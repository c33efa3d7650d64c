//! The sandbox's own records beside the catalog: demo personas, Lake Formation grants and share
//! requests, as plain data for the governance code to interpret.

/// A demo identity Meshdesk can act as on the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaRecord {
    /// Short stable id, e.g. `dana`.
    pub id: String,
    pub name: String,
    /// What the persona does in the mesh, e.g. "owner of billing".
    pub role: String,
    /// The 12-digit account the persona works in.
    pub account: String,
    /// The sign-in email, matched against `meshdesk:owner` and `meshdesk:steward`.
    pub email: String,
}

/// The kinds of Lake Formation resource a grant can be on.
pub mod resource_kind {
    pub const DATABASE: &str = "database";
    pub const TABLE: &str = "table";
    pub const TABLE_WITH_COLUMNS: &str = "table_with_columns";
    pub const DATA_CELLS_FILTER: &str = "data_cells_filter";
    pub const LF_TAG_POLICY: &str = "lf_tag_policy";
    pub const ALL: [&str; 5] = [DATABASE, TABLE, TABLE_WITH_COLUMNS, DATA_CELLS_FILTER, LF_TAG_POLICY];
}

/// The states of a share request (DESIGN.md, "Request lifecycle").
pub mod request_status {
    pub const PENDING: &str = "pending";
    pub const APPROVED: &str = "approved";
    pub const PROVISIONED: &str = "provisioned";
    pub const REVOKED: &str = "revoked";
    pub const EXPIRED: &str = "expired";
    pub const REJECTED: &str = "rejected";
    pub const WITHDRAWN: &str = "withdrawn";
    pub const ALL: [&str; 7] = [PENDING, APPROVED, PROVISIONED, REVOKED, EXPIRED, REJECTED, WITHDRAWN];
}

/// One Lake Formation permission grant as it exists in a domain account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GrantRecord {
    pub id: String,
    /// An account id, an IAM role ARN (`arn:aws:iam::ACCT:role/NAME`) or an Identity Center
    /// user or group ARN (`arn:aws:identitystore:::group/ID`).
    pub principal: String,
    /// One of [`resource_kind::ALL`].
    pub resource_kind: String,
    /// The account whose catalog holds the resource.
    pub account: String,
    /// The database; empty for an `lf_tag_policy` grant, which spans the account's catalog.
    pub database: String,
    pub table: Option<String>,
    /// The columns granted; empty means all (subject to `excluded_columns`).
    pub columns: Vec<String>,
    pub excluded_columns: Vec<String>,
    /// A data cells filter's row filter expression, e.g. `region = 'EU'`.
    pub row_filter: Option<String>,
    /// An LF-tag expression, e.g. `sensitivity in (public,internal) AND domain in (billing)`.
    pub tag_expression: Option<String>,
    /// e.g. `SELECT`, `DESCRIBE`.
    pub permissions: Vec<String>,
    /// The permissions the principal may grant on; should be empty across accounts.
    pub grantable: Vec<String>,
}

/// A consumer's request for access to a data product, and where it is in its lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestRecord {
    pub id: String,
    /// The persona id of who asked.
    pub requester: String,
    /// Who is to be granted: an account id, role ARN or Identity Center ARN.
    pub principal: String,
    pub product_account: String,
    pub product_database: String,
    pub tables: Vec<String>,
    /// The columns asked for; empty means all columns of `tables`.
    pub columns: Vec<String>,
    pub row_filter: Option<String>,
    pub permissions: Vec<String>,
    pub duration_days: u32,
    pub justification: String,
    /// One of [`request_status::ALL`].
    pub status: String,
    /// Bumped on every state change; writes compare and set on it.
    pub version: u64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last decision (approve, reject, revoke, …).
    pub decided_at: Option<i64>,
    /// The persona id that made the last decision.
    pub decided_by: Option<String>,
    /// Why it was rejected, revoked or withdrawn, or what went wrong.
    pub reason: Option<String>,
}
