//! The top bar's word on how the mesh stands — "1 account failed", "view may be partial" — when
//! something is wrong; it opens the Accounts section of Settings.

use crate::app::{use_navigation, Page};
use crate::ipc;
use crate::mesh_health::indicator;
use crate::session::use_data_version;
use leptos::prelude::*;

#[component]
pub fn MeshIndicator() -> impl IntoView {
    let version = use_data_version();
    let nav = use_navigation();
    let status = LocalResource::new(move || {
        version.track();
        ipc::mesh_status()
    });
    // Quiet while loading or when the status cannot be read: the pages show their own errors.
    move || {
        let said = status.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).and_then(indicator));
        said.map(|(text, level)| {
            view! {
                <button
                    id="mesh-indicator"
                    class="mesh-indicator"
                    data-level=level.as_str()
                    title="How each account of the mesh stands"
                    on:click=move |_| nav.go(Page::Settings)
                >
                    {text}
                </button>
            }
        })
    }
}
