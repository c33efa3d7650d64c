//! The `ProductStore` port on the sandbox, beyond the contract every backend keeps (see
//! `tests/contract.rs`): the demo's table history, an LF-tag change kept as a table version, and
//! a store of schema version 1 upgraded.

use meshdesk_core::governance::model::{AuditDraft, PolicyOp, TagTarget};
use meshdesk_core::model::{Catalog, Table, TableName};
use meshdesk_core::ports::{CatalogSource, PolicyStore, ProductStore};
use meshdesk_local::{SCHEMA_VERSION, STORE_FILE, SandboxStore};

const NOW: i64 = 1_790_000_000;
const DAY: i64 = 24 * 3600;

fn event(action: &str, target: &str) -> AuditDraft {
    AuditDraft {
        actor: "dana".into(),
        action: action.into(),
        target: target.into(),
        request_id: None,
        before: Some("before".into()),
        after: Some("after".into()),
    }
}

fn table(catalog: &Catalog, name: &TableName) -> Table {
    catalog.tables.iter().find(|t| &t.qualified_name() == name).cloned().expect("the table exists")
}

fn customers() -> TableName {
    TableName::new("402183775004", "customer_profiles", "customers")
}

/// A demo sandbox opened ten days after it was seeded, so the demo's times are moved on.
fn sandbox() -> (tempfile::TempDir, SandboxStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(SandboxStore::open(dir.path(), NOW).expect("seeded"));
    let store = SandboxStore::open(dir.path(), NOW + 10 * DAY).expect("reopened");
    (dir, store)
}

#[test]
fn the_demo_keeps_the_history_of_the_table_whose_pipeline_broke_its_contract() {
    let (_dir, store) = sandbox();
    let name = TableName::new("402183775001", "message_events_curated", "daily_message_counts");
    let versions = store.table_versions(&name).expect("versions");
    assert_eq!(versions.len(), 4);
    let current = table(&store.load_catalog().expect("catalog"), &name);
    assert_eq!(versions[3].table, current, "the newest version is the table as it is");
    let ages: Vec<i64> = versions.iter().map(|v| (NOW + 10 * DAY - v.recorded_at.expect("dated")) / DAY).collect();
    assert_eq!(ages, [140, 95, 60, 3], "the versions' dates move on with the demo");
    let mms = |t: &Table| t.columns.iter().find(|c| c.name == "mms_sent").map(|c| c.data_type.clone());
    assert_eq!((mms(&versions[2].table), mms(&current)), (Some("bigint".into()), Some("int".into())));
}

#[test]
fn retagging_a_column_keeps_a_version_of_its_table() {
    let (_dir, store) = sandbox();
    let target = TagTarget::Column {
        account: "402183775004".into(),
        database: "customer_profiles".into(),
        table: "customers".into(),
        column: "segment".into(),
    };
    let op = PolicyOp::AssignTag { target, key: "sensitivity".into(), value: "confidential".into() };
    store.apply(&[op], &event("policy.applied", "column"), NOW).expect("applied");
    let versions = store.table_versions(&customers()).expect("versions");
    assert_eq!(versions.len(), 2);
    let segment =
        |t: &Table| t.columns.iter().find(|c| c.name == "segment").map(|c| c.tags.clone()).unwrap_or_default();
    assert!(segment(&versions[0].table).is_empty());
    assert_eq!(segment(&versions[1].table)[0].value, "confidential");
}

/// What version 3 added, dropped again: the kept listing, its generation and their triggers.
const DOWN_TO_2: &str = "DROP TABLE listing; DELETE FROM meta WHERE key IN ('catalog_generation', 'listing_generation');
     DROP TRIGGER tables_INSERT_moves_the_catalog_on; DROP TRIGGER tables_UPDATE_moves_the_catalog_on;
     DROP TRIGGER tables_DELETE_moves_the_catalog_on; DROP TRIGGER databases_INSERT_moves_the_catalog_on;
     DROP TRIGGER databases_UPDATE_moves_the_catalog_on; DROP TRIGGER databases_DELETE_moves_the_catalog_on;
     PRAGMA user_version = 2;";

#[test]
fn a_store_of_schema_version_2_is_upgraded_on_open_and_lists_from_then_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tables = SandboxStore::open(dir.path(), NOW).expect("seeded").catalog().expect("catalog").tables.len();
    let raw = rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens");
    raw.execute_batch(DOWN_TO_2).expect("made a version 2 store");
    drop(raw);

    let store = SandboxStore::open(dir.path(), NOW).expect("a version 2 store opens");
    let listed = |store: &SandboxStore| store.listing().expect("listing").tables.iter().map(|t| t.table_count as usize).sum::<usize>();
    assert_eq!(listed(&store), tables);
    // The upgraded store counts changes: a table dropped by another writer is not listed.
    let raw = rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens");
    raw.execute("DELETE FROM tables WHERE rowid = (SELECT min(rowid) FROM tables)", []).expect("dropped a table");
    assert_eq!(listed(&store), tables - 1);
    let version: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("user_version");
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_store_of_schema_version_1_is_upgraded_on_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(SandboxStore::open(dir.path(), NOW).expect("seeded"));
    let raw = rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens");
    raw.execute_batch(DOWN_TO_2).expect("made a version 2 store");
    raw.execute_batch("DROP TABLE table_versions; PRAGMA user_version = 1;").expect("made a version 1 store");
    drop(raw);

    let store = SandboxStore::open(dir.path(), NOW).expect("a version 1 store opens");
    assert_eq!(store.table_versions(&customers()).expect("versions"), vec![], "no history before the upgrade");
    drop(store);
    let raw = rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens");
    let version: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("user_version");
    assert_eq!(version, SCHEMA_VERSION);
}
