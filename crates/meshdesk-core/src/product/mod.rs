//! Owners managing their products: annotations (who owns it, what it is, how fresh it is kept,
//! how requests are decided), publishing, data contracts and their checks, schema history, and
//! who depends on a product before it changes.
//!
//! As in `governance`, everything here decides and nothing acts: callers pass the catalog, the
//! grants, the verified identity and `now`, and get back plans, problems and findings.

pub mod annotation;
pub mod consumers;
pub mod contract;
pub mod contract_edit;
pub mod delta;
pub mod entries;
pub mod publish;
pub mod schema_diff;

pub use schema_diff::TableVersion;
