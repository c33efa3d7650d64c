//! Managing a product from its Overview: the annotations editor (checked as you type, shown as a
//! plan of before/after per parameter, saved as one change) and publishing. Owners edit
//! everything, stewards the stewardship fields; everyone else reads. The backend decides again.

use crate::annotation_form::AnnotationForm;
use crate::components::contract_view::ParameterChanges;
use crate::components::error_banner::{Loading, code_name, error_fallback};
use crate::debounce::Debounced;
use crate::ipc;
use crate::pages::product_contracts::ContractEditorPanel;
use crate::pages::product_publish::PublishControl;
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{AnnotationEdit, AnnotationField, ApiError, EditorRole, ProductAnnotations, ProductDetail};
use std::time::Duration;

/// Long enough not to ask the backend on every keystroke.
const PLAN_DELAY: Duration = Duration::from_millis(250);

/// `notice` outlives the panel: saving reloads the product, and the page says what was saved.
#[component]
pub fn ManagePanel(detail: ProductDetail, notice: RwSignal<Option<String>>) -> impl IntoView {
    let version = use_data_version();
    let product = StoredValue::new(detail.product.clone());
    let detail = StoredValue::new(detail);
    let annotations = LocalResource::new(move || {
        version.track();
        let product = product.get_value();
        async move { ipc::product_annotations(&product).await }
    });
    view! {
        <section id="manage-product" class="settings-group">
            <h2>"Manage"</h2>
            <Transition fallback=|| view! { <Loading what="annotations"/> }>
                <ErrorBoundary fallback=error_fallback(move || annotations.refetch())>
                    {move || Suspend::new(async move {
                        annotations.await.map(|annotations| view! { <Manage annotations detail=detail.get_value() notice/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn role_note(role: EditorRole) -> &'static str {
    match role {
        EditorRole::Owner => {
            "You own this product: you can change its annotations, its contracts, and publish or unpublish it."
        }
        EditorRole::Steward => "As a steward you can change its steward, tier and domain; the rest is its owners'.",
        EditorRole::Reader => {
            "Only this product's owners can change it; stewards can change its steward, tier and domain."
        }
    }
}

#[component]
fn Manage(annotations: ProductAnnotations, detail: ProductDetail, notice: RwSignal<Option<String>>) -> impl IntoView {
    let role = annotations.role;
    let contracts = (role == EditorRole::Owner).then(|| view! { <ContractEditorPanel detail notice/> });
    let editing = RwSignal::new(false);
    let readonly = role == EditorRole::Reader;
    let publish = (role == EditorRole::Owner || annotations.may_publish).then(|| {
        let product = annotations.product.clone();
        view! { <PublishControl product published=annotations.published may_publish=annotations.may_publish notice/> }
    });
    let stored = StoredValue::new(annotations);
    view! {
        <p id=if readonly { "annotations-readonly" } else { "annotations-role" } class="muted" data-role=format!("{role:?}").to_lowercase()>
            {role_note(role)}
        </p>
        {move || {
            if editing.get() {
                view! { <AnnotationEditor annotations=stored.get_value() editing notice/> }.into_any()
            } else if readonly {
                ().into_any()
            } else {
                view! {
                    <button id="edit-annotations" class="button" on:click=move |_| editing.set(true)>"Edit annotations"</button>
                }
                .into_any()
            }
        }}
        {publish}
        {contracts}
    }
}

#[component]
fn AnnotationEditor(
    annotations: ProductAnnotations,
    editing: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let version = use_data_version();
    let form = RwSignal::new(AnnotationForm::of(&annotations));
    let edit = Memo::new(move |_| form.with(AnnotationForm::edit));
    let settled = Debounced::<AnnotationEdit>::new(PLAN_DELAY);
    Effect::new(move |_| {
        let edit = edit.get();
        if edit.edits.is_empty() { settled.clear() } else { settled.push(edit) }
    });
    let plan = LocalResource::new(move || {
        let edit = settled.settled();
        async move {
            match edit {
                Some(edit) => Some((ipc::plan_annotation(&edit).await, edit)),
                None => None,
            }
        }
    });
    // The plan shown is for exactly what is typed now, or there is none.
    let current_plan =
        Memo::new(move |_| plan.get().flatten().filter(|(_, for_edit)| *for_edit == edit.get()).map(|(plan, _)| plan));
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let can_save = move || {
        !busy.get()
            && current_plan
                .with(|p| matches!(p, Some(Ok(plan)) if plan.problems.is_empty() && !plan.changes.is_empty()))
            && AnnotationField::ALL.iter().all(|f| form.with(|form| form.local_problem(*f).is_none()))
    };
    let save = move |_| {
        let edit = edit.get_untracked();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = ipc::annotate(&edit).await;
            busy.try_set(false);
            match result {
                Ok(plan) => {
                    notice.try_set(Some(format!("Saved {} change(s) to {}.", plan.changes.len(), plan.product)));
                    editing.try_set(false);
                    version.bump();
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let fields = annotations
        .fields
        .iter()
        .map(|state| {
            let field = state.field;
            let editable = state.editable;
            let problem = move || {
                form.with(|f| f.local_problem(field)).or_else(|| {
                    current_plan.with(|p| match p {
                        Some(Ok(plan)) => plan.problems.iter().find(|p| p.field == field).map(|p| p.message.clone()),
                        _ => None,
                    })
                })
            };
            let id = format!("annotation-{}", field.as_str());
            let value = move || form.with(|f| f.value(field));
            let on_input = move |ev| form.update(|f| f.set(field, event_target_value(&ev)));
            let input = if matches!(field, AnnotationField::Description | AnnotationField::Approval) {
                view! { <textarea id=id rows="3" disabled=!editable prop:value=value on:input=on_input></textarea> }
                    .into_any()
            } else {
                view! { <input id=id type="text" disabled=!editable prop:value=value on:input=on_input/> }.into_any()
            };
            view! {
                <label class="field" data-field=field.as_str()>
                    <span class="field-label">{field.label()}{(!editable).then_some(" (owners only)")}</span>
                    {input}
                    {move || problem().map(|message| view! {
                        <span class="field-problem form-error" role="alert" data-field=field.as_str()>{message}</span>
                    })}
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="request-layout annotation-layout">
            <form id="annotation-editor" class="annotation-editor" on:submit=|ev| ev.prevent_default()>
                {fields}
                {move || error.get().map(|e| view! {
                    <p id="annotation-error" class="form-error" role="alert" data-code=code_name(Some(e.code))>{e.message}</p>
                })}
                <div class="form-actions">
                    <button id="annotation-save" type="button" class="button primary" disabled=move || !can_save() on:click=save>
                        {move || if busy.get() { "Saving…" } else { "Save" }}
                    </button>
                    <button id="annotation-cancel" type="button" class="link" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
            </form>
            <aside id="annotation-plan" class="request-preview">
                <h3>"Plan"</h3>
                {move || match current_plan.get() {
                    Some(Ok(plan)) => view! { <ParameterChanges changes=plan.changes/> }.into_any(),
                    Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    None if edit.with(|e| e.edits.is_empty()) => view! { <p class="muted">"Change a field to see the plan."</p> }.into_any(),
                    None => view! { <p class="muted">"Checking…"</p> }.into_any(),
                }}
            </aside>
        </div>
    }
}
