//! Effective access: which columns (and rows) of which table a principal can read, who can read a
//! column, and through which grants — Lake Formation's rules applied to the catalog's grants.
//!
//! A grant reaches a principal when it names it, its account, or an Identity Center group it is
//! in. Only SELECT (or ALL) reads data. A table grant (one table, or every table of a database)
//! and a data cells filter cover their column selection; a data cells filter also limits rows;
//! an LF-tag policy covers each column whose effective tags (its own, else its table's, else its
//! database's, per key) satisfy the expression. Database grants read no table data.

use super::expr;
use super::model::{ColumnSelection, Grant, Identity, Permission, Resource};
use super::principal::{Coverage, Principal, PrincipalError};
use super::row_filter;
use crate::CatalogIndex;
use crate::model::{Column, LfTag, Table, TableName};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which rows of a column can be read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rows {
    All,
    /// Only rows matching at least one of these filters (canonical text, sorted, no repeats).
    Filtered(Vec<String>),
}

/// One grant that gives access, and how it reaches the principal asked about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GrantPath {
    pub grant_id: String,
    /// The grantee that reached the principal: itself, its account or one of its groups.
    pub principal_matched: Principal,
    pub coverage: Coverage,
    /// What the grant is on, in words (see [`describe_resource`]).
    pub resource: String,
    /// The grant's row filter in canonical form; `None` for every row.
    pub row_filter: Option<String>,
}

/// A readable column, the rows readable in it, and every grant that makes it readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnAccess {
    pub column: String,
    pub rows: Rows,
    pub via: Vec<GrantPath>,
}

/// What a principal can do with one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableAccess {
    pub table: TableName,
    /// The readable columns, in the table's order (columns, then partition keys).
    pub columns: Vec<ColumnAccess>,
    /// Whether some grant with any permission reaches the table, so its metadata is visible.
    pub describe: bool,
}

/// A grantee that can read a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    /// The grantee as the grants name it (an account, a role, a user or a group).
    pub principal: Principal,
    pub rows: Rows,
    pub via: Vec<GrantPath>,
}

/// A grant the index could not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredGrant {
    pub grant_id: String,
    pub error: PrincipalError,
}

/// A grant made ready for answering.
#[derive(Debug)]
struct Prepared<'a> {
    grant: &'a Grant,
    grantee: Principal,
    /// SELECT or ALL: reads data, not only metadata.
    reads: bool,
    /// The canonical row filter; `None` for every row. A filter this parser cannot read is kept
    /// as written: it still gives access to some rows, and hiding that would understate access.
    row_filter: Option<String>,
}

/// Everyone a question is about, as the grantees that reach them and how.
#[derive(Debug)]
struct Subject {
    grantees: BTreeMap<Principal, Coverage>,
}

impl Subject {
    fn add(&mut self, grantee: Principal, coverage: Coverage) {
        let entry = self.grantees.entry(grantee).or_insert(coverage);
        *entry = (*entry).min(coverage);
    }
}

/// Grants (positions in `AccessIndex::grants`) by what they are on, so a table's grants are
/// found without scanning the others. Each grant is in exactly one bucket.
#[derive(Debug, Default)]
struct Buckets<'a> {
    /// Grants on one table (table grants and data cells filters), by account, database, table.
    on_table: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    /// Grants on every table of a database (Lake Formation's `TableWildcard`).
    on_database: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// LF-tag policies, by the account whose catalog they apply to.
    on_account: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Buckets<'a> {
    fn add(&mut self, resource: &'a Resource, at: usize) {
        match resource {
            Resource::Table { account, database, table: Some(table), .. }
            | Resource::DataCellsFilter { account, database, table, .. } => {
                self.on_table.entry((account, database, table)).or_default().push(at);
            }
            Resource::Table { account, database, table: None, .. } => {
                self.on_database.entry((account, database)).or_default().push(at);
            }
            Resource::TagPolicy { account, .. } => self.on_account.entry(account).or_default().push(at),
            Resource::Database { .. } => {}
        }
    }

    /// The grants that can touch the table: on it, on its database's tables, or tag policies
    /// of its account.
    fn candidates<'s>(&'s self, table: &'s Table) -> impl Iterator<Item = usize> + 's {
        let key = (table.account.as_str(), table.database.as_str());
        let on_table = self.on_table.get(&(key.0, key.1, table.name.as_str()));
        let on_database = self.on_database.get(&key);
        let on_account = self.on_account.get(key.0);
        [on_table, on_database, on_account].into_iter().flatten().flatten().copied()
    }
}

