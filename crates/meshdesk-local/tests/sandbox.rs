//! The sandbox as a user meets it: the demo mesh it starts with, reopening it, and every way the
//! file can be unusable — each refused with a message that names the file and what to do.

use std::collections::BTreeSet;
use std::path::Path;

use meshdesk_core::CatalogIndex;
use meshdesk_core::model::{Catalog, Column, Database, Table, TableName, params};
use meshdesk_core::ports::{AuditLog, CatalogSource, PolicyStore, PortError, RequestStore};
use meshdesk_local::{APPLICATION_ID, DemoMesh, SCHEMA_VERSION, STORE_FILE, SandboxStore, StoreError, demo_mesh};

const NOW: i64 = 1_790_000_000;
const HOUR: i64 = 3600;

fn database<'a>(catalog: &'a Catalog, account: &str, name: &str) -> &'a Database {
    catalog
        .databases
        .iter()
        .find(|d| d.account == account && d.name == name)
        .unwrap_or_else(|| panic!("database {account}:{name} exists"))
}

fn table<'a>(catalog: &'a Catalog, account: &str, db: &str, name: &str) -> &'a Table {
    catalog
        .tables
        .iter()
        .find(|t| t.account == account && t.database == db && t.name == name)
        .unwrap_or_else(|| panic!("table {account}:{db}.{name} exists"))
}

fn column<'a>(table: &'a Table, name: &str) -> &'a Column {
    table.columns.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("column {name} exists"))
}

fn own_sensitivity(tags: &[meshdesk_core::model::LfTag]) -> Option<&str> {
    tags.iter().find(|t| t.key == params::SENSITIVITY_TAG).map(|t| t.value.as_str())
}

/// Lake Formation inheritance: the column's own tag, else its table's, else its database's.
fn effective_sensitivity<'a>(catalog: &'a Catalog, table: &'a Table, column: &'a Column) -> Option<&'a str> {
    own_sensitivity(&column.tags)
        .or_else(|| own_sensitivity(&table.tags))
        .or_else(|| own_sensitivity(&database(catalog, &table.account, &table.database).tags))
}

fn is_product(db: &Database) -> bool {
    db.parameters.get(params::PRODUCT).map(String::as_str) == Some("true")
}

fn upstreams(table: &Table) -> Vec<TableName> {
    table
        .parameters
        .get(params::UPSTREAM)
        .map(|text| text.split(',').filter_map(TableName::parse).collect())
        .unwrap_or_default()
}

/// Hours since the stalest table of a product last changed.
fn staleness_hours(catalog: &Catalog, db: &Database) -> i64 {
    catalog
        .tables
        .iter()
        .filter(|t| t.account == db.account && t.database == db.name && t.target.is_none())
        .filter_map(|t| t.parameters.get(params::LAST_UPDATED).and_then(|v| v.parse::<i64>().ok()).or(t.update_time))
        .map(|updated| (NOW - updated) / HOUR)
        .max()
        .unwrap_or(0)
}

#[test]
fn the_demo_mesh_is_big_enough_to_explore() {
    let mesh = demo_mesh(NOW);
    let catalog = &mesh.catalog;
    let products = catalog.databases.iter().filter(|d| is_product(d)).count();
    let columns: usize = catalog.tables.iter().map(|t| t.columns.len()).sum();
    let links = catalog.tables.iter().filter(|t| t.target.is_some()).count();
    let declared: usize = catalog.tables.iter().map(|t| upstreams(t).len()).sum();
    assert!(catalog.accounts.len() >= 7, "{} accounts", catalog.accounts.len());
    assert!(products >= 25, "{products} products");
    assert!(catalog.tables.len() >= 150, "{} tables", catalog.tables.len());
    assert!(columns >= 1500, "{columns} columns");
    assert!(declared + links >= 40, "{declared} upstream edges and {links} resource links");
}

#[test]
fn the_demo_mesh_is_the_same_every_time_for_the_same_now() {
    assert_eq!(demo_mesh(NOW), demo_mesh(NOW));
    assert_ne!(demo_mesh(NOW), demo_mesh(NOW + 1));
}

