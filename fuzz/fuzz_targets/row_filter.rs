//! Row filters (`meshdesk request --row-filter`, data cells filters read from Lake Formation):
//! any text is read or refused without panicking, and what is read prints to a text that
//! reads back to the same filter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshdesk_core::governance::row_filter;

fuzz_target!(|text: &str| {
    if let Ok(filter) = row_filter::parse(text) {
        let printed = filter.to_string();
        let again = row_filter::parse(&printed).unwrap_or_else(|e| panic!("{printed:?} does not read back: {e}"));
        assert_eq!(again, filter, "{printed:?} reads back as another filter");
        let _ = row_filter::validate(&filter, ["a", "b", "country"]);
    }
});
