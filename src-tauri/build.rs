//! Generates Tauri's context and the permission set of Meshdesk's own commands, so the
//! capability file can allow exactly them and nothing else.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&["mesh_info", "search_catalog", "product", "lineage"]);
    if let Err(error) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands)) {
        println!("cargo::error=tauri build step failed: {error:#}");
    }
}
