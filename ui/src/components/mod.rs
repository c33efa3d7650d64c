//! Components: small views that turn props into markup and call no backend.

pub mod badges;
pub mod error_banner;
pub mod facets;
pub mod highlighted;
pub mod lineage_graph;
pub mod nav_rail;
pub mod product_overview;
pub mod product_schema;
pub mod result_row;
pub mod table_link;
pub mod top_bar;
