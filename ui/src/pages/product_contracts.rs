//! Owners' contract editor: pick a table, tick the columns consumers may rely on (with their live
//! type, and whether they may be null), the freshness promise and the version; the plan says
//! what changes, whether the table keeps it, and who relies on the table.

use crate::components::contract_view::{ConsumerList, ParameterChanges, distinct_consumers};
use crate::components::error_banner::code_name;
use crate::components::form_field::{Binding, FormField};
use crate::contract_form::ContractForm;
use crate::debounce::Debounced;
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, ContractEdit, ProductDetail, TableDetail};
use std::time::Duration;

const PLAN_DELAY: Duration = Duration::from_millis(250);

#[component]
pub fn ContractEditorPanel(detail: ProductDetail, notice: RwSignal<Option<String>>) -> impl IntoView {
    let tables: Vec<TableDetail> = detail.tables.into_iter().filter(|t| t.link_target.is_none()).collect();
    if tables.is_empty() {
        return ().into_any();
    }
    // The first table that has a contract: that is what an owner most likely came to change.
    let first = tables.iter().find(|t| t.contract.is_some()).unwrap_or(&tables[0]).table.table.clone();
    let options = tables
        .iter()
        .map(|t| {
            let name = t.table.table.clone();
            let selected = name == first;
            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let tables = StoredValue::new(tables);
    let chosen = RwSignal::new(first);
    view! {
        <div id="contract-editor-panel" class="contract-editor-panel">
            <h3>"Data contracts"</h3>
            <label class="table-picker">
                "Table "
                <select id="contract-table" on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
            </label>
            {move || {
                let name = chosen.get();
                tables.with_value(|ts| ts.iter().find(|t| t.table.table == name).cloned()).map(|table| view! { <ContractEditor table notice/> })
            }}
        </div>
    }
    .into_any()
}

#[component]
fn ContractEditor(table: TableDetail, notice: RwSignal<Option<String>>) -> impl IntoView {
    let version = use_data_version();
    let form = RwSignal::new(ContractForm::of(&table));
    let target = StoredValue::new(table.table.clone());
    let edit = Memo::new(move |_| {
        form.with(|f| f.spec()).map(|spec| ContractEdit { table: target.get_value(), contract: Some(spec) })
    });
    let settled = Debounced::<ContractEdit>::new(PLAN_DELAY);
    Effect::new(move |_| match edit.get() {
        Ok(edit) => settled.push(edit),
        Err(_) => settled.clear(),
    });
    let plan = LocalResource::new(move || {
        let edit = settled.settled();
        async move {
            match edit {
                Some(edit) => Some((ipc::plan_contract(&edit).await, edit)),
                None => None,
            }
        }
    });
    let current_plan = Memo::new(move |_| {
        let wanted = edit.get().ok();
        plan.get().flatten().filter(|(_, for_edit)| Some(for_edit) == wanted.as_ref()).map(|(plan, _)| plan)
    });
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let can_save = move || {
        !busy.get()
            && current_plan.with(|p| matches!(p, Some(Ok(plan)) if plan.problems.is_empty() && plan.change.is_some()))
    };
    let save = move |_| {
        let Ok(edit) = edit.get_untracked() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = ipc::save_contract(&edit).await;
            busy.try_set(false);
            match result {
                Ok(plan) => {
                    notice.try_set(Some(format!("Saved the contract of {}.", plan.table)));
                    version.bump();
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let rows = move || {
        form.with(|f| f.columns.clone())
            .into_iter()
            .map(|c| {
                let (toggle, nullable) = (c.name.clone(), c.name.clone());
                view! {
                    <tr class="contract-column" data-column=c.name.clone()>
                        <td>
                            <label class="inline-check">
                                <input
                                    type="checkbox"
                                    class="promise"
                                    prop:checked=c.promised
                                    on:change=move |_| form.update(|f| f.toggle(&toggle))
                                />
                                <span class="name">{c.name.clone()}</span>
                            </label>
                        </td>
                        <td><code>{c.data_type.clone()}</code></td>
                        <td>
                            <label class="inline-check">
                                <input
                                    type="checkbox"
                                    class="not-null"
                                    disabled=!c.promised
                                    prop:checked=!c.nullable
                                    on:change=move |_| form.update(|f| f.toggle_nullable(&nullable))
                                />
                                <span>"not null"</span>
                            </label>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <form id="contract-editor" class="contract-editor" on:submit=|ev| ev.prevent_default()>
            <table class="columns">
                <thead><tr><th>"Promised column"</th><th>"Type"</th><th>"Nulls"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="field-row wrap">
                <FormField
                    id="contract-freshness"
                    label="Freshness promise (hours)"
                    bind=Binding::new(form, |f| &f.freshness_hours, |f| &mut f.freshness_hours)
                />
                <FormField id="contract-version" label="Version" bind=Binding::new(form, |f| &f.version, |f| &mut f.version)/>
            </div>
            {move || edit.get().err().map(|e| view! { <p class="form-error" role="alert" data-field=e.field>{e.message}</p> })}
            <div id="contract-plan">
                {move || current_plan.get().map(|p| match p {
                    Ok(plan) => {
                        let problems = plan.problems.iter().map(|m| view! { <p class="plan-problem" role="alert">{m.clone()}</p> }).collect_view();
                        let change = plan.change.clone().into_iter().collect::<Vec<_>>();
                        let count = distinct_consumers(&plan.consumers);
                        view! {
                            <ParameterChanges changes=change/>
                            {problems}
                            {(count > 0).then(|| view! {
                                <p><strong>{format!("{count} consumer(s) rely on this table:")}</strong></p>
                                <ConsumerList consumers=plan.consumers.clone()/>
                            })}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </div>
            {move || error.get().map(|e| view! {
                <p id="contract-error" class="form-error" role="alert" data-code=code_name(Some(e.code))>{e.message}</p>
            })}
            <div class="form-actions">
                <button id="contract-save" type="button" class="button primary" disabled=move || !can_save() on:click=save>
                    "Save contract"
                </button>
            </div>
        </form>
    }
}
