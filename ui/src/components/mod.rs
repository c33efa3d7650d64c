//! Components: small views that turn props into markup and call no backend (but the top bar's
//! mesh indicator and session chip, which read how the mesh and the sign-in stand).

pub mod access_matrix;
pub mod badges;
pub mod choosers;
pub mod contract_view;
pub mod error_banner;
pub mod facets;
pub mod form_field;
pub mod grant_editor;
pub mod grant_paths;
pub mod highlighted;
pub mod lineage_graph;
pub mod mesh_indicator;
pub mod nav_rail;
pub mod plan_view;
pub mod policy_grants;
pub mod product_overview;
pub mod product_schema;
pub mod request_fields;
pub mod request_preview;
pub mod result_row;
pub mod session_chip;
pub mod table_link;
pub mod tag_editor;
pub mod top_bar;
