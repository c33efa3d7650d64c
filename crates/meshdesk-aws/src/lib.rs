//! Meshdesk on AWS: the mesh file, one set of clients per account, the Glue and Lake Formation
//! crawler, policy changes as Lake Formation calls, and the DynamoDB hub of requests and audit.
//!
//! [`MeshFile::load`] reads and checks a mesh file; [`AwsMesh::connect`] opens the mesh it names
//! (STS on every profile); [`AwsMesh::refresh`] crawls the accounts; `AwsMesh` implements the
//! core's `CatalogSource`, `Directory`, `PolicyStore`, `RequestStore`, `AuditLog` and
//! `ProductStore`.
//! [`AwsMesh::setup_hub`] creates the hub's DynamoDB tables.

pub mod clients;
pub mod consumer;
pub mod crawl;
pub mod error;
pub mod glue_map;
pub mod grant_key;
pub mod hub;
pub mod identity;
pub mod identity_center;
pub mod lf_map;
pub mod lf_tag_search;
pub mod lf_tags;
mod mesh;
pub mod mesh_file;
pub mod naming;
mod policy;
pub mod policy_plan;
pub mod product;
mod product_store;
pub mod profiles;
pub mod retry;
pub mod runtime;
pub mod stewards;
pub mod sso;

pub use crawl::{AccountProgress, LakeSettings, Progress, Stage};
pub use error::{AwsError, ErrorKind};
pub use hub::{SetupReport, TableSetup};
pub use mesh::{AccountOutcome, AccountStatus, AwsMesh, ConnectOptions, DEFAULT_PARALLELISM, Snapshot};
pub use mesh_file::{MESH_FILE_ENV, MeshFile, MeshFileError, default_path};
