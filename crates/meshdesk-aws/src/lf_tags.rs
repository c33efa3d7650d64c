//! Reading the LF-tags assigned to databases, tables and columns (`GetResourceLFTags` with
//! `ShowAssignedLFTags`: only the tags set on the resource itself; the core does inheritance).

use std::collections::BTreeMap;

use aws_sdk_lakeformation::config::http::HttpResponse;
use aws_sdk_lakeformation::error::SdkError;
use aws_sdk_lakeformation::operation::get_resource_lf_tags::{GetResourceLFTagsError, GetResourceLfTagsOutput};
use aws_sdk_lakeformation::types::{self as lf, TableWithColumnsResource};
use meshdesk_core::model::LfTag;

use crate::clients::AccountClients;
use crate::error::{AwsError, built, classify};
use crate::lf_map::tag_resource;

/// The tags set on a table and on each of its columns (by column name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableTags {
    pub table: Vec<LfTag>,
    pub columns: BTreeMap<String, Vec<LfTag>>,
}

pub fn tags(pairs: &[lf::LfTagPair]) -> Vec<LfTag> {
    pairs.iter().flat_map(|p| p.tag_values().iter().map(|v| LfTag::new(p.tag_key(), v.clone()))).collect()
}

/// Whether the error is the local emulator's answer for a resource that was never tagged: moto
/// (5.2) fails `GetResourceLFTags` there with HTTP 500 and an HTML error page instead of an empty
/// answer. Lake Formation itself answers such a resource with empty lists and reports its own
/// faults as JSON (`InternalServiceException`), so only this exact shape — status 500 and an HTML
/// body — means "no tags"; any other 500 stays an error.
fn never_tagged(error: &SdkError<GetResourceLFTagsError, HttpResponse>) -> bool {
    let Some(response) = error.raw_response() else { return false };
    let body = response.body().bytes().map(String::from_utf8_lossy).unwrap_or_default();
    response.status().as_u16() == 500
        && body.trim_start().to_ascii_lowercase().starts_with("<!doctype html")
        && body.contains("500 Internal Server Error")
}

async fn get(clients: &AccountClients, resource: lf::Resource) -> Result<Option<GetResourceLfTagsOutput>, AwsError> {
    let sent = clients.lakeformation.get_resource_lf_tags().resource(resource).show_assigned_lf_tags(true).send().await;
    match sent {
        Ok(out) => Ok(Some(out)),
        Err(e) if never_tagged(&e) => Ok(None),
        Err(e) => Err(classify(clients.context("Lake Formation GetResourceLFTags"), &e)),
    }
}

pub async fn database_tags(clients: &AccountClients, database: &str) -> Result<Vec<LfTag>, AwsError> {
    let target = meshdesk_core::governance::model::TagTarget::Database {
        account: clients.account().to_owned(),
        database: database.to_owned(),
    };
    Ok(get(clients, tag_resource(&target)?).await?.map(|out| tags(out.lf_tag_on_database())).unwrap_or_default())
}

/// A table's own tags and its columns'. Lake Formation lists column tags with the table's; the
/// emulator lists them only when the columns are named, so when none come back with the table
/// the columns are asked for by name.
pub async fn table_tags(
    clients: &AccountClients,
    database: &str,
    table: &str,
    columns: &[String],
) -> Result<TableTags, AwsError> {
    let account = clients.account().to_owned();
    let target = meshdesk_core::governance::model::TagTarget::Table {
        account: account.clone(),
        database: database.to_owned(),
        table: table.to_owned(),
    };
    let mut out = TableTags::default();
    let mut column_tags: Vec<lf::ColumnLfTag> = Vec::new();
    if let Some(answer) = get(clients, tag_resource(&target)?).await? {
        out.table = tags(answer.lf_tags_on_table());
        column_tags = answer.lf_tags_on_columns().to_vec();
    }
    if column_tags.is_empty() && !columns.is_empty() {
        let named = TableWithColumnsResource::builder()
            .database_name(database)
            .name(table)
            .set_column_names(Some(columns.to_vec()))
            .build();
        let resource =
            lf::Resource::builder().table_with_columns(built("a table-with-columns resource", named)?).build();
        if let Some(answer) = get(clients, resource).await? {
            column_tags = answer.lf_tags_on_columns().to_vec();
        }
    }
    for column in column_tags {
        if let Some(name) = column.name() {
            let found = tags(column.lf_tags());
            if !found.is_empty() {
                out.columns.insert(name.to_owned(), found);
            }
        }
    }
    Ok(out)
}
