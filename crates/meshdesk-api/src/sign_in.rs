//! Signing in with IAM Identity Center, for both shells: start the device sign-in (the code
//! to show, the page to open), wait for the approval, say how the session stands, list the
//! accounts and roles to pick, write the picks into the mesh file, sign out.
//!
//! Sessions live in the OS keychain (`meshdesk_aws::sso::Keychain`); tokens never leave this
//! crate's callee — the protocol types carry codes and dates only.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use meshdesk_aws::mesh_file::{MeshFile, SsoRole};
use meshdesk_aws::profiles::KnownProfiles;
use meshdesk_aws::runtime::Bridge;
use meshdesk_aws::sso::{self, Chosen, Keychain, PendingSignIn, SsoConfig, SsoError, SsoSession, TokenStore};
use meshdesk_protocol::{
    ApiError, SignInCode, SignInState, SsoAccountChoice, SsoAccountPick, SsoSessionInfo, SsoTarget,
};

/// The sign-in service: one per shell process.
pub struct SignIn {
    bridge: Bridge,
    store: Arc<dyn TokenStore>,
    /// The sign-in started and not yet finished (the window starts and waits in two calls).
    pending: Mutex<Option<PendingSignIn>>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn").finish_non_exhaustive()
    }
}

fn api_error(error: SsoError) -> ApiError {
    use meshdesk_aws::ErrorKind;
    let message = error.to_string();
    match error.kind() {
        ErrorKind::Invalid => ApiError::invalid_input(message),
        ErrorKind::AccessDenied => ApiError { code: meshdesk_protocol::ErrorCode::Forbidden, message },
        ErrorKind::NotFound => ApiError { code: meshdesk_protocol::ErrorCode::NotFound, message },
        _ => ApiError::unavailable(message),
    }
}

/// Checks what the user typed or picked.
pub fn sso_config(target: &SsoTarget) -> Result<SsoConfig, ApiError> {
    SsoConfig::new(&target.start_url, &target.region).map_err(api_error)
}

/// The `sso-session` sections of `~/.aws/config`, to prefill the sign-in form.
pub fn configured_sso_targets() -> Vec<SsoTarget> {
    sso::config_sessions()
        .into_iter()
        .map(|s| SsoTarget { start_url: s.config.start_url, region: s.config.region, session_name: Some(s.name) })
        .collect()
}

/// The `[sso]` section of a mesh file, if it has one and reads.
pub fn mesh_sso_target(mesh_file: &Path) -> Option<SsoTarget> {
    let file = MeshFile::load(mesh_file).ok()?;
    let section = file.sso?;
    Some(SsoTarget { start_url: section.start_url, region: section.region, session_name: None })
}

impl SignIn {
    /// With the OS keychain as the store.
    pub fn new() -> Result<SignIn, ApiError> {
        SignIn::with_store(Arc::new(Keychain))
    }

    pub fn with_store(store: Arc<dyn TokenStore>) -> Result<SignIn, ApiError> {
        let bridge = Bridge::new().map_err(|e| ApiError::unavailable(e.to_string()))?;
        Ok(SignIn { bridge, store, pending: Mutex::new(None) })
    }

    /// Starts the device sign-in: returns the code to show and the page to open.
    pub fn start(&self, target: &SsoTarget) -> Result<SignInCode, ApiError> {
        let config = sso_config(target)?;
        let store = Arc::clone(&self.store);
        let pending = self
            .bridge
            .run(async move { PendingSignIn::start(&config, store, meshdesk_aws::clients::https_client()).await })
            .map_err(api_error)?;
        let a = &pending.authorization;
        let code = SignInCode { user_code: a.user_code.clone(), verification_uri: a.page().to_owned(), expires_at: a.expires_at };
        *self.pending.lock().unwrap_or_else(PoisonError::into_inner) = Some(pending);
        Ok(code)
    }

