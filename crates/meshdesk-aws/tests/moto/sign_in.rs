//! Signing in with IAM Identity Center against the local double of its OIDC and portal
//! endpoints (`sso_double`; moto has neither): the device flow's pending, slow-down, expired,
//! denied and approved answers, the refresh-token grant and a session Identity Center ended,
//! then the signed-in session crawling the emulated mesh with role credentials issued by moto
//! — and no token or secret left behind in the data directory, the mesh file or the config.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use meshdesk_api::{AwsConfig, Meshdesk};
use meshdesk_aws::mesh_file::SsoRole;
use meshdesk_aws::profiles::KnownProfiles;
use meshdesk_aws::sso::{
    Chosen, PendingSignIn, SsoConfig, SsoError, SsoSession, StoredSession, TokenStore, add_accounts, domain_from_name,
};

use crate::fixture::{BILLING, HUB, IDENTITY, MIA, NOW, TestMesh, VOICE};
use crate::sso_double::{Answer, Assignment, double};

/// Sessions in memory: the keychain itself is tested against the real Secret Service in the
/// `keychain` test binary; here the flow is.
#[derive(Default)]
pub(crate) struct MemoryStore(pub(crate) Mutex<BTreeMap<String, StoredSession>>);

impl TokenStore for MemoryStore {
    fn load(&self, start_url: &str) -> Result<Option<StoredSession>, SsoError> {
        Ok(self.0.lock().expect("lock").get(start_url).cloned())
    }
    fn save(&self, session: &StoredSession) -> Result<(), SsoError> {
        self.0.lock().expect("lock").insert(session.start_url.clone(), session.clone());
        Ok(())
    }
    fn delete(&self, start_url: &str) -> Result<(), SsoError> {
        self.0.lock().expect("lock").remove(start_url);
        Ok(())
    }
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime")
}

pub(crate) fn config(name: &str) -> SsoConfig {
    SsoConfig::new(&format!("https://d-{name}.awsapps.com/start"), "eu-west-1").expect("a valid start URL")
}

/// Mia's assignments in `mesh`: the hub and the three domain accounts, as an analyst.
pub(crate) fn assignments(mesh: &TestMesh) -> Vec<Assignment> {
    [(HUB, "hub"), (IDENTITY, "Identity Prod"), (BILLING, "Billing Prod"), (VOICE, "Voice Prod")]
        .into_iter()
        .map(|(k, name)| Assignment { account_id: mesh.account(k), name: name.into(), roles: vec!["Analyst".into(), "ReadOnly".into()] })
        .collect()
}

/// Starts a sign-in and waits for it, as the window and `meshdesk login` do.
pub(crate) fn sign_in(rt: &tokio::runtime::Runtime, config: &SsoConfig, store: &Arc<MemoryStore>) -> Result<Arc<SsoSession>, SsoError> {
    let store: Arc<dyn TokenStore> = Arc::clone(store) as Arc<dyn TokenStore>;
    rt.block_on(async {
        let pending = PendingSignIn::start(config, Arc::clone(&store), meshdesk_aws::clients::https_client()).await?;
        assert!(pending.authorization.user_code.starts_with("WXYZ-"), "{:?}", pending.authorization.user_code);
        assert!(pending.authorization.page().contains(&pending.authorization.user_code), "the page has the code filled in");
        // The device code and the client secret are in there: `Debug` shows neither.
        assert_shows_no_secret(&format!("{pending:?}"));
        pending.finish(store).await
    })
}

fn gaps(polls: &[std::time::Instant]) -> Vec<Duration> {
    polls.windows(2).map(|w| w[1] - w[0]).collect()
}