#[test]
fn every_lineage_reference_in_the_demo_mesh_resolves() {
    let catalog = demo_mesh(NOW).catalog;
    let names: BTreeSet<TableName> = catalog.tables.iter().map(Table::qualified_name).collect();
    for table in &catalog.tables {
        for upstream in upstreams(table) {
            assert!(names.contains(&upstream), "{} names missing upstream {upstream}", table.qualified_name());
        }
        if let Some(text) = table.parameters.get(params::UPSTREAM) {
            assert_eq!(upstreams(table).len(), text.split(',').count(), "{text:?} parses");
        }
        if let Some(target) = &table.target {
            assert!(names.contains(target), "link {} points to missing {target}", table.qualified_name());
            assert!(table.columns.is_empty() && table.location.is_none());
        }
    }
    for db in catalog.databases.iter().filter_map(|d| d.target.as_ref()) {
        assert!(catalog.databases.iter().any(|d| (&d.account, &d.name) == (&db.0, &db.1)), "{db:?} exists");
    }
}

#[test]
fn the_demo_mesh_has_the_accounts_the_story_needs() {
    let catalog = demo_mesh(NOW).catalog;
    let accounts: Vec<(&str, &str, &str)> =
        catalog.accounts.iter().map(|a| (a.id.as_str(), a.name.as_str(), a.domain.as_str())).collect();
    assert_eq!(
        accounts,
        [
            ("402183775001", "messaging-prod", "messaging"),
            ("402183775002", "voice-prod", "voice"),
            ("402183775003", "billing-prod", "billing"),
            ("402183775004", "identity-prod", "identity"),
            ("402183775006", "analytics-hub", "analytics"),
            ("402183775007", "marketing-prod", "marketing"),
            ("588812340017", "nimbus-legacy", "nimbus"),
        ]
    );
}

#[test]
fn customer_profiles_classifies_contact_details_as_restricted() {
    let catalog = demo_mesh(NOW).catalog;
    let db = database(&catalog, "402183775004", "customer_profiles");
    let param = |key: &str| db.parameters.get(key).map(String::as_str);
    assert!(is_product(db));
    assert_eq!(param(params::OWNER), Some("dana.okafor@telco.example"));
    assert_eq!(param(params::STEWARD), Some("lee.steward@telco.example"));
    assert_eq!(param(params::SLO_FRESHNESS_HOURS), Some("24"));
    assert_eq!(param(params::TIER), Some("gold"));
    assert_eq!(own_sensitivity(&db.tags), Some("internal"));

    let customers = table(&catalog, "402183775004", "customer_profiles", "customers");
    let sensitivity = |name: &str| effective_sensitivity(&catalog, customers, column(customers, name));
    assert!(column(customers, "customer_id").tags.is_empty());
    assert_eq!(column(customers, "customer_id").data_type, "bigint");
    assert_eq!(sensitivity("customer_id"), Some("internal"));
    for restricted in ["email", "phone_number", "postal_address", "date_of_birth"] {
        assert_eq!(own_sensitivity(&column(customers, restricted).tags), Some("restricted"), "{restricted}");
    }
    assert!(column(customers, "email").comment.contains("email address"));
    assert_eq!(column(customers, "email").data_type, "string");
    assert!(column(customers, "segment").tags.is_empty());
    assert_eq!(sensitivity("segment"), Some("internal"));
    column(customers, "created_at");

    let consents = table(&catalog, "402183775004", "customer_profiles", "consents");
    assert_eq!(own_sensitivity(&consents.tags), Some("confidential"));
    let public: Vec<&str> = consents
        .columns
        .iter()
        .filter(|c| effective_sensitivity(&catalog, consents, c) == Some("public"))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(public.len(), 1, "one public column in consents: {public:?}");
    let others = consents.columns.iter().filter(|c| !public.contains(&c.name.as_str()));
    assert!(others.into_iter().all(|c| effective_sensitivity(&catalog, consents, c) == Some("confidential")));
}

#[test]
fn invoice_line_amounts_inherit_confidential_from_their_table() {
    let catalog = demo_mesh(NOW).catalog;
    assert!(is_product(database(&catalog, "402183775003", "invoices")));
    table(&catalog, "402183775003", "invoices", "invoices");
    let lines = table(&catalog, "402183775003", "invoices", "invoice_lines");
    assert_eq!(own_sensitivity(&lines.tags), Some("confidential"));
    assert!(column(lines, "amount").tags.is_empty());
    assert_eq!(effective_sensitivity(&catalog, lines, column(lines, "amount")), Some("confidential"));
}

