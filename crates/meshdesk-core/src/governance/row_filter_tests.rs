//! Row filters: every operator, the canonical form, errors with their position, and limits.

use super::*;

/// Reads `input`, expects its canonical form, and checks the canonical form reads back the same.
fn check(input: &str, canonical: &str) {
    let filter = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
    assert_eq!(filter.to_string(), canonical, "{input}");
    assert_eq!(parse(canonical).as_ref(), Ok(&filter), "{canonical} reads back the same");
}

fn error(input: &str) -> String {
    match parse(input) {
        Ok(f) => panic!("{input} parsed as {f}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_operator_reads_and_prints_canonically() {
    check("country='FR'", "country = 'FR'");
    check("a != 1 and b<>2", "a <> 1 AND b <> 2");
    check("a<1 OR a<=2 or a>3 OR a>=-4.5", "a < 1 OR a <= 2 OR a > 3 OR a >= -4.5");
    check("channel in ('post','email')", "channel IN ('post', 'email')");
    check("channel not in ( 'sms' )", "channel NOT IN ('sms')");
    check("name like 'A%'", "name LIKE 'A%'");
    check("name not like '%x'", "name NOT LIKE '%x'");
    check("ended is null AND started is not NULL", "ended IS NULL AND started IS NOT NULL");
    check("amount between 10 and 1e3", "amount BETWEEN 10 AND 1e3");
    check("amount not between 0 and 5", "amount NOT BETWEEN 0 AND 5");
    check("not a = 1", "NOT a = 1");
    check("active", "active");
    check("active = true and deleted = FALSE", "active = TRUE AND deleted = FALSE");
}

#[test]
fn parentheses_are_kept_only_where_precedence_needs_them() {
    check("(a = 1 or b = 2) and c = 3", "(a = 1 OR b = 2) AND c = 3");
    check("a = 1 or (b = 2 and c = 3)", "a = 1 OR b = 2 AND c = 3");
    check("((a = 1))", "a = 1");
    check("a = 1 and (b = 2 and (c = 3))", "a = 1 AND b = 2 AND c = 3");
    check("not (a = 1 and b = 2)", "NOT (a = 1 AND b = 2)");
    check("not not a", "NOT NOT a");
    check("a = 1 AND NOT b = 2", "a = 1 AND NOT b = 2");
}

#[test]
fn texts_and_names_are_quoted_back_as_needed() {
    check("note = 'it''s'", "note = 'it''s'");
    check("\"Order Id\" = 5", "\"Order Id\" = 5");
    check("\"select\" = 'x'", "select = 'x'");
    check("\"and\" = 'x'", "\"and\" = 'x'");
    check("\"a\"\"b\" = 'é'", "\"a\"\"b\" = 'é'");
}

#[test]
fn true_or_nothing_means_every_row() {
    for text in ["", "   ", "TRUE", "true", "(TRUE)"] {
        let filter = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert!(filter.is_all(), "{text:?}");
        assert_eq!(filter.to_string(), "TRUE");
    }
    assert!(!parse("FALSE").is_ok_and(|f| f.is_all()));
    assert!(!parse("a = 1 OR TRUE").is_ok_and(|f| f.is_all()));
}

#[test]
fn syntax_errors_name_the_byte_and_what_was_expected() {
    assert_eq!(error("a ="), "at byte 3: expected a column or a value, found the end");
    assert_eq!(error("a = 1 b = 2"), "at byte 6: expected AND, OR or the end, found 'b'");
    assert_eq!(error("(a = 1"), "at byte 6: expected ')', found the end");
    assert_eq!(error("a = 'open"), "at byte 4: expected a closing quote, found the end");
    assert_eq!(error("a IN ()"), "at byte 6: expected a value, found ')'");
    assert_eq!(error("a IN (1 2)"), "at byte 8: expected ',' or ')', found '2'");
    assert_eq!(error("a BETWEEN 1 OR 2"), "at byte 12: expected AND between the bounds, found OR");
    assert_eq!(error("a IS 5"), "at byte 5: expected NULL or NOT NULL after IS, found '5'");
    assert_eq!(error("a NOT = 1"), "at byte 6: expected IN, LIKE or BETWEEN after NOT, found '='");
    assert_eq!(error("5"), "at byte 1: expected an operator (=, <>, <, IN, LIKE, BETWEEN, IS), found the end");
    assert_eq!(error("a = 1 AND"), "at byte 9: expected a column, a value, NOT or '(', found the end");
    assert_eq!(error("a ; 1"), "at byte 2: expected a column, a value, an operator or a parenthesis, found ';'");
    assert_eq!(error("née = 1"), "at byte 1: expected a column, a value, an operator or a parenthesis, found 'é'");
    assert_eq!(error("\"\" = 1"), "at byte 0: expected a column name between the double quotes, found \"\"");
    assert_eq!(error("AND = 1"), "at byte 0: expected a column, a value, NOT or '(', found AND");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}a = 1{}", "(".repeat(1000), ")".repeat(1000));
    assert_eq!(error(&deep), "at byte 64: the row filter nests deeper than 64 levels");
    let nots = format!("{}a", "NOT ".repeat(500));
    assert!(error(&nots).ends_with("nests deeper than 64 levels"));
    let just_enough = format!("{}a = 1{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(parse(&just_enough).map(|f| f.to_string()), Ok("a = 1".to_owned()));
}

#[test]
fn oversized_filters_are_refused() {
    let long = format!("a IN ({})", vec!["1"; 3000].join(", "));
    assert_eq!(error(&long), format!("the row filter is {} bytes long; the longest accepted is 4096", long.len()));
}

#[test]
fn a_filter_lists_the_columns_it_reads_once_each() {
    let filter = parse("a = b OR (c IN (d, 1) AND NOT a LIKE e) OR f BETWEEN g AND 3 OR h IS NULL OR i")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(filter.columns(), ["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
    assert!(RowFilter::all().columns().is_empty());
}

#[test]
fn validation_names_an_unknown_column_and_ignores_case() {
    let filter = parse("Country = 'FR' AND channel = 'post'").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(validate(&filter, ["country", "channel", "amount"]), Ok(()));
    assert_eq!(
        validate(&filter, ["country", "amount"]).map_err(|e| e.to_string()),
        Err("unknown column 'channel'; the table's columns are country, amount".to_owned())
    );
}