pub fn pending_authorisation_then_approval_signs_in_and_the_session_crawls_the_mesh() {
    let mesh = TestMesh::seeded();
    let config = config(&format!("crawl{}", mesh.slot));
    double().instance(&config.start_url, &[Answer::Pending, Answer::Pending, Answer::Approve], 1, 3600, MIA, assignments(&mesh));
    let (rt, store) = (runtime(), Arc::new(MemoryStore::default()));

    let session = sign_in(&rt, &config, &store).expect("signed in after two pending polls");
    let polls = double().polls(&config.start_url);
    assert_eq!(polls.len(), 3, "polled until approved");
    assert!(gaps(&polls).iter().all(|g| *g >= Duration::from_millis(900)), "polls wait the interval asked: {:?}", gaps(&polls));
    assert!(store.load(&config.start_url).expect("readable").is_some(), "the session is kept in the store");

    let accounts = rt.block_on(session.accounts()).expect("the accounts");
    assert_eq!(accounts.len(), 4, "every page of accounts: {accounts:?}");
    assert!(accounts.iter().all(|a| a.roles == ["Analyst", "ReadOnly"]), "every page of roles: {accounts:?}");

    // The picker: the domain accounts with the Analyst role, the hub as the hub.
    let mesh_file = mesh.dir.path().join("signed-in.toml");
    let chosen: Vec<Chosen> = accounts
        .iter()
        .filter(|a| a.account_id != mesh.account(HUB))
        .map(|a| Chosen { role: SsoRole { account_id: a.account_id.clone(), role: "Analyst".into() }, name: a.name.clone(), domain: domain_from_name(&a.name) })
        .collect();
    let hub = SsoRole { account_id: mesh.account(HUB), role: "Analyst".into() };
    let known = KnownProfiles::from_environment().expect("the profiles");
    let (_, added) = add_accounts(&mesh_file, "Signed-in mesh", &config, &hub, &chosen, &known).expect("the mesh file is written");
    assert_eq!(added, 3);

    let data_dir = mesh.dir.path().join("data-signed-in");
    let aws = AwsConfig { mesh_file: mesh_file.clone(), data_dir: data_dir.clone() };
    let meshdesk = Meshdesk::open_aws_signed_in(&aws, Arc::clone(&session), Arc::new(|_| {}), NOW)
        .unwrap_or_else(|e| panic!("the signed-in mesh opens: {}", e.message));
    let info = meshdesk.mesh_info();
    assert_eq!((info.accounts.len(), info.product_count), (3, 3), "every account read with moto-issued credentials: {info:#?}");
    assert_eq!(info.identity.expect("signed in").email, MIA, "the role session names the user");

    // Nothing secret is left where Meshdesk writes, nor in what it prints.
    let secrets = double().issued_secrets();
    assert!(secrets.len() >= 4, "{} secrets issued", secrets.len());
    let mut places = vec![data_dir, mesh_file.clone()];
    places.push(std::env::var_os("AWS_CONFIG_FILE").expect("the test config").into());
    for secret in &secrets {
        for place in &places {
            assert!(!contains_anywhere(place, secret), "a secret is in {}", place.display());
        }
    }

    // `Debug` of everything that holds a token, a client secret or role credentials.
    let stored = rt.block_on(session.stored());
    let role = SsoRole { account_id: mesh.account(IDENTITY), role: "Analyst".into() };
    let provider = session.provider(&role.account_id, &role.role);
    let sdk_config = rt.block_on(meshdesk_aws::clients::sso_sdk_config(&session, &role, "eu-west-1", meshdesk_aws::clients::https_client()));
    let credentials = rt.block_on(session.role_credentials(&role.account_id, &role.role)).expect("role credentials");
    let entries = meshdesk_aws::mesh_file::MeshFile::load(&mesh_file).expect("the mesh file reads");
    let shown = [
        ("SsoSession", format!("{session:?}")),
        ("StoredSession", format!("{stored:?}")),
        ("Registration", format!("{:?}", stored.registration)),
        ("SsoRoleCredentialsProvider", format!("{provider:?}")),
        ("the account's SdkConfig", format!("{sdk_config:?}")),
        ("MeshFile", format!("{entries:?}")),
        ("AwsMesh", format!("{:?}", meshdesk.backend())),
    ];
    for (what, text) in &shown {
        assert_shows_no_secret(text);
        assert!(text.len() > 10, "{what}: {text}");
    }
    assert!(shown[1].1.matches("<redacted>").count() >= 3, "access token, refresh token, client secret: {}", shown[1].1);
    // The SDK's own `Credentials` (held by no type of ours, only by the SDK's identity cache)
    // shows the access key id — AWS treats it as an identifier — and hides the rest.
    let (key_id, secret_key) = (credentials.access_key_id().to_owned(), credentials.secret_access_key().to_owned());
    let token = credentials.session_token().expect("a session token").to_owned();
    let credentials = format!("{credentials:?}");
    assert!(credentials.contains("** redacted **") && credentials.contains(&key_id), "{credentials}");
    assert!(!credentials.contains(&secret_key) && !credentials.contains(&token), "the secret key and session token are hidden: {credentials}");
}

