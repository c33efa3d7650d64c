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
    /// For a listing (see [`CatalogIndex::listing`]): what each table's columns, left out of
    /// `catalog`, sum up to, in `catalog.tables` order. `None` when the columns are there.
    columns: Option<Vec<ColumnsSummary>>,
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

    /// The index of a catalog read without its columns (see `CatalogSource::load_listing`),
    /// `columns` summing up each table's, in `catalog.tables` order. Its products and their
    /// summaries are those [`CatalogIndex::build`] makes of the whole catalog, so the list can be
    /// shown before the columns are read; everything else about columns (search over them, a
    /// table's detail, access) belongs to the whole catalog's index.
    pub fn listing(mut catalog: Catalog, columns: Vec<ColumnsSummary>) -> Self {
        let mut pairs: Vec<(Table, ColumnsSummary)> = catalog.tables.drain(..).zip(columns).collect();
        pairs.sort_unstable_by(|a, b| table_key(&a.0).cmp(&table_key(&b.0)));
        let (tables, columns) = pairs.into_iter().unzip();
        catalog.tables = tables;
        Self::arrange(catalog, Some(columns))
    }

    /// Indexes a catalog whose tables are sorted by key.
    fn arrange(mut catalog: Catalog, columns: Option<Vec<ColumnsSummary>>) -> Self {
        catalog.accounts.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        catalog.databases.sort_unstable_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));

        let accounts = catalog.accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();

        let mut database_tables = vec![0..0; catalog.databases.len()];
        let mut start = 0;
        while start < catalog.tables.len() {
            let (account, database) = (&catalog.tables[start].account, &catalog.tables[start].database);
            let end = start
                + catalog.tables[start..].iter().take_while(|t| &t.account == account && &t.database == database).count();
            if let Some(db) = database_index(&catalog, account, database) {
                database_tables[db] = start..end;
            }
            start = end;
        }

        let mut index = CatalogIndex {
            catalog,
            accounts,
            database_tables,
            products: Vec::new(),
            columns,
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
        let own_tables: Vec<&Table> = self.tables_of(db).iter().filter(|t| t.target.is_none()).collect();
        let mut formats: Vec<Format> = own_tables.iter().map(|t| format::detect(t)).collect();
        formats.sort();
        formats.dedup();
        ProductSummary {
            database: db,
            domain: self.domain_of(database).to_owned(),
            owners: database.owners(),
            highest: self
                .table_range(db)
                .map(|t| self.highest_in_table(database, t))
                .max()
                .flatten()
                .or_else(|| sensitivity::own_sensitivity(&database.tags)),
            formats,
            stalest: freshness::stalest(own_tables.iter().copied()),
            slo_hours: freshness::slo_hours(database),
            table_count: self.tables_of(db).len() as u32,
        }
    }

    /// The highest sensitivity of the table at `t` in `catalog.tables`, from its columns or,
    /// in a listing, from their summary.
    fn highest_in_table(&self, database: &Database, t: usize) -> Option<Sensitivity> {
        let table = &self.catalog.tables[t];
        match &self.columns {
            Some(columns) => sensitivity::highest_given(database, table, &columns[t]),
            None => sensitivity::highest_in_table(database, table),
        }
    }

    /// Whether this index holds only a listing: the catalog without its columns.
    pub fn is_listing(&self) -> bool {
        self.columns.is_some()
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

    pub fn column_count(&self) -> usize {
        match &self.columns {
            Some(columns) => columns.iter().map(|c| c.count).sum(),
            None => self.catalog.tables.iter().map(|t| t.columns.len() + t.partition_keys.len()).sum(),
        }
    }
}
