//! `CatalogIndex`: the catalog arranged for answering — products with their summaries, tables by
//! name, the search index and the lineage graph, all built once per catalog load.
//!
//! Listing the catalog needs only the products and their summaries, so `build` stops there: the
//! search index (every word of 2M columns, at 100k tables) and the lineage graph are built on
//! first use, or ahead of it by [`CatalogIndex::prepare`] on a thread of the caller's choosing.

use crate::format::{self, Format};
use crate::freshness;
use crate::lineage::LineageIndex;
use crate::model::{params, Account, Catalog, Database, Table, TableName};
use crate::search::SearchIndex;
use crate::sensitivity::{self, ColumnsSummary, Sensitivity};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What the catalog list needs of a product, computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductSummary {
    /// Index into `Catalog::databases`.
    pub database: usize,
    pub domain: String,
    pub owners: Vec<String>,
    pub highest: Option<Sensitivity>,
    /// Formats of the product's own tables (resource links excluded), sorted, without repeats.
    pub formats: Vec<Format>,
    /// The stalest table's last update, Unix seconds.
    pub stalest: Option<i64>,
    pub slo_hours: Option<u32>,
    pub table_count: u32,
}

/// What a database's tables sum up to: all the catalog list needs of them. Kept by a store
/// beside the catalog (see `CatalogSource::load_listing`), so the list can be shown at start
/// from one row per database instead of reading 100k tables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TablesSummary {
    /// Its tables, resource links included.
    pub table_count: u32,
    /// Columns and partition keys of all of its tables.
    pub column_count: u64,
    /// The highest effective sensitivity of any of its tables (from their columns, else their
    /// own or the database's tag); `None` when none has one or there are no tables.
    pub highest: Option<Sensitivity>,
    /// Formats of its own tables (resource links excluded), sorted, without repeats.
    pub formats: Vec<Format>,
    /// The stalest own table's last update, Unix seconds (`None` if any has none).
    pub stalest: Option<i64>,
}

/// The catalog as a list needs it: accounts, databases and tag keys (`catalog.tables` empty),
/// and what each database's tables sum up to, in `catalog.databases` order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Listing {
    pub catalog: Catalog,
    pub tables: Vec<TablesSummary>,
}

impl Listing {
    /// The listing of a catalog read without its columns, `columns` summing up each table's in
    /// `catalog.tables` order: what a store works out when it has no up-to-date listing kept.
    pub fn summarise(mut catalog: Catalog, columns: Vec<ColumnsSummary>) -> Self {
        let mut pairs: Vec<(Table, ColumnsSummary)> = catalog.tables.drain(..).zip(columns).collect();
        pairs.sort_unstable_by(|a, b| table_key(&a.0).cmp(&table_key(&b.0)));
        let (tables, columns): (Vec<Table>, Vec<ColumnsSummary>) = pairs.into_iter().unzip();
        catalog.tables = tables;
        sort_keys(&mut catalog);
        let ranges = database_ranges(&catalog);
        let summaries = (0..catalog.databases.len())
            .map(|db| summarise_tables(&catalog.databases[db], &catalog.tables[ranges[db].clone()], |i| columns[ranges[db].start + i]))
            .collect();
        catalog.tables = Vec::new();
        Listing { catalog, tables: summaries }
    }
}

/// What the tables of `database` sum up to; `columns(i)` sums up the columns of `tables[i]`.
fn summarise_tables(database: &Database, tables: &[Table], columns: impl Fn(usize) -> ColumnsSummary) -> TablesSummary {
    let mut summary = TablesSummary { table_count: tables.len() as u32, ..TablesSummary::default() };
    let mut own = Vec::with_capacity(tables.len());
    for (i, table) in tables.iter().enumerate() {
        let columns = columns(i);
        summary.column_count += columns.count as u64;
        summary.highest = summary.highest.max(sensitivity::highest_given(database, table, &columns));
        if table.target.is_none() {
            own.push(table);
            summary.formats.push(format::detect(table));
        }
    }
    summary.formats.sort();
    summary.formats.dedup();
    summary.stalest = freshness::stalest(own);
    summary
}

