//! Meshdesk's use cases, one function each: load what is needed, decide in the core, act through
//! a backend. The window (`src-tauri`) and the command line call only this crate.
//!
//! Every function takes the current time as an argument: reading the clock is the shells' job.

mod catalog;
mod access;
mod access_cache;
mod aws;
mod aws_status;
mod audit;
mod consumer;
mod contract;
mod convert;
mod convert_governance;
mod convert_product;
mod data_dir;
mod error;
mod history;
mod lineage;
mod mesh;
mod policy;
mod product;
mod requests;
mod sign_in;
mod status;

pub use access::ACCESS_PAGE_MAX;
pub use data_dir::{resolve_data_dir, DATA_DIR_ENV};
pub use aws::{chosen_mesh_file, setup_aws_hub, setup_aws_hub_as, AccountOutcome, AwsConfig, AwsErrorKind, LakeSettings, Progress, Stage};
pub use sign_in::{configured_sso_targets, mesh_sso_target, open_in_browser, sso_config, SignIn};
pub use mesh::{Backend, MeshSetup, Meshdesk, SandboxConfig};
pub use status::RefreshCallback;
/// The sandbox backend, named so shells can spell `Meshdesk<SandboxStore>` where they must.
pub use meshdesk_local::SandboxStore;
pub use meshdesk_aws::{
    default_path as default_mesh_file, AccountProgress, AccountStatus, AwsMesh, SetupReport, TableSetup, MESH_FILE_ENV,
};
