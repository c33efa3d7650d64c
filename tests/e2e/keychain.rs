//! A private OS keychain for one window test: a D-Bus session bus of its own with a fresh
//! gnome-keyring "login" collection, unlocked before anything touches the Secret Service (the
//! recipe of `shared/notes/keyring.md`). The app gets its address, so the tokens of a test's
//! sign-in never reach the developer's keychain. `cargo xtask test` installs gnome-keyring and dbus.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};

#[derive(Debug)]
pub struct PrivateKeychain {
    bus_pid: u32,
    address: String,
    _dir: tempfile::TempDir,
}

impl PrivateKeychain {
    pub fn start() -> Result<PrivateKeychain> {
        for tool in ["dbus-daemon", "gnome-keyring-daemon", "dbus-send"] {
            let found = Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success());
            ensure!(found, "{tool} is not installed: the sign-in test keeps its tokens in a private Secret Service; `cargo xtask test` installs gnome-keyring and dbus");
        }
        let dir = tempfile::Builder::new().prefix("meshdesk-keychain-").tempdir().context("a directory for the keychain")?;
        let (home, run) = (dir.path().join("home"), dir.path().join("run"));
        std::fs::create_dir_all(&home).context("the keychain's HOME")?;
        std::fs::create_dir_all(&run).context("the keychain's XDG_RUNTIME_DIR")?;
        set_private(&run)?;
        let address = format!("unix:path={}", run.join("bus").display());
        let bus = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-pid=1", &format!("--address={address}")])
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .context("starting dbus-daemon")?;
        let pid = String::from_utf8_lossy(&bus.stdout).trim().parse::<u32>();
        let Ok(bus_pid) = pid else {
            bail!("dbus-daemon did not start: {}", String::from_utf8_lossy(&bus.stderr));
        };
        let keychain = PrivateKeychain { bus_pid, address, _dir: dir };
        // Unlock first (this creates the default "login" collection), then wait for its name.
        let script = r#"printf %s meshdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  i=$((i+1)); if [ "$i" -gt 100 ]; then echo "the Secret Service did not start" >&2; exit 1; fi; sleep 0.1
done"#;
        let status = Command::new("sh")
            .args(["-c", script])
            .env("DBUS_SESSION_BUS_ADDRESS", &keychain.address)
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &run)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .context("starting gnome-keyring-daemon")?;
        ensure!(status.success(), "the private Secret Service did not start ({status})");
        Ok(keychain)
    }

    /// What the app needs to use this keychain.
    pub fn env(&self) -> Vec<(OsString, Option<OsString>)> {
        vec![("DBUS_SESSION_BUS_ADDRESS".into(), Some(self.address.clone().into()))]
    }
}

impl Drop for PrivateKeychain {
    /// The keyring daemon exits with its bus.
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.bus_pid.to_string()]).status();
    }
}

#[cfg(unix)]
fn set_private(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).context("making XDG_RUNTIME_DIR private")
}

#[cfg(not(unix))]
fn set_private(_: &Path) -> Result<()> {
    Ok(())
}
