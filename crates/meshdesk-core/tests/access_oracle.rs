//! Effective access checked against a naive oracle over random small meshes: for every principal
//! and table, `AccessIndex` must agree exactly with asking every grant about every column.

use meshdesk_core::governance::access::{AccessIndex, Rows, TableAccess};
use meshdesk_core::governance::model::{
    ColumnSelection, Grant, Identity, Permission, Resource, TagClause, TagExpression,
};
use meshdesk_core::governance::principal::{Coverage, Principal};
use meshdesk_core::governance::row_filter;
use meshdesk_core::{Account, Catalog, CatalogIndex, Column, Database, LfTag, Table, TableName};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use std::collections::{BTreeMap, BTreeSet};

/// Two accounts hold catalogs; the third only consumes.
const ACCOUNTS: [&str; 3] = ["111111111111", "222222222222", "333333333333"];
/// The last name of each list exists in no catalog, so grants can point at nothing.
const DATABASES: [&str; 3] = ["d0", "d1", "d9"];
const TABLES: [&str; 4] = ["t0", "t1", "t2", "t9"];
const COLUMNS: [&str; 5] = ["c0", "c1", "c2", "c3", "c9"];
const PARTITION_KEY: &str = "p0";
const SENSITIVITY: [&str; 4] = ["public", "internal", "confidential", "restricted"];
const FILTERS: [Option<&str>; 8] = [
    None,
    Some(""),
    Some("TRUE"),
    Some("c0 = 1"),
    Some("c1 in ('a','b') or c2 is null"),
    Some("c0 = 1 AND (c3 > 2)"),
    Some("(("),
    Some("upper(c0) = 'X'"),
];

fn principals() -> Vec<String> {
    let mut out: Vec<String> = ACCOUNTS.iter().map(|a| (*a).to_owned()).collect();
    for account in ACCOUNTS {
        out.push(format!("arn:aws:iam::{account}:role/r0"));
        out.push(format!("arn:aws:iam::{account}:role/team/r1"));
        out.push(format!("arn:aws:iam::{account}:user/u0"));
    }
    for id in ["u0", "u1", "u2"] {
        out.push(format!("arn:aws:identitystore:::user/{id}"));
    }
    for id in ["g0", "g1"] {
        out.push(format!("arn:aws:identitystore:::group/{id}"));
    }
    out
}

fn idc(kind: &str, id: &str) -> String {
    format!("arn:aws:identitystore:::{kind}/{id}")
}

fn level_tags() -> impl Strategy<Value = Vec<LfTag>> {
    (proptest::option::of(select(SENSITIVITY.to_vec())), proptest::option::of(select(vec!["true", "false"]))).prop_map(
        |(sensitivity, pii)| {
            sensitivity
                .map(|v| LfTag::new("sensitivity", v))
                .into_iter()
                .chain(pii.map(|v| LfTag::new("pii", v)))
                .collect()
        },
    )
}

/// A table's tags, its columns (each present or not, with tags) and maybe a partition key.
type TableShape = (Vec<LfTag>, Vec<Option<Vec<LfTag>>>, Option<Vec<LfTag>>);
/// A database's presence and tags, and its tables.
type DatabaseShape = (bool, Vec<LfTag>, Vec<Option<TableShape>>);

fn table_shape() -> impl Strategy<Value = TableShape> {
    (
        level_tags(),
        proptest::collection::vec(proptest::option::weighted(0.75, level_tags()), 4),
        proptest::option::weighted(0.3, level_tags()),
    )
}

fn database_shape() -> impl Strategy<Value = DatabaseShape> {
    (
        proptest::bool::weighted(0.85),
        level_tags(),
        proptest::collection::vec(proptest::option::weighted(0.8, table_shape()), 3),
    )
}

fn column(name: &str, tags: Vec<LfTag>) -> Column {
    Column { name: name.into(), data_type: "string".into(), tags: tags.into(), ..Column::default() }
}

