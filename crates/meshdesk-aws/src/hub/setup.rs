//! Creating the hub's tables when they are missing (idempotent: tables that exist with the right
//! keys are left alone), and checking they are there before the hub is used.

use std::time::Duration;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, TableStatus,
};

use super::Hub;
use crate::error::{AwsError, ErrorKind, built, classify};

/// What setup did to one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableSetup {
    Created,
    AlreadyThere,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupReport {
    /// (table name, what was done), in the order requests, audit, grants.
    pub tables: Vec<(String, TableSetup)>,
}

struct Spec {
    name: String,
    /// (attribute, type, key type) of the table's key.
    key: Vec<(&'static str, ScalarAttributeType, KeyType)>,
    /// (index name, partition attribute, sort attribute); both attributes are defined as below.
    indexes: Vec<(&'static str, &'static str, &'static str)>,
    /// Every attribute a key or index uses, with its type.
    attributes: Vec<(&'static str, ScalarAttributeType)>,
}

fn specs(hub: &Hub) -> Vec<Spec> {
    use ScalarAttributeType::{N, S};
    vec![
        Spec {
            name: hub.tables.requests.clone(),
            key: vec![("id", S, KeyType::Hash)],
            indexes: vec![
                ("by_requester", "requester", "created_at"),
                ("by_product", "product", "created_at"),
                ("by_status", "status", "created_at"),
            ],
            attributes: vec![("id", S), ("requester", S), ("product", S), ("status", S), ("created_at", N)],
        },
        Spec {
            name: hub.tables.audit.clone(),
            key: vec![("pk", S, KeyType::Hash), ("sk", N, KeyType::Range)],
            indexes: vec![],
            attributes: vec![("pk", S), ("sk", N)],
        },
        Spec {
            name: hub.tables.grants.clone(),
            key: vec![("key", S, KeyType::Hash), ("name", S, KeyType::Range)],
            indexes: vec![],
            attributes: vec![("key", S), ("name", S)],
        },
    ]
}

/// Whether the table exists: `Some(key attribute names)`, `None` when it does not.
async fn describe(hub: &Hub, table: &str) -> Result<Option<(Vec<String>, bool)>, AwsError> {
    match hub.client.describe_table().table_name(table).send().await {
        Ok(out) => {
            let description = out.table();
            let keys = description
                .map(|t| t.key_schema().iter().map(|k| k.attribute_name().to_owned()).collect())
                .unwrap_or_default();
            let active = description.and_then(|t| t.table_status()) == Some(&TableStatus::Active);
            Ok(Some((keys, active)))
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(None),
        Err(e) => Err(classify(hub.context("DescribeTable", table), &e)),
    }
}

fn key_mismatch(table: &str, found: &[String], wanted: &[&str]) -> AwsError {
    AwsError::Call {
        kind: ErrorKind::Invalid,
        context: format!("the hub table {table}"),
        detail: format!(
            "it exists with the key ({}), not Meshdesk's ({}): name another table in the mesh file",
            found.join(", "),
            wanted.join(", ")
        ),
    }
}

/// Creates every missing hub table and waits until each is usable.
pub async fn setup(hub: &Hub) -> Result<SetupReport, AwsError> {
    let mut report = SetupReport { tables: Vec::new() };
    for spec in specs(hub) {
        let wanted: Vec<&str> = spec.key.iter().map(|k| k.0).collect();
        let outcome = match describe(hub, &spec.name).await? {
            Some((found, _)) if found != wanted => return Err(key_mismatch(&spec.name, &found, &wanted)),
            Some(_) => TableSetup::AlreadyThere,
            None => create(hub, &spec).await?,
        };
        wait_active(hub, &spec.name).await?;
        report.tables.push((spec.name, outcome));
    }
    Ok(report)
}

async fn create(hub: &Hub, spec: &Spec) -> Result<TableSetup, AwsError> {
    let mut request = hub.client.create_table().table_name(&spec.name).billing_mode(BillingMode::PayPerRequest);
    for (name, kind) in &spec.attributes {
        let definition = AttributeDefinition::builder().attribute_name(*name).attribute_type(kind.clone()).build();
        request = request.attribute_definitions(built("an attribute definition", definition)?);
    }
    for (name, _, key_type) in &spec.key {
        let element = KeySchemaElement::builder().attribute_name(*name).key_type(key_type.clone()).build();
        request = request.key_schema(built("a key schema", element)?);
    }
    for (index, partition, sort) in &spec.indexes {
        let hash = built(
            "an index key",
            KeySchemaElement::builder().attribute_name(*partition).key_type(KeyType::Hash).build(),
        )?;
        let range =
            built("an index key", KeySchemaElement::builder().attribute_name(*sort).key_type(KeyType::Range).build())?;
        let gsi = GlobalSecondaryIndex::builder()
            .index_name(*index)
            .key_schema(hash)
            .key_schema(range)
            .projection(Projection::builder().projection_type(ProjectionType::All).build())
            .build();
        request = request.global_secondary_indexes(built("an index", gsi)?);
    }
    match request.send().await {
        Ok(_) => Ok(TableSetup::Created),
        // Someone else's setup is creating it at the same moment: theirs will do.
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_in_use_exception()) => {
            Ok(TableSetup::AlreadyThere)
        }
        Err(e) => Err(classify(hub.context("CreateTable", &spec.name), &e)),
    }
}

/// New tables take seconds to become active on AWS; give up after two minutes.
async fn wait_active(hub: &Hub, table: &str) -> Result<(), AwsError> {
    for _ in 0..240 {
        if let Some((_, true)) = describe(hub, table).await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(AwsError::Call {
        kind: ErrorKind::Unavailable,
        context: format!("the hub table {table}"),
        detail: "it did not become active within two minutes; run setup again".to_owned(),
    })
}

/// Checks that every hub table exists with Meshdesk's keys, naming the setup step if not.
pub async fn check_tables(hub: &Hub) -> Result<(), AwsError> {
    for spec in specs(hub) {
        let wanted: Vec<&str> = spec.key.iter().map(|k| k.0).collect();
        match describe(hub, &spec.name).await? {
            Some((found, _)) if found != wanted => return Err(key_mismatch(&spec.name, &found, &wanted)),
            Some(_) => {}
            None => {
                return Err(AwsError::Call {
                    kind: ErrorKind::NotFound,
                    context: format!("the hub account {}", hub.caller.account),
                    detail: format!("it has no table {}: set the hub up first (`meshdesk setup`)", spec.name),
                });
            }
        }
    }
    Ok(())
}
