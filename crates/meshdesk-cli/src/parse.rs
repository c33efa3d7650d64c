//! Reading command-line values into protocol types: names of products, tables and columns,
//! `KEY=VALUE` tags, and the protocol's enums. A value that does not read is a usage error
//! (exit 2) with clap's message, before anything is opened.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use meshdesk_protocol::{
    ExportFormat, ExportKind, FreshnessState, Permission, ProductRef, RequestStatus, Sensitivity, TableFormat,
    TableRef, TagTarget,
};
use std::ffi::OsStr;

/// A command-line value that does not read, with what was expected; clap shows it as a usage
/// error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue(String);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadValue {}

impl From<String> for BadValue {
    fn from(message: String) -> Self {
        BadValue(message)
    }
}

/// `ACCOUNT:database` or `ACCOUNT:database.table`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Product(ProductRef),
    Table(TableRef),
}

pub fn subject(input: &str) -> Result<Subject, BadValue> {
    if input.contains('.') {
        TableRef::parse(input).map(Subject::Table).map_err(|e| BadValue(e.to_string()))
    } else {
        ProductRef::parse(input).map(Subject::Product).map_err(|e| BadValue(e.to_string()))
    }
}

pub fn product(input: &str) -> Result<ProductRef, BadValue> {
    ProductRef::parse(input).map_err(|e| BadValue(e.to_string()))
}

pub fn table(input: &str) -> Result<TableRef, BadValue> {
    TableRef::parse(input).map_err(|e| BadValue(e.to_string()))
}

/// `ACCOUNT:database.table` or `ACCOUNT:database.table.column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnTarget {
    pub table: TableRef,
    pub column: Option<String>,
}

pub fn column_target(input: &str) -> Result<ColumnTarget, BadValue> {
    const EXPECTED: &str = "expected ACCOUNT:database.table or ACCOUNT:database.table.column";
    let (head, column) = match input.split_once(':') {
        Some((_, rest)) if rest.matches('.').count() == 2 => {
            input.rsplit_once('.').map(|(h, c)| (h, Some(c.to_owned()))).unwrap_or((input, None))
        }
        _ => (input, None),
    };
    if column.as_deref() == Some("") {
        return Err(BadValue(format!("'{input}' names no column: {EXPECTED}")));
    }
    let table = TableRef::parse(head).map_err(|_| format!("'{input}' is not a valid reference: {EXPECTED}"))?;
    Ok(ColumnTarget { table, column })
}

/// What an LF-tag goes on: `ACCOUNT:database`, `ACCOUNT:database.table` or
/// `ACCOUNT:database.table.column`.
pub fn tag_target(input: &str) -> Result<TagTarget, BadValue> {
    if let Ok(p) = ProductRef::parse(input) {
        return Ok(TagTarget::Database { account: p.account, database: p.database });
    }
    let target = column_target(input)
        .map_err(|_| format!("'{input}' is not a valid reference: expected ACCOUNT:database[.table[.column]]"))?;
    let TableRef { account, database, table } = target.table;
    Ok(match target.column {
        Some(column) => TagTarget::Column { account, database, table, column },
        None => TagTarget::Table { account, database, table },
    })
}

/// What a policy grant is on, by name: the database itself, or one table / every table of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantOn {
    Database(ProductRef),
    /// `None` is every table (`ACCOUNT:database.*`).
    Tables(ProductRef, Option<String>),
}

pub fn grant_on(input: &str) -> Result<GrantOn, BadValue> {
    if let Some(product) = input.strip_suffix(".*") {
        return ProductRef::parse(product)
            .map(|p| GrantOn::Tables(p, None))
            .map_err(|_| BadValue(format!("'{input}' is not a valid reference: expected ACCOUNT:database.*")));
    }
    match subject(input) {
        Ok(Subject::Product(p)) => Ok(GrantOn::Database(p)),
        Ok(Subject::Table(t)) => Ok(GrantOn::Tables(t.product(), Some(t.table))),
        Err(_) => Err(BadValue(format!(
            "'{input}' is not a valid reference: expected ACCOUNT:database, ACCOUNT:database.table or ACCOUNT:database.*"
        ))),
    }
}

/// `KEY=VALUE`, both non-empty.
pub fn key_value(input: &str) -> Result<(String, String), BadValue> {
    match input.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => Ok((k.trim().to_owned(), v.trim().to_owned())),
        _ => Err(BadValue(format!("'{input}' is not a tag: expected KEY=VALUE, e.g. sensitivity=restricted"))),
    }
}

/// `FIELD=VALUE` where the value may be empty (it removes the field); only the first `=` splits,
/// so a value may hold more (an approval policy's JSON does not, a description may).
pub fn key_value_allowing_empty(input: &str) -> Result<(String, String), BadValue> {
    match input.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(BadValue(format!("'{input}' is not a field and value: expected FIELD=VALUE, e.g. slo_freshness_hours=12"))),
    }
}

