//! One product in the catalog's result list, at a fixed height so the list can be virtualised.

use crate::app::{Page, ProductTab, use_navigation};
use crate::components::badges::{FormatBadge, FreshnessBadge, SensitivityChip, TierBadge};
use crate::components::highlighted::MatchView;
use crate::freshness::count_of;
use leptos::prelude::*;
use meshdesk_protocol::ProductHit;

/// Matches shown per row: more would not fit the fixed row height.
const SHOWN_MATCHES: usize = 2;

#[component]
pub fn ResultRow(hit: ProductHit, top: f64) -> impl IntoView {
    let nav = use_navigation();
    let product = hit.product.clone();
    let open = move || nav.go(Page::Product { product: product.clone(), tab: ProductTab::Overview, table: None });
    let open_on_key = open.clone();
    let owners = if hit.owners.is_empty() { "no owner".to_owned() } else { hit.owners.join(", ") };
    // Without a search text there are no matches to explain the row: the description says more.
    let description = (hit.matches.is_empty() && !hit.description.is_empty()).then(|| hit.description.clone());
    let more_matches = hit.matches.len().saturating_sub(SHOWN_MATCHES);
    let matches = hit.matches.into_iter().take(SHOWN_MATCHES).map(|m| view! { <MatchView m/> }).collect_view();
    let formats = hit.formats.into_iter().map(|format| view! { <FormatBadge format/> }).collect_view();
    view! {
        <div
            class="result-row"
            role="link"
            tabindex="0"
            data-product=hit.product.to_string()
            style:top=format!("{top}px")
            on:click=move |_| open()
            on:keydown=move |event| {
                if event.key() == "Enter" {
                    open_on_key();
                }
            }
        >
            <div class="result-line result-head">
                <span class="product-name">{hit.product.database.clone()}</span>
                <SensitivityChip value=hit.highest_sensitivity/>
                <FreshnessBadge freshness=hit.freshness/>
                {formats}
                <TierBadge tier=hit.tier/>
            </div>
            <div class="result-line result-meta">
                <span class="domain">{hit.domain}</span>
                " · "
                <span class="account-name" title=hit.product.account.clone()>{hit.account_name}</span>
                " · "
                <span class="owners">{owners}</span>
                " · "
                <span class="table-count">{count_of(hit.table_count as usize, "table", "tables")}</span>
            </div>
            <div class="result-line result-matches">
                {matches}
                {(more_matches > 0).then(|| view! { <span class="muted">{format!("+{more_matches} more")}</span> })}
                {description.map(|d| view! { <span class="description">{d}</span> })}
            </div>
        </div>
    }
}
