//! What a sign-in leaves behind: the OIDC client registration and the tokens, as kept in the
//! keychain (one JSON document per start URL) and in memory. `Debug` shows no secret.

use serde::{Deserialize, Serialize};

use super::secret::Secret;

/// Meshdesk's registration as a public OIDC client of one Identity Center instance. Reused
/// for every sign-in until it expires (Identity Center gives about 90 days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: Secret,
    /// Unix seconds.
    pub expires_at: i64,
}

impl Registration {
    pub fn usable_at(&self, now: i64) -> bool {
        now + super::REFRESH_MARGIN_SECS < self.expires_at
    }
}

/// A signed-in session: everything needed to call the portal and to renew the access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub start_url: String,
    /// The Identity Center region.
    pub region: String,
    pub access_token: Secret,
    /// Unix seconds when the access token stops working.
    pub expires_at: i64,
    /// Present when Identity Center granted one (it does for the `sso:account:access` scope).
    pub refresh_token: Option<Secret>,
    pub registration: Registration,
}

impl StoredSession {
    /// The document kept in the keychain.
    pub fn to_json(&self) -> String {
        // Plain strings and integers: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<StoredSession, String> {
        // Not `{e}`: serde's message may quote the value it could not read.
        serde_json::from_str(text)
            .map_err(|e| format!("the stored session does not read (line {}, column {})", e.line(), e.column()))
    }

    /// Whether the access token needs renewing at `now` (it ends within the margin).
    pub fn needs_refresh(&self, now: i64) -> bool {
        now + super::REFRESH_MARGIN_SECS >= self.expires_at
    }
}
