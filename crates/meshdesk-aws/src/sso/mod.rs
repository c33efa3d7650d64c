//! Signing in with IAM Identity Center (SSO) once for every account of the mesh.
//!
//! - `oidc`: the OIDC device authorisation flow (RegisterClient, StartDeviceAuthorization,
//!   CreateToken polled at the interval Identity Center asks for) and the refresh-token grant.
//! - `portal`: the accounts and roles the user has, and a role's credentials.
//! - `session`: a signed-in session — the tokens in memory, renewed before they end and kept in
//!   a [`TokenStore`] (the OS keychain, `store`) — and the credentials provider that plugs a
//!   role of an account into that account's SDK clients (credentials in memory only).
//! - `mesh_entries`: the account picker's choices written into the mesh file.
//! - `cli_cache`: the opt-in export of the token to the AWS CLI's cache.
//!
//! Every client is built by the standard aws-config loader for the Identity Center region, so
//! `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO` (or a profile's `endpoint_url`) redirect
//! them like any other SDK client. No type here prints a secret (`secret::Secret`).

mod cli_cache;
mod config_sessions;
mod mesh_entries;
mod oidc;
mod portal;
mod secret;
mod session;
mod store;
mod token;

pub use cli_cache::{cli_cache_path, export_to_cli_cache};
pub use config_sessions::{ConfigSession, config_sessions};
pub use mesh_entries::{Chosen, add_accounts, domain_from_name};
pub use oidc::{DeviceAuthorization, Oidc};
pub use portal::{SsoAccount, SsoRoleCredentialsProvider};
pub use secret::Secret;
pub use session::{PendingSignIn, SsoSession, sign_out};
pub use store::{KEYCHAIN_SERVICE, Keychain, TokenStore};
pub use token::{Registration, StoredSession, StoredSessionError};

use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::error::{AwsError, ErrorKind};

/// Tokens and credentials are renewed this long before they end, so a call never starts with
/// one about to expire.
pub const REFRESH_MARGIN_SECS: i64 = 300;

/// The scope that lets the token list accounts and get role credentials (and get a refresh token).
pub const ACCOUNT_ACCESS_SCOPE: &str = "sso:account:access";

/// Which Identity Center instance to sign in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoConfig {
    /// The AWS access portal URL, e.g. `https://d-1234567890.awsapps.com/start`.
    pub start_url: String,
    /// The Identity Center region, e.g. `eu-west-1`.
    pub region: String,
}

impl SsoConfig {
    /// Checks what a user typed: an https URL and a region-looking name.
    pub fn new(start_url: &str, region: &str) -> Result<SsoConfig, SsoError> {
        let start_url = start_url.trim();
        let region = region.trim();
        if !(start_url.starts_with("https://") || start_url.starts_with("http://")) || start_url.len() < 12 {
            return Err(SsoError::Invalid(format!(
                "{start_url:?} is not a start URL: expected one like https://d-1234567890.awsapps.com/start"
            )));
        }
        if !crate::mesh_file::is_region(region) {
            return Err(SsoError::Invalid(format!(
                "{region:?} is not an AWS region: expected the Identity Center region, like \"eu-west-1\""
            )));
        }
        Ok(SsoConfig { start_url: start_url.to_owned(), region: region.to_owned() })
    }

    /// The SDK configuration for Identity Center's endpoints: the region, the shared HTTPS
    /// client, whatever endpoint the environment or the default profile names, and the retries
    /// and timeouts of every client (`retry::policy`). Its calls carry tokens, not SigV4, so it
    /// has no credentials. A bad retry setting of the default profile is named when the mesh's
    /// clients are made with it; signing in goes on with Meshdesk's own retries.
    pub(crate) async fn sdk_config(&self, http: aws_sdk_glue::config::SharedHttpClient) -> SdkConfig {
        let (retry, timeouts) = crate::retry::policy(&crate::clients::default_profile())
            .unwrap_or_else(|_| (crate::retry::retry_config(None, None), crate::retry::timeout_config()));
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(self.region.clone()))
            .http_client(http)
            .retry_config(retry)
            .timeout_config(timeouts)
            .no_credentials()
            .load()
            .await
    }
}

/// Why signing in, or staying signed in, failed. No variant carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error("{0}")]
    Invalid(String),
    #[error("not signed in to {start_url}: sign in first (`meshdesk login`, or Settings → Sign in)")]
    NotSignedIn { start_url: String },
    #[error("the Identity Center session for {start_url} ended: sign in again")]
    SessionEnded { start_url: String },
    #[error("the sign-in code expired before it was approved: sign in again")]
    CodeExpired,
    #[error("the sign-in was denied in the browser")]
    Denied,
    #[error("{0}")]
    Keychain(String),
    /// The keychain holds a session this Meshdesk cannot read (another version wrote it, or
    /// someone edited it): signing in again replaces it.
    #[error("{0} in the keychain: sign in again (`meshdesk login --force`, or Settings → Sign in)")]
    Unreadable(#[from] StoredSessionError),
    #[error(transparent)]
    Call(#[from] AwsError),
}

impl SsoError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            SsoError::Invalid(_) => ErrorKind::Invalid,
            SsoError::NotSignedIn { .. } | SsoError::SessionEnded { .. } | SsoError::CodeExpired | SsoError::Denied => {
                ErrorKind::AccessDenied
            }
            SsoError::Keychain(_) => ErrorKind::Unavailable,
            SsoError::Unreadable(_) => ErrorKind::Invalid,
            SsoError::Call(e) => e.kind(),
        }
    }
}

impl From<SsoError> for AwsError {
    fn from(error: SsoError) -> Self {
        match error {
            SsoError::Call(e) => e,
            other => AwsError::Plain { kind: other.kind(), message: other.to_string() },
        }
    }
}

/// Unix seconds now.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
