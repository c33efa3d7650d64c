//! The crawler: reads each domain account with its own credentials — Glue databases and tables,
//! LF-tag keys and assignments, Lake Formation grants, data cells filters and data lake
//! settings — several accounts at once (bounded), one account's failure leaving the others be.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_lakeformation::types as lf;
use meshdesk_core::governance::model::ColumnSelection;
use meshdesk_core::model::{Database, Table, TagKey};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::clients::AccountClients;
use crate::error::{AwsError, ErrorKind, classify};
use crate::glue_map;
use crate::lf_map::{Entry, entry};
use crate::lf_tag_search::{self, AccountTags, Searched};
use crate::lf_tags::{TableTags, database_tags, table_tags};

/// How a warning that the account's view may be partial begins, so a shell can tell it apart.
pub const PARTIAL_VIEW: &str = "the view may be partial";

/// Resources whose tags are read at once within one account.
const TAG_READS_PER_ACCOUNT: usize = 8;

/// What a refresh is doing in one account, for the top bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProgress {
    pub profile: String,
    pub account: Option<String>,
    pub stage: Stage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Started,
    /// Glue listed `databases`; the tables of `tables_read` databases are read so far.
    Reading {
        databases: usize,
        tables_read: usize,
    },
    Done,
    Failed {
        kind: ErrorKind,
        message: String,
    },
}

/// Called from the crawler's tasks, in any order across accounts.
pub type Progress = Arc<dyn Fn(AccountProgress) + Send + Sync>;

/// A data cells filter's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterDefinition {
    pub account: String,
    pub database: String,
    pub table: String,
    pub name: String,
    /// `None`: every row.
    pub row_filter: Option<String>,
    pub columns: ColumnSelection,
}

/// What Lake Formation's data lake settings say about an account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LakeSettings {
    pub admins: Vec<String>,
    /// New databases or tables give `IAM_ALLOWED_PRINCIPALS` access, so IAM policies alone
    /// still reach their data, bypassing Lake Formation grants.
    pub iam_allowed_principals_by_default: bool,
}

/// Everything read from one account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountCrawl {
    pub account: String,
    pub databases: Vec<Database>,
    pub tables: Vec<Table>,
    pub tag_keys: Vec<TagKey>,
    pub entries: Vec<Entry>,
    pub filters: Vec<FilterDefinition>,
    pub settings: LakeSettings,
    /// Things the user should know about this account's view (it may be partial, …).
    pub warnings: Vec<String>,
}

/// Crawls every account, at most `parallelism` at once; each result is that account's.
pub async fn crawl_all(
    accounts: Vec<AccountClients>,
    parallelism: usize,
    progress: Progress,
) -> Vec<(AccountClients, Result<AccountCrawl, AwsError>)> {
    let permits = Arc::new(Semaphore::new(parallelism.max(1)));
    let mut tasks = JoinSet::new();
    for (i, clients) in accounts.into_iter().enumerate() {
        let (permits, progress) = (Arc::clone(&permits), Arc::clone(&progress));
        tasks.spawn(async move {
            // The semaphore is never closed, so a permit always comes.
            let _permit = permits.acquire_owned().await;
            let result = crawl_account(&clients, &progress).await;
            let stage = match &result {
                Ok(_) => Stage::Done,
                Err(e) => Stage::Failed { kind: e.kind(), message: e.to_string() },
            };
            progress(AccountProgress {
                profile: clients.profile.clone(),
                account: Some(clients.account().to_owned()),
                stage,
            });
            (i, clients, result)
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(done) => results.push(done),
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Err(join) => unreachable!("crawl tasks are never cancelled: {join}"),
        }
    }
    results.sort_by_key(|(i, _, _)| *i);
    results.into_iter().map(|(_, clients, result)| (clients, result)).collect()
}

/// Reads one account.
pub async fn crawl_account(clients: &AccountClients, progress: &Progress) -> Result<AccountCrawl, AwsError> {
    let account = clients.account().to_owned();
    let report =
        |stage| progress(AccountProgress { profile: clients.profile.clone(), account: Some(account.clone()), stage });
    report(Stage::Started);

    let tag_keys = list_tag_keys(clients).await?;
    let mut databases = list_databases(clients).await?;
    let mut tables = Vec::new();
    for (done, database) in databases.iter().enumerate() {
        // A resource-link database lists its target's tables, which belong to the producer.
        if database.target.is_none() {
            tables.extend(list_tables(clients, &database.name).await?);
        }
        report(Stage::Reading { databases: databases.len(), tables_read: done + 1 });
    }
    let mut warnings = Vec::new();
    match lf_tag_search::search(clients, &tag_keys).await? {
        Searched::Found(found) => assign_tags(found, &mut databases, &mut tables),
        Searched::Unsupported => read_tags(clients, &mut databases, &mut tables).await?,
        Searched::Denied(warning) => {
            read_tags(clients, &mut databases, &mut tables).await?;
            warnings.push(warning);
        }
    }
    let entries = list_permissions(clients).await?;
    let filters = match list_filters(clients).await {
        Ok(filters) => filters,
        Err(e) => {
            warnings.push(format!(
                "its data cells filters could not be read ({e}); filter grants show what Meshdesk recorded"
            ));
            Vec::new()
        }
    };
    let settings = lake_settings(clients).await?;
    if let Some(warning) = partial_view(&account, &databases, &tables, &entries) {
        warnings.push(warning);
    }
    Ok(AccountCrawl { account, databases, tables, tag_keys, entries, filters, settings, warnings })
}

async fn list_tag_keys(clients: &AccountClients) -> Result<Vec<TagKey>, AwsError> {
    let pages = clients
        .lakeformation
        .list_lf_tags()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| classify(clients.context("Lake Formation ListLFTags"), &e))?;
    Ok(pages
        .iter()
        .map(|pair| TagKey {
            account: clients.account().to_owned(),
            key: pair.tag_key().to_owned(),
            values: pair.tag_values().to_vec(),
        })
        .collect())
}

