//! Hostile command lines: every argument list in `tests/corpus/cli_args.json` run through the
//! built `meshdesk` on one sandbox — each must fail with a non-zero exit and a message on
//! stderr, never panic, and leave the store exactly as it was.

use std::path::Path;
use std::process::{Command, Stdio};

/// Every row of every table, in order.
fn store_rows(store: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(store, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("store opens");
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut rows = Vec::new();
    for name in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid")).expect("select");
        let n = stmt.column_count();
        let mut query = stmt.query([]).expect("rows");
        while let Some(row) = query.next().expect("row") {
            let values: Vec<String> = (0..n).map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).expect("value"))).collect();
            rows.push(format!("{name}: {}", values.join(" | ")));
        }
    }
    rows
}

fn meshdesk(dir: &Path, args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_meshdesk"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("MESHDESK_DATA_DIR")
        .env_remove("MESHDESK_MESH_FILE")
        .stdin(Stdio::null())
        .output()
        .expect("the meshdesk binary runs")
}

#[test]
fn every_bad_command_line_fails_clearly_and_changes_nothing() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/cli_args.json");
    let corpus: Vec<Vec<String>> = serde_json::from_str(&std::fs::read_to_string(&path).expect("corpus")).expect("corpus reads");
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(meshdesk(dir.path(), &["products".into()]).status.success(), "the sandbox seeds");
    let store = dir.path().join("sandbox.sqlite");
    let mut failures = Vec::new();
    for args in &corpus {
        let shown: String = format!("{args:?}").chars().take(120).flat_map(char::escape_debug).collect();
        let before = store_rows(&store);
        let out = meshdesk(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            failures.push(format!("{shown}: accepted"));
        } else if stderr.contains("panicked") || out.status.code().is_none() {
            failures.push(format!("{shown}: crashed: {stderr}"));
        } else if stderr.trim().is_empty() {
            failures.push(format!("{shown}: failed without a word"));
        } else if store_rows(&store) != before {
            failures.push(format!("{shown}: the store changed"));
        }
    }
    eprintln!("bad inputs tried: CLI arguments — {}", corpus.len());
    assert!(failures.is_empty(), "{} of {} command lines not handled:\n{}", failures.len(), corpus.len(), failures.join("\n"));
}
