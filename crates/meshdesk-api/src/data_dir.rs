//! Where Meshdesk keeps its local state: `--data-dir`, else `MESHDESK_DATA_DIR`, else the
//! platform's data directory (`~/.local/share/meshdesk` on Linux).

use meshdesk_protocol::ApiError;
use std::path::PathBuf;

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "MESHDESK_DATA_DIR";

/// Picks the data directory: an explicit choice wins, then the environment, then the platform
/// default. Fails only when none is known (no home directory and nothing set).
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, ApiError> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("meshdesk")).ok_or_else(|| {
        ApiError::invalid_input(format!(
            "no data directory is known for this user (no home directory): set {DATA_DIR_ENV} or pass --data-dir"
        ))
    })
}