fn catalog_of(shapes: Vec<DatabaseShape>) -> Catalog {
    let mut catalog = Catalog {
        accounts: ACCOUNTS
            .iter()
            .map(|a| Account { id: (*a).into(), name: (*a).into(), domain: (*a).into() })
            .collect(),
        ..Catalog::default()
    };
    for (i, (present, tags, tables)) in shapes.into_iter().enumerate() {
        let (account, database) = (ACCOUNTS[i / 2], DATABASES[i % 2]);
        if !present {
            continue;
        }
        catalog.databases.push(Database {
            account: account.into(),
            name: database.into(),
            tags: tags.into(),
            ..Database::default()
        });
        for (t, shape) in tables.into_iter().enumerate() {
            let Some((tags, columns, partition)) = shape else { continue };
            catalog.tables.push(Table {
                account: account.into(),
                database: database.into(),
                name: TABLES[t].into(),
                tags: tags.into(),
                columns: columns
                    .into_iter()
                    .enumerate()
                    .filter_map(|(c, tags)| Some(column(COLUMNS[c], tags?)))
                    .collect(),
                partition_keys: partition.map(|tags| column(PARTITION_KEY, tags)).into_iter().collect(),
                ..Table::default()
            });
        }
    }
    catalog
}

fn selection() -> impl Strategy<Value = ColumnSelection> {
    let names =
        || subsequence(COLUMNS.iter().chain([&PARTITION_KEY]).map(|c| (*c).to_owned()).collect::<Vec<_>>(), 0..=3);
    prop_oneof![
        Just(ColumnSelection::All),
        names().prop_map(ColumnSelection::Only),
        names().prop_map(ColumnSelection::AllExcept)
    ]
}

fn expression() -> impl Strategy<Value = TagExpression> {
    let sensitivity = subsequence(SENSITIVITY.to_vec(), 1..=3).prop_map(|values| TagClause {
        key: "sensitivity".into(),
        values: values.into_iter().map(str::to_owned).collect(),
    });
    let pii = select(vec!["true", "false"]).prop_map(|v| TagClause { key: "pii".into(), values: vec![v.into()] });
    let domain = Just(TagClause { key: "domain".into(), values: vec!["sales".into()] });
    (sensitivity, proptest::option::of(prop_oneof![4 => pii, 1 => domain]))
        .prop_map(|(first, second)| TagExpression { clauses: std::iter::once(first).chain(second).collect() })
}

fn resource() -> impl Strategy<Value = Resource> {
    let account = || select(ACCOUNTS.to_vec()).prop_map(str::to_owned);
    let database = || select(DATABASES.to_vec()).prop_map(str::to_owned);
    let table = || select(TABLES.to_vec()).prop_map(str::to_owned);
    prop_oneof![
        1 => (account(), database()).prop_map(|(account, database)| Resource::Database { account, database }),
        4 => (account(), database(), proptest::option::weighted(0.7, table()), selection())
            .prop_map(|(account, database, table, columns)| Resource::Table { account, database, table, columns }),
        3 => (account(), database(), table(), select(FILTERS.to_vec()), selection()).prop_map(
            |(account, database, table, row_filter, columns)| Resource::DataCellsFilter {
                account,
                database,
                table,
                name: "f".into(),
                row_filter: row_filter.map(str::to_owned),
                columns,
            }
        ),
        3 => (account(), expression()).prop_map(|(account, expression)| Resource::TagPolicy { account, expression }),
    ]
}

fn grants() -> impl Strategy<Value = Vec<Grant>> {
    let mut grantees = principals();
    grantees.push("not-a-principal".into());
    let one = (select(grantees), resource(), proptest::collection::btree_set(select(Permission::EVERY.to_vec()), 0..3));
    proptest::collection::vec(one, 0..14).prop_map(|grants| {
        grants
            .into_iter()
            .enumerate()
            .map(|(i, (principal, resource, permissions))| Grant {
                id: format!("g{i:02}"),
                principal,
                resource,
                permissions,
                grantable: BTreeSet::new(),
            })
            .collect()
    })
}

