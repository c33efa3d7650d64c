//! A signed-in Identity Center session: the tokens in memory, renewed with the refresh-token
//! grant before they end and written back to the [`TokenStore`]; signing in (the device flow)
//! and signing out (everything removed from the store, the portal told).

use std::sync::Arc;

use aws_credential_types::Credentials;

use super::oidc::{DeviceAuthorization, Grant, Oidc, RefreshError};
use super::portal::{self, SsoAccount, SsoRoleCredentialsProvider};
use super::secret::Secret;
use super::store::TokenStore;
use super::token::{Registration, StoredSession};
use super::{SsoConfig, SsoError, now};

/// A sign-in waiting for the user's approval in the browser.
#[derive(Debug)]
pub struct PendingSignIn {
    pub authorization: DeviceAuthorization,
    config: SsoConfig,
    oidc: Oidc,
    registration: Registration,
    http: aws_sdk_glue::config::SharedHttpClient,
}

impl PendingSignIn {
    /// Registers Meshdesk with Identity Center (or reuses the stored registration while it is
    /// valid) and starts the device authorisation. Show `authorization.user_code` and open
    /// `authorization.page()`, then call [`PendingSignIn::finish`].
    pub async fn start(
        config: &SsoConfig,
        store: Arc<dyn TokenStore>,
        http: aws_sdk_glue::config::SharedHttpClient,
    ) -> Result<PendingSignIn, SsoError> {
        let oidc = Oidc::new(config, http.clone()).await;
        let start_url = config.start_url.clone();
        let stored = blocking(move || store.load(&start_url)).await;
        // A store that cannot be read does not stop a sign-in; saving it later will say why.
        let reusable = stored.ok().flatten().filter(|s| s.region == config.region).map(|s| s.registration);
        let registration = match reusable.filter(|r| r.usable_at(now())) {
            Some(registration) => registration,
            None => oidc.register().await?,
        };
        let authorization = oidc.start(&registration).await?;
        Ok(PendingSignIn { authorization, config: config.clone(), oidc, registration, http })
    }

    /// Polls until the user approves (or denies, or the code expires), then keeps the session
    /// in `store`.
    pub async fn finish(self, store: Arc<dyn TokenStore>) -> Result<Arc<SsoSession>, SsoError> {
        let grant = self.oidc.wait_for_approval(&self.registration, &self.authorization).await?;
        let stored = stored(&self.config, grant, self.registration);
        let to_save = stored.clone();
        let saver = Arc::clone(&store);
        blocking(move || saver.save(&to_save)).await?;
        Ok(SsoSession::from_stored(stored, self.oidc, store, self.http).await)
    }
}

fn stored(config: &SsoConfig, grant: Grant, registration: Registration) -> StoredSession {
    StoredSession {
        start_url: config.start_url.clone(),
        region: config.region.clone(),
        access_token: grant.access_token,
        expires_at: grant.expires_at,
        refresh_token: grant.refresh_token,
        registration,
    }
}

/// A signed-in session, shared by every account's credentials provider.
#[derive(Debug)]
pub struct SsoSession {
    config: SsoConfig,
    oidc: Oidc,
    portal: aws_sdk_sso::Client,
    store: Arc<dyn TokenStore>,
    state: tokio::sync::Mutex<StoredSession>,
}

impl std::fmt::Debug for dyn TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenStore")
    }
}

impl SsoSession {
    /// The session kept in `store` for `config`'s start URL, renewed now if it is about to end.
    pub async fn open(
        config: &SsoConfig,
        store: Arc<dyn TokenStore>,
        http: aws_sdk_glue::config::SharedHttpClient,
    ) -> Result<Arc<SsoSession>, SsoError> {
        let (loader, start_url) = (Arc::clone(&store), config.start_url.clone());
        let stored = blocking(move || loader.load(&start_url))
            .await?
            .ok_or_else(|| SsoError::NotSignedIn { start_url: config.start_url.clone() })?;
        let config = SsoConfig { start_url: stored.start_url.clone(), region: stored.region.clone() };
        let oidc = Oidc::new(&config, http.clone()).await;
        let session = SsoSession::from_stored(stored, oidc, store, http).await;
        session.access_token().await?;
        Ok(session)
    }

