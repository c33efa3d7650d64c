//! What an update changes, field by field, so that a backend writes only that onto the definition
//! it holds. Glue's `UpdateDatabase` and `UpdateTable` replace the whole input: an adapter reads
//! the stored definition (with every field Meshdesk does not model), applies the delta and writes
//! it back, so nothing it was not asked to change moves.

use crate::model::{Column, Database, Parameters, SharedStr, Table, TableName, Tags};
use std::collections::BTreeMap;

/// Parameters set (`Some`) or removed (`None`), by key.
pub type ParameterDelta = BTreeMap<String, Option<String>>;

fn parameter_delta(expected: &Parameters, wanted: &Parameters) -> ParameterDelta {
    let mut delta = ParameterDelta::new();
    for (key, value) in wanted {
        if expected.get(key) != Some(value) {
            delta.insert(key.to_string(), Some(value.clone()));
        }
    }
    for key in expected.keys().filter(|k| !wanted.contains_key(k)) {
        delta.insert(key.to_string(), None);
    }
    delta
}

fn apply_parameters(delta: &ParameterDelta, parameters: &mut Parameters) {
    for (key, value) in delta {
        match value {
            Some(v) => parameters.insert(key.into(), v.clone()),
            None => parameters.remove(key),
        };
    }
}

/// `Some(new)` when the field changed.
fn changed<T: PartialEq + Clone>(expected: &T, wanted: &T) -> Option<T> {
    (expected != wanted).then(|| wanted.clone())
}

/// What an update of a database changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DatabaseDelta {
    pub description: Option<String>,
    pub parameters: ParameterDelta,
    pub tags: Option<Tags>,
}

impl DatabaseDelta {
    /// The changes that turn `expected` into `wanted`.
    pub fn between(expected: &Database, wanted: &Database) -> Self {
        DatabaseDelta {
            description: changed(&expected.description, &wanted.description),
            parameters: parameter_delta(&expected.parameters, &wanted.parameters),
            tags: changed(&expected.tags, &wanted.tags),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == DatabaseDelta::default()
    }

    /// Applies the changes onto a stored definition, leaving everything else as stored.
    pub fn apply(&self, stored: &mut Database) {
        if let Some(d) = &self.description {
            stored.description.clone_from(d);
        }
        apply_parameters(&self.parameters, &mut stored.parameters);
        if let Some(t) = &self.tags {
            stored.tags.clone_from(t);
        }
    }
}

/// What an update of a table changes. The name, and what a resource link points to, never change
/// through an update.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableDelta {
    pub description: Option<String>,
    pub table_type: Option<Option<SharedStr>>,
    pub parameters: ParameterDelta,
    pub location: Option<Option<String>>,
    pub input_format: Option<Option<SharedStr>>,
    pub serde_library: Option<Option<SharedStr>>,
    pub columns: Option<Vec<Column>>,
    pub partition_keys: Option<Vec<Column>>,
    pub update_time: Option<Option<i64>>,
    pub tags: Option<Tags>,
}

