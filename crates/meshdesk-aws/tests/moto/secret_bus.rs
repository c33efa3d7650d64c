//! A private Secret Service kept up while a test runs `meshdesk` processes that sign in: the
//! OS keychain they keep the Identity Center session in. Stopped when dropped (or when the test
//! process dies): the bus's last command reads the pipe the test holds.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../support/secret_service.rs"]
mod secret_service;

pub struct SecretBus {
    child: Child,
    /// Closing it ends the bus (its last command is `cat`).
    hold: Option<ChildStdin>,
    address: String,
    /// HOME of every process on the bus; the keyring's files are under it.
    pub home: PathBuf,
    run: PathBuf,
}

impl SecretBus {
    /// Starts the bus and an unlocked keyring with their files under `dir`.
    pub fn start(dir: &Path) -> SecretBus {
        if let Some(missing) = secret_service::missing_tool() {
            panic!("{missing}");
        }
        let (home, run, address_file) = (dir.join("home"), dir.join("run"), dir.join("bus-address"));
        let mut child = secret_service::private_session(&home, &run)
            .args(["sh", "-c", "printf %s \"$DBUS_SESSION_BUS_ADDRESS\" > \"$0\"; exec cat >/dev/null"])
            .arg(&address_file)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("bus.log")).expect("the bus's log"))
            .spawn()
            .expect("dbus-run-session starts");
        let hold = child.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(30);
        let address = loop {
            match std::fs::read_to_string(&address_file) {
                Ok(address) if !address.is_empty() => break address,
                _ => {}
            }
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(dir.join("bus.log")).unwrap_or_default();
                panic!("the private Secret Service did not start ({status}):\n{log}");
            }
            assert!(Instant::now() < deadline, "the private Secret Service did not start within 30 s");
            std::thread::sleep(Duration::from_millis(50));
        };
        SecretBus { child, hold, address, home, run }
    }

    /// Puts `command` on this bus, with its HOME.
    pub fn apply<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", &self.home)
            .env("XDG_RUNTIME_DIR", &self.run)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env_remove("DISPLAY")
    }

    /// What `secret-tool` finds in the keychain for Meshdesk's entry of `start_url`.
    pub fn lookup(&self, start_url: &str) -> Option<String> {
        let out = self
            .apply(&mut Command::new("secret-tool"))
            .args(["lookup", "service", meshdesk_aws::sso::KEYCHAIN_SERVICE, "username", start_url])
            .output()
            .expect("secret-tool runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.success() && !text.is_empty()).then_some(text)
    }
}

impl Drop for SecretBus {
    fn drop(&mut self) {
        drop(self.hold.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
