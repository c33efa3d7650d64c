//! The opt-in export of a session's token to the AWS CLI's SSO cache, so `aws` commands with
//! a matching `sso_session` profile work without a second sign-in. Never done by default: the
//! file holds the token in plain text (as the AWS CLI's own `aws sso login` does).

use std::path::{Path, PathBuf};

use sha1::{Digest, Sha1};

use super::SsoError;
use super::token::StoredSession;

/// `~/.aws/sso/cache/<sha1 of the session name>.json`, where the AWS CLI and SDKs look for the
/// token of an `sso-session` section.
pub fn cli_cache_path(home: &Path, session_name: &str) -> PathBuf {
    let digest = Sha1::digest(session_name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    home.join(".aws").join("sso").join("cache").join(format!("{hex}.json"))
}

/// Writes the token in the AWS CLI's cache format (readable by the owner only).
pub fn export_to_cli_cache(home: &Path, session_name: &str, session: &StoredSession) -> Result<PathBuf, SsoError> {
    let path = cli_cache_path(home, session_name);
    let rfc3339 = |secs: i64| {
        aws_smithy_types::DateTime::from_secs(secs)
            .fmt(aws_smithy_types::date_time::Format::DateTime)
            .unwrap_or_default()
    };
    let mut doc = serde_json::json!({
        "startUrl": session.start_url,
        "region": session.region,
        "accessToken": session.access_token.expose(),
        "expiresAt": rfc3339(session.expires_at),
        "clientId": session.registration.client_id,
        "clientSecret": session.registration.client_secret.expose(),
        "registrationExpiresAt": rfc3339(session.registration.expires_at),
    });
    if let Some(refresh) = &session.refresh_token {
        doc["refreshToken"] = serde_json::Value::String(refresh.expose().to_owned());
    }
    let fail = |e: std::io::Error| SsoError::Invalid(format!("cannot write the AWS CLI cache {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    write_private(&path, doc.to_string().as_bytes()).map_err(fail)?;
    Ok(path)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
