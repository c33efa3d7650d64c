//! `cargo xtask`: builds, runs and tests Meshdesk from one command, installing what is missing.

mod bench;
mod bench_aws;
mod build;
mod prerequisites;
mod reliability;
mod suite;
mod workspace;

use std::process::ExitCode;

use anyhow::Result;

use crate::build::AppBuild;
use crate::prerequisites::Toolset;
use crate::workspace::Workspace;

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [-- APP ARGS]  build Meshdesk and open it on the sandbox mesh (e.g. -- --data-dir DIR)
  build              install what is missing, then build the UI and the app
  ui                 build the UI only (wasm32, into ui/dist)
  test               build everything and run every test, the real window included
  bench [OPTIONS]    Meshdesk's figures at scale beside the baseline (release builds; see README)
                     --quick (tiny sizes) --runs N --latency-ms N --sandbox-only --tables N
                     --grants N --crawl-accounts N --crawl-databases N --crawl-tables N --crawl-columns N
  reliability        the crash, race, hostile-input and security tests, cargo deny and the
                     fuzz targets (MESHDESK_FUZZ_SECONDS each, default 20), with their figures
  help               print this message

Builds go to $CARGO_TARGET_DIR, or to ~/.cache/meshdesk/target when it is not set.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let outcome = match command {
        "run" => run(app_args(rest)),
        "build" => build_all().map(|()| ExitCode::SUCCESS),
        "ui" => Workspace::locate().and_then(|ws| build::ui(&ws)).map(|()| ExitCode::SUCCESS),
        "test" => suite::run(),
        "bench" => bench::run(rest).map(|()| ExitCode::SUCCESS),
        "reliability" => Workspace::locate().and_then(|ws| reliability::report(&ws)).map(|()| ExitCode::SUCCESS),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => {
            eprintln!("xtask: unknown command `{other}`\n\n{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("xtask: error: {error:#}");
        ExitCode::FAILURE
    })
}

/// What follows `run` goes to the app; a leading `--` only separates it.
fn app_args(rest: &[String]) -> &[String] {
    match rest.split_first() {
        Some((first, after)) if first == "--" => after,
        _ => rest,
    }
}

fn build_all() -> Result<()> {
    let ws = Workspace::locate()?;
    prerequisites::ensure(&ws, Toolset::App)?;
    build::ui(&ws)?;
    build::app(&ws, AppBuild::Alone)?;
    Ok(())
}

fn run(app_args: &[String]) -> Result<ExitCode> {
    // Checked before building: a headless machine should hear why at once, not after minutes.
    if !has_display() {
        eprintln!(
            "Meshdesk is a desktop app and no display was found (neither DISPLAY nor \
             WAYLAND_DISPLAY is set).\n\
             On a desktop session run it there; on a headless machine: xvfb-run -a cargo xtask run"
        );
        return Ok(ExitCode::FAILURE);
    }
    let ws = Workspace::locate()?;
    prerequisites::ensure(&ws, Toolset::App)?;
    build::ui(&ws)?;
    let app = build::app(&ws, AppBuild::Alone)?;
    workspace::step(&format!("opening Meshdesk: {}", app.display()));
    let status = workspace::status_of(ws.command(&app).args(app_args))?;
    Ok(workspace::exit_code(status))
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}
