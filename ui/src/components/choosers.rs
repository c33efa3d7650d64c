//! The choosers the request form, the grant editor and the tag editor share: one column's box, a
//! row of permission boxes, a product's tables as options. Tests and styles find the boxes by
//! their class and `data-column` / `data-permission`.

use crate::access_groups::permission_name;
use crate::choice::ChosenPermissions;
use leptos::prelude::*;
use meshdesk_protocol::{Permission, ProductDetail};

/// One column's box; the caller puts it in a label with the column's name (and what else it shows).
#[component]
pub fn ColumnTick(
    class: &'static str,
    /// The column as the form keys it (`email`, or `customers.email` where tables are mixed).
    column: String,
    #[prop(into)] checked: Signal<bool>,
    on_toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <input
            type="checkbox"
            class=class
            data-column=column
            prop:checked=move || checked.get()
            on:change=move |_| on_toggle.run(())
        />
    }
}

/// A box per permission in `choices`, ticked as the form has it.
#[component]
pub fn PermissionTicks<F: ChosenPermissions>(
    choices: &'static [Permission],
    class: &'static str,
    form: RwSignal<F>,
) -> impl IntoView {
    choices
        .iter()
        .map(|&permission| {
            let name = permission_name(permission);
            view! {
                <label class="inline-check">
                    <input
                        type="checkbox"
                        class=class
                        data-permission=name
                        prop:checked=move || form.with(|f| f.permissions().contains(&permission))
                        on:change=move |_| form.update(|f| f.toggle_permission(permission))
                    />
                    {name}
                </label>
            }
        })
        .collect_view()
}

/// The product's tables as `<option>`s of a select, the form's table selected.
#[component]
pub fn TableOptions<F: Send + Sync + 'static>(
    detail: StoredValue<ProductDetail>,
    form: RwSignal<F>,
    table: fn(&F) -> &String,
) -> impl IntoView {
    detail.with_value(|d| {
        d.tables
            .iter()
            .map(|t| {
                let name = t.table.table.clone();
                let value = name.clone();
                let label = name.clone();
                view! { <option value=name selected=move || form.with(|f| *table(f) == value)>{label}</option> }
            })
            .collect_view()
    })
}
