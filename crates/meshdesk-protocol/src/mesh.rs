//! Which mesh the window is on: its kind, accounts and size, and who is using it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeshKind {
    /// The embedded demo mesh in one SQLite file: no AWS needed.
    Sandbox,
    /// A real mesh of AWS accounts, named in a mesh file.
    Aws,
}

/// One account of the mesh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub product_count: u32,
    pub table_count: u32,
}

/// An identity Meshdesk can act as: a demo persona on the sandbox, the signed-in user on AWS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Persona {
    pub id: String,
    pub name: String,
    /// What the persona does in the mesh, e.g. "owner of billing".
    pub role: String,
    pub account: String,
    pub email: String,
    /// The principals it acts as (IAM role, Identity Center user) and its groups.
    pub principals: Vec<String>,
    pub groups: Vec<String>,
    pub steward: bool,
}

/// What the top bar and settings show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeshInfo {
    pub kind: MeshKind,
    pub name: String,
    /// Where the mesh's local state lives (the SQLite file).
    pub store_path: String,
    pub data_dir: String,
    pub accounts: Vec<AccountSummary>,
    pub product_count: u32,
    pub table_count: u32,
    pub column_count: u32,
    pub personas: Vec<Persona>,
    /// Who Meshdesk acts as: a persona id on the sandbox.
    pub identity: Option<Persona>,
}
