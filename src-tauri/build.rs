//! Generates Tauri's context and the permission set of Meshdesk's own commands, so the
//! capability file can allow exactly them and nothing else.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&[
        "mesh_info", "switch_identity", "search_catalog", "product", "lineage", "preview_request", "submit_request", "requests", "request", "decide", "my_access_page", "who_can_read", "grants", "plan_policy", "apply_policy", "audit_events", "verify_audit", "access_matrix", "findings", "repair_finding", "export", "reconcile",
        "product_annotations", "plan_annotation", "annotate", "plan_publish", "publish", "plan_contract", "save_contract",
        "table_history", "contract_alerts", "unpublished_databases",
        "mesh_status", "refresh_mesh", "refresh_progress", "reopen_mesh",
        "sign_in_targets", "sign_in_state", "sign_in_start", "open_sign_in_page", "sign_in_wait", "sign_out", "sso_accounts", "add_sso_accounts",
    ]);
    if let Err(error) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands)) {
        println!("cargo::error=tauri build step failed: {error:#}");
    }
}
