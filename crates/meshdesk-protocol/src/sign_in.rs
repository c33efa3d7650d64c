//! Signing in with IAM Identity Center: what the window shows while the user approves the
//! sign-in in the browser, the session afterwards, and the accounts and roles to pick from.
//! No token ever crosses: these carry codes meant for the user's eyes and dates only.

use serde::{Deserialize, Serialize};

/// Where to sign in: the AWS access portal URL and the Identity Center region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoTarget {
    pub start_url: String,
    pub region: String,
    /// The `sso-session` section of `~/.aws/config` it came from, if any.
    #[serde(default)]
    pub session_name: Option<String>,
}

/// A sign-in waiting for approval: the code the user checks on the verification page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInCode {
    pub user_code: String,
    pub verification_uri: String,
    /// Unix seconds after which the code no longer works.
    pub expires_at: i64,
}

/// A signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoSessionInfo {
    pub start_url: String,
    pub region: String,
    /// Unix seconds when the current access token ends.
    pub expires_at: i64,
    /// Whether it renews itself before then (Identity Center gave a refresh token).
    pub renewable: bool,
}

/// How the sign-in stands, for the Settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SignInState {
    SignedOut,
    SignedIn { session: SsoSessionInfo },
    /// Identity Center ended the session: sign in again.
    Ended { message: String },
}

/// An account the signed-in user may use, with their roles there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoAccountChoice {
    pub account_id: String,
    pub name: String,
    pub roles: Vec<String>,
    /// Whether the mesh file already names this account.
    pub in_mesh: bool,
}

/// The accounts and roles chosen in the picker, to be written into the mesh file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoAccountPick {
    pub account_id: String,
    pub name: String,
    pub role: String,
    pub domain: String,
}
