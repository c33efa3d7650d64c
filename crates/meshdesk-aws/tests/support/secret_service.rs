//! A private Secret Service for tests (the recipe of `shared/notes/keyring.md`): a D-Bus
//! session of its own with a throwaway HOME and XDG_RUNTIME_DIR, a gnome-keyring "login"
//! collection unlocked before anything touches the Secret Service, and a wait until
//! `org.freedesktop.secrets` has an owner. Shared by the `keychain` and `moto` test binaries.

use std::path::Path;
use std::process::Command;

/// Runs inside `dbus-run-session -- sh -c SCRIPT sh CMD...`: unlocks (which creates the default
/// "login" collection), waits for the service's name, then runs CMD.
pub const UNLOCK_THEN_RUN: &str = r#"printf %s meshdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  i=$((i+1)); if [ "$i" -gt 100 ]; then echo "the Secret Service did not start" >&2; exit 1; fi; sleep 0.1
done
exec "$@""#;

/// The first tool the recipe needs that is not installed, with what to do about it.
pub fn missing_tool() -> Option<String> {
    ["dbus-run-session", "gnome-keyring-daemon", "dbus-send", "secret-tool"]
        .into_iter()
        .find(|tool| !Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success()))
        .map(|tool| {
            format!(
                "{tool} is not installed: these tests use the real Secret Service.\n\
                 Run them through `cargo xtask test`, which installs gnome-keyring, libsecret-tools and dbus,\n\
                 or install those packages."
            )
        })
}

/// `dbus-run-session` running `program` inside a private, unlocked Secret Service whose files
/// live under `home` (HOME, XDG_DATA_HOME, XDG_CONFIG_HOME) and `run` (XDG_RUNTIME_DIR).
pub fn private_session(home: &Path, run: &Path) -> Command {
    std::fs::create_dir_all(home).expect("HOME");
    std::fs::create_dir_all(run).expect("XDG_RUNTIME_DIR");
    set_private(run);
    let mut command = Command::new("dbus-run-session");
    command
        .args(["--", "sh", "-c", UNLOCK_THEN_RUN, "sh"])
        .env_remove("DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", run)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"));
    command
}

#[cfg(unix)]
fn set_private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).expect("mode 700");
}

#[cfg(not(unix))]
fn set_private(_: &Path) {}
