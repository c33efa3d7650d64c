//! The broken-contract banner: on My access, the products the current identity relies on that
//! broke their contract; on Requests, the products it owns that break theirs.

use crate::components::contract_view::BreachBanner;
use crate::ipc;
use crate::session::use_data_version;
use leptos::prelude::*;

/// Whose broken contracts the banner shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    /// Products the identity reads or builds on.
    Consumed,
    /// Products the identity owns.
    Owned,
}

#[component]
pub fn ContractAlertsBanner(concern: Concern) -> impl IntoView {
    let version = use_data_version();
    let alerts = LocalResource::new(move || {
        version.track();
        ipc::contract_alerts()
    });
    move || {
        alerts.get().map(|result| match result {
            Ok(alerts) => match concern {
                Concern::Consumed => view! {
                    <BreachBanner id="contract-broken" heading="A product you rely on broke its contract" breaches=alerts.consumed/>
                }
                .into_any(),
                Concern::Owned => view! {
                    <BreachBanner id="owned-contract-breaches" heading="A product you own breaks its contract" breaches=alerts.owned/>
                }
                .into_any(),
            },
            Err(error) => view! {
                <p class="muted" role="status">{format!("Contract checks could not be loaded: {}", error.message)}</p>
            }
            .into_any(),
        })
    }
}
