//! Identity Center through the `meshdesk` command, as people already signed in with the AWS CLI
//! and people signing in with Meshdesk use it: profiles with `sso_session` read the token that
//! `aws sso login` cached (aws-config's own SSO provider, its portal endpoint redirected to the
//! double by the profile's `services` section); `meshdesk login --export-aws-cli` writes that
//! cache, so those profiles then work without a second sign-in; and after a whole session —
//! sign in, crawl, request, approval, crashes, sign out — no token or secret the double or moto
//! handed out is anywhere Meshdesk writes or prints.
//!
//! The `meshdesk` processes keep their session in a real Secret Service on a private D-Bus
//! (`secret_bus`); HOME is a directory of the test's own, so the AWS CLI cache is too.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use meshdesk_aws::sso::{StoredSession, TokenStore, cli_cache_path};
use meshdesk_protocol::{MeshInfo, Persona, RequestStatus, RequestView, SignInState};

use crate::cli::{cli_binary, json};
use crate::fixture::{BILLING, HUB, IDENTITY, MIA, Person, REGION, TestMesh, VOICE};
use crate::secret_bus::SecretBus;
use crate::sign_in::{MemoryStore, assignments, config, contains_anywhere, runtime, sign_in};
use crate::sso_double::{Answer, double};

/// The test config (`server::config`) plus an `[sso-session NAME]` for `start_url` and one
/// profile per account of `mesh` signing in through it with the Analyst role, named
/// `<NAME>-<account>`. The profiles name the shared `services` section, whose `sso` entry points
/// aws-config's SSO credentials provider at the double — as a user's config could.
fn config_with_sso_profiles(mesh: &TestMesh, at: &Path, name: &str, start_url: &str) -> PathBuf {
    let base = std::env::var_os("AWS_CONFIG_FILE").expect("the test config");
    let mut text = std::fs::read_to_string(base).expect("the test config reads");
    let moto = std::env::var(crate::server::ENDPOINT_ENV).expect("the emulator's endpoint");
    let _ = write!(
        text,
        "\n[sso-session {name}]\nsso_start_url = {start_url}\nsso_region = {REGION}\nsso_registration_scopes = sso:account:access\n"
    );
    for (k, key) in [(HUB, "hub"), (IDENTITY, "identity"), (BILLING, "billing"), (VOICE, "voice")] {
        let _ = write!(
            text,
            "\n[profile {name}-{key}]\nsso_session = {name}\nsso_account_id = {}\nsso_role_name = Analyst\nregion = {REGION}\nendpoint_url = {moto}\nservices = stand-ins\n",
            mesh.account(k)
        );
    }
    let path = at.join(format!("aws-config-{name}"));
    std::fs::write(&path, text).expect("the AWS config");
    path
}

/// A mesh file whose hub and accounts are the `sso_session` profiles of `name`.
fn profile_mesh(mesh: &TestMesh, name: &str) -> PathBuf {
    let mut text = format!("name = \"AWS CLI profiles {}\"\n\n[hub]\nprofile = \"{name}-hub\"\n", mesh.slot);
    for (key, domain) in [("identity", "identity"), ("billing", "billing"), ("voice", "voice")] {
        let _ = write!(text, "\n[[account]]\nprofile = \"{name}-{key}\"\nname = \"{key}-prod\"\ndomain = \"{domain}\"\n");
    }
    let path = mesh.dir.path().join(format!("mesh-{name}.toml"));
    std::fs::write(&path, text).expect("the mesh file");
    path
}

/// `meshdesk` with HOME `home`, the AWS config `config`, its working directory and temporary
/// files under `tmp`.
fn meshdesk<S: AsRef<OsStr>>(home: &Path, config: &Path, tmp: &Path, args: &[S]) -> Command {
    let mut command = Command::new(cli_binary());
    command.args(args);
    environment(&mut command, home, config, tmp);
    command
}

fn environment(command: &mut Command, home: &Path, config: &Path, tmp: &Path) {
    std::fs::create_dir_all(tmp).expect("TMPDIR");
    command
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", config)
        .env("TMPDIR", tmp)
        .env("RUST_BACKTRACE", "1")
        .current_dir(tmp)
        .stdin(Stdio::null());
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the meshdesk binary runs")
}

