//! Meshdesk's embedded backend: a simulated multi-account mesh in one SQLite file, seeded with a
//! realistic demo mesh on first start, implementing the same ports as the AWS backend.
//!
//! [`SandboxStore::open`] opens (or creates and seeds) `<data dir>/sandbox.sqlite`; it is a
//! `CatalogSource`, `Directory`, `PolicyStore`, `RequestStore`, `AuditLog` and `ProductStore`.
//! [`demo`] holds the demo mesh and a generator of large synthetic meshes. [`CatalogCache`] keeps a catalog and
//! its grants read from elsewhere (the AWS backend's last crawl) in a file of the same schema.

mod audit;
mod cache;
mod codec;
pub mod demo;
mod error;
mod grants;
mod identities;
mod json;
mod listing;
mod migrate;
mod persona;
mod policy;
mod ports;
mod product_store;
mod read;
mod requests;
mod schema;
mod store;
mod transaction;
mod versions;
mod write;

pub use cache::CatalogCache;
pub use demo::{DemoMesh, SyntheticConfig, demo_mesh, synthetic_grants, synthetic_mesh};
pub use error::StoreError;
pub use persona::Persona;
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use store::{STORE_FILE, SandboxStore};
