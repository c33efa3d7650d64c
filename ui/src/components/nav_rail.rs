//! The left navigation: Catalog, Requests, My access, Policies (owners and stewards), Audit
//! (stewards), Settings.
//!
//! Hiding a section only spares people pages they cannot use: the backend checks every call.

use crate::app::{Page, use_navigation};
use crate::session::use_viewer;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Catalog,
    Requests,
    MyAccess,
    Policies,
    Audit,
    Settings,
}

impl Section {
    const ALL: [Section; 6] =
        [Section::Catalog, Section::Requests, Section::MyAccess, Section::Policies, Section::Audit, Section::Settings];

    fn id(self) -> &'static str {
        match self {
            Section::Catalog => "nav-catalog",
            Section::Requests => "nav-requests",
            Section::MyAccess => "nav-my-access",
            Section::Policies => "nav-policies",
            Section::Audit => "nav-audit",
            Section::Settings => "nav-settings",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Section::Catalog => "Catalog",
            Section::Requests => "Requests",
            Section::MyAccess => "My access",
            Section::Policies => "Policies",
            Section::Audit => "Audit",
            Section::Settings => "Settings",
        }
    }

    fn page(self) -> Page {
        match self {
            Section::Catalog => Page::Catalog,
            Section::Requests => Page::Requests,
            Section::MyAccess => Page::MyAccess,
            Section::Policies => Page::Policies,
            Section::Audit => Page::Audit,
            Section::Settings => Page::Settings,
        }
    }

    /// The section a page belongs to: a product and the request form belong to the catalog, a
    /// request to the requests.
    fn of(page: &Page) -> Section {
        match page {
            Page::Catalog | Page::Product { .. } | Page::NewRequest { .. } => Section::Catalog,
            Page::Requests | Page::Request { .. } => Section::Requests,
            Page::MyAccess => Section::MyAccess,
            Page::Policies => Section::Policies,
            Page::Audit => Section::Audit,
            Page::Settings => Section::Settings,
        }
    }
}

#[component]
pub fn NavRail() -> impl IntoView {
    let nav = use_navigation();
    let viewer = use_viewer();
    let current = Memo::new(move |_| nav.with(Section::of));
    let items = move || {
        Section::ALL
            .into_iter()
            .filter(|s| match s {
                Section::Policies => viewer.sets_policy(),
                Section::Audit => viewer.is_steward(),
                _ => true,
            })
            .map(|section| {
                let active = move || current.get() == section;
                view! {
                    <button
                        id=section.id()
                        class="nav-item"
                        class:active=active
                        aria-current=move || active().then_some("page")
                        on:click=move |_| nav.go(section.page())
                    >
                        {section.label()}
                    </button>
                }
            })
            .collect_view()
    };
    view! { <nav class="nav-rail" aria-label="Sections">{items}</nav> }
}
