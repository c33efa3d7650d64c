//! Pages: each owns its data loading and is shown in the main area for one `Page`.

pub mod catalog;
pub mod lineage;
pub mod product;
pub mod settings;
