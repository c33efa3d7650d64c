//! The Audit page's tools: verify the audit chain, export evidence, reconcile requests with grants.

use crate::components::error_banner::{ErrorBanner, Problem};
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, Export, ExportFormat, ExportKind, ReconcileReport, VerifyReport};

const KINDS: [ExportKind; 4] =
    [ExportKind::AuditLog, ExportKind::AccessMatrix, ExportKind::Requests, ExportKind::Findings];
const FORMATS: [ExportFormat; 2] = [ExportFormat::Csv, ExportFormat::Json];

fn kind_name(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::AuditLog => "audit_log",
        ExportKind::AccessMatrix => "access_matrix",
        ExportKind::Requests => "requests",
        ExportKind::Findings => "findings",
    }
}

fn kind_label(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::AuditLog => "audit log",
        ExportKind::AccessMatrix => "access matrix",
        ExportKind::Requests => "requests",
        ExportKind::Findings => "findings",
    }
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Json => "json",
    }
}

type Outcome<T> = RwSignal<Option<Result<T, ApiError>>>;

/// Runs `call` with `busy` set and puts its answer in `into`.
fn run<T, F>(
    busy: RwSignal<bool>,
    into: Outcome<T>,
    call: impl FnOnce() -> F + 'static,
    after: impl FnOnce(&T) + 'static,
) where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T, ApiError>> + 'static,
{
    busy.set(true);
    into.set(None);
    spawn_local(async move {
        let result = call().await;
        busy.try_set(false);
        if let Ok(value) = &result {
            after(value);
        }
        into.try_set(Some(result));
    });
}

#[component]
pub fn AuditTools() -> impl IntoView {
    let version = use_data_version();
    let busy = RwSignal::new(false);
    let verify: Outcome<VerifyReport> = RwSignal::new(None);
    let export: Outcome<Export> = RwSignal::new(None);
    let reconcile: Outcome<ReconcileReport> = RwSignal::new(None);
    let exports = KINDS
        .into_iter()
        .map(|kind| {
            let buttons = FORMATS
                .into_iter()
                .map(|format| {
                    view! {
                        <button
                            class="button small export-button"
                            data-kind=kind_name(kind)
                            data-format=format_name(format)
                            disabled=move || busy.get()
                            on:click=move |_| run(busy, export, move || ipc::export(kind, format), |_| ())
                        >
                            {format_name(format).to_uppercase()}
                        </button>
                    }
                })
                .collect_view();
            view! { <span class="export-group">{kind_label(kind)} " " {buttons}</span> }
        })
        .collect_view();
    view! {
        <div class="audit-tools settings-group">
            <div class="field-row wrap">
                <button id="audit-verify" class="button" disabled=move || busy.get() on:click=move |_| run(busy, verify, ipc::verify_audit, |_| ())>
                    "Verify the audit chain"
                </button>
                <button
                    id="reconcile"
                    class="button"
                    disabled=move || busy.get()
                    // Reconciling finishes or expires requests: everything shown may have moved.
                    on:click=move |_| run(busy, reconcile, ipc::reconcile, move |_| version.bump())
                >
                    "Reconcile requests and grants"
                </button>
                <span class="exports">"Export: " {exports}</span>
            </div>
            {move || verify.get().map(|result| match result {
                Ok(report) => view! { <VerifyLine report/> }.into_any(),
                Err(error) => view! { <ErrorBanner problem=Problem::from_api(&error)/> }.into_any(),
            })}
            {move || export.get().map(|result| match result {
                Ok(saved) => view! {
                    <p id="export-result" class="notice ok export-saved">"Saved " {saved.file_name} " to " <code>{saved.saved_to}</code></p>
                }
                .into_any(),
                Err(error) => view! { <ErrorBanner problem=Problem::from_api(&error)/> }.into_any(),
            })}
            {move || reconcile.get().map(|result| match result {
                Ok(report) => view! { <ReconcileLine report/> }.into_any(),
                Err(error) => view! { <ErrorBanner problem=Problem::from_api(&error)/> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn VerifyLine(report: VerifyReport) -> impl IntoView {
    if report.intact {
        return view! {
            <p id="verify-result" class="notice ok verify-ok">{format!("Intact: {} events verified.", report.events_checked)}</p>
        }
        .into_any();
    }
    // The backend's message names the event; without one, the sequence number says where.
    let problem = report.problem.unwrap_or_else(|| match report.problem_seq {
        Some(seq) => format!("the chain breaks at event #{seq}"),
        None => "the chain does not verify".to_owned(),
    });
    view! {
        <p id="verify-result" class="notice verify-problem" role="alert" data-seq=report.problem_seq>
            <strong>"Tampering or corruption detected. "</strong>
            {format!("{problem} ({} events checked)", report.events_checked)}
        </p>
    }
    .into_any()
}

#[component]
fn ReconcileLine(report: ReconcileReport) -> impl IntoView {
    let nothing =
        report.completed.is_empty() && report.expired.is_empty() && report.failed.is_empty() && report.audited.is_empty();
    let list = |title: &'static str, ids: Vec<String>| {
        (!ids.is_empty()).then(|| view! { <li>{format!("{title}: {}", ids.join(", "))}</li> })
    };
    let failed = report
        .failed
        .into_iter()
        .map(|(id, reason)| view! { <li class="reconcile-failed" data-request=id.clone()>{format!("still failing {id}: {reason}")}</li> })
        .collect_view();
    view! {
        <div id="reconcile-report" class="notice ok">
            {nothing.then_some("Reconciled: every request matches its grants.")}
            <ul class="plain-list">
                {list("completed", report.completed)}
                {list("expired and revoked", report.expired)}
                {list("audit event recorded for an interrupted apply", report.audited)}
                {failed}
            </ul>
        </div>
    }
}