/// Accounts by id and databases by key, as the index and a listing keep them.
fn sort_keys(catalog: &mut Catalog) {
    catalog.accounts.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    catalog.databases.sort_unstable_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));
}

/// For each database of a catalog sorted by key, the range of its tables in `catalog.tables`.
fn database_ranges(catalog: &Catalog) -> Vec<Range<usize>> {
    let mut ranges = vec![0..0; catalog.databases.len()];
    let mut start = 0;
    while start < catalog.tables.len() {
        let (account, database) = (&catalog.tables[start].account, &catalog.tables[start].database);
        let end =
            start + catalog.tables[start..].iter().take_while(|t| &t.account == account && &t.database == database).count();
        if let Some(db) = database_index(catalog, account, database) {
            ranges[db] = start..end;
        }
        start = end;
    }
    ranges
}

/// The catalog with its indexes. Built from a [`Catalog`]; immutable afterwards.
#[derive(Debug)]
pub struct CatalogIndex {
    catalog: Catalog,
    accounts: HashMap<String, usize>,
    /// For each database, the range of its tables in `catalog.tables`. Databases and tables are
    /// sorted by key, so they are found by binary search: no key is allocated per lookup nor
    /// per table at build.
    database_tables: Vec<Range<usize>>,
    products: Vec<ProductSummary>,
    /// What each database's tables sum up to, in `catalog.databases` order.
    summaries: Vec<TablesSummary>,
    /// Whether this is a listing (see [`CatalogIndex::listing`]): no tables, only summaries.
    listing: bool,
    /// Built once, on first use (a concurrent user waits for the one build).
    search: OnceLock<SearchIndex>,
    lineage: OnceLock<LineageIndex>,
}

/// The key tables are sorted by.
fn table_key(table: &Table) -> (&str, &str, &str) {
    (&table.account, &table.database, &table.name)
}

/// Where a database stands in `catalog.databases`, sorted by (account, name).
fn database_index(catalog: &Catalog, account: &str, name: &str) -> Option<usize> {
    catalog.databases.binary_search_by(|d| (d.account.as_str(), d.name.as_str()).cmp(&(account, name))).ok()
}

impl CatalogIndex {
    pub fn build(mut catalog: Catalog) -> Self {
        // Keys are unique (Glue's and the store's), so an unstable sort orders alike; it sorts in
        // place, where a stable one takes scratch memory of half the tables even when (as from
        // the store) they come sorted already.
        catalog.tables.sort_unstable_by(|a, b| table_key(a).cmp(&table_key(b)));
        Self::arrange(catalog, None)
    }

    /// The index of a listing (see `CatalogSource::load_listing`): products and their
    /// summaries as [`CatalogIndex::build`] makes them of the whole catalog, so the list can be
    /// shown before any table is read; everything about tables and columns (search, a product's
    /// detail, access) belongs to the whole catalog's index.
    pub fn listing(listing: Listing) -> Self {
        let Listing { mut catalog, tables: summaries } = listing;
        // Kept with their databases while those are sorted by key.
        let mut pairs: Vec<(Database, TablesSummary)> = catalog.databases.drain(..).zip(summaries).collect();
        pairs.sort_unstable_by(|a, b| (&a.0.account, &a.0.name).cmp(&(&b.0.account, &b.0.name)));
        let (databases, summaries) = pairs.into_iter().unzip();
        catalog.databases = databases;
        catalog.tables = Vec::new();
        Self::arrange(catalog, Some(summaries))
    }

    /// Indexes a catalog whose tables are sorted by key: summing up each database's tables, or
    /// taking `listed` summaries for a listing.
    fn arrange(mut catalog: Catalog, listed: Option<Vec<TablesSummary>>) -> Self {
        sort_keys(&mut catalog);
        let accounts = catalog.accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let database_tables = database_ranges(&catalog);
        let listing = listed.is_some();
        let summaries = listed.unwrap_or_else(|| {
            (0..catalog.databases.len())
                .map(|db| {
                    let tables = &catalog.tables[database_tables[db].clone()];
                    summarise_tables(&catalog.databases[db], tables, |i| ColumnsSummary::of(&tables[i]))
                })
                .collect()
        });
        let mut index = CatalogIndex {
            catalog,
            accounts,
            database_tables,
            products: Vec::new(),
            summaries,
            listing,
            search: OnceLock::new(),
            lineage: OnceLock::new(),
        };
        index.products = (0..index.catalog.databases.len())
            .filter(|&db| index.catalog.databases[db].is_product())
            .map(|db| index.summarise(db))
            .collect();
        index
    }

