//! Where sessions live between runs: the OS keychain through `keyring` (Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows) — never a file Meshdesk writes.
//!
//! The keychain calls block (and on Linux run their own D-Bus executor), so the session calls
//! them from `spawn_blocking`, never inside an async task.

use super::SsoError;
use super::token::StoredSession;

/// The keychain's service name for Meshdesk's entries; the account name is the start URL.
pub const KEYCHAIN_SERVICE: &str = "meshdesk-identity-center";

/// A place to keep signed-in sessions, by start URL.
pub trait TokenStore: Send + Sync + 'static {
    fn load(&self, start_url: &str) -> Result<Option<StoredSession>, SsoError>;
    fn save(&self, session: &StoredSession) -> Result<(), SsoError>;
    /// Removes the session; removing one that is not there is not an error.
    fn delete(&self, start_url: &str) -> Result<(), SsoError>;
}

/// The OS keychain.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keychain;

impl Keychain {
    fn entry(start_url: &str) -> Result<keyring::Entry, SsoError> {
        keyring::Entry::new(KEYCHAIN_SERVICE, start_url).map_err(unavailable)
    }
}

impl TokenStore for Keychain {
    fn load(&self, start_url: &str) -> Result<Option<StoredSession>, SsoError> {
        match Keychain::entry(start_url)?.get_password() {
            Ok(text) => StoredSession::from_json(&text).map(Some).map_err(SsoError::from),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn save(&self, session: &StoredSession) -> Result<(), SsoError> {
        Keychain::entry(&session.start_url)?.set_password(&session.to_json()).map_err(unavailable)
    }

    fn delete(&self, start_url: &str) -> Result<(), SsoError> {
        match Keychain::entry(start_url)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// keyring's errors name the store's failure (no bus, locked collection), never the secret.
fn unavailable(error: keyring::Error) -> SsoError {
    let detail = match &error {
        keyring::Error::NoDefaultStore => "no keychain available on this desktop (no Secret Service, Keychain or Credential Manager answered)".to_owned(),
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            format!("no keychain available: {error}")
        }
        _ => format!("the keychain refused: {error}"),
    };
    SsoError::Keychain(detail)
}
