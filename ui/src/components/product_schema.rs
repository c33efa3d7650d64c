//! The product's Schema tab: each table's facts and its columns with effective sensitivity.

use crate::app::use_navigation;
use crate::components::badges::{EffectiveSensitivityChip, FormatBadge, FreshnessBadge, SensitivityChip, TagList};
use crate::components::table_link::TableLink;
use leptos::prelude::*;
use meshdesk_protocol::{ColumnDetail, ProductDetail, TableDetail};

/// `selected` names one table to show (from the page); `None`, or a name the product does not
/// have, shows them all.
#[component]
pub fn Schema(detail: ProductDetail, selected: Memo<Option<String>>) -> impl IntoView {
    let nav = use_navigation();
    let tables = StoredValue::new(detail.tables);
    let names: Vec<String> = tables.with_value(|t| t.iter().map(|t| t.table.table.clone()).collect());
    let known = {
        let names = names.clone();
        move || selected.get().filter(|s| names.contains(s))
    };
    let known_for_options = known.clone();
    let picker = (names.len() > 1).then(|| {
        let options = names
            .iter()
            .map(|name| {
                let name = name.clone();
                let value = name.clone();
                let is_selected = {
                    let known = known_for_options.clone();
                    move || known().as_deref() == Some(value.as_str())
                };
                let label = name.clone();
                view! { <option value=name selected=is_selected>{label}</option> }
            })
            .collect_view();
        let all_selected = {
            let known = known_for_options.clone();
            move || known().is_none()
        };
        view! {
            <label class="table-picker">
                "Table "
                <select
                    id="schema-table-select"
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        nav.select_table((!value.is_empty()).then_some(value));
                    }
                >
                    <option value="" selected=all_selected>{format!("All tables ({})", names.len())}</option>
                    {options}
                </select>
            </label>
        }
    });
    let sections = move || {
        let only = known();
        tables.with_value(|tables| {
            tables
                .iter()
                .filter(|t| only.as_ref().is_none_or(|name| &t.table.table == name))
                .map(|table| view! { <TableSchema table=table.clone()/> })
                .collect_view()
        })
    };
    view! {
        <div class="schema">
            {picker}
            {tables.with_value(Vec::is_empty).then(|| view! { <p class="empty-state">"This product has no tables."</p> })}
            {sections}
        </div>
    }
}

#[component]
fn TableSchema(table: TableDetail) -> impl IntoView {
    let name = table.table.table.clone();
    let link = table.link_target.map(|target| {
        view! {
            <dt>"Resource link to"</dt>
            <dd><TableLink table=target/></dd>
        }
    });
    let upstream = (!table.upstream.is_empty()).then(|| {
        let refs = table.upstream.into_iter().map(|t| view! { <TableLink table=t/> }).collect_view();
        view! {
            <dt>"Built from"</dt>
            <dd class="upstream">{refs}</dd>
        }
    });
    let description = (!table.description.is_empty()).then(|| view! { <p class="description">{table.description}</p> });
    let rows = table.columns.into_iter().map(|column| view! { <ColumnRow table=name.clone() column/> }).collect_view();
    view! {
        <section class="schema-table" data-table=name.clone() id=format!("schema-{name}")>
            <header class="schema-table-head">
                <h3>{name.clone()}</h3>
                <FormatBadge format=table.format/>
                <FreshnessBadge freshness=table.freshness/>
                <SensitivityChip value=table.highest_sensitivity/>
            </header>
            {description}
            <dl class="facts">
                <dt>"Location"</dt>
                <dd><code class="location">{table.location.unwrap_or_else(|| "none".to_owned())}</code></dd>
                {link}
                {upstream}
                <dt>"Tags"</dt>
                <dd><TagList tags=table.tags/></dd>
            </dl>
            <table class="columns">
                <thead>
                    <tr>
                        <th>"Column"</th>
                        <th>"Type"</th>
                        <th>"Sensitivity"</th>
                        <th>"Comment"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn ColumnRow(table: String, column: ColumnDetail) -> impl IntoView {
    let tags = (!column.tags.is_empty()).then(|| view! { <TagList tags=column.tags/> });
    view! {
        <tr class="column-row" data-column=format!("{table}.{}", column.name)>
            <td class="column-name">
                <span class="name">{column.name.clone()}</span>
                {column.partition_key.then(|| view! { <span class="badge partition-badge">"partition key"</span> })}
                {tags}
            </td>
            <td><code class="data-type">{column.data_type}</code></td>
            <td><EffectiveSensitivityChip value=column.sensitivity/></td>
            <td class="comment">{column.comment}</td>
        </tr>
    }
}
