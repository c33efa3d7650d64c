//! The names of the grants Meshdesk made. Lake Formation grants carry no id and cannot be
//! tagged, yet the core names every grant (`req-7/customers`, `policy:seg`) so that findings can
//! tell a request's grant from drift. Before Meshdesk grants, it records the grant here under
//! (`grant_key`, its id), with the content granted; after it revokes, it deletes the record.
//! The crawler gives a Lake Formation entry the names recorded under its key (see `naming`).
//!
//! Recording first means a crash between the record and the grant leaves a name without a
//! grant (harmless: nothing is listed under it) rather than a grant without a name.

use aws_sdk_dynamodb::types::AttributeValue;
use meshdesk_core::governance::model::Grant;

use super::Hub;
use super::codec::{FORMAT, Item, grant_fields, grant_from, n, s};
use crate::error::{AwsError, classify};
use crate::grant_key::grant_key;

/// A grant Meshdesk made, under its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRecord {
    pub key: String,
    pub grant: Grant,
}

impl GrantRecord {
    pub fn of(grant: &Grant) -> GrantRecord {
        GrantRecord { key: grant_key(&grant.principal, &grant.resource), grant: grant.clone() }
    }
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
            Ok(GrantRecord { key, grant })
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
