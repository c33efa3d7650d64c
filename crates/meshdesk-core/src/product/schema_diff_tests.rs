//! Schema diffs read as a changelog: added, removed and retyped columns, changed tags, and which
//! changes broke the contract in force.

use super::*;
use crate::model::{Column, LfTag, Table, params};

fn col(name: &str, data_type: &str) -> Column {
    Column { name: name.into(), data_type: data_type.into(), ..Column::default() }
}

fn version(columns: &[(&str, &str)], contract: Option<&str>) -> Table {
    let mut table = Table {
        account: "402183775001".into(),
        database: "message_events_curated".into(),
        name: "daily_message_counts".into(),
        columns: columns.iter().map(|(n, t)| col(n, t)).collect(),
        ..Table::default()
    };
    if let Some(text) = contract {
        table.parameters.insert(params::CONTRACT.into(), text.into());
    }
    table
}

const PROMISE: &str =
    r#"{"version":"1.3","columns":[{"name":"customer_id","type":"bigint"},{"name":"mms_sent","type":"bigint"}]}"#;

fn names(columns: &[Column]) -> Vec<&str> {
    columns.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn an_added_column_is_listed_and_breaks_nothing() {
    let before = version(&[("customer_id", "bigint"), ("mms_sent", "bigint")], Some(PROMISE));
    let after = version(&[("customer_id", "bigint"), ("mms_sent", "bigint"), ("rcs_sent", "bigint")], Some(PROMISE));
    let d = diff(&before, &after);
    assert_eq!(names(&d.added), ["rcs_sent"]);
    assert!(d.removed.is_empty() && d.retyped.is_empty() && !d.is_breaking(), "{d:?}");
}

#[test]
fn a_removed_uncontracted_column_is_listed_and_breaks_nothing() {
    let before = version(&[("customer_id", "bigint"), ("msisdn", "string"), ("mms_sent", "bigint")], Some(PROMISE));
    let after = version(&[("customer_id", "bigint"), ("mms_sent", "bigint")], Some(PROMISE));
    let d = diff(&before, &after);
    assert_eq!(names(&d.removed), ["msisdn"]);
    assert!(!d.is_breaking());
}

#[test]
fn retyping_or_removing_a_contracted_column_breaks_the_contract() {
    let before = version(&[("customer_id", "bigint"), ("mms_sent", "bigint")], Some(PROMISE));
    let retyped = diff(&before, &version(&[("customer_id", "bigint"), ("mms_sent", "int")], Some(PROMISE)));
    assert_eq!(retyped.retyped, [Retyped { column: "mms_sent".into(), before: "bigint".into(), after: "int".into() }]);
    assert_eq!(retyped.breaks_contract, ["changes mms_sent from bigint to int; contract 1.3 promises bigint"]);
    let removed = diff(&before, &version(&[("mms_sent", "bigint")], Some(PROMISE)));
    assert_eq!(removed.breaks_contract, ["removes customer_id, which contract 1.3 promises"]);
    let uncontracted = diff(&version(&[("customer_id", "bigint")], None), &version(&[("customer_id", "int")], None));
    assert!(!uncontracted.is_breaking(), "with no contract nothing is promised");
}

#[test]
fn changed_tags_and_a_rewritten_contract_are_listed() {
    let mut before = version(&[("customer_id", "bigint")], None);
    before.columns[0].tags = [LfTag::new("sensitivity", "internal")].into();
    let mut after = version(&[("customer_id", "bigint")], Some(PROMISE));
    after.columns[0].tags = [LfTag::new("sensitivity", "confidential"), LfTag::new("pii", "true")].into();
    after.tags = [LfTag::new("domain", "messaging")].into();
    let d = diff(&before, &after);
    let shown: Vec<String> =
        d.tags.iter().map(|t| format!("{:?} {} {:?}->{:?}", t.column, t.key, t.before, t.after)).collect();
    assert_eq!(
        shown,
        [
            "None domain None->Some(\"messaging\")",
            "Some(\"customer_id\") pii None->Some(\"true\")",
            "Some(\"customer_id\") sensitivity Some(\"internal\")->Some(\"confidential\")",
        ]
    );
    assert_eq!(d.contract, Some((None, Some("1.3".to_owned()))));
}

#[test]
fn history_ends_with_the_current_table_and_diffs_each_version_from_the_one_before() {
    let v1 = TableVersion { version: 1, recorded_at: Some(10), table: version(&[("customer_id", "bigint")], None) };
    let v2 = TableVersion {
        version: 2,
        recorded_at: Some(20),
        table: version(&[("customer_id", "bigint"), ("mms_sent", "bigint")], Some(PROMISE)),
    };
    let current = version(&[("customer_id", "bigint"), ("mms_sent", "int")], Some(PROMISE));
    let h = history(&[v2.clone(), v1.clone()], &current);
    let numbers: Vec<u64> = h.iter().map(|(v, _)| v.version).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(names(&h[0].1.added), ["customer_id"], "the first version adds every column");
    assert_eq!(names(&h[1].1.added), ["mms_sent"]);
    assert!(h[2].1.is_breaking() && h[2].0.recorded_at.is_none());
    let mut stamped = v2.table.clone();
    stamped.parameters.insert(params::LAST_UPDATED.into(), "123".into());
    assert_eq!(history(&[v1, v2], &stamped).len(), 2, "a new load time is not a new version");
}
