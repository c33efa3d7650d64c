//! Effective access, one rule per test, over a small two-account mesh.

use super::*;
use crate::model::{Account, Catalog, Database, Tags};

const SALES: &str = "111111111111";
const MARKETING: &str = "222222222222";
const ANALYSTS: &str = "arn:aws:iam::222222222222:role/analysts";
const OTHER_ROLE: &str = "arn:aws:iam::222222222222:role/other";
const USER: &str = "arn:aws:identitystore:::user/u-1";
const GROUP: &str = "arn:aws:identitystore:::group/g-1";

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs.iter().map(|(k, v)| LfTag::new(*k, *v)).collect()
}

fn column(name: &str, tag_pairs: &[(&str, &str)]) -> Column {
    Column { name: name.into(), data_type: "string".into(), tags: tags(tag_pairs), ..Column::default() }
}

/// `sales` (tagged internal) holds `orders` (email restricted, a `day` partition key) and
/// `refunds` (tagged confidential, reason public); `reference` holds untagged `countries`.
fn mesh() -> CatalogIndex {
    let table = |database: &str, name: &str, table_tags: &[(&str, &str)], columns: Vec<Column>| Table {
        account: SALES.into(),
        database: database.into(),
        name: name.into(),
        columns,
        tags: tags(table_tags),
        ..Table::default()
    };
    let mut orders = table(
        "sales",
        "orders",
        &[],
        vec![
            column("order_id", &[]),
            column("email", &[("sensitivity", "restricted"), ("pii", "true")]),
            column("amount", &[]),
        ],
    );
    orders.partition_keys = vec![column("day", &[])];
    CatalogIndex::build(Catalog {
        accounts: vec![
            Account { id: SALES.into(), name: "sales".into(), domain: "sales".into() },
            Account { id: MARKETING.into(), name: "marketing".into(), domain: "marketing".into() },
        ],
        databases: vec![
            Database {
                account: SALES.into(),
                name: "sales".into(),
                tags: tags(&[("sensitivity", "internal")]),
                ..Database::default()
            },
            Database { account: SALES.into(), name: "reference".into(), ..Database::default() },
        ],
        tables: vec![
            orders,
            table(
                "sales",
                "refunds",
                &[("sensitivity", "confidential")],
                vec![column("refund_id", &[]), column("reason", &[("sensitivity", "public")])],
            ),
            table("reference", "countries", &[], vec![column("code", &[]), column("name", &[])]),
        ],
        tag_keys: Vec::new(),
    })
}

fn grant(id: &str, principal: &str, resource: Resource) -> Grant {
    Grant {
        id: id.into(),
        principal: principal.into(),
        resource,
        permissions: [Permission::Select, Permission::Describe].into(),
        grantable: BTreeSet::new(),
    }
}

fn on_table(database: &str, table: &str, columns: ColumnSelection) -> Resource {
    Resource::Table { account: SALES.into(), database: database.into(), table: Some(table.into()), columns }
}

