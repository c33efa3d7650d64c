//! The only place the backend is called: typed wrappers over Tauri's `invoke`.
//!
//! Arguments and replies cross as plain JS objects through serde-wasm-bindgen; a rejected call
//! carries the backend's `{code, message}`, read back into `ApiError`.

use js_sys::Promise;
use meshdesk_protocol::{
    AccessMatrix, AccessPage, AnnotationEdit, AnnotationPlan, ApiError, AuditPage, AuditQuery, CatalogPage, CatalogQuery,
    ColumnReaders, ContractAlerts, ContractEdit, ContractPlan, DecideInput, Export, ExportFormat, ExportKind, FindingView,
    GrantView, LineageGraph, LineageQuery, MeshInfo, Plan, PolicyChange, ProductAnnotations, ProductDetail, ProductRef,
    PublishInput, PublishPlan, ReconcileReport, RequestDraft, RequestFilter, RequestPreview, RequestView, TableHistory,
    TableRef, VerifyReport,
};
use meshdesk_protocol::{MeshStatus, RefreshProgress};
use meshdesk_protocol::{SignInCode, SignInState, SsoAccountChoice, SsoAccountPick, SsoSessionInfo, SsoTarget};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// Tauri's own IPC entry point; present in every Tauri v2 webview without `withGlobalTauri`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI_INTERNALS__"], js_name = invoke, catch)]
    fn tauri_invoke(cmd: &str, args: JsValue) -> Result<Promise, JsValue>;
}

pub async fn mesh_info() -> Result<MeshInfo, ApiError> {
    call("mesh_info", &NoArgs {}).await
}

/// Every account of the mesh and how it stands.
pub async fn mesh_status() -> Result<MeshStatus, ApiError> {
    call("mesh_status", &NoArgs {}).await
}

/// Reads every account again; resolves when done. Poll [`refresh_progress`] meanwhile.
pub async fn refresh_mesh() -> Result<MeshStatus, ApiError> {
    call("refresh_mesh", &NoArgs {}).await
}

/// Opens the mesh again from what the window was started with; answers what it shows now.
/// On failure the mesh shown before stays.
pub async fn reopen_mesh() -> Result<MeshInfo, ApiError> {
    call("reopen_mesh", &NoArgs {}).await
}

pub async fn refresh_progress() -> Result<RefreshProgress, ApiError> {
    call("refresh_progress", &NoArgs {}).await
}

pub async fn search_catalog(query: &CatalogQuery) -> Result<CatalogPage, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a CatalogQuery,
    }
    call("search_catalog", &Args { query }).await
}

pub async fn product(product: &ProductRef) -> Result<ProductDetail, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        product: &'a ProductRef,
    }
    call("product", &Args { product }).await
}

pub async fn lineage(query: &LineageQuery) -> Result<LineageGraph, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a LineageQuery,
    }
    call("lineage", &Args { query }).await
}

/// Acts as another persona of the sandbox; the reply's `identity` is who the window is now.
pub async fn switch_identity(id: &str) -> Result<MeshInfo, ApiError> {
    call("switch_identity", &IdArgs { id }).await
}

pub async fn preview_request(draft: &RequestDraft) -> Result<RequestPreview, ApiError> {
    call("preview_request", &DraftArgs { draft }).await
}

pub async fn submit_request(draft: &RequestDraft) -> Result<RequestView, ApiError> {
    call("submit_request", &DraftArgs { draft }).await
}

pub async fn requests(filter: &RequestFilter) -> Result<Vec<RequestView>, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        filter: &'a RequestFilter,
    }
    call("requests", &Args { filter }).await
}

pub async fn request(id: &str) -> Result<RequestView, ApiError> {
    call("request", &IdArgs { id }).await
}

pub async fn decide(input: &DecideInput) -> Result<RequestView, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        input: &'a DecideInput,
    }
    call("decide", &Args { input }).await
}

