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
use std::borrow::Borrow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
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
struct Prepared {
    /// The grant's position in the grants the index was built from.
    grant: usize,
    /// Shared by every grant to the same principal (a few thousand principals hold 100k grants).
    grantee: Arc<Principal>,
    /// SELECT or ALL: reads data, not only metadata.
    reads: bool,
    /// The canonical row filter; `None` for every row. A filter this parser cannot read is kept
    /// as written: it still gives access to some rows, and hiding that would understate access.
    row_filter: Option<String>,
    /// What the grant is on, as positions in the catalog.
    on: On,
    /// For a tag policy: the tables (catalog positions, ascending) with a column it covers,
    /// worked out the first time a question needs them and kept with the index. Boxed, and
    /// `None` for the other grants (nearly all of 100k), which never need it.
    covered: Option<Box<OnceLock<Vec<usize>>>>,
}

/// What a grant is on, found in the catalog once when the index is built.
#[derive(Debug, Clone, PartialEq, Eq)]
enum On {
    /// One table (a table grant, a data cells filter).
    Table(usize),
    /// Every table of a database (Lake Formation's `TableWildcard`).
    Database(usize),
    /// The tables of an account (an LF-tag policy): a range of the sorted catalog.
    Account(Range<usize>),
    /// Nothing the catalog holds (or a database grant, which reads no table).
    Nowhere,
}

impl On {
    fn of(catalog: &CatalogIndex, resource: &Resource) -> On {
        match resource {
            Resource::Table { account, database, table: Some(table), .. }
            | Resource::DataCellsFilter { account, database, table, .. } => {
                table_at(catalog, account, database, table).map_or(On::Nowhere, On::Table)
            }
            Resource::Table { account, database, table: None, .. } => {
                catalog.database(account, database).map_or(On::Nowhere, On::Database)
            }
            Resource::TagPolicy { account, .. } => On::Account(tables_of_account(catalog, account)),
            Resource::Database { .. } => On::Nowhere,
        }
    }
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

/// Grants (positions in `AccessIndex::prepared`) by what they are on, so a table's grants are
/// found without scanning the others. Each grant is in at most one bucket: grants on tables or
/// databases the catalog does not hold reach no table, and are in none.
#[derive(Debug, Default)]
struct Buckets {
    /// Grants on one table (table grants and data cells filters), by the table's position.
    on_table: HashMap<usize, Vec<usize>>,
    /// Grants on every table of a database, by the database's position.
    on_database: HashMap<usize, Vec<usize>>,
    /// LF-tag policies, by the account whose catalog they apply to.
    on_account: HashMap<String, Vec<usize>>,
}

impl Buckets {
    fn add(&mut self, on: &On, resource: &Resource, at: usize) {
        match (on, resource) {
            (On::Table(t), _) => self.on_table.entry(*t).or_default().push(at),
            (On::Database(db), _) => self.on_database.entry(*db).or_default().push(at),
            (On::Account(_), Resource::TagPolicy { account, .. }) => match self.on_account.get_mut(account.as_str()) {
                Some(grants) => grants.push(at),
                None => {
                    self.on_account.insert(account.clone(), vec![at]);
                }
            },
            _ => {}
        }
    }

    /// The grants that can touch the table at `at`: on it, on its database's tables, or tag
    /// policies of its account.
    fn candidates<'s>(&'s self, catalog: &CatalogIndex, at: usize) -> impl Iterator<Item = usize> + 's {
        let table = &catalog.catalog().tables[at];
        let on_table = self.on_table.get(&at);
        let on_database = catalog.database(&table.account, &table.database).and_then(|db| self.on_database.get(&db));
        let on_account = self.on_account.get(table.account.as_str());
        [on_table, on_database, on_account].into_iter().flatten().flatten().copied()
    }
}

/// The tables of an account: a range, since the catalog's tables are sorted by account first.
fn tables_of_account(catalog: &CatalogIndex, account: &str) -> Range<usize> {
    let tables = &catalog.catalog().tables;
    tables.partition_point(|t| t.account.as_str() < account)..tables.partition_point(|t| t.account.as_str() <= account)
}

