//! Identity Center sessions in the real Secret Service: stored, read back, opened and deleted
//! by sign-out through `keyring`, checked from outside with `secret-tool`.
//!
//! `main` first acts as the supervisor: it starts a private D-Bus session (`dbus-run-session`)
//! with a throwaway HOME and XDG_RUNTIME_DIR, unlocks a fresh gnome-keyring "login" collection
//! before anything touches the Secret Service, waits until `org.freedesktop.secrets` has an
//! owner, and runs this binary again inside it (the recipe of `shared/notes/keyring.md`).
//! `cargo xtask test` installs gnome-keyring, libsecret-tools and dbus.

#[path = "../support/secret_service.rs"]
mod secret_service;

use std::process::{Command, ExitCode};
use std::sync::Arc;

use meshdesk_aws::sso::{KEYCHAIN_SERVICE, Keychain, Registration, Secret, SsoConfig, SsoError, SsoSession, StoredSession, TokenStore, sign_out};

/// Set inside the prepared bus: run the tests.
const INNER_ENV: &str = "MESHDESK_KEYCHAIN_TESTS";

const TESTS: &[(&str, fn())] = &[
    ("a_session_is_stored_read_back_and_deleted", a_session_is_stored_read_back_and_deleted),
    ("signing_out_removes_everything_from_the_keychain", signing_out_removes_everything_from_the_keychain),
    ("a_stored_session_opens_and_an_ended_one_asks_to_sign_in_again", a_stored_session_opens_and_an_ended_one_asks_to_sign_in_again),
];

fn main() -> ExitCode {
    if std::env::var_os(INNER_ENV).is_some() { run() } else { supervise() }
}

fn supervise() -> ExitCode {
    if let Some(missing) = secret_service::missing_tool() {
        eprintln!("{missing}");
        return ExitCode::FAILURE;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let home = dir.path().join("home");
    let exe = std::env::current_exe().expect("this test binary");
    let status = secret_service::private_session(&home, &dir.path().join("run"))
        .arg(exe)
        .args(std::env::args_os().skip(1))
        // Sign-out tells the portal; here nothing listens, so it fails fast and is ignored.
        .env("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env(INNER_ENV, "1")
        .status()
        .expect("dbus-run-session starts");
    if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn run() -> ExitCode {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let chosen: Vec<_> = TESTS.iter().filter(|(n, _)| filters.is_empty() || filters.iter().any(|f| n.contains(f.as_str()))).collect();
    println!("\nrunning {} tests", chosen.len());
    let mut failed = 0;
    for (name, test) in chosen.iter().copied() {
        let ok = std::panic::catch_unwind(test).is_ok();
        println!("test {name} ... {}", if ok { "ok" } else { "FAILED" });
        failed += usize::from(!ok);
    }
    println!("\ntest result: {}. {} passed; {failed} failed", if failed == 0 { "ok" } else { "FAILED" }, chosen.len() - failed);
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn session(start_url: &str, expires_at: i64, refresh: bool) -> StoredSession {
    StoredSession {
        start_url: start_url.to_owned(),
        region: "eu-west-1".to_owned(),
        access_token: Secret::new(format!("accesstoken-{start_url}")),
        expires_at,
        refresh_token: refresh.then(|| Secret::new("refreshtoken-7c1e")),
        registration: Registration { client_id: "client-1".to_owned(), client_secret: Secret::new("clientsecret-9d2a"), expires_at: now() + 86_400 },
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// What `secret-tool` finds for the start URL: the stored secret, if any.
fn secret_tool(start_url: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", KEYCHAIN_SERVICE, "username", start_url])
        .output()
        .expect("secret-tool runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime")
}

fn a_session_is_stored_read_back_and_deleted() {
    let url = "https://d-store.awsapps.com/start";
    let stored = session(url, now() + 3600, true);
    assert_eq!(Keychain.load(url).expect("the keychain answers"), None);
    Keychain.save(&stored).expect("saved");
    assert_eq!(Keychain.load(url).expect("read back"), Some(stored.clone()));
    let seen = secret_tool(url).expect("the Secret Service holds the entry");
    assert!(seen.contains("accesstoken-") && seen.contains("refreshtoken-7c1e") && seen.contains("clientsecret-9d2a"), "token, refresh token and registration are kept");
    let renewed = StoredSession { access_token: Secret::new("accesstoken-renewed"), ..stored };
    Keychain.save(&renewed).expect("saved again");
    assert_eq!(Keychain.load(url).expect("read back").map(|s| s.access_token), Some(Secret::new("accesstoken-renewed")), "a save replaces");
    Keychain.delete(url).expect("deleted");
    assert_eq!(Keychain.load(url).expect("read"), None);
    assert_eq!(secret_tool(url), None, "gone from the Secret Service");
    Keychain.delete(url).expect("deleting what is not there is fine");
}

fn signing_out_removes_everything_from_the_keychain() {
    let url = "https://d-signout.awsapps.com/start";
    Keychain.save(&session(url, now() + 3600, true)).expect("saved");
    let rt = runtime();
    let http = meshdesk_aws::clients::https_client();
    let had = rt.block_on(sign_out(url, Arc::new(Keychain), http.clone())).expect("signed out");
    assert!(had);
    assert_eq!(secret_tool(url), None, "nothing of the session is left in the keychain");
    assert!(!rt.block_on(sign_out(url, Arc::new(Keychain), http)).expect("signed out again"), "a second sign-out finds nothing");
}

fn a_stored_session_opens_and_an_ended_one_asks_to_sign_in_again() {
    let rt = runtime();
    let http = meshdesk_aws::clients::https_client();
    let url = "https://d-open.awsapps.com/start";
    let expires = now() + 3600;
    Keychain.save(&session(url, expires, true)).expect("saved");
    let config = SsoConfig::new(url, "eu-west-1").expect("valid");
    // Inside an async task on a tokio runtime: the keychain calls run off the workers.
    let opened = rt.block_on(SsoSession::open(&config, Arc::new(Keychain), http.clone())).expect("the kept session opens");
    assert_eq!(rt.block_on(opened.expires_at()), expires);

    let ended = "https://d-ended.awsapps.com/start";
    Keychain.save(&session(ended, now() - 10, false)).expect("saved");
    let config = SsoConfig::new(ended, "eu-west-1").expect("valid");
    let error = rt.block_on(SsoSession::open(&config, Arc::new(Keychain), http.clone())).expect_err("ended");
    assert!(matches!(error, SsoError::SessionEnded { .. }), "{error:?}");

    let never = SsoConfig::new("https://d-never.awsapps.com/start", "eu-west-1").expect("valid");
    let error = rt.block_on(SsoSession::open(&never, Arc::new(Keychain), http)).expect_err("not signed in");
    assert!(error.to_string().starts_with("not signed in to https://d-never.awsapps.com/start: sign in first"), "{error}");
    Keychain.delete(url).expect("cleaned up");
    Keychain.delete(ended).expect("cleaned up");
}
