//! Governance types: effective access and its explanation, share requests, policy plans,
//! the audit log and findings.

use crate::{EffectiveSensitivity, ProductRef, Sensitivity, TableRef};
use serde::{Deserialize, Serialize};

/// A Lake Formation permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    Select,
    Describe,
    Insert,
    Delete,
    Alter,
    Drop,
    All,
}

/// Which rows a principal can read of a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowScope {
    All,
    /// Only rows matching at least one of these row filters.
    Filtered { filters: Vec<String> },
}

/// One grant that gives access, and why it applies to the principal asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantPath {
    pub grant_id: String,
    /// The grantee as written in Lake Formation.
    pub grantee: String,
    /// How the grantee covers the principal: "directly", "through account 4021…", "through group …".
    pub matched_as: String,
    /// The resource in words, e.g. "table billing.invoices, columns a, b" or "LF-tags sensitivity in (public)".
    pub resource: String,
    pub permissions: Vec<Permission>,
    pub row_filter: Option<String>,
    /// The share request that provisioned the grant, when one did.
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnAccess {
    pub column: String,
    pub sensitivity: Option<EffectiveSensitivity>,
    pub rows: RowScope,
    pub via: Vec<GrantPath>,
}

/// What a principal can read of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableAccess {
    pub table: TableRef,
    pub domain: String,
    /// Readable columns only.
    pub columns: Vec<ColumnAccess>,
    pub column_total: u32,
    /// When access given by share requests ends (the latest), if it does.
    pub expires_at: Option<i64>,
    /// Where a share request made the table reachable in the reader's own catalog, e.g.
    /// `meshdesk_shared.orders__lines_1a2b3c4d` (AWS resource links; never on the sandbox).
    #[serde(default)]
    pub reachable_as: Option<String>,
    /// Why that link is not made yet (see [`RequestView::consumer_pending`]).
    #[serde(default)]
    pub consumer_pending: Option<String>,
}

/// Everything an identity (or principal) can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessReport {
    /// The principals evaluated: the identity's own, its account, its groups.
    pub principals: Vec<String>,
    pub tables: Vec<TableAccess>,
}

/// One page of what a principal can read, in table name order. A principal that LF-tag
/// policies reach across whole accounts reads thousands of tables: a screen asks for them a
/// page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessPage {
    /// The principals evaluated: the one asked about.
    pub principals: Vec<String>,
    pub tables: Vec<TableAccess>,
    /// How many tables it can read, over every page.
    pub readable_tables: u32,
    /// Where the next page starts (pass it as `after`); `None` on the last page.
    pub next: Option<TableRef>,
}

/// Who can read one column, and through what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reader {
    pub grantee: String,
    pub rows: RowScope,
    pub via: Vec<GrantPath>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnReaders {
    pub table: TableRef,
    pub column: String,
    pub sensitivity: Option<EffectiveSensitivity>,
    pub readers: Vec<Reader>,
}

/// The lifecycle states of a share request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    pub const ALL: [RequestStatus; 7] = [
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
        Self::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// What a consumer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDraft {
    pub product: ProductRef,
    /// Who is to be granted: the requester's account id or a role in it.
    pub principal: String,
    /// Tables of the product; all when empty.
    pub tables: Vec<String>,
    /// `table.column` entries; every column of the chosen tables when empty.
    pub columns: Vec<String>,
    pub row_filter: Option<String>,
    pub permissions: Vec<Permission>,
    pub duration_days: u32,
    pub justification: String,
}

/// One requested column and how sensitive it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedColumn {
    pub table: String,
    pub column: String,
    pub sensitivity: Option<EffectiveSensitivity>,
}

