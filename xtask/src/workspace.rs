//! Where the clone and the target directory are, and how every child process is started.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus};

use anyhow::{Context, Result, bail};

/// The clone xtask runs in, the target directory all builds share, and the tools to call.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub target_dir: PathBuf,
    cargo: OsString,
    /// `PATH` with cargo's bin directory appended, so freshly installed tools are found.
    path: OsString,
}

impl Workspace {
    pub fn locate() -> Result<Workspace> {
        // `cargo run` sets CARGO_MANIFEST_DIR at run time too; the compile-time value is
        // the fallback for a binary started by hand.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir.parent().context("xtask's manifest directory has no parent")?.to_path_buf();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
            Some(dir) => std::env::current_dir().context("reading the current directory")?.join(dir),
            None => match &home {
                Some(home) => home.join(".cache/meshdesk/target"),
                None => bail!("neither CARGO_TARGET_DIR nor HOME is set: set CARGO_TARGET_DIR"),
            },
        };
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| home.map(|home| home.join(".cargo")))
            .map(|cargo_home| cargo_home.join("bin"));
        let path = search_path(std::env::var_os("PATH").unwrap_or_default(), cargo_bin)?;
        Ok(Workspace { root, target_dir, cargo, path })
    }

    /// A command run in the clone's root with the shared target directory and the full `PATH`.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path).env("CARGO_TARGET_DIR", &self.target_dir);
        command
    }

    pub fn cargo(&self) -> Command {
        self.command(&self.cargo)
    }

    /// The cargo that started xtask, for commands that wrap it (`xvfb-run cargo ...`).
    pub fn cargo_program(&self) -> &OsStr {
        &self.cargo
    }

    pub fn app_binary(&self) -> PathBuf {
        self.target_dir.join("debug").join("meshdesk-app")
    }
}

fn search_path(path: OsString, cargo_bin: Option<PathBuf>) -> Result<OsString> {
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if let Some(cargo_bin) = cargo_bin.filter(|bin| !dirs.contains(bin)) {
        dirs.push(cargo_bin);
    }
    std::env::join_paths(dirs).context("PATH contains a directory with a `:` in its name")
}

/// Prints one progress line.
pub fn step(message: &str) {
    println!("xtask: {message}");
}

/// Runs a command to completion, failing with its command line when it does not succeed.
pub fn run(command: &mut Command) -> Result<()> {
    let status = status_of(command)?;
    if !status.success() {
        bail!("`{}` failed ({status})", command_line(command));
    }
    Ok(())
}

/// Runs a command to completion and returns how it ended.
pub fn status_of(command: &mut Command) -> Result<ExitStatus> {
    println!("$ {}", command_line(command));
    command.status().with_context(|| format!("could not start `{}`", command.get_program().to_string_lossy()))
}

/// Runs a command and returns its standard output, or `None` when it cannot be started.
pub fn output_of(command: &mut Command) -> Option<std::process::Output> {
    command.output().ok()
}

/// The exit code of a child, with a signal mapped to 128 + its number as shells do.
pub fn exit_code(status: ExitStatus) -> ExitCode {
    use std::os::unix::process::ExitStatusExt;
    let code = status.code().or_else(|| status.signal().map(|signal| 128 + signal)).unwrap_or(1);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn command_line(command: &Command) -> String {
    let program = Path::new(command.get_program());
    // Absolute paths of our own binaries stay; cargo's long toolchain path is noise.
    let shown = match program.file_name() {
        Some(name) if name == "cargo" => name.to_string_lossy(),
        _ => program.as_os_str().to_string_lossy(),
    };
    std::iter::once(shown.into_owned())
        .chain(command.get_args().map(|arg| {
            let arg = arg.to_string_lossy();
            if arg.contains(' ') { format!("\"{arg}\"") } else { arg.into_owned() }
        }))
        .collect::<Vec<_>>()
        .join(" ")
}
