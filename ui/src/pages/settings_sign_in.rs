//! Settings → Sign in: IAM Identity Center's device sign-in (start URL and region prefilled
//! from the mesh file or `~/.aws/config`), the code to check, the verification page opened by
//! the backend, when the session ends, one click to sign in again when it ended, and the
//! account and role picker that adds accounts to the mesh file. After a sign-in, and after
//! accounts were added (and read), the mesh is opened again: every page shows the signed-in
//! mesh without a restart.

use std::collections::BTreeMap;

use crate::ipc;
use crate::session::{DataVersion, SignInRequest, reopen_mesh, use_data_version};
use crate::sign_in_view::{default_role, reopened_line, session_line};
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, MeshInfo, SignInCode, SignInState, SsoAccountChoice, SsoAccountPick, SsoTarget};

#[derive(Clone, Copy)]
struct Form {
    start_url: RwSignal<String>,
    region: RwSignal<String>,
    state: RwSignal<Option<SignInState>>,
    code: RwSignal<Option<SignInCode>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
    accounts: RwSignal<Vec<SsoAccountChoice>>,
    /// account id → role chosen (absent: not picked).
    picked: RwSignal<BTreeMap<String, String>>,
    preferred_role: RwSignal<String>,
    version: DataVersion,
    request: SignInRequest,
}

impl Form {
    fn target(&self) -> SsoTarget {
        SsoTarget { start_url: self.start_url.get_untracked(), region: self.region.get_untracked(), session_name: None }
    }

    fn check_state(self) {
        let target = self.target();
        if target.start_url.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            match ipc::sign_in_state(&target).await {
                Ok(state) => {
                    self.state.try_set(Some(state));
                }
                Err(e) => {
                    self.error.try_set(Some(e.message));
                }
            }
        });
    }

    fn sign_in(self) {
        let target = self.target();
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            match ipc::sign_in_start(&target).await {
                Ok(code) => {
                    self.code.try_set(Some(code));
                    // Best effort: the page and code are on screen either way.
                    let _ = ipc::open_sign_in_page().await;
                    match ipc::sign_in_wait().await {
                        Ok(session) => {
                            self.state.try_set(Some(SignInState::SignedIn { session }));
                            self.code.try_set(None);
                            self.reopen("Signed in.").await;
                        }
                        Err(e) => {
                            self.error.try_set(Some(e.message));
                        }
                    }
                }
                Err(e) => {
                    self.error.try_set(Some(e.message));
                }
            }
            self.code.try_set(None);
            self.busy.try_set(false);
        });
    }

    /// Opens the mesh again and says how that went after `done` (what happened before).
    async fn reopen(self, done: &str) {
        self.notice.try_set(Some(format!("{done} Opening the mesh…")));
        let opened = reopen_mesh(self.version, self.request).await;
        self.say_opened(done, opened, "The mesh could not be opened again, so the one shown before stays");
    }

    /// Says, after `done`, which mesh is open now and how much of it is shown — or, the mesh
    /// shown before staying, that `failed` and why (as an error, the progress notice gone).
    fn say_opened(self, done: &str, opened: Result<MeshInfo, ApiError>, failed: &str) {
        match opened {
            Ok(info) => {
                self.notice.try_set(Some(format!("{done} {}", reopened_line(&info))));
            }
            Err(e) => {
                self.notice.try_set(None);
                self.error.try_set(Some(format!("{done} {failed}: {}", e.message)));
            }
        }
    }

    fn sign_out(self) {
        let target = self.target();
        spawn_local(async move {
            match ipc::sign_out(&target).await {
                Ok(_) => {
                    self.state.try_set(Some(SignInState::SignedOut));
                    self.accounts.try_set(Vec::new());
                    self.request.recheck();
                }
                Err(e) => {
                    self.error.try_set(Some(e.message));
                }
            }
        });
    }

    fn load_accounts(self) {
        let target = self.target();
        self.busy.set(true);
        spawn_local(async move {
            match ipc::sso_accounts(&target).await {
                Ok(list) => {
                    let preferred = self.preferred_role.get_untracked();
                    let picked: BTreeMap<String, String> = list
                        .iter()
                        .filter(|a| !a.in_mesh)
                        .filter_map(|a| default_role(&a.roles, &preferred).map(|r| (a.account_id.clone(), r)))
                        .collect();
                    self.picked.try_set(picked);
                    self.accounts.try_set(list);
                }
                Err(e) => {
                    self.error.try_set(Some(e.message));
                }
            }
            self.busy.try_set(false);
        });
    }

    fn add_picked(self) {
        let target = self.target();
        let accounts = self.accounts.get_untracked();
        let picks: Vec<SsoAccountPick> = self
            .picked
            .get_untracked()
            .into_iter()
            .filter_map(|(id, role)| {
                let account = accounts.iter().find(|a| a.account_id == id)?;
                Some(SsoAccountPick { account_id: id, name: account.name.clone(), role, domain: String::new() })
            })
            .collect();
        let Some(hub) = picks.first().cloned() else {
            self.error.set(Some("pick at least one account and its role".to_owned()));
            return;
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            match ipc::add_sso_accounts(&target, &hub, &picks).await {
                Ok(added) => {
                    let done = format!("Added {added} account(s) to the mesh file.");
                    self.reopen(&done).await;
                    // The reopened mesh shows what its cache held; new accounts are read now.
                    if added > 0 && self.error.get_untracked().is_none() {
                        self.notice.try_set(Some(format!("{done} Reading the accounts…")));
                        let opened = match ipc::refresh_mesh().await {
                            Ok(_) => {
                                self.version.bump();
                                ipc::mesh_info().await
                            }
                            Err(e) => Err(e),
                        };
                        self.say_opened(&done, opened, "Reading the accounts failed");
                    }
                    self.accounts.try_set(Vec::new());
                }
                Err(e) => {
                    self.error.try_set(Some(e.message));
                }
            }
            self.busy.try_set(false);
        });
    }
}

