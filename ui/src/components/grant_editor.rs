//! The grant editor: who, on which table and columns, which rows, with which permissions.

use crate::choice::toggle;
use crate::components::choosers::{ColumnTick, PermissionTicks, TableOptions};
use crate::components::form_field::{Binding, RowTextBox};
use crate::form_error::FormError;
use crate::policy_editor::{ColumnMode, GrantForm};
use leptos::prelude::*;
use meshdesk_protocol::{Permission, PolicyChange, ProductDetail};

/// What an owner may grant on a product's tables.
const GRANTABLE: [Permission; 6] = [
    Permission::Select,
    Permission::Describe,
    Permission::Insert,
    Permission::Delete,
    Permission::Alter,
    Permission::Drop,
];

#[component]
pub fn GrantEditor(detail: ProductDetail, add: Callback<PolicyChange>) -> impl IntoView {
    let form = RwSignal::new(GrantForm::default());
    let error: RwSignal<Option<FormError>> = RwSignal::new(None);
    let product = detail.product.clone();
    let detail = StoredValue::new(detail);
    let submit = move |_| match form.with_untracked(|f| f.grant(&product)) {
        Ok(change) => {
            error.set(None);
            add.run(change);
        }
        Err(problem) => error.set(Some(problem)),
    };
    let modes = ColumnMode::ALL
        .into_iter()
        .map(|m| view! { <option value=m.as_str() selected=move || form.with(|f| f.mode == m)>{m.label()}</option> })
        .collect_view();
    let column_boxes = move || {
        let (table, mode) = form.with(|f| (f.table.clone(), f.mode));
        if mode == ColumnMode::All {
            return None;
        }
        let names: Vec<String> = detail.with_value(|d| {
            d.tables
                .iter()
                .find(|t| t.table.table == table)
                .map(|t| t.columns.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default()
        });
        let boxes = names
            .into_iter()
            .map(|name| {
                let (checked, toggled) = (name.clone(), name.clone());
                let checked = Signal::derive(move || form.with(|f| f.columns.contains(&checked)));
                let on_toggle = Callback::new(move |()| form.update(|f| toggle(&mut f.columns, toggled.clone())));
                view! {
                    <label class="inline-check">
                        <ColumnTick class="grant-column" column=name.clone() checked on_toggle/>
                        {name}
                    </label>
                }
            })
            .collect_view();
        Some(view! { <div class="grant-columns field-row wrap">{boxes}</div> })
    };
    let all_tables = move || form.with(|f| f.table.is_empty());
    view! {
        <section id="grant-editor" class="editor settings-group">
            <h2>"Grant"</h2>
            <div class="field-row wrap">
                <RowTextBox
                    id="grant-principal"
                    aria_label="Principal"
                    placeholder="account id, role ARN or Identity Center group"
                    bind=Binding::new(form, |f| &f.principal, |f| &mut f.principal)
                />
                <select id="grant-table" aria-label="Table" on:change=move |ev| form.update(|f| f.set_table(event_target_value(&ev)))>
                    <option value="" selected=all_tables>"every table"</option>
                    <TableOptions detail form table=|f| &f.table/>
                </select>
                <select
                    id="grant-columns-mode"
                    aria-label="Columns"
                    disabled=all_tables
                    on:change=move |ev| {
                        if let Some(mode) = ColumnMode::parse(&event_target_value(&ev)) {
                            form.update(|f| f.mode = mode);
                        }
                    }
                >
                    {modes}
                </select>
            </div>
            {column_boxes}
            <div class="field-row wrap">
                <RowTextBox
                    id="grant-row-filter"
                    aria_label="Row filter"
                    placeholder="row filter (optional), e.g. region = 'north'"
                    bind=Binding::new(form, |f| &f.row_filter, |f| &mut f.row_filter)
                />
            </div>
            <div class="field-row wrap">
                <PermissionTicks choices=&GRANTABLE class="grant-permission" form/>
                <label class="inline-check" title="Cross-account grants never carry the grant option: the plan will refuse it">
                    <input
                        id="grant-grantable"
                        type="checkbox"
                        prop:checked=move || form.with(|f| f.grantable)
                        on:change=move |_| form.update(|f| f.grantable = !f.grantable)
                    />
                    "with grant option"
                </label>
                <button id="grant-add" class="button" on:click=submit>"Add grant"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-field=e.field>{e.message}</p> })}
        </section>
    }
}
