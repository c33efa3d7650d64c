//! Aligned text tables: columns padded to their widest cell (counted in characters, before any
//! colour is added), two spaces apart, no trailing spaces.

use crate::output::{Paint, Style};

/// One cell: its text and, on a terminal, its colour.
#[derive(Debug, Clone)]
pub struct Cell {
    text: String,
    style: Option<Style>,
}

impl Cell {
    pub fn styled(text: impl Into<String>, style: Option<Style>) -> Self {
        Cell { text: text.into(), style }
    }

    /// How many characters the text takes, before any colour.
    pub fn width(&self) -> usize {
        self.text.chars().count()
    }

    /// The cell's text painted for use inside a sentence rather than a table.
    pub fn painted(&self, paint: &Paint) -> String {
        paint.paint(&self.text, self.style)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, style: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell { text: text.to_owned(), style: None }
    }
}

#[derive(Debug)]
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
    indent: usize,
}

impl Table {
    pub fn new(headers: &[&'static str]) -> Self {
        Table { headers: headers.to_vec(), rows: Vec::new(), indent: 0 }
    }

    /// Indents every line, for a table nested under a heading.
    pub fn indented(mut self, spaces: usize) -> Self {
        self.indent = spaces;
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    pub fn render(&self, paint: &Paint) -> String {
        let columns = self.headers.len().max(self.rows.iter().map(Vec::len).max().unwrap_or(0));
        let mut widths = vec![0usize; columns];
        for (i, h) in self.headers.iter().enumerate() {
            widths[i] = h.chars().count();
        }
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.text.chars().count());
            }
        }
        let header: Vec<Cell> = self.headers.iter().map(|h| Cell::styled(*h, Some(Style::Bold))).collect();
        let mut out = String::new();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = " ".repeat(self.indent);
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(&paint.paint(&cell.text, cell.style));
                let last = i + 1 == row.len();
                if !last {
                    line.push_str(&" ".repeat(widths[i] - cell.text.chars().count()));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(table: &Table, colour: bool, expect: &str) {
        assert_eq!(table.render(&Paint { colour }), expect);
    }

    #[test]
    fn columns_line_up_by_characters_and_lines_have_no_trailing_spaces() {
        let mut t = Table::new(&["NAME", "SENSITIVITY", "NOTE"]);
        t.row(vec!["café".into(), "restricted".into(), "".into()]);
        t.row(vec!["id".into(), "public".into(), "key".into()]);
        check(&t, false, "NAME  SENSITIVITY  NOTE\ncafé  restricted\nid    public       key\n");
    }

    #[test]
    fn colour_wraps_the_text_but_not_the_padding() {
        let mut t = Table::new(&["A", "B"]).indented(2);
        t.row(vec![Cell::styled("x", Some(Style::Red)), "y".into()]);
        check(&t, true, "  \x1b[1mA\x1b[0m  \x1b[1mB\x1b[0m\n  \x1b[1;31mx\x1b[0m  y\n");
    }
}
