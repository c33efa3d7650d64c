//! The `meshdesk:*` JSON parameters as Glue returns them (`meshdesk:contract`,
//! `meshdesk:approval`) and the JSON reader under them: read or refused without panicking or
//! overflowing the stack, whatever the nesting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshdesk_core::governance::approval::ApprovalPolicy;
use meshdesk_core::governance::json;
use meshdesk_core::product::contract::Contract;

fuzz_target!(|text: &str| {
    let _ = json::parse(text);
    let _ = Contract::parse(text);
    let _ = ApprovalPolicy::parse(text);
});
