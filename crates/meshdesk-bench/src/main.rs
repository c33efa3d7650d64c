//! `meshdesk-bench`: the process `cargo xtask bench` measures the app backend in.
//!
//! - `seed DIR ACCOUNTS DATABASES TABLES COLUMNS GRANTS` writes a synthetic sandbox (not timed
//!   by the bench: seeding is setup).
//! - `measure DIR` opens that sandbox in this fresh process, as the app does at start, and prints
//!   one `figure value` line per measurement: cold start to a listed catalog, search latencies,
//!   effective-access queries, a lineage layout, and the process's peak RSS.
//!
//! Every figure is taken through `Meshdesk` — the API both shells call — so it is what a user
//! waits for, conversions included.

mod measure;

use std::path::PathBuf;
use std::process::ExitCode;

use meshdesk_local::{SandboxStore, SyntheticConfig, synthetic_grants, synthetic_mesh};

/// The bench's "now": fixed, so every run sees the same freshness.
pub const NOW: i64 = 1_790_000_000;

const USAGE: &str = "usage: meshdesk-bench seed DIR ACCOUNTS DATABASES TABLES COLUMNS GRANTS
       meshdesk-bench measure DIR [SEARCH_REPEATS]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("seed") if args.len() == 7 => seed(&args[1..]),
        Some("measure") if (2..=3).contains(&args.len()) => {
            let repeats = args.get(2).map_or(Ok(5), |r| number(r, "SEARCH_REPEATS"));
            repeats.and_then(|r| measure::run(&PathBuf::from(&args[1]), r))
        }
        _ => Err(format!("unexpected arguments {args:?}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("meshdesk-bench: {message}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn number(text: &str, what: &str) -> Result<usize, String> {
    text.parse().map_err(|_| format!("{what} {text:?} is not a whole number"))
}

fn seed(args: &[String]) -> Result<(), String> {
    let dir = PathBuf::from(&args[0]);
    let cfg = SyntheticConfig {
        accounts: number(&args[1], "ACCOUNTS")?,
        databases_per_account: number(&args[2], "DATABASES")?,
        tables_per_database: number(&args[3], "TABLES")?,
        columns_per_table: number(&args[4], "COLUMNS")?,
        seed: 8,
    };
    let mut mesh = synthetic_mesh(&cfg, NOW);
    mesh.grants.extend(synthetic_grants(&mesh.catalog, number(&args[5], "GRANTS")?, cfg.seed));
    SandboxStore::create_with(&dir, &mesh).map_err(|e| format!("cannot seed {}: {e}", dir.display()))?;
    println!("tables {}", mesh.catalog.tables.len());
    println!("columns {}", mesh.catalog.tables.iter().map(|t| t.columns.len()).sum::<usize>());
    println!("grants {}", mesh.grants.len());
    Ok(())
}
