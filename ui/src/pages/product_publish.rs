//! Publishing and unpublishing a product: the plan first, and before unpublishing a product that
//! has consumers, who they are and a confirmation.

use crate::components::contract_view::{ConsumerList, ParameterChanges, distinct_consumers};
use crate::components::error_banner::code_name;
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, ProductRef, PublishInput, PublishPlan};

#[component]
pub fn PublishControl(
    product: ProductRef,
    published: bool,
    may_publish: bool,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let version = use_data_version();
    let product = StoredValue::new(product);
    let plan: RwSignal<Option<Result<PublishPlan, ApiError>>> = RwSignal::new(None);
    let confirmed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let publish = !published;
    let verb = if publish { "Publish" } else { "Unpublish" };
    let open = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = ipc::plan_publish(&product.get_value(), publish).await;
            busy.try_set(false);
            plan.try_set(Some(result));
        });
    };
    let apply = move |_| {
        let input = PublishInput { product: product.get_value(), publish, confirm: confirmed.get_untracked() };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = ipc::publish(&input).await;
            busy.try_set(false);
            match result {
                Ok(done) => {
                    let what = if done.publish { "published: it is in everyone's catalog" } else { "unpublished" };
                    notice.try_set(Some(format!("{} is {what}.", done.product)));
                    version.bump();
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let can_apply = move || {
        !busy.get()
            && plan.with(
                |p| matches!(p, Some(Ok(p)) if p.problems.is_empty() && (!p.needs_confirmation || confirmed.get())),
            )
    };
    let status =
        if published { "Published: listed in everyone's catalog." } else { "Not published: only its account sees it." };
    view! {
        <div id="publish-control" class="publish-control" data-published=published.to_string()>
            <h3>"Publishing"</h3>
            <p class="muted">{status}</p>
            {may_publish.then(|| view! {
                <button id="publish-toggle" class="button" disabled=move || busy.get() on:click=open>{format!("{verb}…")}</button>
            })}
            {move || plan.get().map(|p| match p {
                Ok(p) => {
                    let needs = p.needs_confirmation;
                    let count = distinct_consumers(&p.consumers);
                    let problems = p.problems.iter().map(|m| view! { <p class="plan-problem" role="alert">{m.clone()}</p> }).collect_view();
                    view! {
                        <div id="publish-plan" class="plan">
                            <ParameterChanges changes=p.changes/>
                            {problems}
                            {(count > 0).then(|| view! {
                                <p><strong>{format!("{count} consumer(s) would lose this product:")}</strong></p>
                                <ConsumerList consumers=p.consumers.clone()/>
                            })}
                            {needs.then(|| view! {
                                <label id="publish-confirm-label" class="inline-check">
                                    <input
                                        id="publish-confirm"
                                        type="checkbox"
                                        prop:checked=move || confirmed.get()
                                        on:change=move |ev| confirmed.set(event_target_checked(&ev))
                                    />
                                    <span>"I have told these consumers; unpublish anyway"</span>
                                </label>
                            })}
                            <div class="form-actions">
                                <button id="publish-apply" class="button primary" disabled=move || !can_apply() on:click=apply>{verb}</button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
            {move || error.get().map(|e| view! {
                <p id="publish-error" class="form-error" role="alert" data-code=code_name(Some(e.code))>{e.message}</p>
            })}
        </div>
    }
}
