//! A schema version's changes in words, one line each, as the History tab lists them.

use meshdesk_protocol::SchemaVersion;

fn or_none(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("none")
}

/// What the version changed, one line per change; the first version lists its columns.
pub fn lines(version: &SchemaVersion) -> Vec<String> {
    let mut out = Vec::new();
    if version.first {
        let columns: Vec<&str> = version.added.iter().map(|c| c.name.as_str()).collect();
        out.push(format!("first version known, with {} columns: {}", columns.len(), columns.join(", ")));
    } else {
        out.extend(version.added.iter().map(|c| format!("added column {} ({})", c.name, c.data_type)));
    }
    out.extend(version.removed.iter().map(|c| format!("removed column {} ({})", c.name, c.data_type)));
    out.extend(version.retyped.iter().map(|r| format!("changed column {} from {} to {}", r.column, r.before, r.after)));
    for t in &version.tags {
        let on = t.column.as_ref().map_or_else(|| "the table".to_owned(), |c| format!("column {c}"));
        out.push(format!("tag {} on {on}: {} → {}", t.key, or_none(&t.before), or_none(&t.after)));
    }
    if version.contract_changed {
        out.push(format!("contract {} → {}", or_none(&version.contract_before), or_none(&version.contract_after)));
    }
    if out.is_empty() {
        out.push("no schema change".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::{ColumnChange, RetypedColumn, TagChange};

    fn version() -> SchemaVersion {
        SchemaVersion {
            version: 4,
            recorded_at: None,
            current: true,
            first: false,
            added: vec![ColumnChange { name: "rcs_sent".into(), data_type: "bigint".into() }],
            removed: vec![],
            retyped: vec![RetypedColumn { column: "mms_sent".into(), before: "bigint".into(), after: "int".into() }],
            tags: vec![TagChange {
                column: Some("msisdn".into()),
                key: "pii".into(),
                before: None,
                after: Some("true".into()),
            }],
            contract_before: Some("1.2".into()),
            contract_after: Some("1.3".into()),
            contract_changed: true,
            breaks: vec![],
        }
    }

    #[test]
    fn each_change_is_one_line() {
        assert_eq!(
            lines(&version()),
            [
                "added column rcs_sent (bigint)",
                "changed column mms_sent from bigint to int",
                "tag pii on column msisdn: none → true",
                "contract 1.2 → 1.3",
            ]
        );
        let first = SchemaVersion { first: true, retyped: vec![], tags: vec![], contract_changed: false, ..version() };
        assert_eq!(lines(&first), ["first version known, with 1 columns: rcs_sent"]);
    }
}
