//! Governance: who may read what (grants, principals, tag expressions, row filters), share
//! requests and their lifecycle, approval policy, policy plans, the audit chain and findings.
//!
//! Everything here decides; nothing acts. Callers pass state and `now`, and get back decisions
//! and the audit events they imply.

pub mod access;
pub mod approval;
pub mod audit;
pub mod consumer;
pub mod decide;
pub mod effect;
pub mod expr;
pub mod findings;
pub mod json;
pub mod json_write;
pub mod model;
pub mod ownership;
pub mod plan;
pub mod preview;
pub mod principal;
pub mod request;
pub mod row_filter;
pub mod transition;

#[cfg(test)]
mod consumer_tests;
#[cfg(test)]
mod decide_tests;
#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod fixture;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod request_tests;
