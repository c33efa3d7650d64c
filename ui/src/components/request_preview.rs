//! The request form's live preview: what the product's policy makes of the draft.

use crate::components::badges::{EffectiveSensitivityChip, SensitivityChip};
use crate::components::plan_view::PlannedChanges;
use crate::form_error::FormError;
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, RequestDraft, RequestPreview};

type PreviewResource = LocalResource<Option<Result<RequestPreview, ApiError>>>;

/// `local` is the form's own verdict; `preview` the backend's answer for the last settled draft.
#[component]
pub fn PreviewPane(
    local: Memo<Result<RequestDraft, FormError>>,
    preview: PreviewResource,
    #[prop(into)] duration_days: Signal<Option<u32>>,
) -> impl IntoView {
    let body = move || {
        if let Err(error) = local.get() {
            return view! { <p class="form-hint" data-field=error.field>{error.message}</p> }.into_any();
        }
        match preview.get().flatten() {
            None => view! { <p class="muted">"Working out what this request needs…"</p> }.into_any(),
            Some(Err(error)) => view! {
                <p class="form-error" role="alert" data-code="invalid_input">{error.message}</p>
            }
            .into_any(),
            Some(Ok(preview)) => view! { <PreviewBody preview duration_days/> }.into_any(),
        }
    };
    view! {
        <aside id="request-preview" class="request-preview" aria-live="polite">
            <h2>"What this request needs"</h2>
            {body}
        </aside>
    }
}

#[component]
fn PreviewBody(preview: RequestPreview, duration_days: Signal<Option<u32>>) -> impl IntoView {
    let max = preview.max_duration_days;
    let too_long = move || duration_days.get().is_some_and(|d| d > max);
    let auto = preview.auto_approve;
    let verdict = if auto { "Approved automatically" } else { "Needs approval" };
    let approvals = if preview.approvals_needed.is_empty() {
        view! { <li class="muted">"none"</li> }.into_any()
    } else {
        preview.approvals_needed.into_iter().map(|a| view! { <li>{a}</li> }).collect_view().into_any()
    };
    let columns = preview
        .columns
        .into_iter()
        .map(|c| {
            view! {
                <li class="preview-column" data-column=format!("{}.{}", c.table, c.column)>
                    <code>{format!("{}.{}", c.table, c.column)}</code>
                    <EffectiveSensitivityChip value=c.sensitivity/>
                </li>
            }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>"Highest sensitivity"</dt>
            <dd id="preview-highest"><SensitivityChip value=preview.highest/></dd>
            <dt>"Decision"</dt>
            <dd id="preview-auto-approve" data-auto=auto.to_string()>
                <strong class:auto=auto>{verdict}</strong>
                <span class="muted">{preview.auto_approve_reason}</span>
            </dd>
            <dt>"Approvals needed"</dt>
            <dd><ul id="preview-approvals" class="plain-list">{approvals}</ul></dd>
            <dt>"Longest allowed"</dt>
            <dd id="preview-max-duration">
                {format!("{max} days")}
                {move || too_long().then(|| view! {
                    <span class="form-error" data-field="duration">"Your duration is longer than the policy allows."</span>
                })}
            </dd>
        </dl>
        <h3>"Grants an approval makes"</h3>
        <PlannedChanges changes=preview.plan/>
        <h3>"Columns asked for"</h3>
        <ul class="preview-columns plain-list">{columns}</ul>
    }
}