/// The position of a table in the catalog (sorted by account, database, name), found without
/// allocating a `TableName`.
fn table_at(catalog: &CatalogIndex, account: &str, database: &str, table: &str) -> Option<usize> {
    let key = (account, database, table);
    catalog.catalog().tables.binary_search_by(|t| (t.account.as_str(), t.database.as_str(), t.name.as_str()).cmp(&key)).ok()
}

/// Whom a question is about and the tables they can read at least one column of (catalog
/// positions, ascending — which is name order). Made once per question by
/// [`AccessIndex::reach_of`] / [`AccessIndex::identity_reach`]; each table's columns are then
/// explained only when read ([`AccessIndex::readable`]), so a page costs that page.
#[derive(Debug)]
pub struct Reach {
    subject: Subject,
    tables: Vec<usize>,
}

/// The grants arranged by what they are on and whom they name, over one catalog.
///
/// It holds (or borrows) the catalog and the grants it was built from: `C` is a
/// `&CatalogIndex` or an `Arc<CatalogIndex>`, `G` a slice of grants or an owned `Vec`, so a
/// caller may keep the index between questions (the API does, until grants, tags or the
/// catalog change) or build one for a single answer.
#[derive(Debug)]
pub struct AccessIndex<C, G> {
    catalog: C,
    grants: G,
    prepared: Vec<Prepared>,
    buckets: Buckets,
    by_grantee: HashMap<Principal, Vec<usize>>,
    /// Identity Center users' groups.
    groups: HashMap<Principal, Vec<Principal>>,
    ignored: Vec<IgnoredGrant>,
}

impl<C: Borrow<CatalogIndex>, G: AsRef<[Grant]>> AccessIndex<C, G> {
    /// Arranges `grants` over `catalog`. `memberships` are `(user ARN, group ARN)` pairs of
    /// Identity Center; pairs that are not a user and a group are skipped. Grants whose principal
    /// cannot be read are set aside in [`AccessIndex::ignored`]; grants with no permission and
    /// database grants give no table access and are left out.
    pub fn build(catalog: C, grants: G, memberships: &[(String, String)]) -> Self {
        let mut groups: HashMap<Principal, Vec<Principal>> = HashMap::new();
        for (user, group) in memberships {
            if let (Ok(user @ Principal::IdcUser { .. }), Ok(group @ Principal::IdcGroup { .. })) =
                (Principal::parse(user), Principal::parse(group))
            {
                let groups = groups.entry(user).or_default();
                if !groups.contains(&group) {
                    groups.push(group);
                }
            }
        }
        // Reserved for every grant (a few are skipped): grown by doubling, 100k grants would
        // hold up to twice the room, and the last doubling copies them with both copies alive.
        let mut prepared = Vec::with_capacity(grants.as_ref().len());
        let mut buckets = Buckets::default();
        let mut by_grantee: HashMap<Principal, Vec<usize>> = HashMap::new();
        let mut shared: HashMap<Principal, Arc<Principal>> = HashMap::new();
        let mut ignored = Vec::new();
        for (position, grant) in grants.as_ref().iter().enumerate() {
            let grantee = match Principal::parse(&grant.principal) {
                Ok(grantee) => grantee,
                Err(error) => {
                    ignored.push(IgnoredGrant { grant_id: grant.id.clone(), error });
                    continue;
                }
            };
            if grant.permissions.is_empty() || matches!(grant.resource, Resource::Database { .. }) {
                continue;
            }
            let at = prepared.len();
            let on = On::of(catalog.borrow(), &grant.resource);
            let covered = matches!(on, On::Account(_)).then(Box::default);
            buckets.add(&on, &grant.resource, at);
            let grantee = Arc::clone(shared.entry(grantee).or_insert_with_key(|g| Arc::new(g.clone())));
            by_grantee.entry(Principal::clone(&grantee)).or_default().push(at);
            prepared.push(Prepared {
                grant: position,
                grantee,
                reads: grant.permissions.contains(&Permission::Select) || grant.permissions.contains(&Permission::All),
                row_filter: canonical_filter(&grant.resource),
                on,
                covered,
            });
        }
        AccessIndex { catalog, grants, prepared, buckets, by_grantee, groups, ignored }
    }

    /// The catalog the index was built over.
    pub fn catalog(&self) -> &CatalogIndex {
        self.catalog.borrow()
    }

    /// The grants the index was built from, in the order given.
    pub fn grants(&self) -> &[Grant] {
        self.grants.as_ref()
    }

