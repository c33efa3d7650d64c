//! The request form: what to ask of one product, for whom, how long and why, with a live preview
//! of what the product's policy would make of it.

use crate::app::{Mesh, Page, ProductTab, use_navigation};
use crate::components::error_banner::{Loading, error_fallback};
use crate::components::form_field::{Binding, Entry, FormField};
use crate::components::request_fields::{PermissionBoxes, PrincipalField, TablePicker};
use crate::components::request_preview::PreviewPane;
use crate::debounce::Debounced;
use crate::identity::default_principal;
use crate::ipc;
use crate::form_error::FormError;
use crate::request_form::{ProductShape, Purpose, RequestForm};
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, Persona, ProductDetail, RequestDraft};
use std::time::Duration;

/// Long enough not to ask the backend on every keystroke of a justification or filter.
const PREVIEW_DELAY: Duration = Duration::from_millis(300);

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let nav = use_navigation();
    let mesh = expect_context::<Mesh>();
    let version = use_data_version();
    let product = Memo::new(move |_| {
        nav.with(|page| match page {
            Page::NewRequest { product } => Some(product.clone()),
            _ => None,
        })
    });
    let detail = LocalResource::new(move || {
        version.track();
        let product = product.get();
        async move {
            match product {
                Some(product) => ipc::product(&product).await,
                None => Err(ApiError::not_found("No product is selected.")),
            }
        }
    });
    let database = move || product.with(|p| p.as_ref().map(|p| p.database.clone()).unwrap_or_default());
    let back = move |_| {
        if let Some(product) = product.get_untracked() {
            nav.go(Page::Product { product, tab: ProductTab::Access, table: None });
        }
    };
    view! {
        <section class="product-page request-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <button id="back-to-product" class="link" on:click=back>{move || format!("← {}", database())}</button>
            </nav>
            <h1 class="product-title">{move || format!("Request access to {}", database())}</h1>
            <Transition fallback=|| view! { <Loading what="product"/> }>
                <ErrorBoundary fallback=error_fallback(move || detail.refetch())>
                    {move || Suspend::new(async move {
                        let detail = detail.await?;
                        // Without a mesh answer there is no identity to prefill: the form still works.
                        let persona = mesh.resource().await.ok().and_then(|info| info.identity);
                        Ok::<_, ApiError>(view! { <RequestFormView detail persona/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn RequestFormView(detail: ProductDetail, persona: Option<Persona>) -> impl IntoView {
    let nav = use_navigation();
    let shape = StoredValue::new(ProductShape::of(&detail));
    let form = RwSignal::new(RequestForm::new(persona.as_ref().map(default_principal).unwrap_or_default()));
    let for_preview = Memo::new(move |_| form.with(|f| shape.with_value(|s| f.draft(s, Purpose::Preview))));
    let settled = Debounced::<RequestDraft>::new(PREVIEW_DELAY);
    Effect::new(move |_| match for_preview.get() {
        Ok(draft) => settled.push(draft),
        Err(_) => settled.clear(),
    });
    let preview = LocalResource::new(move || {
        let draft = settled.settled();
        async move {
            match draft {
                Some(draft) => Some(ipc::preview_request(&draft).await),
                None => None,
            }
        }
    });
    let submit_error: RwSignal<Option<FormError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |_| {
        let draft = form.with_untracked(|f| shape.with_value(|s| f.draft(s, Purpose::Submit)));
        let draft = match draft {
            Ok(draft) => draft,
            Err(error) => return submit_error.set(Some(error)),
        };
        submit_error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = ipc::submit_request(&draft).await;
            busy.try_set(false);
            match result {
                Ok(view) => nav.go(Page::Request { id: view.id }),
                Err(error) => {
                    submit_error.try_set(Some(FormError::new("submit", error.message)));
                }
            }
        });
    };
    let duration_days = Signal::derive(move || form.with(|f| f.duration.trim().parse::<u32>().ok()));
    let persona = StoredValue::new(persona);
    view! {
        <div class="request-layout">
            <form id="request-form" class="request-form" on:submit=|event| event.prevent_default()>
                <TablePicker tables=detail.tables form shape/>
                <PrincipalField form persona=persona.get_value()/>
                <PermissionBoxes form/>
                <FormField
                    id="request-row-filter"
                    label="Row filter (optional)"
                    placeholder="e.g. region = 'north'"
                    bind=Binding::new(form, |f| &f.row_filter, |f| &mut f.row_filter)
                />
                <FormField
                    id="request-duration"
                    label="Duration (days)"
                    entry=Entry::Count
                    bind=Binding::new(form, |f| &f.duration, |f| &mut f.duration)
                />
                <FormField
                    id="request-justification"
                    label="Justification (required)"
                    entry=Entry::Prose
                    placeholder="What you will use the data for, and why these columns"
                    bind=Binding::new(form, |f| &f.justification, |f| &mut f.justification)
                />
                {move || submit_error.get().map(|e| view! {
                    <p class="form-error" role="alert" data-field=e.field>{e.message}</p>
                })}
                <div class="form-actions">
                    <button
                        id="request-submit"
                        type="button"
                        class="button primary"
                        disabled=move || busy.get()
                        on:click=submit
                    >
                        {move || if busy.get() { "Sending…" } else { "Send request" }}
                    </button>
                </div>
            </form>
            <PreviewPane local=for_preview preview duration_days/>
        </div>
    }
}
