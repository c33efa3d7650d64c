//! The product's Overview tab: what it is, who owns it, how fresh and sensitive it is, its tables
//! and their data contracts (a banner when one is broken).

use crate::app::{ProductTab, use_navigation};
use crate::components::badges::{FormatBadge, FreshnessBadge, SensitivityChip, TagList};
use crate::components::contract_view::{ContractChip, ContractDetails};
use crate::freshness::{count_of, freshness_detail};
use leptos::prelude::*;
use meshdesk_protocol::{ContractState, FreshnessState, ProductDetail, TableDetail};

/// `children` (the owners' panel) come after the facts, before the tables.
#[component]
pub fn Overview(detail: ProductDetail, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let breached = detail.freshness.state == FreshnessState::Breached;
    let description = if detail.description.is_empty() {
        view! { <p class="description muted">"No description."</p> }.into_any()
    } else {
        view! { <p class="description">{detail.description.clone()}</p> }.into_any()
    };
    let owners = if detail.owners.is_empty() {
        view! { <span class="muted">"No owner declared"</span> }.into_any()
    } else {
        detail.owners.iter().map(|o| view! { <span class="person">{o.clone()}</span> }).collect_view().into_any()
    };
    let slo = detail.slo_freshness_hours.map_or_else(|| "none".to_owned(), |h| format!("{h} h"));
    let broken: Vec<String> = detail
        .tables
        .iter()
        .filter_map(|t| {
            let c = t.contract.as_ref().filter(|c| c.state != ContractState::Honoured)?;
            let why = if c.violations.is_empty() {
                c.problem.clone().unwrap_or_default()
            } else {
                c.violations.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("; ")
            };
            Some(format!("{}: {why}", t.table.table))
        })
        .collect();
    let violations = (!broken.is_empty()).then(|| {
        let items = broken.into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
        view! {
            <div id="product-contract-violations" class="notice contract-banner" role="alert">
                <strong>"This product breaks its data contract"</strong>
                <ul class="plain-list">{items}</ul>
            </div>
        }
    });
    let table_count = count_of(detail.tables.len(), "table", "tables");
    let tables = detail.tables.into_iter().map(|table| view! { <TableSummary table/> }).collect_view();
    view! {
        <div class="overview">
            {violations}
            <div id="overview-description">{description}</div>
            <dl class="facts">
                <dt>"Owners"</dt>
                <dd id="overview-owners">{owners}</dd>
                <dt>"Steward"</dt>
                <dd>{detail.steward.unwrap_or_else(|| "none".to_owned())}</dd>
                <dt>"Tier"</dt>
                <dd>{detail.tier.unwrap_or_else(|| "none".to_owned())}</dd>
                <dt>"Freshness SLO"</dt>
                <dd id="overview-slo">{slo}</dd>
                <dt>"Freshness"</dt>
                <dd id="overview-freshness">
                    <FreshnessBadge freshness=detail.freshness/>
                    " "
                    <span class="freshness-detail" class:breached=breached>{freshness_detail(&detail.freshness)}</span>
                </dd>
                <dt>"Highest sensitivity"</dt>
                <dd><SensitivityChip value=detail.highest_sensitivity/></dd>
                <dt>"Tags"</dt>
                <dd><TagList tags=detail.tags/></dd>
            </dl>
            {children.map(|children| children())}
            <h2>{table_count}</h2>
            <ul class="table-summaries">{tables}</ul>
            <Parameters parameters=detail.parameters/>
        </div>
    }
}

#[component]
fn TableSummary(table: TableDetail) -> impl IntoView {
    let nav = use_navigation();
    let name = table.table.table.clone();
    let open = name.clone();
    let key = name.clone();
    view! {
        <li class="table-summary" data-table=key>
            <button
                class="link table-name"
                on:click=move |_| {
                    nav.select_table(Some(open.clone()));
                    nav.select_tab(ProductTab::Schema);
                }
            >
                {name}
            </button>
            <FormatBadge format=table.format/>
            <FreshnessBadge freshness=table.freshness/>
            <SensitivityChip value=table.highest_sensitivity/>
            <span class="muted">{count_of(table.columns.len(), "column", "columns")}</span>
            {table.link_target.map(|_| view! { <span class="badge link-badge">"resource link"</span> })}
            {table.contract.map(|contract| {
                let chip = contract.clone();
                view! {
                    <details class="contract">
                        <summary><ContractChip contract=chip/></summary>
                        <ContractDetails contract/>
                    </details>
                }
            })}
        </li>
    }
}

/// Every `meshdesk:*` parameter as stored; JSON values (contract, approval) pretty-printed.
#[component]
fn Parameters(parameters: Vec<(String, String)>) -> impl IntoView {
    if parameters.is_empty() {
        return ().into_any();
    }
    let rows = parameters
        .into_iter()
        .map(|(key, value)| {
            let shown = match pretty_json(&value) {
                Some(pretty) => view! { <pre class="json">{pretty}</pre> }.into_any(),
                None => view! { <code>{value}</code> }.into_any(),
            };
            let attribute = key.clone();
            view! {
                <dt data-parameter=attribute><code>{key}</code></dt>
                <dd>{shown}</dd>
            }
        })
        .collect_view();
    view! {
        <h2>"Parameters"</h2>
        <dl id="parameters" class="parameters">{rows}</dl>
    }
    .into_any()
}

/// Pretty JSON for values that are a JSON object or array; `None` for anything else.
fn pretty_json(value: &str) -> Option<String> {
    let trimmed = value.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    let parsed = js_sys::JSON::parse(value).ok()?;
    js_sys::JSON::stringify_with_replacer_and_space(
        &parsed,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from(2),
    )
    .ok()?
    .as_string()
}
