//! Hostile input at every entry point: the corpus in `tests/corpus/*.json` (row filters, LF-tag
//! expressions, principals and account ids, product references, mesh files, IPC command
//! arguments, Glue metadata as AWS returns it) is fed to the parsers and to the API as the
//! window's commands call it. Each input must be refused with a clear error, leave the store
//! byte-for-byte as it was (every table dumped before and after), and never panic.
//!
//! The CLI's arguments have their own corpus, run against the built binary in meshdesk-cli.

use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_aws::mesh_file::MeshFile;
use meshdesk_aws::profiles::KnownProfiles;
use meshdesk_core::governance::{expr, principal::Principal, row_filter};
use meshdesk_core::product::contract;
use meshdesk_core::ports::CatalogSource;
use meshdesk_core::CatalogIndex;
use meshdesk_protocol::{
    AnnotationEdit, ApiError, ContractEdit, DecideInput, ErrorCode, Permission, PolicyChange, ProductRef, PublishInput,
    RequestDraft,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const NOW: i64 = 1_800_000_000;

fn corpus(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn strings(name: &str) -> Vec<String> {
    corpus(name).into_iter().map(|v| v.as_str().expect("a string entry").to_owned()).collect()
}

/// For messages: the input shortened and with its control characters visible.
fn shown(text: &str) -> String {
    text.chars().take(60).flat_map(char::escape_debug).collect()
}

/// Every row of every table of the store, in order: what "nothing changed" is checked against.
fn snapshot(store: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(store, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("store opens");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    tables.retain(|t: &String| !t.starts_with("sqlite_"));
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid")).expect("select");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"))).collect::<Result<Vec<_>, _>>())
            .expect("rows");
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.expect("row").join(" | ")));
        }
    }
    out
}

/// A clear error: a message that says something, is not an internal failure, and does not
/// dump a kilobyte of the input back.
fn assert_clear(what: &str, input: &str, error: &ApiError) {
    assert!(!error.message.trim().is_empty(), "{what} {:?}: an empty message", shown(input));
    assert!(!matches!(error.code, ErrorCode::Internal), "{what} {:?}: internal error: {}", shown(input), error.message);
    // An input longer than a page may be echoed once (ids are named in full so they can be
    // found), never amplified.
    let limit = 4096.max(input.len() + 1024);
    assert!(error.message.len() < limit, "{what} {:?}: the message repeats the input ({} bytes)", shown(input), error.message.len());
}

/// The mesh the API corpus runs on, and the store's state it must keep.
struct Fixture {
    _dir: tempfile::TempDir,
    mesh: Meshdesk,
    store: std::path::PathBuf,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("sandbox");
        let store = mesh.backend().path().to_owned();
        Fixture { _dir: dir, mesh, store }
    }

    /// Runs `call` as `persona` and checks it was refused clearly with nothing changed.
    fn refused<T: std::fmt::Debug>(&self, what: &str, input: &str, persona: &str, call: impl FnOnce(&Meshdesk) -> Result<T, ApiError>) {
        let before = snapshot(&self.store);
        // An unknown persona is itself hostile input: switching is then the refused call.
        let outcome = match self.mesh.switch_identity(persona) {
            Ok(_) => call(&self.mesh),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(value) => panic!("{what} {:?} as {persona}: accepted: {value:?}", shown(input)),
            Err(error) => assert_clear(what, input, &error),
        }
        assert!(snapshot(&self.store) == before, "{what} {:?}: the store changed", shown(input));
    }
}

fn draft(product: ProductRef) -> RequestDraft {
    RequestDraft {
        product,
        principal: "arn:aws:iam::402183775007:role/marketing-analysts".into(),
        tables: vec!["consents".into()],
        columns: vec!["consents.purpose".into(), "consents.channel".into()],
        row_filter: None,
        permissions: vec![Permission::Select],
        duration_days: 30,
        justification: "consent coverage by channel".into(),
    }
}

/// Runs `check` on every input, collecting failures (a panic anywhere is one) instead of
/// stopping at the first, so one run names every input that is not handled.
fn each<T>(inputs: &[T], failures: &mut Vec<String>, mut check: impl FnMut(&T)) -> usize {
    for input in inputs {
        if let Err(panic) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(input))) {
            let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()));
            failures.push(message.unwrap_or_else(|| "a panic".into()));
        }
    }
    inputs.len()
}

fn customer_profiles() -> ProductRef {
    ProductRef::new("402183775004", "customer_profiles")
}