/// The token file the AWS CLI writes after `aws sso login`, written by hand in its format.
fn write_aws_cli_cache(home: &Path, session_name: &str, stored: &StoredSession) -> PathBuf {
    let rfc3339 = |secs: i64| aws_smithy_types::DateTime::from_secs(secs).fmt(aws_smithy_types::date_time::Format::DateTime).expect("a date");
    let doc = serde_json::json!({
        "startUrl": stored.start_url,
        "region": stored.region,
        "accessToken": stored.access_token.expose(),
        "expiresAt": rfc3339(stored.expires_at),
        "clientId": stored.registration.client_id,
        "clientSecret": stored.registration.client_secret.expose(),
        "registrationExpiresAt": rfc3339(stored.registration.expires_at),
        "refreshToken": stored.refresh_token.as_ref().map(|t| t.expose()),
    });
    let path = cli_cache_path(home, session_name);
    std::fs::create_dir_all(path.parent().expect("a directory")).expect("the cache directory");
    std::fs::write(&path, doc.to_string()).expect("the cache file");
    path
}

pub fn an_sso_session_profile_reads_the_mesh_with_the_token_aws_sso_login_cached() {
    let mesh = TestMesh::seeded();
    let name = format!("corp{}", mesh.slot);
    let sso = config(&format!("awscli{}", mesh.slot));
    double().instance(&sso.start_url, &[Answer::Approve], 1, 3600, MIA, assignments(&mesh));
    // `aws sso login`, as far as the double can tell: a device-flow sign-in.
    let (rt, store) = (runtime(), Arc::new(MemoryStore::default()));
    sign_in(&rt, &sso, &store).expect("signed in");
    let stored = store.load(&sso.start_url).expect("readable").expect("kept");

    let (home, empty_home, tmp) = (mesh.dir.path().join("home"), mesh.dir.path().join("no-home"), mesh.dir.path().join("tmp"));
    std::fs::create_dir_all(&empty_home).expect("a HOME without a cache");
    write_aws_cli_cache(&home, &name, &stored);
    let config = config_with_sso_profiles(&mesh, mesh.dir.path(), &name, &sso.start_url);
    let mesh_file = profile_mesh(&mesh, &name);
    let data_dir = mesh.dir.path().join("data-aws-cli");
    let on_mesh = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--mesh".to_owned(), mesh_file.display().to_string(), "--data-dir".to_owned(), data_dir.display().to_string()];
        all.extend(args.iter().map(|s| (*s).to_owned()));
        all
    };

    let info: MeshInfo = json(&run(&mut meshdesk(&home, &config, &tmp, &on_mesh(&["refresh", "--json"]))));
    assert_eq!((info.accounts.len(), info.product_count), (3, 3), "every account read with the profiles' SSO credentials: {info:#?}");
    let me: Persona = json(&run(&mut meshdesk(&home, &config, &tmp, &on_mesh(&["whoami", "--json"]))));
    assert_eq!(me.name, MIA, "the hub profile's role session names the user");
    assert_eq!(double().polls(&sso.start_url).len(), 1, "no second sign-in: the cached token was used");

    // `AWS_ENDPOINT_URL_SSO` reaches the provider's portal client too (over the services
    // section): pointed at a closed port, the same profiles fail.
    let mut closed = meshdesk(&home, &config, &tmp, &on_mesh(&["whoami", "--json"]));
    closed.env("AWS_ENDPOINT_URL_SSO", format!("http://127.0.0.1:{}", meshdesk_testkit::free_port()));
    assert_ne!(run(&mut closed).status.code(), Some(0), "the portal is asked where AWS_ENDPOINT_URL_SSO says");

    // The same profiles without the cached token: aws-config has nothing to sign in with.
    let without = run(&mut meshdesk(&empty_home, &config, &tmp, &on_mesh(&["whoami", "--json"])));
    assert_ne!(without.status.code(), Some(0), "no token, no credentials: {}", String::from_utf8_lossy(&without.stdout));
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(stderr.contains(&format!("{name}-hub")), "the error names the profile: {stderr}");
}

/// A process on the private keychain bus: `meshdesk` with `args`.
struct Desktop {
    bus: SecretBus,
    config: PathBuf,
    tmp: PathBuf,
    /// Everything every process printed, for the secret scan.
    printed: Vec<u8>,
    /// How many processes ran.
    runs: usize,
}