    /// Builds the search index and the lineage graph now, if no one has yet. Answers are the same
    /// either way; calling this on a thread of its own right after [`CatalogIndex::build`] keeps
    /// the first search and lineage drawing from waiting for them.
    pub fn prepare(&self) {
        self.search_index();
        self.lineage_index();
    }

    pub(crate) fn search_index(&self) -> &SearchIndex {
        self.search.get_or_init(|| SearchIndex::build(self))
    }

    pub(crate) fn lineage_index(&self) -> &LineageIndex {
        self.lineage.get_or_init(|| LineageIndex::build(self))
    }

    fn summarise(&self, db: usize) -> ProductSummary {
        let database = &self.catalog.databases[db];
        let tables = &self.summaries[db];
        ProductSummary {
            database: db,
            domain: self.domain_of(database).to_owned(),
            owners: database.owners(),
            highest: tables.highest.or_else(|| sensitivity::own_sensitivity(&database.tags)),
            formats: tables.formats.clone(),
            stalest: tables.stalest,
            slo_hours: freshness::slo_hours(database),
            table_count: tables.table_count,
        }
    }

    /// Whether this index holds only a listing: no tables, what they sum up to per database.
    pub fn is_listing(&self) -> bool {
        self.listing
    }

    /// What each database's tables sum up to, in `catalog().databases` order (what a store
    /// keeps to list the catalog at the next start).
    pub fn summaries(&self) -> &[TablesSummary] {
        &self.summaries
    }

    /// How many tables a database has (in a listing too, which holds none of them).
    pub fn table_count(&self, db: usize) -> u32 {
        self.summaries.get(db).map_or(0, |s| s.table_count)
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id).map(|&i| &self.catalog.accounts[i])
    }

    /// The domain of a database: its `meshdesk:domain`, else its account's domain.
    pub fn domain_of<'a>(&'a self, db: &'a Database) -> &'a str {
        db.param(params::DOMAIN)
            .or_else(|| self.account(&db.account).map(|a| a.domain.as_str()))
            .unwrap_or(db.account.as_str())
    }

    /// The domain a table belongs to (its database's).
    pub fn domain_of_table(&self, name: &TableName) -> Option<&str> {
        self.database(&name.account, &name.database).map(|db| self.domain_of(&self.catalog.databases[db]))
    }

    /// The index of a database in `catalog().databases`.
    pub fn database(&self, account: &str, name: &str) -> Option<usize> {
        database_index(&self.catalog, account, name)
    }

    /// The tables of a database, sorted by name.
    pub fn tables_of(&self, db: usize) -> &[Table] {
        self.database_tables.get(db).map_or(&[], |r| &self.catalog.tables[r.clone()])
    }

    /// Where a database's tables stand in `catalog().tables`.
    pub fn table_range(&self, db: usize) -> Range<usize> {
        self.database_tables.get(db).cloned().unwrap_or(0..0)
    }

    /// The index of a table in `catalog().tables`.
    pub fn table_index(&self, name: &TableName) -> Option<usize> {
        let key = (name.account.as_str(), name.database.as_str(), name.table.as_str());
        self.catalog.tables.binary_search_by(|t| (t.account.as_str(), t.database.as_str(), t.name.as_str()).cmp(&key)).ok()
    }

    pub fn table(&self, name: &TableName) -> Option<&Table> {
        self.table_index(name).map(|i| &self.catalog.tables[i])
    }

    /// Every published product, in catalog order.
    pub fn products(&self) -> &[ProductSummary] {
        &self.products
    }

    pub fn column_count(&self) -> u64 {
        self.summaries.iter().map(|s| s.column_count).sum()
    }
}