#[component]
pub fn SignInSection() -> impl IntoView {
    let form = Form {
        start_url: RwSignal::new(String::new()),
        region: RwSignal::new(String::new()),
        state: RwSignal::new(None),
        code: RwSignal::new(None),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        notice: RwSignal::new(None),
        accounts: RwSignal::new(Vec::new()),
        picked: RwSignal::new(BTreeMap::new()),
        preferred_role: RwSignal::new(String::new()),
        version: use_data_version(),
        request: expect_context::<SignInRequest>(),
    };
    // The top bar's "Sign in again": start as soon as the start URL is known.
    let request = form.request;
    Effect::new(move |_| {
        if request.asked() && !form.start_url.with(|u| u.trim().is_empty()) && !form.busy.get_untracked() {
            request.take();
            form.sign_in();
        }
    });
    spawn_local(async move {
        if let Ok(targets) = ipc::sign_in_targets().await
            && let Some(first) = targets.into_iter().next()
        {
            form.start_url.try_set(first.start_url);
            form.region.try_set(first.region);
            form.check_state();
        }
    });
    view! {
        <section class="settings-group" id="sign-in">
            <h2>"Sign in (IAM Identity Center)"</h2>
            <div class="setting">
                <label>
                    "Start URL "
                    <input id="sso-start-url" type="url" placeholder="https://d-1234567890.awsapps.com/start"
                        prop:value=move || form.start_url.get()
                        on:input=move |ev| form.start_url.set(event_target_value(&ev))/>
                </label>
                <label>
                    " Region "
                    <input id="sso-region" type="text" placeholder="eu-west-1"
                        prop:value=move || form.region.get()
                        on:input=move |ev| form.region.set(event_target_value(&ev))/>
                </label>
            </div>
            <p id="sign-in-state">
                {move || match form.state.get() {
                    Some(SignInState::SignedIn { session }) => session_line(&session),
                    Some(SignInState::Ended { message }) => message,
                    Some(SignInState::SignedOut) => "Not signed in.".to_owned(),
                    None => "Enter the start URL and region of your AWS access portal.".to_owned(),
                }}
            </p>
            {move || form.code.get().map(|code| view! {
                <div class="notice" id="sign-in-code">
                    <p>"Check that the page shows this code, then approve:"</p>
                    <p><strong id="sign-in-user-code">{code.user_code.clone()}</strong></p>
                    <p><code>{code.verification_uri.clone()}</code></p>
                    <button class="button" id="sign-in-open-page" on:click=move |_| spawn_local(async move {
                        let _ = ipc::open_sign_in_page().await;
                    })>"Open the page again"</button>
                </div>
            })}
            <div class="setting">
                <button id="sign-in-button" class="button primary" disabled=move || form.busy.get() on:click=move |_| form.sign_in()>
                    {move || match form.state.get() {
                        Some(SignInState::Ended { .. }) => "Sign in again",
                        Some(SignInState::SignedIn { .. }) => "Sign in again",
                        _ => "Sign in",
                    }}
                </button>
                <button id="sign-out-button" class="button" disabled=move || !matches!(form.state.get(), Some(SignInState::SignedIn { .. }))
                    on:click=move |_| form.sign_out()>"Sign out"</button>
            </div>
            {move || form.error.get().map(|e| view! { <p class="notice error" id="sign-in-error">{e}</p> })}
            {move || matches!(form.state.get(), Some(SignInState::SignedIn { .. })).then(|| view! { <AccountPicker form/> })}
            {move || form.notice.get().map(|n| view! { <p class="notice ok" id="sign-in-notice">{n}</p> })}
        </section>
    }
}

