//! The moto emulator's process: `moto_server` on a free loopback port, stopped when dropped.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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

/// A running `moto_server`; killed when dropped.
pub struct Moto {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Moto {
    /// Starts `server` on a free port and waits until it answers HTTP (at most a minute).
    pub fn start(server: &Path) -> Result<Moto, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("a directory for moto's log: {e}"))?;
        let log = dir.path().join("moto.log");
        let file = std::fs::File::create(&log).map_err(|e| format!("moto's log: {e}"))?;
        let port = crate::free_port();
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(file.try_clone().map_err(|e| format!("moto's log: {e}"))?)
            .stderr(file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", server.display()))?;
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

    fn wait_until_up(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                let output = std::fs::read_to_string(&self.log).unwrap_or_default();
                return Err(format!("moto_server exited ({status}) before answering:\n{output}"));
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
        Err(format!("moto_server did not answer on port {} within a minute", self.port))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
