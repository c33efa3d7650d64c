//! The window's IAM Identity Center sign-in: one `SignIn` service for the process (created on
//! first use, its session store the OS keychain) and the mesh file the picker writes to. The
//! verification page of the sign-in under way — the only URL the window can have opened — is
//! opened by the backend command `open_sign_in_page` with `meshdesk_api::open_in_browser` (no
//! opener plugin, no shell capability).

use std::path::PathBuf;
use std::sync::OnceLock;

use meshdesk_api::SignIn;
use meshdesk_protocol::ApiError;

static SERVICE: OnceLock<Result<SignIn, ApiError>> = OnceLock::new();
static MESH_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

pub fn service() -> Result<&'static SignIn, ApiError> {
    SERVICE.get_or_init(SignIn::new).as_ref().map_err(Clone::clone)
}

/// Remembers the mesh file the window was started on (the picker adds accounts to it).
pub fn set_mesh_file(file: Option<PathBuf>) {
    let _ = MESH_FILE.set(file);
}

/// The window's mesh file, else where a new one goes.
pub fn mesh_file() -> PathBuf {
    MESH_FILE.get().cloned().flatten().unwrap_or_else(meshdesk_api::default_mesh_file)
}
