//! Meshdesk's window: the Leptos app for the Tauri webview, mounted into the page's body.

mod access_groups;
mod annotation_form;
mod app;
mod audit_filter;
mod choice;
mod components;
mod contract_form;
mod dates;
mod debounce;
mod filters;
mod findings;
mod form_error;
mod freshness;
mod highlight;
mod identity;
mod ipc;
mod lineage_controls;
mod lineage_geometry;
mod matrix_grid;
mod mesh_health;
mod pages;
mod palette;
mod plan_summary;
mod policy_editor;
mod request_actions;
mod request_form;
mod request_list;
mod schema_changes;
mod session;
mod sign_in_view;
mod theme;
mod virtual_window;

fn main() {
    // A panic in wasm otherwise only says "unreachable": send its message to the webview console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    leptos::mount::mount_to_body(app::App);
}
