//! Naming the grants read from Lake Formation: an entry whose (principal, resource) Meshdesk
//! recorded (see `hub::grant_names`) gets the recorded names; anything else is drift and is named
//! `ACCOUNT:database/lf-<key>` (or `ACCOUNT/lf-<key>` for an LF-tag policy), stable from one
//! crawl to the next and naming the product it is on, so that the product's owners — not only
//! stewards — may repair it.
//!
//! Lake Formation merges permissions granted to one (principal, resource) into one entry, so one
//! entry may carry several Meshdesk grants (two requests of one principal for the same columns).
//! Each named grant shows the part of the entry's permissions it was made with; permissions no
//! record explains — added behind Meshdesk's back — form an extra `lf:` grant. A recorded grant
//! whose permissions are all gone is not listed at all: the request's finding says it is missing.

use std::collections::{BTreeMap, BTreeSet};

use meshdesk_core::governance::model::{Grant, Permission, Resource};

use crate::crawl::FilterDefinition;
use crate::grant_key::grant_key;
use crate::hub::grant_names::GrantRecord;
use crate::lf_map::Entry;

/// The id of a grant no record explains.
pub fn drift_id(key: &str, resource: &Resource) -> String {
    match resource {
        Resource::Database { account, database }
        | Resource::Table { account, database, .. }
        | Resource::DataCellsFilter { account, database, .. } => format!("{account}:{database}/lf-{key}"),
        Resource::TagPolicy { account, .. } => format!("{account}/lf-{key}"),
    }
}

/// Names every entry. Entries listed twice (by two accounts) count once.
pub fn name_grants(entries: &[Entry], records: &[GrantRecord], filters: &[FilterDefinition]) -> Vec<Grant> {
    let mut merged: BTreeMap<String, Entry> = BTreeMap::new();
    for entry in entries {
        let key = grant_key(&entry.principal, &entry.resource);
        match merged.get_mut(&key) {
            Some(present) => {
                present.permissions.extend(entry.permissions.iter().copied());
                present.grantable.extend(entry.grantable.iter().copied());
            }
            None => {
                merged.insert(key, entry.clone());
            }
        }
    }
    let mut grants = Vec::new();
    for (key, entry) in merged {
        let named: Vec<&GrantRecord> = records.iter().filter(|r| r.key == key).collect();
        let resource = with_filter(&entry.resource, filters, named.first().map(|r| &r.grant.resource));
        let (mut explained, mut explained_grantable) = (BTreeSet::new(), BTreeSet::new());
        for record in &named {
            let permissions: BTreeSet<Permission> =
                record.grant.permissions.intersection(&entry.permissions).copied().collect();
            let grantable: BTreeSet<Permission> =
                record.grant.grantable.intersection(&entry.grantable).copied().collect();
            explained.extend(record.grant.permissions.iter().copied());
            explained_grantable.extend(record.grant.grantable.iter().copied());
            if permissions.is_empty() {
                continue;
            }
            // Same key: same principal and resource identity. Keep the record's column order,
            // which Lake Formation does not promise to return.
            let resource = match &resource {
                Resource::DataCellsFilter { .. } => resource.clone(),
                _ => record.grant.resource.clone(),
            };
            grants.push(Grant {
                id: record.grant.id.clone(),
                principal: entry.principal.clone(),
                resource,
                permissions,
                grantable,
            });
        }
        let extra_grantable: BTreeSet<Permission> = entry.grantable.difference(&explained_grantable).copied().collect();
        let mut extra: BTreeSet<Permission> = entry.permissions.difference(&explained).copied().collect();
        extra.extend(extra_grantable.iter().copied());
        if !extra.is_empty() {
            grants.push(Grant {
                id: drift_id(&key, &resource),
                principal: entry.principal.clone(),
                resource,
                permissions: extra,
                grantable: extra_grantable,
            });
        }
    }
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    grants
}

/// A filter grant with its filter's row filter and columns: as Lake Formation defines the filter
/// now, else as Meshdesk recorded it (the emulator lists no filters).
fn with_filter(resource: &Resource, filters: &[FilterDefinition], recorded: Option<&Resource>) -> Resource {
    let Resource::DataCellsFilter { account, database, table, name, .. } = resource else { return resource.clone() };
    let defined = filters
        .iter()
        .find(|f| &f.account == account && &f.database == database && &f.table == table && &f.name == name);
    match (defined, recorded) {
        (Some(f), _) => Resource::DataCellsFilter {
            account: account.clone(),
            database: database.clone(),
            table: table.clone(),
            name: name.clone(),
            row_filter: f.row_filter.clone(),
            columns: f.columns.clone(),
        },
        (None, Some(recorded @ Resource::DataCellsFilter { .. })) => recorded.clone(),
        (None, _) => resource.clone(),
    }
}

#[cfg(test)]
#[path = "naming_tests.rs"]
mod tests;
