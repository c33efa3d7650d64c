//! The mesh as the Glue Data Catalog and Lake Formation describe it: accounts, databases,
//! tables, columns and their LF-tags. Backends build it; nothing here is derived.

use std::fmt;

pub use crate::parameters::Parameters;
pub use crate::shared_str::{SharedStr, TextSlice};
pub use crate::tags::Tags;

/// `Parameters` keys of the `meshdesk:` convention (see DESIGN.md).
pub mod params {
    pub const PRODUCT: &str = "meshdesk:product";
    pub const OWNER: &str = "meshdesk:owner";
    pub const STEWARD: &str = "meshdesk:steward";
    pub const DOMAIN: &str = "meshdesk:domain";
    pub const DESCRIPTION: &str = "meshdesk:description";
    pub const SLO_FRESHNESS_HOURS: &str = "meshdesk:slo.freshness_hours";
    pub const TIER: &str = "meshdesk:tier";
    pub const CONTRACT: &str = "meshdesk:contract";
    pub const APPROVAL: &str = "meshdesk:approval";
    pub const UPSTREAM: &str = "meshdesk:upstream";
    /// When the table's data last changed, as Unix seconds. Producers' pipelines set it; without
    /// it the Glue `UpdateTime` of the table is used.
    pub const LAST_UPDATED: &str = "meshdesk:last_updated";
    /// The LF-tag key that carries sensitivity.
    pub const SENSITIVITY_TAG: &str = "sensitivity";
}

/// A domain account of the mesh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The 12-digit AWS account id.
    pub id: String,
    /// A name people know the account by, e.g. "billing-prod".
    pub name: String,
    /// The domain the account belongs to.
    pub domain: String,
}

/// One LF-tag assigned to a resource. Its texts are shared: the same few keys and values are
/// assigned to millions of columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LfTag {
    pub key: SharedStr,
    pub value: SharedStr,
}

impl LfTag {
    pub fn new(key: impl Into<SharedStr>, value: impl Into<SharedStr>) -> Self {
        Self { key: key.into(), value: value.into() }
    }
}

/// A Glue database. It is a data product when `meshdesk:product = true`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Database {
    pub account: String,
    pub name: String,
    pub description: String,
    pub parameters: Parameters,
    /// A resource-link database: the account and database it points to.
    pub target: Option<(String, String)>,
    pub tags: Tags,
}

/// A Glue column (or partition key). Its texts are [`SharedStr`]s and its tags a [`Tags`]: a
/// catalog holds millions of columns whose names, types and tag lists repeat, and a backend
/// shares equal ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Column {
    pub name: SharedStr,
    pub data_type: SharedStr,
    /// A piece of a text shared by the table's columns when a backend decoded them together.
    pub comment: TextSlice,
    pub tags: Tags,
}

/// A fully qualified table name, `ACCOUNT:database.table`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableName {
    pub account: String,
    pub database: String,
    pub table: String,
}

impl TableName {
    pub fn new(account: impl Into<String>, database: impl Into<String>, table: impl Into<String>) -> Self {
        Self { account: account.into(), database: database.into(), table: table.into() }
    }

    /// Reads `ACCOUNT:database.table`, as written in `meshdesk:upstream`.
    pub fn parse(text: &str) -> Option<Self> {
        let (account, rest) = text.trim().split_once(':')?;
        let (database, table) = rest.split_once('.')?;
        let valid = |s: &str| !s.is_empty() && !s.contains([':', '.', ',']);
        (valid(account) && valid(database) && valid(table)).then(|| Self::new(account, database, table))
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}.{}", self.account, self.database, self.table)
    }
}

/// A Glue table with what Meshdesk reads of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Shared with the other tables of the account and database (the reader interns them).
    pub account: SharedStr,
    pub database: SharedStr,
    pub name: String,
    pub description: String,
    /// Glue `TableType`, e.g. `EXTERNAL_TABLE`.
    pub table_type: Option<SharedStr>,
    pub parameters: Parameters,
    /// `StorageDescriptor.Location`.
    pub location: Option<String>,
    /// `StorageDescriptor.InputFormat`.
    pub input_format: Option<SharedStr>,
    /// `StorageDescriptor.SerdeInfo.SerializationLibrary`.
    pub serde_library: Option<SharedStr>,
    pub columns: Vec<Column>,
    pub partition_keys: Vec<Column>,
    /// Glue `UpdateTime`, Unix seconds.
    pub update_time: Option<i64>,
    /// A resource link: the producer's table it points to (`TargetTable`).
    pub target: Option<Box<TableName>>,
    pub tags: Tags,
}

impl Table {
    pub fn qualified_name(&self) -> TableName {
        TableName::new(self.account.clone(), self.database.clone(), self.name.clone())
    }
}

/// An LF-tag key defined in an account, with its allowed values (Lake Formation `ListLFTags`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagKey {
    pub account: String,
    pub key: String,
    pub values: Vec<String>,
}

/// Everything Meshdesk knows of the mesh's catalogs at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub accounts: Vec<Account>,
    pub databases: Vec<Database>,
    pub tables: Vec<Table>,
    /// The LF-tag keys each account defines, with their allowed values.
    pub tag_keys: Vec<TagKey>,
}

impl Database {
    /// Whether the database is published as a data product.
    pub fn is_product(&self) -> bool {
        self.parameters.get(params::PRODUCT).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The product description: `meshdesk:description`, else Glue's `Description`.
    pub fn product_description(&self) -> &str {
        self.parameters.get(params::DESCRIPTION).map(String::as_str).filter(|d| !d.trim().is_empty()).unwrap_or(&self.description)
    }

    /// The product's owners (`meshdesk:owner`, comma-separated), trimmed, empty entries dropped.
    pub fn owners(&self) -> Vec<String> {
        split_list(self.parameters.get(params::OWNER).map(String::as_str).unwrap_or_default())
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.parameters.get(key).map(String::as_str).map(str::trim).filter(|v| !v.is_empty())
    }
}

impl Table {
    /// Tables this one is declared to be built from (`meshdesk:upstream`); unreadable entries are
    /// skipped, as a catalog written by hand may hold some.
    pub fn declared_upstream(&self) -> Vec<TableName> {
        split_list(self.parameters.get(params::UPSTREAM).map(String::as_str).unwrap_or_default())
            .iter()
            .filter_map(|entry| TableName::parse(entry))
            .collect()
    }
}

/// Splits a comma-separated parameter value.
pub fn split_list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}
