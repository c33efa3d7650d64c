//! "Everything I can read", a page at a time: the pages of `my_access_page` are the whole
//! `my_access` answer in name order — on the demo and on a larger synthetic mesh whose
//! consumer reads through its role and its account — wherever `after` points, and a page of
//! none or too many tables is refused.

use crate::fixture::*;
use meshdesk_api::{Meshdesk, SandboxConfig, SandboxStore, ACCESS_PAGE_MAX};
use meshdesk_local::{synthetic_grants, synthetic_mesh, SyntheticConfig};
use meshdesk_protocol::{AccessPage, AccessReport, Decide, DecideInput, ErrorCode, TableRef};

/// Every page of the acting identity's access, `limit` tables at a time, from the start.
fn all_pages(mesh: &Meshdesk, limit: u32) -> Vec<AccessPage> {
    let mut pages = Vec::new();
    let mut after: Option<TableRef> = None;
    loop {
        let page = mesh.my_access_page(after.as_ref(), limit).expect("a page");
        assert!(page.tables.len() <= limit as usize, "a page holds at most its limit");
        let next = page.next.clone();
        pages.push(page);
        match next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
}

/// The pages add up to the whole answer: same tables in the same order, each page saying
/// the whole count and who was evaluated, and each full page pointing at its last table.
fn assert_pages_are_the_whole(mesh: &Meshdesk, limit: u32) -> AccessReport {
    let whole = mesh.my_access().expect("the whole answer");
    let pages = all_pages(mesh, limit);
    for page in &pages {
        assert_eq!(page.readable_tables as usize, whole.tables.len(), "every page counts every table");
        assert_eq!(page.principals, whole.principals);
        if let Some(next) = &page.next {
            assert_eq!(Some(next), page.tables.last().map(|t| &t.table), "the next page starts after this one's last");
        }
    }
    assert_eq!(pages.len(), whole.tables.len().div_ceil(limit as usize).max(1), "no empty page but a lone first");
    let paged: Vec<_> = pages.into_iter().flat_map(|p| p.tables).collect();
    assert_eq!(paged, whole.tables, "the pages are the whole answer, in order, without repeats");
    whole
}

fn key(t: &TableRef) -> (&str, &str, &str) {
    (&t.account, &t.database, &t.table)
}

/// A sandbox seeded with a synthetic mesh of 3 accounts × 4 databases × 10 tables (6
/// columns each) and 2,000 grants of every shape, acting as its consumer.
fn synthetic() -> (tempfile::TempDir, Meshdesk) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = SyntheticConfig { accounts: 3, databases_per_account: 4, tables_per_database: 10, columns_per_table: 6, seed: 7 };
    let mut demo = synthetic_mesh(&cfg, NOW);
    demo.grants.extend(synthetic_grants(&demo.catalog, 2_000, cfg.seed));
    SandboxStore::create_with(dir.path(), &demo).expect("seeded");
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("opens");
    act_as(&mesh, "consumer");
    (dir, mesh)
}

#[test]
fn my_pages_are_my_whole_access_on_the_demo() {
    let (_dir, mesh) = sandbox();
    for persona in ["mia", "lee"] {
        act_as(&mesh, persona);
        for limit in [1, 2, 3, ACCESS_PAGE_MAX] {
            let whole = assert_pages_are_the_whole(&mesh, limit);
            assert!(!whole.tables.is_empty(), "{persona} reads something in the demo");
        }
    }
}

#[test]
fn my_pages_are_my_whole_access_on_a_larger_mesh() {
    let (_dir, mesh) = synthetic();
    let whole = assert_pages_are_the_whole(&mesh, 7);
    assert!(whole.tables.len() > 20, "the consumer reads many tables: {}", whole.tables.len());
    // Through its role and through its account: the union, not one principal's share.
    let identity = mesh.current_identity().expect("the consumer");
    let role = mesh.principal_access(&identity.principals[0]).expect("the role's").tables.len();
    let account = mesh.principal_access(&identity.account).expect("the account's").tables.len();
    assert!(whole.tables.len() >= role.max(account), "{} < {role} / {account}", whole.tables.len());
    assert!(role > 0 && account > 0, "both reach something: role {role}, account {account}");
    assert_pages_are_the_whole(&mesh, 50);
}