/// `NAME[:TYPE]`, a column a contract promises; without a type any type keeps the promise.
pub fn contract_column(input: &str) -> Result<(String, Option<String>), BadValue> {
    let (name, data_type) = match input.split_once(':') {
        Some((n, t)) => (n.trim(), Some(t.trim()).filter(|t| !t.is_empty())),
        None => (input.trim(), None),
    };
    if name.is_empty() {
        return Err(BadValue(format!("'{input}' names no column: expected NAME or NAME:TYPE, e.g. customer_id:bigint")));
    }
    Ok((name.to_owned(), data_type.map(str::to_owned)))
}

/// A value among a fixed list of names, matched without regard to case; the names show in
/// `--help` and in shell completions.
#[derive(Debug, Clone)]
pub struct Choice<T: Clone + Send + Sync + 'static> {
    values: Vec<(&'static str, T)>,
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        if let Some((_, v)) = self.values.iter().find(|(name, _)| name.eq_ignore_ascii_case(text.trim())) {
            return Ok(v.clone());
        }
        // Not one of ours: let clap say so, listing the possible values, in its usual words.
        let names: Vec<&'static str> = self.values.iter().map(|(n, _)| *n).collect();
        PossibleValuesParser::new(names).parse_ref(cmd, arg, value)?;
        Err(clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|(n, _)| PossibleValue::new(*n))))
    }
}

fn choice<T: Clone + Send + Sync + 'static>(values: impl IntoIterator<Item = (&'static str, T)>) -> Choice<T> {
    Choice { values: values.into_iter().collect() }
}

pub fn sensitivities() -> Choice<Sensitivity> {
    choice(Sensitivity::ALL.map(|s| (s.as_str(), s)))
}

pub fn formats() -> Choice<TableFormat> {
    choice(TableFormat::ALL.map(|f| (f.as_str(), f)))
}

pub fn freshness_states() -> Choice<FreshnessState> {
    choice(FreshnessState::ALL.map(|f| (f.as_str(), f)))
}

pub fn statuses() -> Choice<RequestStatus> {
    choice(RequestStatus::ALL.map(|s| (s.as_str(), s)))
}

/// What a share request may ask for: reading, and seeing the metadata.
pub fn request_permissions() -> Choice<Permission> {
    choice([("SELECT", Permission::Select), ("DESCRIBE", Permission::Describe)])
}

/// Every Lake Formation permission a policy grant may carry.
pub fn permissions() -> Choice<Permission> {
    choice([
        ("SELECT", Permission::Select),
        ("DESCRIBE", Permission::Describe),
        ("INSERT", Permission::Insert),
        ("DELETE", Permission::Delete),
        ("ALTER", Permission::Alter),
        ("DROP", Permission::Drop),
        ("ALL", Permission::All),
    ])
}

pub fn export_kinds() -> Choice<ExportKind> {
    choice([
        ("audit-log", ExportKind::AuditLog),
        ("access-matrix", ExportKind::AccessMatrix),
        ("requests", ExportKind::Requests),
        ("findings", ExportKind::Findings),
    ])
}

pub fn export_formats() -> Choice<ExportFormat> {
    choice([("csv", ExportFormat::Csv), ("json", ExportFormat::Json)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_a_product_or_a_table_by_its_shape() {
        assert_eq!(subject("4:sales"), Ok(Subject::Product(ProductRef::new("4", "sales"))));
        assert_eq!(subject("4:sales.orders"), Ok(Subject::Table(TableRef::new("4", "sales", "orders"))));
        for bad in ["sales", "4:", "4:sales.", "4:a.b.c"] {
            assert!(subject(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_column_target_names_a_table_and_maybe_a_column() {
        let t = TableRef::new("4", "sales", "orders");
        assert_eq!(column_target("4:sales.orders"), Ok(ColumnTarget { table: t.clone(), column: None }));
        assert_eq!(column_target("4:sales.orders.total"), Ok(ColumnTarget { table: t, column: Some("total".into()) }));
        for bad in ["4:sales", "4:sales.orders.", "sales.orders.total", "4:a.b.c.d"] {
            assert!(column_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_tag_target_is_a_database_table_or_column() {
        assert!(matches!(tag_target("4:sales"), Ok(TagTarget::Database { .. })));
        assert!(matches!(tag_target("4:sales.orders"), Ok(TagTarget::Table { .. })));
        assert!(
            matches!(tag_target("4:sales.orders.total"), Ok(TagTarget::Column { column, .. }) if column == "total")
        );
        assert!(tag_target("sales").expect_err("no account").to_string().contains("ACCOUNT:database[.table[.column]]"));
    }

    #[test]
    fn a_grant_is_on_a_database_one_table_or_every_table() {
        let p = ProductRef::new("4", "sales");
        assert_eq!(grant_on("4:sales"), Ok(GrantOn::Database(p.clone())));
        assert_eq!(grant_on("4:sales.orders"), Ok(GrantOn::Tables(p.clone(), Some("orders".into()))));
        assert_eq!(grant_on("4:sales.*"), Ok(GrantOn::Tables(p, None)));
        for bad in ["sales", "4:.*", "4:sales.orders.total"] {
            assert!(grant_on(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_are_key_equals_value() {
        assert_eq!(key_value(" sensitivity = restricted "), Ok(("sensitivity".into(), "restricted".into())));
        for bad in ["sensitivity", "=x", "x=", ""] {
            assert!(key_value(bad).is_err(), "{bad}");
        }
    }
}