/// The grants arranged by what they are on and whom they name, over one catalog.
#[derive(Debug)]
pub struct AccessIndex<'a> {
    catalog: &'a CatalogIndex,
    grants: Vec<Prepared<'a>>,
    buckets: Buckets<'a>,
    by_grantee: HashMap<Principal, Vec<usize>>,
    /// Identity Center users' groups.
    groups: HashMap<Principal, Vec<Principal>>,
    ignored: Vec<IgnoredGrant>,
}

impl<'a> AccessIndex<'a> {
    /// Arranges `grants` over `catalog`. `memberships` are `(user ARN, group ARN)` pairs of
    /// Identity Center; pairs that are not a user and a group are skipped. Grants whose principal
    /// cannot be read are set aside in [`AccessIndex::ignored`]; grants with no permission and
    /// database grants give no table access and are left out.
    pub fn build(catalog: &'a CatalogIndex, grants: &'a [Grant], memberships: &[(String, String)]) -> Self {
        let mut index = AccessIndex {
            catalog,
            grants: Vec::new(),
            buckets: Buckets::default(),
            by_grantee: HashMap::new(),
            groups: HashMap::new(),
            ignored: Vec::new(),
        };
        for (user, group) in memberships {
            if let (Ok(user @ Principal::IdcUser { .. }), Ok(group @ Principal::IdcGroup { .. })) =
                (Principal::parse(user), Principal::parse(group))
            {
                let groups = index.groups.entry(user).or_default();
                if !groups.contains(&group) {
                    groups.push(group);
                }
            }
        }
        for grant in grants {
            let grantee = match Principal::parse(&grant.principal) {
                Ok(grantee) => grantee,
                Err(error) => {
                    index.ignored.push(IgnoredGrant { grant_id: grant.id.clone(), error });
                    continue;
                }
            };
            if grant.permissions.is_empty() || matches!(grant.resource, Resource::Database { .. }) {
                continue;
            }
            let at = index.grants.len();
            index.buckets.add(&grant.resource, at);
            index.by_grantee.entry(grantee.clone()).or_default().push(at);
            index.grants.push(Prepared {
                grant,
                grantee,
                reads: grant.permissions.contains(&Permission::Select) || grant.permissions.contains(&Permission::All),
                row_filter: canonical_filter(&grant.resource),
            });
        }
        index
    }

    /// Grants whose principal could not be read, so no access is derived from them.
    pub fn ignored(&self) -> &[IgnoredGrant] {
        &self.ignored
    }

    /// What `principal` can read of the table; `None` when the catalog has no such table.
    pub fn table_access(&self, principal: &Principal, table: &TableName) -> Option<TableAccess> {
        let at = self.catalog.table_index(table)?;
        Some(self.access(&self.subject_of(principal), &self.buckets, at))
    }

    /// Every grantee that can read the column, with the rows and the grants. Empty when the
    /// table or column is unknown.
    pub fn who_can_read(&self, table: &TableName, column: &str) -> Vec<Reader> {
        let Some(at) = self.catalog.table_index(table) else { return Vec::new() };
        let table = &self.catalog.catalog().tables[at];
        let Some(column) = table.columns.iter().chain(&table.partition_keys).find(|c| c.name == column) else {
            return Vec::new();
        };
        let database_tags = self.database_tags(table);
        let mut readers: BTreeMap<&Principal, Vec<GrantPath>> = BTreeMap::new();
        for prepared in self.buckets.candidates(table).map(|at| &self.grants[at]) {
            if prepared.reads && covers_column(&prepared.grant.resource, table, column, database_tags) {
                readers.entry(&prepared.grantee).or_default().push(path(prepared, &prepared.grantee, Coverage::Direct));
            }
        }
        readers
            .into_iter()
            .map(|(principal, via)| Reader { principal: principal.clone(), rows: rows_of(&via), via: sorted(via) })
            .collect()
    }