fn memberships() -> impl Strategy<Value = Vec<(String, String)>> {
    let member = select(vec![
        idc("user", "u0"),
        idc("user", "u1"),
        idc("user", "u2"),
        "arn:aws:iam::111111111111:role/r0".into(),
    ]);
    proptest::collection::vec((member, select(vec![idc("group", "g0"), idc("group", "g1")])), 0..4)
}

fn identity() -> impl Strategy<Value = Identity> {
    (
        subsequence(principals(), 0..3),
        select(ACCOUNTS.to_vec()),
        subsequence(vec![idc("group", "g0"), idc("group", "g1")], 0..2),
    )
        .prop_map(|(principals, account, groups)| Identity {
            principals,
            account: account.into(),
            groups,
            group_names: Vec::new(),
            ..Identity::default()
        })
}

// ---- The oracle: no index, no shared rule; every grant asked about every column. ----

/// How a grant's grantee reaches someone, if it does.
fn oracle_reach(grantee: &Principal, who: &Principal, memberships: &[(String, String)]) -> Option<Coverage> {
    if grantee == who {
        return Some(Coverage::Direct);
    }
    match (grantee, who) {
        (Principal::Account(a), Principal::IamRole { account, .. } | Principal::IamUser { account, .. })
            if a == account =>
        {
            Some(Coverage::Account)
        }
        (Principal::IdcGroup { .. }, Principal::IdcUser { .. }) => memberships
            .iter()
            .any(|(user, group)| {
                Principal::parse(user).as_ref() == Ok(who) && Principal::parse(group).as_ref() == Ok(grantee)
            })
            .then_some(Coverage::Group),
        _ => None,
    }
}

fn oracle_reach_identity(grantee: &Principal, identity: &Identity, memberships: &[(String, String)]) -> bool {
    let own = identity.principals.iter().filter_map(|p| Principal::parse(p).ok());
    let reached = own.into_iter().any(|p| oracle_reach(grantee, &p, memberships).is_some());
    let account = matches!(grantee, Principal::Account(a) if *a == identity.account);
    let group = matches!(grantee, Principal::IdcGroup { .. })
        && identity.groups.iter().any(|g| Principal::parse(g).as_ref() == Ok(grantee));
    reached || account || group
}

fn oracle_selects(selection: &ColumnSelection, column: &str) -> bool {
    match selection {
        ColumnSelection::All => true,
        ColumnSelection::Only(names) => names.iter().any(|n| n == column),
        ColumnSelection::AllExcept(names) => names.iter().all(|n| n != column),
    }
}

fn oracle_tag<'a>(key: &str, levels: [&'a [LfTag]; 3]) -> Option<&'a str> {
    for level in levels {
        for tag in level {
            if tag.key == key {
                return Some(&tag.value);
            }
        }
    }
    None
}

fn oracle_tags_hold(expression: &TagExpression, levels: [&[LfTag]; 3]) -> bool {
    expression
        .clauses
        .iter()
        .all(|clause| oracle_tag(&clause.key, levels).is_some_and(|v| clause.values.iter().any(|w| w == v)))
}

struct Oracle<'a> {
    catalog: &'a Catalog,
    grants: &'a [Grant],
    /// Each grant's principal, read once; `None` where it cannot be read.
    grantees: Vec<Option<Principal>>,
    memberships: &'a [(String, String)],
}

