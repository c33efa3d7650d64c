//! Meshdesk's embedded backend: a simulated multi-account mesh in one SQLite file, seeded with a
//! realistic demo mesh on first start, implementing the same ports as the AWS backend.
//!
//! [`SandboxStore::open`] opens (or creates and seeds) `<data dir>/sandbox.sqlite`; it is a
//! `CatalogSource`, `Directory`, `PolicyStore`, `RequestStore` and `AuditLog`. [`demo`] holds
//! the demo mesh and a generator of large synthetic meshes.

mod audit;
mod codec;
pub mod demo;
mod error;
mod grants;
mod identities;
mod json;
mod persona;
mod policy;
mod ports;
mod read;
mod requests;
mod schema;
mod store;
mod transaction;
mod write;

pub use demo::{DemoMesh, SyntheticConfig, demo_mesh, synthetic_mesh};
pub use error::StoreError;
pub use persona::Persona;
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use store::{STORE_FILE, SandboxStore};