    async fn from_stored(
        stored: StoredSession,
        oidc: Oidc,
        store: Arc<dyn TokenStore>,
        http: aws_sdk_glue::config::SharedHttpClient,
    ) -> Arc<SsoSession> {
        let config = SsoConfig { start_url: stored.start_url.clone(), region: stored.region.clone() };
        let portal = aws_sdk_sso::Client::new(&config.sdk_config(http).await);
        Arc::new(SsoSession { config, oidc, portal, store, state: tokio::sync::Mutex::new(stored) })
    }

    pub fn config(&self) -> &SsoConfig {
        &self.config
    }

    /// Unix seconds when the current access token ends (it is renewed before then while a
    /// refresh token works).
    pub async fn expires_at(&self) -> i64 {
        self.state.lock().await.expires_at
    }

    /// Whether the session can renew itself (Identity Center gave a refresh token).
    pub async fn renewable(&self) -> bool {
        self.state.lock().await.refresh_token.is_some()
    }

    /// A working access token: the current one, or a renewed one when it ends within the margin.
    pub async fn access_token(&self) -> Result<Secret, SsoError> {
        let mut state = self.state.lock().await;
        if state.needs_refresh(now()) {
            self.renew(&mut state).await?;
        }
        Ok(state.access_token.clone())
    }

    /// Renews the access token now with the refresh-token grant and keeps it in the store.
    pub async fn refresh(&self) -> Result<(), SsoError> {
        let mut state = self.state.lock().await;
        self.renew(&mut state).await
    }

    async fn renew(&self, state: &mut StoredSession) -> Result<(), SsoError> {
        let ended = || SsoError::SessionEnded { start_url: self.config.start_url.clone() };
        let Some(refresh_token) = state.refresh_token.clone() else {
            return if now() < state.expires_at { Ok(()) } else { Err(ended()) };
        };
        let grant = match self.oidc.refresh(&state.registration, &refresh_token).await {
            Ok(grant) => grant,
            Err(RefreshError::Ended) => return Err(ended()),
            Err(RefreshError::Other(error)) if now() < state.expires_at => {
                // The token still works for a while: a failed early renewal is not fatal.
                let _ = error;
                return Ok(());
            }
            Err(RefreshError::Other(error)) => return Err(error.into()),
        };
        state.access_token = grant.access_token;
        state.expires_at = grant.expires_at;
        if let Some(token) = grant.refresh_token {
            state.refresh_token = Some(token);
        }
        let (store, to_save) = (Arc::clone(&self.store), state.clone());
        blocking(move || store.save(&to_save)).await
    }

    /// The accounts and roles the user has.
    pub async fn accounts(&self) -> Result<Vec<SsoAccount>, SsoError> {
        let token = self.access_token().await?;
        portal::accounts(&self.portal, token.expose(), &self.config.start_url).await
    }

    /// Short-lived credentials of `role` in `account_id`.
    pub async fn role_credentials(&self, account_id: &str, role: &str) -> Result<Credentials, SsoError> {
        let token = self.access_token().await?;
        portal::role_credentials(&self.portal, token.expose(), &self.config.start_url, account_id, role).await
    }

    /// The credentials provider for one role of one account.
    pub fn provider(self: &Arc<Self>, account_id: &str, role: &str) -> SsoRoleCredentialsProvider {
        SsoRoleCredentialsProvider::new(Arc::clone(self), account_id, role)
    }

    /// A copy of what is stored, for the opt-in AWS CLI export.
    pub async fn stored(&self) -> StoredSession {
        self.state.lock().await.clone()
    }
}

/// Signs out of `start_url`: tells the portal (best effort: the token may have ended already)
/// and removes the session from the store. Returns whether there was one.
pub async fn sign_out(
    start_url: &str,
    store: Arc<dyn TokenStore>,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<bool, SsoError> {
    let (loader, url) = (Arc::clone(&store), start_url.to_owned());
    let Some(stored) = blocking(move || loader.load(&url)).await? else { return Ok(false) };
    let config = SsoConfig { start_url: stored.start_url.clone(), region: stored.region.clone() };
    let portal = aws_sdk_sso::Client::new(&config.sdk_config(http).await);
    let _ = portal.logout().access_token(stored.access_token.expose()).send().await;
    let url = start_url.to_owned();
    blocking(move || store.delete(&url)).await?;
    Ok(true)
}

/// Runs a keychain call off the async workers (it blocks, and may run its own executor).
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, SsoError> + Send + 'static) -> Result<T, SsoError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|join| Err(SsoError::Keychain(format!("the keychain call did not finish: {join}"))))
}
