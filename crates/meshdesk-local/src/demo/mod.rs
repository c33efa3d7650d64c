//! The demo mesh every new sandbox starts with — a communications company moving from a central
//! lake to domain ownership — and a generator of large synthetic meshes for tests and benchmarks.
//!
//! The content is data: one file per domain (`messaging.rs`, `voice.rs`, …) listing its products,
//! tables and columns in the notation of `spec.rs`; `governance.rs` holds personas, grants and
//! requests. Everything is deterministic given `now`.

mod analytics;
mod billing;
mod governance;
mod identity;
mod marketing;
mod messaging;
mod nimbus;
mod prng;
mod spec;
mod synthetic;
mod voice;

use meshdesk_core::model::{Account, Catalog};

use crate::records::{GrantRecord, PersonaRecord, RequestRecord};
use spec::DomainSpec;

pub use synthetic::{SyntheticConfig, synthetic_mesh};

/// Moves every table's update times `seconds` forward, as if the demo's pipelines had kept their
/// schedules: `meshdesk:last_updated` and Glue's `UpdateTime` alike. Negative or zero moves nothing.
pub fn advance(catalog: &mut Catalog, seconds: i64) {
    if seconds <= 0 {
        return;
    }
    for table in &mut catalog.tables {
        table.update_time = table.update_time.map(|t| t.saturating_add(seconds));
        if let Some(value) = table.parameters.get_mut(meshdesk_core::params::LAST_UPDATED) {
            if let Ok(t) = value.trim().parse::<i64>() {
                *value = t.saturating_add(seconds).to_string();
            }
        }
    }
}

/// A whole mesh to seed a store with: the catalogs of every account and the sandbox's records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemoMesh {
    pub catalog: Catalog,
    pub personas: Vec<PersonaRecord>,
    pub grants: Vec<GrantRecord>,
    pub requests: Vec<RequestRecord>,
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
    sort(&mut catalog);
    DemoMesh {
        catalog,
        personas: governance::personas(),
        grants: governance::grants(),
        requests: governance::requests(now),
    }
}

/// Puts a catalog in the store's order: accounts by id, databases and tables by key.
pub(crate) fn sort(catalog: &mut Catalog) {
    catalog.accounts.sort_by(|a, b| a.id.cmp(&b.id));
    catalog.databases.sort_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));
    catalog.tables.sort_by(|a, b| (&a.account, &a.database, &a.name).cmp(&(&b.account, &b.database, &b.name)));
}
