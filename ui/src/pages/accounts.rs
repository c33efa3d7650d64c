//! The Accounts section of Settings: every account of the mesh and how it stands — read, shown
//! from the cache, or failed and why — with what the user should know about its view, and a
//! refresh that shows each account's progress while it runs.
//!
//! The refresh command resolves only when every account is read; meanwhile the section polls
//! `refresh_progress`, so the window stays responsive and the bars move.

use crate::components::error_banner::{error_fallback, ErrorBanner, Loading, Problem};
use crate::freshness::count_of;
use crate::ipc;
use crate::mesh_health::{percent, progress_of, stage_label, state_label};
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{AccountProgressView, AccountStatusView, ApiError, MeshStatus, WarningKind};
use std::time::Duration;

/// How often the progress is read while a refresh runs.
const POLL: Duration = Duration::from_millis(300);

#[derive(Clone, Copy)]
struct RefreshState {
    running: RwSignal<bool>,
    progress: RwSignal<Vec<AccountProgressView>>,
    notice: RwSignal<Option<String>>,
    failure: RwSignal<Option<ApiError>>,
}

impl RefreshState {
    fn new() -> Self {
        RefreshState {
            running: RwSignal::new(false),
            progress: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            failure: RwSignal::new(None),
        }
    }

    fn read_progress(self) {
        spawn_local(async move {
            if let Ok(p) = ipc::refresh_progress().await {
                self.progress.try_set(p.accounts);
            }
        });
    }

    fn start(self, on_done: impl FnOnce() + 'static) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        self.notice.set(None);
        self.failure.set(None);
        self.progress.set(Vec::new());
        let poll = set_interval_with_handle(move || self.read_progress(), POLL).ok();
        spawn_local(async move {
            let result = ipc::refresh_mesh().await;
            if let Some(poll) = poll {
                poll.clear();
            }
            if let Ok(p) = ipc::refresh_progress().await {
                self.progress.try_set(p.accounts);
            }
            self.running.try_set(false);
            match result {
                Ok(status) if !status.refreshable => {
                    self.notice.try_set(Some(
                        "Nothing to refresh: the sandbox is read from its store every time, so it is always current."
                            .to_owned(),
                    ));
                }
                Ok(status) => {
                    let failed = status.failed();
                    let read = status.accounts.len() - failed;
                    self.notice.try_set(Some(format!(
                        "Refreshed: {} read{}.",
                        count_of(read, "account", "accounts"),
                        if failed > 0 { format!(", {failed} failed (see below)") } else { String::new() }
                    )));
                    on_done();
                }
                Err(error) => {
                    self.failure.try_set(Some(error));
                }
            }
        });
    }
}

#[component]
pub fn AccountsSection() -> impl IntoView {
    let version = use_data_version();
    let status = LocalResource::new(move || {
        version.track();
        ipc::mesh_status()
    });
    let refresh = RefreshState::new();
    let running = refresh.running;
    view! {
        <section class="settings-group accounts-section" id="accounts">
            <div class="section-head">
                <h2>"Accounts"</h2>
                <button
                    id="refresh-mesh"
                    class="button"
                    disabled=move || running.get()
                    on:click=move |_| refresh.start(move || version.bump())
                >
                    {move || if running.get() { "Refreshing…" } else { "Refresh" }}
                </button>
            </div>
            {move || refresh.notice.get().map(|text| view! { <p id="refresh-notice" class="muted" role="status">{text}</p> })}
            {move || {
                refresh.failure.get().map(|error| {
                    let problem = Problem::from_api(&error);
                    view! { <ErrorBanner problem=Signal::derive(move || problem.clone())/> }
                })
            }}
            <Transition fallback=|| view! { <Loading what="accounts"/> }>
                <ErrorBoundary fallback=error_fallback(move || status.refetch())>
                    {move || Suspend::new(async move {
                        status.await.map(|status| view! { <AccountsTable status refresh/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn AccountsTable(status: MeshStatus, refresh: RefreshState) -> impl IntoView {
    let aws = status.refreshable;
    let notice = status.cache_notice.map(|text| view! { <p id="cache-notice" class="notice" role="status">{text}</p> });
    let rows = status
        .accounts
        .into_iter()
        .map(|account| view! { <AccountRow account aws refresh/> })
        .collect_view();
    view! {
        {notice}
        <table class="accounts" id="accounts-table">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Domain"</th>
                    <th>"Account"</th>
                    {aws.then(|| view! { <th>"Profile"</th> })}
                    <th>"Status"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn AccountRow(account: AccountStatusView, aws: bool, refresh: RefreshState) -> impl IntoView {
    let (word, detail) = state_label(&account.state);
    let key = account.account.clone().or_else(|| account.profile.clone()).unwrap_or_default();
    let (profile, id) = (account.profile.clone(), account.account.clone());
    let live = move || {
        refresh.progress.with(|all| progress_of(all, profile.as_deref(), id.as_deref()).cloned())
    };
    let warnings = account
        .warnings
        .into_iter()
        .map(|w| {
            let kind = match w.kind {
                WarningKind::PartialView => "partial-view",
                WarningKind::LakeFormationBypass => "lake-formation-bypass",
                WarningKind::Other => "other",
            };
            view! { <li class="account-warning" data-warning=kind>{w.message}</li> }
        })
        .collect_view();
    view! {
        <tr data-account=key data-state=word>
            <td class="account-name">{account.name}</td>
            <td>{account.domain}</td>
            <td><code>{account.account.unwrap_or_else(|| "unknown".to_owned())}</code></td>
            {aws.then(|| view! { <td><code>{account.profile.unwrap_or_default()}</code></td> })}
            <td class="account-status">
                {move || match live().filter(|_| refresh.running.get()) {
                    Some(p) => {
                        let pct = percent(&p.stage);
                        view! {
                            <div class="account-progress" data-percent=pct.to_string()>
                                <div class="progress-track">
                                    <div class="progress-fill" style:width=format!("{pct}%")></div>
                                </div>
                                <span class="progress-label">{stage_label(&p.stage)}</span>
                            </div>
                        }
                        .into_any()
                    }
                    None => view! {
                        <span class="account-state" data-state=word>{word}</span>
                        <span class="account-detail">{detail.clone()}</span>
                    }
                    .into_any(),
                }}
                <ul class="account-warnings">{warnings}</ul>
            </td>
        </tr>
    }
}
