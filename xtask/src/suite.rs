//! `cargo xtask test`: every test of the workspace, then the real window under Xvfb.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::build::{self, AppBuild};
use crate::prerequisites::{self, Toolset};
use crate::reliability;
use crate::workspace::{self, Workspace};

/// The stages run so far and the first failure, after which the rest are skipped.
#[derive(Debug, Default)]
struct Suite {
    stages: Vec<(&'static str, Outcome)>,
    failure: Option<anyhow::Error>,
}

#[derive(Debug)]
enum Outcome {
    Passed(Duration),
    Failed(Duration),
    Skipped,
}

impl Suite {
    fn stage(&mut self, name: &'static str, body: impl FnOnce() -> Result<()>) {
        if self.failure.is_some() {
            self.stages.push((name, Outcome::Skipped));
            return;
        }
        workspace::step(&format!("── {name} ──"));
        let started = Instant::now();
        let result = body();
        let elapsed = started.elapsed();
        match result {
            Ok(()) => self.stages.push((name, Outcome::Passed(elapsed))),
            Err(error) => {
                self.stages.push((name, Outcome::Failed(elapsed)));
                self.failure = Some(error);
            }
        }
    }

    fn finish(self) -> ExitCode {
        println!("\nxtask test summary");
        let mut total = Duration::ZERO;
        for (name, outcome) in &self.stages {
            let (word, time) = match outcome {
                Outcome::Passed(elapsed) => ("ok", seconds(*elapsed)),
                Outcome::Failed(elapsed) => ("FAILED", seconds(*elapsed)),
                Outcome::Skipped => ("skipped", String::new()),
            };
            if let Outcome::Passed(elapsed) | Outcome::Failed(elapsed) = outcome {
                total += *elapsed;
            }
            println!("  {word:<8} {name:<36} {time:>8}");
        }
        println!("  {:<8} {:<36} {:>8}", "", "total", seconds(total));
        match self.failure {
            Some(error) => {
                eprintln!("xtask: error: {error:#}");
                ExitCode::FAILURE
            }
            None => ExitCode::SUCCESS,
        }
    }
}

pub fn run() -> Result<ExitCode> {
    let ws = Workspace::locate()?;
    let mut suite = Suite::default();
    suite.stage("prerequisites", || prerequisites::ensure(&ws, Toolset::Tests));
    suite.stage("UI build (wasm32)", || build::ui(&ws));
    suite.stage("app and test builds", || build::app(&ws, AppBuild::WithWorkspaceTests).map(drop));
    suite.stage("unit, property and contract tests", || workspace_tests(&ws));
    suite.stage("dependency check (cargo deny)", || reliability::deny(&ws));
    suite.stage("fuzz targets (bounded time)", || reliability::fuzz(&ws, false).map(drop));
    suite.stage("end-to-end window tests (Xvfb)", || window_tests(&ws));
    // A tiny bench on the debug builds above, so the bench cannot rot; its figures mean nothing.
    suite.stage("bench smoke run (tiny, debug)", || crate::bench::run(&["--quick".to_owned()]));
    Ok(suite.finish())
}

fn workspace_tests(ws: &Workspace) -> Result<()> {
    // The AWS backend's tests start their own emulator from this program, on a free port.
    workspace::run(
        ws.cargo()
            .args(["test", "--workspace", "--exclude", "meshdesk-tests"])
            .env("MESHDESK_MOTO_SERVER", prerequisites::moto_server(ws))
            // The command line's tests on the AWS mesh run the binary this build made.
            .env("MESHDESK_CLI_BIN", ws.target_dir.join("debug").join("meshdesk")),
    )
}

fn window_tests(ws: &Workspace) -> Result<()> {
    let screenshots = ws.root.join("target").join("screenshots");
    // Screenshots of an earlier run would pass for this run's.
    if screenshots.exists() {
        std::fs::remove_dir_all(&screenshots).with_context(|| format!("clearing {}", screenshots.display()))?;
    }
    std::fs::create_dir_all(&screenshots).with_context(|| format!("creating {}", screenshots.display()))?;
    let mut tests = ws.command("xvfb-run");
    tests
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(ws.cargo_program())
        .args(["test", "-p", "meshdesk-tests"])
        .env("MESHDESK_APP_BIN", ws.app_binary())
        .env("MESHDESK_SCREENSHOT_DIR", &screenshots)
        // The sign-in test runs the window on an emulated AWS mesh, whose hub `meshdesk setup` makes.
        .env("MESHDESK_MOTO_SERVER", prerequisites::moto_server(ws))
        .env("MESHDESK_CLI_BIN", ws.target_dir.join("debug").join("meshdesk"));
    // A failed step is explained by its message and screenshot; anyhow's backtrace of the test
    // harness (captured whenever RUST_BACKTRACE is set) would bury both.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        tests.env("RUST_LIB_BACKTRACE", "0");
    }
    let result = workspace::run(&mut tests);
    workspace::step(&format!("screenshots: {}", screenshots.display()));
    result
}

fn seconds(elapsed: Duration) -> String {
    format!("{:.1} s", elapsed.as_secs_f64())
}
