//! `cargo xtask bench`: Meshdesk's figures at scale beside the baseline, measured in the same run.
//!
//! Two parts. The sandbox part seeds a synthetic sandbox (100k tables, 2M columns, 100k grants)
//! and opens it cold in fresh `meshdesk-bench` processes, which time what a user waits for and
//! read their own peak RSS. The crawl part seeds the moto emulator, puts `meshdesk-proxy`
//! (latency per call, calls counted per API) between the clients and moto, and times
//! `meshdesk refresh` against a sequential boto3 crawler on the same accounts. Seeding is not
//! timed. Every figure is the median of the runs; the process prints one table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::bench_aws::{self, CrawlShape, CrawlFigures};
use crate::workspace::{self, Workspace};

/// The bench's size and repetitions.
#[derive(Debug, Clone)]
pub struct Options {
    pub accounts: usize,
    pub databases: usize,
    pub tables: usize,
    pub columns: usize,
    pub grants: usize,
    pub runs: usize,
    pub crawl: CrawlShape,
    pub latency_ms: u64,
    /// Skip the crawl part (no moto).
    pub sandbox_only: bool,
    /// `release`, or `debug` for the smoke run (which reuses the test builds).
    pub profile: &'static str,
}

impl Options {
    fn full() -> Self {
        Options {
            accounts: 20,
            databases: 50,
            tables: 100,
            columns: 20,
            grants: 100_000,
            runs: 3,
            crawl: CrawlShape { accounts: 20, databases: 25, tables: 20, columns: 20 },
            latency_ms: 30,
            sandbox_only: false,
            profile: "release",
        }
    }

    /// A tiny run that only proves the bench still works (`cargo xtask test` runs it).
    pub fn quick() -> Self {
        Options {
            accounts: 2,
            databases: 2,
            tables: 5,
            columns: 3,
            grants: 100,
            runs: 1,
            crawl: CrawlShape { accounts: 2, databases: 2, tables: 3, columns: 3 },
            latency_ms: 5,
            sandbox_only: false,
            profile: "debug",
        }
    }

    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = if args.iter().any(|a| a == "--quick") { Self::quick() } else { Self::full() };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut number = |what: &str| -> Result<usize> {
                let value = args.next().with_context(|| format!("{flag} needs {what}"))?;
                value.parse().with_context(|| format!("{flag} {value:?} is not a whole number"))
            };
            match flag.as_str() {
                "--quick" => {}
                "--sandbox-only" => options.sandbox_only = true,
                "--runs" => options.runs = number("a count")?.max(1),
                "--latency-ms" => options.latency_ms = number("milliseconds")? as u64,
                "--crawl-accounts" => options.crawl.accounts = number("a count")?.max(1),
                "--crawl-databases" => options.crawl.databases = number("a count")?.max(1),
                "--crawl-tables" => options.crawl.tables = number("a count")?.max(1),
                "--crawl-columns" => options.crawl.columns = number("a count")?,
                "--tables" => options.tables = number("a count")?.max(1),
                "--grants" => options.grants = number("a count")?,
                other => bail!("unknown bench option {other:?}\n{}", crate::USAGE),
            }
        }
        Ok(options)
    }
}

/// The release binaries the bench runs, copied out of the shared target directory (which other
/// builds may overwrite mid-run).
pub struct Binaries {
    pub bench: PathBuf,
    pub proxy: PathBuf,
    pub cli: PathBuf,
}

fn build(ws: &Workspace, into: &Path, with_aws: bool, profile: &str) -> Result<Binaries> {
    let mut cargo = ws.cargo();
    cargo.args(["build", "--profile", if profile == "debug" { "dev" } else { profile }, "-p", "meshdesk-bench"]);
    if with_aws {
        cargo.args(["-p", "meshdesk-proxy", "-p", "meshdesk-cli"]);
    }
    workspace::run(&mut cargo)?;
    let copy = |name: &str| -> Result<PathBuf> {
        let to = into.join(name);
        let from = ws.target_dir.join(profile).join(name);
        std::fs::copy(&from, &to).with_context(|| format!("copying {}", from.display()))?;
        Ok(to)
    };
    Ok(Binaries {
        bench: copy("meshdesk-bench")?,
        proxy: if with_aws { copy("meshdesk-proxy")? } else { PathBuf::new() },
        cli: if with_aws { copy("meshdesk")? } else { PathBuf::new() },
    })
}

/// `figure value` lines of a `meshdesk-bench` run.
fn figures(output: &[u8]) -> BTreeMap<String, f64> {
    String::from_utf8_lossy(output)
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(' ')?;
            Some((name.to_owned(), value.trim().parse().ok()?))
        })
        .collect()
}

