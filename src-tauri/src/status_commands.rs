//! How the mesh stands, and refreshing it. A refresh reads every account of an AWS mesh and may
//! take minutes: it runs on a blocking thread, not on the command runtime's workers, while the
//! window polls `refresh_progress` for each account's stage.
//! Opening the mesh again (after a sign-in or new accounts) swaps the mesh every command uses.

use std::sync::Arc;

use crate::{now, on_mesh, AppState};
use meshdesk_protocol::{ApiError, MeshInfo, MeshStatus, RefreshProgress};
use tauri::{AppHandle, Manager, Runtime, State};

#[tauri::command]
pub async fn mesh_status(state: State<'_, AppState>) -> Result<MeshStatus, ApiError> {
    on_mesh!(state, |m| m.mesh_status())
}

/// Resolves when the refresh is over, with how the mesh stands then.
#[tauri::command]
pub async fn refresh_mesh<R: Runtime>(app: AppHandle<R>) -> Result<MeshStatus, ApiError> {
    let run = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        // The window follows progress through `refresh_progress`.
        on_mesh!(state, |m| m.refresh_mesh(Arc::new(|_| {}), now()))
    });
    run.await.map_err(|error| ApiError::internal(format!("the refresh stopped unexpectedly: {error}")))?
}

#[tauri::command]
pub async fn refresh_progress(state: State<'_, AppState>) -> Result<RefreshProgress, ApiError> {
    on_mesh!(state, |m| Ok(m.refresh_progress()))
}

/// Opens the mesh again from what the window was started with — after signing in, or after
/// accounts were added to the mesh file — and answers with what it shows then. Opening reads
/// AWS, so it runs on a blocking thread. When it fails, the mesh shown before stays and the
/// error says why.
#[tauri::command]
pub async fn reopen_mesh<R: Runtime>(app: AppHandle<R>) -> Result<MeshInfo, ApiError> {
    let run = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.reopen()?;
        on_mesh!(state, |m| Ok(m.mesh_info()))
    });
    run.await.map_err(|error| ApiError::internal(format!("opening the mesh again stopped unexpectedly: {error}")))?
}
