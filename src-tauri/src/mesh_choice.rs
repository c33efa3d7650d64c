//! Which mesh the window opens: a mesh of AWS accounts named in a mesh file, or the sandbox.
//!
//! `--sandbox` forces the sandbox; `--mesh FILE` (or `MESHDESK_MESH_FILE`) names a mesh file;
//! without either, the default mesh file (`~/.config/meshdesk/mesh.toml`) is used when it
//! exists, so someone who configured their mesh gets it, and a fresh machine gets the sandbox.

use crate::options::Options;
use meshdesk_api::{chosen_mesh_file, resolve_data_dir, AwsConfig, AwsMesh, Meshdesk, SandboxConfig};
use meshdesk_protocol::ApiError;
use std::path::PathBuf;

/// The opened mesh, whichever backend it is on.
pub enum AnyMesh {
    Sandbox(Meshdesk),
    Aws(Meshdesk<AwsMesh>),
}

/// The mesh file to open, if any (see `meshdesk_api::chosen_mesh_file`).
pub fn mesh_file(options: &Options) -> Option<PathBuf> {
    chosen_mesh_file(options.mesh.clone(), options.sandbox)
}

/// Opens the mesh the options choose. `now` is the time of opening (Unix seconds).
pub fn open(options: &Options, now: i64) -> Result<AnyMesh, ApiError> {
    let data_dir = resolve_data_dir(options.data_dir.clone())?;
    match mesh_file(options) {
        Some(mesh_file) => {
            eprintln!("meshdesk-app: opening the mesh in {}", mesh_file.display());
            Meshdesk::open_aws(&AwsConfig { mesh_file, data_dir }, now).map(AnyMesh::Aws)
        }
        None => Meshdesk::open_sandbox(&SandboxConfig { data_dir }, now).map(AnyMesh::Sandbox),
    }
}

/// Runs `$body` with `$mesh` bound to the current mesh, whichever backend it is on, or returns
/// why no mesh could be opened. The body runs on its own handle of the mesh (see
/// `AppState::current`), so a reopen meanwhile does not pull it away.
#[macro_export]
macro_rules! on_mesh {
    ($state:expr, |$mesh:ident| $body:expr) => {{
        let opened = $state.current();
        match opened.as_ref() {
            Ok($crate::mesh_choice::AnyMesh::Sandbox($mesh)) => $body,
            Ok($crate::mesh_choice::AnyMesh::Aws($mesh)) => $body,
            Err(error) => Err(error.clone()),
        }
    }};
}