#[test]
fn a_page_after_a_table_that_is_not_there_starts_at_the_next_name() {
    let (_dir, mesh) = synthetic();
    let whole = mesh.my_access().expect("the whole answer").tables;
    let middle = &whole[whole.len() / 2].table;
    let gone = [
        // Just after a readable table: between it and the next in name order.
        TableRef::new(&middle.account, &middle.database, &format!("{}_dropped", middle.table)),
        // Just before it, in a database of its own name.
        TableRef::new(&middle.account, &middle.database, ""),
        // Before every account, and after every account.
        TableRef::new("000000000000", "a", "a"),
        TableRef::new("999999999999", "z", "z"),
    ];
    for after in gone {
        let expected: Vec<_> = whole.iter().filter(|t| key(&t.table) > key(&after)).take(5).cloned().collect();
        let page = mesh.my_access_page(Some(&after), 5).expect("a page after a missing table");
        assert_eq!(page.tables, expected, "after {after}");
        assert_eq!(page.readable_tables as usize, whole.len(), "the count is of every table, after {after}");
        let more = whole.iter().filter(|t| key(&t.table) > key(&after)).count() > 5;
        assert_eq!(page.next.is_some(), more, "after {after}: a next page only when there is more");
    }
}

#[test]
fn a_page_of_no_table_or_too_many_is_refused_saying_the_bounds() {
    let (_dir, mesh) = sandbox();
    for limit in [0, ACCESS_PAGE_MAX + 1, u32::MAX] {
        let refused = mesh.my_access_page(None, limit).expect_err("refused");
        assert_eq!(refused.code, ErrorCode::InvalidInput, "{limit}");
        assert!(
            refused.message.contains(&format!("1 to {ACCESS_PAGE_MAX}")) && refused.message.contains(&limit.to_string()),
            "{}",
            refused.message
        );
    }
}

/// The readable tables kept between pages are dropped by a write: the first page after an
/// approval counts and shows the table it gave.
#[test]
fn my_next_page_after_an_approval_shows_the_new_table() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    let customers = TableRef::new("402183775004", "customer_profiles", "customers");
    let before = mesh.my_access_page(None, ACCESS_PAGE_MAX).expect("before");
    assert!(before.tables.iter().all(|t| t.table != customers), "not readable before the request");
    let sent = mesh.submit_request(&three_columns(), NOW).expect("submitted");
    for approver in ["dana", "lee"] {
        act_as(&mesh, approver);
        let version = mesh.request(&sent.id, NOW).expect("request").version;
        mesh.decide(&DecideInput { id: sent.id.clone(), expected_version: version, decision: Decide::Approve }, NOW + 60)
            .expect("approved");
    }
    act_as(&mesh, "mia");
    let after = mesh.my_access_page(None, ACCESS_PAGE_MAX).expect("after");
    assert_eq!(after.readable_tables, before.readable_tables + 1);
    let table = after.tables.iter().find(|t| t.table == customers).expect("customers is readable now");
    let columns: Vec<&str> = table.columns.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(columns, ["customer_id", "email", "segment"], "the three asked for, in the table's order");
}

/// One table of my access is that table of the whole answer, worked out alone: the same
/// columns and grants for each table read, nothing for one not read, refused for one the
/// catalog does not hold.
#[test]
fn one_table_of_my_access_is_that_table_of_the_whole() {
    let (_dir, mesh) = synthetic();
    let whole = mesh.my_access().expect("the whole answer");
    for table in &whole.tables {
        let one = mesh.my_table_access(&table.table).expect("one table");
        assert_eq!(one.principals, whole.principals);
        assert_eq!(one.tables, [table.clone()], "{}", table.table);
    }
    // The demo's Mia reads customers only once her request is approved.
    let (_dir, demo) = sandbox();
    act_as(&demo, "mia");
    let customers = TableRef::new("402183775004", "customer_profiles", "customers");
    assert!(demo.my_table_access(&customers).expect("a table not read").tables.is_empty());
    let missing = TableRef::new("402183775004", "customer_profiles", "nope");
    let refused = demo.my_table_access(&missing).expect_err("no such table");
    assert_eq!(refused.code, ErrorCode::NotFound);
    assert!(refused.message.contains("402183775004:customer_profiles.nope"), "{}", refused.message);
}
