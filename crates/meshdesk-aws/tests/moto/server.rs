//! The supervisor: starts one moto server on a free loopback port, writes the AWS config the
//! tests use, runs this binary again as the test runner with the AWS environment pointing at
//! them, and stops the server whatever happened.
//!
//! The environment is given to a child process because the 2024 edition makes changing the
//! environment of a running process `unsafe`, which the workspace forbids; a child also keeps the
//! developer's own AWS variables (`AWS_PROFILE`, keys, region) out of the tests.

use std::fmt::Write as _;
use std::process::{Command, ExitCode};

use meshdesk_testkit::free_port;
use meshdesk_testkit::moto::{self, Moto};

use crate::fixture::{REGION, SLOTS, account, profiles};

/// Set in the child: the emulator's endpoint. Its presence means "run the tests".
pub const ENDPOINT_ENV: &str = "MESHDESK_MOTO_ENDPOINT";

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
    let Some(server) = moto::server_from_env() else {
        eprintln!("{}", moto::NOT_SET);
        return ExitCode::FAILURE;
    };
    let moto = Moto::start(&server).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("a temporary directory");

    let endpoint = moto.endpoint();
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
    for name in meshdesk_testkit::CLEARED {
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
    if status.success() {
        ExitCode::SUCCESS
    } else {
        // Keep the log for a look after a failure.
        let kept = std::env::temp_dir().join(format!("meshdesk-moto-{}.log", endpoint.rsplit(':').next().unwrap_or("0")));
        let _ = std::fs::copy(moto.log(), &kept);
        eprintln!("moto's log: kept as {}", kept.display());
        ExitCode::FAILURE
    }
}
