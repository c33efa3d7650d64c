//! A request's detail: everything asked, the plan, the approvals still needed, its timeline, and
//! the decisions the current identity may take on it.

use crate::access_groups::permissions_text;
use crate::app::{Page, ProductTab, use_navigation};
use crate::components::badges::{EffectiveSensitivityChip, SensitivityChip, StatusBadge};
use crate::components::error_banner::{Loading, error_fallback};
use crate::components::plan_view::PlannedChanges;
use crate::dates::format_time;
use crate::ipc;
use crate::pages::request_decision::{ActionBar, ActionButton, Decider, Notice, NoticeLine};
use crate::session::use_data_version;
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, DecisionView, RequestAction, RequestView};

#[component]
pub fn RequestPage() -> impl IntoView {
    let nav = use_navigation();
    let version = use_data_version();
    let id = Memo::new(move |_| {
        nav.with(|page| match page {
            Page::Request { id } => Some(id.clone()),
            _ => None,
        })
    });
    let resource = LocalResource::new(move || {
        version.track();
        let id = id.get();
        async move {
            match id {
                Some(id) => ipc::request(&id).await,
                None => Err(ApiError::not_found("No request is selected.")),
            }
        }
    });
    // Kept across reloads and across the jump from a request to its extension, where it says
    // that the extension was asked for.
    let notice: RwSignal<Option<Notice>> = RwSignal::new(None);
    view! {
        <section class="page request-detail-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <button id="back-to-requests" class="link" on:click=move |_| nav.go(Page::Requests)>"← Requests"</button>
            </nav>
            <NoticeLine notice/>
            <Transition fallback=|| view! { <Loading what="request"/> }>
                <ErrorBoundary fallback=error_fallback(move || resource.refetch())>
                    {move || Suspend::new(async move {
                        resource.await.map(|request| view! { <RequestDetail shown=request notice request=resource/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn RequestDetail(
    shown: RequestView,
    notice: RwSignal<Option<Notice>>,
    request: LocalResource<Result<RequestView, ApiError>>,
) -> impl IntoView {
    let nav = use_navigation();
    let decider = Decider::new(shown.id.clone(), shown.version, notice, request);
    let request = shown;
    let can_retry = request.actions.contains(&RequestAction::Retry);
    let error_box = request.last_error.clone().map(|error| {
        view! {
            <div id="request-last-error" class="request-error" role="alert">
                <div class="error-text">
                    <strong class="error-title">"Provisioning failed"</strong>
                    <span class="error-message">{error}</span>
                    <span class="muted">"The request stays approved until the grant is made; a retry or a reconcile finishes it."</span>
                </div>
                {can_retry.then(|| view! { <ActionButton decider action=RequestAction::Retry/> })}
            </div>
        }
    });
    let skip_retry = request.last_error.is_some();
    let product = request.product.clone();
    let open_product =
        move |_| nav.go(Page::Product { product: product.clone(), tab: ProductTab::Access, table: None });
    let extends = request.extends.clone().map(|original| {
        let open = original.clone();
        view! {
            <dt>"Extends"</dt>
            <dd>
                <button
                    id="request-extends"
                    class="link"
                    on:click=move |_| {
                        // The notice was about this request, not the one it extends.
                        notice.set(None);
                        nav.go(Page::Request { id: open.clone() })
                    }
                >
                    {original}
                </button>
            </dd>
        }
    });
    let columns = request
        .columns
        .iter()
        .map(|c| {
            let key = format!("{}.{}", c.table, c.column);
            let shown = key.clone();
            view! {
                <li class="requested-column" data-column=key>
                    <code>{shown}</code>
                    <EffectiveSensitivityChip value=c.sensitivity/>
                </li>
            }
        })
        .collect_view();
    // Where the consumer reaches the data in their own catalog (AWS resource links), or why
    // that is not made yet; nothing on the sandbox.
    let consumer_side = match (&request.consumer_pending, request.links.is_empty()) {
        (Some(why), _) => Some(view! {
            <dt>"Consumer side"</dt>
            <dd id="request-consumer-pending" class="muted">{format!("pending: {why}")}</dd>
        }.into_any()),
        (None, false) if request.status == meshdesk_protocol::RequestStatus::Provisioned => {
            let links = request
                .links
                .iter()
                .map(|l| view! { <li data-link=l.name.clone()><code>{l.qualified()}</code>{format!(" → {}", l.table)}</li> })
                .collect_view();
            Some(view! {
                <dt>{format!("In account {}", request.links[0].account)}</dt>
                <dd id="request-links"><ul class="plain-list">{links}</ul></dd>
            }.into_any())
        }
        _ => None,
    };
    let approvals = if request.approvals_needed.is_empty() {
        view! { <span class="muted">"none outstanding"</span> }.into_any()
    } else {
        request
            .approvals_needed
            .iter()
            .map(|a| view! { <span class="person">{a.clone()}</span> })
            .collect_view()
            .into_any()
    };
    view! {
        <header class="request-head" data-request=request.id.clone() data-status=request.status.as_str() data-version=request.version>
            <h1 id="request-title">{format!("Request {}", request.id)}</h1>
            <StatusBadge status=request.status/>
            <SensitivityChip value=request.highest/>
            <span class="muted">{format!("version {}", request.version)}</span>
        </header>
        <p class="product-subtitle">
            <button id="request-product" class="link" on:click=open_product>{request.product.to_string()}</button>
            {format!(" · asked by {} · {}", request.requester_name, format_time(request.created_at))}
        </p>
        {error_box}
        <ActionBar decider actions=request.actions.clone() skip_retry/>
        <dl class="facts">
            <dt>"Grant to"</dt>
            <dd><code>{request.principal.clone()}</code></dd>
            <dt>"Tables"</dt>
            <dd>{request.tables.join(", ")}</dd>
            <dt>"Permissions"</dt>
            <dd>{permissions_text(&request.permissions)}</dd>
            <dt>"Rows"</dt>
            <dd id="request-row-filter-shown">{request.row_filter.clone().map_or_else(|| "all rows".to_owned(), |f| format!("where {f}"))}</dd>
            <dt>"Duration"</dt>
            <dd>{format!("{} days", request.duration_days)}</dd>
            <dt>"Expires"</dt>
            <dd id="request-expires">{request.expires_at.map_or_else(|| "when provisioned, after the duration".to_owned(), format_time)}</dd>
            {extends}
            {consumer_side}
            <dt>"Approvals needed"</dt>
            <dd id="request-approvals">{approvals}</dd>
        </dl>
        <h2>"Justification"</h2>
        <p id="request-justification-shown" class="justification">{request.justification.clone()}</p>
        <h2>{format!("Columns ({})", request.columns.len())}</h2>
        <ul class="requested-columns plain-list">{columns}</ul>
        <h2>"Plan"</h2>
        <PlannedChanges changes=request.plan.clone()/>
        <h2>"Timeline"</h2>
        <Timeline request/>
    }
}

#[component]
fn Timeline(request: RequestView) -> impl IntoView {
    let created = view! {
        <li class="decision" data-verdict="create">
            <span class="when">{format_time(request.created_at)}</span>
            <span class="who" title=request.requester.clone()>{request.requester_name.clone()}</span>
            <span class="capacity">"requester"</span>
            <strong class="verdict">"asked"</strong>
        </li>
    };
    let decisions = request.decisions.into_iter().map(|d| view! { <DecisionLine decision=d/> }).collect_view();
    view! { <ol id="request-timeline" class="timeline">{created}{decisions}</ol> }
}

#[component]
fn DecisionLine(decision: DecisionView) -> impl IntoView {
    let verdict = decision.verdict.clone();
    view! {
        <li class="decision" data-verdict=verdict>
            <span class="when">{format_time(decision.at)}</span>
            <span class="who" title=decision.by.clone()>{decision.by_name}</span>
            <span class="capacity">{decision.capacity}</span>
            <strong class="verdict">{decision.verdict}</strong>
            {decision.reason.map(|r| view! { <span class="reason">{format!("“{r}”")}</span> })}
        </li>
    }
}
