//! Builds the UI to wasm (into `ui/dist`, which the app embeds) and then the desktop app.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::workspace::{self, Workspace, step};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Files served next to the generated JavaScript and wasm.
const UI_STATIC_FILES: &[&str] = &["index.html", "style.css", "main.js"];

/// Builds the Leptos UI and writes the page the app embeds into `ui/dist`.
///
/// wasm-opt is never run: Debian's binaryen silently breaks the Leptos module.
pub fn ui(ws: &Workspace) -> Result<()> {
    step("building the UI (wasm32, release)");
    workspace::run(ws.cargo().args(["build", "-p", "meshdesk-ui", "--target", WASM_TARGET, "--release"]))?;
    let wasm = ws.target_dir.join(WASM_TARGET).join("release").join("meshdesk_ui.wasm");
    if !wasm.is_file() {
        bail!("the UI build did not produce {}", wasm.display());
    }
    let ui = ws.root.join("ui");
    let dist = ui.join("dist");
    std::fs::create_dir_all(&dist).with_context(|| format!("creating {}", dist.display()))?;
    workspace::run(
        ws.command("wasm-bindgen").args(["--target", "web", "--no-typescript", "--out-dir"]).arg(&dist).arg(&wasm),
    )?;
    for file in UI_STATIC_FILES {
        let from = ui.join(file);
        std::fs::copy(&from, dist.join(file))
            .with_context(|| format!("copying {} into {}", from.display(), dist.display()))?;
    }
    step(&format!("UI ready in {}", dist.display()));
    Ok(())
}

/// Which cargo invocation builds the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppBuild {
    /// The app and what it needs: the quickest way to a window.
    Alone,
    /// The app with every target of the workspace but the end-to-end tests, in the feature
    /// resolution `cargo test --workspace --exclude meshdesk-tests` uses. Built alone, the app's
    /// dependencies resolve differently (the UI's macros turn on proc-macro2 features, for one)
    /// and that test run would compile the whole Tauri stack a second time.
    WithWorkspaceTests,
}

/// Builds the desktop app (debug) and returns the path of its binary.
pub fn app(ws: &Workspace, build: AppBuild) -> Result<PathBuf> {
    let mut cargo = ws.cargo();
    match build {
        AppBuild::Alone => {
            step("building the app");
            cargo.args(["build", "-p", "meshdesk-app"]);
        }
        AppBuild::WithWorkspaceTests => {
            step("building the app with the workspace's tests");
            cargo.args(["build", "--workspace", "--exclude", "meshdesk-tests", "--all-targets"]);
        }
    }
    workspace::run(&mut cargo)?;
    let binary = ws.app_binary();
    if !binary.is_file() {
        bail!("the app build did not produce {}", binary.display());
    }
    Ok(binary)
}
