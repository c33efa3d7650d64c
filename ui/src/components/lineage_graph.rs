//! The lineage drawing: the backend's laid-out graph as inline SVG, coloured by domain.

use crate::app::{Page, ProductTab, use_navigation};
use crate::lineage_controls::{zoom_in, zoom_out};
use crate::lineage_geometry::{EdgeCurve, Rect, ViewBox, fit_label, label_capacity};
use crate::palette::{domain_fill, fill_for};
use leptos::prelude::*;
use meshdesk_protocol::{EdgeKind, LineageEdge, LineageGraph, LineageNode};
use std::collections::HashMap;

/// Room around the drawing, for the focus outline and arrowheads.
const MARGIN: f32 = 16.0;
const TITLE_PX: f32 = 13.0;
const SUBTITLE_PX: f32 = 11.0;

#[component]
pub fn LineageDrawing(graph: LineageGraph) -> impl IntoView {
    let scale = RwSignal::new(1.0_f32);
    let boxes: HashMap<u32, Rect> =
        graph.nodes.iter().map(|n| (n.id, Rect { x: n.x, y: n.y, width: n.width, height: n.height })).collect();
    let curves: Vec<(LineageEdge, EdgeCurve)> = graph
        .edges
        .iter()
        .filter_map(|edge| Some((edge.clone(), EdgeCurve::between(*boxes.get(&edge.from)?, *boxes.get(&edge.to)?))))
        .collect();
    let bounds =
        ViewBox::around(graph.width, graph.height, &curves.iter().map(|(_, c)| *c).collect::<Vec<_>>(), MARGIN);
    let (view_width, view_height) = (bounds.width, bounds.height);
    let view_box = bounds.attribute();
    let edges = curves.into_iter().map(|(edge, curve)| view! { <Edge edge curve/> }).collect_view();
    let domains = graph.domains.clone();
    let nodes = graph
        .nodes
        .into_iter()
        .map(|node| {
            let fill = fill_for(&domains, &node.domain);
            let is_focus = node.table == graph.focus;
            view! { <Node node fill is_focus/> }
        })
        .collect_view();

    view! {
        <div class="lineage">
            {graph.more_upstream.then(|| view! {
                <p class="lineage-hint more-upstream">"More upstream tables exist beyond these hops."</p>
            })}
            <div class="lineage-toolbar">
                <button id="zoom-out" class="button small" title="Zoom out" on:click=move |_| scale.update(|s| *s = zoom_out(*s))>"−"</button>
                <span class="zoom-level">{move || format!("{:.0} %", scale.get() * 100.0)}</span>
                <button id="zoom-in" class="button small" title="Zoom in" on:click=move |_| scale.update(|s| *s = zoom_in(*s))>"+"</button>
                <button id="zoom-reset" class="button small" on:click=move |_| scale.set(1.0)>"Reset"</button>
            </div>
            <div class="lineage-scroll">
                <svg
                    id="lineage-graph"
                    xmlns="http://www.w3.org/2000/svg"
                    role="img"
                    aria-label="Lineage graph"
                    viewBox=view_box
                    width=move || (view_width * scale.get()).to_string()
                    height=move || (view_height * scale.get()).to_string()
                >
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
                            <path class="arrow-head" d="M 0 0 L 10 5 L 0 10 z"></path>
                        </marker>
                        <marker id="arrow-cross" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4.5" markerHeight="4.5" orient="auto">
                            <path class="arrow-head cross-account" d="M 0 0 L 10 5 L 0 10 z"></path>
                        </marker>
                    </defs>
                    <g class="edges">{edges}</g>
                    <g class="nodes">{nodes}</g>
                </svg>
            </div>
            {graph.more_downstream.then(|| view! {
                <p class="lineage-hint more-downstream">"More downstream tables exist beyond these hops."</p>
            })}
            <Legend domains/>
        </div>
    }
}

#[component]
fn Edge(edge: LineageEdge, curve: EdgeCurve) -> impl IntoView {
    let (kind, label) = match edge.kind {
        EdgeKind::ResourceLink => ("resource_link", "resource link"),
        EdgeKind::Declared => ("declared", "declared"),
    };
    let marker = if edge.cross_account { "url(#arrow-cross)" } else { "url(#arrow)" };
    let middle = curve.midpoint();
    view! {
        <path
            class="lineage-edge"
            class:cross-account=edge.cross_account
            class:resource-link=matches!(edge.kind, EdgeKind::ResourceLink)
            data-cross-account=edge.cross_account.to_string()
            data-kind=kind
            data-from=edge.from.to_string()
            data-to=edge.to.to_string()
            d=curve.path_data()
            marker-end=marker
        ></path>
        <text class="edge-label" data-kind=kind x=middle.x.to_string() y=(middle.y - 4.0).to_string() text-anchor="middle">
            {label}
        </text>
    }
}

#[component]
fn Node(node: LineageNode, fill: &'static str, is_focus: bool) -> impl IntoView {
    let nav = use_navigation();
    let LineageNode { table, domain, account_name, known, is_resource_link, x, y, width, height, .. } = node;
    let reference = table.to_string();
    let title = fit_label(&table.table, label_capacity(width, TITLE_PX));
    let subtitle_text = if known { format!("{domain} · {account_name}") } else { "not in the catalog".to_owned() };
    let subtitle = fit_label(&subtitle_text, label_capacity(width, SUBTITLE_PX));
    let two_lines = height >= 36.0;
    let title_y = if two_lines { height / 2.0 - 3.0 } else { height / 2.0 + 4.0 };
    // A table missing from the catalog has no page to open.
    let open = move |_| {
        if known {
            nav.go(Page::Product {
                product: table.product(),
                tab: ProductTab::Schema,
                table: Some(table.table.clone()),
            });
        }
    };
    view! {
        <g
            class="lineage-node"
            class:focus=is_focus
            class:unknown=!known
            class:resource-link=is_resource_link
            data-table=reference
            data-focus=is_focus.to_string()
            data-known=known.to_string()
            transform=format!("translate({x} {y})")
            on:click=open
        >
            <rect
                class="node-box"
                width=width.to_string()
                height=height.to_string()
                rx="8"
                ry="8"
                fill=fill
                stroke-dasharray=(!known).then_some("5 4")
            ></rect>
            <text class="node-title" x="10" y=title_y.to_string()>{title}</text>
            {two_lines.then(|| view! {
                <text class="node-subtitle" x="10" y=(height / 2.0 + 13.0).to_string()>{subtitle}</text>
            })}
        </g>
    }
}

#[component]
fn Legend(domains: Vec<String>) -> impl IntoView {
    let swatches = domains
        .into_iter()
        .enumerate()
        .map(|(index, domain)| {
            let key = domain.clone();
            view! {
                <li class="legend-domain" data-domain=key>
                    <span class="swatch" style:background-color=domain_fill(index)></span>
                    {domain}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="lineage-legend">
            <ul class="legend-domains">{swatches}</ul>
            <ul class="legend-edges">
                <li><span class="legend-line same-account"></span>"same account"</li>
                <li><span class="legend-line cross-account"></span>"cross-account (shared between domains)"</li>
                <li><span class="legend-box unknown"></span>"not in the catalog"</li>
                <li><span class="legend-box focus"></span>"this table"</li>
            </ul>
        </div>
    }
}
