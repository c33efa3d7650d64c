//! The consumer side of a cross-account share. A Lake Formation grant to another account is made
//! in the producer account, but the consumer cannot query it until its own account has accepted
//! the RAM invitation, holds a resource link to each shared table in its catalog, and lets the
//! request's principal DESCRIBE that link. Only someone with the consumer account's credentials
//! can do that, so it may happen later than the grant: the request stays provisioned and says
//! why its consumer side is pending ([`ConsumerSide::pending`]) until it is done.
//!
//! This module names the links (deterministically, so every attempt makes the same ones) and
//! the DESCRIBE grants on them, and records each outcome as a [`Transition`].

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::model::{ColumnSelection, ConsumerSide, Grant, Permission, RequestStatus, Resource, ResourceLink, ShareRequest};
use super::preview::plan_grants;
use super::principal::Principal;
use super::transition::{bumped, transition, Transition, MESHDESK_ACTOR};
use crate::model::Table;

/// The database, in the consumer's catalog, that holds the links Meshdesk makes.
pub const SHARED_DATABASE: &str = "meshdesk_shared";

/// Glue's longest table name.
const MAX_NAME: usize = 255;

/// The account whose catalog needs links for `request`: its principal's account when that is
/// not the producer's. `None` when the principal is in the producer account (it reads the table
/// itself) or is an Identity Center user or group (no account of its own to link in).
pub fn consumer_account(request: &ShareRequest) -> Option<String> {
    let principal = Principal::parse(&request.principal).ok()?;
    principal.account().filter(|a| *a != request.product_account).map(str::to_owned)
}

/// The name of the link to `account:database.table`: readable (`database__table`), lower-cased
/// to Glue's letters, digits and `_`, and ending in a hash of the exact target so that two
/// targets never share a name (`a_b`.`c` and `a`.`b_c`, or the same names in two accounts).
pub fn link_name(account: &str, database: &str, table: &str) -> String {
    let mut hash = Sha256::new();
    for part in [account, database, table] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    let suffix: String = hash.finalize().iter().take(4).map(|b| format!("{b:02x}")).collect();
    let clean = |text: &str| -> String {
        text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
    };
    let readable: String = format!("{}__{}", clean(database), clean(table)).chars().take(MAX_NAME - suffix.len() - 1).collect();
    format!("{readable}_{suffix}")
}

/// The links a provisioned request needs in the consumer's catalog: one per granted table.
/// Empty when no consumer side is needed (see [`consumer_account`]) and for an extension, whose
/// original keeps its links.
pub fn links_for(request: &ShareRequest, product_tables: &[Table]) -> Vec<ResourceLink> {
    let Some(account) = consumer_account(request) else { return Vec::new() };
    let mut links: Vec<ResourceLink> = plan_grants(request, product_tables)
        .iter()
        .filter_map(|g| match &g.resource {
            Resource::Table { table: Some(table), .. } | Resource::DataCellsFilter { table, .. } => Some(table.clone()),
            _ => None,
        })
        .map(|table| ResourceLink {
            account: account.clone(),
            database: SHARED_DATABASE.to_owned(),
            name: link_name(&request.product_account, &request.product_database, &table),
            target_table: table,
        })
        .collect();
    links.sort();
    links.dedup();
    links
}

/// The id of the DESCRIBE grant on a request's link: `req-7/link/customers`. It starts with the
/// request's id and `/`, so findings count it as the request's while the request is live.
pub fn link_grant_id(request_id: &str, table: &str) -> String {
    format!("{request_id}/link/{table}")
}

/// DESCRIBE on the link for the request's principal, in the consumer's account, never
/// grantable. `None` when the principal is the whole account: the account's own data lake
/// administrators see the link and decide who else does.
pub fn link_grant(request: &ShareRequest, link: &ResourceLink) -> Option<Grant> {
    match Principal::parse(&request.principal).ok()? {
        Principal::Account(_) => None,
        _ => Some(Grant {
            id: link_grant_id(&request.id, &link.target_table),
            principal: request.principal.clone(),
            resource: Resource::Table {
                account: link.account.clone(),
                database: link.database.clone(),
                table: Some(link.name.clone()),
                columns: ColumnSelection::All,
            },
            permissions: BTreeSet::from([Permission::Describe]),
            grantable: BTreeSet::new(),
        }),
    }
}

/// Why a consumer side waits when the mesh opened here has no credentials for its account.
pub fn out_of_reach(account: &str) -> String {
    format!(
        "waiting for someone with credentials for account {account} to open Meshdesk \
         (the RAM invitation, resource links and DESCRIBE grants are made in that account)"
    )
}

/// Whether a provisioned request's consumer side is still to be made.
pub fn needs_link(request: &ShareRequest) -> bool {
    request.status == RequestStatus::Provisioned && request.consumer.pending.is_some()
}

/// Whether ended access still has links in the consumer's catalog to delete.
pub fn needs_unlink(request: &ShareRequest) -> bool {
    matches!(request.status, RequestStatus::Revoked | RequestStatus::Expired) && !request.consumer.links.is_empty()
}

fn with_consumer(request: &ShareRequest, consumer: ConsumerSide, action: &str) -> Transition {
    let mut next = bumped(request);
    next.consumer = consumer;
    transition(request, next, MESHDESK_ACTOR, action)
}

/// Records the consumer side done: `links` exist, with DESCRIBE granted on them.
pub fn linked(request: &ShareRequest, links: Vec<ResourceLink>) -> Transition {
    with_consumer(request, ConsumerSide { links, pending: None }, "request.consumer_linked")
}

/// Records the consumer side not in step yet, and why; `links` are those it is to have (while
/// provisioned) or still has (after the access ended).
pub fn pending(request: &ShareRequest, links: Vec<ResourceLink>, reason: &str) -> Transition {
    with_consumer(request, ConsumerSide { links, pending: Some(reason.to_owned()) }, "request.consumer_pending")
}

/// Records the links of ended access deleted.
pub fn unlinked(request: &ShareRequest) -> Transition {
    with_consumer(request, ConsumerSide::default(), "request.consumer_unlinked")
}
