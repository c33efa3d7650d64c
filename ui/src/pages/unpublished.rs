//! Databases of yours not yet published: each opens on its product page, where its Manage panel
//! publishes it. Shown on the Policies page; nothing when there are none.

use crate::app::{Page, ProductTab, use_navigation};
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;

#[component]
pub fn UnpublishedDatabases() -> impl IntoView {
    let nav = use_navigation();
    let version = use_data_version();
    let drafts = LocalResource::new(move || {
        version.track();
        ipc::unpublished_databases()
    });
    move || {
        drafts.get().map(|result| match result {
            Ok(drafts) if drafts.is_empty() => ().into_any(),
            Ok(drafts) => {
                let items = drafts
                    .into_iter()
                    .map(|product| {
                        let label = product.to_string();
                        let key = label.clone();
                        let open = product.clone();
                        view! {
                            <li class="unpublished" data-product=key>
                                <button
                                    class="link"
                                    on:click=move |_| nav.go(Page::Product { product: open.clone(), tab: ProductTab::Overview, table: None })
                                >
                                    {label}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section id="unpublished-databases" class="settings-group">
                        <h2>"Not yet published"</h2>
                        <p class="muted">"Databases of yours that are not in the catalog; open one to publish it."</p>
                        <ul class="plain-list">{items}</ul>
                    </section>
                }
                .into_any()
            }
            Err(error) => view! {
                <p class="muted" role="status">{format!("Your unpublished databases could not be listed: {}", error.message)}</p>
            }
            .into_any(),
        })
    }
}
