//! The Requests page: my requests, the inbox of requests to decide (with the owner's broken
//! contracts above it), and (for stewards) all of them.

use crate::app::{Page, use_navigation};
use crate::components::badges::{SensitivityChip, StatusBadge};
use crate::components::error_banner::{Loading, error_fallback};
use crate::dates::format_time;
use crate::ipc;
use crate::pages::contract_alerts::{Concern, ContractAlertsBanner};
use crate::request_list::{effective_scope, empty_text, parse_status, scope_id, scope_label, scopes};
use crate::session::{use_data_version, use_viewer};
use leptos::prelude::*;
use meshdesk_protocol::{RequestFilter, RequestScope, RequestStatus, RequestView};

/// The chosen tab and status, kept for the window's lifetime so that coming back from a
/// request's detail shows the same list.
#[derive(Debug, Clone, Copy)]
pub struct RequestsState {
    pub scope: RwSignal<RequestScope>,
    pub status: RwSignal<Option<RequestStatus>>,
}

impl RequestsState {
    pub fn new() -> Self {
        Self { scope: RwSignal::new(RequestScope::Mine), status: RwSignal::new(None) }
    }
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let state = expect_context::<RequestsState>();
    let viewer = use_viewer();
    let version = use_data_version();
    let scope = Memo::new(move |_| effective_scope(state.scope.get(), viewer.is_steward()));
    let filter = Memo::new(move |_| RequestFilter { scope: scope.get(), status: state.status.get() });
    let list = LocalResource::new(move || {
        version.track();
        let filter = filter.get();
        async move { ipc::requests(&filter).await.map(|list| (filter, list)) }
    });
    let tabs = move || {
        scopes(viewer.is_steward())
            .into_iter()
            .map(|s| {
                view! {
                    <button
                        id=scope_id(s)
                        class="tab"
                        role="tab"
                        class:active=move || scope.get() == s
                        aria-selected=move || (scope.get() == s).to_string()
                        on:click=move |_| state.scope.set(s)
                    >
                        {scope_label(s)}
                    </button>
                }
            })
            .collect_view()
    };
    let status_options = RequestStatus::ALL
        .into_iter()
        .map(|s| {
            view! { <option value=s.as_str() selected=move || state.status.get() == Some(s)>{s.as_str()}</option> }
        })
        .collect_view();
    view! {
        <section class="page requests-page">
            <h1>"Requests"</h1>
            {move || (scope.get() == RequestScope::Inbox).then(|| view! { <ContractAlertsBanner concern=Concern::Owned/> })}
            <div class="tabs" role="tablist">
                {tabs}
                <label class="tab-filter">
                    "Status "
                    <select id="requests-status" on:change=move |ev| state.status.set(parse_status(&event_target_value(&ev)))>
                        <option value="" selected=move || state.status.get().is_none()>"any"</option>
                        {status_options}
                    </select>
                </label>
            </div>
            <Transition fallback=|| view! { <Loading what="requests"/> }>
                <ErrorBoundary fallback=error_fallback(move || list.refetch())>
                    {move || Suspend::new(async move {
                        list.await.map(|(filter, list)| view! { <RequestTable filter list/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn RequestTable(filter: RequestFilter, list: Vec<RequestView>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <div id="requests-empty" class="empty-state">
                <p class="empty-headline">{empty_text(filter.scope, filter.status)}</p>
            </div>
        }
        .into_any();
    }
    let rows = list.into_iter().map(|request| view! { <RequestRow request/> }).collect_view();
    // A grid of boxes rather than a <table>: WebDriver (and so the end-to-end tests) cannot click
    // a table row in WebKit, and the whole row is what opens the request.
    view! {
        <div id="request-list" class="request-list" role="table">
            <div class="request-list-head" role="row">
                <span role="columnheader">"Product"</span>
                <span role="columnheader">"Requester"</span>
                <span role="columnheader">"Principal"</span>
                <span role="columnheader" class="number">"Columns"</span>
                <span role="columnheader">"Highest"</span>
                <span role="columnheader">"Status"</span>
                <span role="columnheader">"Created"</span>
            </div>
            {rows}
        </div>
    }
    .into_any()
}

#[component]
fn RequestRow(request: RequestView) -> impl IntoView {
    let nav = use_navigation();
    let id = request.id.clone();
    let open = move || nav.go(Page::Request { id: id.clone() });
    let open_on_key = open.clone();
    view! {
        <div
            class="request-row"
            role="row"
            tabindex="0"
            data-request=request.id.clone()
            data-status=request.status.as_str()
            on:click=move |_| open()
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    open_on_key();
                }
            }
        >
            <span role="cell" class="product-ref" title=request.product.to_string()>{request.product.database.clone()}</span>
            <span role="cell" title=request.requester.clone()>{request.requester_name.clone()}</span>
            <span role="cell"><code class="principal">{request.principal.clone()}</code></span>
            <span role="cell" class="number">{request.columns.len()}</span>
            <span role="cell"><SensitivityChip value=request.highest/></span>
            <span role="cell"><StatusBadge status=request.status/></span>
            <span role="cell" class="muted">{format_time(request.created_at)}</span>
        </div>
    }
}
