//! The sandbox behind the governance ports: the contract every backend keeps (exact round trips,
//! compare-and-set requests, all-or-nothing policy changes, an append-only chained audit log),
//! writers racing on one file, and the demo mesh's governance story.

mod contract;
mod demo;
mod fixture;
mod racing;
mod replay;
