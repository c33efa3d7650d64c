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

mod error;
mod measure;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use meshdesk_local::{SandboxStore, SyntheticConfig, synthetic_grants, synthetic_mesh};

use crate::error::BenchError;

/// The bench's "now": fixed, so every run sees the same freshness.
pub const NOW: i64 = 1_790_000_000;

const USAGE: &str = "usage: meshdesk-bench seed DIR ACCOUNTS DATABASES TABLES COLUMNS GRANTS
       meshdesk-bench measure DIR [SEARCH_REPEATS]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match parse(&args) {
        Ok(Command::Seed { dir, config, grants }) => seed(&dir, &config, grants),
        Ok(Command::Measure { dir, repeats }) => measure::run(&dir, repeats),
        Err(error) => Err(BenchError::Args(error)),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("meshdesk-bench: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Command {
    Seed { dir: PathBuf, config: SyntheticConfig, grants: usize },
    Measure { dir: PathBuf, repeats: usize },
}

/// A command line the bench cannot run: which argument, and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ArgError {
    /// Neither `seed` nor `measure` (`None`: nothing at all).
    UnknownCommand(Option<String>),
    /// The command was given too few or too many arguments; `expected` names them.
    Count { command: &'static str, expected: &'static str, given: usize },
    /// The argument `what` is not a whole number.
    NotANumber { what: &'static str, text: String },
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::UnknownCommand(None) => f.write_str("no command: seed or measure"),
            ArgError::UnknownCommand(Some(other)) => write!(f, "unknown command {other:?}: seed or measure"),
            ArgError::Count { command, expected, given } => {
                write!(f, "{command} takes {expected}, not {given} argument(s)")
            }
            ArgError::NotANumber { what, text } => write!(f, "{what} {text:?} is not a whole number"),
        }
    }
}

impl std::error::Error for ArgError {}

const SEED_ARGS: &str = "DIR ACCOUNTS DATABASES TABLES COLUMNS GRANTS";
const MEASURE_ARGS: &str = "DIR [SEARCH_REPEATS]";

fn parse(args: &[String]) -> Result<Command, ArgError> {
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("seed") => {
            let [dir, accounts, databases, tables, columns, grants] = rest else {
                return Err(ArgError::Count { command: "seed", expected: SEED_ARGS, given: rest.len() });
            };
            let config = SyntheticConfig {
                accounts: number(accounts, "ACCOUNTS")?,
                databases_per_account: number(databases, "DATABASES")?,
                tables_per_database: number(tables, "TABLES")?,
                columns_per_table: number(columns, "COLUMNS")?,
                seed: 8,
            };
            Ok(Command::Seed { dir: PathBuf::from(dir), config, grants: number(grants, "GRANTS")? })
        }
        Some("measure") => match rest {
            [dir] => Ok(Command::Measure { dir: PathBuf::from(dir), repeats: 5 }),
            [dir, repeats] => Ok(Command::Measure { dir: PathBuf::from(dir), repeats: number(repeats, "SEARCH_REPEATS")? }),
            _ => Err(ArgError::Count { command: "measure", expected: MEASURE_ARGS, given: rest.len() }),
        },
        other => Err(ArgError::UnknownCommand(other.map(str::to_owned))),
    }
}

fn number(text: &str, what: &'static str) -> Result<usize, ArgError> {
    text.parse().map_err(|_| ArgError::NotANumber { what, text: text.to_owned() })
}

fn seed(dir: &Path, cfg: &SyntheticConfig, grants: usize) -> Result<(), BenchError> {
    let mut mesh = synthetic_mesh(cfg, NOW);
    mesh.grants.extend(synthetic_grants(&mesh.catalog, grants, cfg.seed));
    SandboxStore::create_with(dir, &mesh).map_err(|error| BenchError::Seed { dir: dir.to_owned(), error })?;
    println!("tables {}", mesh.catalog.tables.len());
    println!("columns {}", mesh.catalog.tables.iter().map(|t| t.columns.len()).sum::<usize>());
    println!("grants {}", mesh.grants.len());
    Ok(())
}

#[cfg(test)]
#[path = "main_tests.rs"]
mod tests;
