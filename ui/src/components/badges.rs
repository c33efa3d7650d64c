//! Chips and badges: sensitivity, freshness, table format, tier, request status, finding severity.

use crate::findings::severity_name;
use crate::freshness::{freshness_badge, freshness_detail};
use leptos::prelude::*;
use meshdesk_protocol::{
    EffectiveSensitivity, Freshness, RequestStatus, Sensitivity, Severity, TableFormat, Tag, TagSource,
};

/// A sensitivity value, coloured by level; grey "unclassified" when nothing is tagged.
#[component]
pub fn SensitivityChip(value: Option<Sensitivity>) -> impl IntoView {
    let name = value.map_or("unclassified", Sensitivity::as_str);
    view! { <span class="sensitivity-chip" data-sensitivity=name>{name}</span> }
}

/// A column's effective sensitivity with where it comes from, as the schema tab shows it.
#[component]
pub fn EffectiveSensitivityChip(value: Option<EffectiveSensitivity>) -> impl IntoView {
    let name = value.map_or("unclassified", |v| v.value.as_str());
    let source = value.map(|v| v.source.as_str());
    let origin = match value.map(|v| v.source) {
        Some(TagSource::Column) => "from column",
        Some(TagSource::Table) => "inherited from table",
        Some(TagSource::Database) => "inherited from database",
        None => "no sensitivity tag",
    };
    view! {
        <span class="sensitivity">
            <span class="sensitivity-chip" data-sensitivity=name data-source=source>{name}</span>
            <span class="sensitivity-origin">{origin}</span>
        </span>
    }
}

/// Fresh / breached by N h / no SLO, with the figures in a tooltip.
#[component]
pub fn FreshnessBadge(freshness: Freshness) -> impl IntoView {
    let badge = freshness_badge(&freshness);
    let detail = freshness_detail(&freshness);
    view! {
        <span class=format!("badge freshness-badge freshness-{}", badge.class) title=detail>
            {badge.text}
        </span>
    }
}

/// A table format; write-optimised formats are flagged, as the mesh's charter asks.
#[component]
pub fn FormatBadge(format: TableFormat) -> impl IntoView {
    let flagged = format.is_write_optimised();
    let text = if flagged { format!("{format} ⚠ write-optimised") } else { format.to_string() };
    let title = flagged.then_some("Row-oriented format: products should be Parquet, Iceberg or Delta");
    view! {
        <span class="badge format-badge" class:write-optimised=flagged data-format=format.as_str() title=title>
            {text}
        </span>
    }
}

#[component]
pub fn TierBadge(tier: Option<String>) -> impl IntoView {
    tier.map(|tier| view! { <span class="badge tier-badge">{format!("tier {tier}")}</span> })
}

/// LF-tags other than sensitivity, as `key: value` chips; inherited ones say where from.
#[component]
pub fn TagList(tags: Vec<Tag>) -> impl IntoView {
    if tags.is_empty() {
        return view! { <span class="muted">"none"</span> }.into_any();
    }
    tags.into_iter()
        .map(|tag| {
            let title = format!("tag on the {}", tag.source.as_str());
            view! {
                <span class="tag-chip" data-tag=tag.key.clone() data-source=tag.source.as_str() title=title>
                    {format!("{}: {}", tag.key, tag.value)}
                </span>
            }
        })
        .collect_view()
        .into_any()
}

/// A request's lifecycle state, coloured by what it means for access.
#[component]
pub fn StatusBadge(status: RequestStatus) -> impl IntoView {
    view! { <span class="badge status-badge" data-status=status.as_str()>{status.as_str()}</span> }
}

#[component]
pub fn SeverityBadge(severity: Severity) -> impl IntoView {
    let name = severity_name(severity);
    view! { <span class="badge severity-badge" data-severity=name>{name}</span> }
}
