//! Meshdesk's embedded backend: a simulated multi-account mesh in one SQLite file, seeded with a
//! realistic demo mesh on first start, implementing the same ports as the AWS backend.
//!
//! [`SandboxStore::open`] opens (or creates and seeds) `<data dir>/sandbox.sqlite`;
//! [`demo`] holds the demo mesh and a generator of large synthetic meshes.

mod codec;
pub mod demo;
mod error;
mod read;
mod records;
mod schema;
mod store;
mod write;

pub use demo::{DemoMesh, SyntheticConfig, demo_mesh, synthetic_mesh};
pub use error::StoreError;
pub use records::{GrantRecord, PersonaRecord, RequestRecord, request_status, resource_kind};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use store::{STORE_FILE, SandboxStore};