    /// "My access": every table `principal` can read at least one column of, in name order.
    pub fn principal_access(&self, principal: &Principal) -> Vec<TableAccess> {
        self.accessible(&self.subject_of(principal))
    }

    /// Everything an identity can read, through any of its principals, its account or its groups.
    /// Principals and groups that cannot be read are skipped.
    pub fn identity_access(&self, identity: &Identity) -> Vec<TableAccess> {
        let mut subject = Subject { grantees: BTreeMap::new() };
        for principal in identity.principals.iter().filter_map(|p| Principal::parse(p).ok()) {
            for (grantee, coverage) in self.subject_of(&principal).grantees {
                subject.add(grantee, coverage);
            }
        }
        if let Ok(account @ Principal::Account(_)) = Principal::parse(&identity.account) {
            subject.add(account, Coverage::Account);
        }
        for group in identity.groups.iter().filter_map(|g| Principal::parse(g).ok()) {
            if matches!(group, Principal::IdcGroup { .. }) {
                subject.add(group, Coverage::Group);
            }
        }
        self.accessible(&subject)
    }

    /// The tables of an account: a range, since the catalog's tables are sorted by account first
    /// (found when asked rather than indexed for every table on every build).
    fn tables_of_account(&self, account: &str) -> std::ops::Range<usize> {
        let tables = &self.catalog.catalog().tables;
        tables.partition_point(|t| t.account.as_str() < account)..tables.partition_point(|t| t.account.as_str() <= account)
    }

    fn subject_of(&self, principal: &Principal) -> Subject {
        let groups = self.groups.get(principal).map_or(&[][..], Vec::as_slice);
        Subject { grantees: principal.grantees(groups).into_iter().collect() }
    }

    fn database_tags(&self, table: &Table) -> &'a [LfTag] {
        let catalog = self.catalog;
        catalog
            .database(&table.account, &table.database)
            .map_or(&[], |db| catalog.catalog().databases[db].tags.as_slice())
    }

    /// What `subject` can do with the table at `at`, from the grants in `buckets`.
    fn access(&self, subject: &Subject, buckets: &Buckets<'_>, at: usize) -> TableAccess {
        let table = &self.catalog.catalog().tables[at];
        let database_tags = self.database_tags(table);
        let columns: Vec<&Column> = table.columns.iter().chain(&table.partition_keys).collect();
        let mut paths: Vec<Vec<GrantPath>> = vec![Vec::new(); columns.len()];
        let mut describe = false;
        for prepared in buckets.candidates(table).map(|at| &self.grants[at]) {
            let Some(&coverage) = subject.grantees.get(&prepared.grantee) else { continue };
            let resource = &prepared.grant.resource;
            describe = describe || describes(resource, table, database_tags);
            if !prepared.reads {
                continue;
            }
            for (column, paths) in columns.iter().zip(&mut paths) {
                if covers_column(resource, table, column, database_tags) {
                    paths.push(path(prepared, &prepared.grantee, coverage));
                }
            }
        }
        let columns = columns
            .into_iter()
            .zip(paths)
            .filter(|(_, via)| !via.is_empty())
            .map(|(column, via)| ColumnAccess { column: column.name.to_string(), rows: rows_of(&via), via: sorted(via) })
            .collect();
        TableAccess { table: table.qualified_name(), columns, describe }
    }

    fn accessible(&self, subject: &Subject) -> Vec<TableAccess> {
        // Only the subject's own grants are looked at, so a table costs what the subject was
        // granted, not what everyone was.
        let mut tables: BTreeSet<usize> = BTreeSet::new();
        let mut own = Buckets::default();
        for grantee in subject.grantees.keys() {
            for &at in self.by_grantee.get(grantee).into_iter().flatten() {
                let prepared = &self.grants[at];
                own.add(&prepared.grant.resource, at);
                if !prepared.reads {
                    continue;
                }
                match &prepared.grant.resource {
                    Resource::Table { account, database, table: Some(table), .. }
                    | Resource::DataCellsFilter { account, database, table, .. } => {
                        tables.extend(self.catalog.table_index(&TableName::new(account, database, table)));
                    }
                    Resource::Table { account, database, table: None, .. } => {
                        tables.extend(self.catalog.database(account, database).map(|db| self.catalog.table_range(db)).into_iter().flatten());
                    }
                    Resource::TagPolicy { account, .. } => tables.extend(self.tables_of_account(account)),
                    Resource::Database { .. } => {}
                }
            }
        }
        // Catalog tables are sorted by name, so index order is name order.
        tables
            .into_iter()
            .map(|at| self.access(subject, &own, at))
            .filter(|access| !access.columns.is_empty())
            .collect()
    }
}

