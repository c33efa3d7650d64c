//! How the mesh stands: each account of the mesh read, shown from the cache, or failed (and why),
//! with what the user should know about its view; and a refresh's progress, account by account.

use serde::{Deserialize, Serialize};

use crate::MeshKind;

/// Every account of the mesh and how it stands, for the Accounts section and the top bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeshStatus {
    pub kind: MeshKind,
    pub name: String,
    /// In the mesh file's order on AWS, by account id on the sandbox.
    pub accounts: Vec<AccountStatusView>,
    /// False on the sandbox: its store is the mesh, there is nothing to read again.
    pub refreshable: bool,
    /// Said when the local catalog cache was found damaged (or written by a newer Meshdesk) at
    /// this start and rebuilt from AWS instead of being trusted: what happened and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_notice: Option<String>,
}

impl MeshStatus {
    /// Accounts that could not be read.
    pub fn failed(&self) -> usize {
        self.accounts.iter().filter(|a| matches!(a.state, AccountState::Failed { .. })).count()
    }

    /// Accounts with at least one warning of `kind`.
    pub fn warned(&self, kind: WarningKind) -> usize {
        self.accounts.iter().filter(|a| a.warnings.iter().any(|w| w.kind == kind)).count()
    }
}

/// One account of the mesh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountStatusView {
    /// The AWS profile it is read with; `None` on the sandbox.
    pub profile: Option<String>,
    pub name: String,
    pub domain: String,
    /// `None` when the profile's credentials did not work (the account id comes from STS).
    pub account: Option<String>,
    pub state: AccountState,
    pub warnings: Vec<AccountWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AccountState {
    /// A sandbox account: its catalog is the sandbox store's.
    Sandbox { databases: u32, tables: u32, grants: u32 },
    /// Read from AWS since the mesh was opened.
    Loaded { databases: u32, tables: u32, grants: u32 },
    /// Shown from the local cache; not read from AWS since the mesh was opened.
    Cached,
    /// Could not be read: `kind` is e.g. `access-denied`, `throttled`, `unreachable`;
    /// `cached` says whether its last known catalog is still shown.
    Failed { kind: String, message: String, cached: bool },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountWarning {
    pub kind: WarningKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Lake Formation has grants on resources Glue did not list: the role may lack DESCRIBE.
    PartialView,
    /// The data lake settings give `IAM_ALLOWED_PRINCIPALS` access to new databases or tables,
    /// so IAM policies alone reach their data, around Lake Formation grants.
    LakeFormationBypass,
    /// Anything else the crawler noticed (e.g. data cells filters that could not be read).
    Other,
}

/// A refresh's progress: every account it reads, as far as it got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshProgress {
    /// A refresh is running now.
    pub running: bool,
    /// Unix seconds the last refresh started at, if any ran since the mesh was opened.
    pub started_at: Option<i64>,
    pub accounts: Vec<AccountProgressView>,
    /// Why the last refresh failed as a whole (e.g. the hub could not be read).
    pub error: Option<String>,
}

/// Where a refresh is in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountProgressView {
    pub profile: String,
    pub account: Option<String>,
    pub stage: RefreshStage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum RefreshStage {
    /// Waiting for its turn (accounts are read a few at a time).
    Queued,
    Started,
    /// Glue listed `databases`; the tables of `tables_read` of them are read so far.
    Reading { databases: u32, tables_read: u32 },
    Done,
    Failed { kind: String, message: String },
}