impl Oracle<'_> {
    fn database_tags(&self, table: &Table) -> &[LfTag] {
        self.catalog
            .databases
            .iter()
            .find(|d| d.account == table.account && d.name == table.database)
            .map_or(&[], |d| d.tags.as_slice())
    }

    /// Whether the grant's resource is on (part of) this table, so the table is visible.
    fn on_table(&self, grant: &Grant, table: &Table) -> bool {
        match &grant.resource {
            Resource::Database { .. } => false,
            Resource::Table { account, database, table: t, .. } => {
                *account == table.account && *database == table.database && t.as_ref().is_none_or(|t| *t == table.name)
            }
            Resource::DataCellsFilter { account, database, table: t, .. } => {
                *account == table.account && *database == table.database && *t == table.name
            }
            Resource::TagPolicy { account, expression } => {
                *account == table.account
                    && (oracle_tags_hold(expression, [&[], &table.tags, self.database_tags(table)])
                        || table.columns.iter().chain(&table.partition_keys).any(|c| self.covers(grant, table, c)))
            }
        }
    }

    fn covers(&self, grant: &Grant, table: &Table, column: &Column) -> bool {
        match &grant.resource {
            Resource::Database { .. } => false,
            Resource::Table { columns, .. } | Resource::DataCellsFilter { columns, .. } => {
                self.on_table(grant, table) && oracle_selects(columns, &column.name)
            }
            Resource::TagPolicy { account, expression } => {
                *account == table.account
                    && oracle_tags_hold(expression, [&column.tags, &table.tags, self.database_tags(table)])
            }
        }
    }

    fn reads(grant: &Grant) -> bool {
        grant.permissions.contains(&Permission::Select) || grant.permissions.contains(&Permission::All)
    }

    fn filter(grant: &Grant) -> Option<String> {
        match &grant.resource {
            Resource::DataCellsFilter { row_filter: Some(text), .. } => match row_filter::parse(text) {
                Ok(filter) if filter.is_all() => None,
                Ok(filter) => Some(filter.to_string()),
                Err(_) => Some(text.trim().to_owned()),
            },
            _ => None,
        }
    }

    fn rows(filters: &[Option<String>]) -> Rows {
        if filters.iter().any(Option::is_none) {
            return Rows::All;
        }
        Rows::Filtered(filters.iter().flatten().cloned().collect::<BTreeSet<_>>().into_iter().collect())
    }

    /// `(column, rows, [(grant id, grantee, coverage)])` for each readable column, and describe.
    fn table_access(&self, reaches: impl Fn(&Principal) -> Option<Coverage>, table: &Table) -> (Vec<Readable>, bool) {
        let describe = self.grants.iter().zip(&self.grantees).any(|(grant, grantee)| {
            let reached = grantee.as_ref().is_some_and(|grantee| reaches(grantee).is_some());
            reached && !grant.permissions.is_empty() && self.on_table(grant, table)
        });
        let mut out = Vec::new();
        for column in table.columns.iter().chain(&table.partition_keys) {
            let mut via = Vec::new();
            let mut filters = Vec::new();
            for (grant, grantee) in self.grants.iter().zip(&self.grantees) {
                let Some(grantee) = grantee else { continue };
                let Some(coverage) = reaches(grantee) else { continue };
                if Self::reads(grant) && self.covers(grant, table, column) {
                    via.push((grant.id.clone(), grantee.to_string(), coverage));
                    filters.push(Self::filter(grant));
                }
            }
            if !via.is_empty() {
                via.sort();
                out.push((column.name.to_string(), Self::rows(&filters), via));
            }
        }
        (out, describe)
    }

    fn who_can_read(&self, table: &Table, column: &Column) -> Vec<ReadableByIds> {
        let mut readers: BTreeMap<Principal, (Vec<Option<String>>, Vec<String>)> = BTreeMap::new();
        for (grant, grantee) in self.grants.iter().zip(&self.grantees) {
            let Some(grantee) = grantee else { continue };
            if Self::reads(grant) && self.covers(grant, table, column) {
                let entry = readers.entry(grantee.clone()).or_default();
                entry.0.push(Self::filter(grant));
                entry.1.push(grant.id.clone());
            }
        }
        readers
            .into_iter()
            .map(|(grantee, (filters, mut ids))| {
                ids.sort();
                (grantee.to_string(), Self::rows(&filters), ids)
            })
            .collect()
    }
}

type Readable = (String, Rows, Vec<(String, String, Coverage)>);
/// A readable column with the ids of the grants that make it readable.
type ReadableByIds = (String, Rows, Vec<String>);

fn by_ids(columns: Vec<Readable>) -> Vec<ReadableByIds> {
    columns
        .into_iter()
        .map(|(column, rows, via)| (column, rows, via.into_iter().map(|(id, _, _)| id).collect()))
        .collect()
}

