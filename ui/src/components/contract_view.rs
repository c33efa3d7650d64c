//! Contracts and owners' changes on screen: a contract's state chip and violations, a before/after
//! table of parameters, who relies on a table, and broken contracts as a banner.

use crate::annotation_form::shown;
use leptos::prelude::*;
use meshdesk_protocol::{Consumer, ContractBreach, ContractState, ParameterChange, TableContract};

pub fn state_name(state: ContractState) -> &'static str {
    match state {
        ContractState::Honoured => "honoured",
        ContractState::Broken => "broken",
        ContractState::Malformed => "malformed",
    }
}

/// "contract 1.3 honoured" / "contract 1.3 broken" / "contract unreadable".
#[component]
pub fn ContractChip(contract: TableContract) -> impl IntoView {
    let version = contract.spec.as_ref().map(|s| s.version.clone());
    let text = match (contract.state, version) {
        (ContractState::Malformed, _) | (_, None) => "contract unreadable".to_owned(),
        (state, Some(v)) => format!("contract {v} {}", state_name(state)),
    };
    view! { <span class="badge contract-chip" data-state=state_name(contract.state)>{text}</span> }
}

/// What the contract promises and how the table breaks it.
#[component]
pub fn ContractDetails(contract: TableContract) -> impl IntoView {
    let promises = contract.spec.as_ref().map(|spec| {
        let columns = spec
            .columns
            .iter()
            .map(|c| {
                let null = if c.nullable { "" } else { ", not null (unchecked)" };
                let data_type = c.data_type.clone().unwrap_or_else(|| "any type".to_owned());
                view! { <li class="promised-column" data-column=c.name.clone()><code>{c.name.clone()}</code>{format!(" {data_type}{null}")}</li> }
            })
            .collect_view();
        let freshness = spec.freshness_hours.map(|h| view! { <p class="muted">{format!("Data at most {h} hours old.")}</p> });
        view! {
            <ul class="plain-list promised-columns">{columns}</ul>
            {freshness}
        }
    });
    let violations = contract
        .violations
        .iter()
        .map(|v| view! { <li class="violation" data-column=v.column.clone()>{v.message.clone()}</li> })
        .collect_view();
    let unchecked = contract
        .unchecked
        .iter()
        .map(|note| view! { <li class="unchecked-promise">{note.clone()}</li> })
        .collect_view();
    view! {
        {promises}
        {contract.problem.clone().map(|p| view! { <p class="form-error">{format!("The contract cannot be read: {p}")}</p> })}
        <ul class="violations">{violations}</ul>
        <ul class="plain-list unchecked-promises muted">{unchecked}</ul>
    }
}

/// Parameters before and after a change.
#[component]
pub fn ParameterChanges(changes: Vec<ParameterChange>) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="muted">"Nothing changes."</p> }.into_any();
    }
    let rows = changes
        .into_iter()
        .map(|c| {
            view! {
                <tr class="parameter-change" data-key=c.key.clone()>
                    <td><code>{c.key.clone()}</code></td>
                    <td class="before">{shown(&c.before)}</td>
                    <td class="after">{shown(&c.after)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="columns parameter-changes">
            <thead><tr><th>"Parameter"</th><th>"Before"</th><th>"After"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// How many different consumers there are (one may rely on several tables, several ways).
pub fn distinct_consumers(consumers: &[Consumer]) -> usize {
    consumers.iter().map(|c| c.who.as_str()).collect::<std::collections::BTreeSet<_>>().len()
}

/// Who relies on a table or product: one line per consumer, with every way it does.
#[component]
pub fn ConsumerList(consumers: Vec<Consumer>) -> impl IntoView {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for c in consumers {
        let how = c.description.strip_prefix(&format!("{} ", c.who)).unwrap_or(&c.description).to_owned();
        match grouped.iter_mut().find(|(who, _)| *who == c.who) {
            Some((_, ways)) => ways.push(how),
            None => grouped.push((c.who, vec![how])),
        }
    }
    let items = grouped
        .into_iter()
        .map(|(who, ways)| {
            let key = who.clone();
            view! {
                <li class="consumer" data-who=key>
                    <strong>{who}</strong>
                    {format!(" {}", ways.join("; "))}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list consumers">{items}</ul> }
}

/// Broken contracts as a banner: `heading` says whose they are.
#[component]
pub fn BreachBanner(
    #[prop(into)] id: String,
    #[prop(into)] heading: String,
    breaches: Vec<ContractBreach>,
) -> impl IntoView {
    if breaches.is_empty() {
        return ().into_any();
    }
    let items = breaches
        .into_iter()
        .map(|b| {
            let violations = b.violations.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("; ");
            let relied = b.relied_on_by.join("; ");
            view! {
                <li class="contract-breach" data-table=b.table.to_string()>
                    <strong>{format!("{} broke its contract {}", b.table, b.version)}</strong>
                    {format!(": {violations}.")}
                    {(!relied.is_empty()).then(|| view! { <span class="muted">{format!(" ({relied})")}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div id=id class="notice contract-banner" role="alert">
            <strong>{heading}</strong>
            <ul class="plain-list">{items}</ul>
        </div>
    }
    .into_any()
}
