//! The IPC commands: each is one call into `meshdesk-api`, run off the main thread. The
//! identity acting is the backend's session state, never an argument the window passes, so
//! every command is authorised on the backend.

use crate::{now, on_mesh, AppState};
use meshdesk_protocol::{
    AccessMatrix, AccessPage, AnnotationEdit, AnnotationPlan, ApiError, AuditPage, AuditQuery, CatalogPage, CatalogQuery,
    ColumnReaders, ContractAlerts, ContractEdit, ContractPlan, DecideInput, Export, ExportFormat, ExportKind, FindingView,
    GrantView, LineageGraph, LineageQuery, MeshInfo, Plan, PolicyChange, ProductAnnotations, ProductDetail, ProductRef,
    PublishInput, PublishPlan, ReconcileReport, RequestDraft, RequestFilter, RequestPreview, RequestView, TableHistory,
    TableRef, VerifyReport,
};
use meshdesk_protocol::{SignInCode, SignInState, SsoAccountChoice, SsoAccountPick, SsoSessionInfo, SsoTarget};
use tauri::State;

#[tauri::command]
pub async fn mesh_info(state: State<'_, AppState>) -> Result<MeshInfo, ApiError> {
    on_mesh!(state, |m| Ok(m.mesh_info()))
}

#[tauri::command]
pub async fn switch_identity(state: State<'_, AppState>, id: String) -> Result<MeshInfo, ApiError> {
    on_mesh!(state, |m| m.switch_identity(&id))
}

#[tauri::command]
pub async fn search_catalog(state: State<'_, AppState>, query: CatalogQuery) -> Result<CatalogPage, ApiError> {
    on_mesh!(state, |m| m.search_catalog(&query, now()))
}

#[tauri::command]
pub async fn product(state: State<'_, AppState>, product: ProductRef) -> Result<ProductDetail, ApiError> {
    on_mesh!(state, |m| m.product(&product, now()))
}

#[tauri::command]
pub async fn lineage(state: State<'_, AppState>, query: LineageQuery) -> Result<LineageGraph, ApiError> {
    on_mesh!(state, |m| m.lineage(&query))
}

#[tauri::command]
pub async fn preview_request(state: State<'_, AppState>, draft: RequestDraft) -> Result<RequestPreview, ApiError> {
    on_mesh!(state, |m| m.preview_request(&draft, now()))
}

#[tauri::command]
pub async fn submit_request(state: State<'_, AppState>, draft: RequestDraft) -> Result<RequestView, ApiError> {
    on_mesh!(state, |m| m.submit_request(&draft, now()))
}

#[tauri::command]
pub async fn requests(state: State<'_, AppState>, filter: RequestFilter) -> Result<Vec<RequestView>, ApiError> {
    on_mesh!(state, |m| m.requests(&filter, now()))
}

#[tauri::command]
pub async fn request(state: State<'_, AppState>, id: String) -> Result<RequestView, ApiError> {
    on_mesh!(state, |m| m.request(&id, now()))
}

#[tauri::command]
pub async fn decide(state: State<'_, AppState>, input: DecideInput) -> Result<RequestView, ApiError> {
    on_mesh!(state, |m| m.decide(&input, now()))
}

#[tauri::command]
pub async fn my_access_page(state: State<'_, AppState>, after: Option<TableRef>, limit: u32) -> Result<AccessPage, ApiError> {
    on_mesh!(state, |m| m.my_access_page(after.as_ref(), limit))
}

#[tauri::command]
pub async fn who_can_read(state: State<'_, AppState>, table: TableRef) -> Result<Vec<ColumnReaders>, ApiError> {
    on_mesh!(state, |m| m.who_can_read(&table))
}

#[tauri::command]
pub async fn grants(state: State<'_, AppState>, product: ProductRef) -> Result<Vec<GrantView>, ApiError> {
    on_mesh!(state, |m| m.grants(&product))
}

#[tauri::command]
pub async fn plan_policy(state: State<'_, AppState>, changes: Vec<PolicyChange>) -> Result<Plan, ApiError> {
    on_mesh!(state, |m| m.plan_policy(&changes))
}

#[tauri::command]
pub async fn apply_policy(state: State<'_, AppState>, changes: Vec<PolicyChange>) -> Result<Plan, ApiError> {
    on_mesh!(state, |m| m.apply_policy(&changes, now()))
}

#[tauri::command]
pub async fn audit_events(state: State<'_, AppState>, query: AuditQuery) -> Result<AuditPage, ApiError> {
    on_mesh!(state, |m| m.audit_events(&query))
}

#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<VerifyReport, ApiError> {
    on_mesh!(state, |m| m.verify_audit())
}

#[tauri::command]
pub async fn access_matrix(state: State<'_, AppState>) -> Result<AccessMatrix, ApiError> {
    on_mesh!(state, |m| m.access_matrix())
}

#[tauri::command]
pub async fn findings(state: State<'_, AppState>) -> Result<Vec<FindingView>, ApiError> {
    on_mesh!(state, |m| m.findings(now()))
}

#[tauri::command]
pub async fn repair_finding(state: State<'_, AppState>, id: String) -> Result<Plan, ApiError> {
    on_mesh!(state, |m| m.repair_finding(&id, now()))
}

