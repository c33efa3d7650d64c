//! Owners' edits of the catalog on AWS: a database's or a table's definition through Glue
//! `UpdateDatabase` / `UpdateTable`, made in the producer account with that account's
//! credentials (the profile the mesh file names for it), and a table's versions through
//! `GetTableVersions`.
//!
//! Glue's update replaces the whole definition with its input. So an update reads the stored
//! definition first, checks it is still the one the caller read (compare-and-set), and writes it
//! back with every field copied — storage descriptor, SerDe, buckets, skew, view texts, owner,
//! retention, column parameters, other parameters — and only the difference the caller meant
//! (`product::delta`) applied. A table update passes the `VersionId` it read, so Glue refuses it
//! if someone updated the table in between; Glue databases have no version, so a database's
//! check is the read just before the write.
//!
//! Lake Formation keeps LF-tags outside Glue: an update never changes them (a policy plan does),
//! and a table's versions are shown with the tags the table has now.

use std::collections::HashMap;

use aws_sdk_glue::types as glue;
use meshdesk_core::model::{Column, Database, Table, TableName};
use meshdesk_core::product::TableVersion;
use meshdesk_core::product::delta::{self, DatabaseDelta, ParameterDelta, TableDelta};

use crate::clients::AccountClients;
use crate::error::{AwsError, ErrorKind, built, classify};
use crate::glue_map;

fn refused(message: String) -> AwsError {
    AwsError::Plain { kind: ErrorKind::Invalid, message }
}

fn changed_since(what: &str) -> AwsError {
    AwsError::Plain {
        kind: ErrorKind::Conflict,
        message: format!("{what} was changed by someone else since it was read; reload and try again"),
    }
}

fn missing(what: &str) -> AwsError {
    AwsError::Plain {
        kind: ErrorKind::NotFound,
        message: format!("{what} does not exist; refresh the catalog and try again"),
    }
}

/// Glue's optional text for the core's plain one: empty is absent.
fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// The description to write: the changed one, else the stored one.
fn description(changed: &Option<String>, stored: &Option<String>) -> Option<String> {
    changed.as_deref().map_or_else(|| stored.clone(), text)
}

fn apply_parameters(delta: &ParameterDelta, parameters: Option<HashMap<String, String>>) -> Option<HashMap<String, String>> {
    if delta.is_empty() {
        return parameters;
    }
    let mut parameters = parameters.unwrap_or_default();
    for (key, value) in delta {
        match value {
            Some(v) => parameters.insert(key.clone(), v.clone()),
            None => parameters.remove(key),
        };
    }
    Some(parameters)
}

/// The columns Meshdesk wants, each keeping what Glue stores beside it (its `Parameters`, e.g.
/// Iceberg field ids) when a column of that name is there already.
fn merge_columns(stored: &[glue::Column], wanted: &[Column]) -> Result<Vec<glue::Column>, AwsError> {
    wanted
        .iter()
        .map(|w| match stored.iter().find(|s| s.name == w.name) {
            Some(s) => {
                let mut column = s.clone();
                column.r#type = text(&w.data_type);
                column.comment = text(&w.comment);
                Ok(column)
            }
            None => built(
                "a column",
                glue::Column::builder()
                    .name(&w.name)
                    .set_type(text(&w.data_type))
                    .set_comment(text(&w.comment))
                    .build(),
            ),
        })
        .collect()
}

/// What an update may not do on AWS, where Glue sets some fields itself and Lake Formation
/// keeps the tags.
fn unsupported_table_change(name: &TableName, change: &TableDelta) -> Option<String> {
    if change.tags.is_some() {
        return Some(format!("LF-tags of {name} change through a policy plan (Lake Formation), not a table update"));
    }
    change
        .update_time
        .is_some()
        .then(|| format!("Glue sets the update time of {name} itself; an update cannot change it"))
}

/// The database as the port reads it: Glue's definition with the LF-tags the caller holds.
fn database_as_read(account: &str, stored: &glue::Database, expected: &Database) -> Database {
    Database { tags: expected.tags.clone(), ..glue_map::database(account, stored) }
}

/// The table as the port reads it: Glue's definition with the LF-tags of `tagged` (the table
/// and its columns by name), which Glue does not hold.
pub fn with_tags(mut table: Table, tagged: &Table) -> Table {
    table.tags.clone_from(&tagged.tags);
    let tags_of = |name: &str| {
        tagged.columns.iter().chain(&tagged.partition_keys).find(|c| c.name == name).map(|c| c.tags.clone())
    };
    for column in table.columns.iter_mut().chain(table.partition_keys.iter_mut()) {
        column.tags = tags_of(&column.name).unwrap_or_default();
    }
    table
}

async fn get_database(clients: &AccountClients, name: &str) -> Result<Option<glue::Database>, AwsError> {
    match clients.glue.get_database().name(name).send().await {
        Ok(out) => Ok(out.database),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => Ok(None),
        Err(e) => Err(classify(clients.context(&format!("Glue GetDatabase {name}")), &e)),
    }
}

