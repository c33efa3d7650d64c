//! The product's Lineage tab: pick a table and how far to look, then draw its neighbourhood.

use crate::app::use_navigation;
use crate::components::error_banner::{Loading, error_fallback};
use crate::components::lineage_graph::LineageDrawing;
use crate::ipc;
use crate::lineage_controls::{MAX_HOPS, parse_hops};
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, LineageQuery, ProductDetail};

/// Hops drawn each way until the user asks for more.
const DEFAULT_HOPS: u32 = 2;

/// `selected` is the page's table; without one (or with a name the product lacks) the first table.
#[component]
pub fn LineagePanel(detail: ProductDetail, selected: Memo<Option<String>>) -> impl IntoView {
    let nav = use_navigation();
    let product = detail.product.clone();
    let names: Vec<String> = detail.tables.iter().map(|t| t.table.table.clone()).collect();
    if names.is_empty() {
        return view! {
            <p class="empty-state">"This product has no tables, so there is no lineage to draw."</p>
        }
        .into_any();
    }
    let names = StoredValue::new(names);
    let table = Memo::new(move |_| {
        let wanted = selected.get();
        names.with_value(|names| wanted.filter(|w| names.contains(w)).or_else(|| names.first().cloned()))
    });
    let upstream = RwSignal::new(DEFAULT_HOPS);
    let downstream = RwSignal::new(DEFAULT_HOPS);
    let version = use_data_version();
    let graph = LocalResource::new(move || {
        version.track();
        let query = table.get().map(|t| LineageQuery {
            table: product.table(t),
            upstream: upstream.get(),
            downstream: downstream.get(),
        });
        async move {
            match query {
                Some(query) => ipc::lineage(&query).await,
                None => Err(ApiError::not_found("This product has no tables.")),
            }
        }
    });

    let options = names.with_value(|names| {
        names
            .iter()
            .map(|name| {
                let value = name.clone();
                view! {
                    <option value=name.clone() selected=move || table.with(|t| t.as_deref() == Some(value.as_str()))>
                        {name.clone()}
                    </option>
                }
            })
            .collect_view()
    });
    let max = MAX_HOPS.to_string();

    view! {
        <div class="lineage-panel">
            <div class="lineage-controls">
                <label>
                    "Table "
                    <select
                        id="lineage-table"
                        on:change=move |event| nav.select_table(Some(event_target_value(&event)))
                    >
                        {options}
                    </select>
                </label>
                <label>
                    "Upstream hops "
                    <input
                        id="lineage-upstream"
                        type="number"
                        min="0"
                        max=max.clone()
                        prop:value=move || upstream.get().to_string()
                        on:input=move |event| {
                            upstream.set(parse_hops(&event_target_value(&event), upstream.get_untracked()))
                        }
                    />
                </label>
                <label>
                    "Downstream hops "
                    <input
                        id="lineage-downstream"
                        type="number"
                        min="0"
                        max=max
                        prop:value=move || downstream.get().to_string()
                        on:input=move |event| {
                            downstream.set(parse_hops(&event_target_value(&event), downstream.get_untracked()))
                        }
                    />
                </label>
            </div>
            <Transition fallback=|| view! { <Loading what="lineage"/> }>
                <ErrorBoundary fallback=error_fallback(move || graph.refetch())>
                    {move || Suspend::new(async move {
                        graph.await.map(|graph| view! { <LineageDrawing graph/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
    .into_any()
}
