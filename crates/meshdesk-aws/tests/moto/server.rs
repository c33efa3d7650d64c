//! The supervisor: starts one moto server on a free loopback port, writes the AWS config the
//! tests use, runs this binary again as the test runner with the AWS environment pointing at
//! them, and stops the server whatever happened.
//!
//! The environment is given to a child process because the 2024 edition makes changing the
//! environment of a running process `unsafe`, which the workspace forbids; a child also keeps the
//! developer's own AWS variables (`AWS_PROFILE`, keys, region) out of the tests.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::{REGION, SLOTS, account, profiles};

/// The path of the `moto_server` executable; `cargo xtask test` installs moto and sets it.
pub const SERVER_ENV: &str = "MESHDESK_MOTO_SERVER";
/// Set in the child: the emulator's endpoint. Its presence means "run the tests".
pub const ENDPOINT_ENV: &str = "MESHDESK_MOTO_ENDPOINT";

/// Variables of the developer's shell that would change which credentials or region the SDK uses.
const CLEARED: [&str; 9] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ROLE_ARN",
];

/// A port nothing listens on: bound, then released.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until the server answers HTTP on `port`.
fn wait_until_up(port: u16, server: &mut Child, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = server.try_wait() {
            let output = std::fs::read_to_string(log).unwrap_or_default();
            panic!("moto_server exited ({status}) before answering:\n{output}");
        }
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let request = format!("GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
            let mut answer = [0u8; 12];
            if stream.write_all(request.as_bytes()).is_ok()
                && stream.read_exact(&mut answer).is_ok()
                && answer.starts_with(b"HTTP/1.")
            {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("moto_server did not answer on port {port} within a minute");
}

/// The AWS config of the tests: a base profile with static keys, then for every slot the hub as
/// each person and the domain accounts, all by `role_arn` + `source_profile` — moto's STS
/// AssumeRole makes the credentials act as that account — and one profile whose endpoint is a
/// closed port. The stand-ins for what moto lacks are reached through one `[services]` section,
/// as a user's config would redirect them: RAM at `ram`'s stand-in, Identity Center's own
/// endpoints (OIDC and the portal) at the test double; the default profile — what Identity
/// Center's clients and the accounts signed in through it load — uses it too.
fn config(endpoint: &str, closed: &str, ram: &str, sso_double: u16) -> String {
    let mut text = format!("[default]\nregion = {REGION}\nendpoint_url = {endpoint}\nservices = stand-ins\n\n");
    text.push_str(&slot_profiles("", endpoint));
    let _ = write!(
        text,
        "[services stand-ins]\nram =\n  endpoint_url = {ram}\nsso-oidc =\n  endpoint_url = http://127.0.0.1:{sso_double}\n\
         sso =\n  endpoint_url = http://127.0.0.1:{sso_double}\n\n"
    );
    let _ = write!(
        text,
        "[profile broken]\naws_access_key_id = meshdesk-test\naws_secret_access_key = meshdesk-test\nregion = {REGION}\nendpoint_url = {closed}\n"
    );
    text
}

/// The base profile (static keys) and every slot's profiles, their names prefixed with `prefix`,
/// their calls going to `endpoint`.
pub fn slot_profiles(prefix: &str, endpoint: &str) -> String {
    let mut text = format!(
        "[profile {prefix}base]\naws_access_key_id = meshdesk-test\naws_secret_access_key = meshdesk-test\nregion = {REGION}\nendpoint_url = {endpoint}\n\n"
    );
    for slot in 1..=SLOTS {
        for p in profiles(slot) {
            let _ = write!(
                text,
                "[profile {prefix}{}]\nrole_arn = arn:aws:iam::{}:role/{}\nrole_session_name = {}\nsource_profile = {prefix}base\nregion = {REGION}\nendpoint_url = {endpoint}\nservices = stand-ins\n\n",
                p.name,
                account(slot, p.account),
                p.role,
                p.session
            );
        }
    }
    text
}

pub fn supervise() -> ExitCode {
    let Some(moto) = std::env::var_os(SERVER_ENV).filter(|v| !v.is_empty()) else {
        eprintln!(
            "{SERVER_ENV} is not set: these tests run the AWS backend against the moto emulator.\n\
             Run them through `cargo xtask test`, which installs moto and sets it, or set {SERVER_ENV}\n\
             to the path of a `moto_server` executable (e.g. from `pip install 'moto[server]==5.2.5'`)."
        );
        return ExitCode::FAILURE;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let log_path = dir.path().join("moto.log");
    let log = std::fs::File::create(&log_path).expect("the server log");
    let port = free_port();
    let child = Command::new(&moto)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("the log, twice"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", Path::new(&moto).display()));
    let mut server = Server(child);
    wait_until_up(port, &mut server.0, &log_path);

    let endpoint = format!("http://127.0.0.1:{port}");
    let closed = format!("http://127.0.0.1:{}", free_port());
    let sso_double = free_port();
    let config_file = dir.path().join("config");
    let credentials_file = dir.path().join("credentials");
    let ram = crate::ram::start();
    // The fault tests' proxy listens here; their `via-proxy-*` profiles send calls to it.
    let fault_proxy = free_port();
    let text = config(&endpoint, &closed, &ram, sso_double) + &crate::faults::profiles_through_proxy(fault_proxy);
    std::fs::write(&config_file, text).expect("the AWS config");
    std::fs::write(&credentials_file, "").expect("the AWS credentials");

    let exe = std::env::current_exe().expect("this test binary");
    let mut runner = Command::new(exe);
    runner.args(std::env::args_os().skip(1));
    for name in CLEARED {
        runner.env_remove(name);
    }
    let status = runner
        .env(ENDPOINT_ENV, &endpoint)
        .env(crate::sso_double::PORT_ENV, sso_double.to_string())
        .env(crate::faults::PORT_ENV, fault_proxy.to_string())
        .env("AWS_CONFIG_FILE", &config_file)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials_file)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .status()
        .expect("the test runner starts");
    drop(server);
    if status.success() {
        ExitCode::SUCCESS
    } else {
        eprintln!("moto's log: {}", log_path.display());
        // Keep the log for a look after a failure.
        let kept = std::env::temp_dir().join(format!("meshdesk-moto-{port}.log"));
        let _ = std::fs::copy(&log_path, &kept);
        eprintln!("kept as {}", kept.display());
        ExitCode::FAILURE
    }
}
