//! Splits a search match's text into plain and highlighted segments, from the byte ranges the backend sends.

use meshdesk_protocol::{MatchField, SearchMatch};

/// A run of text that is either highlighted (rendered in `<mark>`) or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub highlighted: bool,
}

/// Cuts `text` at the highlight ranges. Ranges may arrive unsorted, overlapping, out of bounds or
/// off a character boundary (the contract promises otherwise, but the window must never panic on
/// a reply): they are clamped, widened to character boundaries and merged first.
pub fn split_highlights(text: &str, ranges: &[(u32, u32)]) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize)> = ranges
        .iter()
        .map(|&(start, end)| (floor_boundary(text, start as usize), ceil_boundary(text, end as usize)))
        .filter(|(start, end)| start < end)
        .collect();
    spans.sort_unstable();

    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }

    let mut segments = Vec::with_capacity(merged.len() * 2 + 1);
    let mut cursor = 0;
    for (start, end) in merged {
        if cursor < start {
            segments.push(Segment { text: text[cursor..start].to_owned(), highlighted: false });
        }
        segments.push(Segment { text: text[start..end].to_owned(), highlighted: true });
        cursor = end;
    }
    if cursor < text.len() {
        segments.push(Segment { text: text[cursor..].to_owned(), highlighted: false });
    }
    segments
}

fn floor_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// How one match reads in a result row: a label ("column"), a plain prefix (the part of the
/// location that is not the matched text itself) and the highlighted body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchLine {
    pub label: &'static str,
    pub prefix: String,
    pub body: Vec<Segment>,
}

/// Shapes a match so that "column customers.email" reads naturally: when the location already
/// ends with the matched text (a column or table name), the text is highlighted in place rather
/// than repeated after the location.
pub fn match_line(m: &SearchMatch) -> MatchLine {
    let label = m.field.label();
    let body = split_highlights(&m.text, &m.highlights);
    let prefix = if m.location.is_empty() || product_level(m.field) {
        String::new()
    } else if let Some(head) = m.location.strip_suffix(m.text.as_str()) {
        head.to_owned()
    } else {
        format!("{}: ", m.location)
    };
    MatchLine { label, prefix, body }
}

fn product_level(field: MatchField) -> bool {
    matches!(field, MatchField::ProductName | MatchField::Domain | MatchField::Owner | MatchField::Description)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(segments: &[Segment]) -> String {
        segments.iter().map(|s| if s.highlighted { format!("[{}]", s.text) } else { s.text.clone() }).collect()
    }

    #[test]
    fn highlights_are_cut_out_of_the_text() {
        assert_eq!(render(&split_highlights("customer email", &[(9, 14)])), "customer [email]");
        assert_eq!(render(&split_highlights("email", &[(0, 5)])), "[email]");
        assert_eq!(render(&split_highlights("a b c", &[(0, 1), (4, 5)])), "[a] b [c]");
    }

    #[test]
    fn text_without_highlights_is_one_plain_segment() {
        assert_eq!(split_highlights("orders", &[]), vec![Segment { text: "orders".into(), highlighted: false }]);
        assert!(split_highlights("", &[(0, 3)]).is_empty());
    }

    #[test]
    fn overlapping_unsorted_and_out_of_range_highlights_are_merged_and_clamped() {
        assert_eq!(render(&split_highlights("abcdefgh", &[(4, 6), (1, 3), (2, 5)])), "a[bcdef]gh");
        assert_eq!(render(&split_highlights("abc", &[(1, 99)])), "a[bc]");
        assert_eq!(render(&split_highlights("abc", &[(2, 1), (7, 9)])), "abc");
    }

    #[test]
    fn highlights_off_a_character_boundary_widen_instead_of_panicking() {
        // "é" is two bytes: a range starting inside it covers the whole character.
        assert_eq!(render(&split_highlights("café au lait", &[(4, 5)])), "caf[é] au lait");
    }

    #[test]
    fn a_column_match_highlights_the_column_name_inside_its_location() {
        let m = SearchMatch {
            field: MatchField::ColumnName,
            location: "customers.email".into(),
            text: "email".into(),
            highlights: vec![(0, 5)],
        };
        let line = match_line(&m);
        assert_eq!(line.label, "column");
        assert_eq!(line.prefix, "customers.");
        assert_eq!(render(&line.body), "[email]");
    }

    #[test]
    fn a_comment_match_names_its_column_before_the_text() {
        let m = SearchMatch {
            field: MatchField::ColumnComment,
            location: "customers.email".into(),
            text: "Customer email address".into(),
            highlights: vec![(9, 14)],
        };
        let line = match_line(&m);
        assert_eq!(line.prefix, "customers.email: ");
        assert_eq!(render(&line.body), "Customer [email] address");
    }
}