/// What sending a draft would do, shown before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPreview {
    pub columns: Vec<RequestedColumn>,
    pub highest: Option<Sensitivity>,
    /// The product's policy would approve it at once.
    pub auto_approve: bool,
    /// Why it would or would not be approved automatically.
    pub auto_approve_reason: String,
    /// Who must approve: e.g. ["an owner of identity/customer_profiles", "a steward"].
    pub approvals_needed: Vec<String>,
    pub max_duration_days: u32,
    /// The grants an approval would make.
    pub plan: Vec<PlannedChange>,
}

/// A decision taken on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub by: String,
    pub by_name: String,
    /// owner, steward, policy or requester.
    pub capacity: String,
    /// approve, reject, revoke, withdraw or expire.
    pub verdict: String,
    pub at: i64,
    pub reason: Option<String>,
}

/// What the current identity may do with a request now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestAction {
    Approve,
    Reject,
    Withdraw,
    Revoke,
    Extend,
    /// Finish provisioning an approved request whose grant failed.
    Retry,
}

/// A share request as the Requests screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: String,
    pub version: u64,
    pub requester: String,
    pub requester_name: String,
    pub principal: String,
    pub product: ProductRef,
    pub tables: Vec<String>,
    pub columns: Vec<RequestedColumn>,
    pub row_filter: Option<String>,
    pub permissions: Vec<Permission>,
    pub duration_days: u32,
    pub justification: String,
    pub status: RequestStatus,
    pub created_at: i64,
    pub decisions: Vec<DecisionView>,
    pub expires_at: Option<i64>,
    pub grant_ids: Vec<String>,
    pub last_error: Option<String>,
    pub extends: Option<String>,
    /// The resource links in the consumer's catalog through which the shared tables are
    /// reachable (AWS, cross-account); empty on the sandbox and within one account.
    #[serde(default)]
    pub links: Vec<ConsumerLink>,
    /// Why the consumer side (RAM invitation, links, DESCRIBE on them) is not in step yet: it
    /// waits for someone with the consumer account's credentials, or the last attempt failed.
    #[serde(default)]
    pub consumer_pending: Option<String>,
    pub highest: Option<Sensitivity>,
    /// Approvals still missing, in words.
    pub approvals_needed: Vec<String>,
    /// The grants approving it makes (or made).
    pub plan: Vec<PlannedChange>,
    /// What the current identity may do with it now.
    pub actions: Vec<RequestAction>,
}

/// A Glue resource link in the consumer's catalog to a shared table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerLink {
    /// The consumer account whose catalog holds it.
    pub account: String,
    pub database: String,
    pub name: String,
    /// The product's table it points at.
    pub table: String,
}

impl ConsumerLink {
    /// How a query names it in the consumer's catalog: `meshdesk_shared.<link>`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.database, self.name)
    }
}

/// Which requests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestScope {
    /// Requests the current identity made.
    Mine,
    /// Requests the current identity may decide (as owner or steward).
    Inbox,
    /// Every request (stewards' view).
    All,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFilter {
    pub scope: RequestScope,
    pub status: Option<RequestStatus>,
}

/// A decision the current identity takes on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Decide {
    Approve,
    Reject { reason: String },
    Withdraw,
    Revoke { reason: String },
    /// Ask for `days` more days of access (creates an extension request).
    Extend { days: u32, justification: String },
    Retry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideInput {
    pub id: String,
    /// The version the user saw: if the request moved since, the decision is refused.
    pub expected_version: u64,
    pub decision: Decide,
}

/// Something an LF-tag is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TagTarget {
    Database { account: String, database: String },
    Table { account: String, database: String, table: String },
    Column { account: String, database: String, table: String, column: String },
}

/// What a grant is on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GrantResource {
    Database { account: String, database: String },
    /// `table: None` is every table of the database. `columns: None` is every column, less `excluded`.
    Table { account: String, database: String, table: Option<String>, columns: Option<Vec<String>>, excluded: Vec<String> },
    DataCellsFilter {
        account: String,
        database: String,
        table: String,
        name: String,
        row_filter: Option<String>,
        columns: Option<Vec<String>>,
        excluded: Vec<String>,
    },
    TagPolicy { account: String, expression: String },
}

