//! The `CatalogSource` contract: whatever a backend stores comes back exactly. Written against
//! the port so another backend can run `check_catalog_source` on its own store.

use meshdesk_core::model::{Account, Catalog, Column, Database, LfTag, Table, TableName, TagKey};
use meshdesk_core::ports::CatalogSource;
use meshdesk_local::{DemoMesh, SandboxStore, SyntheticConfig, demo_mesh, synthetic_mesh};

const NOW: i64 = 1_790_000_000;

/// Asserts that `source` returns `expected`: the same accounts and their LF-tag keys with their
/// allowed values, databases and tables with their parameters, LF-tags at every level, columns
/// and partition keys in order, and resource-link targets. The order of accounts, tag keys,
/// tag values, databases, tables and of a resource's tags is not part of the contract (Glue and
/// Lake Formation do not promise one); the order of columns is.
fn check_catalog_source(source: &impl CatalogSource, expected: &Catalog) {
    let actual = canonical(source.load_catalog().expect("the catalog loads"));
    let expected = canonical(expected.clone());

    assert_eq!(actual.accounts, expected.accounts, "accounts");
    assert_eq!(actual.tag_keys, expected.tag_keys, "LF-tag keys");
    let names = |c: &Catalog| c.databases.iter().map(|d| format!("{}:{}", d.account, d.name)).collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected), "database names");
    for (a, e) in actual.databases.iter().zip(&expected.databases) {
        assert_eq!(a, e, "database {}:{}", e.account, e.name);
    }
    let names = |c: &Catalog| c.tables.iter().map(|t| t.qualified_name().to_string()).collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected), "table names");
    for (a, e) in actual.tables.iter().zip(&expected.tables) {
        assert_eq!(a.columns.len(), e.columns.len(), "column count of {}", e.qualified_name());
        for (ac, ec) in a.columns.iter().zip(&e.columns) {
            assert_eq!(ac, ec, "column {} of {}", ec.name, e.qualified_name());
        }
        assert_eq!(a, e, "table {}", e.qualified_name());
    }
    assert_eq!(actual, expected);
}

fn canonical(mut catalog: Catalog) -> Catalog {
    catalog.accounts.sort_by(|a, b| a.id.cmp(&b.id));
    catalog.tag_keys.sort_by(|a, b| (&a.account, &a.key).cmp(&(&b.account, &b.key)));
    for key in &mut catalog.tag_keys {
        key.values.sort();
    }
    catalog.databases.sort_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));
    catalog.tables.sort_by_key(Table::qualified_name);
    for database in &mut catalog.databases {
        database.tags.sort();
    }
    for table in &mut catalog.tables {
        table.tags.sort();
        for column in table.columns.iter_mut().chain(&mut table.partition_keys) {
            column.tags.sort();
        }
    }
    catalog
}

fn sandbox_with(mesh: &DemoMesh) -> (tempfile::TempDir, SandboxStore) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SandboxStore::create_with(dir.path(), mesh).expect("the store is created");
    (dir, store)
}

#[test]
fn the_sandbox_returns_the_demo_mesh_it_was_seeded_with() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SandboxStore::open(dir.path(), NOW).expect("the store opens");
    let mesh = demo_mesh(NOW);
    assert!(mesh.catalog.tag_keys.len() >= mesh.catalog.accounts.len() * 3, "every account defines its tag keys");
    check_catalog_source(&store, &mesh.catalog);
}

#[test]
fn the_sandbox_returns_a_synthetic_mesh_exactly() {
    let cfg = SyntheticConfig {
        accounts: 3,
        databases_per_account: 4,
        tables_per_database: 5,
        columns_per_table: 7,
        seed: 42,
    };
    let mesh = synthetic_mesh(&cfg, NOW);
    assert_eq!(mesh.catalog.tables.len(), 60);
    assert_eq!(mesh.catalog.tag_keys.len(), 9);
    let (_dir, store) = sandbox_with(&mesh);
    check_catalog_source(&store, &mesh.catalog);
}

#[test]
fn the_sandbox_keeps_unusual_text_and_empty_values_exactly() {
    let tag = |k: &str, v: &str| LfTag::new(k, v);
    let column = |name: &str, tags: Vec<LfTag>| Column {
        name: name.into(),
        data_type: "struct<a:string,b:array<map<string,int>>>".into(),
        comment: "line one\nline two | with ; separators, \u{1e} and \u{0} — ünïcødé 🚀".into(),
        tags,
    };
    let catalog = Catalog {
        accounts: vec![Account { id: "000000000001".into(), name: "".into(), domain: "d:1".into() }],
        tag_keys: vec![
            TagKey { account: "000000000001".into(), key: "x".into(), values: vec!["y".into(), "".into()] },
            TagKey {
                account: "000000000001".into(),
                key: "naïve \"key\", with [json] {chars}".into(),
                values: vec!["a,b".into(), "\u{0}\n🚀".into()],
            },
            TagKey { account: "000000000001".into(), key: "empty".into(), values: vec![] },
        ],
        databases: vec![
            Database {
                account: "000000000001".into(),
                name: "db".into(),
                description: "".into(),
                parameters: [("".to_owned(), "".to_owned()), ("k=1,2".to_owned(), "{\"json\": [1]}".to_owned())]
                    .into_iter()
                    .collect(),
                target: None,
                tags: vec![tag("sensitivity", "internal"), tag("domain", "d")],
            },
            Database {
                account: "000000000001".into(),
                name: "link_db".into(),
                target: Some(("000000000002".into(), "elsewhere".into())),
                ..Database::default()
            },
        ],
        tables: vec![
            Table {
                account: "000000000001".into(),
                database: "db".into(),
                name: "t".into(),
                columns: vec![column("z", vec![tag("sensitivity", "restricted"), tag("pii", "")]), column("a", vec![])],
                partition_keys: vec![column("dt", vec![tag("sensitivity", "public")])],
                update_time: Some(-5),
                tags: vec![tag("x", "y")],
                ..Table::default()
            },
            Table {
                account: "000000000001".into(),
                database: "db".into(),
                name: "link".into(),
                target: Some(TableName::new("000000000002", "elsewhere", "t")),
                ..Table::default()
            },
        ],
    };
    let mesh = DemoMesh { catalog: catalog.clone(), ..DemoMesh::default() };
    let (_dir, store) = sandbox_with(&mesh);
    check_catalog_source(&store, &catalog);
}

#[test]
fn an_empty_mesh_loads_as_an_empty_catalog() {
    let (_dir, store) = sandbox_with(&DemoMesh::default());
    check_catalog_source(&store, &Catalog::default());
}
