//! LF-tag expressions (policy grants, Lake Formation's tag policies): read or refused without
//! panicking; what is read prints to a text that reads back to the same expression.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshdesk_core::governance::expr;

fuzz_target!(|text: &str| {
    if let Ok(expression) = expr::parse(text) {
        let printed = expression.to_string();
        let again = expr::parse(&printed).unwrap_or_else(|e| panic!("{printed:?} does not read back: {e}"));
        assert_eq!(again, expression, "{printed:?} reads back as another expression");
    }
});
