//! The names of the grants Meshdesk made. Lake Formation grants carry no id and cannot be
//! tagged, yet the core names every grant (`req-7/customers`, `policy:seg`) so that findings can
//! tell a request's grant from drift. Before Meshdesk grants, it records the grant here under
//! (`grant_key`, its id), with the content granted; after it revokes, it deletes the record.
//! The crawler gives a Lake Formation entry the names recorded under its key (see `naming`).
//!
//! Recording first means a crash between the record and the grant leaves a name without a
//! grant (harmless: nothing is listed under it) rather than a grant without a name.
//!
//! A record made by a policy apply also keeps that apply (`applied`: its audit event and time).
//! Lake Formation has no transactions, so the event comes after the grants; a process killed
//! between them leaves a grant with no event. Reconcile finds such records (`unaudited`) and
//! finishes the apply: it grants again (idempotent) and appends the event — nothing stands
//! that the audit log does not explain.

use aws_sdk_dynamodb::types::AttributeValue;
use meshdesk_core::governance::model::{AuditDraft, AuditEvent, Grant};

use super::Hub;
use super::codec::{FORMAT, Item, applied_fields, applied_from, grant_fields, grant_from, n, s};
use crate::error::{AwsError, classify};
use crate::grant_key::grant_key;

/// A grant Meshdesk made, under its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRecord {
    pub key: String,
    pub grant: Grant,
    /// The apply that made it, with the audit event it appends and when; none when the
    /// record predates this field or a request's consumer side made the grant.
    pub applied: Option<Applied>,
}

/// The audit event an apply appends (and its time), kept on the records of its grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub draft: AuditDraft,
    pub at: i64,
}

impl Applied {
    /// Whether `event` is this apply's: its own event, its `.incomplete` one, or one
    /// recorded by reconcile (all keep the actor, target and time of the apply).
    pub fn is_audited_by(&self, event: &AuditEvent) -> bool {
        let action = &self.draft.action;
        event.at == self.at
            && event.actor == self.draft.actor
            && event.target == self.draft.target
            && (event.action == *action || event.action.strip_prefix(action.as_str()).is_some_and(|r| r.starts_with('.')))
    }
}

impl GrantRecord {
    pub fn of(grant: &Grant) -> GrantRecord {
        GrantRecord { key: grant_key(&grant.principal, &grant.resource), grant: grant.clone(), applied: None }
    }

    /// The record of a grant made by an apply that appends `draft` at `at`.
    pub fn applied(grant: &Grant, draft: &AuditDraft, at: i64) -> GrantRecord {
        GrantRecord { applied: Some(Applied { draft: draft.clone(), at }), ..GrantRecord::of(grant) }
    }
}

/// The records of applies that have no audit event in `events`, grouped by apply (in the order
/// they were made). Applies for a request are left out: reconcile finishes those through the
/// request (provisioning appends their event), and recording it here too would audit one apply
/// twice.
pub fn unaudited<'a>(records: &'a [GrantRecord], events: &[AuditEvent]) -> Vec<(&'a Applied, Vec<&'a GrantRecord>)> {
    let mut applies: Vec<(&Applied, Vec<&GrantRecord>)> = Vec::new();
    for record in records {
        let Some(applied) = &record.applied else { continue };
        if applied.draft.request_id.is_some() || events.iter().any(|e| applied.is_audited_by(e)) {
            continue;
        }
        match applies.iter_mut().find(|(a, _)| *a == applied) {
            Some((_, grants)) => grants.push(record),
            None => applies.push((applied, vec![record])),
        }
    }
    applies.sort_by_key(|(a, _)| a.at);
    applies
}

pub async fn all(hub: &Hub) -> Result<Vec<GrantRecord>, AwsError> {
    let table = &hub.tables.grants;
    let items = super::scan_all(hub, table).await?;
    items
        .iter()
        .map(|item| {
            let text = |name: &str| match item.get(name) {
                Some(AttributeValue::S(v)) => Some(v.clone()),
                _ => None,
            };
            let (key, name) = (text("key").unwrap_or_default(), text("name").unwrap_or_default());
            let grant = grant_from(item, name.clone()).map_err(|e| AwsError::Record {
                table: table.clone(),
                key: format!("grant {name}"),
                problem: e.0,
            })?;
            let applied = applied_from(item)
                .map_err(|e| AwsError::Record { table: table.clone(), key: format!("grant {name}"), problem: e.0 })?
                .map(|(draft, at)| Applied { draft, at });
            Ok(GrantRecord { key, grant, applied })
        })
        .collect()
}

pub async fn put(hub: &Hub, record: &GrantRecord) -> Result<(), AwsError> {
    let table = &hub.tables.grants;
    let mut item = Item::new();
    item.insert("key".into(), s(&record.key));
    item.insert("name".into(), s(&record.grant.id));
    item.insert("format".into(), n(FORMAT));
    grant_fields(&mut item, &record.grant);
    if let Some(applied) = &record.applied {
        applied_fields(&mut item, &applied.draft, applied.at);
    }
    hub.client
        .put_item()
        .table_name(table)
        .set_item(Some(item))
        .send()
        .await
        .map_err(|e| classify(hub.context("PutItem", table), &e))?;
    Ok(())
}

pub async fn delete(hub: &Hub, key: &str, name: &str) -> Result<(), AwsError> {
    let table = &hub.tables.grants;
    hub.client
        .delete_item()
        .table_name(table)
        .key("key", s(key))
        .key("name", s(name))
        .send()
        .await
        .map_err(|e| classify(hub.context("DeleteItem", table), &e))?;
    Ok(())
}

#[cfg(test)]
#[path = "grant_names_tests.rs"]
mod tests;
