//! The product page: its header, the tabs, and loading the product's detail.

use crate::app::{Page, ProductTab, use_navigation};
use crate::components::error_banner::{Loading, error_fallback};
use crate::components::product_overview::Overview;
use crate::components::product_schema::Schema;
use crate::ipc;
use crate::pages::lineage::LineagePanel;
use crate::pages::product_access::AccessPanel;
use crate::pages::product_history::HistoryPanel;
use crate::pages::product_manage::ManagePanel;
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, ProductDetail};

#[component]
pub fn ProductPage() -> impl IntoView {
    let nav = use_navigation();
    let product = Memo::new(move |_| {
        nav.with(|page| match page {
            Page::Product { product, .. } => Some(product.clone()),
            _ => None,
        })
    });
    let tab = Memo::new(move |_| {
        nav.with(|page| match page {
            Page::Product { tab, .. } => *tab,
            _ => ProductTab::Overview,
        })
    });
    let table = Memo::new(move |_| {
        nav.with(|page| match page {
            Page::Product { table, .. } => table.clone(),
            _ => None,
        })
    });
    let version = use_data_version();
    // Keyed on the product alone: switching tabs or tables does not fetch again.
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
    // What the last change on this page did; it outlives the reload the change causes.
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    Effect::new(move |_| {
        product.track();
        notice.set(None);
    });
    // Saving reloads the page below the title; bring what it says into view.
    Effect::new(move |_| {
        if notice.with(Option::is_some) {
            request_animation_frame(|| {
                if let Some(shown) = document().get_element_by_id("product-notice") {
                    shown.scroll_into_view();
                }
            });
        }
    });

    view! {
        <section class="product-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <button id="back-to-catalog" class="link" on:click=move |_| nav.go(Page::Catalog)>
                    "← Catalog"
                </button>
                <span class="crumb-separator">"›"</span>
                <span class="crumb">{database}</span>
            </nav>
            <h1 id="product-title" class="product-title">{database}</h1>
            {move || notice.get().map(|text| view! { <div id="product-notice" class="notice ok" role="status">{text}</div> })}
            <Transition fallback=|| view! { <Loading what="product"/> }>
                <ErrorBoundary fallback=error_fallback(move || detail.refetch())>
                    {move || Suspend::new(async move {
                        detail.await.map(|detail| view! { <ProductBody detail tab table notice/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn ProductBody(
    detail: ProductDetail,
    tab: Memo<ProductTab>,
    table: Memo<Option<String>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let nav = use_navigation();
    let subtitle = format!("{} · {} · {}", detail.domain, detail.account_name, detail.product.account);
    let detail = StoredValue::new(detail);
    let tabs = ProductTab::ALL
        .into_iter()
        .map(|t| {
            view! {
                <button
                    id=t.id()
                    class="tab"
                    role="tab"
                    class:active=move || tab.get() == t
                    aria-selected=move || (tab.get() == t).to_string()
                    on:click=move |_| nav.select_tab(t)
                >
                    {t.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <p id="product-subtitle" class="product-subtitle">{subtitle}</p>
        <div class="tabs" role="tablist">{tabs}</div>
        <div class="tab-panel" role="tabpanel">
            {move || match tab.get() {
                ProductTab::Overview => view! {
                    <Overview detail=detail.get_value()>
                        <ManagePanel detail=detail.get_value() notice/>
                    </Overview>
                }
                .into_any(),
                ProductTab::Schema => view! { <Schema detail=detail.get_value() selected=table/> }.into_any(),
                ProductTab::Lineage => view! { <LineagePanel detail=detail.get_value() selected=table/> }.into_any(),
                ProductTab::Access => view! { <AccessPanel detail=detail.get_value() selected=table/> }.into_any(),
                ProductTab::History => view! { <HistoryPanel detail=detail.get_value() selected=table/> }.into_any(),
            }}
        </div>
    }
}
