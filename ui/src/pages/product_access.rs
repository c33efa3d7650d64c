//! The product's Access tab: who can read each column of each table, through which grants, and
//! the way to ask for access.

use crate::access_groups::{is_filtered, rows_text};
use crate::app::{Page, use_navigation};
use crate::components::badges::EffectiveSensitivityChip;
use crate::components::error_banner::{Loading, error_fallback};
use crate::components::grant_paths::GrantPaths;
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{ColumnReaders, ProductDetail, Reader, TableRef};

/// `selected` narrows the tab to one table (the access matrix opens it that way).
#[component]
pub fn AccessPanel(detail: ProductDetail, selected: Memo<Option<String>>) -> impl IntoView {
    let nav = use_navigation();
    let product = detail.product.clone();
    let tables: Vec<TableRef> = detail.tables.iter().map(|t| t.table.clone()).collect();
    let tables = StoredValue::new(tables);
    let shown = move || {
        let only = selected.get();
        tables.with_value(|tables| {
            let known = only.filter(|name| tables.iter().any(|t| &t.table == name));
            tables
                .iter()
                .filter(|t| known.as_ref().is_none_or(|name| &t.table == name))
                .map(|t| view! { <TableReaders table=t.clone()/> })
                .collect_view()
        })
    };
    let narrowed = move || selected.with(Option::is_some);
    view! {
        <div class="access-panel">
            <div class="panel-actions">
                <p class="muted">
                    "Who can read each column today, and the grant that lets them. Ask for access to read it yourself."
                </p>
                <button
                    id="request-access"
                    class="button primary"
                    on:click=move |_| nav.go(Page::NewRequest { product: product.clone() })
                >
                    "Request access"
                </button>
            </div>
            {move || narrowed().then(|| view! {
                <button id="access-all-tables" class="link" on:click=move |_| nav.select_table(None)>
                    "Show every table"
                </button>
            })}
            {tables.with_value(Vec::is_empty).then(|| view! { <p class="empty-state">"This product has no tables."</p> })}
            {shown}
        </div>
    }
}

#[component]
fn TableReaders(table: TableRef) -> impl IntoView {
    let version = use_data_version();
    let key = table.to_string();
    let name = table.table.clone();
    let readers = LocalResource::new(move || {
        version.track();
        let table = table.clone();
        async move { ipc::who_can_read(&table).await }
    });
    view! {
        <section class="access-readers schema-table" data-table=key>
            <header class="schema-table-head"><h3>{name.clone()}</h3></header>
            <Transition fallback=|| view! { <Loading what="readers"/> }>
                <ErrorBoundary fallback=error_fallback(move || readers.refetch())>
                    {move || {
                        let name = name.clone();
                        Suspend::new(async move {
                            readers.await.map(|columns| view! { <ReadersTable table=name columns/> })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn ReadersTable(table: String, columns: Vec<ColumnReaders>) -> impl IntoView {
    let rows = columns
        .into_iter()
        .map(|c| {
            let readers = if c.readers.is_empty() {
                view! { <span class="muted">"nobody outside the owners"</span> }.into_any()
            } else {
                c.readers.into_iter().map(|reader| view! { <ReaderLine reader/> }).collect_view().into_any()
            };
            view! {
                <tr class="column-readers" data-column=format!("{table}.{}", c.column)>
                    <td class="column-name"><span class="name">{c.column.clone()}</span></td>
                    <td><EffectiveSensitivityChip value=c.sensitivity/></td>
                    <td class="readers">{readers}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="columns">
            <thead>
                <tr>
                    <th>"Column"</th>
                    <th>"Sensitivity"</th>
                    <th>"Readers and why"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn ReaderLine(reader: Reader) -> impl IntoView {
    let filtered = is_filtered(&reader.rows);
    view! {
        <div class="reader" data-grantee=reader.grantee.clone()>
            <div class="reader-head">
                <span class="grantee">{reader.grantee.clone()}</span>
                <span class="rows" class:filtered=filtered>{rows_text(&reader.rows)}</span>
            </div>
            <GrantPaths paths=reader.via/>
        </div>
    }
}
