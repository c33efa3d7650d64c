//! The earlier versions of messaging's `daily_message_counts`, as Glue would keep them: the raw
//! phone number replaced by its hash (a removed and an added column), RCS counts added with
//! contract 1.3, and three days ago a pipeline change that made `mms_sent` an `int` — breaking
//! the contract its consumers rely on. The newest version is the table as seeded.

use meshdesk_core::model::{Column, LfTag, Table, TableName, params};
use meshdesk_core::product::TableVersion;

use super::people::MESSAGING;

const DAY: i64 = 24 * 3600;

/// Contract 1.2, before RCS was promised.
const CONTRACT_1_2: &str = r#"{"version":"1.2","columns":[{"name":"customer_id","type":"bigint","nullable":false},{"name":"sms_sent","type":"bigint"},{"name":"mms_sent","type":"bigint"},{"name":"dt","type":"string","nullable":false}],"freshness_hours":6}"#;

/// The table's versions, oldest first; empty if the catalog lacks the table.
pub(super) fn versions(tables: &[Table], now: i64) -> Vec<TableVersion> {
    let name = TableName::new(MESSAGING, "message_events_curated", "daily_message_counts");
    let Some(current) = tables.iter().find(|t| t.qualified_name() == name) else { return Vec::new() };

    let mut v3 = current.clone();
    retype(&mut v3, "mms_sent", "bigint");
    let mut v2 = v3.clone();
    v2.columns.retain(|c| c.name != "rcs_sent" && c.name != "rcs_received");
    v2.parameters.insert(params::CONTRACT.into(), CONTRACT_1_2.to_owned());
    let mut v1 = v2.clone();
    if let Some(hash) = v1.columns.iter_mut().find(|c| c.name == "msisdn_hash") {
        *hash = Column {
            name: "msisdn".into(),
            data_type: "string".into(),
            comment: "The line's phone number in E.164 format".into(),
            tags: [LfTag::new(params::SENSITIVITY_TAG, "restricted"), LfTag::new("pii", "true")].into(),
        };
    }
    [(v1, 140), (v2, 95), (v3, 60), (current.clone(), 3)]
        .into_iter()
        .enumerate()
        .map(|(i, (mut table, days_ago))| {
            let at = now - days_ago * DAY;
            if days_ago > 3 {
                table.update_time = Some(at);
                table.parameters.insert(params::LAST_UPDATED.into(), at.to_string());
            }
            TableVersion { version: i as u64 + 1, recorded_at: Some(at), table }
        })
        .collect()
}

fn retype(table: &mut Table, column: &str, data_type: &str) {
    if let Some(c) = table.columns.iter_mut().find(|c| c.name == column) {
        c.data_type = data_type.into();
    }
}
