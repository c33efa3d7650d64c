//! Owners' updates and table versions on realistic Glue answers, where the emulator cannot give
//! them: moto ignores `VersionId` on `UpdateTable` (so a write racing another is never refused
//! there), never pages `GetTableVersions`, and keeps no multi-dialect view definitions or
//! federated tables. The full field-preservation round trip is in `tests/moto/product.rs`.

use std::collections::HashMap;

use aws_sdk_glue::operation::get_table::GetTableOutput;
use aws_sdk_glue::operation::get_table_versions::GetTableVersionsOutput;
use aws_sdk_glue::operation::update_table::{UpdateTableError, UpdateTableOutput};
use aws_sdk_glue::primitives::DateTime;
use aws_sdk_glue::types::error::ConcurrentModificationException;
use aws_sdk_glue::types::{self as glue};
use aws_smithy_mocks::{Rule, mock};
use meshdesk_core::model::{LfTag, params};

use super::*;
use crate::crawl::tests::run;

const ACCOUNT: &str = "111111111111";

/// An account's clients whose Glue answers by `rules` (the crawler's tests' clients).
fn clients(rules: &[&Rule]) -> AccountClients {
    crate::crawl::tests::clients(rules, &[])
}

fn column(name: &str, ty: &str) -> glue::Column {
    glue::Column::builder()
        .name(name)
        .r#type(ty)
        .parameters("iceberg.field.id", "1")
        .build()
        .expect("a column")
}