#[test]
fn lineage_runs_from_raw_messages_to_marketing_attribution() {
    let catalog = demo_mesh(NOW).catalog;
    let upstream_of = |account: &str, db: &str, name: &str| {
        table(&catalog, account, db, name).parameters.get(params::UPSTREAM).cloned().unwrap_or_default()
    };
    let sms = table(&catalog, "402183775001", "message_events_raw", "sms_events");
    assert_eq!(sms.parameters.get("classification").map(String::as_str), Some("json"));
    assert_eq!(
        upstream_of("402183775001", "message_events_curated", "daily_message_counts"),
        "402183775001:message_events_raw.sms_events"
    );
    assert_eq!(
        upstream_of("402183775006", "customer_360", "customer_360"),
        "402183775004:customer_profiles.customers,402183775003:invoices.invoices,\
         402183775001:message_events_curated.daily_message_counts"
    );
    let built_on_360 = catalog
        .tables
        .iter()
        .filter(|t| t.account == "402183775006" && t.database != "customer_360")
        .filter(|t| upstreams(t).iter().any(|u| u.database == "customer_360"))
        .count();
    assert!(built_on_360 >= 2, "{built_on_360} other analytics tables build on customer_360");

    let links = database(&catalog, "402183775007", "shared_links");
    assert!(!is_product(links));
    let link = table(&catalog, "402183775007", "shared_links", "customer_360_link");
    assert_eq!(link.target.as_deref(), Some(&TableName::new("402183775006", "customer_360", "customer_360")));
    assert!(is_product(database(&catalog, "402183775007", "campaign_performance")));
    assert_eq!(
        upstream_of("402183775007", "campaign_performance", "campaign_attribution"),
        "402183775007:shared_links.customer_360_link"
    );
}

#[test]
fn the_nimbus_subscribers_are_csv_and_stale() {
    let catalog = demo_mesh(NOW).catalog;
    let db = database(&catalog, "588812340017", "nimbus_subscribers_legacy");
    assert!(is_product(db));
    let slo: i64 = db.parameters[params::SLO_FRESHNESS_HOURS].parse().expect("a number of hours");
    assert!(staleness_hours(&catalog, db) > slo, "breaches its SLO of {slo} h");
    let tables: Vec<&Table> = catalog.tables.iter().filter(|t| t.database == db.name).collect();
    assert!(!tables.is_empty());
    for t in tables {
        assert_eq!(t.parameters.get("classification").map(String::as_str), Some("csv"), "{}", t.name);
        assert_eq!(t.input_format.as_deref(), Some("org.apache.hadoop.mapred.TextInputFormat"));
        assert_eq!(t.serde_library.as_deref(), Some("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"));
    }
}

#[test]
fn some_products_are_fresh_some_stale_and_some_lack_owner_or_classification() {
    let catalog = demo_mesh(NOW).catalog;
    let products: Vec<&Database> = catalog.databases.iter().filter(|d| is_product(d)).collect();
    let stale = |db: &&&Database| {
        let slo = db.parameters.get(params::SLO_FRESHNESS_HOURS).and_then(|h| h.parse::<i64>().ok());
        slo.is_some_and(|slo| staleness_hours(&catalog, db) > slo)
    };
    let stale_count = products.iter().filter(stale).count();
    assert!(stale_count >= 3 && stale_count < products.len() / 2, "{stale_count} stale products");
    assert!(products.iter().any(|d| !d.parameters.contains_key(params::OWNER)), "a product without owner");
    let unclassified = products.iter().filter(|d| {
        own_sensitivity(&d.tags).is_none()
            && catalog.tables.iter().filter(|t| t.account == d.account && t.database == d.name).all(|t| {
                own_sensitivity(&t.tags).is_none() && t.columns.iter().all(|c| own_sensitivity(&c.tags).is_none())
            })
    });
    assert!(unclassified.count() >= 1, "a product with no sensitivity tag anywhere");
    let with_policy = products.iter().filter(|d| d.parameters.contains_key(params::APPROVAL)).count();
    assert!(with_policy >= 3, "{with_policy} products with an approval policy");
}

#[test]
fn the_demo_mesh_uses_every_storage_format() {
    let catalog = demo_mesh(NOW).catalog;
    let markers: BTreeSet<String> = catalog
        .tables
        .iter()
        .flat_map(|t| {
            ["classification", "table_type", "spark.sql.sources.provider"]
                .into_iter()
                .filter_map(|key| t.parameters.get(key).map(|v| format!("{key}={v}")))
        })
        .collect();
    for marker in [
        "classification=parquet",
        "classification=csv",
        "classification=json",
        "classification=delta",
        "table_type=ICEBERG",
        "spark.sql.sources.provider=delta",
    ] {
        assert!(markers.contains(marker), "{marker} is used");
    }
}

