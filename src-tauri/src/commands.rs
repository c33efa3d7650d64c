//! The IPC commands: each is one call into `meshdesk-api`, run off the main thread.

use crate::{now, AppState};
use meshdesk_protocol::{
    ApiError, CatalogPage, CatalogQuery, LineageGraph, LineageQuery, MeshInfo, ProductDetail, ProductRef,
};
use tauri::State;

fn mesh(state: &AppState) -> Result<&meshdesk_api::Meshdesk, ApiError> {
    state.mesh.as_ref().map_err(Clone::clone)
}

#[tauri::command]
pub async fn mesh_info(state: State<'_, AppState>) -> Result<MeshInfo, ApiError> {
    Ok(mesh(&state)?.mesh_info())
}

#[tauri::command]
pub async fn search_catalog(state: State<'_, AppState>, query: CatalogQuery) -> Result<CatalogPage, ApiError> {
    mesh(&state)?.search_catalog(&query, now())
}

#[tauri::command]
pub async fn product(state: State<'_, AppState>, product: ProductRef) -> Result<ProductDetail, ApiError> {
    mesh(&state)?.product(&product, now())
}

#[tauri::command]
pub async fn lineage(state: State<'_, AppState>, query: LineageQuery) -> Result<LineageGraph, ApiError> {
    mesh(&state)?.lineage(&query)
}
