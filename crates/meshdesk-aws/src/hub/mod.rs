//! The hub: DynamoDB tables in the platform's account holding share requests, the audit log and
//! the names of the grants Meshdesk made. Every write is conditional, so writers on several
//! desktops can race without losing or forking anything.
//!
//! Tables (names from the mesh file):
//! - requests: key `id`; indexes `by_requester`, `by_product` (`ACCOUNT:database`) and
//!   `by_status`, each sorted by `created_at`, for listing a person's requests, an owner's
//!   inbox and what is pending.
//! - audit: key `pk` (always `chain`) + `sk` (the event's number). One partition holds the whole
//!   chain, so the log is one ordered, strongly consistent `Query`, the head is the same query
//!   reversed with `Limit 1`, and "append only at seq n+1" is a conditional put on the key
//!   (`attribute_not_exists(sk)`): two writers sealing onto the same head cannot both win. A
//!   partition takes about 1000 writes a second — several orders above a mesh's decisions.
//! - grants: key `key` (a hash of a grant's principal and resource) + `name` (its Meshdesk id):
//!   see `grant_names`.

pub mod audit;
pub mod codec;
pub mod grant_names;
pub mod requests;
mod setup;

use std::time::Duration;

use crate::identity::Caller;
use crate::mesh_file::HubTables;

pub use setup::{SetupReport, TableSetup, check_tables, setup};

/// The hub's client and tables.
#[derive(Debug, Clone)]
pub struct Hub {
    pub client: aws_sdk_dynamodb::Client,
    pub tables: HubTables,
    pub caller: Caller,
}

impl Hub {
    pub fn context(&self, call: &str, table: &str) -> String {
        format!("DynamoDB {call} on {table} in the hub account {}", self.caller.account)
    }
}

/// How many times a write is retried when the audit head moved under it.
pub const ATTEMPTS: u32 = 25;

/// Waits before retry `attempt` (from 0): exponential from 10 ms up to 320 ms, with jitter so
/// that writers who collided do not collide again in step.
pub async fn pause(attempt: u32) {
    let base = 10u64 << attempt.min(5);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let jitter = u64::from(nanos) % base.max(1);
    tokio::time::sleep(Duration::from_millis(base / 2 + jitter)).await;
}

/// The item of `table` under `key`, read strongly consistent.
/// The attribute a write carries to tell its own item from another writer's.
pub(crate) const WRITER: &str = "writer";

/// A token naming one write (this process, this moment, this write), stored with the item as
/// `writer`. When the SDK retries a write DynamoDB carried out but whose answer was lost, the
/// retry fails its own condition: the token is how the writer knows the item is its own, and not
/// another writer's that happens to hold the same content (the same person deciding the same
/// request from two windows in the same second writes identical items and events).
pub(crate) fn write_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{:x}-{nanos:x}-{:x}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Whether `item` was written with `token`.
pub(crate) fn written_by(item: Option<&codec::Item>, token: &str) -> bool {
    matches!(item.and_then(|i| i.get(WRITER)), Some(aws_sdk_dynamodb::types::AttributeValue::S(t)) if t == token)
}

pub(crate) async fn get(hub: &Hub, table: &str, key: codec::Item) -> Result<Option<codec::Item>, crate::error::AwsError> {
    let out = hub
        .client
        .get_item()
        .table_name(table)
        .set_key(Some(key))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| crate::error::classify(hub.context("GetItem", table), &e))?;
    Ok(out.item)
}

/// Every item of `table`: a consistent, paged scan.
pub(crate) async fn scan_all(hub: &Hub, table: &str) -> Result<Vec<codec::Item>, crate::error::AwsError> {
    hub.client
        .scan()
        .table_name(table)
        .consistent_read(true)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| crate::error::classify(hub.context("Scan", table), &e))
}
