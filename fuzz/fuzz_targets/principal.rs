//! Principals and account ids (request grantees, `meshdesk:owner` entries, Lake Formation
//! grants as listed): read or refused without panicking, and an error never repeats more than
//! a short excerpt of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::product::entries;

fuzz_target!(|text: &str| {
    if let Err(error) = Principal::parse(text) {
        assert!(error.to_string().len() < 1024, "a {} byte error", error.to_string().len());
    }
    let _ = entries::check_entry(text);
    let _ = entries::normalise_list(text);
});
