//! Meshdesk's window: the Leptos app for the Tauri webview, mounted into the page's body.

mod app;
mod components;
mod filters;
mod freshness;
mod highlight;
mod ipc;
mod lineage_controls;
mod lineage_geometry;
mod pages;
mod palette;
mod theme;
mod virtual_window;

fn main() {
    // A panic in wasm otherwise only says "unreachable": send its message to the webview console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    leptos::mount::mount_to_body(app::App);
}