fn row_filters(f: &Fixture, failures: &mut Vec<String>) -> usize {
    let inputs = strings("row_filters");
    let columns = ["consent_id", "customer_id", "purpose", "channel", "granted_at", "withdrawn_at"];
    each(&inputs, failures, |text| {
        let parsed = row_filter::parse(text).and_then(|filter| row_filter::validate(&filter, columns).map(|()| filter));
        assert!(parsed.is_err(), "row filter {:?} was accepted by the parser", shown(text));
        let request = RequestDraft { row_filter: Some(text.clone()), ..draft(customer_profiles()) };
        f.refused("row filter", text, "mia", |m| m.submit_request(&request, NOW));
    })
}

fn tag_expressions(f: &Fixture, failures: &mut Vec<String>) -> usize {
    let inputs = strings("tag_expressions");
    let index = CatalogIndex::build(f.mesh.backend().load_catalog().expect("catalog"));
    let keys: Vec<_> = index.catalog().tag_keys.iter().filter(|k| k.account == "402183775004").cloned().collect();
    each(&inputs, failures, |text| {
        let parsed = expr::parse(text).and_then(|e| expr::validate(&e, &keys));
        assert!(parsed.is_err(), "tag expression {:?} was accepted", shown(text));
        let change = serde_json::json!([{ "op": "grant", "principal": "402183775007",
            "resource": { "kind": "tag_policy", "account": "402183775004", "expression": text },
            "permissions": ["SELECT"], "grantable": [] }]);
        let changes: Vec<PolicyChange> = serde_json::from_value(change).expect("a policy change");
        f.refused("tag expression", text, "dana", |m| m.apply_policy(&changes, NOW));
    })
}

fn principals(f: &Fixture, failures: &mut Vec<String>) -> usize {
    let inputs = strings("principals");
    each(&inputs, failures, |text| {
        assert!(Principal::parse(text).is_err(), "principal {:?} was accepted", shown(text));
        let request = RequestDraft { principal: text.clone(), ..draft(customer_profiles()) };
        f.refused("principal", text, "mia", |m| m.submit_request(&request, NOW));
        let grant = serde_json::json!([{ "op": "grant", "principal": text,
            "resource": { "kind": "database", "account": "402183775004", "database": "customer_profiles" },
            "permissions": ["DESCRIBE"], "grantable": [] }]);
        let changes: Vec<PolicyChange> = serde_json::from_value(grant).expect("a policy change");
        f.refused("grantee", text, "dana", |m| m.apply_policy(&changes, NOW));
    })
}

fn product_refs(f: &Fixture, failures: &mut Vec<String>) -> usize {
    let inputs = corpus("product_refs");
    each(&inputs, failures, |pair| {
        let account = pair[0].as_str().expect("account");
        let database = pair[1].as_str().expect("database");
        let product = ProductRef::new(account, database);
        let label = format!("{account}:{database}");
        f.refused("product", &label, "mia", |m| m.product(&product, NOW));
        f.refused("request for product", &label, "mia", |m| m.submit_request(&draft(product.clone()), NOW));
        f.refused("publish", &label, "dana", |m| m.publish(&PublishInput { product: product.clone(), publish: true, confirm: false }, NOW));
    })
}

fn mesh_files(failures: &mut Vec<String>) -> usize {
    let inputs = strings("mesh_files");
    let known = KnownProfiles {
        config_file: "/nonexistent/.aws/config".into(),
        credentials_file: "/nonexistent/.aws/credentials".into(),
        names: ["hub", "identity-prod", "billing-prod"].into_iter().map(str::to_owned).collect::<BTreeSet<_>>(),
    };
    each(&inputs, failures, |text| {
        match MeshFile::parse(text, Path::new("mesh.toml"), &known) {
            Ok(file) => panic!("mesh file {:?} was accepted: {file:?}", shown(text)),
            Err(error) => {
                let message = error.to_string();
                assert!(message.contains("mesh.toml"), "mesh file {:?}: the error names no file: {message}", shown(text));
                assert!(message.len() < 4096, "mesh file {:?}: a {} byte message", shown(text), message.len());
            }
        }
    })
}

