//! The moto emulator's process: `moto_server` on a free loopback port, stopped when dropped.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The path of the `moto_server` executable; `cargo xtask test` installs moto and sets it.
pub const SERVER_ENV: &str = "MESHDESK_MOTO_SERVER";

/// What to say when `MESHDESK_MOTO_SERVER` is not set.
pub const NOT_SET: &str = "MESHDESK_MOTO_SERVER is not set: these tests run the AWS backend against the moto emulator.\n\
     Run them through `cargo xtask test`, which installs moto and sets it, or set MESHDESK_MOTO_SERVER\n\
     to the path of a `moto_server` executable (e.g. from `pip install 'moto[server]==5.2.5'`).";

/// The executable `MESHDESK_MOTO_SERVER` names, if set.
pub fn server_from_env() -> Option<PathBuf> {
    std::env::var_os(SERVER_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Why moto could not be started: which step failed, and what moto or the system said.
#[derive(Debug)]
pub enum MotoError {
    /// A temporary directory for moto's log, or the log file in it, could not be made.
    Log(io::Error),
    /// The executable could not be started (not there, not executable).
    Spawn { server: PathBuf, error: io::Error },
    /// `moto_server` exited before it answered; `log` is what it wrote.
    Exited { status: ExitStatus, log: String },
    /// `moto_server` runs but did not answer HTTP on `port` within a minute.
    NoAnswer { port: u16 },
}

impl fmt::Display for MotoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MotoError::Log(error) => write!(f, "cannot make moto's log: {error}"),
            MotoError::Spawn { server, error } => write!(f, "cannot start {}: {error}", server.display()),
            MotoError::Exited { status, log } => write!(f, "moto_server exited ({status}) before answering:\n{log}"),
            MotoError::NoAnswer { port } => write!(f, "moto_server did not answer on port {port} within a minute"),
        }
    }
}

impl std::error::Error for MotoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MotoError::Log(error) | MotoError::Spawn { error, .. } => Some(error),
            MotoError::Exited { .. } | MotoError::NoAnswer { .. } => None,
        }
    }
}

/// A running `moto_server`; killed when dropped.
pub struct Moto {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Moto {
    /// Starts `server` on a free port and waits until it answers HTTP (at most a minute).
    pub fn start(server: &Path) -> Result<Moto, MotoError> {
        let dir = tempfile::tempdir().map_err(MotoError::Log)?;
        let log = dir.path().join("moto.log");
        let file = std::fs::File::create(&log).map_err(MotoError::Log)?;
        let port = crate::free_port();
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(file.try_clone().map_err(MotoError::Log)?)
            .stderr(file)
            .spawn()
            .map_err(|error| MotoError::Spawn { server: server.to_owned(), error })?;
        let mut moto = Moto { child, port, log, _dir: dir };
        moto.wait_until_up()?;
        Ok(moto)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> &Path {
        &self.log
    }

    fn wait_until_up(&mut self) -> Result<(), MotoError> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                return Err(MotoError::Exited { status, log });
            }
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let request = format!("GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\r\n", self.port);
                let mut answer = [0u8; 12];
                if stream.write_all(request.as_bytes()).is_ok()
                    && stream.read_exact(&mut answer).is_ok()
                    && answer.starts_with(b"HTTP/1.")
                {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(MotoError::NoAnswer { port: self.port })
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
#[path = "moto_tests.rs"]
mod tests;
