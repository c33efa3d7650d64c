//! Catalog use cases: search with facets, and the product page.

use crate::convert;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::freshness;
use meshdesk_core::product::contract;
use meshdesk_core::search::{self, Field, Place, Query};
use meshdesk_core::sensitivity;
use meshdesk_core::{params, CatalogIndex, Database, Table};
use meshdesk_protocol::{
    ApiError, CatalogPage, CatalogQuery, ColumnDetail, FacetCount, Facets, ProductDetail, ProductHit, ProductRef,
    SearchMatch, TableDetail, TagSource,
};
use std::time::Instant;

/// The longest search text accepted; longer is surely not typed by a person.
const MAX_QUERY_CHARS: usize = 500;
/// The largest page of results the window or a script may ask for at once.
const MAX_PAGE: u32 = 1_000;
const DEFAULT_PAGE: u32 = 50;

impl<B: Backend> Meshdesk<B> {
    /// Searches the catalog of every account. `now` (Unix seconds) judges freshness.
    ///
    /// Without search words it is the catalog list, answered right after opening from the
    /// tables without their columns (see `mesh::Loaded`); words wait for the whole catalog.
    pub fn search_catalog(&self, query: &CatalogQuery, now: i64) -> Result<CatalogPage, ApiError> {
        let started = Instant::now();
        if query.text.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::invalid_input(format!(
                "the search text is {} characters long; at most {MAX_QUERY_CHARS} are accepted",
                query.text.chars().count()
            )));
        }
        if query.limit > MAX_PAGE {
            return Err(ApiError::invalid_input(format!(
                "a page of {} results was asked for; at most {MAX_PAGE} are returned at once",
                query.limit
            )));
        }
        let terms = search::query_terms(&query.text);
        let index = if terms.is_empty() { self.listing() } else { self.index()? };
        let sensitivities: Vec<_> = query.sensitivities.iter().map(|s| convert::core_sensitivity(*s)).collect();
        let formats: Vec<_> = query.formats.iter().map(|f| convert::core_format(*f)).collect();
        let freshness: Vec<_> = query.freshness.iter().map(|f| convert::core_freshness_state(*f)).collect();
        let result = index.search(
            &Query {
                text: &query.text,
                domains: &query.domains,
                accounts: &query.accounts,
                sensitivities: &sensitivities,
                formats: &formats,
                freshness: &freshness,
                owners: &query.owners,
                offset: query.offset as usize,
                limit: if query.limit == 0 { DEFAULT_PAGE } else { query.limit } as usize,
            },
            now,
        );
        let hits = result.hits.iter().map(|hit| product_hit(&index, hit, &terms, now)).collect();
        let facets = result.facets;
        let counts = |v: Vec<(String, u32)>| v.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        Ok(CatalogPage {
            total: result.total as u32,
            offset: query.offset,
            hits,
            facets: Facets {
                domains: counts(facets.domains),
                accounts: counts(facets.accounts),
                owners: counts(facets.owners),
                sensitivities: facets
                    .sensitivities
                    .into_iter()
                    .map(|(s, count)| FacetCount { value: convert::sensitivity(s), count })
                    .collect(),
                formats: facets.formats.into_iter().map(|(f, count)| FacetCount { value: convert::format(f), count }).collect(),
                freshness: facets
                    .freshness
                    .into_iter()
                    .map(|(f, count)| FacetCount { value: convert::freshness_state(f), count })
                    .collect(),
            },
            took_us: started.elapsed().as_micros() as u64,
        })
    }

    pub(crate) fn account_name(&self, account: &str) -> String {
        self.listing().account(account).map_or_else(|| account.to_owned(), |a| a.name.clone())
    }

    /// Everything about one product (or any database of the mesh, such as a consumer's
    /// resource links): owners, freshness, tables and every column's effective sensitivity.
    pub fn product(&self, product: &ProductRef, now: i64) -> Result<ProductDetail, ApiError> {
        let index = self.index()?;
        let db_index = index.database(&product.account, &product.database).ok_or_else(|| {
            let known = index.account(&product.account).is_some();
            ApiError::not_found(if known {
                format!("account {} has no database named '{}'", product.account, product.database)
            } else {
                format!("no account {} is part of this mesh", product.account)
            })
        })?;
        let db = &index.catalog().databases[db_index];
        let tables = index.tables_of(db_index);
        let slo_hours = freshness::slo_hours(db);
        let own_tables = tables.iter().filter(|t| t.target.is_none());
        let highest = tables.iter().map(|t| sensitivity::highest_in_table(db, t)).max().flatten();
        Ok(ProductDetail {
            product: product.clone(),
            domain: index.domain_of(db).to_owned(),
            account_name: self.account_name(&db.account),
            description: db.product_description().to_owned(),
            owners: db.owners(),
            steward: db.param(params::STEWARD).map(str::to_owned),
            tier: db.param(params::TIER).map(str::to_owned),
            slo_freshness_hours: slo_hours,
            freshness: convert::freshness(freshness::assess(freshness::stalest(own_tables), slo_hours, now)),
            highest_sensitivity: highest.map(convert::sensitivity),
            tags: convert::tags(&db.tags, TagSource::Database).collect(),
            parameters: db
                .parameters
                .iter()
                .filter(|(k, _)| k.starts_with("meshdesk:"))
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            tables: tables.iter().map(|t| table_detail(db, t, slo_hours, now)).collect(),
        })
    }
}

