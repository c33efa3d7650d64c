//! The reliability stages: the dependency check (cargo deny), the fuzz targets for a bounded
//! time each, and `cargo xtask reliability`, which reruns the reliability tests and prints the
//! figures the README reports.
//!
//! Fuzzing uses cargo-fuzz (libFuzzer), whose sanitizer flags need a nightly compiler. A stable
//! toolchain builds it too with `RUSTC_BOOTSTRAP=1` (the flag only unlocks `-Z` options), so a
//! machine with stable alone fuzzes the same way; the fuzz crate is its own workspace with its
//! own target directory, so its instrumented builds never mix with the workspace's.

use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::prerequisites;
use crate::workspace::{self, Workspace, step};

/// The fuzz targets in `fuzz/fuzz_targets`, one per parser of outside input, and whether a target
/// needs the fuzz crate's `aws` feature (an instrumented build of the AWS SDK: long on 2 cores,
/// so `cargo xtask test` leaves those to `cargo xtask reliability`).
pub const FUZZ_TARGETS: [(&str, bool); 5] =
    [("row_filter", false), ("tag_expression", false), ("principal", false), ("metadata_json", false), ("mesh_file", true)];
/// libFuzzer's seed for the fuzz stage of `cargo xtask test`.
const TEST_SEED: u32 = 20261129;
/// Seconds per target unless `MESHDESK_FUZZ_SECONDS` says otherwise.
const FUZZ_SECONDS: u64 = 20;

/// `cargo deny check licenses bans sources`, offline (see deny.toml for the advisory exception).
pub fn deny(ws: &Workspace) -> Result<()> {
    let tools = prerequisites::reliability_tools(ws)?;
    // `--offline` keeps cargo-deny from fetching its advisory database (unreachable here); its
    // `cargo metadata` then needs every package of every platform already downloaded.
    workspace::run(ws.cargo().arg("fetch")).context("downloading the dependencies cargo deny reads")?;
    workspace::run(
        ws.cargo().env("PATH", prerequisites::path_with(&tools)).args(["deny", "--offline", "check", "licenses", "bans", "sources"]),
    )
}

/// What one fuzz target did.
#[derive(Debug)]
pub struct FuzzRun {
    pub target: &'static str,
    pub seconds: u64,
    pub executions: u64,
}

