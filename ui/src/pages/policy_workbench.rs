//! One product's policy workbench: its grants, the tag and grant editors, the pending changes, and
//! preview → apply.

use crate::components::error_banner::{ErrorBanner, Loading, Problem, code_name, error_fallback};
use crate::components::grant_editor::GrantEditor;
use crate::components::plan_view::PlanView;
use crate::components::policy_grants::GrantsTable;
use crate::components::tag_editor::TagEditor;
use crate::ipc;
use crate::plan_summary::PlanSummary;
use crate::policy_editor::describe;
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, Plan, PolicyChange, ProductRef};

/// The changes collected so far and what the backend said about them.
#[derive(Clone, Copy)]
pub struct Pending {
    pub changes: RwSignal<Vec<PolicyChange>>,
    /// The plan for exactly `changes`; dropped whenever they change, so that only a fresh
    /// preview can enable applying.
    plan: RwSignal<Option<Result<Plan, ApiError>>>,
    applied: RwSignal<Option<Plan>>,
    apply_error: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
}

impl Pending {
    fn new() -> Self {
        Self {
            changes: RwSignal::new(Vec::new()),
            plan: RwSignal::new(None),
            applied: RwSignal::new(None),
            apply_error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Adds a change once; the same change twice would be applied twice.
    pub fn add(&self, change: PolicyChange) {
        self.changes.update(|list| {
            if !list.contains(&change) {
                list.push(change);
            }
        });
        self.edited();
    }

    fn remove(&self, index: usize) {
        self.changes.update(|list| {
            if index < list.len() {
                list.remove(index);
            }
        });
        self.edited();
    }

    fn edited(&self) {
        self.plan.set(None);
        self.applied.set(None);
        self.apply_error.set(None);
    }

    fn can_apply(&self) -> bool {
        !self.busy.get() && self.plan.with(|p| matches!(p, Some(Ok(plan)) if PlanSummary::of(plan).can_apply()))
    }
}

#[component]
pub fn PolicyWorkbench(product: ProductRef) -> impl IntoView {
    let version = use_data_version();
    let pending = Pending::new();
    let add = Callback::new(move |change: PolicyChange| pending.add(change));
    let queued = Signal::derive(move || pending.changes.get());
    let product = StoredValue::new(product);
    let detail = LocalResource::new(move || {
        version.track();
        let product = product.get_value();
        async move { ipc::product(&product).await }
    });
    let grants = LocalResource::new(move || {
        version.track();
        let product = product.get_value();
        async move { ipc::grants(&product).await }
    });
    view! {
        <div class="policy-workbench" data-product=product.get_value().to_string()>
            <h2>"Grants"</h2>
            <Transition fallback=|| view! { <Loading what="grants"/> }>
                <ErrorBoundary fallback=error_fallback(move || grants.refetch())>
                    {move || Suspend::new(async move { grants.await.map(|grants| view! { <GrantsTable grants queued add/> }) })}
                </ErrorBoundary>
            </Transition>
            <Transition fallback=|| view! { <Loading what="product"/> }>
                <ErrorBoundary fallback=error_fallback(move || detail.refetch())>
                    {move || Suspend::new(async move {
                        detail.await.map(|detail| {
                            let for_grants = detail.clone();
                            view! {
                                <div class="editors">
                                    <TagEditor detail add/>
                                    <GrantEditor detail=for_grants add/>
                                </div>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <PendingChanges pending/>
        </div>
    }
}

#[component]
fn PendingChanges(pending: Pending) -> impl IntoView {
    let version = use_data_version();
    let preview = move |_| {
        let changes = pending.changes.get_untracked();
        pending.busy.set(true);
        spawn_local(async move {
            let plan = ipc::plan_policy(&changes).await;
            pending.busy.try_set(false);
            // The list may have changed while the plan was computed: that plan is not for it.
            if pending.changes.try_with_untracked(|now| *now == changes).unwrap_or(false) {
                pending.plan.try_set(Some(plan));
            }
        });
    };
    let apply = move |_| {
        let changes = pending.changes.get_untracked();
        pending.busy.set(true);
        pending.apply_error.set(None);
        spawn_local(async move {
            let result = ipc::apply_policy(&changes).await;
            pending.busy.try_set(false);
            match result {
                Ok(plan) => {
                    pending.changes.try_set(Vec::new());
                    pending.plan.try_set(None);
                    pending.applied.try_set(Some(plan));
                    // Grants, tags, access and audit all moved: every page reads again.
                    version.bump();
                }
                Err(error) => {
                    pending.apply_error.try_set(Some(error));
                }
            }
        });
    };
    let items = move || {
        pending
            .changes
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, change)| {
                view! {
                    <li class="pending-change" data-index=index>
                        <span>{describe(&change)}</span>
                        <button class="link remove-change" on:click=move |_| pending.remove(index)>"remove"</button>
                    </li>
                }
            })
            .collect_view()
    };
    let empty = move || pending.changes.with(Vec::is_empty);
    view! {
        <section id="policy-pending" class="settings-group">
            <h2>{move || format!("Pending changes ({})", pending.changes.with(Vec::len))}</h2>
            {move || empty().then(|| view! {
                <p class="muted">"Add tag or grant changes, or revoke a grant: they collect here until you apply them."</p>
            })}
            <ol class="pending-list">{items}</ol>
            <div class="form-actions">
                <button id="policy-preview" class="button" disabled=move || empty() || pending.busy.get() on:click=preview>
                    "Preview plan"
                </button>
                <button id="policy-apply" class="button primary" disabled=move || !pending.can_apply() on:click=apply>
                    "Apply"
                </button>
                <button
                    id="policy-discard"
                    class="link"
                    disabled=empty
                    on:click=move |_| {
                        pending.changes.set(Vec::new());
                        pending.edited();
                    }
                >
                    "Discard all"
                </button>
            </div>
            {move || pending.apply_error.get().map(|error| view! {
                <p id="policy-apply-error" class="form-error" role="alert" data-code=code_name(Some(error.code))>{error.message}</p>
            })}
            {move || match pending.plan.get() {
                Some(Ok(plan)) => view! { <PlanView plan/> }.into_any(),
                Some(Err(error)) => view! { <ErrorBanner problem=Problem::from_api(&error)/> }.into_any(),
                None => ().into_any(),
            }}
            {move || pending.applied.get().map(|plan| view! {
                <div id="policy-applied" class="notice ok" role="status">
                    {format!("Applied {} change(s).", plan.changes.len())}
                </div>
                <PlanView plan/>
            })}
        </section>
    }
}
