//! Meshdesk's domain: what a mesh is, and every decision about it — no IO, no clock, no AWS.
//!
//! Backends fill a [`Catalog`] through the [`ports`]; [`CatalogIndex`] answers searches,
//! product detail and lineage over it. Time is always passed in as Unix seconds.

pub mod format;
pub mod governance;
pub mod freshness;
pub mod lineage;
pub mod model;
pub mod ports;
pub mod problem;
pub mod product;
pub mod search;
pub mod sensitivity;
mod index;
mod parameters;
mod shared_str;
mod tags;
mod text;

pub use index::{CatalogIndex, Listing, ProductSummary, TablesSummary};
pub use model::*;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod lineage_tests;
#[cfg(test)]
mod search_tests;
