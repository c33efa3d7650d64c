//! Contract checking as consumers feel it: what breaks a promise and what does not.

use super::*;
use crate::model::{Column, Table};

const NOW: i64 = 1_800_000_000;
const HOUR: i64 = 3600;

const CONTRACT: &str = r#"{"version":"1.3","columns":[
    {"name":"customer_id","type":"bigint","nullable":false},
    {"name":"sms_sent","type":"bigint"},
    "dt"
],"freshness_hours":6}"#;

fn col(name: &str, data_type: &str) -> Column {
    Column { name: name.into(), data_type: data_type.into(), ..Column::default() }
}

fn table(columns: &[(&str, &str)], hours_old: i64) -> Table {
    let mut table = Table {
        account: "402183775001".into(),
        database: "message_events_curated".into(),
        name: "daily_message_counts".into(),
        columns: columns.iter().map(|(n, t)| col(n, t)).collect(),
        partition_keys: vec![col("dt", "string")],
        update_time: Some(NOW - hours_old * HOUR),
        ..Table::default()
    };
    table.parameters.insert(params::CONTRACT.into(), CONTRACT.into());
    table
}

/// Checks the table's own contract and returns the violations in words.
fn violations(table: &Table) -> Vec<String> {
    match check_table(table, NOW) {
        ContractCheck::Checked { violations, .. } => violations.iter().map(ToString::to_string).collect(),
        other => panic!("expected a readable contract, got {other:?}"),
    }
}

#[test]
fn a_not_null_promise_is_named_as_unchecked_since_the_catalog_cannot_show_nulls() {
    let contract = Contract::parse(CONTRACT).expect("contract");
    let unchecked = unchecked(&contract);
    assert_eq!(unchecked.len(), 1, "only customer_id is promised not null: {unchecked:?}");
    assert!(unchecked[0].starts_with("customer_id is promised never to be null"), "{unchecked:?}");
}

#[test]
fn a_table_as_promised_honours_its_contract() {
    let live = table(&[("customer_id", "bigint"), ("sms_sent", "BIGINT")], 2);
    assert_eq!(violations(&live), Vec::<String>::new());
    assert!(!check_table(&live, NOW).is_broken());
}

#[test]
fn an_added_nullable_column_is_a_compatible_change() {
    let live = table(&[("customer_id", "bigint"), ("sms_sent", "bigint"), ("rcs_sent", "bigint")], 2);
    assert_eq!(violations(&live), Vec::<String>::new());
}

#[test]
fn a_removed_contracted_column_breaks_the_contract() {
    let live = table(&[("sms_sent", "bigint")], 2);
    assert_eq!(violations(&live), ["the contracted column customer_id was removed"]);
    assert!(check_table(&live, NOW).is_broken());
}

#[test]
fn a_retyped_contracted_column_breaks_the_contract_but_spacing_and_case_do_not() {
    let live = table(&[("customer_id", "bigint"), ("sms_sent", "int")], 2);
    assert_eq!(violations(&live), ["the contracted column sms_sent is int, not the promised bigint"]);
    assert!(same_type("DECIMAL(12, 2)", "decimal(12,2)"));
    assert!(!same_type("decimal(12,2)", "decimal(10,2)"));
}

#[test]
fn a_column_promised_without_a_type_may_change_type() {
    let mut live = table(&[("customer_id", "bigint"), ("sms_sent", "bigint")], 2);
    live.partition_keys = vec![col("dt", "date")];
    assert_eq!(violations(&live), Vec::<String>::new());
}

#[test]
fn data_older_than_the_promise_breaks_the_contract_and_unknown_age_does_not() {
    let stale = table(&[("customer_id", "bigint"), ("sms_sent", "bigint")], 9);
    assert_eq!(violations(&stale), ["the data is 9 hours old; the contract promises at most 6"]);
    let unknown = Table { update_time: None, ..stale };
    assert_eq!(violations(&unknown), Vec::<String>::new());
}

#[test]
fn a_contract_reads_back_from_what_it_writes() {
    let contract = Contract::parse(CONTRACT).expect("valid");
    assert_eq!(contract.version, "1.3");
    assert_eq!(
        contract.columns[0],
        ContractColumn { name: "customer_id".into(), data_type: Some("bigint".into()), nullable: false }
    );
    assert_eq!(contract.columns[2], ContractColumn { name: "dt".into(), data_type: None, nullable: true });
    assert_eq!(contract.freshness_hours, Some(6));
    assert_eq!(Contract::parse(&contract.to_json()), Ok(contract));
}

#[test]
fn a_malformed_contract_names_its_problem() {
    let problem = |text: &str| Contract::parse(text).expect_err(text).to_string();
    assert_eq!(problem(r#"{"columns":["a"]}"#), "it needs a version, e.g. \"version\": \"1.0\"");
    assert_eq!(
        problem(r#"{"version":"1","columns":[]}"#),
        "it promises no column: list at least one under \"columns\""
    );
    assert_eq!(problem(r#"{"version":"1","columns":["a","a"]}"#), "the column a is listed twice");
    assert_eq!(
        problem(r#"{"version":"1","columns":["a"],"freshness_hours":0}"#),
        "freshness_hours 0 must be a whole number of hours from 1 to 8784"
    );
    assert_eq!(
        problem(r#"{"version":"1","columns":[{"name":"a","nulable":true}]}"#),
        "unknown key \"nulable (in column 1; known: name, type, nullable)\" (known keys: version, columns, freshness_hours)"
    );
    assert_eq!(
        problem(r#"{"version":"1","columns":["a"],"guarantees":{}}"#),
        "unknown key \"guarantees\" (known keys: version, columns, freshness_hours)"
    );
    let mut table = table(&[], 1);
    table.parameters.insert(params::CONTRACT.into(), "{".into());
    assert!(matches!(check_table(&table, NOW), ContractCheck::Malformed(ContractProblem::NotJson(_))));
    table.parameters.remove(params::CONTRACT);
    assert_eq!(check_table(&table, NOW), ContractCheck::None);
}
