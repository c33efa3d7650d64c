//! Catalog types: search queries and results with facets, product and table detail, sensitivity and freshness.

use crate::{ProductRef, TableRef};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `sensitivity` LF-tag's ordered values: `public < internal < confidential < restricted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    Public,
    Internal,
    Confidential,
    Restricted,
}

impl Sensitivity {
    pub const ALL: [Sensitivity; 4] =
        [Sensitivity::Public, Sensitivity::Internal, Sensitivity::Confidential, Sensitivity::Restricted];

    /// The tag value as written in Lake Formation.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Internal => "internal",
            Sensitivity::Confidential => "confidential",
            Sensitivity::Restricted => "restricted",
        }
    }

    /// Reads a tag value; `None` for anything outside the four allowed values.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(value.trim()))
    }
}

impl fmt::Display for Sensitivity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an effective LF-tag value comes from: the resource's own tag, or inherited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagSource {
    Column,
    Table,
    Database,
}

impl TagSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TagSource::Column => "column",
            TagSource::Table => "table",
            TagSource::Database => "database",
        }
    }
}

/// A column's (or table's) sensitivity after Lake Formation inheritance, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveSensitivity {
    pub value: Sensitivity,
    pub source: TagSource,
}

/// An LF-tag as shown on a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
    pub source: TagSource,
}

/// The storage format of a table, read from its Glue metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    Parquet,
    Iceberg,
    Delta,
    Orc,
    Avro,
    Csv,
    Json,
    Unknown,
}

impl TableFormat {
    pub const ALL: [TableFormat; 8] = [
        TableFormat::Parquet,
        TableFormat::Iceberg,
        TableFormat::Delta,
        TableFormat::Orc,
        TableFormat::Avro,
        TableFormat::Csv,
        TableFormat::Json,
        TableFormat::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableFormat::Parquet => "parquet",
            TableFormat::Iceberg => "iceberg",
            TableFormat::Delta => "delta",
            TableFormat::Orc => "orc",
            TableFormat::Avro => "avro",
            TableFormat::Csv => "csv",
            TableFormat::Json => "json",
            TableFormat::Unknown => "unknown",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(value.trim()))
    }

    /// Row-oriented formats meant for writing, not for analytical queries: the mesh's charter
    /// asks products to be Parquet, Iceberg or Delta, so these are flagged.
    pub fn is_write_optimised(self) -> bool {
        matches!(self, TableFormat::Csv | TableFormat::Json | TableFormat::Avro)
    }
}

impl fmt::Display for TableFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Freshness against the product's `meshdesk:slo.freshness_hours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreshnessState {
    /// Updated within the SLO.
    Fresh,
    /// Last update older than the SLO allows.
    Breached,
    /// Updated at some point, but the product promises no freshness.
    NoSlo,
    /// No update time is known.
    Unknown,
}

impl FreshnessState {
    pub const ALL: [FreshnessState; 4] =
        [FreshnessState::Fresh, FreshnessState::Breached, FreshnessState::NoSlo, FreshnessState::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            FreshnessState::Fresh => "fresh",
            FreshnessState::Breached => "breached",
            FreshnessState::NoSlo => "no_slo",
            FreshnessState::Unknown => "unknown",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(value.trim()))
    }
}

/// How fresh a table or product is, with the figures behind the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Freshness {
    pub state: FreshnessState,
    /// Seconds since the Unix epoch of the last update, when known (for a product: its stalest table).
    pub last_updated: Option<i64>,
    /// Hours between the last update and the moment the answer was computed.
    pub age_hours: Option<f64>,
    pub slo_hours: Option<u32>,
}

/// A catalog search: free text plus facet filters. Values within one facet are alternatives
/// (OR); facets combine with AND. An empty query lists every product.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogQuery {
    pub text: String,
    pub domains: Vec<String>,
    pub accounts: Vec<String>,
    /// Matches products whose highest column sensitivity is one of these.
    pub sensitivities: Vec<Sensitivity>,
    /// Matches products with at least one table in one of these formats.
    pub formats: Vec<TableFormat>,
    pub freshness: Vec<FreshnessState>,
    pub owners: Vec<String>,
    pub offset: u32,
    /// At most this many hits; 0 means the default page size.
    pub limit: u32,
}