/// Runs every fuzz target for a bounded time; a crash fails the stage, with the input kept
/// under `fuzz/artifacts/<target>/` to become a regression test.
pub fn fuzz(ws: &Workspace, with_aws: bool) -> Result<Vec<FuzzRun>> {
    let tools = prerequisites::reliability_tools(ws)?;
    let seconds = std::env::var("MESHDESK_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(FUZZ_SECONDS);
    let mut runs = Vec::new();
    for (target, needs_aws) in FUZZ_TARGETS {
        if needs_aws && !with_aws {
            step(&format!("fuzz {target}: left to `cargo xtask reliability` (instruments the AWS SDK)"));
            continue;
        }
        step(&format!("fuzz {target}: {seconds} s"));
        let mut command = ws.cargo();
        command
            .current_dir(ws.root.join("fuzz"))
            .env("PATH", prerequisites::path_with(&tools))
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_TARGET_DIR", ws.target_dir.join("fuzz"))
            .args(["fuzz", "run", target])
            .args(if needs_aws { &["--features", "aws"][..] } else { &[][..] })
            .args(["--", &format!("-max_total_time={seconds}"), "-print_final_stats=1"])
            // The test command fuzzes from a fixed seed, so that a run on a fresh clone explores
            // the same inputs (a slower machine, a prefix of them) and CI cannot fail by chance;
            // `cargo xtask reliability` explores from a new seed each time.
            .args(if with_aws { None } else { Some(format!("-seed={TEST_SEED}")) });
        let output = command.output().with_context(|| format!("running cargo fuzz run {target}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
            bail!("fuzz target {target} failed (input kept under fuzz/artifacts/{target}/):\n{}", tail.join("\n"));
        }
        let executions = executions(&log).unwrap_or(0);
        step(&format!("fuzz {target}: {executions} executions, no crash"));
        runs.push(FuzzRun { target, seconds, executions });
    }
    Ok(runs)
}

/// libFuzzer's final count: `stat::number_of_executed_units: 123456`.
fn executions(log: &str) -> Option<u64> {
    log.lines().filter_map(|l| l.strip_prefix("stat::number_of_executed_units:")).find_map(|n| n.trim().parse().ok())
}

/// The tests that measure reliability, with their figures printed (`--nocapture`): package,
/// test target, and the name filter (the moto binary holds more than the fault tests).
const TESTS: [(&str, &str, Option<&str>); 6] = [
    ("meshdesk-api", "governance", None),
    ("meshdesk-api", "hostile", None),
    ("meshdesk-api", "security", None),
    ("meshdesk-cli", "hostile_cli", None),
    ("meshdesk-local", "durability", None),
    // Faults through meshdesk-proxy in front of moto: a crawl at 20 %, decisions at 40 % and 100 %.
    ("meshdesk-aws", "moto", Some("faults::")),
];

/// `cargo xtask reliability`: the reliability tests, the dependency check and the fuzz targets,
/// then the figures.
pub fn report(ws: &Workspace) -> Result<()> {
    let mut figures = Vec::new();
    prerequisites::moto(ws)?;
    for (package, test, filter) in TESTS {
        step(&format!("{package} --test {test} {}", filter.unwrap_or_default()));
        let output = ws
            .cargo()
            .args(["test", "-p", package, "--test", test, "--", "--nocapture", "--test-threads=2"])
            .args(filter)
            .env("MESHDESK_MOTO_SERVER", prerequisites::moto_server(ws))
            .output()
            .with_context(|| format!("running the {test} tests"))?;
        let log = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!("{package} --test {test} failed:\n{log}");
        }
        figures.extend(log.lines().filter(|l| is_figure(l)).map(str::to_owned));
    }
    figures.extend(moto_figures(ws)?);
    deny(ws)?;
    let runs = fuzz(ws, true)?;
    println!("\nreliability figures");
    for line in figures {
        println!("  {line}");
    }
    let total: u64 = runs.iter().map(|r| r.executions).sum();
    for run in &runs {
        println!("  fuzz {}: {} s, {} executions", run.target, run.seconds, run.executions);
    }
    let time = Duration::from_secs(runs.iter().map(|r| r.seconds).sum());
    println!("  fuzzing: {} targets, {} s, {total} executions, no crash", runs.len(), time.as_secs());
    println!("  cargo deny: licenses, bans, sources ok (advisories: see deny.toml)");
    Ok(())
}

/// The crash points and races on the AWS backend: against moto, with the `meshdesk` binary
/// (built here) killed mid-operation.
fn moto_figures(ws: &Workspace) -> Result<Vec<String>> {
    step("meshdesk-aws --test moto: crash_hub, race_hub");
    prerequisites::ensure(ws, prerequisites::Toolset::Tests)?;
    workspace::run(ws.cargo().args(["build", "-p", "meshdesk-cli"]))?;
    let output = ws
        .cargo()
        .args(["test", "-p", "meshdesk-aws", "--test", "moto", "--", "crash_hub", "race_hub"])
        .env("MESHDESK_MOTO_SERVER", prerequisites::moto_server(ws))
        .env("MESHDESK_CLI_BIN", ws.target_dir.join("debug").join("meshdesk"))
        .output()
        .context("running the moto crash and race tests")?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("meshdesk-aws --test moto (crash_hub, race_hub) failed:\n{log}");
    }
    Ok(log.lines().filter(|l| is_figure(l)).map(str::to_owned).collect())
}

fn is_figure(line: &str) -> bool {
    [
        "crash points",
        "races run",
        "bad inputs tried",
        "writers killed",
        "damaged caches",
        "commands x personas",
        "processes decided",
        "faults:",
    ]
        .iter()
        .any(|k| line.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_execution_count_is_read_from_libfuzzers_final_stats() {
        let log = "#1000 DONE cov: 10\nstat::number_of_executed_units: 245318\nstat::average_exec_per_sec:     12265\n";
        assert_eq!(executions(log), Some(245_318));
        assert_eq!(executions("INFO: nothing"), None);
    }
}