/// Fails when `shown` (a `Debug` or other output) holds any token or secret the double or moto
/// has handed out.
pub(crate) fn assert_shows_no_secret(shown: &str) {
    let secrets = double().issued_secrets();
    assert!(!secrets.is_empty(), "the double has handed out secrets to look for");
    for secret in &secrets {
        assert!(!shown.contains(secret.as_str()), "a secret (a {}) shows in: {shown}", secret.split('-').next().unwrap_or_default());
    }
}

/// Whether `needle` is in the file, or any file under the directory.
pub(crate) fn contains_anywhere(path: &std::path::Path, needle: &str) -> bool {
    if path.is_dir() {
        std::fs::read_dir(path).into_iter().flatten().flatten().any(|e| contains_anywhere(&e.path(), needle))
    } else {
        std::fs::read(path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    }
}

pub fn slow_down_adds_five_seconds_to_the_polling_interval() {
    let config = config("slowdown");
    double().instance(&config.start_url, &[Answer::SlowDown, Answer::Approve], 1, 3600, MIA, Vec::new());
    let (rt, store) = (runtime(), Arc::new(MemoryStore::default()));
    sign_in(&rt, &config, &store).expect("signed in after slowing down");
    let gaps = gaps(&double().polls(&config.start_url));
    assert_eq!(gaps.len(), 1);
    assert!(gaps[0] >= Duration::from_secs(6), "after slow_down the poll waits 1 + 5 s: {gaps:?}");
}

pub fn an_expired_device_code_or_a_denial_ends_the_sign_in_with_what_to_do() {
    let (rt, store) = (runtime(), Arc::new(MemoryStore::default()));
    let expired = config("expired");
    double().instance(&expired.start_url, &[Answer::Pending, Answer::Expired], 1, 3600, MIA, Vec::new());
    let error = sign_in(&rt, &expired, &store).expect_err("the code expired");
    assert!(matches!(error, SsoError::CodeExpired), "{error:?}");
    assert_eq!(error.to_string(), "the sign-in code expired before it was approved: sign in again");

    let denied = config("denied");
    double().instance(&denied.start_url, &[Answer::Denied], 1, 3600, MIA, Vec::new());
    let error = sign_in(&rt, &denied, &store).expect_err("denied");
    assert!(matches!(error, SsoError::Denied), "{error:?}");
    assert!(store.0.lock().expect("lock").is_empty(), "nothing is kept after a failed sign-in");
}

pub fn a_token_about_to_end_is_renewed_with_the_refresh_token_and_kept() {
    let mesh = TestMesh::empty();
    let config = config(&format!("refresh{}", mesh.slot));
    // Tokens that live a minute: inside the renewal margin, so the next use renews.
    double().instance(&config.start_url, &[Answer::Approve], 1, 60, MIA, assignments(&mesh));
    let (rt, store) = (runtime(), Arc::new(MemoryStore::default()));
    let session = sign_in(&rt, &config, &store).expect("signed in");
    let first = store.load(&config.start_url).expect("readable").expect("kept");

    let accounts = rt.block_on(session.accounts()).expect("the accounts, with a renewed token");
    assert_eq!(accounts.len(), 4);
    assert_eq!(double().refreshes(&config.start_url), 1, "renewed once with the refresh-token grant");
    let renewed = store.load(&config.start_url).expect("readable").expect("kept");
    assert_ne!(renewed.access_token, first.access_token, "the renewed token is kept");
    assert_eq!(renewed.registration, first.registration, "the client registration is kept");
}

pub fn a_session_identity_center_ended_asks_to_sign_in_again() {
    let mesh = TestMesh::empty();
    let config = config(&format!("revoked{}", mesh.slot));
    double().instance(&config.start_url, &[Answer::Approve], 1, 3600, MIA, assignments(&mesh));
    let (rt, store) = (runtime(), Arc::new(MemoryStore::default()));
    let session = sign_in(&rt, &config, &store).expect("signed in");
    double().revoke(&config.start_url);

    let error = rt.block_on(session.refresh()).expect_err("the refresh token was revoked");
    assert!(matches!(error, SsoError::SessionEnded { .. }), "{error:?}");
    assert_eq!(error.to_string(), format!("the Identity Center session for {} ended: sign in again", config.start_url));
    let error = rt.block_on(session.role_credentials(&mesh.account(IDENTITY), "Analyst")).expect_err("the token no longer works");
    assert!(matches!(error, SsoError::SessionEnded { .. }), "{error:?}");
}
