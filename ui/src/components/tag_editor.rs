//! The tag editor: put an LF-tag on the product's database, a table or a column, or take it off.

use crate::components::badges::{EffectiveSensitivityChip, TagList};
use crate::components::choosers::TableOptions;
use crate::form_error::FormError;
use crate::policy_editor::{TagForm, TagKey, TargetKind};
use leptos::prelude::*;
use meshdesk_protocol::{PolicyChange, ProductDetail};

#[component]
pub fn TagEditor(detail: ProductDetail, add: Callback<PolicyChange>) -> impl IntoView {
    let first_table = detail.tables.first();
    let initial = TagForm {
        table: first_table.map(|t| t.table.table.clone()).unwrap_or_default(),
        column: first_table.and_then(|t| t.columns.first()).map(|c| c.name.clone()).unwrap_or_default(),
        ..TagForm::default()
    };
    let form = RwSignal::new(initial);
    let error: RwSignal<Option<FormError>> = RwSignal::new(None);
    let product = detail.product.clone();
    let detail = StoredValue::new(detail);
    let submit = move |remove: bool| {
        let change = form.with_untracked(|f| if remove { f.remove(&product) } else { f.assign(&product) });
        match change {
            Ok(change) => {
                error.set(None);
                add.run(change);
            }
            Err(problem) => error.set(Some(problem)),
        }
    };
    let submit_remove = submit.clone();

    let kinds = TargetKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() selected=move || form.with(|f| f.target == k)>{k.as_str()}</option> })
        .collect_view();
    let columns = move || {
        let table = form.with(|f| f.table.clone());
        detail.with_value(|d| {
            d.tables
                .iter()
                .find(|t| t.table.table == table)
                .map(|t| {
                    t.columns
                        .iter()
                        .map(|c| {
                            let value = c.name.clone();
                            view! { <option value=c.name.clone() selected=move || form.with(|f| f.column == value)>{c.name.clone()}</option> }
                        })
                        .collect_view()
                })
        })
    };
    let keys = TagKey::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() selected=move || form.with(|f| f.key == k)>{k.as_str()}</option> })
        .collect_view();
    let value_field = move || match form.with(|f| f.key.values()) {
        Some(values) => {
            let options = values
                .into_iter()
                .map(|v| view! { <option value=v selected=move || form.with(|f| f.value == v)>{v}</option> })
                .collect_view();
            view! {
                <select id="tag-value" aria-label="Value" on:change=move |ev| form.update(|f| f.value = event_target_value(&ev))>
                    {options}
                </select>
            }
            .into_any()
        }
        None => view! {
            <input
                id="tag-value"
                type="text"
                aria-label="Value"
                placeholder="value"
                prop:value=move || form.with(|f| f.value.clone())
                on:input=move |ev| form.update(|f| f.value = event_target_value(&ev))
            />
        }
        .into_any(),
    };
    let needs_table = move || form.with(|f| f.target != TargetKind::Database);
    let needs_column = move || form.with(|f| f.target == TargetKind::Column);

    view! {
        <section id="tag-editor" class="editor settings-group">
            <h2>"Tags"</h2>
            <div class="field-row wrap">
                <select id="tag-target-kind" aria-label="Put the tag on" on:change=move |ev| {
                    if let Some(kind) = TargetKind::parse(&event_target_value(&ev)) {
                        form.update(|f| f.target = kind);
                    }
                }>
                    {kinds}
                </select>
                <select id="tag-table" aria-label="Table" class:hidden=move || !needs_table() on:change=move |ev| {
                    let table = event_target_value(&ev);
                    // A new table has other columns: start from its first.
                    let first = detail.with_value(|d| {
                        d.tables.iter().find(|t| t.table.table == table).and_then(|t| t.columns.first()).map(|c| c.name.clone())
                    });
                    form.update(|f| {
                        f.table = table;
                        f.column = first.unwrap_or_default();
                    });
                }>
                    <TableOptions detail form table=|f| &f.table/>
                </select>
                <select id="tag-column" aria-label="Column" class:hidden=move || !needs_column() on:change=move |ev| {
                    form.update(|f| f.column = event_target_value(&ev))
                }>
                    {columns}
                </select>
                <select id="tag-key" aria-label="Tag" on:change=move |ev| {
                    if let Some(key) = TagKey::parse(&event_target_value(&ev)) {
                        form.update(|f| f.set_key(key));
                    }
                }>
                    {keys}
                </select>
                {value_field}
                <button id="tag-add" class="button" on:click=move |_| submit(false)>"Add tag"</button>
                <button id="tag-remove" class="button" on:click=move |_| submit_remove(true)>"Remove tag"</button>
            </div>
            <CurrentTags detail form/>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-field=e.field>{e.message}</p> })}
        </section>
    }
}

/// What the chosen target carries now, so that the owner sees what the change replaces.
#[component]
fn CurrentTags(detail: StoredValue<ProductDetail>, form: RwSignal<TagForm>) -> impl IntoView {
    move || {
        let f = form.get();
        detail.with_value(|d| match f.target {
            TargetKind::Database => {
                view! { <p class="current-tags">"Now: " <TagList tags=d.tags.clone()/></p> }.into_any()
            }
            TargetKind::Table => {
                let tags =
                    d.tables.iter().find(|t| t.table.table == f.table).map(|t| t.tags.clone()).unwrap_or_default();
                view! { <p class="current-tags">"Now: " <TagList tags/></p> }.into_any()
            }
            TargetKind::Column => {
                let column = d
                    .tables
                    .iter()
                    .find(|t| t.table.table == f.table)
                    .and_then(|t| t.columns.iter().find(|c| c.name == f.column));
                match column {
                    Some(c) => view! {
                        <p class="current-tags">
                            "Now: " <EffectiveSensitivityChip value=c.sensitivity/> " " <TagList tags=c.tags.clone()/>
                        </p>
                    }
                    .into_any(),
                    None => ().into_any(),
                }
            }
        })
    }
}
