//! The request form's pickers: tables with their columns, the principal, the permissions.

use crate::components::badges::EffectiveSensitivityChip;
use crate::components::choosers::{ColumnTick, PermissionTicks};
use crate::components::form_field::{Binding, RowTextBox};
use crate::identity::principal_choices;
use crate::request_form::{ProductShape, RequestForm, column_key};
use leptos::prelude::*;
use meshdesk_protocol::{Permission, Persona, TableDetail};

/// The permissions a consumer may ask for: reading, and seeing the metadata.
const REQUESTABLE: [Permission; 2] = [Permission::Select, Permission::Describe];

#[component]
pub fn TablePicker(
    tables: Vec<TableDetail>,
    form: RwSignal<RequestForm>,
    shape: StoredValue<ProductShape>,
) -> impl IntoView {
    if tables.is_empty() {
        return view! { <p class="empty-state">"This product has no tables to ask for."</p> }.into_any();
    }
    let groups = tables
        .into_iter()
        .map(|table| {
            let name = table.table.table.clone();
            let total = table.columns.len();
            let keys: Vec<String> = table.columns.iter().map(|c| column_key(&name, &c.name)).collect();
            let chosen_count = move || form.with(|f| keys.iter().filter(|k| f.columns.contains(*k)).count());
            let chosen_for_partial = chosen_count.clone();
            let table_name = name.clone();
            let checked_name = name.clone();
            let columns = table
                .columns
                .into_iter()
                .map(|column| {
                    let key = column_key(&name, &column.name);
                    let checked_key = key.clone();
                    let (table, column_name) = (name.clone(), column.name.clone());
                    let checked = Signal::derive(move || form.with(|f| f.columns.contains(&checked_key)));
                    let on_toggle = Callback::new(move |()| form.update(|f| f.toggle_column(&table, &column_name)));
                    view! {
                        <label class="request-column-line">
                            <ColumnTick class="request-column" column=key checked on_toggle/>
                            <span class="name">{column.name.clone()}</span>
                            <EffectiveSensitivityChip value=column.sensitivity/>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="request-table-group" data-table=name.clone()>
                    <legend>
                        <label>
                            <input
                                type="checkbox"
                                class="request-table"
                                data-table=name.clone()
                                prop:checked=move || form.with(|f| f.tables.contains(&checked_name))
                                prop:indeterminate=move || {
                                    let chosen = chosen_for_partial();
                                    chosen > 0 && chosen < total
                                }
                                on:change=move |_| shape.with_value(|s| form.update(|f| f.toggle_table(s, &table_name)))
                            />
                            <strong>{name.clone()}</strong>
                        </label>
                        <span class="muted">{move || format!("{} of {total} columns", chosen_count())}</span>
                    </legend>
                    <div class="request-columns">{columns}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <span class="field-label">"Tables and columns"</span>
            {groups}
        </div>
    }
    .into_any()
}

/// The principal to grant: typed, or picked from the identity's own principals and account.
#[component]
pub fn PrincipalField(form: RwSignal<RequestForm>, persona: Option<Persona>) -> impl IntoView {
    let choices = persona.as_ref().map(principal_choices).unwrap_or_default();
    let known = choices.clone();
    let options = choices
        .into_iter()
        .map(|choice| {
            let value = choice.clone();
            let label = choice.clone();
            view! {
                <option value=choice selected=move || form.with(|f| f.principal.trim() == value)>{label}</option>
            }
        })
        .collect_view();
    let other = move || form.with(|f| !known.iter().any(|k| k == f.principal.trim()));
    view! {
        <div class="field">
            <span class="field-label">"Grant to"</span>
            <div class="field-row">
                <select
                    id="request-principal-select"
                    aria-label="Your principals"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if !value.is_empty() {
                            form.update(|f| f.principal = value);
                        }
                    }
                >
                    {options}
                    <option value="" selected=other>"another principal…"</option>
                </select>
                <RowTextBox
                    id="request-principal"
                    aria_label="Principal"
                    bind=Binding::new(form, |f| &f.principal, |f| &mut f.principal)
                />
            </div>
        </div>
    }
}

#[component]
pub fn PermissionBoxes(form: RwSignal<RequestForm>) -> impl IntoView {
    view! {
        <div class="field">
            <span class="field-label">"Permissions"</span>
            <div class="field-row"><PermissionTicks choices=&REQUESTABLE class="request-permission" form/></div>
        </div>
    }
}
