//! The top bar's Identity Center session: until when the sign-in of the mesh file's `[sso]`
//! lasts, and — when Identity Center ended it or nobody signed in yet — one click to sign in
//! (Settings opens and the device sign-in starts at once). Shown only for a mesh file with an
//! `[sso]` section; read again whenever the data version moves (after a sign-in, a reopen)
//! and when opening the mesh again failed or the user signed out (`SignInRequest::recheck`).

use crate::app::{Page, use_navigation};
use crate::ipc;
use crate::session::{SignInRequest, use_data_version};
use crate::sign_in_view::session_chip_line;
use leptos::prelude::*;
use meshdesk_protocol::SignInState;

#[component]
pub fn SessionChip() -> impl IntoView {
    let version = use_data_version();
    let nav = use_navigation();
    let request = expect_context::<SignInRequest>();
    let state = LocalResource::new(move || {
        version.track();
        request.track_checks();
        async move {
            // The mesh file's own `[sso]` (no sso-session name); `~/.aws/config`'s are offered in Settings only.
            let target = ipc::sign_in_targets().await.ok()?.into_iter().find(|t| t.session_name.is_none())?;
            ipc::sign_in_state(&target).await.ok()
        }
    });
    let sign_in = move |_| {
        request.ask();
        nav.go(Page::Settings);
    };
    move || {
        let shown = state.get().flatten()?;
        Some(match shown {
            SignInState::SignedIn { session } => view! {
                <span id="session-chip" class="session-chip" data-state="signed-in" title=crate::sign_in_view::session_line(&session)>
                    {session_chip_line(&session, (js_sys::Date::now() / 1000.0) as i64)}
                </span>
            }
            .into_any(),
            SignInState::Ended { message } => view! {
                <span id="session-chip" class="session-chip" data-state="ended" title=message>
                    "Session ended"
                    <button id="session-sign-in" class="button small" on:click=sign_in>"Sign in again"</button>
                </span>
            }
            .into_any(),
            SignInState::SignedOut => view! {
                <span id="session-chip" class="session-chip" data-state="signed-out">
                    "Not signed in"
                    <button id="session-sign-in" class="button small" on:click=sign_in>"Sign in"</button>
                </span>
            }
            .into_any(),
        })
    }
}