fn product_hit(index: &CatalogIndex, hit: &search::Hit, terms: &[String], now: i64) -> ProductHit {
    let summary = &index.products()[hit.product];
    let db = &index.catalog().databases[summary.database];
    ProductHit {
        product: ProductRef::new(db.account.clone(), db.name.clone()),
        domain: summary.domain.clone(),
        account_name: index.account(&db.account).map_or_else(|| db.account.clone(), |a| a.name.clone()),
        description: db.product_description().to_owned(),
        owners: summary.owners.clone(),
        tier: db.param(params::TIER).map(str::to_owned),
        highest_sensitivity: summary.highest.map(convert::sensitivity),
        freshness: convert::freshness(freshness::assess(summary.stalest, summary.slo_hours, now)),
        formats: summary.formats.iter().map(|f| convert::format(*f)).collect(),
        table_count: summary.table_count,
        score: hit.score,
        matches: hit.matches.iter().filter_map(|place| search_match(index, db, place, terms)).collect(),
    }
}

/// The text a match stands in, with the matched words marked.
fn search_match(index: &CatalogIndex, db: &Database, place: &Place, terms: &[String]) -> Option<SearchMatch> {
    let tables = &index.catalog().tables;
    let table = place.table.and_then(|t| tables.get(t));
    let column = table.zip(place.column).and_then(|(t, c)| t.columns.iter().chain(&t.partition_keys).nth(c));
    let location = match (table, column) {
        (Some(t), Some(c)) => format!("{}.{}", t.name, c.name),
        (Some(t), None) => t.name.clone(),
        _ => String::new(),
    };
    let text = match place.field {
        Field::ProductName => db.name.clone(),
        Field::Description => db.product_description().to_owned(),
        Field::Domain => index.domain_of(db).to_owned(),
        Field::Owner => db.owners().get(place.item)?.clone(),
        Field::Tag => {
            let tags = match (table, column) {
                (Some(_), Some(c)) => &c.tags,
                (Some(t), None) => &t.tags,
                _ => &db.tags,
            };
            let tag = tags.get(place.item)?;
            format!("{}={}", tag.key, tag.value)
        }
        Field::TableName => table?.name.clone(),
        Field::TableDescription => table?.description.clone(),
        Field::ColumnName => column?.name.to_string(),
        Field::ColumnComment => column?.comment.to_string(),
    };
    let highlights = search::highlights(&text, terms).into_iter().map(|(s, e)| (s as u32, e as u32)).collect();
    Some(SearchMatch { field: convert::match_field(place.field), location, text, highlights })
}

fn table_detail(db: &Database, table: &Table, slo_hours: Option<u32>, now: i64) -> TableDetail {
    let format = meshdesk_core::format::detect(table);
    let columns = table
        .columns
        .iter()
        .map(|c| (c, false))
        .chain(table.partition_keys.iter().map(|c| (c, true)))
        .map(|(c, partition_key)| ColumnDetail {
            name: c.name.to_string(),
            data_type: c.data_type.to_string(),
            comment: c.comment.to_string(),
            partition_key,
            sensitivity: sensitivity::column_sensitivity(db, table, c).map(convert::effective),
            tags: convert::tags(&c.tags, TagSource::Column).filter(|t| t.key != params::SENSITIVITY_TAG).collect(),
        })
        .collect();
    let linked = table.target.is_some();
    TableDetail {
        table: convert::table_ref(&table.qualified_name()),
        description: table.description.clone(),
        format: convert::format(format),
        write_optimised: !linked && convert::format(format).is_write_optimised(),
        location: table.location.clone(),
        freshness: convert::freshness(freshness::assess(freshness::last_updated(table), slo_hours, now)),
        highest_sensitivity: sensitivity::highest_in_table(db, table).map(convert::sensitivity),
        tags: convert::tags(&table.tags, TagSource::Table).chain(convert::tags(&db.tags, TagSource::Database)).collect(),
        columns,
        link_target: table.target.as_deref().map(convert::table_ref),
        upstream: table.declared_upstream().iter().map(convert::table_ref).collect(),
        contract: crate::convert_product::table_contract(table, &contract::check_table(table, now)),
    }
}