#[component]
fn AccountPicker(form: Form) -> impl IntoView {
    view! {
        <h3>"Accounts"</h3>
        <div class="setting">
            <label>
                "Preferred role "
                <input id="sso-preferred-role" type="text" placeholder="MeshReader"
                    prop:value=move || form.preferred_role.get()
                    on:input=move |ev| form.preferred_role.set(event_target_value(&ev))/>
            </label>
            <button id="sso-load-accounts" class="button" disabled=move || form.busy.get() on:click=move |_| form.load_accounts()>
                "List my accounts"
            </button>
        </div>
        <table class="accounts" id="sso-accounts">
            <thead><tr><th>"Add"</th><th>"Account"</th><th>"Name"</th><th>"Role"</th></tr></thead>
            <tbody>
                {move || form.accounts.get().into_iter().map(|account| {
                    let id = account.account_id.clone();
                    let (id_check, id_role, id_checked, id_selected) = (id.clone(), id.clone(), id.clone(), id.clone());
                    let first_role = account.roles.first().cloned().unwrap_or_default();
                    let options = account.roles.iter().map(|r| {
                        let (value, label, role) = (r.clone(), r.clone(), r.clone());
                        let id_selected = id_selected.clone();
                        view! { <option value=value selected=move || form.picked.get().get(&id_selected) == Some(&role)>{label}</option> }
                    }).collect_view();
                    view! {
                        <tr data-account=id.clone()>
                            <td>
                                {if account.in_mesh {
                                    view! { <span class="muted">"in the mesh"</span> }.into_any()
                                } else {
                                    view! {
                                        <input type="checkbox"
                                            prop:checked=move || form.picked.get().contains_key(&id_checked)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let role = first_role.clone();
                                                form.picked.update(|p| {
                                                    if on { p.entry(id_check.clone()).or_insert(role); } else { p.remove(&id_check); }
                                                });
                                            }/>
                                    }.into_any()
                                }}
                            </td>
                            <td><code>{account.account_id.clone()}</code></td>
                            <td>{account.name.clone()}</td>
                            <td>
                                <select on:change=move |ev| {
                                    let role = event_target_value(&ev);
                                    form.picked.update(|p| { p.insert(id_role.clone(), role); });
                                }>{options}</select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <button id="sso-add-accounts" class="button primary" on:click=move |_| form.add_picked()>
            "Add the picked accounts to the mesh file"
        </button>
    }
}
