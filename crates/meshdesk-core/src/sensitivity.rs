//! Sensitivity from the `sensitivity` LF-tag, with Lake Formation's inheritance:
//! a column's own tag, else its table's, else its database's.

use crate::model::{params, Column, Database, LfTag, Table};

/// The ordered values of the `sensitivity` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sensitivity {
    Public,
    Internal,
    Confidential,
    Restricted,
}

impl Sensitivity {
    pub const ALL: [Sensitivity; 4] =
        [Sensitivity::Public, Sensitivity::Internal, Sensitivity::Confidential, Sensitivity::Restricted];

    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Internal => "internal",
            Sensitivity::Confidential => "confidential",
            Sensitivity::Restricted => "restricted",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(value.trim()))
    }
}

/// Which level a tag value was found on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Column,
    Table,
    Database,
}

/// A sensitivity value and the level it was found on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective {
    pub value: Sensitivity,
    pub source: Level,
}

/// The value of the `sensitivity` tag among `tags`, if it is one of the allowed values.
/// A tag with an unknown value counts as no tag: Lake Formation would not have accepted it.
pub fn own_sensitivity(tags: &[LfTag]) -> Option<Sensitivity> {
    tags.iter().find(|t| t.key == params::SENSITIVITY_TAG).and_then(|t| Sensitivity::parse(&t.value))
}

/// A column's effective sensitivity.
pub fn column_sensitivity(db: &Database, table: &Table, column: &Column) -> Option<Effective> {
    own_sensitivity(&column.tags)
        .map(|value| Effective { value, source: Level::Column })
        .or_else(|| table_level_sensitivity(db, table))
}

/// The sensitivity a table passes down to its columns: its own tag, else the database's.
pub fn table_level_sensitivity(db: &Database, table: &Table) -> Option<Effective> {
    own_sensitivity(&table.tags)
        .map(|value| Effective { value, source: Level::Table })
        .or_else(|| own_sensitivity(&db.tags).map(|value| Effective { value, source: Level::Database }))
}

/// What the highest sensitivity of a table needs of its columns: how many there are, the highest
/// of their own `sensitivity` tags, and whether any has none (and so inherits the table's). A
/// store can gather it while skipping over the columns, so a catalog can be listed before its
/// columns are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnsSummary {
    pub count: usize,
    pub highest_own: Option<Sensitivity>,
    pub any_untagged: bool,
}

impl ColumnsSummary {
    /// The summary of a table's columns and partition keys.
    pub fn of(table: &Table) -> Self {
        let mut summary = ColumnsSummary::default();
        for column in table.columns.iter().chain(&table.partition_keys) {
            summary.add(own_sensitivity(&column.tags));
        }
        summary
    }

    /// Counts one more column, whose own sensitivity is `own`.
    pub fn add(&mut self, own: Option<Sensitivity>) {
        self.count += 1;
        self.highest_own = self.highest_own.max(own);
        self.any_untagged |= own.is_none();
    }
}

/// The highest effective sensitivity of any column of the table (or of the table itself when it
/// has no columns, as a resource link does not).
pub fn highest_in_table(db: &Database, table: &Table) -> Option<Sensitivity> {
    highest_given(db, table, &ColumnsSummary::of(table))
}

/// [`highest_in_table`] from a summary of the table's columns rather than the columns.
pub fn highest_given(db: &Database, table: &Table, columns: &ColumnsSummary) -> Option<Sensitivity> {
    let inherited = table_level_sensitivity(db, table).map(|e| e.value);
    if columns.count == 0 {
        return inherited;
    }
    columns.highest_own.max(if columns.any_untagged { inherited } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(tags: &[(&str, &str)]) -> Database {
        Database { name: "d".into(), tags: lf(tags), ..Database::default() }
    }
    fn lf(tags: &[(&str, &str)]) -> crate::model::Tags {
        tags.iter().map(|(k, v)| LfTag::new(*k, *v)).collect()
    }
    fn column(name: &str, tags: &[(&str, &str)]) -> Column {
        Column { name: name.into(), data_type: "string".into(), tags: lf(tags), ..Column::default() }
    }

    #[test]
    fn a_columns_own_tag_wins_over_its_table_and_database() {
        let d = db(&[("sensitivity", "internal")]);
        let t = Table { tags: lf(&[("sensitivity", "confidential")]), ..Table::default() };
        let c = column("email", &[("sensitivity", "restricted")]);
        assert_eq!(
            column_sensitivity(&d, &t, &c),
            Some(Effective { value: Sensitivity::Restricted, source: Level::Column })
        );
    }

    #[test]
    fn untagged_columns_inherit_from_the_table_then_the_database() {
        let d = db(&[("sensitivity", "internal")]);
        let tagged_table = Table { tags: lf(&[("sensitivity", "confidential")]), ..Table::default() };
        let plain_table = Table::default();
        let c = column("amount", &[("pii", "false")]);
        assert_eq!(
            column_sensitivity(&d, &tagged_table, &c),
            Some(Effective { value: Sensitivity::Confidential, source: Level::Table })
        );
        assert_eq!(
            column_sensitivity(&d, &plain_table, &c),
            Some(Effective { value: Sensitivity::Internal, source: Level::Database })
        );
        assert_eq!(column_sensitivity(&db(&[]), &plain_table, &c), None);
    }

    #[test]
    fn a_lower_column_tag_is_respected_and_the_highest_counts_for_the_table() {
        let d = db(&[("sensitivity", "confidential")]);
        let t = Table {
            columns: vec![column("id", &[]), column("country", &[("sensitivity", "public")])],
            ..Table::default()
        };
        assert_eq!(highest_in_table(&d, &t), Some(Sensitivity::Confidential));
        let only_public = Table { columns: vec![column("country", &[("sensitivity", "public")])], ..Table::default() };
        assert_eq!(highest_in_table(&d, &only_public), Some(Sensitivity::Public));
    }

    #[test]
    fn unknown_tag_values_are_not_sensitivity() {
        assert_eq!(own_sensitivity(&lf(&[("sensitivity", "secret")])), None);
        assert_eq!(own_sensitivity(&lf(&[("sensitivity", " Restricted ")])), Some(Sensitivity::Restricted));
    }
}