/// Up to `limit` tables the acting identity can read, in name order after `after`.
pub async fn my_access_page(after: Option<&TableRef>, limit: u32) -> Result<AccessPage, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        after: Option<&'a TableRef>,
        limit: u32,
    }
    call("my_access_page", &Args { after, limit }).await
}

/// Every column of `table`, each with who can read it.
pub async fn who_can_read(table: &TableRef) -> Result<Vec<ColumnReaders>, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        table: &'a TableRef,
    }
    call("who_can_read", &Args { table }).await
}

pub async fn grants(product: &ProductRef) -> Result<Vec<GrantView>, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        product: &'a ProductRef,
    }
    call("grants", &Args { product }).await
}

pub async fn plan_policy(changes: &[PolicyChange]) -> Result<Plan, ApiError> {
    call("plan_policy", &ChangesArgs { changes }).await
}

/// Applies the changes and answers with the plan applied; refused whole if any change has a problem.
pub async fn apply_policy(changes: &[PolicyChange]) -> Result<Plan, ApiError> {
    call("apply_policy", &ChangesArgs { changes }).await
}

pub async fn audit_events(query: &AuditQuery) -> Result<AuditPage, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a AuditQuery,
    }
    call("audit_events", &Args { query }).await
}

pub async fn verify_audit() -> Result<VerifyReport, ApiError> {
    call("verify_audit", &NoArgs {}).await
}

pub async fn access_matrix() -> Result<AccessMatrix, ApiError> {
    call("access_matrix", &NoArgs {}).await
}

pub async fn findings() -> Result<Vec<FindingView>, ApiError> {
    call("findings", &NoArgs {}).await
}

pub async fn repair_finding(id: &str) -> Result<Plan, ApiError> {
    call("repair_finding", &IdArgs { id }).await
}

/// The backend writes the export into the data directory and says where (`saved_to`).
pub async fn export(kind: ExportKind, format: ExportFormat) -> Result<Export, ApiError> {
    #[derive(Serialize)]
    struct Args {
        kind: ExportKind,
        format: ExportFormat,
    }
    call("export", &Args { kind, format }).await
}

pub async fn reconcile() -> Result<ReconcileReport, ApiError> {
    call("reconcile", &NoArgs {}).await
}

/// The product's annotations as the current identity may edit them.
pub async fn product_annotations(product: &ProductRef) -> Result<ProductAnnotations, ApiError> {
    call("product_annotations", &ProductArgs { product }).await
}

pub async fn plan_annotation(edit: &AnnotationEdit) -> Result<AnnotationPlan, ApiError> {
    call("plan_annotation", &EditArgs { edit }).await
}

/// Saves the edit as one audited change; refused whole if any field has a problem.
pub async fn annotate(edit: &AnnotationEdit) -> Result<AnnotationPlan, ApiError> {
    call("annotate", &EditArgs { edit }).await
}

pub async fn plan_publish(product: &ProductRef, publish: bool) -> Result<PublishPlan, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        product: &'a ProductRef,
        publish: bool,
    }
    call("plan_publish", &Args { product, publish }).await
}

/// Unpublishing a product with consumers is refused unless `input.confirm` is set.
pub async fn publish(input: &PublishInput) -> Result<PublishPlan, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        input: &'a PublishInput,
    }
    call("publish", &Args { input }).await
}

pub async fn plan_contract(edit: &ContractEdit) -> Result<ContractPlan, ApiError> {
    call("plan_contract", &ContractArgs { edit }).await
}

pub async fn save_contract(edit: &ContractEdit) -> Result<ContractPlan, ApiError> {
    call("save_contract", &ContractArgs { edit }).await
}

/// The table's versions (newest first) with what each changed, and its audit events.
pub async fn table_history(table: &TableRef) -> Result<TableHistory, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        table: &'a TableRef,
    }
    call("table_history", &Args { table }).await
}

