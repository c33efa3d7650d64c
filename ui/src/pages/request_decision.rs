//! The actions on a request the current identity may take, the input some of them ask for, and
//! what the page says when one succeeds or is refused.

use crate::app::{Navigation, Page, use_navigation};
use crate::components::error_banner::{ErrorBanner, Problem};
use crate::components::form_field::{Binding, Entry, FormField};
use crate::ipc;
use crate::request_actions::{
    DecisionForm, Needs, Refusal, STALE_MESSAGE, button_id, decision, done_text, label, needs, ordered, refusal,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, DecideInput, RequestAction, RequestView};

/// What the page tells the user after a decision; kept by the page, so it outlives the reload.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Done(&'static str),
    Refused(Refusal),
}

#[component]
pub fn NoticeLine(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        notice.get().map(|n| match n {
            Notice::Done(text) => {
                view! { <p id="decision-notice" class="notice ok" role="status">{text}</p> }.into_any()
            }
            Notice::Refused(Refusal::Stale) => {
                view! { <p id="decision-notice" class="notice conflict" role="alert">{STALE_MESSAGE}</p> }.into_any()
            }
            Notice::Refused(Refusal::Forbidden(message)) => {
                view! { <p id="decision-notice" class="notice forbidden" role="alert">{message}</p> }.into_any()
            }
            Notice::Refused(Refusal::Failed(error)) => view! {
                <ErrorBanner problem=Problem::from_api(&error) on_retry=Callback::new(move |()| notice.set(None))/>
            }
            .into_any(),
        })
    }
}

/// Runs decisions on one request as seen at `version`.
#[derive(Clone, Copy)]
pub struct Decider {
    pub id: StoredValue<String>,
    pub version: u64,
    pub notice: RwSignal<Option<Notice>>,
    /// The page's request; refetching it is safe even after the page is gone, unlike a callback.
    pub request: LocalResource<Result<RequestView, ApiError>>,
    pub open: RwSignal<Option<RequestAction>>,
    pub form: RwSignal<DecisionForm>,
    pub busy: RwSignal<bool>,
    pub problem: RwSignal<Option<String>>,
    nav: Navigation,
}

impl Decider {
    pub fn new(
        id: String,
        version: u64,
        notice: RwSignal<Option<Notice>>,
        request: LocalResource<Result<RequestView, ApiError>>,
    ) -> Self {
        Self {
            id: StoredValue::new(id),
            version,
            notice,
            request,
            open: RwSignal::new(None),
            form: RwSignal::new(DecisionForm::default()),
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            nav: use_navigation(),
        }
    }

    /// A button press: actions that need input open their panel, the others are sent at once.
    pub fn press(&self, action: RequestAction) {
        self.problem.set(None);
        if needs(action) == Needs::Nothing {
            self.send(action);
        } else {
            self.open.set(Some(action));
        }
    }

    pub fn send(&self, action: RequestAction) {
        let decide = match self.form.with_untracked(|f| decision(action, f)) {
            Ok(decide) => decide,
            Err(missing) => return self.problem.set(Some(missing.to_string())),
        };
        // Every decision names the version the user saw: if the request moved, it is refused.
        let input = DecideInput { id: self.id.get_value(), expected_version: self.version, decision: decide };
        let this = *self;
        this.busy.set(true);
        this.notice.set(None);
        spawn_local(async move {
            let result = ipc::decide(&input).await;
            this.busy.try_set(false);
            let notice = match &result {
                Ok(_) => Notice::Done(done_text(action)),
                Err(error) => Notice::Refused(refusal(error.clone())),
            };
            // An extension is a new request: show that one, where its approval is followed.
            let successor = result.ok().map(|view| view.id).filter(|new| this.id.try_get_value().as_ref() != Some(new));
            // A refused decision because of a stale version, and every success, show a new state.
            let reload = matches!(notice, Notice::Done(_) | Notice::Refused(Refusal::Stale));
            this.notice.try_set(Some(notice));
            match successor {
                Some(id) => this.nav.go(Page::Request { id }),
                None if reload => this.request.refetch(),
                None => {}
            }
        });
    }
}

/// The action buttons; `skip_retry` when the error box shows the retry button instead.
#[component]
pub fn ActionBar(decider: Decider, actions: Vec<RequestAction>, skip_retry: bool) -> impl IntoView {
    let buttons = ordered(&actions)
        .into_iter()
        .filter(|a| !(skip_retry && *a == RequestAction::Retry))
        .map(|action| view! { <ActionButton decider action/> })
        .collect_view();
    view! {
        <div class="action-bar">
            {actions.is_empty().then(|| view! { <span class="muted">"Nothing for you to do on this request."</span> })}
            {buttons}
        </div>
        <DecisionInput decider/>
    }
}

#[component]
pub fn ActionButton(decider: Decider, action: RequestAction) -> impl IntoView {
    let danger = matches!(action, RequestAction::Reject | RequestAction::Revoke);
    let primary = matches!(action, RequestAction::Approve | RequestAction::Retry);
    view! {
        <button
            id=button_id(action)
            class="button"
            class:primary=primary
            class:danger=danger
            disabled=move || decider.busy.get()
            on:click=move |_| decider.press(action)
        >
            {label(action)}
        </button>
    }
}

/// The reason, or the extension's days and justification, asked before sending.
#[component]
fn DecisionInput(decider: Decider) -> impl IntoView {
    let form = decider.form;
    move || {
        let action = decider.open.get()?;
        let fields = match needs(action) {
            Needs::Extension => view! {
                <FormField
                    id="extend-days"
                    label="More days"
                    entry=Entry::Count
                    bind=Binding::new(form, |f| &f.days, |f| &mut f.days)
                />
                <FormField
                    id="extend-justification"
                    label="Why it is still needed"
                    entry=Entry::Prose
                    bind=Binding::new(form, |f| &f.justification, |f| &mut f.justification)
                />
            }
            .into_any(),
            _ => view! {
                <FormField
                    id="decision-reason"
                    label="Reason (required)"
                    entry=Entry::Prose
                    bind=Binding::new(form, |f| &f.reason, |f| &mut f.reason)
                />
            }
            .into_any(),
        };
        Some(view! {
            <div class="decision-input" data-action=button_id(action)>
                {fields}
                {move || decider.problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                <div class="form-actions">
                    <button
                        id="confirm-decision"
                        class="button primary"
                        disabled=move || decider.busy.get()
                        on:click=move |_| decider.send(action)
                    >
                        {label(action).trim_end_matches('…').to_owned()}
                    </button>
                    <button id="cancel-decision" class="button" on:click=move |_| decider.open.set(None)>"Cancel"</button>
                </div>
            </div>
        })
    }
}
