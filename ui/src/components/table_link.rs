//! A clickable table reference that opens the table's schema.

use crate::app::{Page, ProductTab, use_navigation};
use leptos::prelude::*;
use meshdesk_protocol::TableRef;

#[component]
pub fn TableLink(table: TableRef) -> impl IntoView {
    let nav = use_navigation();
    let label = table.to_string();
    let key = label.clone();
    let target = table.clone();
    view! {
        <button
            class="link table-link"
            data-table=key
            on:click=move |_| {
                nav.go(Page::Product {
                    product: target.product(),
                    tab: ProductTab::Schema,
                    table: Some(target.table.clone()),
                })
            }
        >
            {label}
        </button>
    }
}
