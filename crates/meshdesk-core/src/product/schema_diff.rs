//! Schema history as people read it: what changed from one version of a table to the next —
//! columns added, removed or retyped, LF-tags changed, the contract rewritten — and whether the
//! change broke the contract in force before it.

use super::contract::{self, Contract};
use crate::model::{Column, LfTag, Table, params};

/// One version of a table as the catalog keeps it (Glue `GetTableVersions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableVersion {
    /// Glue's version id: 1 for the first, counting up.
    pub version: u64,
    /// When the version was made (Unix seconds), when known.
    pub recorded_at: Option<i64>,
    pub table: Table,
}

/// A column whose type changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retyped {
    pub column: String,
    pub before: String,
    pub after: String,
}

/// An LF-tag set, changed or removed on the table or one of its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagChange {
    /// `None` for the table itself.
    pub column: Option<String>,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What changed between two versions of a table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaDiff {
    pub added: Vec<Column>,
    pub removed: Vec<Column>,
    pub retyped: Vec<Retyped>,
    pub tags: Vec<TagChange>,
    /// The contract's version before and after, when the contract text changed.
    pub contract: Option<(Option<String>, Option<String>)>,
    /// How the change broke the contract in force before it, in words; empty when it did not.
    pub breaks_contract: Vec<String>,
}

impl SchemaDiff {
    pub fn is_breaking(&self) -> bool {
        !self.breaks_contract.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.retyped.is_empty()
            && self.tags.is_empty()
            && self.contract.is_none()
    }
}

fn all_columns(table: &Table) -> impl Iterator<Item = &Column> {
    table.columns.iter().chain(&table.partition_keys)
}

/// The difference from `before` to `after`. A change breaks the contract when a column the
/// earlier version's contract promised is removed or no longer has the promised type (freshness
/// is a matter of time, not of a schema change).
pub fn diff(before: &Table, after: &Table) -> SchemaDiff {
    let mut out = SchemaDiff::default();
    for column in all_columns(after) {
        match all_columns(before).find(|c| c.name == column.name) {
            None => out.added.push(column.clone()),
            Some(old) if !contract::same_type(&old.data_type, &column.data_type) => out.retyped.push(Retyped {
                column: column.name.to_string(),
                before: old.data_type.to_string(),
                after: column.data_type.to_string(),
            }),
            Some(old) => tag_changes(Some(&column.name), &old.tags, &column.tags, &mut out.tags),
        }
    }
    out.removed = all_columns(before).filter(|c| !all_columns(after).any(|n| n.name == c.name)).cloned().collect();
    let mut table_tags = Vec::new();
    tag_changes(None, &before.tags, &after.tags, &mut table_tags);
    out.tags.splice(0..0, table_tags);

    let text = |t: &Table| t.parameters.get(params::CONTRACT).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let (old_text, new_text) = (text(before), text(after));
    if old_text != new_text {
        let version = |t: &Option<String>| -> Option<String> {
            t.as_deref().map(|t| Contract::parse(t).map_or_else(|_| "unreadable".to_owned(), |c| c.version))
        };
        out.contract = Some((version(&old_text), version(&new_text)));
    }
    if let Some(Ok(promise)) = contract::contract_of(before) {
        for promised in &promise.columns {
            if out.removed.iter().any(|c| c.name == promised.name) {
                out.breaks_contract
                    .push(format!("removes {}, which contract {} promises", promised.name, promise.version));
            }
            let retyped = out.retyped.iter().find(|r| r.column == promised.name);
            if let (Some(r), Some(t)) = (retyped, &promised.data_type)
                && !contract::same_type(t, &r.after)
            {
                out.breaks_contract.push(format!(
                    "changes {} from {} to {}; contract {} promises {t}",
                    r.column, r.before, r.after, promise.version
                ));
            }
        }
    }
    out
}

fn tag_changes(column: Option<&str>, before: &[LfTag], after: &[LfTag], out: &mut Vec<TagChange>) {
    let value = |tags: &[LfTag], key: &str| tags.iter().find(|t| t.key == key).map(|t| t.value.to_string());
    let mut keys: Vec<&str> = before.iter().chain(after).map(|t| t.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        let (was, is) = (value(before, key), value(after, key));
        if was != is {
            out.push(TagChange { column: column.map(str::to_owned), key: key.to_owned(), before: was, after: is });
        }
    }
}

/// The versions with what each changed from the one before (the first against nothing: every
/// column added), oldest first. `current` is appended as the newest version when the stored
/// versions do not end with it (a catalog that keeps no history, or a change made elsewhere).
pub fn history(stored: &[TableVersion], current: &Table) -> Vec<(TableVersion, SchemaDiff)> {
    let mut versions: Vec<TableVersion> = stored.to_vec();
    versions.sort_by_key(|v| v.version);
    // Pipelines move `meshdesk:last_updated` with every load: that is not a new definition.
    let definition = |t: &Table| {
        let mut parameters = t.parameters.clone();
        parameters.remove(params::LAST_UPDATED);
        parameters
    };
    let same_schema = |a: &Table, b: &Table| diff(a, b).is_empty() && definition(a) == definition(b);
    if versions.last().is_none_or(|last| !same_schema(&last.table, current)) {
        let next = versions.last().map_or(1, |v| v.version + 1);
        versions.push(TableVersion { version: next, recorded_at: None, table: current.clone() });
    }
    let empty = Table::default();
    let mut out = Vec::with_capacity(versions.len());
    for (i, version) in versions.iter().enumerate() {
        let before = if i == 0 { &empty } else { &versions[i - 1].table };
        out.push((version.clone(), diff(before, &version.table)));
    }
    out
}

#[cfg(test)]
#[path = "schema_diff_tests.rs"]
mod tests;