impl Desktop {
    fn start(dir: &Path, config: PathBuf) -> Desktop {
        let bus = SecretBus::start(&dir.join("desktop"));
        Desktop { bus, config, tmp: dir.join("tmp"), printed: Vec::new(), runs: 0 }
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = meshdesk(&self.bus.home, &self.config, &self.tmp, args);
        self.bus.apply(&mut command);
        command
    }

    fn run<S: AsRef<OsStr>>(&mut self, args: &[S]) -> Output {
        let output = run(&mut self.command(args));
        self.keep(&output);
        output
    }

    /// Keeps what a process printed for the scan.
    fn keep(&mut self, output: &Output) {
        self.printed.extend_from_slice(&output.stdout);
        self.printed.extend_from_slice(&output.stderr);
        self.runs += 1;
    }

    /// Starts `meshdesk args`, waits until `ready` (or 20 s), then ends it with `signal`
    /// (`KILL`, `ABRT`): a crash in the middle of what it was doing.
    ///
    /// Core dumps are switched off for it: a memory image holds whatever the process held, and
    /// what is checked here is what Meshdesk itself writes and prints.
    fn crash<S: AsRef<OsStr>>(&mut self, args: &[S], signal: &str, ready: impl Fn() -> bool) -> Output {
        let mut command = Command::new("sh");
        command.args(["-c", "ulimit -c 0; exec \"$0\" \"$@\""]).arg(cli_binary()).args(args);
        environment(&mut command, &self.bus.home, &self.config, &self.tmp);
        self.bus.apply(&mut command);
        let child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("meshdesk starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !ready() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let killed = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().expect("kill runs");
        assert!(killed.success(), "the process was still there to crash");
        let output = child.wait_with_output().expect("the crashed process is reaped");
        assert_eq!(output.status.code(), None, "ended by the signal, not on its own");
        self.keep(&output);
        output
    }
}

fn ok(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn login_export_aws_cli_lets_sso_session_profiles_work_without_a_second_sign_in() {
    let mesh = TestMesh::seeded();
    let name = format!("exported{}", mesh.slot);
    let sso = config(&format!("export{}", mesh.slot));
    double().instance(&sso.start_url, &[Answer::Pending, Answer::Approve], 1, 3600, MIA, assignments(&mesh));
    let config = config_with_sso_profiles(&mesh, mesh.dir.path(), &name, &sso.start_url);
    let mut desktop = Desktop::start(mesh.dir.path(), config);

    let login = ["login", "--start-url", &sso.start_url, "--region", REGION, "--no-browser", "--export-aws-cli", &name];
    let said = ok(&desktop.run(&login));
    let cache = cli_cache_path(&desktop.bus.home, &name);
    assert!(said.contains(&format!("Wrote the token to the AWS CLI cache {}", cache.display())), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cache).expect("the cache file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "readable by the owner only");
    }
    let token = desktop.bus.lookup(&sso.start_url).expect("the session is in the keychain");
    let kept = StoredSession::from_json(&token).expect("the keychain's document reads");
    assert!(contains_anywhere(&cache, kept.access_token.expose()), "the export holds the keychain's token (and the scan finds it)");

    let mesh_file = profile_mesh(&mesh, &name);
    let data_dir = mesh.dir.path().join("data-exported");
    let (mesh_arg, data_arg) = (mesh_file.display().to_string(), data_dir.display().to_string());
    let info: MeshInfo = json(&desktop.run(&["--mesh", &mesh_arg, "--data-dir", &data_arg, "refresh", "--json"]));
    assert_eq!((info.accounts.len(), info.product_count), (3, 3), "the AWS CLI's profiles read the mesh: {info:#?}");
    assert_eq!(double().polls(&sso.start_url).len(), 2, "one device flow (pending, approved): no second sign-in");

    // A second `login` finds the kept session and signs nobody in again.
    let again = ok(&desktop.run(&["login", "--start-url", &sso.start_url, "--region", REGION, "--no-browser"]));
    assert!(again.contains("Already signed in"), "{again}");
    assert_eq!(double().polls(&sso.start_url).len(), 2);
    ok(&desktop.run(&["logout", "--start-url", &sso.start_url, "--region", REGION]));
}

/// `args` as one command line for `sh` (each word single-quoted).
fn shell_words<S: AsRef<OsStr>>(args: &[S]) -> String {
    args.iter()
        .map(|a| format!("'{}'", a.as_ref().to_string_lossy().replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn login_on_a_terminal_asks_which_accounts_and_roles_to_add_and_the_hub() {
    let mesh = TestMesh::seeded();
    let sso = config(&format!("picker{}", mesh.slot));
    double().instance(&sso.start_url, &[Answer::Approve], 1, 3600, MIA, assignments(&mesh));
    let aws_config = PathBuf::from(std::env::var_os("AWS_CONFIG_FILE").expect("the test config"));
    let desktop = Desktop::start(mesh.dir.path(), aws_config);
    let mesh_file = mesh.dir.path().join("picked.toml");
    let mesh_arg = mesh_file.display().to_string();
    let login = [
        cli_binary().display().to_string(), "login".into(), "--start-url".into(), sso.start_url.clone(), "--region".into(), REGION.into(),
        "--no-browser".into(), "--role".into(), "ReadOnly".into(), "--mesh".into(), mesh_arg,
    ];
    // `script` gives the command a terminal; what the person types is fed to it: every
    // account; ReadOnly (Enter) in the hub, Analyst by name or number elsewhere; the hub is the
    // 4th listed (accounts are listed by name: "Billing Prod", "Identity Prod", "Voice Prod", "hub").
    let typed = "all\nanalyst\n2\n1\n\n4\n";
    // `timeout`: a question the typed lines do not answer would otherwise wait for ever.
    let mut command = Command::new("timeout");
    command.args(["90", "script", "-qec", &shell_words(&login), "/dev/null"]).env("SHELL", "/bin/sh");
    environment(&mut command, &desktop.bus.home, &desktop.config, &desktop.tmp);
    desktop.bus.apply(&mut command);
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("script starts");
    let mut stdin = child.stdin.take().expect("its input");
    std::io::Write::write_all(&mut stdin, typed.as_bytes()).expect("typed");
    // The input stays open until the command ends: an end of input would end the session.
    let output = child.wait_with_output().expect("the terminal session ends");
    drop(stdin);
    let shown = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(shown.contains("Add which? Numbers or ranges"), "{shown}");
    assert!(shown.contains("[Enter: ReadOnly]"), "--role is what Enter takes: {shown}");
    assert!(shown.contains("Which is the hub? [Enter: 1]"), "{shown}");
    assert!(shown.contains("Added 4 account(s)"), "{shown}");

    let file = meshdesk_aws::mesh_file::MeshFile::load(&mesh_file).expect("the mesh file reads");
    let roles: Vec<(String, String)> =
        file.accounts.iter().filter_map(|a| a.sso.as_ref()).map(|r| (r.account_id.clone(), r.role.clone())).collect();
    let (hub, identity, billing, voice) = (mesh.account(HUB), mesh.account(IDENTITY), mesh.account(BILLING), mesh.account(VOICE));
    for (id, role) in [(&billing, "Analyst"), (&identity, "ReadOnly"), (&voice, "Analyst"), (&hub, "ReadOnly")] {
        assert!(roles.contains(&(id.clone(), role.to_owned())), "{id} with {role}: {roles:?}");
    }
    assert_eq!(file.hub.sso.as_ref().map(|r| r.account_id.clone()), Some(hub), "the hub picked");
}

pub fn after_a_whole_session_and_two_crashes_no_secret_is_anywhere_meshdesk_writes_or_prints() {
    let mesh = TestMesh::seeded();
    let sso = config(&format!("scan{}", mesh.slot));
    double().instance(&sso.start_url, &[Answer::Pending, Answer::Approve], 1, 3600, MIA, assignments(&mesh));
    let aws_config = PathBuf::from(std::env::var_os("AWS_CONFIG_FILE").expect("the test config"));
    let mut desktop = Desktop::start(mesh.dir.path(), aws_config.clone());
    let mesh_file = mesh.dir.path().join("signed-in.toml");
    let data_dir = mesh.dir.path().join("data-signed-in");
    let (mesh_arg, data_arg) = (mesh_file.display().to_string(), data_dir.display().to_string());
    let target = ["--start-url", &sso.start_url, "--region", REGION];
    let on_mesh = |args: &[&str]| -> Vec<String> {
        ["--mesh", mesh_arg.as_str(), "--data-dir", data_arg.as_str()].iter().chain(args).map(|s| (*s).to_owned()).collect()
    };

    // Sign in, adding every account (the hub too) to a new mesh file.
    let (hub, identity, billing, voice) = (mesh.account(HUB), mesh.account(IDENTITY), mesh.account(BILLING), mesh.account(VOICE));
    let mut login = vec!["login", "--no-browser", "--mesh", &mesh_arg, "--accounts", "--role", "Analyst", "--hub", &hub];
    login.extend(target);
    for id in [&hub, &identity, &billing, &voice] {
        login.extend(["--account", id.as_str()]);
    }
    let said = ok(&desktop.run(&login));
    assert!(said.contains("Added 4 account(s)"), "{said}");

    // Crawl, ask for access as Mia (signed in), approve as Dana (her profiles).
    let info: MeshInfo = json(&desktop.run(&on_mesh(&["refresh", "--json"])));
    assert_eq!(info.product_count, 3, "{info:#?}");
    assert_eq!(info.identity.as_ref().map(|i| i.email.as_str()), Some(MIA));
    let product = format!("{identity}:customer_profiles");
    let role = format!("arn:aws:iam::{hub}:role/Analyst");
    let request = on_mesh(&[
        "request", &product, "--table", "customers", "--column", "customers.id", "--days", "30", "--justification", "Churn model",
        "--principal", &role, "--json",
    ]);
    let asked: RequestView = json(&desktop.run(&request));
    let approval = crate::cli::meshdesk(&mesh, Person::Dana, &["approve", &asked.id, "--json"]);
    desktop.keep(&approval);
    let approved: RequestView = json(&approval);
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
    ok(&desktop.run(&on_mesh(&["show-request", &asked.id])));

    // Crash 1: a crawl killed halfway (role credentials in memory, the store being written).
    // Ready once the double has handed out role credentials again: the crawl has begun.
    let handed_out = double().issued_secrets().len();
    desktop.crash(&on_mesh(&["refresh"]), "KILL", || double().issued_secrets().len() > handed_out);
    // Crash 2: a sign-in aborted while polling (device code and client secret in memory).
    double().instance(&sso.start_url, &[Answer::Pending; 60], 1, 3600, MIA, assignments(&mesh));
    let mut again = vec!["login", "--force", "--no-browser"];
    again.extend(target);
    let url = sso.start_url.clone();
    let aborted = desktop.crash(&again, "ABRT", move || !double().polls(&url).is_empty());
    assert!(String::from_utf8_lossy(&aborted.stderr).contains("To sign in, open"), "it was waiting for the approval");

    // The crashes lost nothing: the session is still there; then sign out.
    let mut state = vec!["session", "--json"];
    state.extend(target);
    let session: SignInState = json(&desktop.run(&state));
    assert!(matches!(session, SignInState::SignedIn { .. }), "{session:?}");
    let mut logout = vec!["logout"];
    logout.extend(target);
    ok(&desktop.run(&logout));
    assert_eq!(desktop.bus.lookup(&sso.start_url), None, "nothing of the session is left in the keychain");

    // Every secret handed out (tokens, client secrets, device codes, role keys), everywhere.
    let secrets = double().issued_secrets();
    let kinds = ["clientsecret-", "devicecode-", "accesstoken-", "refreshtoken-"];
    assert!(kinds.iter().all(|k| secrets.iter().any(|s| s.starts_with(k))), "every kind of secret was handed out");
    assert!(secrets.len() >= 4 + 3 * 4, "role credentials for every account: {} secrets", secrets.len());
    // The test's directory holds the mesh files, both people's data directories (local
    // stores), HOME with the keyring's files and config, and TMPDIR.
    let places = [mesh.dir.path().to_path_buf(), aws_config];
    let printed = String::from_utf8_lossy(&desktop.printed).into_owned();
    assert!(!printed.is_empty());
    let files = files_under(mesh.dir.path()) + 1;
    for secret in &secrets {
        for place in &places {
            assert!(!contains_anywhere(place, secret), "a {} is in {}", secret.split('-').next().unwrap_or_default(), place.display());
        }
        assert!(!printed.contains(secret.as_str()), "a {} was printed", secret.split('-').next().unwrap_or_default());
    }
    println!(
        "secrets scan: {} secrets handed out, looked for in {files} files and the output of {} processes (2 of them crashed): 0 found",
        secrets.len(),
        desktop.runs
    );
}

fn files_under(path: &Path) -> usize {
    if path.is_dir() { std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| files_under(&e.path())).sum() } else { 1 }
}