    /// Grants whose principal could not be read, so no access is derived from them.
    pub fn ignored(&self) -> &[IgnoredGrant] {
        &self.ignored
    }

    fn grant_of(&self, prepared: &Prepared) -> &Grant {
        &self.grants.as_ref()[prepared.grant]
    }

    /// What `principal` can read of the table; `None` when the catalog has no such table.
    pub fn table_access(&self, principal: &Principal, table: &TableName) -> Option<TableAccess> {
        let at = self.catalog().table_index(table)?;
        Some(self.access(&self.subject_of(principal), at))
    }

    /// Every grantee that can read the column, with the rows and the grants. Empty when the
    /// table or column is unknown.
    pub fn who_can_read(&self, table: &TableName, column: &str) -> Vec<Reader> {
        let catalog = self.catalog();
        let Some(at) = catalog.table_index(table) else { return Vec::new() };
        let table = &catalog.catalog().tables[at];
        let Some(column) = table.columns.iter().chain(&table.partition_keys).find(|c| c.name == column) else {
            return Vec::new();
        };
        let database_tags = database_tags(catalog, table);
        let mut readers: BTreeMap<&Principal, Vec<GrantPath>> = BTreeMap::new();
        for prepared in self.buckets.candidates(catalog, at).map(|at| &self.prepared[at]) {
            let grant = self.grant_of(prepared);
            if prepared.reads && covers_column(&grant.resource, table, column, database_tags) {
                readers.entry(&*prepared.grantee).or_default().push(path(grant, prepared, &prepared.grantee, Coverage::Direct));
            }
        }
        readers
            .into_iter()
            .map(|(principal, via)| Reader { principal: principal.clone(), rows: rows_of(&via), via: sorted(via) })
            .collect()
    }

    /// "My access": every table `principal` can read at least one column of, in name order.
    pub fn principal_access(&self, principal: &Principal) -> Vec<TableAccess> {
        let reach = self.reach_of(principal);
        self.readable(&reach, None).collect()
    }

    /// Everything an identity can read, through any of its principals, its account or its groups.
    /// Principals and groups that cannot be read are skipped.
    pub fn identity_access(&self, identity: &Identity) -> Vec<TableAccess> {
        let reach = self.identity_reach(identity);
        self.readable(&reach, None).collect()
    }

    /// What `principal` (itself, its account, its groups) was granted, ready for
    /// [`AccessIndex::readable`].
    pub fn reach_of(&self, principal: &Principal) -> Reach {
        self.reach(self.subject_of(principal))
    }

    /// What an identity (its principals, its account, its groups) was granted, ready for
    /// [`AccessIndex::readable`].
    pub fn identity_reach(&self, identity: &Identity) -> Reach {
        self.reach(self.identity_subject(identity))
    }

    /// What an identity (through any of its principals, its account or its groups) can read of
    /// the table, without working out the other tables; `None` when the catalog has no such
    /// table.
    pub fn identity_table_access(&self, identity: &Identity, table: &TableName) -> Option<TableAccess> {
        let at = self.catalog().table_index(table)?;
        Some(self.access(&self.identity_subject(identity), at))
    }

    /// The grantees that reach an identity: its principals (with their accounts and groups), its
    /// account, its Identity Center groups. Principals and groups that cannot be read are skipped.
    fn identity_subject(&self, identity: &Identity) -> Subject {
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
        subject
    }

    /// The tables the subject of `reach` can read at least one column of, in name order, from
    /// the first after `after` (from the start when `None`), each explained as it is read.
    pub fn readable<'s>(&'s self, reach: &'s Reach, after: Option<&TableName>) -> impl Iterator<Item = TableAccess> + 's {
        let start = after.map_or(0, |after| {
            let tables = &self.catalog().catalog().tables;
            let key = (after.account.as_str(), after.database.as_str(), after.table.as_str());
            reach.tables.partition_point(|&at| {
                let t = &tables[at];
                (t.account.as_str(), t.database.as_str(), t.name.as_str()) <= key
            })
        });
        reach.tables[start..]
            .iter()
            .map(|&at| self.access(&reach.subject, at))
            .filter(|access| !access.columns.is_empty())
    }

    /// How many tables the subject of `reach` can read at least one column of: the length of
    /// [`AccessIndex::readable`] from the start, without explaining any column.
    pub fn readable_count(&self, reach: &Reach) -> usize {
        reach.tables.len()
    }