impl TableDelta {
    pub fn between(expected: &Table, wanted: &Table) -> Self {
        TableDelta {
            description: changed(&expected.description, &wanted.description),
            table_type: changed(&expected.table_type, &wanted.table_type),
            parameters: parameter_delta(&expected.parameters, &wanted.parameters),
            location: changed(&expected.location, &wanted.location),
            input_format: changed(&expected.input_format, &wanted.input_format),
            serde_library: changed(&expected.serde_library, &wanted.serde_library),
            columns: changed(&expected.columns, &wanted.columns),
            partition_keys: changed(&expected.partition_keys, &wanted.partition_keys),
            update_time: changed(&expected.update_time, &wanted.update_time),
            tags: changed(&expected.tags, &wanted.tags),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == TableDelta::default()
    }

    pub fn apply(&self, stored: &mut Table) {
        if let Some(v) = &self.description {
            stored.description.clone_from(v);
        }
        if let Some(v) = &self.table_type {
            stored.table_type.clone_from(v);
        }
        apply_parameters(&self.parameters, &mut stored.parameters);
        if let Some(v) = &self.location {
            stored.location.clone_from(v);
        }
        if let Some(v) = &self.input_format {
            stored.input_format.clone_from(v);
        }
        if let Some(v) = &self.serde_library {
            stored.serde_library.clone_from(v);
        }
        if let Some(v) = &self.columns {
            stored.columns.clone_from(v);
        }
        if let Some(v) = &self.partition_keys {
            stored.partition_keys.clone_from(v);
        }
        if let Some(v) = &self.update_time {
            stored.update_time = *v;
        }
        if let Some(v) = &self.tags {
            stored.tags.clone_from(v);
        }
    }
}

/// Why an update may not be made: it renames what it updates, or points a link elsewhere.
pub fn identity_problem_table(expected: &Table, wanted: &Table) -> Option<String> {
    let (a, b): (TableName, TableName) = (expected.qualified_name(), wanted.qualified_name());
    if a != b {
        return Some(format!("an update of {a} cannot rename it to {b}"));
    }
    (expected.target != wanted.target)
        .then(|| format!("an update of {a} cannot change what the resource link points to"))
}

/// As [`identity_problem_table`], for databases.
pub fn identity_problem_database(expected: &Database, wanted: &Database) -> Option<String> {
    if (&expected.account, &expected.name) != (&wanted.account, &wanted.name) {
        return Some(format!(
            "an update of {}:{} cannot rename it to {}:{}",
            expected.account, expected.name, wanted.account, wanted.name
        ));
    }
    (expected.target != wanted.target).then(|| {
        format!("an update of {}:{} cannot change what the resource link points to", expected.account, expected.name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> Table {
        let mut t = Table {
            account: "1".into(),
            database: "d".into(),
            name: "t".into(),
            table_type: Some("EXTERNAL_TABLE".into()),
            location: Some("s3://bucket/d/t/".into()),
            columns: vec![Column { name: "a".into(), data_type: "int".into(), ..Column::default() }],
            partition_keys: vec![Column { name: "dt".into(), data_type: "string".into(), ..Column::default() }],
            update_time: Some(100),
            ..Table::default()
        };
        t.parameters.insert("classification".into(), "parquet".into());
        t.parameters.insert("meshdesk:contract".into(), "old".into());
        t
    }

    #[test]
    fn a_delta_carries_only_what_changed_and_keeps_what_others_set() {
        let expected = stored();
        let mut wanted = expected.clone();
        wanted.parameters.insert("meshdesk:contract".into(), "new".into());
        let delta = TableDelta::between(&expected, &wanted);
        assert_eq!(delta.parameters.len(), 1);
        assert!(delta.columns.is_none() && delta.location.is_none() && delta.update_time.is_none());

        // Someone else set a parameter and the update time moved since: both are kept.
        let mut current = stored();
        current.parameters.insert("spark.sql.sources.provider".into(), "delta".into());
        current.update_time = Some(200);
        delta.apply(&mut current);
        assert_eq!(current.parameters.get("meshdesk:contract").map(String::as_str), Some("new"));
        assert_eq!(current.parameters.get("spark.sql.sources.provider").map(String::as_str), Some("delta"));
        assert_eq!(
            (current.update_time, current.partition_keys.len(), current.table_type.as_deref()),
            (Some(200), 1, Some("EXTERNAL_TABLE"))
        );
    }

    #[test]
    fn a_removed_parameter_is_removed_and_a_database_delta_works_alike() {
        let expected = stored();
        let mut wanted = expected.clone();
        wanted.parameters.remove("meshdesk:contract");
        let mut current = stored();
        TableDelta::between(&expected, &wanted).apply(&mut current);
        assert_eq!(current, wanted);

        let db = Database { account: "1".into(), name: "d".into(), description: "glue".into(), ..Database::default() };
        let mut published = db.clone();
        published.parameters.insert("meshdesk:product".into(), "true".into());
        let delta = DatabaseDelta::between(&db, &published);
        assert!(delta.description.is_none() && !delta.is_empty());
        let mut current = db.clone();
        delta.apply(&mut current);
        assert_eq!(current, published);
        assert!(identity_problem_database(&db, &Database { name: "e".into(), ..db.clone() }).is_some());
        assert_eq!(identity_problem_table(&expected, &wanted), None);
    }
}
