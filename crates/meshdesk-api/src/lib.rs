//! Meshdesk's use cases, one function each: load what is needed, decide in the core, act through
//! a backend. The window (`src-tauri`) and the command line call only this crate.
//!
//! Every function takes the current time as an argument: reading the clock is the shells' job.

mod catalog;
mod access;
mod audit;
mod convert;
mod convert_governance;
mod data_dir;
mod error;
mod lineage;
mod mesh;
mod policy;
mod requests;

pub use data_dir::{resolve_data_dir, DATA_DIR_ENV};
pub use mesh::{Backend, MeshSetup, Meshdesk, SandboxConfig};
