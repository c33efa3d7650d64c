//! The audit timeline: every event, newest first, filtered by actor, action, target or request,
//! a page at a time.

use crate::app::{Page, use_navigation};
use crate::audit_filter::{PAGE_SIZE, TimelineFilter, change_text, page_count, page_label};
use crate::components::error_banner::{Loading, error_fallback};
use crate::dates::format_time;
use crate::debounce::Debounced;
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{AuditEventView, AuditPage};
use std::time::Duration;

const FILTER_DELAY: Duration = Duration::from_millis(250);

#[component]
pub fn TimelinePanel() -> impl IntoView {
    let version = use_data_version();
    let typed = RwSignal::new(TimelineFilter::default());
    let settled = Debounced::<TimelineFilter>::new(FILTER_DELAY);
    let page = RwSignal::new(0_u32);
    let events = LocalResource::new(move || {
        version.track();
        let query = settled.settled().unwrap_or_default().query(page.get());
        async move { ipc::audit_events(&query).await }
    });
    let edit = move |change: fn(&mut TimelineFilter, String), value: String| {
        typed.update(|f| change(f, value));
        page.set(0);
        settled.push(typed.get_untracked());
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      read: fn(&TimelineFilter) -> String,
                      write: fn(&mut TimelineFilter, String)| {
        view! {
            <input
                id=id
                type="search"
                placeholder=label
                aria-label=label
                prop:value=move || typed.with(read)
                on:input=move |ev| edit(write, event_target_value(&ev))
            />
        }
    };
    view! {
        <div class="timeline-panel">
            <div class="field-row wrap audit-filters">
                {field("audit-actor", "actor", |f| f.actor.clone(), |f, v| f.actor = v)}
                {field("audit-action", "action prefix, e.g. request.", |f| f.action.clone(), |f, v| f.action = v)}
                {field("audit-target", "target contains", |f| f.target.clone(), |f, v| f.target = v)}
                {field("audit-request", "request id", |f| f.request_id.clone(), |f, v| f.request_id = v)}
            </div>
            <Transition fallback=|| view! { <Loading what="audit events"/> }>
                <ErrorBoundary fallback=error_fallback(move || events.refetch())>
                    {move || Suspend::new(async move {
                        let shown_page = page.get_untracked();
                        events.await.map(|events| view! { <EventTable events page shown_page/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn EventTable(events: AuditPage, page: RwSignal<u32>, shown_page: u32) -> impl IntoView {
    let total = events.total;
    let label = page_label(shown_page, events.events.len(), total);
    let last = page_count(total) - 1;
    let pager = view! {
        <div class="pager">
            <button id="audit-prev" class="button small" disabled={shown_page == 0} on:click=move |_| page.set(shown_page.saturating_sub(1))>
                "← newer"
            </button>
            <span id="audit-page-label" class="muted">{label}</span>
            <button id="audit-next" class="button small" disabled={shown_page >= last} on:click=move |_| page.set(shown_page + 1)>
                "older →"
            </button>
        </div>
    };
    if events.events.is_empty() {
        return view! { {pager} <p id="audit-empty" class="empty-state">"No event matches these filters."</p> }
            .into_any();
    }
    let rows = events.events.into_iter().map(|event| view! { <EventRow event/> }).collect_view();
    view! {
        {pager}
        <table class="columns audit-events" data-page-size=PAGE_SIZE>
            <thead>
                <tr>
                    <th class="number">"#"</th>
                    <th>"When"</th>
                    <th>"Actor"</th>
                    <th>"Action"</th>
                    <th>"Target"</th>
                    <th>"Request"</th>
                    <th>"Change"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn EventRow(event: AuditEventView) -> impl IntoView {
    let nav = use_navigation();
    let request = event.request_id.map(|id| {
        let open = id.clone();
        view! { <button class="link request-link" on:click=move |_| nav.go(Page::Request { id: open.clone() })>{id}</button> }
    });
    let change = change_text(event.before.as_deref(), event.after.as_deref());
    view! {
        <tr class="audit-event" data-seq=event.seq title=format!("hash {}", event.hash)>
            <td class="number">{event.seq}</td>
            <td class="muted nowrap">{format_time(event.at)}</td>
            <td title=event.actor.clone()>{event.actor_name}</td>
            <td><code>{event.action}</code></td>
            <td class="target">{event.target}</td>
            <td>{request}</td>
            <td class="change">{change}</td>
        </tr>
    }
}