/// Broken contracts of the products the current identity owns and of the tables it relies on.
pub async fn contract_alerts() -> Result<ContractAlerts, ApiError> {
    call("contract_alerts", &NoArgs {}).await
}

/// Databases the current identity may publish as products.
pub async fn unpublished_databases() -> Result<Vec<ProductRef>, ApiError> {
    call("unpublished_databases", &NoArgs {}).await
}

/// Where to sign in with IAM Identity Center: the mesh file's `[sso]`, then `~/.aws/config`'s sso-sessions.
pub async fn sign_in_targets() -> Result<Vec<SsoTarget>, ApiError> {
    call("sign_in_targets", &NoArgs {}).await
}

#[derive(Serialize)]
struct TargetArgs<'a> {
    target: &'a SsoTarget,
}

pub async fn sign_in_state(target: &SsoTarget) -> Result<SignInState, ApiError> {
    call("sign_in_state", &TargetArgs { target }).await
}

/// Starts the device sign-in: the code to show.
pub async fn sign_in_start(target: &SsoTarget) -> Result<SignInCode, ApiError> {
    call("sign_in_start", &TargetArgs { target }).await
}

/// Asks the backend to open the verification page of the sign-in under way in the browser.
pub async fn open_sign_in_page() -> Result<(), ApiError> {
    call("open_sign_in_page", &NoArgs {}).await
}

/// Waits until the user approves the sign-in (or it is denied, or its code expires).
pub async fn sign_in_wait() -> Result<SsoSessionInfo, ApiError> {
    call("sign_in_wait", &NoArgs {}).await
}

pub async fn sign_out(target: &SsoTarget) -> Result<bool, ApiError> {
    call("sign_out", &TargetArgs { target }).await
}

pub async fn sso_accounts(target: &SsoTarget) -> Result<Vec<SsoAccountChoice>, ApiError> {
    call("sso_accounts", &TargetArgs { target }).await
}

/// Adds the picked accounts to the mesh file; answers how many were added.
pub async fn add_sso_accounts(target: &SsoTarget, hub: &SsoAccountPick, picks: &[SsoAccountPick]) -> Result<usize, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        target: &'a SsoTarget,
        hub: &'a SsoAccountPick,
        picks: &'a [SsoAccountPick],
    }
    call("add_sso_accounts", &Args { target, hub, picks }).await
}

#[derive(Serialize)]
struct NoArgs {}

#[derive(Serialize)]
struct ProductArgs<'a> {
    product: &'a ProductRef,
}

#[derive(Serialize)]
struct EditArgs<'a> {
    edit: &'a AnnotationEdit,
}

#[derive(Serialize)]
struct ContractArgs<'a> {
    edit: &'a ContractEdit,
}

#[derive(Serialize)]
struct IdArgs<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct DraftArgs<'a> {
    draft: &'a RequestDraft,
}

#[derive(Serialize)]
struct ChangesArgs<'a> {
    changes: &'a [PolicyChange],
}

async fn call<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, ApiError> {
    // json_compatible: maps become plain objects and integers plain numbers, as Tauri expects.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| ApiError::internal(format!("could not encode the arguments of {cmd}: {e}")))?;
    let promise = tauri_invoke(cmd, args)
        .map_err(|e| ApiError::internal(format!("the Meshdesk backend is not reachable ({})", describe(&e))))?;
    match JsFuture::from(promise).await {
        Ok(reply) => serde_wasm_bindgen::from_value(reply)
            .map_err(|e| ApiError::internal(format!("unexpected reply to {cmd}: {e}"))),
        Err(rejection) => Err(serde_wasm_bindgen::from_value::<ApiError>(rejection.clone())
            .unwrap_or_else(|_| ApiError::internal(describe(&rejection)))),
    }
}

/// A readable text for any JS value a call can fail with: an Error's message, a string as is,
/// anything else as JSON.
fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    if let Some(text) = value.as_string() {
        return text;
    }
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{value:?}"))
}
