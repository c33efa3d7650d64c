//! The Policies page: pick a product you own, collect tag and grant changes, preview them as a plan
//! with their effect on access, then apply; and the databases of yours not yet published.

use crate::components::error_banner::{ErrorBanner, Loading, Problem};
use crate::pages::policy_workbench::PolicyWorkbench;
use crate::pages::unpublished::UnpublishedDatabases;
use crate::session::use_viewer;
use leptos::prelude::*;
use meshdesk_protocol::{ProductHit, ProductRef};

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let viewer = use_viewer();
    let governed = viewer.governed();
    let hits = Memo::new(move |_| governed.get());
    let chosen: RwSignal<Option<ProductRef>> = RwSignal::new(None);
    // The chosen product while the identity still governs it, else its first product.
    let product = Memo::new(move |_| {
        let hits = hits.get()?.ok()?;
        let wanted = chosen.get();
        let known = wanted.filter(|w| hits.iter().any(|h| &h.product == w));
        known.or_else(|| hits.first().map(|h| h.product.clone()))
    });
    let picker = move || {
        match hits.get() {
        None => view! { <Loading what="your products"/> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorBanner problem=Problem::from_api(&error) on_retry=Callback::new(move |()| governed.refetch())/>
        }
        .into_any(),
        Some(Ok(hits)) if hits.is_empty() => view! {
            <div id="policies-empty" class="empty-state">
                <p class="empty-headline">"You own no products."</p>
                <p class="hint">"Owners are named in a product's meshdesk:owner parameter; stewards see every product here."</p>
            </div>
        }
        .into_any(),
        Some(Ok(hits)) => view! { <ProductPicker hits product chosen/> }.into_any(),
    }
    };
    view! {
        <section class="page policies-page">
            <h1>"Policies"</h1>
            {picker}
            // Keyed on the product only: reloading the product list after an apply keeps the
            // workbench and what it says about the apply.
            {move || product.get().map(|product| view! { <PolicyWorkbench product/> })}
            <UnpublishedDatabases/>
        </section>
    }
}

#[component]
fn ProductPicker(
    hits: Vec<ProductHit>,
    product: Memo<Option<ProductRef>>,
    chosen: RwSignal<Option<ProductRef>>,
) -> impl IntoView {
    let options = hits
        .into_iter()
        .map(|hit| {
            let value = hit.product.to_string();
            let this = hit.product.clone();
            let label = format!("{} — {} ({})", hit.product.database, hit.domain, hit.account_name);
            view! { <option value=value selected=move || product.get().as_ref() == Some(&this)>{label}</option> }
        })
        .collect_view();
    view! {
        <label class="table-picker">
            "Product "
            <select
                id="policy-product"
                on:change=move |ev| chosen.set(ProductRef::parse(&event_target_value(&ev)).ok())
            >
                {options}
            </select>
        </label>
    }
}
