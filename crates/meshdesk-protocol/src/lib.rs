//! The IPC contract: every type that crosses between the backend (Tauri, CLI `--json`) and the window.
//!
//! Only this crate's types are serialised. It compiles for native targets and for wasm32, and
//! depends on nothing of ours. Names here are stable: the CLI documents its JSON output as these.

mod catalog;
mod error;
mod governance;
mod ids;
mod lineage;
mod mesh;
mod mesh_status;
mod product;
mod sign_in;
pub mod time;

pub use catalog::*;
pub use error::*;
pub use governance::*;
pub use ids::*;
pub use lineage::*;
pub use mesh::*;
pub use mesh_status::*;
pub use product::*;
pub use sign_in::*;
