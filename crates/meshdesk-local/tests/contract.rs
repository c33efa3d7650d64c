//! The ports' contract (`meshdesk-contract`) on the sandbox: the same suites the AWS backend runs
//! against moto, on SQLite stores made for each suite; and the catalog round trip on catalogs
//! only the sandbox can hold (the whole demo and synthetic meshes, text Glue would refuse).

use std::path::PathBuf;
use std::sync::Mutex;

use meshdesk_contract::catalog::check_catalog_source;
use meshdesk_contract::fixture::{NOW, owner_role};
use meshdesk_contract::{Harness, Limitation};
use meshdesk_core::governance::model::Identity;
use meshdesk_core::model::{Account, Catalog, Column, Database, LfTag, Table, TableName, TagKey};
use meshdesk_local::{DemoMesh, Persona, SandboxStore, SyntheticConfig, demo_mesh, synthetic_mesh};

/// Sandboxes in temporary directories that live as long as the harness.
#[derive(Default)]
struct Sandbox {
    dirs: Mutex<Vec<tempfile::TempDir>>,
}

impl Sandbox {
    fn create(&self, mesh: &DemoMesh) -> SandboxStore {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SandboxStore::create_with(dir.path(), mesh).expect("the store is created");
        self.dirs.lock().expect("the directories").push(dir);
        store
    }
}

impl Harness for Sandbox {
    type Store = SandboxStore;
    type Address = PathBuf;

    fn backend(&self) -> &str {
        "sandbox"
    }

    fn accounts(&self) -> Vec<Account> {
        vec![
            Account { id: "111111111111".into(), name: "sales-prod".into(), domain: "sales".into() },
            Account { id: "222222222222".into(), name: "retail-prod".into(), domain: "retail".into() },
        ]
    }

    fn seeded(&self, catalog: &Catalog) -> SandboxStore {
        let owner = Identity {
            id: "owner".into(),
            name: "Otto Owner".into(),
            email: "otto@sales.example".into(),
            account: catalog.accounts[0].id.clone(),
            principals: vec![owner_role(&catalog.accounts)],
            groups: Vec::new(),
            group_names: Vec::new(),
            steward: false,
        };
        let personas = vec![Persona { identity: owner, role: "owner of orders".into() }];
        self.create(&DemoMesh { catalog: catalog.clone(), personas, ..DemoMesh::default() })
    }

    fn address(&self, store: &SandboxStore) -> PathBuf {
        store.path().parent().expect("the store's directory").to_owned()
    }

    /// Another connection to the same file, as another window or command would open.
    fn open_again(&self, address: &PathBuf, _writer: usize) -> SandboxStore {
        SandboxStore::open(address, NOW).expect("the store opens again")
    }

    fn reread(&self, _store: &SandboxStore) {}

    /// Someone with the file drops the trigger that keeps the log append-only and edits it.
    fn tamper(&self, store: &SandboxStore, seq: u64) {
        let sql = rusqlite::Connection::open(store.path()).expect("sqlite opens");
        sql.execute_batch("DROP TRIGGER audit_events_cannot_change").expect("the trigger is dropped");
        let edited = sql.execute("UPDATE audit SET actor = 'mallory' WHERE seq = ?1", [seq as i64]).expect("edited");
        assert_eq!(edited, 1, "event {seq} exists");
    }

    fn limitation(&self, _limitation: Limitation) -> Option<String> {
        None
    }

    fn acting_principal(&self) -> String {
        owner_role(&self.accounts())
    }
}

/// One test per suite of the contract (`test => suite`), each on sandboxes of its own.
macro_rules! contract_suites {
    ($($test:ident => $suite:ident),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                meshdesk_contract::$suite::run(&Sandbox::default());
            }
        )*
    };
}

contract_suites! {
    catalog_source_contract => catalog,
    request_store_contract => requests,
    audit_log_contract => audit,
    policy_store_contract => policy,
    product_store_contract => product,
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
    check_catalog_source(&Sandbox::default().create(&mesh), &mesh.catalog);
}

#[test]
fn the_sandbox_keeps_unusual_text_and_empty_values_exactly() {
    let tag = |k: &str, v: &str| LfTag::new(k, v);
    let column = |name: &str, tags: Vec<LfTag>| Column {
        name: name.into(),
        data_type: "struct<a:string,b:array<map<string,int>>>".into(),
        comment: "line one\nline two | with ; separators, \u{1e} and \u{0} — ünïcødé 🚀".into(),
        tags: tags.into(),
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
                tags: [tag("sensitivity", "internal"), tag("domain", "d")].into(),
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
                tags: [tag("x", "y")].into(),
                ..Table::default()
            },
            Table {
                account: "000000000001".into(),
                database: "db".into(),
                name: "link".into(),
                target: Some(Box::new(TableName::new("000000000002", "elsewhere", "t"))),
                ..Table::default()
            },
        ],
    };
    let mesh = DemoMesh { catalog: catalog.clone(), ..DemoMesh::default() };
    check_catalog_source(&Sandbox::default().create(&mesh), &catalog);
}

#[test]
fn an_empty_mesh_loads_as_an_empty_catalog() {
    check_catalog_source(&Sandbox::default().create(&DemoMesh::default()), &Catalog::default());
}