async fn list_databases(clients: &AccountClients) -> Result<Vec<Database>, AwsError> {
    let pages = clients
        .glue
        .get_databases()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| classify(clients.context("Glue GetDatabases"), &e))?;
    Ok(pages.iter().flat_map(|p| p.database_list()).map(|d| glue_map::database(clients.account(), d)).collect())
}

async fn list_tables(clients: &AccountClients, database: &str) -> Result<Vec<Table>, AwsError> {
    let pages = clients
        .glue
        .get_tables()
        .database_name(database)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| classify(clients.context(&format!("Glue GetTables of {database}")), &e))?;
    Ok(pages.iter().flat_map(|p| p.table_list()).map(|t| glue_map::table(clients.account(), database, t)).collect())
}

enum Tags {
    Database(usize, Vec<meshdesk_core::model::LfTag>),
    Table(usize, TableTags),
}

/// Gives each database, table and column the tags the bulk search found (resource links carry
/// none of their own; a resource the search did not list has none).
fn assign_tags(mut found: AccountTags, databases: &mut [Database], tables: &mut [Table]) {
    for d in databases.iter_mut().filter(|d| d.target.is_none()) {
        d.tags = found.databases.remove(&d.name).unwrap_or_default().into();
    }
    for t in tables.iter_mut().filter(|t| t.target.is_none()) {
        let tags = found.tables.remove(&(t.database.to_string(), t.name.clone())).unwrap_or_default();
        set_table_tags(t, tags);
    }
}

fn set_table_tags(t: &mut Table, TableTags { table, mut columns }: TableTags) {
    t.tags = table.into();
    for column in t.columns.iter_mut().chain(t.partition_keys.iter_mut()) {
        column.tags = columns.remove(column.name.as_str()).unwrap_or_default().into();
    }
}

/// Reads the LF-tags of every database and table one resource at a time (resource links carry
/// none of their own), several at once: where the bulk search is not offered or not allowed.
async fn read_tags(clients: &AccountClients, databases: &mut [Database], tables: &mut [Table]) -> Result<(), AwsError> {
    let permits = Arc::new(Semaphore::new(TAG_READS_PER_ACCOUNT));
    let mut reads: JoinSet<Result<Tags, AwsError>> = JoinSet::new();
    for (i, d) in databases.iter().enumerate().filter(|(_, d)| d.target.is_none()) {
        let (clients, permits, name) = (clients.clone(), Arc::clone(&permits), d.name.clone());
        reads.spawn(async move {
            let _permit = permits.acquire_owned().await;
            Ok(Tags::Database(i, database_tags(&clients, &name).await?))
        });
    }
    for (i, t) in tables.iter().enumerate().filter(|(_, t)| t.target.is_none()) {
        let (clients, permits) = (clients.clone(), Arc::clone(&permits));
        let (database, name) = (t.database.clone(), t.name.clone());
        let columns: Vec<String> = t.columns.iter().chain(&t.partition_keys).map(|c| c.name.to_string()).collect();
        reads.spawn(async move {
            let _permit = permits.acquire_owned().await;
            Ok(Tags::Table(i, table_tags(&clients, &database, &name, &columns).await?))
        });
    }
    while let Some(joined) = reads.join_next().await {
        let read = match joined {
            Ok(read) => read?,
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Err(join) => unreachable!("tag reads are never cancelled: {join}"),
        };
        match read {
            Tags::Database(i, tags) => databases[i].tags = tags.into(),
            Tags::Table(i, tags) => set_table_tags(&mut tables[i], tags),
        }
    }
    Ok(())
}

