//! What identifies a Lake Formation grant: its principal and its resource. Lake Formation keeps
//! one entry per (principal, resource) and merges permissions granted to it; grants have no id
//! and cannot be tagged. Meshdesk therefore names a grant by a hash of these two (see
//! `grant_names`), never of its permissions, which may change under the same entry.

use meshdesk_core::governance::model::{ColumnSelection, Resource};
use sha2::{Digest, Sha256};

/// A stable key of (principal, resource): 32 hex digits. Column lists and LF-tag values are
/// sorted first, since Lake Formation does not promise to return them in the order granted.
/// A data cells filter is keyed by its name: its row filter and columns are the filter's own
/// definition, not part of the grant.
pub fn grant_key(principal: &str, resource: &Resource) -> String {
    let mut parts: Vec<String> = vec![principal.to_owned()];
    match resource {
        Resource::Database { account, database } => {
            parts.extend(["database".into(), account.clone(), database.clone()])
        }
        Resource::Table { account, database, table, columns } => {
            parts.extend([
                "table".into(),
                account.clone(),
                database.clone(),
                table.clone().unwrap_or_else(|| "*".into()),
            ]);
            parts.extend(column_parts(columns));
        }
        Resource::DataCellsFilter { account, database, table, name, .. } => {
            parts.extend(["filter".into(), account.clone(), database.clone(), table.clone(), name.clone()]);
        }
        Resource::TagPolicy { account, expression } => {
            parts.extend(["tags".into(), account.clone()]);
            let mut clauses: Vec<(String, Vec<String>)> = expression
                .clauses
                .iter()
                .map(|c| {
                    let mut values = c.values.clone();
                    values.sort();
                    (c.key.clone(), values)
                })
                .collect();
            clauses.sort();
            for (key, values) in clauses {
                parts.push(key);
                parts.push(values.join("\u{1}"));
            }
        }
    }
    let mut hash = Sha256::new();
    for part in &parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn column_parts(columns: &ColumnSelection) -> Vec<String> {
    let sorted = |names: &[String]| {
        let mut names = names.to_vec();
        names.sort();
        names.join("\u{1}")
    };
    match columns {
        ColumnSelection::All => vec!["all".into()],
        ColumnSelection::Only(names) => vec!["only".into(), sorted(names)],
        ColumnSelection::AllExcept(names) => vec!["except".into(), sorted(names)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_core::governance::model::{TagClause, TagExpression};

    fn table(columns: ColumnSelection) -> Resource {
        Resource::Table { account: "1".into(), database: "d".into(), table: Some("t".into()), columns }
    }

    #[test]
    fn the_key_ignores_order_but_not_content() {
        let ab = grant_key("p", &table(ColumnSelection::Only(vec!["a".into(), "b".into()])));
        assert_eq!(ab, grant_key("p", &table(ColumnSelection::Only(vec!["b".into(), "a".into()]))));
        assert_ne!(ab, grant_key("p", &table(ColumnSelection::AllExcept(vec!["a".into(), "b".into()]))));
        assert_ne!(ab, grant_key("q", &table(ColumnSelection::Only(vec!["a".into(), "b".into()]))));
        assert_eq!(ab.len(), 32);
        let tags = |values: &[&str]| Resource::TagPolicy {
            account: "1".into(),
            expression: TagExpression {
                clauses: vec![TagClause { key: "k".into(), values: values.iter().map(|v| (*v).to_owned()).collect() }],
            },
        };
        assert_eq!(grant_key("p", &tags(&["x", "y"])), grant_key("p", &tags(&["y", "x"])));
    }

    #[test]
    fn a_filter_grant_is_keyed_by_the_filter_name_only() {
        let filter = |row: &str| Resource::DataCellsFilter {
            account: "1".into(),
            database: "d".into(),
            table: "t".into(),
            name: "f".into(),
            row_filter: Some(row.into()),
            columns: ColumnSelection::All,
        };
        assert_eq!(grant_key("p", &filter("a = 1")), grant_key("p", &filter("a = 2")));
    }
}