    fn subject_of(&self, principal: &Principal) -> Subject {
        let groups = self.groups.get(principal).map_or(&[][..], Vec::as_slice);
        Subject { grantees: principal.grantees(groups).into_iter().collect() }
    }

    /// Only the subject's own grants are looked at, so the question costs what the subject was
    /// granted, not what everyone was; a tag policy's tables are worked out once per index.
    fn reach(&self, subject: Subject) -> Reach {
        let catalog = self.catalog();
        let tables = &catalog.catalog().tables;
        let mut readable = vec![0u64; tables.len().div_ceil(64)];
        let mut mark = |at: usize| readable[at / 64] |= 1 << (at % 64);
        let reads_a_column = |columns: &ColumnSelection, table: &Table| {
            table.columns.iter().chain(&table.partition_keys).any(|c| columns.covers(&c.name))
        };
        for grantee in subject.grantees.keys() {
            for prepared in self.by_grantee.get(grantee).into_iter().flatten().map(|&at| &self.prepared[at]) {
                if !prepared.reads {
                    continue;
                }
                match (&prepared.on, &self.grant_of(prepared).resource) {
                    (On::Table(at), Resource::Table { columns, .. } | Resource::DataCellsFilter { columns, .. }) => {
                        if reads_a_column(columns, &tables[*at]) {
                            mark(*at);
                        }
                    }
                    (On::Database(db), Resource::Table { columns, .. }) => {
                        for at in catalog.table_range(*db) {
                            if reads_a_column(columns, &tables[at]) {
                                mark(at);
                            }
                        }
                    }
                    (On::Account(_), _) => self.covered(prepared).iter().for_each(|&at| mark(at)),
                    _ => {}
                }
            }
        }
        let tables = readable
            .iter()
            .enumerate()
            .flat_map(|(word, &bits)| (0..64).filter(move |bit| bits & (1 << bit) != 0).map(move |bit| word * 64 + bit))
            .collect();
        Reach { subject, tables }
    }

    /// The tables of its account with a column a tag policy covers, worked out on first need.
    fn covered<'s>(&'s self, prepared: &'s Prepared) -> &'s [usize] {
        let (Some(covered), On::Account(range)) = (&prepared.covered, &prepared.on) else { return &[] };
        covered.get_or_init(|| {
            let catalog = self.catalog();
            let resource = &self.grant_of(prepared).resource;
            range
                .clone()
                .filter(|&at| {
                    let table = &catalog.catalog().tables[at];
                    let database_tags = database_tags(catalog, table);
                    table.columns.iter().chain(&table.partition_keys).any(|c| covers_column(resource, table, c, database_tags))
                })
                .collect()
        })
    }

    /// What `subject` can do with the table at `at`.
    fn access(&self, subject: &Subject, at: usize) -> TableAccess {
        let catalog = self.catalog();
        let table = &catalog.catalog().tables[at];
        let database_tags = database_tags(catalog, table);
        let columns: Vec<&Column> = table.columns.iter().chain(&table.partition_keys).collect();
        let mut paths: Vec<Vec<GrantPath>> = vec![Vec::new(); columns.len()];
        let mut describe = false;
        for prepared in self.buckets.candidates(catalog, at).map(|at| &self.prepared[at]) {
            let Some(&coverage) = subject.grantees.get(&*prepared.grantee) else { continue };
            let grant = self.grant_of(prepared);
            let resource = &grant.resource;
            describe = describe || describes(resource, table, database_tags);
            if !prepared.reads {
                continue;
            }
            for (column, paths) in columns.iter().zip(&mut paths) {
                if covers_column(resource, table, column, database_tags) {
                    paths.push(path(grant, prepared, &prepared.grantee, coverage));
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
}

fn database_tags<'c>(catalog: &'c CatalogIndex, table: &Table) -> &'c [LfTag] {
    catalog.database(&table.account, &table.database).map_or(&[], |db| catalog.catalog().databases[db].tags.as_slice())
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

fn path(grant: &Grant, prepared: &Prepared, matched: &Principal, coverage: Coverage) -> GrantPath {
    GrantPath {
        grant_id: grant.id.clone(),
        principal_matched: matched.clone(),
        coverage,
        resource: describe_resource(&grant.resource),
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
