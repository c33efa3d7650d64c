//! Findings: what a steward should look at, most severe first, each with the repair Meshdesk
//! proposes and a button that applies it.

use crate::components::badges::SeverityBadge;
use crate::components::error_banner::{ErrorBanner, Loading, Problem, error_fallback};
use crate::components::plan_view::{PlanView, PlannedChanges};
use crate::findings::{kind_label, ordered, repair_button_id, severity_name};
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, FindingView, Plan};

/// The last repair and its answer: which finding, and the plan applied (or why not).
type Repaired = RwSignal<Option<(String, Result<Plan, ApiError>)>>;

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let version = use_data_version();
    let findings = LocalResource::new(move || {
        version.track();
        ipc::findings()
    });
    let repaired: Repaired = RwSignal::new(None);
    let busy = RwSignal::new(false);
    view! {
        <div class="findings-panel">
            {move || repaired.get().map(|(id, result)| match result {
                Ok(plan) => view! {
                    <div id="repair-result" class="notice ok" data-finding=id.clone()>
                        {format!("Repaired {id}.")}
                        <PlanView plan/>
                    </div>
                }
                .into_any(),
                Err(error) => view! { <ErrorBanner problem=Problem::from_api(&error)/> }.into_any(),
            })}
            <Transition fallback=|| view! { <Loading what="findings"/> }>
                <ErrorBoundary fallback=error_fallback(move || findings.refetch())>
                    {move || Suspend::new(async move {
                        findings.await.map(|list| view! { <FindingList list repaired busy/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn FindingList(list: Vec<FindingView>, repaired: Repaired, busy: RwSignal<bool>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p id="findings-empty" class="empty-state">"No findings: every grant is explained and within the charter."</p>
        }
        .into_any();
    }
    ordered(list).into_iter().map(|finding| view! { <FindingCard finding repaired busy/> }).collect_view().into_any()
}

#[component]
fn FindingCard(finding: FindingView, repaired: Repaired, busy: RwSignal<bool>) -> impl IntoView {
    let version = use_data_version();
    let id = finding.id.clone();
    let repair = move |_| {
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = ipc::repair_finding(&id).await;
            busy.try_set(false);
            let fixed = result.is_ok();
            repaired.try_set(Some((id, result)));
            if fixed {
                // The repair changed grants or tags: findings, matrix and timeline read again.
                version.bump();
            }
        });
    };
    let action = if finding.repair.is_empty() {
        view! { <p class="muted">"No automatic repair: a person must act (for example, name an owner)."</p> }.into_any()
    } else {
        view! {
            <h4>"Proposed repair"</h4>
            <PlannedChanges changes=finding.repair.clone()/>
            <button
                id=repair_button_id(&finding.id)
                class="button primary repair-finding"
                data-finding=finding.id.clone()
                disabled=move || busy.get()
                on:click=repair
            >
                "Repair"
            </button>
        }
        .into_any()
    };
    view! {
        <article class="finding settings-group" data-finding=finding.id.clone() data-kind=finding.kind.clone() data-severity=severity_name(finding.severity)>
            <header class="finding-head">
                <SeverityBadge severity=finding.severity/>
                <strong>{kind_label(&finding.kind)}</strong>
                <code class="target">{finding.target}</code>
            </header>
            <p>{finding.explanation}</p>
            {action}
        </article>
    }
}
