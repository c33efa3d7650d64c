//! The `ProductStore` port on the sandbox: an owner's update writes only what it changes, keeps
//! the table's versions as Glue does, is refused over a definition someone changed since it was
//! read, and is audited in the same transaction. A store of schema version 1 is upgraded.

use meshdesk_core::governance::model::{AuditDraft, PolicyOp, TagTarget};
use meshdesk_core::model::{Catalog, Database, Table, TableName, params};
use meshdesk_core::ports::{AuditLog, CatalogSource, PolicyStore, PortError, ProductStore};
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

fn database(catalog: &Catalog, account: &str, name: &str) -> Database {
    catalog.databases.iter().find(|d| d.account == account && d.name == name).cloned().expect("the database exists")
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
fn a_database_update_writes_only_what_it_changes_and_is_audited() {
    let (_dir, store) = sandbox();
    let before = store.load_catalog().expect("catalog");
    let expected = database(&before, "402183775004", "customer_profiles");
    let mut wanted = expected.clone();
    wanted.parameters.insert(params::SLO_FRESHNESS_HOURS.into(), "12".into());
    let sealed = store
        .update_database(&wanted, &expected, &event("product.annotated", "402183775004:customer_profiles"), NOW)
        .expect("updated");

    let after = store.load_catalog().expect("catalog");
    assert_eq!(database(&after, "402183775004", "customer_profiles"), wanted);
    let mut unchanged = after.clone();
    unchanged.databases.retain(|d| d.name != "customer_profiles");
    let mut others = before.clone();
    others.databases.retain(|d| d.name != "customer_profiles");
    assert_eq!(unchanged, others, "nothing else in the catalog moved");
    assert_eq!(store.events().expect("events").last(), Some(&sealed));
    assert_eq!((sealed.action.as_str(), sealed.before.as_deref()), ("product.annotated", Some("before")));
}

#[test]
fn an_update_over_a_definition_changed_since_it_was_read_is_refused_and_changes_nothing() {
    let (_dir, store) = sandbox();
    let catalog = store.load_catalog().expect("catalog");
    let expected = database(&catalog, "402183775004", "customer_profiles");
    let mut first = expected.clone();
    first.parameters.insert(params::TIER.into(), "silver".into());
    store.update_database(&first, &expected, &event("product.annotated", "x"), NOW).expect("first update");
    let events = store.events().expect("events").len();

    let mut second = expected.clone();
    second.parameters.insert(params::TIER.into(), "bronze".into());
    let refused = store.update_database(&second, &expected, &event("product.annotated", "x"), NOW);
    assert!(matches!(refused, Err(PortError::Conflict(ref m)) if m.contains("reload and try again")), "{refused:?}");
    assert_eq!(database(&store.load_catalog().expect("catalog"), "402183775004", "customer_profiles"), first);
    assert_eq!(store.events().expect("events").len(), events, "no audit event for a refused update");

    let mut renamed = expected.clone();
    renamed.name = "elsewhere".into();
    assert!(matches!(store.update_database(&renamed, &first, &event("x", "x"), NOW), Err(PortError::Invalid(_))));
}

#[test]
fn a_table_update_keeps_columns_storage_type_and_other_parameters_and_adds_a_version() {
    let (_dir, store) = sandbox();
    let catalog = store.load_catalog().expect("catalog");
    let expected = table(&catalog, &customers());
    let mut wanted = expected.clone();
    wanted.parameters.insert(params::CONTRACT.into(), r#"{"version":"2.5","columns":["customer_id"]}"#.into());
    store
        .update_table(
            &wanted,
            &expected,
            &event("contract.updated", "402183775004:customer_profiles.customers"),
            NOW + 10 * DAY,
        )
        .expect("updated");

    let now = table(&store.load_catalog().expect("catalog"), &customers());
    assert_eq!(
        now, wanted,
        "columns, partition keys, storage, table type, update time and parameters are as they were"
    );
    assert_eq!((now.columns.len(), now.table_type.as_deref()), (expected.columns.len(), Some("EXTERNAL_TABLE")));

    let versions = store.table_versions(&customers()).expect("versions");
    let numbers: Vec<(u64, Option<i64>)> = versions.iter().map(|v| (v.version, v.recorded_at)).collect();
    assert_eq!(numbers, [(1, None), (2, Some(NOW + 10 * DAY))], "the replaced definition is kept as version 1");
    assert_eq!(
        (&versions[0].table, &versions[1].table),
        (&expected, &wanted),
        "versions read with the catalog's times"
    );
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

#[test]
fn a_store_of_schema_version_1_is_upgraded_on_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(SandboxStore::open(dir.path(), NOW).expect("seeded"));
    let raw = rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens");
    raw.execute_batch("DROP TABLE table_versions; PRAGMA user_version = 1;").expect("made a version 1 store");
    drop(raw);

    let store = SandboxStore::open(dir.path(), NOW).expect("a version 1 store opens");
    assert_eq!(store.table_versions(&customers()).expect("versions"), vec![], "no history before the upgrade");
    drop(store);
    let raw = rusqlite::Connection::open(dir.path().join(STORE_FILE)).expect("sqlite opens");
    let version: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("user_version");
    assert_eq!(version, SCHEMA_VERSION);
}
