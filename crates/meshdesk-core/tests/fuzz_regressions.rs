//! Inputs the fuzz targets (`fuzz/`) once crashed on, kept so the parsers are held to what the
//! targets check on every test run: read or refused without panicking, and what is read prints
//! to a text that reads back to the same thing.

use meshdesk_core::governance::expr;

fn tag_expression_round_trips(text: &str) {
    if let Ok(expression) = expr::parse(text) {
        let printed = expression.to_string();
        let again = expr::parse(&printed).unwrap_or_else(|e| panic!("{printed:?} does not read back: {e}"));
        assert_eq!(again, expression, "{printed:?} reads back as another expression");
    }
}

/// The text a `|text: &str|` fuzz target saw: the input's longest valid UTF-8 prefix, as
/// `arbitrary` hands a `&str` over.
fn as_fuzzed(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    }
}

#[test]
fn a_long_tag_expression_with_control_characters_is_read_or_refused_and_round_trips() {
    tag_expression_round_trips(as_fuzzed(include_bytes!("fuzz_regressions/tag_expression-1d582b60.bin")));
}
