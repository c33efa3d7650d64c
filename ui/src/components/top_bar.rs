//! The top bar: which mesh, who you are (and, on the sandbox, who to be), its size, the
//! Identity Center session, and the quick search (Ctrl/Cmd-K).

use crate::app::{Mesh, Page, use_navigation};
use crate::components::error_banner::error_fallback;
use crate::components::mesh_indicator::MeshIndicator;
use crate::components::session_chip::SessionChip;
use crate::freshness::count_of;
use crate::identity::persona_label;
use crate::pages::catalog::CatalogState;
use crate::session::use_viewer;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{MeshInfo, MeshKind, Persona};

#[component]
pub fn TopBar() -> impl IntoView {
    let mesh = expect_context::<Mesh>();
    let nav = use_navigation();
    let catalog = expect_context::<CatalogState>();
    let quick_search = NodeRef::<html::Input>::new();

    let shortcut = window_event_listener(ev::keydown, move |event| {
        if (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("k") {
            event.prevent_default();
            if let Some(input) = quick_search.get_untracked() {
                let _ = input.focus();
                input.select();
            }
        }
    });
    on_cleanup(move || shortcut.remove());

    let show_catalog = move || {
        if !nav.with(|p| matches!(p, Page::Catalog)) {
            nav.go(Page::Catalog);
        }
    };

    view! {
        <header class="top-bar">
            <div class="brand">"Meshdesk"</div>
            <div class="mesh-area">
                <Transition fallback=|| view! { <span class="muted">"Loading mesh…"</span> }>
                    <ErrorBoundary fallback=error_fallback(move || mesh.resource().refetch())>
                        {move || Suspend::new(async move {
                            mesh.resource().await.map(|info| view! { <MeshSummary info/> })
                        })}
                    </ErrorBoundary>
                </Transition>
                <SessionChip/>
                <MeshIndicator/>
            </div>
            <input
                id="quick-search"
                class="quick-search"
                type="search"
                placeholder="Search products (Ctrl/⌘ K)"
                aria-label="Quick search"
                autocomplete="off"
                node_ref=quick_search
                prop:value=move || catalog.draft.get()
                on:input=move |event| {
                    catalog.type_text(event_target_value(&event));
                    show_catalog();
                }
                on:keydown=move |event| {
                    if event.key() == "Enter" {
                        show_catalog();
                    }
                }
            />
        </header>
    }
}

#[component]
fn MeshSummary(info: MeshInfo) -> impl IntoView {
    let kind = match info.kind {
        MeshKind::Sandbox => "sandbox",
        MeshKind::Aws => "AWS",
    };
    let counts = format!(
        "{} · {} · {}",
        count_of(info.accounts.len(), "account", "accounts"),
        count_of(info.product_count as usize, "product", "products"),
        count_of(info.table_count as usize, "table", "tables"),
    );
    let switchable = info.kind == MeshKind::Sandbox && !info.personas.is_empty();
    let identity = if switchable {
        Some(view! { <IdentitySwitcher personas=info.personas current=info.identity/> }.into_any())
    } else {
        info.identity.map(|persona| {
            // A principal's name can be long (an SSO role session, an ARN): the bar shows what
            // fits, the tooltip all of it.
            let whole = format!("{}, account {}", persona_label(&persona), persona.account);
            view! {
                <span class="identity" title=whole>
                    <span class="identity-name">{persona.name}</span>
                    {(!persona.role.is_empty()).then(|| view! { <span class="identity-role">{persona.role}</span> })}
                </span>
            }
            .into_any()
        })
    };
    let (name, whole_name) = (info.name.clone(), info.name);
    // Two lines each, so that the bar has room for all of it: the mesh's name over its size, who
    // you are over your role.
    view! {
        <div class="mesh-summary">
            <div class="mesh-title">
                <div class="mesh-title-line">
                    <span id="mesh-name" class="mesh-name" title=whole_name>{name}</span>
                    <span class="badge mesh-kind" data-kind=kind>{kind}</span>
                </div>
                <span id="mesh-counts" class="mesh-counts">{counts}</span>
            </div>
            {identity}
        </div>
    }
}

/// The sandbox's personas: choosing one acts as it, and every page reads again as that persona.
#[component]
fn IdentitySwitcher(personas: Vec<Persona>, current: Option<Persona>) -> impl IntoView {
    let viewer = use_viewer();
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let current_id = current.map(|p| p.id).unwrap_or_default();
    // The select shows what fits of the chosen persona; its tooltip says all of it.
    let whole = personas.iter().find(|p| p.id == current_id).map(switcher_label);
    let options = personas
        .into_iter()
        .map(|p| {
            let selected = p.id == current_id;
            view! { <option value=p.id.clone() selected=selected>{switcher_label(&p)}</option> }
        })
        .collect_view();
    view! {
        <label class="identity">
            <span class="identity-role">"acting as"</span>
            <select
                id="identity-select"
                title=whole
                data-identity=current_id.clone()
                on:change=move |event| {
                    let id = event_target_value(&event);
                    failure.set(None);
                    spawn_local(async move {
                        if let Err(error) = viewer.switch_to(&id).await {
                            failure.try_set(Some(error.message));
                        }
                    });
                }
            >
                {(current_id.is_empty()).then(|| view! { <option value="" selected>"nobody"</option> })}
                {options}
            </select>
        </label>
        {move || failure.get().map(|message| view! {
            <span id="identity-error" class="form-error" role="alert">{format!("Could not switch: {message}")}</span>
        })}
    }
}

/// "Lee Park — Data steward (steward)": who the persona is, and that it may act as the steward.
fn switcher_label(persona: &Persona) -> String {
    let steward = if persona.steward { " (steward)" } else { "" };
    format!("{}{steward}", persona_label(persona))
}
