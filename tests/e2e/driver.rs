//! The tauri-driver process: started on free ports, stopped with SIGTERM so that it takes
//! WebKitWebDriver (and the app) down with it.

use std::ffi::OsString;
use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

/// How long tauri-driver, WebKitWebDriver and the app get to come up.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long tauri-driver gets to stop its children after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct TauriDriver {
    child: Child,
    port: u16,
    pub log: PathBuf,
}

impl TauriDriver {
    /// Starts tauri-driver; the app it launches reads its state from `data_dir` and gets `env`
    /// besides the test's own environment (less the variables `env` names with no value).
    pub fn start(data_dir: &Path, log: PathBuf, env: &[(OsString, Option<OsString>)]) -> Result<TauriDriver> {
        let (port, native_port) = two_free_ports()?;
        let log_file = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let mut command = Command::new("tauri-driver");
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let child = command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("MESHDESK_DATA_DIR", data_dir)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .context(
                "could not start tauri-driver: `cargo xtask test` installs it \
                 (cargo install tauri-driver --version 2.1.0 --locked)",
            )?;
        Ok(TauriDriver { child, port, log })
    }

    /// Opens a WebDriver session on the app started with `args`, retrying until the driver answers.
    pub async fn connect(&mut self, app: &Path, args: &[String]) -> Result<Client> {
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be a JSON object");
        };
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("tauri-driver exited ({status}) before the window opened; see {}", self.log.display());
            }
            let attempt =
                ClientBuilder::new(HttpConnector::new()).capabilities(capabilities.clone()).connect(&url).await;
            match attempt {
                Ok(client) => return Ok(client),
                Err(error) if Instant::now() >= deadline => {
                    bail!(
                        "no WebDriver session on {url} after {} s: {error}; see {}",
                        START_TIMEOUT.as_secs(),
                        self.log.display()
                    )
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
    }

    /// Sends SIGTERM and waits: SIGKILL would leave WebKitWebDriver holding its port.
    pub fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let terminated = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|status| status.success());
        let deadline = Instant::now() + STOP_TIMEOUT;
        while terminated && Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // Only when SIGTERM could not stop it: a stuck driver must not hang the test run.
        eprintln!("tauri-driver did not stop within {} s of SIGTERM; killing it", STOP_TIMEOUT.as_secs());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Two distinct ports nobody listens on: both are held while the second is chosen.
fn two_free_ports() -> Result<(u16, u16)> {
    let first = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    let second = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}