fn readable(access: &TableAccess) -> Vec<Readable> {
    access
        .columns
        .iter()
        .map(|c| {
            let mut via: Vec<_> =
                c.via.iter().map(|p| (p.grant_id.clone(), p.principal_matched.to_string(), p.coverage)).collect();
            via.sort();
            (c.column.clone(), c.rows.clone(), via)
        })
        .collect()
}

fn table_names() -> Vec<TableName> {
    let mut names = Vec::new();
    for account in ACCOUNTS {
        for database in DATABASES {
            for table in TABLES {
                names.push(TableName::new(account, database, table));
            }
        }
    }
    names
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn effective_access_agrees_with_asking_every_grant(
        shapes in proptest::collection::vec(database_shape(), 4),
        grants in grants(),
        memberships in memberships(),
        identity in identity(),
    ) {
        let catalog = catalog_of(shapes);
        let index = CatalogIndex::build(catalog.clone());
        let access = AccessIndex::build(&index, &grants, &memberships);
        let grantees = grants.iter().map(|g| Principal::parse(&g.principal).ok()).collect();
        let oracle = Oracle { catalog: &catalog, grants: &grants, grantees, memberships: &memberships };
        let table_of = |name: &TableName| {
            catalog.tables.iter().find(|t| t.account == name.account && t.database == name.database && t.name == name.table)
        };

        for text in principals() {
            let principal = Principal::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut expected_mine = Vec::new();
            for name in table_names() {
                let actual = access.table_access(&principal, &name);
                let Some(table) = table_of(&name) else {
                    prop_assert_eq!(actual, None);
                    continue;
                };
                let actual = actual.ok_or_else(|| TestCaseError::fail(format!("{name} is in the catalog")))?;
                let (expected, describe) =
                    oracle.table_access(|grantee| oracle_reach(grantee, &principal, oracle.memberships), table);
                prop_assert_eq!(readable(&actual), expected.clone(), "{} reading {}", text, name);
                prop_assert_eq!(actual.describe, describe, "{} describing {}", text, name);
                if !expected.is_empty() {
                    expected_mine.push((name.clone(), expected));
                }
            }
            let mine: Vec<(TableName, Vec<Readable>)> =
                access.principal_access(&principal).iter().map(|a| (a.table.clone(), readable(a))).collect();
            prop_assert_eq!(mine, expected_mine.clone(), "my access of {}", text);
            // Read in pages: from after any table, the rest of the answer; the count is its length.
            let reach = access.reach_of(&principal);
            prop_assert_eq!(access.readable_count(&reach), expected_mine.len(), "how many {} reads", text);
            for name in table_names() {
                let rest: Vec<TableName> = access.readable(&reach, Some(&name)).map(|a| a.table).collect();
                let expected_rest: Vec<TableName> =
                    expected_mine.iter().map(|(t, _)| t.clone()).filter(|t| *t > name).collect();
                prop_assert_eq!(rest, expected_rest, "{} reads after {}", text, name);
            }
        }

        for name in table_names() {
            let Some(table) = table_of(&name) else { continue };
            for column in table.columns.iter().chain(&table.partition_keys) {
                let readers: Vec<ReadableByIds> = access
                    .who_can_read(&name, &column.name)
                    .into_iter()
                    .map(|r| (r.principal.to_string(), r.rows, r.via.into_iter().map(|p| p.grant_id).collect()))
                    .collect();
                prop_assert_eq!(readers, oracle.who_can_read(table, column), "who can read {}.{}", name, column.name);
            }
        }

        let mut expected_identity = Vec::new();
        for name in table_names() {
            let Some(table) = table_of(&name) else { continue };
            let reaches = |grantee: &Principal| oracle_reach_identity(grantee, &identity, &memberships).then_some(Coverage::Direct);
            let columns = by_ids(oracle.table_access(reaches, table).0);
            if !columns.is_empty() {
                expected_identity.push((name, columns));
            }
        }
        let actual_identity: Vec<(TableName, Vec<ReadableByIds>)> =
            access.identity_access(&identity).iter().map(|a| (a.table.clone(), by_ids(readable(a)))).collect();
        prop_assert_eq!(actual_identity, expected_identity, "access of {:?}", identity);
    }
}