#[test]
fn a_new_data_dir_gets_the_demo_mesh_and_reopening_keeps_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = dir.path().join("nested").join("data");
    let store = SandboxStore::open(&data_dir, NOW).expect("the store is created");
    assert_eq!(store.path(), data_dir.join(STORE_FILE));
    let mesh = demo_mesh(NOW);
    let first = store.load_catalog().expect("the catalog loads");
    assert_eq!(first, mesh.catalog);
    assert_eq!(store.personas().expect("personas"), mesh.personas);
    assert_eq!(store.memberships().expect("memberships"), mesh.memberships);
    assert_eq!(store.grants().expect("grants"), mesh.grants);
    assert_eq!(store.requests().expect("requests"), mesh.requests);
    assert_eq!(store.events().expect("audit events"), mesh.audit);
    assert_eq!(store.seeded_at().expect("seed time"), Some(NOW));
    drop(store);

    let reopened = SandboxStore::open(&data_dir, NOW).expect("the store reopens");
    assert_eq!(reopened.load_catalog().expect("the catalog loads"), first, "not reseeded");
    assert_eq!(reopened.seeded_at().expect("seed time"), Some(NOW));
    drop(reopened);

    // Two days later the demo's pipelines have kept running: every update time moved with the
    // clock, so what was fresh is still fresh and nothing else changed.
    let later = SandboxStore::open(&data_dir, NOW + 48 * HOUR).expect("the store reopens later");
    let mut expected = first.clone();
    meshdesk_local::demo::advance(&mut expected, 48 * HOUR);
    let moved = later.load_catalog().expect("the catalog loads");
    assert_eq!(moved, expected);
    let customers = |c: &Catalog| {
        c.tables
            .iter()
            .find(|t| t.name == "customers")
            .and_then(|t| t.update_time)
            .expect("customers has an update time")
    };
    assert_eq!(customers(&moved) - customers(&first), 48 * HOUR);
    drop(later);

    let raw = rusqlite::Connection::open(data_dir.join(STORE_FILE)).expect("sqlite opens");
    let version: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("user_version");
    let id: i64 = raw.query_row("PRAGMA application_id", [], |r| r.get(0)).expect("application_id");
    let mode: String = raw.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal_mode");
    assert_eq!((version, id, mode.as_str()), (SCHEMA_VERSION, APPLICATION_ID, "wal"));
}

#[test]
fn the_store_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SandboxStore>();
}

#[test]
fn creating_over_an_existing_store_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    SandboxStore::open(dir.path(), NOW).expect("the store is created");
    let error = SandboxStore::create_with(dir.path(), &DemoMesh::default()).expect_err("refused");
    assert!(matches!(error, StoreError::AlreadyExists { .. }), "{error}");
    assert!(matches!(PortError::from(error), PortError::Conflict(_)));
}

fn message_names(error: &StoreError, path: &Path) {
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message:?} names {}", path.display());
}

#[test]
fn a_garbage_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(STORE_FILE);
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).expect("write garbage");

    let error = SandboxStore::open(dir.path(), NOW).expect_err("garbage is refused");
    message_names(&error, &path);
    let message = error.to_string();
    assert!(message.contains("corrupt") && message.contains("not a database"), "{message}");
    assert!(message.contains("move it aside") && message.contains("Nothing was changed"), "{message}");
    assert!(matches!(PortError::from(error), PortError::Unavailable(_)));
    assert_eq!(std::fs::read(&path).expect("read back"), garbage, "same bytes");
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, [STORE_FILE], "no journal or WAL files were created");
}

#[test]
fn a_damaged_store_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    drop(SandboxStore::open(dir.path(), NOW).expect("the store is created"));
    let path = dir.path().join(STORE_FILE);
    let mut bytes = std::fs::read(&path).expect("read");
    // Keep the header, overwrite every page after the first with noise.
    for (i, byte) in bytes.iter_mut().enumerate().skip(4096) {
        *byte = (i * 31 % 253) as u8;
    }
    std::fs::write(&path, &bytes).expect("write");
    let result = SandboxStore::open(dir.path(), NOW).and_then(|store| store.catalog());
    let error = result.expect_err("damage is found");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    message_names(&error, &path);
}

