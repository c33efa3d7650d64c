//! The demo mesh every new sandbox starts with — a communications company moving from a central
//! lake to domain ownership — and a generator of large synthetic meshes for tests and benchmarks.
//!
//! The content is data: one file per domain (`messaging.rs`, `voice.rs`, …) listing its products,
//! tables and columns in the notation of `spec.rs`; `people.rs` holds the personas and their
//! groups, `access.rs` the requests, grants and drifts, told as stories (`story.rs`) that also
//! write the audit log; `history.rs` the earlier versions of a table whose pipeline broke its
//! contract. Everything is deterministic given `now`.

mod access;
mod analytics;
mod billing;
mod history;
mod identity;
mod marketing;
mod messaging;
mod nimbus;
mod people;
mod prng;
mod spec;
mod story;
mod synthetic;
mod voice;

use meshdesk_core::governance::model::{AuditEvent, Grant, ShareRequest};
use meshdesk_core::model::{Account, Catalog, Table, TagKey, params};
use meshdesk_core::product::TableVersion;

use crate::persona::Persona;
use spec::DomainSpec;

pub use synthetic::{SyntheticConfig, synthetic_grants, synthetic_mesh};

/// Moves every table's update times `seconds` forward, as if the demo's pipelines had kept their
/// schedules: `meshdesk:last_updated` and Glue's `UpdateTime` alike. Negative or zero moves nothing.
pub fn advance(catalog: &mut Catalog, seconds: i64) {
    for table in &mut catalog.tables {
        advance_table(table, seconds);
    }
}

/// [`advance`] for one table (or one version of it).
pub fn advance_table(table: &mut Table, seconds: i64) {
    if seconds <= 0 {
        return;
    }
    table.update_time = table.update_time.map(|t| t.saturating_add(seconds));
    if let Some(value) = table.parameters.get_mut(meshdesk_core::params::LAST_UPDATED)
        && let Ok(t) = value.trim().parse::<i64>()
    {
        *value = t.saturating_add(seconds).to_string();
    }
}

/// A whole mesh to seed a store with: the catalogs of every account (with their LF-tag keys),
/// the people, the grants, the hub's requests and its audit log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemoMesh {
    pub catalog: Catalog,
    /// By id. A persona's groups are stored as memberships of [`Persona::member`].
    pub personas: Vec<Persona>,
    /// `(member ARN, group ARN)`, sorted.
    pub memberships: Vec<(String, String)>,
    /// By id.
    pub grants: Vec<Grant>,
    /// By id.
    pub requests: Vec<ShareRequest>,
    /// A sealed chain, from its first event.
    pub audit: Vec<AuditEvent>,
    /// Earlier definitions of tables (Glue table versions), by table and version.
    pub table_versions: Vec<TableVersion>,
    /// Accounts whose data lake settings still give `IAM_ALLOWED_PRINCIPALS` access to new
    /// databases and tables (Lake Formation bypassed by IAM), by id.
    pub lake_formation_bypass: Vec<String>,
}

const DOMAINS: [&DomainSpec; 7] = [
    &messaging::MESSAGING,
    &voice::VOICE,
    &billing::BILLING,
    &identity::IDENTITY,
    &analytics::ANALYTICS,
    &marketing::MARKETING,
    &nimbus::NIMBUS,
];

/// The demo mesh, with update times and request dates counted back from `now` (Unix seconds).
/// Accounts come ordered by id, databases and tables by key, as the store returns them.
pub fn demo_mesh(now: i64) -> DemoMesh {
    let mut catalog = Catalog::default();
    for domain in DOMAINS {
        catalog.accounts.push(Account {
            id: domain.account.into(),
            name: domain.name.into(),
            domain: domain.domain.into(),
        });
        for database in domain.databases {
            catalog.databases.push(spec::database(domain, database));
            for table in database.tables {
                catalog.tables.push(spec::table(domain, database, table, now));
            }
        }
    }
    catalog.tag_keys = tag_keys(&catalog.accounts);
    sort(&mut catalog);
    let (requests, grants, entries) = access::access(now, &catalog.tables);
    let table_versions = history::versions(&catalog.tables, now);
    DemoMesh {
        catalog,
        personas: people::personas(),
        memberships: people::memberships(),
        grants,
        requests,
        audit: story::seal_all(entries),
        table_versions,
        // Nimbus joined the mesh with an acquisition and never left the IAM-only defaults.
        lake_formation_bypass: vec![nimbus::NIMBUS.account.to_owned()],
    }
}

/// The LF-tag keys every account of a generated mesh defines: `domain` (the mesh's domains),
/// `pii` and `sensitivity` (its four ordered levels).
pub(crate) fn tag_keys(accounts: &[Account]) -> Vec<TagKey> {
    let mut domains: Vec<String> = accounts.iter().map(|a| a.domain.clone()).collect();
    domains.sort();
    domains.dedup();
    let strings = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
    let mut keys = Vec::new();
    for account in accounts {
        let key = |key: &str, values: Vec<String>| TagKey { account: account.id.clone(), key: key.into(), values };
        keys.push(key("domain", domains.clone()));
        keys.push(key("pii", strings(&["true", "false"])));
        keys.push(key(params::SENSITIVITY_TAG, strings(&["public", "internal", "confidential", "restricted"])));
    }
    keys
}

/// Puts a catalog in the store's order: accounts by id, tag keys by account and key, databases
/// and tables by key.
pub(crate) fn sort(catalog: &mut Catalog) {
    catalog.accounts.sort_by(|a, b| a.id.cmp(&b.id));
    catalog.tag_keys.sort_by(|a, b| (&a.account, &a.key).cmp(&(&b.account, &b.key)));
    catalog.databases.sort_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));
    catalog.tables.sort_by(|a, b| (&a.account, &a.database, &a.name).cmp(&(&b.account, &b.database, &b.name)));
}
