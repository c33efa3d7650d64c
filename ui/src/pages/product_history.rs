//! The product's History tab: for one table, its schema versions as a readable diff (newest
//! first), each marked when it broke the contract in force, and the audit events about it.

use crate::components::error_banner::{Loading, error_fallback};
use crate::dates::format_time;
use crate::ipc;
use crate::schema_changes::lines;
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{AuditEventView, ProductDetail, SchemaVersion, TableHistory, TableRef};

/// `selected` is the table chosen elsewhere on the page; else the product's first table.
#[component]
pub fn HistoryPanel(detail: ProductDetail, selected: Memo<Option<String>>) -> impl IntoView {
    let version = use_data_version();
    let tables: Vec<TableRef> =
        detail.tables.iter().filter(|t| t.link_target.is_none()).map(|t| t.table.clone()).collect();
    if tables.is_empty() {
        return view! { <p class="muted">"This database has no tables of its own, so it has no schema history."</p> }
            .into_any();
    }
    let chosen = RwSignal::new(
        selected
            .get_untracked()
            .filter(|s| tables.iter().any(|t| &t.table == s))
            .unwrap_or_else(|| tables[0].table.clone()),
    );
    let options = tables
        .iter()
        .map(|t| {
            let name = t.table.clone();
            view! { <option value=name.clone() selected=move || chosen.get() == name>{name.clone()}</option> }
        })
        .collect_view();
    let product = detail.product.clone();
    let history = LocalResource::new(move || {
        version.track();
        let table = product.table(chosen.get());
        async move { ipc::table_history(&table).await }
    });
    view! {
        <div class="history-panel">
            <label class="table-picker">
                "Table "
                <select id="history-table" on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
            </label>
            <Transition fallback=|| view! { <Loading what="history"/> }>
                <ErrorBoundary fallback=error_fallback(move || history.refetch())>
                    {move || Suspend::new(async move { history.await.map(|history| view! { <History history/> }) })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
    .into_any()
}

#[component]
fn History(history: TableHistory) -> impl IntoView {
    let versions = history.versions.into_iter().map(|v| view! { <Version version=v/> }).collect_view();
    let events = if history.events.is_empty() {
        view! { <p class="muted">"No audit event names this table yet."</p> }.into_any()
    } else {
        history.events.into_iter().map(|e| view! { <Event event=e/> }).collect_view().into_any()
    };
    view! {
        <h2>"Schema versions"</h2>
        <ol id="schema-versions" class="schema-versions">{versions}</ol>
        <h2>"Audit events"</h2>
        <ul id="table-events" class="plain-list">{events}</ul>
    }
}

#[component]
fn Version(version: SchemaVersion) -> impl IntoView {
    let breaking = !version.breaks.is_empty();
    let when = version.recorded_at.map_or_else(|| "date unknown".to_owned(), format_time);
    let title = if version.current {
        format!("Version {} (current)", version.version)
    } else {
        format!("Version {}", version.version)
    };
    let changes = lines(&version).into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
    let breaks = version.breaks.iter().map(|b| view! { <li class="violation">{b.clone()}</li> }).collect_view();
    view! {
        <li class="schema-version" data-version=version.version data-breaking=breaking.to_string()>
            <header class="schema-version-head">
                <strong>{title}</strong>
                <span class="muted">{when}</span>
                {if breaking {
                    view! { <span class="badge contract-chip" data-state="broken">"breaks the contract"</span> }.into_any()
                } else {
                    view! { <span class="badge">"compatible"</span> }.into_any()
                }}
            </header>
            <ul class="schema-changes">{changes}</ul>
            <ul class="violations">{breaks}</ul>
        </li>
    }
}

#[component]
fn Event(event: AuditEventView) -> impl IntoView {
    let change = match (&event.before, &event.after) {
        (Some(b), Some(a)) => format!("{b} → {a}"),
        (None, Some(a)) => a.clone(),
        (Some(b), None) => b.clone(),
        (None, None) => String::new(),
    };
    view! {
        <li class="table-event" data-action=event.action.clone()>
            <span class="muted">{format_time(event.at)}</span>
            " "
            <strong>{event.action.clone()}</strong>
            {format!(" by {} ", event.actor_name)}
            <code class="change">{change}</code>
        </li>
    }
}
