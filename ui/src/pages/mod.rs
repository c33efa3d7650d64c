//! Pages: each owns its data loading and is shown in the main area for one `Page`.

pub mod accounts;
pub mod audit;
pub mod audit_findings;
pub mod audit_timeline;
pub mod audit_tools;
pub mod catalog;
pub mod contract_alerts;
pub mod lineage;
pub mod my_access;
pub mod new_request;
pub mod policies;
pub mod policy_workbench;
pub mod product;
pub mod product_access;
pub mod product_contracts;
pub mod product_history;
pub mod product_manage;
pub mod product_publish;
pub mod request;
pub mod request_decision;
pub mod requests;
pub mod settings;
pub mod settings_sign_in;
pub mod unpublished;