pub fn output(command: &mut Command) -> Result<Vec<u8>> {
    let program = command.get_program().to_string_lossy().into_owned();
    let out = command.output().with_context(|| format!("could not start {program}"))?;
    if !out.status.success() {
        bail!("{program} failed ({}):\n{}{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
    Ok(out.stdout)
}

pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
}

pub fn run(args: &[String]) -> Result<()> {
    let options = Options::parse(args)?;
    let ws = Workspace::locate()?;
    if !options.sandbox_only {
        crate::prerequisites::moto(&ws)?;
    }
    let scratch = tempfile_dir("meshdesk-bench")?;
    // Removed however the run ends (the seeded sandbox is hundreds of megabytes).
    let _cleanup = Scratch(scratch.clone());
    let binaries = build(&ws, &scratch, !options.sandbox_only, options.profile)?;

    workspace::step(&format!(
        "seeding a sandbox of {} accounts × {} databases × {} tables × {} columns and {} grants (not timed)",
        options.accounts, options.databases, options.tables, options.columns, options.grants
    ));
    let sandbox = scratch.join("sandbox");
    let seeded = Instant::now();
    let sizes = figures(&output(Command::new(&binaries.bench).arg("seed").arg(&sandbox).args(
        [options.accounts, options.databases, options.tables, options.columns, options.grants].map(|n| n.to_string()),
    ))?);
    println!("  seeded in {:.1} s: {sizes:?}", seeded.elapsed().as_secs_f64());

    let mut runs: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    // The first start after seeding finds no listing kept — as the first start after another
    // process changed the catalog does — and works it out from the tables (and keeps it): its
    // cold start is its own figure, and the rest of that run is not counted.
    workspace::step("sandbox run 0: the first start after the catalog changed (no listing kept yet)");
    let first = figures(&output(Command::new(&binaries.bench).arg("measure").arg(&sandbox))?);
    for (from, to) in [("cold_start_ms", "cold_start_after_change_ms"), ("peak_rss_open_mb", "peak_rss_open_after_change_mb")] {
        runs.entry(to.to_owned()).or_default().extend(first.get(from));
    }
    for run in 1..=options.runs {
        workspace::step(&format!("sandbox run {run} of {}: a fresh process opens the sandbox cold", options.runs));
        for (name, value) in figures(&output(Command::new(&binaries.bench).arg("measure").arg(&sandbox))?) {
            runs.entry(name).or_default().push(value);
        }
    }
    let local: BTreeMap<String, f64> = runs.into_iter().map(|(k, mut v)| (k, median(&mut v))).collect();

    let crawl = if options.sandbox_only {
        None
    } else {
        Some(bench_aws::run(&ws, &binaries, &scratch, &options)?)
    };
    print_table(&options, &sizes, &local, crawl.as_ref());
    Ok(())
}

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh directory under the system's temporary directory.
fn tempfile_dir(prefix: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

fn print_table(options: &Options, sizes: &BTreeMap<String, f64>, local: &BTreeMap<String, f64>, crawl: Option<&CrawlFigures>) {
    let get = |k: &str| local.get(k).copied().unwrap_or(f64::NAN);
    let size = |k: &str| sizes.get(k).copied().unwrap_or(f64::NAN);
    let mut rows: Vec<(String, String, String)> = Vec::new();
    if let Some(c) = crawl {
        rows.extend(c.rows());
    }
    rows.extend([
        (
            format!("cold start from the local store to a listed catalog, {:.0} tables", size("tables")),
            format!(
                "{:.0} ms, peak RSS {:.0} MB by then (the first start after the catalog changed: {:.0} ms, {:.0} MB; whole catalog, columns and all, read by {:.0} ms; then a first search: {:.0} ms)",
                get("cold_start_ms"),
                get("peak_rss_open_mb"),
                get("cold_start_after_change_ms"),
                get("peak_rss_open_after_change_mb"),
                get("fully_loaded_ms"),
                get("first_search_ms")
            ),
            "≤ 300 ms".to_owned(),
        ),
        (
            format!("search p50 / p95 over {:.0} tables and {:.0} columns", size("tables"), size("columns")),
            format!("{:.2} / {:.2} ms", get("search_p50_ms"), get("search_p95_ms")),
            "≤ 5 ms p95".to_owned(),
        ),
        (
            format!("who can read each column of a table, over {:.0} grants", size("grants")),
            format!("{:.2} ms ({:.0} columns)", get("who_can_read_ms"), get("who_can_read_columns")),
            "≤ 10 ms".to_owned(),
        ),
        (
            "principal × table (what the consumer's role reads of it)".to_owned(),
            format!("{:.2} ms", get("principal_table_ms")),
            "≤ 10 ms".to_owned(),
        ),
        (
            format!("everything one principal reads: a page of 50 of {:.0} tables (+ the count)", get("principal_readable_tables")),
            format!(
                "{:.2} ms, next {:.2} ms ({:.1} ms the first time)",
                get("principal_page_ms"),
                get("principal_next_page_ms"),
                get("principal_first_page_ms")
            ),
            "≤ 10 ms".to_owned(),
        ),
        (
            format!("the same, all {:.0} tables ({:.0} columns explained)", get("principal_readable_tables"), get("principal_full_columns")),
            format!("{:.0} ms, peak RSS {:.0} MB after", get("principal_full_ms"), get("peak_rss_after_full_mb")),
            "(not a target: paged above)".to_owned(),
        ),
        (
            "first access question after start (grants read, index built)".to_owned(),
            format!("{:.0} ms", get("access_first_ms")),
            "(once per change)".to_owned(),
        ),
        (
            format!("lineage layout, 20 hops each way ({:.0} nodes)", get("lineage_nodes")),
            format!("{:.1} ms", get("lineage_ms")),
            "≤ 150 ms at 10k nodes".to_owned(),
        ),
        (
            format!("peak RSS of the backend process, {:.0} tables", size("tables")),
            format!("{:.0} MB ({:.0} MB by the first listing)", get("peak_rss_mb"), get("peak_rss_open_mb")),
            "≤ 300 MB".to_owned(),
        ),
    ]);
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    println!(
        "\nMeshdesk bench — medians of {} run(s), {} CPU(s), latency {} ms per AWS call",
        options.runs,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        options.latency_ms
    );
    println!("| {:<w0$} | {:<w1$} | target |", "figure", "measured");
    println!("|{}|{}|--------|", "-".repeat(w0 + 2), "-".repeat(w1 + 2));
    for (figure, measured, target) in &rows {
        println!("| {figure:<w0$} | {measured:<w1$} | {target} |");
    }
    if let Some(c) = crawl {
        for note in c.notes() {
            println!("{note}");
        }
    }
}
