//! The left navigation: Catalog and Settings.

use crate::app::{Page, use_navigation};
use leptos::prelude::*;

#[component]
pub fn NavRail() -> impl IntoView {
    let nav = use_navigation();
    // A product page belongs to the catalog: the catalog entry stays marked while it is open.
    let on_catalog = move || nav.with(|p| matches!(p, Page::Catalog | Page::Product { .. }));
    let on_settings = move || nav.with(|p| matches!(p, Page::Settings));
    view! {
        <nav class="nav-rail" aria-label="Sections">
            <button
                id="nav-catalog"
                class="nav-item"
                class:active=on_catalog
                aria-current=move || on_catalog().then_some("page")
                on:click=move |_| nav.go(Page::Catalog)
            >
                "Catalog"
            </button>
            <button
                id="nav-settings"
                class="nav-item"
                class:active=on_settings
                aria-current=move || on_settings().then_some("page")
                on:click=move |_| nav.go(Page::Settings)
            >
                "Settings"
            </button>
        </nav>
    }
}
