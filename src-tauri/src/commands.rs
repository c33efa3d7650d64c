//! The IPC commands: each is one call into `meshdesk-api`, run off the main thread. The
//! identity acting is the backend's session state, never an argument the window passes, so
//! every command is authorised on the backend.

use crate::{now, AppState};
use meshdesk_api::Meshdesk;
use meshdesk_protocol::{
    AccessMatrix, AccessReport, ApiError, AuditPage, AuditQuery, CatalogPage, CatalogQuery, ColumnReaders, DecideInput,
    Export, ExportFormat, ExportKind, FindingView, GrantView, LineageGraph, LineageQuery, MeshInfo, Plan, PolicyChange,
    ProductDetail, ProductRef, ReconcileReport, RequestDraft, RequestFilter, RequestPreview, RequestView, TableRef,
    VerifyReport,
};
use tauri::State;

fn mesh(state: &AppState) -> Result<&Meshdesk, ApiError> {
    state.mesh.as_ref().map_err(Clone::clone)
}

#[tauri::command]
pub async fn mesh_info(state: State<'_, AppState>) -> Result<MeshInfo, ApiError> {
    Ok(mesh(&state)?.mesh_info())
}

#[tauri::command]
pub async fn switch_identity(state: State<'_, AppState>, id: String) -> Result<MeshInfo, ApiError> {
    mesh(&state)?.switch_identity(&id)
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

#[tauri::command]
pub async fn preview_request(state: State<'_, AppState>, draft: RequestDraft) -> Result<RequestPreview, ApiError> {
    mesh(&state)?.preview_request(&draft, now())
}

#[tauri::command]
pub async fn submit_request(state: State<'_, AppState>, draft: RequestDraft) -> Result<RequestView, ApiError> {
    mesh(&state)?.submit_request(&draft, now())
}

#[tauri::command]
pub async fn requests(state: State<'_, AppState>, filter: RequestFilter) -> Result<Vec<RequestView>, ApiError> {
    mesh(&state)?.requests(&filter, now())
}

#[tauri::command]
pub async fn request(state: State<'_, AppState>, id: String) -> Result<RequestView, ApiError> {
    mesh(&state)?.request(&id, now())
}

#[tauri::command]
pub async fn decide(state: State<'_, AppState>, input: DecideInput) -> Result<RequestView, ApiError> {
    mesh(&state)?.decide(&input, now())
}

#[tauri::command]
pub async fn my_access(state: State<'_, AppState>) -> Result<AccessReport, ApiError> {
    mesh(&state)?.my_access()
}

#[tauri::command]
pub async fn who_can_read(state: State<'_, AppState>, table: TableRef) -> Result<Vec<ColumnReaders>, ApiError> {
    mesh(&state)?.who_can_read(&table)
}

#[tauri::command]
pub async fn grants(state: State<'_, AppState>, product: ProductRef) -> Result<Vec<GrantView>, ApiError> {
    mesh(&state)?.grants(&product)
}

#[tauri::command]
pub async fn plan_policy(state: State<'_, AppState>, changes: Vec<PolicyChange>) -> Result<Plan, ApiError> {
    mesh(&state)?.plan_policy(&changes)
}

#[tauri::command]
pub async fn apply_policy(state: State<'_, AppState>, changes: Vec<PolicyChange>) -> Result<Plan, ApiError> {
    mesh(&state)?.apply_policy(&changes, now())
}

#[tauri::command]
pub async fn audit_events(state: State<'_, AppState>, query: AuditQuery) -> Result<AuditPage, ApiError> {
    mesh(&state)?.audit_events(&query)
}

#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<VerifyReport, ApiError> {
    mesh(&state)?.verify_audit()
}

#[tauri::command]
pub async fn access_matrix(state: State<'_, AppState>) -> Result<AccessMatrix, ApiError> {
    mesh(&state)?.access_matrix()
}

#[tauri::command]
pub async fn findings(state: State<'_, AppState>) -> Result<Vec<FindingView>, ApiError> {
    mesh(&state)?.findings(now())
}

#[tauri::command]
pub async fn repair_finding(state: State<'_, AppState>, id: String) -> Result<Plan, ApiError> {
    mesh(&state)?.repair_finding(&id, now())
}

#[tauri::command]
pub async fn export(state: State<'_, AppState>, kind: ExportKind, format: ExportFormat) -> Result<Export, ApiError> {
    mesh(&state)?.export(kind, format, now())
}

#[tauri::command]
pub async fn reconcile(state: State<'_, AppState>) -> Result<ReconcileReport, ApiError> {
    mesh(&state)?.reconcile(now())
}
