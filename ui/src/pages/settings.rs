//! The settings page: which mesh and where its state lives (and opening it again), the
//! accounts, signing in, and the theme.

use crate::app::{Mesh, use_theme};
use crate::pages::accounts::AccountsSection;
use crate::components::error_banner::{Loading, error_fallback};
use crate::session::{SignInRequest, reopen_mesh, use_data_version};
use crate::sign_in_view::reopened_line;
use crate::theme::Theme;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, MeshInfo, MeshKind};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let mesh = expect_context::<Mesh>();
    let theme = use_theme();
    view! {
        <section class="settings-page">
            <h1>"Settings"</h1>
            <section class="settings-group">
                <h2>"Mesh"</h2>
                <Transition fallback=|| view! { <Loading what="mesh"/> }>
                    <ErrorBoundary fallback=error_fallback(move || mesh.resource().refetch())>
                        {move || Suspend::new(async move {
                            mesh.resource().await.map(|info| view! { <MeshSettings info/> })
                        })}
                    </ErrorBoundary>
                </Transition>
                <ReopenMesh/>
            </section>
            <AccountsSection/>
            <crate::pages::settings_sign_in::SignInSection/>
            <section class="settings-group">
                <h2>"Appearance"</h2>
                <div class="setting">
                    <span>"Theme: "</span>
                    <strong id="theme-current">{move || theme.get().as_str()}</strong>
                    <button id="theme-toggle" class="button" on:click=move |_| theme.update(|t| *t = t.toggled())>
                        {move || match theme.get() {
                            Theme::Light => "Switch to dark theme",
                            Theme::Dark => "Switch to light theme",
                        }}
                    </button>
                </div>
            </section>
        </section>
    }
}

#[component]
fn MeshSettings(info: MeshInfo) -> impl IntoView {
    let kind = match info.kind {
        MeshKind::Sandbox => "Sandbox (embedded demo mesh, no AWS needed)",
        MeshKind::Aws => "AWS",
    };
    view! {
        <dl class="facts">
            <dt>"Kind"</dt>
            <dd id="settings-mesh-kind">{kind}</dd>
            <dt>"Name"</dt>
            <dd id="settings-mesh-name">{info.name}</dd>
            <dt>"Store"</dt>
            <dd><code id="settings-store-path">{info.store_path}</code></dd>
            <dt>"Data directory"</dt>
            <dd><code id="settings-data-dir">{info.data_dir}</code></dd>
        </dl>
    }
}

/// Opens the mesh again from the mesh file (after editing it by hand, or signing in from the
/// command line): every page then reads the new mesh. A failure keeps the mesh shown.
#[component]
fn ReopenMesh() -> impl IntoView {
    let version = use_data_version();
    let sign_in = expect_context::<SignInRequest>();
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Result<String, ApiError>>> = RwSignal::new(None);
    let reopen = move |_| {
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = reopen_mesh(version, sign_in).await;
            outcome.try_set(Some(result.map(|info| reopened_line(&info))));
            busy.try_set(false);
        });
    };
    view! {
        <div class="setting">
            <button id="reopen-mesh" class="button" disabled=move || busy.get() on:click=reopen>"Open the mesh again"</button>
        </div>
        {move || outcome.get().map(|o| match o {
            Ok(line) => view! { <p class="notice ok" id="reopen-result">{line}</p> }.into_any(),
            Err(e) => view! {
                <p class="notice error" id="reopen-result">
                    {format!("The mesh could not be opened again, so the one shown before stays: {}", e.message)}
                </p>
            }
            .into_any(),
        })}
    }
}
