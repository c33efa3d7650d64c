//! Why someone can read something: the grants that give access, each with how it applies.

use crate::access_groups::{path_text, permissions_text};
use crate::app::{Page, use_navigation};
use leptos::prelude::*;
use meshdesk_protocol::GrantPath;

#[component]
pub fn GrantPaths(paths: Vec<GrantPath>) -> impl IntoView {
    let nav = use_navigation();
    let items = paths
        .into_iter()
        .map(|path| {
            let text = path_text(&path);
            let rows = path.row_filter.map(|f| view! { <span class="row-filter">{format!("rows where {f}")}</span> });
            let request = path.request_id.map(|id| {
                let open = id.clone();
                view! {
                    <button class="link request-link" data-request=id.clone() on:click=move |_| nav.go(Page::Request { id: open.clone() })>
                        {format!("request {id}")}
                    </button>
                }
            });
            view! {
                <li class="grant-path" data-grant=path.grant_id>
                    <span class="path-text">{text}</span>
                    <span class="permissions">{permissions_text(&path.permissions)}</span>
                    {rows}
                    {request}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="grant-paths">{items}</ul> }
}
