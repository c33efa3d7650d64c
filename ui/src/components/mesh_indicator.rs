//! The top bar's word on how the mesh stands — "1 account failed", "Partial view", "LF bypassed",
//! the whole of it in the tooltip — when something is wrong; it opens the Accounts section of
//! Settings.

use crate::app::{use_navigation, Page};
use crate::ipc;
use crate::mesh_health::{Indicator, indicator};
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
        // The bar shows the short label (its icon drawn by the style); the tooltip, and what a
        // screen reader says, is all of it.
        said.map(|Indicator { label, detail, level }| {
            view! {
                <button
                    id="mesh-indicator"
                    class="mesh-indicator"
                    data-level=level.as_str()
                    title=detail.clone()
                    aria-label=detail
                    on:click=move |_| nav.go(Page::Settings)
                >
                    {label}
                </button>
            }
        })
    }
}
