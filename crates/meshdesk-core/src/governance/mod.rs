//! Governance: who may read what (grants, principals, tag expressions, row filters), share
//! requests and their lifecycle, approval policy, policy plans, the audit chain and findings.
//!
//! Everything here decides; nothing acts. Callers pass state and `now`, and get back decisions
//! and the audit events they imply.

pub mod audit;
pub mod model;
