//! The audit chain in the hub's audit table: read in order with one paged query, appended by a
//! put that succeeds only if no event holds that number yet, retried on a moved head.

use aws_sdk_dynamodb::types::AttributeValue;
use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::{AuditDraft, AuditEvent};

use super::codec::{CHAIN, Item, event_from, event_item, s};
use super::{ATTEMPTS, Hub, pause};
use crate::error::{AwsError, ErrorKind, classify};

fn record_error(hub: &Hub, item: &Item, problem: String) -> AwsError {
    let seq = match item.get("sk") {
        Some(AttributeValue::N(n)) => n.clone(),
        _ => "?".to_owned(),
    };
    AwsError::Record { table: hub.tables.audit.clone(), key: format!("event {seq}"), problem }
}

/// Every event, in log order.
pub async fn events(hub: &Hub) -> Result<Vec<AuditEvent>, AwsError> {
    let table = &hub.tables.audit;
    let items: Vec<Item> = hub
        .client
        .query()
        .table_name(table)
        .key_condition_expression("pk = :chain")
        .expression_attribute_values(":chain", s(CHAIN))
        .consistent_read(true)
        .scan_index_forward(true)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| classify(hub.context("Query", table), &e))?;
    items.iter().map(|item| event_from(item).map_err(|e| record_error(hub, item, e.0))).collect()
}

/// The last event, read strongly consistent.
pub async fn head(hub: &Hub) -> Result<Option<AuditEvent>, AwsError> {
    let table = &hub.tables.audit;
    let out = hub
        .client
        .query()
        .table_name(table)
        .key_condition_expression("pk = :chain")
        .expression_attribute_values(":chain", s(CHAIN))
        .consistent_read(true)
        .scan_index_forward(false)
        .limit(1)
        .send()
        .await
        .map_err(|e| classify(hub.context("Query", table), &e))?;
    out.items().first().map(|item| event_from(item).map_err(|e| record_error(hub, item, e.0))).transpose()
}

/// The event stored at position `seq`, read strongly consistent.
pub async fn stored(hub: &Hub, seq: u64) -> Result<Option<AuditEvent>, AwsError> {
    let key = Item::from([("pk".to_owned(), s(CHAIN)), ("sk".to_owned(), super::codec::n(seq))]);
    let item = super::get(hub, &hub.tables.audit, key).await?;
    item.as_ref().map(|item| event_from(item).map_err(|e| record_error(hub, item, e.0))).transpose()
}

/// Whether the event at `seq` was written with `token`: a write whose answer was lost (a
/// connection closed after DynamoDB carried it out) is retried by the SDK and then fails its own
/// condition, which must not read as another writer's.
pub async fn written_by(hub: &Hub, seq: u64, token: &str) -> Result<bool, AwsError> {
    let key = Item::from([("pk".to_owned(), s(CHAIN)), ("sk".to_owned(), super::codec::n(seq))]);
    Ok(super::written_by(super::get(hub, &hub.tables.audit, key).await?.as_ref(), token))
}

/// Seals `draft` onto the head and appends it; when another writer appended first, reads the
/// new head and seals again.
pub async fn append(hub: &Hub, draft: &AuditDraft, at: i64) -> Result<AuditEvent, AwsError> {
    let table = &hub.tables.audit;
    let token = super::write_token();
    for attempt in 0..ATTEMPTS {
        let event = seal(head(hub).await?.as_ref(), draft, at);
        let mut item = event_item(&event);
        item.insert(super::WRITER.into(), s(&token));
        let put = hub
            .client
            .put_item()
            .table_name(table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(sk)")
            .send()
            .await;
        match put {
            Ok(_) => return Ok(event),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_conditional_check_failed_exception()) => {
                if written_by(hub, event.seq, &token).await? {
                    return Ok(event);
                }
                pause(attempt).await
            }
            Err(e) => return Err(classify(hub.context("PutItem", table), &e)),
        }
    }
    Err(moved_on(table))
}

pub fn moved_on(table: &str) -> AwsError {
    AwsError::Call {
        kind: ErrorKind::Conflict,
        context: format!("appending to the audit log {table}"),
        detail: format!("other writers kept appending first ({ATTEMPTS} tries); try again"),
    }
}
