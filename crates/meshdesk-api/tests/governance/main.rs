//! The governance loop through the API, on a freshly seeded sandbox: a consumer requests, owners
//! and stewards decide, grants appear and disappear, the audit log records it all, findings
//! explain drift. One test binary; each module a part of the loop.

mod access_pages;
mod crash;
mod crash_points;
mod fixture;
mod fresh_access;
mod loop_;
mod policy;
mod power_loss;
mod product;
mod race;
mod race_processes;
mod steward;
mod wrapped;