fn orders() -> TableName {
    TableName::new(SALES, "sales", "orders")
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn p(text: &str) -> Principal {
    Principal::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn memberships() -> Vec<(String, String)> {
    vec![(USER.into(), GROUP.into())]
}

/// The readable columns of `table` for `principal`, each with its rows.
fn readable(grants: &[Grant], principal: &str, table: &TableName) -> Vec<(String, Rows)> {
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, grants, &memberships());
    let access = index.table_access(&p(principal), table).unwrap_or_else(|| panic!("{table} exists"));
    access.columns.into_iter().map(|c| (c.column, c.rows)).collect()
}

fn all_rows(columns: &[&str]) -> Vec<(String, Rows)> {
    columns.iter().map(|c| ((*c).to_owned(), Rows::All)).collect()
}

#[test]
fn an_account_grant_covers_every_role_in_that_account() {
    let grants = [grant("g1", MARKETING, on_table("sales", "orders", ColumnSelection::All))];
    let everything = all_rows(&["order_id", "email", "amount", "day"]);
    assert_eq!(readable(&grants, ANALYSTS, &orders()), everything);
    assert_eq!(readable(&grants, OTHER_ROLE, &orders()), everything);
    assert_eq!(readable(&grants, "arn:aws:iam::333333333333:role/analysts", &orders()), []);
}

#[test]
fn a_role_grant_covers_that_role_only() {
    let grants = [grant("g1", ANALYSTS, on_table("sales", "orders", ColumnSelection::All))];
    assert_eq!(readable(&grants, ANALYSTS, &orders()).len(), 4);
    assert_eq!(readable(&grants, OTHER_ROLE, &orders()), []);
    assert_eq!(readable(&grants, MARKETING, &orders()), [], "a role's grant does not reach its account");
}

#[test]
fn a_group_grant_covers_its_members() {
    let grants = [grant("g1", GROUP, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"]))))];
    assert_eq!(readable(&grants, USER, &orders()), all_rows(&["amount"]));
    assert_eq!(readable(&grants, "arn:aws:identitystore:::user/u-2", &orders()), []);
}

#[test]
fn excluded_columns_are_not_readable() {
    let grants = [grant("g1", ANALYSTS, on_table("sales", "orders", ColumnSelection::AllExcept(names(&["email"]))))];
    assert_eq!(readable(&grants, ANALYSTS, &orders()), all_rows(&["order_id", "amount", "day"]));
}

#[test]
fn a_column_list_covers_only_the_listed_columns_that_exist() {
    let only = ColumnSelection::Only(names(&["amount", "day", "no_such_column"]));
    let grants = [grant("g1", ANALYSTS, on_table("sales", "orders", only))];
    assert_eq!(readable(&grants, ANALYSTS, &orders()), all_rows(&["amount", "day"]));
}

#[test]
fn a_table_wildcard_covers_every_table_of_its_database_only() {
    let wildcard =
        Resource::Table { account: SALES.into(), database: "sales".into(), table: None, columns: ColumnSelection::All };
    let grants = [grant("g1", ANALYSTS, wildcard)];
    assert_eq!(
        readable(&grants, ANALYSTS, &TableName::new(SALES, "sales", "refunds")),
        all_rows(&["refund_id", "reason"])
    );
    assert_eq!(readable(&grants, ANALYSTS, &TableName::new(SALES, "reference", "countries")), []);
}

#[test]
fn a_database_grant_gives_no_rows() {
    let database = Resource::Database { account: SALES.into(), database: "sales".into() };
    let mut everything = grant("g1", ANALYSTS, database);
    everything.permissions = Permission::EVERY.into();
    let catalog = mesh();
    let grants = [everything];
    let index = AccessIndex::build(&catalog, &grants, &[]);
    let access = index.table_access(&p(ANALYSTS), &orders());
    assert_eq!(access, Some(TableAccess { table: orders(), columns: Vec::new(), describe: false }));
    assert_eq!(index.principal_access(&p(ANALYSTS)), []);
}

#[test]
fn describe_alone_shows_the_table_but_reads_no_column() {
    let mut describe_only = grant("g1", ANALYSTS, on_table("sales", "orders", ColumnSelection::All));
    describe_only.permissions = [Permission::Describe].into();
    let catalog = mesh();
    let grants = [describe_only];
    let index = AccessIndex::build(&catalog, &grants, &[]);
    let access = index.table_access(&p(ANALYSTS), &orders()).unwrap_or_else(|| panic!("orders exists"));
    assert!(access.describe);
    assert!(access.columns.is_empty());
    assert!(index.who_can_read(&orders(), "amount").is_empty());
}

#[test]
fn all_permission_reads_like_select() {
    let mut all = grant("g1", ANALYSTS, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"]))));
    all.permissions = [Permission::All].into();
    assert_eq!(readable(&[all], ANALYSTS, &orders()), all_rows(&["amount"]));
}

fn cells(name: &str, row_filter: Option<&str>, columns: ColumnSelection) -> Resource {
    Resource::DataCellsFilter {
        account: SALES.into(),
        database: "sales".into(),
        table: "orders".into(),
        name: name.into(),
        row_filter: row_filter.map(str::to_owned),
        columns,
    }
}

#[test]
fn a_data_cells_filter_covers_its_columns_with_its_row_filter() {
    let resource = cells(
        "eu",
        Some("region in ('eu-west-1','eu-central-1')"),
        ColumnSelection::Only(names(&["order_id", "amount"])),
    );
    let filtered = Rows::Filtered(names(&["region IN ('eu-west-1', 'eu-central-1')"]));
    assert_eq!(
        readable(&[grant("g1", ANALYSTS, resource)], ANALYSTS, &orders()),
        [("order_id".to_owned(), filtered.clone()), ("amount".to_owned(), filtered)]
    );
}

#[test]
fn a_filter_of_true_or_none_reads_every_row() {
    for row_filter in [None, Some("TRUE"), Some("  ")] {
        let grants = [grant("g1", ANALYSTS, cells("all", row_filter, ColumnSelection::Only(names(&["amount"]))))];
        assert_eq!(readable(&grants, ANALYSTS, &orders()), all_rows(&["amount"]), "{row_filter:?}");
    }
}

#[test]
fn filters_of_several_grants_add_up_and_one_unfiltered_grant_reads_every_row() {
    let eu = grant("g1", ANALYSTS, cells("eu", Some("region = 'eu'"), ColumnSelection::All));
    let us = grant("g2", GROUP, cells("us", Some("region='us'"), ColumnSelection::All));
    let amounts = grant("g3", MARKETING, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"]))));
    let rows: BTreeMap<String, Rows> = readable(&[eu.clone(), us.clone()], ANALYSTS, &orders()).into_iter().collect();
    assert_eq!(
        rows.get("order_id"),
        Some(&Rows::Filtered(names(&["region = 'eu'"]))),
        "the group grant does not reach a role"
    );

    let catalog = mesh();
    let grants = [eu, us, amounts];
    let index = AccessIndex::build(&catalog, &grants, &memberships());
    let identity =
        Identity { principals: vec![ANALYSTS.into(), USER.into()], account: MARKETING.into(), ..Identity::default() };
    let access = index.identity_access(&identity);
    let orders_access = access.iter().find(|a| a.table == orders()).unwrap_or_else(|| panic!("orders readable"));
    let rows: BTreeMap<&str, &Rows> = orders_access.columns.iter().map(|c| (c.column.as_str(), &c.rows)).collect();
    assert_eq!(rows.get("order_id"), Some(&&Rows::Filtered(names(&["region = 'eu'", "region = 'us'"]))));
    assert_eq!(rows.get("amount"), Some(&&Rows::All));
}

#[test]
fn a_filter_meshdesk_cannot_read_still_counts_as_filtered_rows() {
    let grants = [grant("g1", ANALYSTS, cells("odd", Some(" upper(region) = 'EU' "), ColumnSelection::All))];
    let rows = readable(&grants, ANALYSTS, &orders());
    assert_eq!(rows.first(), Some(&("order_id".to_owned(), Rows::Filtered(names(&["upper(region) = 'EU'"])))));
}

fn tag_policy(expression: &str) -> Resource {
    Resource::TagPolicy { account: SALES.into(), expression: expr::parse(expression).unwrap_or_else(|e| panic!("{e}")) }
}

#[test]
fn a_tag_policy_follows_column_tag_inheritance() {
    let grants = [grant("g1", ANALYSTS, tag_policy("sensitivity in (internal, public)"))];
    // orders: untagged columns inherit `internal` from the database; email is restricted.
    assert_eq!(readable(&grants, ANALYSTS, &orders()), all_rows(&["order_id", "amount", "day"]));
    // refunds: the table's `confidential` hides refund_id, reason's own `public` shows it.
    assert_eq!(readable(&grants, ANALYSTS, &TableName::new(SALES, "sales", "refunds")), all_rows(&["reason"]));
    // countries: nothing at any level, so no clause holds.
    assert_eq!(readable(&grants, ANALYSTS, &TableName::new(SALES, "reference", "countries")), []);
}

#[test]
fn every_clause_of_a_tag_policy_must_hold() {
    let grants = [grant("g1", ANALYSTS, tag_policy("sensitivity in (restricted) AND pii = true"))];
    assert_eq!(readable(&grants, ANALYSTS, &orders()), all_rows(&["email"]));
    let never = [grant("g1", ANALYSTS, tag_policy("sensitivity in (internal) AND pii = true"))];
    assert_eq!(readable(&never, ANALYSTS, &orders()), []);
}

#[test]
fn a_tag_policy_reaches_only_its_own_accounts_catalog() {
    let expression = expr::parse("sensitivity in (internal)").unwrap_or_else(|e| panic!("{e}"));
    let elsewhere = Resource::TagPolicy { account: MARKETING.into(), expression };
    assert_eq!(readable(&[grant("g1", ANALYSTS, elsewhere)], ANALYSTS, &orders()), []);
}

#[test]
fn grants_on_unknown_tables_and_columns_are_ignored() {
    let grants = [
        grant("g1", ANALYSTS, on_table("sales", "no_such_table", ColumnSelection::All)),
        grant("g2", ANALYSTS, on_table("no_such_db", "orders", ColumnSelection::All)),
        grant("g3", ANALYSTS, on_table("sales", "orders", ColumnSelection::Only(names(&["ghost"])))),
    ];
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, &grants, &[]);
    assert_eq!(index.principal_access(&p(ANALYSTS)), []);
    assert_eq!(index.table_access(&p(ANALYSTS), &TableName::new(SALES, "sales", "no_such_table")), None);
    assert!(index.who_can_read(&orders(), "ghost").is_empty());
}

#[test]
fn grants_to_unreadable_principals_are_set_aside_with_the_reason() {
    let grants = [grant("g1", "dana@example.com", on_table("sales", "orders", ColumnSelection::All))];
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, &grants, &[]);
    assert_eq!(index.ignored().len(), 1);
    assert_eq!(index.ignored()[0].grant_id, "g1");
    assert!(index.ignored()[0].error.to_string().contains("neither a 12-digit account id nor an ARN"));
    assert!(index.who_can_read(&orders(), "amount").is_empty());
}

#[test]
fn who_can_read_names_each_grantee_as_granted_with_its_paths() {
    let grants = [
        grant("g2", MARKETING, on_table("sales", "orders", ColumnSelection::AllExcept(names(&["email"])))),
        grant("g1", GROUP, cells("eu", Some("region = 'eu'"), ColumnSelection::All)),
        grant("g3", MARKETING, cells("eu", Some("region = 'eu'"), ColumnSelection::All)),
    ];
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, &grants, &memberships());
    let readers = index.who_can_read(&orders(), "amount");
    let summary: Vec<(String, Rows, Vec<&str>)> = readers
        .iter()
        .map(|r| (r.principal.to_string(), r.rows.clone(), r.via.iter().map(|v| v.grant_id.as_str()).collect()))
        .collect();
    assert_eq!(
        summary,
        [
            (MARKETING.to_owned(), Rows::All, vec!["g2", "g3"]),
            (GROUP.to_owned(), Rows::Filtered(names(&["region = 'eu'"])), vec!["g1"]),
        ]
    );
    assert_eq!(readers[0].via[0].resource, "table 111111111111:sales.orders (all columns except email)");
    assert_eq!(readers[0].via[1].resource, "data cells filter 'eu' on 111111111111:sales.orders");
    let email: Vec<String> = index.who_can_read(&orders(), "email").iter().map(|r| r.principal.to_string()).collect();
    assert_eq!(email, [MARKETING, GROUP]);
}

#[test]
fn each_path_says_which_grantee_reached_the_principal() {
    let grants = [
        grant("g1", MARKETING, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"])))),
        grant("g2", GROUP, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"])))),
        grant("g3", USER, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"])))),
    ];
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, &grants, &memberships());
    let via = |principal: &str| -> Vec<(String, String, Coverage)> {
        let access = index.table_access(&p(principal), &orders()).unwrap_or_else(|| panic!("orders exists"));
        access
            .columns
            .iter()
            .flat_map(|c| &c.via)
            .map(|v| (v.grant_id.clone(), v.principal_matched.to_string(), v.coverage))
            .collect()
    };
    assert_eq!(via(ANALYSTS), [("g1".to_owned(), MARKETING.to_owned(), Coverage::Account)]);
    assert_eq!(
        via(USER),
        [("g2".to_owned(), GROUP.to_owned(), Coverage::Group), ("g3".to_owned(), USER.to_owned(), Coverage::Direct)]
    );
}

#[test]
fn my_access_lists_every_table_with_a_readable_column_in_name_order() {
    let wildcard = Resource::Table {
        account: SALES.into(),
        database: "reference".into(),
        table: None,
        columns: ColumnSelection::All,
    };
    let mut describe_only = grant("g3", ANALYSTS, on_table("sales", "refunds", ColumnSelection::All));
    describe_only.permissions = [Permission::Describe].into();
    let grants = [grant("g1", MARKETING, wildcard), grant("g2", ANALYSTS, tag_policy("pii = true")), describe_only];
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, &grants, &[]);
    let tables: Vec<(String, Vec<String>)> = index
        .principal_access(&p(ANALYSTS))
        .into_iter()
        .map(|a| (a.table.to_string(), a.columns.into_iter().map(|c| c.column).collect()))
        .collect();
    assert_eq!(
        tables,
        [
            ("111111111111:reference.countries".to_owned(), names(&["code", "name"])),
            ("111111111111:sales.orders".to_owned(), names(&["email"])),
        ]
    );
}

#[test]
fn an_identity_reads_through_its_principals_its_account_and_its_groups() {
    let grants = [
        grant("g1", MARKETING, on_table("sales", "orders", ColumnSelection::Only(names(&["order_id"])))),
        grant("g2", GROUP, on_table("sales", "orders", ColumnSelection::Only(names(&["amount"])))),
        grant("g3", OTHER_ROLE, on_table("sales", "orders", ColumnSelection::Only(names(&["day"])))),
        grant(
            "g4",
            "arn:aws:identitystore:::group/g-2",
            on_table("sales", "orders", ColumnSelection::Only(names(&["email"]))),
        ),
    ];
    let catalog = mesh();
    let index = AccessIndex::build(&catalog, &grants, &memberships());
    let identity = Identity {
        account: MARKETING.into(),
        principals: vec![USER.into()],
        groups: vec!["arn:aws:identitystore:::group/g-2".into()],
        ..Identity::default()
    };
    let access = index.identity_access(&identity);
    let columns: Vec<&str> = access.iter().flat_map(|a| &a.columns).map(|c| c.column.as_str()).collect();
    assert_eq!(columns, ["order_id", "email", "amount"]);
    // One table asked alone reads the same as in the whole answer.
    let orders = &access[0];
    assert_eq!(index.identity_table_access(&identity, &orders.table).as_ref(), Some(orders));
    let missing = TableName { table: "nope".into(), ..orders.table.clone() };
    assert_eq!(index.identity_table_access(&identity, &missing), None);
}