async fn list_permissions(clients: &AccountClients) -> Result<Vec<Entry>, AwsError> {
    let pages = clients
        .lakeformation
        .list_permissions()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| classify(clients.context("Lake Formation ListPermissions"), &e))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.principal_resource_permissions())
        .filter_map(|p| entry(clients.account(), p))
        .collect())
}

pub fn filter_definition(account: &str, f: &lf::DataCellsFilter) -> FilterDefinition {
    let columns = match f.column_wildcard() {
        Some(w) if w.excluded_column_names().is_empty() => ColumnSelection::All,
        Some(w) => ColumnSelection::AllExcept(w.excluded_column_names().to_vec()),
        None if f.column_names().is_empty() => ColumnSelection::All,
        None => ColumnSelection::Only(f.column_names().to_vec()),
    };
    let catalog = f.table_catalog_id();
    FilterDefinition {
        account: if catalog.is_empty() { account.to_owned() } else { catalog.to_owned() },
        database: f.database_name().to_owned(),
        table: f.table_name().to_owned(),
        name: f.name().to_owned(),
        row_filter: f
            .row_filter()
            .and_then(|r| r.filter_expression())
            .filter(|e| !e.trim().is_empty())
            .map(str::to_owned),
        columns,
    }
}

async fn list_filters(clients: &AccountClients) -> Result<Vec<FilterDefinition>, AwsError> {
    let filters = clients
        .lakeformation
        .list_data_cells_filter()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| classify(clients.context("Lake Formation ListDataCellsFilter"), &e))?;
    Ok(filters.iter().map(|f| filter_definition(clients.account(), f)).collect())
}

async fn lake_settings(clients: &AccountClients) -> Result<LakeSettings, AwsError> {
    let out = clients
        .lakeformation
        .get_data_lake_settings()
        .send()
        .await
        .map_err(|e| classify(clients.context("Lake Formation GetDataLakeSettings"), &e))?;
    let Some(settings) = out.data_lake_settings() else { return Ok(LakeSettings::default()) };
    let id = |p: &lf::DataLakePrincipal| p.data_lake_principal_identifier().map(str::to_owned);
    let iam = |list: &[lf::PrincipalPermissions]| {
        list.iter().any(|p| p.principal().and_then(id).as_deref() == Some("IAM_ALLOWED_PRINCIPALS"))
    };
    Ok(LakeSettings {
        admins: settings.data_lake_admins().iter().filter_map(id).collect(),
        iam_allowed_principals_by_default: iam(settings.create_database_default_permissions())
            || iam(settings.create_table_default_permissions()),
    })
}

/// Glue leaves out what the caller may not DESCRIBE, silently; grants on tables Glue did not
/// list are the trace of that.
fn partial_view(account: &str, databases: &[Database], tables: &[Table], entries: &[Entry]) -> Option<String> {
    use meshdesk_core::governance::model::Resource;
    let known_db: BTreeSet<&str> = databases.iter().map(|d| d.name.as_str()).collect();
    let known_table: BTreeSet<(&str, &str)> = tables.iter().map(|t| (t.database.as_str(), t.name.as_str())).collect();
    let unseen: BTreeSet<String> = entries
        .iter()
        .filter_map(|e| match &e.resource {
            Resource::Database { account: a, database } if a == account && !known_db.contains(database.as_str()) => {
                Some(database.clone())
            }
            Resource::Table { account: a, database, table: Some(table), .. }
            | Resource::DataCellsFilter { account: a, database, table, .. }
                if a == account && !known_table.contains(&(database.as_str(), table.as_str())) =>
            {
                Some(format!("{database}.{table}"))
            }
            _ => None,
        })
        .collect();
    (!unseen.is_empty()).then(|| {
        let shown: Vec<&str> = unseen.iter().take(5).map(String::as_str).collect();
        format!(
            "{PARTIAL_VIEW}: Lake Formation has grants on {} resource(s) Glue did not list ({}{}); your role may lack DESCRIBE on them",
            unseen.len(),
            shown.join(", "),
            if unseen.len() > shown.len() { ", …" } else { "" }
        )
    })
}

#[cfg(test)]
#[path = "crawl_tests.rs"]
pub(crate) mod tests;
