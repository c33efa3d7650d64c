//! The access matrix: tables down, grantees across, each cell the readable share of the table
//! coloured by the most sensitive column in it.

use crate::app::{Page, ProductTab, use_navigation};
use crate::components::badges::SensitivityChip;
use crate::matrix_grid::{GridCell, GridLine, grid, short_grantee};
use leptos::prelude::*;
use meshdesk_protocol::{AccessMatrix, Sensitivity};

#[component]
pub fn AccessMatrixTable(matrix: AccessMatrix) -> impl IntoView {
    if matrix.rows.is_empty() {
        return view! { <p class="empty-state">"No table is shared with anyone outside its owners."</p> }.into_any();
    }
    let headers = matrix
        .grantees
        .iter()
        .map(|g| view! { <th class="grantee-head" title=g.clone() data-grantee=g.clone()>{short_grantee(g).to_owned()}</th> })
        .collect_view();
    let lines = grid(&matrix).into_iter().map(|line| view! { <MatrixLine line/> }).collect_view();
    let legend = Sensitivity::ALL.into_iter().map(|s| view! { <SensitivityChip value=Some(s)/> }).collect_view();
    view! {
        <p class="matrix-legend muted">
            "Readable columns / all columns; colour = the most sensitive readable column: " {legend}
            " · " <span class="filtered-marker">"filtered"</span> " = only some rows."
        </p>
        <div class="matrix-scroll">
            <table id="access-matrix" class="columns matrix">
                <thead>
                    <tr>
                        <th>"Table"</th>
                        <th>"Domain"</th>
                        {headers}
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn MatrixLine(line: GridLine) -> impl IntoView {
    let nav = use_navigation();
    let table = line.row.table.clone();
    let open = move |_| {
        nav.go(Page::Product { product: table.product(), tab: ProductTab::Access, table: Some(table.table.clone()) })
    };
    let cells = line.cells.into_iter().map(|cell| view! { <Cell cell/> }).collect_view();
    view! {
        <tr class="matrix-row" data-table=line.row.table.to_string() on:click=open>
            <td class="matrix-table"><button class="link">{line.row.table.to_string()}</button></td>
            <td class="muted">{line.row.domain}</td>
            {cells}
        </tr>
    }
}

#[component]
fn Cell(cell: GridCell) -> impl IntoView {
    let title = if cell.text.is_empty() {
        format!("{} reads nothing of this table", cell.grantee)
    } else {
        format!("{} reads {} columns, highest {}", cell.grantee, cell.text, cell.level)
    };
    view! {
        <td class="matrix-cell" data-grantee=cell.grantee data-sensitivity=cell.level data-filtered=cell.filtered.to_string() title=title>
            {cell.text}
            {cell.filtered.then(|| view! { <span class="filtered-marker">"filtered"</span> })}
        </td>
    }
}
