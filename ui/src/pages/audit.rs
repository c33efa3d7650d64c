//! The Audit page (stewards): the access matrix, the timeline of every change, findings with their
//! repairs, and the tools: verify the chain, export evidence, reconcile.

use crate::components::access_matrix::AccessMatrixTable;
use crate::components::error_banner::{Loading, error_fallback};
use crate::ipc;
use crate::pages::audit_findings::FindingsPanel;
use crate::pages::audit_timeline::TimelinePanel;
use crate::pages::audit_tools::AuditTools;
use crate::session::use_data_version;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuditTab {
    Matrix,
    Timeline,
    Findings,
}

impl AuditTab {
    const ALL: [AuditTab; 3] = [AuditTab::Matrix, AuditTab::Timeline, AuditTab::Findings];

    fn id(self) -> &'static str {
        match self {
            AuditTab::Matrix => "audit-matrix",
            AuditTab::Timeline => "audit-timeline",
            AuditTab::Findings => "audit-findings",
        }
    }

    fn label(self) -> &'static str {
        match self {
            AuditTab::Matrix => "Access matrix",
            AuditTab::Timeline => "Timeline",
            AuditTab::Findings => "Findings",
        }
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let tab = RwSignal::new(AuditTab::Matrix);
    let tabs = AuditTab::ALL
        .into_iter()
        .map(|t| {
            view! {
                <button
                    id=t.id()
                    class="tab"
                    role="tab"
                    class:active=move || tab.get() == t
                    aria-selected=move || (tab.get() == t).to_string()
                    on:click=move |_| tab.set(t)
                >
                    {t.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="page audit-page">
            <h1>"Audit"</h1>
            <AuditTools/>
            <div class="tabs" role="tablist">{tabs}</div>
            <div class="tab-panel" role="tabpanel">
                {move || match tab.get() {
                    AuditTab::Matrix => view! { <MatrixPanel/> }.into_any(),
                    AuditTab::Timeline => view! { <TimelinePanel/> }.into_any(),
                    AuditTab::Findings => view! { <FindingsPanel/> }.into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn MatrixPanel() -> impl IntoView {
    let version = use_data_version();
    let matrix = LocalResource::new(move || {
        version.track();
        ipc::access_matrix()
    });
    view! {
        <Transition fallback=|| view! { <Loading what="the access matrix"/> }>
            <ErrorBoundary fallback=error_fallback(move || matrix.refetch())>
                {move || Suspend::new(async move { matrix.await.map(|matrix| view! { <AccessMatrixTable matrix/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}