#[test]
fn another_applications_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(STORE_FILE);
    let other = rusqlite::Connection::open(&path).expect("sqlite opens");
    other.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');").expect("create");
    drop(other);
    let before = std::fs::read(&path).expect("read");
    let error = SandboxStore::open(dir.path(), NOW).expect_err("refused");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    assert!(error.to_string().contains("not a Meshdesk sandbox"), "{error}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_data_dir_that_cannot_be_created_is_explained() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").expect("write");
    let data_dir = file.join("data");
    let error = SandboxStore::open(&data_dir, NOW).expect_err("refused");
    assert!(matches!(error, StoreError::DataDir { .. }), "{error}");
    message_names(&error, &data_dir);
    assert!(error.to_string().contains("MESHDESK_DATA_DIR or --data-dir"), "{error}");
    assert!(matches!(PortError::from(error), PortError::Unavailable(_)));
}

#[test]
fn a_directory_where_the_store_file_should_be_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join(STORE_FILE)).expect("mkdir");
    let error = SandboxStore::open(dir.path(), NOW).expect_err("refused");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
}

#[test]
fn a_store_locked_by_another_process_is_reported_as_locked() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    drop(SandboxStore::open(dir.path(), NOW).expect("the store is created"));
    let path = dir.path().join(STORE_FILE);
    let other = rusqlite::Connection::open(&path).expect("sqlite opens");
    other.execute_batch("BEGIN EXCLUSIVE; UPDATE identities SET name = name;").expect("lock");

    let error = SandboxStore::open(dir.path(), NOW).expect_err("locked");
    assert!(matches!(error, StoreError::Locked { .. }), "{error}");
    message_names(&error, &path);
    assert!(error.to_string().contains("locked") && error.to_string().contains("close the other Meshdesk"));
    assert!(matches!(PortError::from(error), PortError::Unavailable(_)));

    other.execute_batch("ROLLBACK;").expect("unlock");
    let store = SandboxStore::open(dir.path(), NOW).expect("opens once the lock is gone");
    assert_eq!(store.personas().expect("personas").len(), 5);
}

#[test]
fn a_store_from_a_newer_meshdesk_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(STORE_FILE);
    let newer = rusqlite::Connection::open(&path).expect("sqlite opens");
    let newer_version = SCHEMA_VERSION + 1;
    newer
        .execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {newer_version};"
        ))
        .expect("create");
    drop(newer);
    let before = std::fs::read(&path).expect("read");

    let error = SandboxStore::open(dir.path(), NOW).expect_err("refused");
    assert!(
        matches!(error, StoreError::NewerSchema { found, known, .. } if found == newer_version && known == SCHEMA_VERSION)
    );
    message_names(&error, &path);
    assert!(error.to_string().contains(&format!("schema version {newer_version} > {SCHEMA_VERSION}")), "{error}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn catalog_parameters_survive_as_text() {
    // The store keeps parameters as the strings Glue holds, including JSON values.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SandboxStore::open(dir.path(), NOW).expect("the store is created");
    let catalog = store.catalog().expect("catalog");
    let db = database(&catalog, "402183775004", "customer_profiles");
    let approval = db.parameters.get(params::APPROVAL).map(String::as_str).unwrap_or_default();
    assert!(approval.contains(r#""quorum_for_restricted":["owner","steward"]"#), "{approval}");
}

#[test]
fn a_mesh_that_breaks_the_schema_is_rejected_without_leaving_half_a_store() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut mesh = demo_mesh(NOW);
    let duplicate = mesh.catalog.tables[0].clone();
    mesh.catalog.tables.push(duplicate);
    let error = SandboxStore::create_with(dir.path(), &mesh).expect_err("a duplicate table is refused");
    assert!(matches!(error, StoreError::Rejected { .. }), "{error}");
    assert!(matches!(PortError::from(error), PortError::Invalid(_)));

    let store = SandboxStore::open(dir.path(), NOW).expect("the empty file is seeded on the next start");
    assert_eq!(store.catalog().expect("catalog"), demo_mesh(NOW).catalog);
}

#[test]
fn the_demo_sandbox_keeps_one_account_that_lets_iam_bypass_lake_formation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SandboxStore::open(dir.path(), NOW).expect("sandbox");
    let bypass = store.lake_formation_bypass().expect("read");
    let catalog = store.catalog().expect("catalog");
    let names: Vec<&str> = bypass
        .iter()
        .filter_map(|id| catalog.accounts.iter().find(|a| &a.id == id).map(|a| a.name.as_str()))
        .collect();
    assert_eq!(names, vec!["nimbus-legacy"], "the acquired account still on IAM-only defaults");
    // Reopened, it reads the same.
    drop(store);
    assert_eq!(SandboxStore::open(dir.path(), NOW + 60).expect("reopen").lake_formation_bypass().expect("read"), bypass);
}

