//! The access matrix laid out as a grid: one line per table, one cell per grantee, each cell
//! coloured by the most sensitive column it reads.

use meshdesk_protocol::{AccessMatrix, MatrixCell, MatrixRow};

/// A cell as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    pub grantee: String,
    /// "3/12"; empty where the grantee reads nothing of the table.
    pub text: String,
    /// The `data-sensitivity` the colour comes from: a level, "unclassified", or "none".
    pub level: &'static str,
    pub filtered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridLine {
    pub row: MatrixRow,
    pub cells: Vec<GridCell>,
}

/// Lines in the backend's order, cells in the order of `matrix.grantees`, whatever order the
/// row lists its cells in.
pub fn grid(matrix: &AccessMatrix) -> Vec<GridLine> {
    matrix
        .rows
        .iter()
        .map(|row| {
            let cells = matrix
                .grantees
                .iter()
                .map(|grantee| cell(grantee, row.cells.iter().find(|c| &c.grantee == grantee), row.column_total))
                .collect();
            GridLine { row: row.clone(), cells }
        })
        .collect()
}

fn cell(grantee: &str, found: Option<&MatrixCell>, total: u32) -> GridCell {
    match found.filter(|c| c.readable_columns > 0) {
        Some(c) => GridCell {
            grantee: grantee.to_owned(),
            text: format!("{}/{total}", c.readable_columns),
            level: c.highest.map_or("unclassified", |s| s.as_str()),
            filtered: c.filtered,
        },
        None => GridCell { grantee: grantee.to_owned(), text: String::new(), level: "none", filtered: false },
    }
}

/// A grantee as a column header: ARNs are long, so their last segment, with the whole in a tooltip.
pub fn short_grantee(grantee: &str) -> &str {
    if grantee.starts_with("arn:") { grantee.rsplit(['/', ':']).next().unwrap_or(grantee) } else { grantee }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::{Sensitivity, TableRef};

    fn matrix() -> AccessMatrix {
        AccessMatrix {
            grantees: vec!["402183775006".into(), "arn:aws:iam::4:role/analyst".into()],
            rows: vec![MatrixRow {
                table: TableRef::new("1", "billing", "invoices"),
                domain: "billing".into(),
                column_total: 12,
                cells: vec![MatrixCell {
                    grantee: "arn:aws:iam::4:role/analyst".into(),
                    readable_columns: 3,
                    filtered: true,
                    highest: Some(Sensitivity::Confidential),
                }],
            }],
        }
    }

    #[test]
    fn cells_follow_the_grantee_order_and_empty_ones_are_blank() {
        let lines = grid(&matrix());
        let cells = &lines[0].cells;
        assert_eq!(
            cells[0],
            GridCell { grantee: "402183775006".into(), text: String::new(), level: "none", filtered: false }
        );
        assert_eq!(cells[1].text, "3/12");
        assert_eq!(cells[1].level, "confidential");
        assert!(cells[1].filtered);
    }

    #[test]
    fn readable_but_untagged_columns_are_unclassified() {
        let mut m = matrix();
        m.rows[0].cells[0].highest = None;
        assert_eq!(grid(&m)[0].cells[1].level, "unclassified");
    }

    #[test]
    fn role_arns_are_shortened_for_headers() {
        assert_eq!(short_grantee("arn:aws:iam::4:role/analyst"), "analyst");
        assert_eq!(short_grantee("402183775006"), "402183775006");
    }
}