    /// The verification page of the sign-in under way, if one is.
    pub fn pending_page(&self) -> Option<String> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map(|p| p.authorization.page().to_owned())
    }

    /// Waits until the sign-in started last is approved (or denied, or its code expires).
    pub fn wait(&self) -> Result<SsoSessionInfo, ApiError> {
        let pending = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| ApiError::invalid_input("no sign-in is waiting: start one first".to_owned()))?;
        let store = Arc::clone(&self.store);
        self.bridge
            .run(async move {
                let session = pending.finish(store).await?;
                Ok(info(&session).await)
            })
            .map_err(api_error)
    }

    /// How the session for `target` stands (renewing its token when it is about to end).
    pub fn state(&self, target: &SsoTarget) -> Result<SignInState, ApiError> {
        let config = sso_config(target)?;
        match self.open(&config) {
            Ok(session) => Ok(SignInState::SignedIn { session: self.bridge.run(async move { info(&session).await }) }),
            Err(SsoError::NotSignedIn { .. }) => Ok(SignInState::SignedOut),
            Err(e @ SsoError::SessionEnded { .. }) => Ok(SignInState::Ended { message: e.to_string() }),
            Err(e) => Err(api_error(e)),
        }
    }

    fn open(&self, config: &SsoConfig) -> Result<Arc<SsoSession>, SsoError> {
        let (config, store) = (config.clone(), Arc::clone(&self.store));
        self.bridge.run(async move { SsoSession::open(&config, store, meshdesk_aws::clients::https_client()).await })
    }

    /// The accounts and roles the user has; `in_mesh` marks those the mesh file names already.
    pub fn accounts(&self, target: &SsoTarget, mesh_file: Option<&Path>) -> Result<Vec<SsoAccountChoice>, ApiError> {
        let session = self.open(&sso_config(target)?).map_err(api_error)?;
        let accounts = self.bridge.run(async move { session.accounts().await }).map_err(api_error)?;
        let present: Vec<String> = mesh_file
            .and_then(|p| MeshFile::load(p).ok())
            .map(|f| f.accounts.iter().filter_map(|a| a.sso.as_ref().map(|r| r.account_id.clone())).collect())
            .unwrap_or_default();
        Ok(accounts
            .into_iter()
            .map(|a| SsoAccountChoice { in_mesh: present.contains(&a.account_id), account_id: a.account_id, name: a.name, roles: a.roles })
            .collect())
    }

    /// Writes the picked accounts into the mesh file (creating it, with `hub` as its hub, when
    /// missing). Returns how many entries were added.
    pub fn add_to_mesh(
        &self,
        target: &SsoTarget,
        mesh_file: &Path,
        mesh_name: &str,
        hub: &SsoAccountPick,
        picks: &[SsoAccountPick],
    ) -> Result<usize, ApiError> {
        let config = sso_config(target)?;
        let known = KnownProfiles::from_environment().map_err(|e| ApiError::unavailable(format!("cannot read the AWS profiles: {e}")))?;
        let chosen: Vec<Chosen> = picks
            .iter()
            .map(|p| Chosen {
                role: SsoRole { account_id: p.account_id.clone(), role: p.role.clone() },
                name: p.name.clone(),
                domain: if p.domain.trim().is_empty() { sso::domain_from_name(&p.name) } else { p.domain.clone() },
            })
            .collect();
        let hub = SsoRole { account_id: hub.account_id.clone(), role: hub.role.clone() };
        sso::add_accounts(mesh_file, mesh_name, &config, &hub, &chosen, &known).map(|(_, added)| added).map_err(api_error)
    }

    /// Signs out: removes the session from the keychain. Returns whether there was one.
    pub fn sign_out(&self, target: &SsoTarget) -> Result<bool, ApiError> {
        let config = sso_config(target)?;
        let store = Arc::clone(&self.store);
        self.bridge
            .run(async move { sso::sign_out(&config.start_url, store, meshdesk_aws::clients::https_client()).await })
            .map_err(api_error)
    }

    /// Opt-in: writes the session's token to the AWS CLI cache for the `sso-session` named
    /// `session_name`, so `aws` commands share this sign-in. Returns the file written.
    pub fn export_to_aws_cli(&self, target: &SsoTarget, session_name: &str) -> Result<PathBuf, ApiError> {
        let home = dirs::home_dir().ok_or_else(|| ApiError::unavailable("no home directory to find ~/.aws in".to_owned()))?;
        let session = self.open(&sso_config(target)?).map_err(api_error)?;
        let stored = self.bridge.run(async move { session.stored().await });
        sso::export_to_cli_cache(&home, session_name, &stored).map_err(api_error)
    }
}

async fn info(session: &SsoSession) -> SsoSessionInfo {
    SsoSessionInfo {
        start_url: session.config().start_url.clone(),
        region: session.config().region.clone(),
        expires_at: session.expires_at().await,
        renewable: session.renewable().await,
    }
}

/// Opens `url` in the desktop's browser (`open`, `explorer`, `xdg-open`). Where there is no
/// desktop, or no opener, nothing happens: the shells print or show the address and the code.
pub fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else if std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some() {
        "xdg-open"
    } else {
        return;
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