/// One change to policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PolicyChange {
    AssignTag { target: TagTarget, key: String, value: String },
    RemoveTag { target: TagTarget, key: String },
    Grant { principal: String, resource: GrantResource, permissions: Vec<Permission>, grantable: Vec<Permission> },
    Revoke { grant_id: String },
}

/// A change as a plan lists it: the change and what it means in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedChange {
    pub change: PolicyChange,
    pub description: String,
}

/// A change that cannot be applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProblem {
    /// Index of the change in the plan.
    pub change: u32,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessChangeKind {
    Gained,
    Lost,
    RowsChanged,
}

/// Who gains or loses what when a plan is applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessChange {
    pub grantee: String,
    pub table: TableRef,
    pub column: String,
    pub change: AccessChangeKind,
    pub sensitivity: Option<Sensitivity>,
}

/// A plan: the exact operations, what is wrong with any of them, the effect on access, and who
/// depends on what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub changes: Vec<PlannedChange>,
    pub problems: Vec<PlanProblem>,
    pub access_changes: Vec<AccessChange>,
    /// Consumers and downstream products a sensitivity change or a revocation affects.
    #[serde(default)]
    pub impact: Vec<crate::Impact>,
}

/// A grant as it stands in Lake Formation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub id: String,
    pub principal: String,
    pub resource: GrantResource,
    pub description: String,
    pub permissions: Vec<Permission>,
    pub grantable: Vec<Permission>,
    /// The request that explains it, if any.
    pub request_id: Option<String>,
}

/// An event of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventView {
    pub seq: u64,
    pub at: i64,
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub request_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Filters for the audit timeline. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    /// Prefix of the action, e.g. `request.` or `policy.applied`.
    pub action: Option<String>,
    /// Substring of the target.
    pub target: Option<String>,
    pub request_id: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub total: u32,
    /// Newest first.
    pub events: Vec<AuditEventView>,
}

/// The result of verifying the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub intact: bool,
    pub events_checked: u64,
    /// What is wrong, naming the event.
    pub problem: Option<String>,
    pub problem_seq: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    AuditLog,
    AccessMatrix,
    Requests,
    Findings,
}

/// An export, ready to save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    pub file_name: String,
    pub content: String,
    /// Where the backend saved it (the `exports` folder of the data directory).
    pub saved_to: String,
}

/// What a reconcile run found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileReport {
    /// Approved requests whose grants were made and that are now provisioned, and revoked or
    /// expired requests whose remaining grants (left by a crash) were revoked.
    pub completed: Vec<String>,
    /// Requests past their end whose grants were revoked.
    pub expired: Vec<String>,
    /// Requests that still could not be completed, with the reason.
    pub failed: Vec<(String, String)>,
    /// Audit events recorded for policy applies cut off between their grants and their event
    /// (on AWS: the grants stand, the event was missing), as `action on target by actor (event
    /// N)`.
    #[serde(default)]
    pub audited: Vec<String>,
}

/// One cell of the access matrix: what a grantee can read of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub grantee: String,
    pub readable_columns: u32,
    pub filtered: bool,
    /// The highest sensitivity among the readable columns.
    pub highest: Option<Sensitivity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub table: TableRef,
    pub domain: String,
    pub column_total: u32,
    pub cells: Vec<MatrixCell>,
}

/// Grantees × tables: who can read how much of what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessMatrix {
    pub grantees: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

/// Something a steward should look at, with the repair Meshdesk proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub id: String,
    /// e.g. `grantable_cross_account`, `restricted_to_broad_principal`, `drift_unexplained_grant`.
    pub kind: String,
    pub severity: Severity,
    pub target: String,
    pub explanation: String,
    /// Empty when a person must act (e.g. name an owner).
    pub repair: Vec<PlannedChange>,
}
