//! The window's command line (`--data-dir DIR`, `--help`) and the display check that turns a
//! headless start into a clear message instead of a GTK abort.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: meshdesk-app [--sandbox | --mesh FILE] [--data-dir DIR]

Opens the Meshdesk window: on the mesh of AWS accounts a mesh file names, or on the sandbox.

Options:
  --mesh FILE      the mesh file naming the hub and the domain accounts by AWS profile;
                   also MESHDESK_MESH_FILE. Default: ~/.config/meshdesk/mesh.toml when it exists
  --sandbox        open the built-in sandbox mesh even when a mesh file exists
  --data-dir DIR   where Meshdesk keeps its local state (the sandbox, the AWS catalog cache);
                   also MESHDESK_DATA_DIR. Default: the platform data directory,
                   e.g. ~/.local/share/meshdesk
  -h, --help       this text";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub data_dir: Option<PathBuf>,
    pub mesh: Option<PathBuf>,
    pub sandbox: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionsError {
    Help,
    MissingValue(&'static str),
    Unknown(String),
    Conflicting,
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::Help => f.write_str("help requested"),
            OptionsError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            OptionsError::Unknown(arg) => write!(f, "unknown argument '{arg}'"),
            OptionsError::Conflicting => f.write_str("--sandbox and --mesh choose different meshes: give one of them"),
        }
    }
}

impl std::error::Error for OptionsError {}

impl Options {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, OptionsError> {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-h" | "--help" => return Err(OptionsError::Help),
                "--sandbox" => options.sandbox = true,
                "--data-dir" => {
                    let dir = args.next().filter(|d| !d.is_empty()).ok_or(OptionsError::MissingValue("--data-dir"))?;
                    options.data_dir = Some(PathBuf::from(dir));
                }
                "--mesh" => {
                    let file = args.next().filter(|d| !d.is_empty()).ok_or(OptionsError::MissingValue("--mesh"))?;
                    options.mesh = Some(PathBuf::from(file));
                }
                other => {
                    if let Some(dir) = other.strip_prefix("--data-dir=") {
                        if dir.is_empty() {
                            return Err(OptionsError::MissingValue("--data-dir"));
                        }
                        options.data_dir = Some(PathBuf::from(dir));
                    } else if let Some(file) = other.strip_prefix("--mesh=") {
                        if file.is_empty() {
                            return Err(OptionsError::MissingValue("--mesh"));
                        }
                        options.mesh = Some(PathBuf::from(file));
                    } else {
                        return Err(OptionsError::Unknown(other.to_owned()));
                    }
                }
            }
        }
        if options.sandbox && options.mesh.is_some() {
            return Err(OptionsError::Conflicting);
        }
        Ok(options)
    }
}

/// On Linux and the BSDs a window needs an X11 or Wayland display; say so plainly when there is none.
pub fn missing_display() -> Option<String> {
    if !cfg!(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd")) {
        return None;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v: OsString| !v.is_empty());
    (!set("DISPLAY") && !set("WAYLAND_DISPLAY")).then(|| {
        "Meshdesk is a desktop app and no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set). \
         Run it in a desktop session, or on a headless machine under a virtual display: xvfb-run -a meshdesk-app"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, OptionsError> {
        Options::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn the_data_dir_can_be_given_either_way() {
        assert_eq!(parse(&["--data-dir", "/tmp/m"]).expect("ok").data_dir, Some(PathBuf::from("/tmp/m")));
        assert_eq!(parse(&["--data-dir=/tmp/m"]).expect("ok").data_dir, Some(PathBuf::from("/tmp/m")));
        assert_eq!(parse(&[]).expect("ok"), Options::default());
    }

    #[test]
    fn bad_arguments_are_named() {
        assert_eq!(parse(&["--data-dir"]), Err(OptionsError::MissingValue("--data-dir")));
        assert_eq!(parse(&["--data-dir="]), Err(OptionsError::MissingValue("--data-dir")));
        assert_eq!(parse(&["--verbose"]), Err(OptionsError::Unknown("--verbose".into())));
        assert_eq!(parse(&["-h"]), Err(OptionsError::Help));
        assert_eq!(parse(&["--mesh"]), Err(OptionsError::MissingValue("--mesh")));
        assert_eq!(parse(&["--sandbox", "--mesh", "m.toml"]), Err(OptionsError::Conflicting));
    }

    #[test]
    fn a_mesh_file_or_the_sandbox_can_be_chosen() {
        assert_eq!(parse(&["--mesh", "/etc/m.toml"]).expect("ok").mesh, Some(PathBuf::from("/etc/m.toml")));
        assert_eq!(parse(&["--mesh=/etc/m.toml"]).expect("ok").mesh, Some(PathBuf::from("/etc/m.toml")));
        assert!(parse(&["--sandbox"]).expect("ok").sandbox);
    }
}
