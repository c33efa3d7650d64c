//! A product's grants as they stand, each with a button that queues its revocation.

use crate::access_groups::permissions_text;
use crate::app::{Page, use_navigation};
use leptos::prelude::*;
use meshdesk_protocol::{GrantView, PolicyChange};

/// `queued` is the pending list, so that a grant already queued for revocation says so.
#[component]
pub fn GrantsTable(
    grants: Vec<GrantView>,
    queued: Signal<Vec<PolicyChange>>,
    add: Callback<PolicyChange>,
) -> impl IntoView {
    if grants.is_empty() {
        return view! { <p id="grants-empty" class="muted">"Nobody outside the owners has been granted anything on this product."</p> }
            .into_any();
    }
    let rows = grants.into_iter().map(|grant| view! { <GrantRow grant queued add/> }).collect_view();
    view! {
        <table id="policy-grants" class="columns grants">
            <thead>
                <tr>
                    <th>"Principal"</th>
                    <th>"Resource"</th>
                    <th>"Permissions"</th>
                    <th>"Request"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn GrantRow(grant: GrantView, queued: Signal<Vec<PolicyChange>>, add: Callback<PolicyChange>) -> impl IntoView {
    let nav = use_navigation();
    let revoke = PolicyChange::Revoke { grant_id: grant.id.clone() };
    let is_queued = {
        let revoke = revoke.clone();
        move || queued.with(|q| q.contains(&revoke))
    };
    let grantable = (!grant.grantable.is_empty()).then(|| {
        view! {
            <span class="badge grantable-badge" title="The grantee may pass this access on">
                {format!("grantable: {}", permissions_text(&grant.grantable))}
            </span>
        }
    });
    let request = match grant.request_id {
        Some(id) => {
            let open = id.clone();
            view! { <button class="link request-link" on:click=move |_| nav.go(Page::Request { id: open.clone() })>{id}</button> }
                .into_any()
        }
        None => view! { <span class="muted">"none"</span> }.into_any(),
    };
    let queued_for_label = is_queued.clone();
    view! {
        <tr class="grant-row" data-grant=grant.id.clone()>
            <td><code class="principal">{grant.principal}</code></td>
            <td>{grant.description}</td>
            <td>{permissions_text(&grant.permissions)} " " {grantable}</td>
            <td>{request}</td>
            <td>
                <button
                    class="button small danger revoke-grant"
                    disabled=is_queued
                    on:click=move |_| add.run(revoke.clone())
                >
                    {move || if queued_for_label() { "revoke queued" } else { "Revoke" }}
                </button>
            </td>
        </tr>
    }
}