/// Which part of a product a search term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchField {
    ProductName,
    TableName,
    Domain,
    Owner,
    Tag,
    ColumnName,
    Description,
    TableDescription,
    ColumnComment,
}

impl MatchField {
    pub fn label(self) -> &'static str {
        match self {
            MatchField::ProductName => "product",
            MatchField::TableName => "table",
            MatchField::Domain => "domain",
            MatchField::Owner => "owner",
            MatchField::Tag => "tag",
            MatchField::ColumnName => "column",
            MatchField::Description => "description",
            MatchField::TableDescription => "table description",
            MatchField::ColumnComment => "column comment",
        }
    }
}

/// One place a query matched, to show the user why a product is in the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMatch {
    pub field: MatchField,
    /// The table, or `table.column`, the match is in; empty for product-level fields.
    pub location: String,
    pub text: String,
    /// Byte ranges `[start, end)` of `text` to highlight; always on character boundaries.
    pub highlights: Vec<(u32, u32)>,
}

/// One product in a result list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductHit {
    pub product: ProductRef,
    pub domain: String,
    pub account_name: String,
    pub description: String,
    pub owners: Vec<String>,
    pub tier: Option<String>,
    pub highest_sensitivity: Option<Sensitivity>,
    pub freshness: Freshness,
    pub formats: Vec<TableFormat>,
    pub table_count: u32,
    pub score: f32,
    pub matches: Vec<SearchMatch>,
}

/// How many products match with one facet value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: u32,
}

/// Counts for each facet value. Each facet is counted with every filter applied except its own,
/// so the counts say what choosing that value would give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub domains: Vec<FacetCount<String>>,
    pub accounts: Vec<FacetCount<String>>,
    pub sensitivities: Vec<FacetCount<Sensitivity>>,
    pub formats: Vec<FacetCount<TableFormat>>,
    pub freshness: Vec<FacetCount<FreshnessState>>,
    pub owners: Vec<FacetCount<String>>,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// How many products match in all (not only on this page).
    pub total: u32,
    pub offset: u32,
    pub hits: Vec<ProductHit>,
    pub facets: Facets,
    /// Time the search took inside the backend, in microseconds.
    pub took_us: u64,
}

/// A column with its effective sensitivity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDetail {
    pub name: String,
    pub data_type: String,
    pub comment: String,
    pub partition_key: bool,
    /// `None` when neither the column, its table nor its database carries a `sensitivity` tag.
    pub sensitivity: Option<EffectiveSensitivity>,
    /// Other LF-tags on the column itself (the sensitivity tag is in `sensitivity`).
    pub tags: Vec<Tag>,
}

/// A table of a product: an output port, or a resource link to another account's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDetail {
    pub table: TableRef,
    pub description: String,
    pub format: TableFormat,
    pub write_optimised: bool,
    pub location: Option<String>,
    pub freshness: Freshness,
    pub highest_sensitivity: Option<Sensitivity>,
    /// LF-tags on the table itself and inherited from the database.
    pub tags: Vec<Tag>,
    pub columns: Vec<ColumnDetail>,
    /// Set when this table is a resource link: the producer's table it points to.
    pub link_target: Option<TableRef>,
    /// Tables this one is declared to be built from (`meshdesk:upstream`).
    pub upstream: Vec<TableRef>,
    /// The table's data contract and whether it holds; `None` when it has none.
    #[serde(default)]
    pub contract: Option<crate::TableContract>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub product: ProductRef,
    pub domain: String,
    pub account_name: String,
    pub description: String,
    pub owners: Vec<String>,
    pub steward: Option<String>,
    pub tier: Option<String>,
    pub slo_freshness_hours: Option<u32>,
    pub freshness: Freshness,
    pub highest_sensitivity: Option<Sensitivity>,
    pub tags: Vec<Tag>,
    /// Every `meshdesk:*` parameter as stored, for the curious (contract and approval JSON among them).
    pub parameters: Vec<(String, String)>,
    pub tables: Vec<TableDetail>,
}
