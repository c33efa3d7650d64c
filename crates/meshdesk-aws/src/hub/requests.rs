//! Share requests in the hub's requests table. A transition is one `TransactWriteItems`: the
//! request, put only over the version its writer read, and the audit event it implies, put only
//! at the next free number of the chain — both or neither.

use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem};
use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::{AuditDraft, AuditEvent, ShareRequest};

use super::codec::{Item, Reader, event_item, n, request_from, request_item, s};
use super::{ATTEMPTS, Hub, audit, pause};
use crate::error::{AwsError, ErrorKind, built, classify};

fn record_error(hub: &Hub, item: &Item, problem: String) -> AwsError {
    let id = match item.get("id") {
        Some(AttributeValue::S(id)) => id.clone(),
        _ => "?".to_owned(),
    };
    AwsError::Record { table: hub.tables.requests.clone(), key: format!("request {id}"), problem }
}

/// Every request (a consistent, paged scan).
pub async fn all(hub: &Hub) -> Result<Vec<ShareRequest>, AwsError> {
    let table = &hub.tables.requests;
    let items = super::scan_all(hub, table).await?;
    let mut requests = items
        .iter()
        .map(|item| request_from(item).map_err(|e| record_error(hub, item, e.0)))
        .collect::<Result<Vec<_>, _>>()?;
    requests.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(requests)
}

pub async fn one(hub: &Hub, id: &str) -> Result<Option<ShareRequest>, AwsError> {
    let item = super::get(hub, &hub.tables.requests, Item::from([("id".to_owned(), s(id))])).await?;
    item.as_ref().map(|item| request_from(item).map_err(|e| record_error(hub, item, e.0))).transpose()
}

/// What a cancelled transaction says about each of its two puts.
enum Cancelled {
    /// The request's condition failed; the stored item, when DynamoDB returned it.
    Request(Option<Item>),
    /// Only the audit put failed, or another transaction held an item: seal again and retry.
    Retry,
    Other,
}

fn cancelled(error: &TransactWriteItemsError) -> Cancelled {
    let TransactWriteItemsError::TransactionCanceledException(c) = error else {
        return if matches!(error, TransactWriteItemsError::TransactionInProgressException(_)) {
            Cancelled::Retry
        } else {
            Cancelled::Other
        };
    };
    let reasons = c.cancellation_reasons();
    let code = |i: usize| reasons.get(i).and_then(|r| r.code());
    if code(0) == Some("ConditionalCheckFailed") {
        return Cancelled::Request(reasons.first().and_then(|r| r.item()).cloned());
    }
    if code(1) == Some("ConditionalCheckFailed") || reasons.iter().any(|r| r.code() == Some("TransactionConflict")) {
        return Cancelled::Retry;
    }
    Cancelled::Other
}

/// Writes `request` over version `expected` (`None`: it must not exist) with its audit event.
pub async fn commit(
    hub: &Hub,
    request: &ShareRequest,
    expected: Option<u64>,
    draft: &AuditDraft,
    at: i64,
) -> Result<AuditEvent, AwsError> {
    let id = &request.id;
    if let Some(expected) = expected.filter(|&e| request.version <= e) {
        return Err(AwsError::Plain {
            kind: ErrorKind::Invalid,
            message: format!("{id} must be written with a version after {expected}, not {}", request.version),
        });
    }
    let token = super::write_token();
    let put_request = {
        let mut item = request_item(request);
        item.insert(super::WRITER.into(), s(&token));
        let put = Put::builder()
            .table_name(&hub.tables.requests)
            .set_item(Some(item))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        let put = match expected {
            None => put.condition_expression("attribute_not_exists(id)"),
            Some(version) => put
                .condition_expression("#version = :expected")
                .expression_attribute_names("#version", "version")
                .expression_attribute_values(":expected", n(version)),
        };
        built("the request put", put.build())?
    };
    for attempt in 0..ATTEMPTS {
        let event = seal(audit::head(hub).await?.as_ref(), draft, at);
        let put_event = built(
            "the audit put",
            Put::builder()
                .table_name(&hub.tables.audit)
                .set_item(Some(event_item(&event)))
                .condition_expression("attribute_not_exists(sk)")
                .build(),
        )?;
        let sent = hub
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(put_request.clone()).build())
            .transact_items(TransactWriteItem::builder().put(put_event).build())
            .send()
            .await;
        let error = match sent {
            Ok(_) => return Ok(event),
            Err(error) => error,
        };
        match error.as_service_error().map(cancelled) {
            // The SDK retried a transaction DynamoDB had carried out (its answer lost): the
            // request and the event stand as written. A retry with the same client token is
            // answered as a success by DynamoDB itself; this covers a retry after that token's
            // ten minutes, and stores that do not keep tokens.
            // The request stored carries this commit's token, and the transaction wrote the
            // event with it: both stand.
            Some(Cancelled::Request(item)) if super::written_by(item.as_ref(), &token) => return Ok(event),
            Some(Cancelled::Request(item)) => return Err(conflict(hub, id, expected, item).await),
            Some(Cancelled::Retry) => pause(attempt).await,
            Some(Cancelled::Other) | None => {
                return Err(classify(hub.context("TransactWriteItems", &hub.tables.requests), &error));
            }
        }
    }
    Err(audit::moved_on(&hub.tables.audit))
}

/// The conflict as the caller should read it, with the version that is stored now.
async fn conflict(hub: &Hub, id: &str, expected: Option<u64>, item: Option<Item>) -> AwsError {
    let stored = match item {
        Some(item) => Reader::new(&item).and_then(|r| r.u64("version")).ok(),
        // DynamoDB returns the item only when asked and when there is one; read it to say what won.
        None => one(hub, id).await.ok().flatten().map(|r| r.version),
    };
    let message = match (stored, expected) {
        (Some(stored), Some(expected)) => {
            format!("{id} was changed by someone else (version {stored}, expected {expected}); reload and try again")
        }
        (Some(stored), None) => format!("{id} already exists (version {stored}); reload and try again"),
        (None, _) => format!("{id} does not exist any more; reload and try again"),
    };
    AwsError::Plain { kind: ErrorKind::Conflict, message }
}
