//! My access: every table the current identity can read, by domain, each column with its rows and
//! the grants that explain it; first, the products relied on that broke their contract.

use crate::access_groups::{DomainGroup, by_domain, is_filtered, readable_text, rows_text};
use crate::app::{Page, ProductTab, use_navigation};
use crate::components::badges::EffectiveSensitivityChip;
use crate::components::error_banner::{Loading, error_fallback};
use crate::components::grant_paths::GrantPaths;
use crate::dates::format_time;
use crate::ipc;
use crate::pages::contract_alerts::{Concern, ContractAlertsBanner};
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{AccessReport, ColumnAccess, TableAccess};

#[component]
pub fn MyAccessPage() -> impl IntoView {
    let version = use_data_version();
    let report = LocalResource::new(move || {
        version.track();
        ipc::my_access()
    });
    view! {
        <section class="page my-access-page">
            <h1>"My access"</h1>
            <ContractAlertsBanner concern=Concern::Consumed/>
            <Transition fallback=|| view! { <Loading what="your access"/> }>
                <ErrorBoundary fallback=error_fallback(move || report.refetch())>
                    {move || Suspend::new(async move { report.await.map(|report| view! { <Report report/> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Report(report: AccessReport) -> impl IntoView {
    let nav = use_navigation();
    let principals = report.principals.iter().map(|p| view! { <code class="person">{p.clone()}</code> }).collect_view();
    let groups = by_domain(&report);
    let body = if groups.is_empty() {
        view! {
            <div id="access-empty" class="empty-state">
                <p class="empty-headline">"You cannot read any table yet."</p>
                <p class="hint">"Find a product in the catalog and ask for access from its Access tab."</p>
                <button class="button" on:click=move |_| nav.go(Page::Catalog)>"Open the catalog"</button>
            </div>
        }
        .into_any()
    } else {
        groups.into_iter().map(|group| view! { <DomainSection group/> }).collect_view().into_any()
    };
    view! {
        <p id="access-principals" class="product-subtitle">"Evaluated for " {principals}</p>
        {body}
    }
}

#[component]
fn DomainSection(group: DomainGroup) -> impl IntoView {
    let tables = group.tables.into_iter().map(|table| view! { <TableBlock table/> }).collect_view();
    let heading = group.domain.clone();
    view! {
        <section class="access-domain" data-domain=group.domain>
            <h2>{heading}</h2>
            {tables}
        </section>
    }
}

#[component]
fn TableBlock(table: TableAccess) -> impl IntoView {
    let nav = use_navigation();
    let target = table.table.clone();
    let open = move |_| {
        nav.go(Page::Product { product: target.product(), tab: ProductTab::Access, table: Some(target.table.clone()) })
    };
    let expiry = match table.expires_at {
        Some(at) => format!("until {}", format_time(at)),
        None => "no end date".to_owned(),
    };
    let readable = readable_text(&table);
    let reachable = match (&table.reachable_as, &table.consumer_pending) {
        (Some(name), _) => Some(view! {
            <p class="reachable muted">"reachable in your catalog as " <code>{name.clone()}</code></p>
        }.into_any()),
        (None, Some(why)) => Some(view! { <p class="reachable muted">{format!("consumer side pending: {why}")}</p> }.into_any()),
        (None, None) => None,
    };
    let name = table.table.to_string();
    let key = name.clone();
    let columns = table.columns.into_iter().map(|column| view! { <ColumnLine column/> }).collect_view();
    view! {
        <section class="access-table schema-table" data-table=key>
            <header class="schema-table-head">
                <button class="link table-name" on:click=open>{name}</button>
                <span class="readable">{readable}</span>
                <span class="badge expiry">{expiry}</span>
            </header>
            {reachable}
            <table class="columns">
                <thead>
                    <tr>
                        <th>"Column"</th>
                        <th>"Sensitivity"</th>
                        <th>"Rows"</th>
                        <th>"Why"</th>
                    </tr>
                </thead>
                <tbody>{columns}</tbody>
            </table>
        </section>
    }
}

#[component]
fn ColumnLine(column: ColumnAccess) -> impl IntoView {
    let filtered = is_filtered(&column.rows);
    let count = column.via.len();
    view! {
        <tr class="access-column" data-column=column.column.clone()>
            <td class="column-name"><span class="name">{column.column.clone()}</span></td>
            <td><EffectiveSensitivityChip value=column.sensitivity/></td>
            <td><span class="rows" class:filtered=filtered>{rows_text(&column.rows)}</span></td>
            <td>
                <details class="why">
                    <summary>{if count == 1 { "1 grant".to_owned() } else { format!("{count} grants") }}</summary>
                    <GrantPaths paths=column.via/>
                </details>
            </td>
        </tr>
    }
}