/// Whether a grant found among a table's candidates covers one of its columns.
fn covers_column(resource: &Resource, table: &Table, column: &Column, database_tags: &[LfTag]) -> bool {
    match resource {
        Resource::Table { columns, .. } | Resource::DataCellsFilter { columns, .. } => columns.covers(&column.name),
        Resource::TagPolicy { expression, .. } => {
            expr::matches_with(expression, |key| expr::effective_value(key, &column.tags, &table.tags, database_tags))
        }
        Resource::Database { .. } => false,
    }
}

/// Whether a grant found among a table's candidates makes the table visible: a grant on the
/// table, or a tag policy its table-level tags or one of its columns satisfy.
fn describes(resource: &Resource, table: &Table, database_tags: &[LfTag]) -> bool {
    match resource {
        Resource::Table { .. } | Resource::DataCellsFilter { .. } => true,
        Resource::TagPolicy { expression, .. } => {
            expr::matches_with(expression, |key| expr::effective_value(key, &[], &table.tags, database_tags))
                || table
                    .columns
                    .iter()
                    .chain(&table.partition_keys)
                    .any(|c| covers_column(resource, table, c, database_tags))
        }
        Resource::Database { .. } => false,
    }
}

fn canonical_filter(resource: &Resource) -> Option<String> {
    let Resource::DataCellsFilter { row_filter: Some(text), .. } = resource else { return None };
    match row_filter::parse(text) {
        Ok(filter) if filter.is_all() => None,
        Ok(filter) => Some(filter.to_string()),
        Err(_) => Some(text.trim().to_owned()),
    }
}

fn path(prepared: &Prepared<'_>, matched: &Principal, coverage: Coverage) -> GrantPath {
    GrantPath {
        grant_id: prepared.grant.id.clone(),
        principal_matched: matched.clone(),
        coverage,
        resource: describe_resource(&prepared.grant.resource),
        row_filter: prepared.row_filter.clone(),
    }
}

/// All rows when some path reads without a filter, else the union of the paths' filters.
fn rows_of(via: &[GrantPath]) -> Rows {
    let filters: Option<BTreeSet<&String>> = via.iter().map(|p| p.row_filter.as_ref()).collect();
    match filters {
        None => Rows::All,
        Some(filters) => Rows::Filtered(filters.into_iter().cloned().collect()),
    }
}

fn sorted(mut via: Vec<GrantPath>) -> Vec<GrantPath> {
    via.sort_by(|a, b| (&a.grant_id, &a.principal_matched).cmp(&(&b.grant_id, &b.principal_matched)));
    via
}

/// A resource in words, e.g. `table 123456789012:sales.orders (columns id, amount)`.
pub fn describe_resource(resource: &Resource) -> String {
    let columns = |selection: &ColumnSelection| match selection {
        ColumnSelection::All => String::new(),
        ColumnSelection::AllExcept(names) if names.is_empty() => String::new(),
        ColumnSelection::AllExcept(names) => format!(" (all columns except {})", names.join(", ")),
        ColumnSelection::Only(names) if names.is_empty() => " (no columns)".to_owned(),
        ColumnSelection::Only(names) => format!(" (columns {})", names.join(", ")),
    };
    match resource {
        Resource::Database { account, database } => format!("database {account}:{database}"),
        Resource::Table { account, database, table: Some(table), columns: selection } => {
            format!("table {account}:{database}.{table}{}", columns(selection))
        }
        Resource::Table { account, database, table: None, columns: selection } => {
            format!("every table of {account}:{database}{}", columns(selection))
        }
        Resource::DataCellsFilter { account, database, table, name, columns: selection, .. } => {
            format!("data cells filter '{name}' on {account}:{database}.{table}{}", columns(selection))
        }
        Resource::TagPolicy { account, expression } => format!("tables of {account} tagged {expression}"),
    }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
