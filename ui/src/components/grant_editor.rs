//! The grant editor: who, on which table and columns, which rows, with which permissions.

use crate::access_groups::permission_name;
use crate::policy_editor::{ColumnMode, GrantForm};
use crate::form_error::FormError;
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
    let tables = detail.with_value(|d| {
        d.tables
            .iter()
            .map(|t| {
                let name = t.table.table.clone();
                let value = name.clone();
                let label = name.clone();
                view! { <option value=name selected=move || form.with(|f| f.table == value)>{label}</option> }
            })
            .collect_view()
    });
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
                let checked = name.clone();
                let toggled = name.clone();
                view! {
                    <label class="inline-check">
                        <input
                            type="checkbox"
                            class="grant-column"
                            data-column=name.clone()
                            prop:checked=move || form.with(|f| f.columns.contains(&checked))
                            on:change=move |_| form.update(|f| {
                                if !f.columns.remove(&toggled) {
                                    f.columns.insert(toggled.clone());
                                }
                            })
                        />
                        {name}
                    </label>
                }
            })
            .collect_view();
        Some(view! { <div class="grant-columns field-row wrap">{boxes}</div> })
    };
    let permissions = GRANTABLE
        .into_iter()
        .map(|p| {
            let name = permission_name(p);
            view! {
                <label class="inline-check">
                    <input
                        type="checkbox"
                        class="grant-permission"
                        data-permission=name
                        prop:checked=move || form.with(|f| f.permissions.contains(&p))
                        on:change=move |_| form.update(|f| {
                            if !f.permissions.remove(&p) {
                                f.permissions.insert(p);
                            }
                        })
                    />
                    {name}
                </label>
            }
        })
        .collect_view();
    let all_tables = move || form.with(|f| f.table.is_empty());
    view! {
        <section id="grant-editor" class="editor settings-group">
            <h2>"Grant"</h2>
            <div class="field-row wrap">
                <input
                    id="grant-principal"
                    type="text"
                    class="grow"
                    placeholder="account id, role ARN or Identity Center group"
                    aria-label="Principal"
                    prop:value=move || form.with(|f| f.principal.clone())
                    on:input=move |ev| form.update(|f| f.principal = event_target_value(&ev))
                />
                <select id="grant-table" aria-label="Table" on:change=move |ev| form.update(|f| f.set_table(event_target_value(&ev)))>
                    <option value="" selected=all_tables>"every table"</option>
                    {tables}
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
                <input
                    id="grant-row-filter"
                    type="text"
                    class="grow"
                    placeholder="row filter (optional), e.g. region = 'north'"
                    aria-label="Row filter"
                    prop:value=move || form.with(|f| f.row_filter.clone())
                    on:input=move |ev| form.update(|f| f.row_filter = event_target_value(&ev))
                />
            </div>
            <div class="field-row wrap">
                {permissions}
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
