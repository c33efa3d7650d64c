//! The sandbox behind the governance ports, beyond the contract every backend keeps (see
//! `tests/contract.rs`): exact round trips of a seeded mesh, all-or-nothing policy changes, an
//! audit log the file itself keeps append-only, and the demo mesh's governance story.

mod contract;
mod demo;
mod fixture;
mod replay;