/// The window's commands with hostile arguments, each as the persona named in the entry.
fn ipc(f: &Fixture, failures: &mut Vec<String>) -> usize {
    let inputs = corpus("ipc");
    each(&inputs, failures, |entry| {
        let persona = entry["as"].as_str().expect("as");
        let command = entry["command"].as_str().expect("command");
        let input = entry["input"].clone();
        let label = format!("{command} {input}");
        fn arg<T: serde::de::DeserializeOwned>(v: Value) -> T {
            serde_json::from_value(v).unwrap_or_else(|e| panic!("corpus entry does not read: {e}"))
        }
        match command {
            "submit_request" => f.refused(command, &label, persona, |m| m.submit_request(&arg::<RequestDraft>(input), NOW)),
            "decide" => f.refused(command, &label, persona, |m| m.decide(&arg::<DecideInput>(input), NOW)),
            "apply_policy" => f.refused(command, &label, persona, |m| m.apply_policy(&arg::<Vec<PolicyChange>>(input), NOW)),
            "annotate" => f.refused(command, &label, persona, |m| m.annotate(&arg::<AnnotationEdit>(input), NOW)),
            "publish" => f.refused(command, &label, persona, |m| m.publish(&arg::<PublishInput>(input), NOW)),
            "save_contract" => f.refused(command, &label, persona, |m| m.save_contract(&arg::<ContractEdit>(input), NOW)),
            "switch_identity" => f.refused(command, &label, persona, |m| m.switch_identity(&arg::<String>(input))),
            "repair_finding" => f.refused(command, &label, persona, |m| m.repair_finding(&arg::<String>(input), NOW)),
            other => panic!("the corpus names an unknown command {other}"),
        }
    })
}

/// Glue metadata as `GetTables` returns it, through the same mapping the crawl uses, into the
/// catalog and every view of it: bad `meshdesk:*` values are problems shown, never trusted.
fn glue_metadata(f: &Fixture, failures: &mut Vec<String>) -> usize {
    use aws_sdk_glue::types as glue;
    let inputs = corpus("glue_metadata");
    let base = f.mesh.backend().load_catalog().expect("catalog");
    each(&inputs, failures, |entry| {
        let i = entry.to_string().len();
        let params: Vec<(String, String)> = entry["parameters"]
            .as_object()
            .expect("parameters")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("a string value").to_owned()))
            .collect();
        let label = format!("{params:?}").chars().take(120).collect::<String>();
        let mut db = glue::Database::builder().name("hostile_db").catalog_id("402183775004").parameters("meshdesk:product", "true");
        let column = glue::Column::builder().name("c").r#type("int").build().expect("column");
        let storage = glue::StorageDescriptor::builder().columns(column).location("s3://bucket/hostile/").build();
        let mut table = glue::Table::builder().name("hostile").database_name("hostile_db").storage_descriptor(storage);
        for (k, v) in &params {
            if entry["target"] == "database" {
                db = db.parameters(k, v);
            } else {
                table = table.parameters(k, v);
            }
        }
        let db = meshdesk_aws::glue_map::database("402183775004", &db.build().expect("database"));
        let table = meshdesk_aws::glue_map::table("402183775004", "hostile_db", &table.build().expect("table"));
        if let Some(text) = table.parameters.get("meshdesk:contract") {
            match contract::contract_of(&table) {
                Some(Err(problem)) => {
                    let message = problem.to_string();
                    assert!(!message.is_empty() && message.len() < 4096, "contract ({i} bytes) {:?}: {message}", shown(text));
                }
                other => panic!("contract ({i} bytes) {:?} was trusted: {other:?}", shown(text)),
            }
        }
        let mut catalog = base.clone();
        catalog.databases.push(db);
        catalog.tables.push(table.clone());
        let index = CatalogIndex::build(catalog);
        let _ = contract::check_table(&table, NOW);
        let summaries = index.products().len();
        assert!(summaries >= 1, "({i} bytes) {label}: the catalog still lists its products");
    })
}

#[test]
fn every_bad_input_is_refused_clearly_with_nothing_changed_and_no_panic() {
    let f = Fixture::new();
    let mut failures = Vec::new();
    // Failures are collected and listed at the end; the default hook would print each one's
    // backtrace as it happens.
    std::panic::set_hook(Box::new(|_| {}));
    let counts = [
        ("row filters", row_filters(&f, &mut failures)),
        ("LF-tag expressions", tag_expressions(&f, &mut failures)),
        ("principals and account ids", principals(&f, &mut failures)),
        ("product references", product_refs(&f, &mut failures)),
        ("mesh files", mesh_files(&mut failures)),
        ("IPC command arguments", ipc(&f, &mut failures)),
        ("Glue metadata", glue_metadata(&f, &mut failures)),
    ];
    let _ = std::panic::take_hook();
    for (what, n) in counts {
        eprintln!("bad inputs tried: {what} — {n}");
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    eprintln!("bad inputs tried: {total} (API and parsers)");
    assert!(failures.is_empty(), "{} of {total} inputs not handled:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 200, "the corpus has {total} inputs");
}