/// A table with every field Glue has that Meshdesk does not model set.
fn stored_table(columns: &[&str]) -> glue::Table {
    let storage = glue::StorageDescriptor::builder()
        .set_columns(Some(columns.iter().map(|c| column(c, "string")).collect()))
        .location("s3://lake/customers/")
        .additional_locations("s3://lake/customers-archive/")
        .input_format("org.apache.hadoop.mapred.TextInputFormat")
        .output_format("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
        .compressed(true)
        .number_of_buckets(8)
        .serde_info(
            glue::SerDeInfo::builder()
                .name("csv")
                .serialization_library("org.apache.hadoop.hive.serde2.OpenCSVSerde")
                .parameters("separatorChar", ";")
                .build(),
        )
        .bucket_columns("id")
        .sort_columns(glue::Order::builder().column("id").sort_order(1).build().expect("an order"))
        .parameters("skip.header.line.count", "1")
        .skewed_info(glue::SkewedInfo::builder().skewed_column_names("country").skewed_column_values("DE").build())
        .stored_as_sub_directories(true)
        .build();
    let view = glue::ViewDefinition::builder()
        .is_protected(true)
        .definer("arn:aws:iam::111111111111:role/Views")
        .representations(
            glue::ViewRepresentation::builder()
                .dialect(glue::ViewDialect::Athena)
                .dialect_version("3")
                .view_original_text("SELECT 1")
                .build(),
        )
        .view_version_id(4)
        .build();
    glue::Table::builder()
        .name("customers")
        .database_name("customer_profiles")
        .description("One row per customer")
        .owner("hadoop")
        .retention(30)
        .storage_descriptor(storage)
        .partition_keys(column("dt", "date"))
        .view_original_text("/* original */")
        .view_expanded_text("/* expanded */")
        .table_type("EXTERNAL_TABLE")
        .parameters("classification", "csv")
        .parameters(params::CONTRACT, r#"{"version":"1.0","columns":["id"]}"#)
        .create_time(DateTime::from_secs(1_700_000_000))
        .update_time(DateTime::from_secs(1_700_000_100))
        .version_id("7")
        .view_definition(view)
        .federated_table(glue::FederatedTable::builder().identifier("ext").connection_name("conn").build())
        .build()
        .expect("a table")
}

fn as_read(t: &glue::Table) -> Table {
    let mut table = glue_map::table(ACCOUNT, "customer_profiles", t);
    table.tags = [LfTag::new("sensitivity", "internal")].into();
    table
}

/// Sets the tier of the table as read from `read`, which must be refused as a conflict.
fn tier_gold(clients: &AccountClients, read: &glue::Table) -> AwsError {
    let expected = as_read(read);
    let mut wanted = expected.clone();
    wanted.parameters.insert(params::TIER.into(), "gold".into());
    let error = run(update_table(clients, &wanted, &expected)).expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
    error
}

#[test]
fn a_table_update_copies_every_field_and_changes_only_the_meant_parameter() {
    let stored = stored_table(&["id", "country"]);
    let expected = as_read(&stored);
    let mut wanted = expected.clone();
    wanted.parameters.insert(params::CONTRACT.into(), r#"{"version":"1.1","columns":["id"]}"#.into());
    let input = table_input(&stored, &TableDelta::between(&expected, &wanted)).expect("an input");

    assert_eq!(input.storage_descriptor, stored.storage_descriptor, "storage, SerDe, buckets, skew kept");
    assert_eq!(input.partition_keys, stored.partition_keys);
    assert_eq!(
        (input.owner.as_deref(), input.retention, input.table_type.as_deref(), input.description.as_deref()),
        (Some("hadoop"), 30, Some("EXTERNAL_TABLE"), Some("One row per customer"))
    );
    assert_eq!((input.view_original_text, input.view_expanded_text), (stored.view_original_text, stored.view_expanded_text));
    assert_eq!(input.federated_table, stored.federated_table);
    let view = input.view_definition.expect("the view definition is kept");
    assert_eq!((view.is_protected, view.view_version_id, view.definer.as_deref()), (Some(true), 4, Some("arn:aws:iam::111111111111:role/Views")));
    assert_eq!(view.representations.expect("representations")[0].view_original_text.as_deref(), Some("SELECT 1"));
    let mut parameters: HashMap<String, String> = stored.parameters.clone().expect("parameters");
    parameters.insert(params::CONTRACT.into(), r#"{"version":"1.1","columns":["id"]}"#.into());
    assert_eq!(input.parameters, Some(parameters));
}

#[test]
fn a_column_change_keeps_what_glue_stores_beside_each_column() {
    let stored = stored_table(&["id", "country"]);
    let expected = as_read(&stored);
    let mut wanted = expected.clone();
    wanted.columns[1].comment = "ISO 3166".into();
    wanted.columns.push(Column { name: "segment".into(), data_type: "string".into(), ..Column::default() });
    let input = table_input(&stored, &TableDelta::between(&expected, &wanted)).expect("an input");
    let columns = input.storage_descriptor.expect("storage").columns.expect("columns");
    assert_eq!(columns[1].comment.as_deref(), Some("ISO 3166"));
    assert_eq!(columns[1].parameters, stored_table(&["country"]).storage_descriptor.and_then(|s| s.columns).and_then(|c| c[0].parameters.clone()));
    assert_eq!((columns[2].name.as_str(), columns[2].parameters.as_ref()), ("segment", None));
}

#[test]
fn an_update_racing_another_is_refused_by_glue_through_the_version_read() {
    let get = mock!(aws_sdk_glue::Client::get_table)
        .then_output(|| GetTableOutput::builder().table(stored_table(&["id", "country"])).build());
    // Someone else updated the table after it was read: its version is no longer 7.
    let update = mock!(aws_sdk_glue::Client::update_table)
        .match_requests(|r| r.version_id() == Some("7"))
        .then_error(|| {
            UpdateTableError::ConcurrentModificationException(
                ConcurrentModificationException::builder().message("Update table failed due to concurrent modifications.").build(),
            )
        });
    let clients = clients(&[&get, &update]);
    let error = tier_gold(&clients, &stored_table(&["id", "country"]));
    assert!(error.to_string().contains("111111111111:customer_profiles.customers was changed by someone else"), "{error}");
    assert_eq!(update.num_calls(), 1, "the update carried the version it read");
}

#[test]
fn an_update_over_a_definition_changed_since_it_was_read_writes_nothing() {
    let get = mock!(aws_sdk_glue::Client::get_table)
        .then_output(|| GetTableOutput::builder().table(stored_table(&["id"])).build());
    let update = mock!(aws_sdk_glue::Client::update_table).then_output(|| UpdateTableOutput::builder().build());
    let clients = clients(&[&get, &update]);
    // The caller read the table while it still had `country`.
    tier_gold(&clients, &stored_table(&["id", "country"]));
    assert_eq!(update.num_calls(), 0);

    let expected = as_read(&stored_table(&["id", "country"]));
    let mut retagged = expected.clone();
    retagged.tags.clear();
    let error = run(update_table(&clients, &retagged, &expected)).expect_err("refused");
    assert!(error.to_string().contains("policy plan"), "{error}");
}

#[test]
fn every_page_of_versions_is_read_oldest_first_with_the_tables_tags() {
    let version = |id: &str, columns: &[&str]| {
        glue::TableVersion::builder().version_id(id).table(stored_table(columns)).build()
    };
    let versions = mock!(aws_sdk_glue::Client::get_table_versions).then_compute_output(move |req| {
        match req.next_token() {
            None => GetTableVersionsOutput::builder()
                .table_versions(version("3", &["id", "country", "segment"]))
                .table_versions(version("10", &["id", "segment"]))
                .next_token("page-2")
                .build(),
            Some(_) => GetTableVersionsOutput::builder().table_versions(version("1", &["id"])).build(),
        }
    });
    let clients = clients(&[&versions]);
    let mut tagged = as_read(&stored_table(&["id", "segment"]));
    tagged.columns[0].tags = [LfTag::new("pii", "false")].into();
    let name = tagged.qualified_name();
    let read = run(table_versions(&clients, &name, &tagged)).expect("the versions");
    assert_eq!(read.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 3, 10]);
    assert_eq!(read[2].table, tagged, "the newest version is the table as read, tags and all");
    assert_eq!(read[0].recorded_at, Some(1_700_000_100));
    assert_eq!(read[1].table.columns[0].tags, [LfTag::new("pii", "false")]);
}