async fn get_table(clients: &AccountClients, database: &str, name: &str) -> Result<Option<glue::Table>, AwsError> {
    match clients.glue.get_table().database_name(database).name(name).send().await {
        Ok(out) => Ok(out.table),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => Ok(None),
        Err(e) => Err(classify(clients.context(&format!("Glue GetTable {database}.{name}")), &e)),
    }
}

/// The stored database with `change` applied, as Glue's `UpdateDatabase` takes it: every field
/// Meshdesk did not mean to change copied as stored.
pub fn database_input(stored: &glue::Database, change: &DatabaseDelta) -> Result<glue::DatabaseInput, AwsError> {
    built(
        "the database definition",
        glue::DatabaseInput::builder()
            .name(&stored.name)
            .set_description(description(&change.description, &stored.description))
            .set_location_uri(stored.location_uri.clone())
            .set_parameters(apply_parameters(&change.parameters, stored.parameters.clone()))
            .set_create_table_default_permissions(stored.create_table_default_permissions.clone())
            .set_target_database(stored.target_database.clone())
            .set_federated_database(stored.federated_database.clone())
            .build(),
    )
}

fn view_definition_input(view: &glue::ViewDefinition) -> glue::ViewDefinitionInput {
    let representations = view.representations.as_ref().map(|all| {
        all.iter()
            .map(|r| {
                glue::ViewRepresentationInput::builder()
                    .set_dialect(r.dialect.clone())
                    .set_dialect_version(r.dialect_version.clone())
                    .set_view_original_text(r.view_original_text.clone())
                    .set_view_expanded_text(r.view_expanded_text.clone())
                    .set_validation_connection(r.validation_connection.clone())
                    .build()
            })
            .collect()
    });
    glue::ViewDefinitionInput::builder()
        .set_is_protected(view.is_protected)
        .set_is_managed(view.is_managed)
        .set_definer(view.definer.clone())
        .set_representations(representations)
        .view_version_id(view.view_version_id)
        .set_view_version_token(view.view_version_token.clone())
        .set_refresh_seconds(view.refresh_seconds)
        .set_last_refresh_type(view.last_refresh_type.clone())
        .set_sub_objects(view.sub_objects.clone())
        .set_sub_object_version_ids(view.sub_object_version_ids.clone())
        .set_sub_objects_statistics(view.sub_objects_statistics.clone())
        .set_spark_pipeline_info(view.spark_pipeline_info.clone())
        .build()
}

/// The stored table with `change` applied, as Glue's `UpdateTable` takes it: every field
/// Meshdesk did not mean to change copied as stored.
pub fn table_input(stored: &glue::Table, change: &TableDelta) -> Result<glue::TableInput, AwsError> {
    let storage_changes = change.location.is_some()
        || change.input_format.is_some()
        || change.serde_library.is_some()
        || change.columns.is_some();
    let mut storage = stored.storage_descriptor.clone();
    if storage_changes {
        let sd = storage.get_or_insert_with(|| glue::StorageDescriptor::builder().build());
        if let Some(location) = &change.location {
            sd.location.clone_from(location);
        }
        if let Some(format) = &change.input_format {
            sd.input_format = format.as_deref().map(str::to_owned);
        }
        if let Some(library) = &change.serde_library {
            sd.serde_info.get_or_insert_with(|| glue::SerDeInfo::builder().build()).serialization_library =
                library.as_deref().map(str::to_owned);
        }
        if let Some(columns) = &change.columns {
            sd.columns = Some(merge_columns(sd.columns.as_deref().unwrap_or_default(), columns)?);
        }
    }
    let partition_keys = match &change.partition_keys {
        Some(keys) => Some(merge_columns(stored.partition_keys.as_deref().unwrap_or_default(), keys)?),
        None => stored.partition_keys.clone(),
    };
    let table_type = match &change.table_type {
        Some(wanted) => wanted.as_deref().map(str::to_owned),
        None => stored.table_type.clone(),
    };
    built(
        "the table definition",
        glue::TableInput::builder()
            .name(&stored.name)
            .set_description(description(&change.description, &stored.description))
            .set_owner(stored.owner.clone())
            .set_last_access_time(stored.last_access_time)
            .set_last_analyzed_time(stored.last_analyzed_time)
            .retention(stored.retention)
            .set_storage_descriptor(storage)
            .set_partition_keys(partition_keys)
            .set_view_original_text(stored.view_original_text.clone())
            .set_view_expanded_text(stored.view_expanded_text.clone())
            .set_table_type(table_type)
            .set_parameters(apply_parameters(&change.parameters, stored.parameters.clone()))
            .set_target_table(stored.target_table.clone())
            .set_federated_table(stored.federated_table.clone())
            .set_view_definition(stored.view_definition.as_ref().map(view_definition_input))
            .build(),
    )
}