#[tauri::command]
pub async fn export(state: State<'_, AppState>, kind: ExportKind, format: ExportFormat) -> Result<Export, ApiError> {
    on_mesh!(state, |m| m.export(kind, format, now()))
}

#[tauri::command]
pub async fn reconcile(state: State<'_, AppState>) -> Result<ReconcileReport, ApiError> {
    on_mesh!(state, |m| m.reconcile(now()))
}

#[tauri::command]
pub async fn product_annotations(state: State<'_, AppState>, product: ProductRef) -> Result<ProductAnnotations, ApiError> {
    on_mesh!(state, |m| m.product_annotations(&product))
}

#[tauri::command]
pub async fn plan_annotation(state: State<'_, AppState>, edit: AnnotationEdit) -> Result<AnnotationPlan, ApiError> {
    on_mesh!(state, |m| m.plan_annotation(&edit))
}

#[tauri::command]
pub async fn annotate(state: State<'_, AppState>, edit: AnnotationEdit) -> Result<AnnotationPlan, ApiError> {
    on_mesh!(state, |m| m.annotate(&edit, now()))
}

#[tauri::command]
pub async fn plan_publish(state: State<'_, AppState>, product: ProductRef, publish: bool) -> Result<PublishPlan, ApiError> {
    on_mesh!(state, |m| m.plan_publish(&product, publish))
}

#[tauri::command]
pub async fn publish(state: State<'_, AppState>, input: PublishInput) -> Result<PublishPlan, ApiError> {
    on_mesh!(state, |m| m.publish(&input, now()))
}

#[tauri::command]
pub async fn plan_contract(state: State<'_, AppState>, edit: ContractEdit) -> Result<ContractPlan, ApiError> {
    on_mesh!(state, |m| m.plan_contract(&edit, now()))
}

#[tauri::command]
pub async fn save_contract(state: State<'_, AppState>, edit: ContractEdit) -> Result<ContractPlan, ApiError> {
    on_mesh!(state, |m| m.save_contract(&edit, now()))
}

#[tauri::command]
pub async fn table_history(state: State<'_, AppState>, table: TableRef) -> Result<TableHistory, ApiError> {
    on_mesh!(state, |m| m.table_history(&table))
}

#[tauri::command]
pub async fn contract_alerts(state: State<'_, AppState>) -> Result<ContractAlerts, ApiError> {
    on_mesh!(state, |m| m.contract_alerts(now()))
}

#[tauri::command]
pub async fn unpublished_databases(state: State<'_, AppState>) -> Result<Vec<ProductRef>, ApiError> {
    on_mesh!(state, |m| m.unpublished_databases())
}

/// Runs a sign-in call that may wait on the network (the approval, minutes) off the async workers.
async fn sign_in_call<T: Send + 'static>(
    call: impl FnOnce(&meshdesk_api::SignIn) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || call(crate::sign_in::service()?))
        .await
        .unwrap_or_else(|e| Err(ApiError::unavailable(format!("the sign-in stopped: {e}"))))
}

/// Where to sign in, to prefill the form: the mesh file's `[sso]`, then `~/.aws/config`'s sso-sessions.
#[tauri::command]
pub async fn sign_in_targets() -> Result<Vec<SsoTarget>, ApiError> {
    let mut targets: Vec<SsoTarget> = meshdesk_api::mesh_sso_target(&crate::sign_in::mesh_file()).into_iter().collect();
    targets.extend(meshdesk_api::configured_sso_targets());
    Ok(targets)
}

#[tauri::command]
pub async fn sign_in_state(target: SsoTarget) -> Result<SignInState, ApiError> {
    sign_in_call(move |s| s.state(&target)).await
}

#[tauri::command]
pub async fn sign_in_start(target: SsoTarget) -> Result<SignInCode, ApiError> {
    sign_in_call(move |s| s.start(&target)).await
}

/// Opens the verification page of the sign-in under way in the system browser.
#[tauri::command]
pub async fn open_sign_in_page() -> Result<(), ApiError> {
    let page = crate::sign_in::service()?
        .pending_page()
        .ok_or_else(|| ApiError::invalid_input("no sign-in is under way".to_owned()))?;
    meshdesk_api::open_in_browser(&page);
    Ok(())
}

#[tauri::command]
pub async fn sign_in_wait() -> Result<SsoSessionInfo, ApiError> {
    sign_in_call(|s| s.wait()).await
}

#[tauri::command]
pub async fn sign_out(target: SsoTarget) -> Result<bool, ApiError> {
    sign_in_call(move |s| s.sign_out(&target)).await
}

#[tauri::command]
pub async fn sso_accounts(target: SsoTarget) -> Result<Vec<SsoAccountChoice>, ApiError> {
    sign_in_call(move |s| s.accounts(&target, Some(&crate::sign_in::mesh_file()))).await
}

/// Adds the picked accounts to the window's mesh file; returns how many were added.
#[tauri::command]
pub async fn add_sso_accounts(target: SsoTarget, hub: SsoAccountPick, picks: Vec<SsoAccountPick>) -> Result<usize, ApiError> {
    sign_in_call(move |s| {
        let file = crate::sign_in::mesh_file();
        let name = file.file_stem().map_or_else(|| "mesh".to_owned(), |n| n.to_string_lossy().into_owned());
        s.add_to_mesh(&target, &file, &name, &hub, &picks)
    })
    .await
}
