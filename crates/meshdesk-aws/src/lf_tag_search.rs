//! Reading an account's LF-tags in bulk: `SearchDatabasesByLFTags` and `SearchTablesByLFTags`
//! with one expression per tag key holding all its values, which every resource carrying that
//! key (by assignment or inheritance) matches. A handful of paged calls per tag key instead of
//! one or two `GetResourceLFTags` per database and table.
//!
//! A resource no search returns carries no tag of the account's keys: it has none, which is what
//! the catalog then shows. Where the service does not offer the searches (the local emulator has
//! neither) or the caller may not use them, the crawler reads tags resource by resource instead.

use std::collections::BTreeMap;

use aws_sdk_lakeformation::config::http::HttpResponse;
use aws_sdk_lakeformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lakeformation::types as lf;
use aws_smithy_async::future::pagination_stream::PaginationStream;
use meshdesk_core::model::{LfTag, TagKey};

use crate::clients::AccountClients;
use crate::error::{AwsError, ErrorKind, built, classify};
use crate::lf_tags::{TableTags, tags};

/// Lake Formation takes at most this many values in one tag condition.
const VALUES_PER_CONDITION: usize = 50;

/// The tags set on each database and table (by database, table name) of one account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountTags {
    pub databases: BTreeMap<String, Vec<LfTag>>,
    pub tables: BTreeMap<(String, String), TableTags>,
}

/// What the bulk read came to.
#[derive(Debug)]
pub enum Searched {
    Found(AccountTags),
    /// The service does not offer the searches: read resource by resource.
    Unsupported,
    /// The caller may not search (a policy written for `GetResourceLFTags` only): read resource
    /// by resource, and say how to make it faster.
    Denied(String),
}

/// Searches every database and table carrying one of `keys` (the account's tag keys).
pub async fn search(clients: &AccountClients, keys: &[TagKey]) -> Result<Searched, AwsError> {
    let mut found = AccountTags::default();
    let lakeformation = &clients.lakeformation;
    for key in keys {
        for values in key.values.chunks(VALUES_PER_CONDITION) {
            let condition = built(
                "an LF-tag condition",
                lf::LfTag::builder().tag_key(&key.key).set_tag_values(Some(values.to_vec())).build(),
            )?;
            let databases =
                lakeformation.search_databases_by_lf_tags().catalog_id(clients.account()).expression(condition.clone());
            let read = each_found(databases.into_paginator().items().send(), |tagged| {
                add_database(clients, tagged, &mut found)
            });
            if let Err(e) = read.await {
                return refused(clients, "Lake Formation SearchDatabasesByLFTags", e);
            }
            let tables = lakeformation.search_tables_by_lf_tags().catalog_id(clients.account()).expression(condition);
            let read =
                each_found(tables.into_paginator().items().send(), |tagged| add_table(clients, tagged, &mut found));
            if let Err(e) = read.await {
                return refused(clients, "Lake Formation SearchTablesByLFTags", e);
            }
        }
    }
    inherited_out(&mut found);
    Ok(Searched::Found(found))
}

/// Hands every resource a search lists, page after page, to `each`; the first page that fails
/// ends the search with its error.
async fn each_found<T, E>(mut found: PaginationStream<Result<T, E>>, mut each: impl FnMut(T)) -> Result<(), E> {
    while let Some(resource) = found.next().await {
        each(resource?);
    }
    Ok(())
}

/// Whether the error says the operation does not exist here (rather than that it failed).
fn unsupported<E: ProvideErrorMetadata>(error: &SdkError<E, HttpResponse>) -> bool {
    let code = error.as_service_error().and_then(ProvideErrorMetadata::code);
    if let Some(code) = code {
        return matches!(
            code,
            "UnknownOperationException" | "InvalidAction" | "UnsupportedOperation" | "UnsupportedOperationException"
        );
    }
    // An unnamed 404 or 501 for an operation Lake Formation defines: no such operation at this
    // endpoint (the emulator answers an HTML "Not Found" page). Lake Formation's own "not found"
    // is a named EntityNotFoundException.
    error.raw_response().is_some_and(|r| matches!(r.status().as_u16(), 404 | 501))
}

fn refused<E>(clients: &AccountClients, call: &str, error: SdkError<E, HttpResponse>) -> Result<Searched, AwsError>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if unsupported(&error) {
        return Ok(Searched::Unsupported);
    }
    let error = classify(clients.context(call), &error);
    if error.kind() == ErrorKind::AccessDenied {
        return Ok(Searched::Denied(format!(
            "its LF-tags were read one resource at a time because the search was denied ({error}); allow \
             lakeformation:SearchDatabasesByLFTags and lakeformation:SearchTablesByLFTags to read them in bulk"
        )));
    }
    Err(error)
}

/// Whether a resource of the search answer is in this account's own catalog.
fn own(clients: &AccountClients, catalog: Option<&str>) -> bool {
    catalog.is_none_or(|c| c.is_empty() || c == clients.account())
}

fn add_database(clients: &AccountClients, tagged: lf::TaggedDatabase, found: &mut AccountTags) {
    let Some(db) = tagged.database().filter(|d| own(clients, d.catalog_id())) else { return };
    add(found.databases.entry(db.name().to_owned()).or_default(), tags(tagged.lf_tags()));
}

fn add_table(clients: &AccountClients, tagged: lf::TaggedTable, found: &mut AccountTags) {
    let Some(table) = tagged.table().filter(|t| own(clients, t.catalog_id())) else { return };
    let Some(name) = table.name() else { return };
    let database = table.database_name().to_owned();
    // The database's tags come with each of its tables: a database is known tagged even
    // when its own search page has not been read.
    add(found.databases.entry(database.clone()).or_default(), tags(tagged.lf_tag_on_database()));
    let entry = found.tables.entry((database, name.to_owned())).or_default();
    add(&mut entry.table, tags(tagged.lf_tags_on_table()));
    for column in tagged.lf_tags_on_columns() {
        if let Some(column_name) = column.name() {
            add(entry.columns.entry(column_name.to_owned()).or_default(), tags(column.lf_tags()));
        }
    }
}

/// Adds tags not there yet: every search of a key lists a resource's tags of every key.
fn add(into: &mut Vec<LfTag>, tags: Vec<LfTag>) {
    for tag in tags {
        if !into.contains(&tag) {
            into.push(tag);
        }
    }
}

/// The searches may list a table's or column's tags with those it inherits; the catalog keeps only
/// a resource's own (the core does inheritance, and shows where each value comes from). A tag
/// equal to what the resource would inherit is taken as inherited: the effective value is the
/// same either way.
fn inherited_out(found: &mut AccountTags) {
    for ((database, _), table) in found.tables.iter_mut() {
        let database_tags = found.databases.get(database).map_or(&[][..], Vec::as_slice);
        table.table.retain(|t| !database_tags.contains(t));
        let inherited = |tag: &LfTag| {
            let from_table = table.table.iter().find(|t| t.key == tag.key);
            from_table.or_else(|| database_tags.iter().find(|t| t.key == tag.key)) == Some(tag)
        };
        let mut columns = std::mem::take(&mut table.columns);
        for tags in columns.values_mut() {
            tags.retain(|t| !inherited(t));
        }
        columns.retain(|_, tags| !tags.is_empty());
        table.columns = columns;
    }
    found.databases.retain(|_, tags| !tags.is_empty());
}
