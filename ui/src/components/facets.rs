//! The facets sidebar: a checkbox list per facet, with the backend's counts.

use crate::app::Mesh;
use crate::filters::{FacetEntry, FacetValue, Filters, facet_entries};
use leptos::prelude::*;
use meshdesk_protocol::{Facets, FreshnessState};

/// How many values a facet shows before "show all": owner lists can be long.
const COLLAPSED_LEN: usize = 8;

#[component]
pub fn FacetsSidebar(facets: Facets, filters: RwSignal<Filters>, on_change: Callback<()>) -> impl IntoView {
    let mesh = expect_context::<Mesh>();
    let checked = filters.get_untracked();

    let domains = lines(&facets.domains, &checked.domains, FacetValue::Domain, |v: &String| v.clone());
    let accounts = lines(&facets.accounts, &checked.accounts, FacetValue::Account, |id: &String| {
        mesh.account_name(id).unwrap_or_else(|| id.clone())
    });
    let sensitivities =
        lines(&facets.sensitivities, &checked.sensitivities, FacetValue::Sensitivity, |s| s.as_str().to_owned());
    let formats = lines(&facets.formats, &checked.formats, FacetValue::Format, |f| {
        if f.is_write_optimised() { format!("{f} ⚠") } else { f.to_string() }
    });
    let freshness =
        lines(&facets.freshness, &checked.freshness, FacetValue::Freshness, |f| freshness_label(*f).to_owned());
    let owners = lines(&facets.owners, &checked.owners, FacetValue::Owner, |v: &String| v.clone());

    let toggle = Callback::new(move |value: FacetValue| {
        filters.update(|f| f.toggle(&value));
        on_change.run(());
    });

    view! {
        <aside class="facets" aria-label="Filters">
            <FacetGroup name="domain" title="Domain" lines=domains toggle/>
            <FacetGroup name="account" title="Account" lines=accounts toggle/>
            <FacetGroup name="sensitivity" title="Sensitivity" lines=sensitivities toggle/>
            <FacetGroup name="format" title="Format" lines=formats toggle/>
            <FacetGroup name="freshness" title="Freshness" lines=freshness toggle/>
            <FacetGroup name="owner" title="Owner" lines=owners toggle/>
        </aside>
    }
}

fn freshness_label(state: FreshnessState) -> &'static str {
    match state {
        FreshnessState::Fresh => "fresh",
        FreshnessState::Breached => "SLO breached",
        FreshnessState::NoSlo => "no SLO",
        FreshnessState::Unknown => "not updated yet",
    }
}

/// One checkbox line, its value already turned into a `FacetValue` and a label.
#[derive(Debug, Clone)]
pub struct FacetLine {
    value: FacetValue,
    key: String,
    label: String,
    count: u32,
    checked: bool,
}

fn lines<T: PartialEq + Clone>(
    counts: &[meshdesk_protocol::FacetCount<T>],
    checked: &[T],
    wrap: impl Fn(T) -> FacetValue,
    label: impl Fn(&T) -> String,
) -> Vec<FacetLine> {
    facet_entries(counts, checked)
        .into_iter()
        .map(|FacetEntry { value, count, checked }| {
            let label = label(&value);
            let value = wrap(value);
            let key = facet_key(&value);
            FacetLine { value, key, label, count, checked }
        })
        .collect()
}

/// The value as the DOM names it (`data-value`), e.g. `restricted` or `111122223333`.
fn facet_key(value: &FacetValue) -> String {
    match value {
        FacetValue::Domain(v) | FacetValue::Account(v) | FacetValue::Owner(v) => v.clone(),
        FacetValue::Sensitivity(s) => s.as_str().to_owned(),
        FacetValue::Format(f) => f.as_str().to_owned(),
        FacetValue::Freshness(f) => f.as_str().to_owned(),
    }
}

#[component]
fn FacetGroup(
    name: &'static str,
    title: &'static str,
    lines: Vec<FacetLine>,
    toggle: Callback<FacetValue>,
) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let total = lines.len();
    let lines = StoredValue::new(lines);
    let shown = move || {
        let all = expanded.get();
        lines.with_value(|lines| {
            lines
                .iter()
                .enumerate()
                // Checked values always stay visible, even past the collapsed length.
                .filter(|(i, line)| all || *i < COLLAPSED_LEN || line.checked)
                .map(|(_, line)| line.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="facet" data-facet=name>
            <h3 class="facet-title">{title}</h3>
            {(total == 0).then(|| view! { <p class="muted facet-empty">"none"</p> })}
            <ul class="facet-values">
                {move || {
                    shown()
                        .into_iter()
                        .map(|line| {
                            let value = line.value.clone();
                            view! {
                                <li>
                                    <label class="facet-value" data-value=line.key.clone()>
                                        <input
                                            type="checkbox"
                                            prop:checked=line.checked
                                            on:change=move |_| toggle.run(value.clone())
                                        />
                                        <span class="facet-label" title=line.label.clone()>{line.label.clone()}</span>
                                        <span class="facet-count">{line.count}</span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {(total > COLLAPSED_LEN).then(|| {
                view! {
                    <button class="link facet-more" on:click=move |_| expanded.update(|e| *e = !*e)>
                        {move || if expanded.get() { "show fewer".to_owned() } else { format!("show all {total}") }}
                    </button>
                }
            })}
        </section>
    }
}