/// The listing as the whole catalog's index lists it: its products and what each database's
/// tables sum up to.
fn listed_as_whole(store: &SandboxStore) -> (Vec<meshdesk_core::ProductSummary>, Vec<meshdesk_core::TablesSummary>, u64) {
    let built = CatalogIndex::build(store.load_catalog().expect("the catalog loads"));
    (built.products().to_vec(), built.summaries().to_vec(), built.column_count())
}

fn listed(store: &SandboxStore) -> (Vec<meshdesk_core::ProductSummary>, Vec<meshdesk_core::TablesSummary>, u64) {
    let listing = store.load_listing().expect("the listing loads").expect("the sandbox offers a listing");
    assert!(listing.catalog.tables.is_empty(), "a listing holds no tables");
    let index = CatalogIndex::listing(listing);
    assert!(index.is_listing());
    (index.products().to_vec(), index.summaries().to_vec(), index.column_count())
}

fn kept_rows(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join(meshdesk_local::STORE_FILE)).expect("the file opens");
    conn.query_row("SELECT count(*) FROM listing", [], |r| r.get(0)).expect("the listing table")
}

#[test]
fn the_listing_lists_products_as_the_whole_catalog_does_and_is_kept_until_the_catalog_changes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Two days after the seed, so update times are moved on both reads.
    SandboxStore::open(dir.path(), NOW).expect("seeded");
    let store = SandboxStore::open(dir.path(), NOW + 2 * 86_400).expect("reopens");
    let whole = listed_as_whole(&store);
    assert!(whole.0.iter().any(|p| p.highest.is_some()) && whole.0.iter().any(|p| p.stalest.is_some()));

    // Worked out from the tables the first time, and kept.
    assert_eq!(kept_rows(dir.path()), 0);
    assert_eq!(listed(&store), whole, "the same product summaries, sensitivity and freshness included");
    assert!(kept_rows(dir.path()) > 0, "the listing is kept for the next start");
    // Kept, it lists the same — in another process a day later too (update times moved alike).
    assert_eq!(listed(&store), whole);
    let later = SandboxStore::open(dir.path(), NOW + 3 * 86_400).expect("reopens");
    assert_eq!(listed(&later), listed_as_whole(&later));

    // Another writer (another process, an older Meshdesk) drops a table and retags a database:
    // the kept listing is not trusted after it.
    let conn = rusqlite::Connection::open(dir.path().join(meshdesk_local::STORE_FILE)).expect("the file opens");
    let (account, database): (String, String) =
        conn.query_row("SELECT account, database FROM tables LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("a table");
    conn.execute("DELETE FROM tables WHERE rowid = (SELECT min(rowid) FROM tables)", []).expect("delete");
    let changed = listed_as_whole(&store);
    assert_ne!(changed, whole, "the dropped table changes the listing");
    assert_eq!(listed(&store), changed, "the listing follows the change to {account}:{database}");

    // The whole catalog's summaries are kept under the generation read before the catalog was;
    // a listing of an older generation is refused, as it would be stale.
    let generation = store.catalog_generation().expect("generation").expect("the store counts changes");
    conn.execute("UPDATE databases SET description = 'moved on' WHERE rowid = 1", []).expect("update");
    assert!(store.catalog_generation().expect("generation") > Some(generation), "a change moves the generation on");
    let stale = CatalogIndex::build(store.load_catalog().expect("catalog"));
    store.save_listing(generation, &stale.catalog().databases, &vec![meshdesk_core::TablesSummary::default(); stale.summaries().len()]).expect("save");
    assert_eq!(listed(&store), listed_as_whole(&store), "nothing stale is kept");
    let current = store.catalog_generation().expect("generation").expect("counted");
    let index = CatalogIndex::build(store.load_catalog().expect("catalog"));
    store.save_listing(current, &index.catalog().databases, index.summaries()).expect("save");
    assert_eq!(listed(&store), (index.products().to_vec(), index.summaries().to_vec(), index.column_count()));
}