/// Updates a database in its account if Glue still holds `expected`, applying only what
/// differs between `expected` and `wanted`. Returns the database as Glue holds it afterwards.
pub async fn update_database(
    clients: &AccountClients,
    wanted: &Database,
    expected: &Database,
) -> Result<Database, AwsError> {
    if let Some(problem) = delta::identity_problem_database(expected, wanted) {
        return Err(refused(problem));
    }
    let what = format!("the database {}:{}", expected.account, expected.name);
    let change = DatabaseDelta::between(expected, wanted);
    if change.tags.is_some() {
        return Err(refused(format!("LF-tags of {what} change through a policy plan, not a database update")));
    }
    let account = clients.account();
    let stored = get_database(clients, &expected.name).await?.ok_or_else(|| missing(&what))?;
    if database_as_read(account, &stored, expected) != *expected {
        return Err(changed_since(&what));
    }
    if change.is_empty() {
        return Ok(expected.clone());
    }
    clients
        .glue
        .update_database()
        .name(&expected.name)
        .database_input(database_input(&stored, &change)?)
        .send()
        .await
        .map_err(|e| classify(clients.context(&format!("Glue UpdateDatabase {}", expected.name)), &e))?;
    let now = get_database(clients, &expected.name).await?.ok_or_else(|| missing(&what))?;
    Ok(database_as_read(account, &now, expected))
}

/// Updates a table in its account if Glue still holds `expected` (also at the moment of the
/// write: the `VersionId` read goes with the update), applying only what differs between
/// `expected` and `wanted`. Glue keeps the definition it replaces as a version. Returns the
/// table as Glue holds it afterwards, with `expected`'s LF-tags.
pub async fn update_table(clients: &AccountClients, wanted: &Table, expected: &Table) -> Result<Table, AwsError> {
    if let Some(problem) = delta::identity_problem_table(expected, wanted) {
        return Err(refused(problem));
    }
    let name = expected.qualified_name();
    let what = format!("the table {name}");
    let change = TableDelta::between(expected, wanted);
    if let Some(problem) = unsupported_table_change(&name, &change) {
        return Err(refused(problem));
    }
    let (account, database) = (clients.account(), expected.database.as_str());
    let stored = get_table(clients, database, &expected.name).await?.ok_or_else(|| missing(&what))?;
    if with_tags(glue_map::table(account, database, &stored), expected) != *expected {
        return Err(changed_since(&what));
    }
    if change.is_empty() {
        return Ok(expected.clone());
    }
    let sent = clients
        .glue
        .update_table()
        .database_name(database)
        .table_input(table_input(&stored, &change)?)
        .set_version_id(stored.version_id.clone())
        .send()
        .await;
    match sent {
        Ok(_) => {}
        Err(e) if e.as_service_error().is_some_and(|s| s.is_concurrent_modification_exception()) => {
            return Err(changed_since(&what));
        }
        Err(e) => return Err(classify(clients.context(&format!("Glue UpdateTable {database}.{}", expected.name)), &e)),
    }
    let now = get_table(clients, database, &expected.name).await?.ok_or_else(|| missing(&what))?;
    Ok(with_tags(glue_map::table(account, database, &now), expected))
}

/// The table's versions as Glue keeps them (every page of `GetTableVersions`), oldest first,
/// each shown with the LF-tags of `tagged` (the table as last read). Glue's newest version is
/// the current definition.
pub async fn table_versions(
    clients: &AccountClients,
    name: &TableName,
    tagged: &Table,
) -> Result<Vec<TableVersion>, AwsError> {
    let context = || clients.context(&format!("Glue GetTableVersions of {}.{}", name.database, name.table));
    let pages = clients
        .glue
        .get_table_versions()
        .database_name(&name.database)
        .table_name(&name.table)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await;
    let pages = match pages {
        Ok(pages) => pages,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => {
            return Err(missing(&format!("the table {name}")));
        }
        Err(e) => return Err(classify(context(), &e)),
    };
    let mut versions = Vec::new();
    for found in pages.iter().flat_map(|p| p.table_versions()) {
        let Some(table) = found.table() else { continue };
        let id = found.version_id().unwrap_or_default();
        let version = id.trim().parse::<u64>().map_err(|_| AwsError::Call {
            kind: ErrorKind::Unavailable,
            context: context(),
            detail: format!("a version id is {id:?}, not a number"),
        })?;
        let recorded_at = table.update_time().or(table.create_time()).map(|t| t.secs());
        let table = with_tags(glue_map::table(clients.account(), &name.database, table), tagged);
        versions.push(TableVersion { version, recorded_at, table });
    }
    versions.sort_by_key(|v| v.version);
    Ok(versions)
}

#[cfg(test)]
#[path = "product_tests.rs"]
mod tests;
