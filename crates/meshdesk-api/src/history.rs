//! A table's schema history: its versions as a readable diff, each marked breaking or not for
//! the contract in force before it, and the audit events about the table.

use crate::convert::{table_name, table_ref};
use crate::convert_product::schema_version;
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::model::TableName;
use meshdesk_core::product::schema_diff;
use meshdesk_protocol::{ApiError, TableHistory, TableRef};

/// Whether an audit event's target names the table (or one of its columns). Targets are lists
/// like `table A:d.t, column A:d.t.c` or a bare `A:d.t`.
fn names_table(target: &str, table: &TableName) -> bool {
    let name = table.to_string();
    target.split(", ").any(|part| {
        let part = part.trim();
        let part = ["table ", "column "].iter().find_map(|p| part.strip_prefix(p)).unwrap_or(part);
        part == name || part.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('.'))
    })
}

impl<B: Backend> Meshdesk<B> {
    /// The table's versions, newest first, and the audit events about it, newest first.
    pub fn table_history(&self, table: &TableRef) -> Result<TableHistory, ApiError> {
        let name = table_name(table);
        let current = self
            .index()?
            .table(&name)
            .cloned()
            .ok_or_else(|| ApiError::not_found(format!("no table {table} in the catalog")))?;
        let stored = self.backend.table_versions(&name).map_err(from_port)?;
        let history = schema_diff::history(&stored, &current);
        let last = history.len().saturating_sub(1);
        let mut versions: Vec<_> =
            history.iter().enumerate().map(|(i, (v, d))| schema_version(v, d, i == 0, i == last)).collect();
        versions.reverse();
        let events = self.backend.events().map_err(from_port)?;
        let events =
            events.iter().rev().filter(|e| names_table(&e.target, &name)).map(|e| self.event_view(e)).collect();
        Ok(TableHistory { table: table_ref(&name), versions, events })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_about_a_table_when_its_target_names_the_table_or_a_column_of_it() {
        let t = TableName::new("1", "d", "t");
        assert!(names_table("1:d.t", &t));
        assert!(names_table("table 1:d.t", &t));
        assert!(names_table("column 1:d.t.email, table 1:d.other", &t));
        assert!(!names_table("1:d.tx", &t));
        assert!(!names_table("1:d", &t));
    }
}
