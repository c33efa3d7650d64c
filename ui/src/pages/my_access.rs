//! My access: the tables the current identity can read, by domain, each column with its rows and
//! the grants that explain it; first, the products relied on that broke their contract. Asked a
//! page at a time ("Show more" appends the next), with how many there are in all.

use crate::access_groups::{DomainGroup, by_domain, is_filtered, readable_text, rows_text, showing_text};
use crate::app::{Page, ProductTab, use_navigation};
use crate::components::badges::EffectiveSensitivityChip;
use crate::components::error_banner::{ErrorBanner, Loading, Problem, error_fallback};
use crate::components::grant_paths::GrantPaths;
use crate::dates::format_time;
use crate::ipc;
use crate::pages::contract_alerts::{Concern, ContractAlertsBanner};
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{AccessPage, ApiError, ColumnAccess, TableAccess};

/// Tables asked for at a time: enough to fill a screen or two, few enough that a principal
/// reading tens of thousands of tables is answered at once.
const PAGE: u32 = 50;

#[component]
pub fn MyAccessPage() -> impl IntoView {
    let version = use_data_version();
    let first = LocalResource::new(move || {
        version.track();
        ipc::my_access_page(None, PAGE)
    });
    view! {
        <section class="page my-access-page">
            <h1>"My access"</h1>
            <ContractAlertsBanner concern=Concern::Consumed/>
            <Transition fallback=|| view! { <Loading what="your access"/> }>
                <ErrorBoundary fallback=error_fallback(move || first.refetch())>
                    {move || Suspend::new(async move { first.await.map(|first| view! { <Report first/> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The pages shown so far: the first, then each one "Show more" appended. A change of data
/// asks for the first page again, which makes a new `Report`.
#[component]
fn Report(first: AccessPage) -> impl IntoView {
    let nav = use_navigation();
    let principals = first.principals.iter().map(|p| view! { <code class="person">{p.clone()}</code> }).collect_view();
    if first.tables.is_empty() {
        return view! {
            <p id="access-principals" class="product-subtitle">"Evaluated for " {principals}</p>
            <div id="access-empty" class="empty-state">
                <p class="empty-headline">"You cannot read any table yet."</p>
                <p class="hint">"Find a product in the catalog and ask for access from its Access tab."</p>
                <button class="button" on:click=move |_| nav.go(Page::Catalog)>"Open the catalog"</button>
            </div>
        }
        .into_any();
    }
    let tables = RwSignal::new(first.tables);
    let readable = RwSignal::new(first.readable_tables);
    let next = RwSignal::new(first.next);
    let loading = RwSignal::new(false);
    let failed: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let groups = Memo::new(move |_| tables.with(|t| by_domain(t)));
    let count = move || showing_text(tables.with(Vec::len), readable.get());
    let more = move |_| {
        let Some(after) = next.get_untracked() else { return };
        loading.set(true);
        failed.set(None);
        spawn_local(async move {
            let page = ipc::my_access_page(Some(&after), PAGE).await;
            loading.try_set(false);
            match page {
                Ok(page) => {
                    tables.try_update(|t| t.extend(page.tables));
                    readable.try_set(page.readable_tables);
                    next.try_set(page.next);
                }
                Err(error) => {
                    failed.try_set(Some(error));
                }
            }
        });
    };
    view! {
        <p id="access-principals" class="product-subtitle">"Evaluated for " {principals}</p>
        <p id="access-count" class="muted">{count}</p>
        // Keyed by domain and by table, so a page appended adds its tables where they belong
        // and leaves the ones shown (and any explanation opened) as they are.
        <For each=move || groups.get() key=|group| group.domain.clone() let:group>
            <DomainSection domain=group.domain groups/>
        </For>
        {move || failed.get().map(|error| view! { <ErrorBanner problem=Problem::from_api(&error)/> })}
        // Where "Show more" is pressed, the count is said again: the one at the top is a long
        // scroll away by then.
        <Show when=move || next.with(Option::is_some)>
            <div class="pager access-pager">
                <button id="access-more" class="button" disabled=move || loading.get() on:click=more>
                    {move || if loading.get() { "Loading more…" } else { "Show more" }}
                </button>
                <span class="muted">{count}</span>
            </div>
        </Show>
    }
    .into_any()
}

#[component]
fn DomainSection(domain: String, groups: Memo<Vec<DomainGroup>>) -> impl IntoView {
    let heading = domain.clone();
    let key = domain.clone();
    let tables = move || groups.with(|groups| groups.iter().find(|g| g.domain == domain).map(|g| g.tables.clone()).unwrap_or_default());
    view! {
        <section class="access-domain" data-domain=key>
            <h2>{heading}</h2>
            <For each=tables key=|table| table.table.clone() let:table>
                <TableBlock table/>
            </For>
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
