//! Data contracts: what a table promises its consumers (`meshdesk:contract` on the table) — the
//! columns they may rely on with their types and nullability, how fresh the data is kept, and a
//! version — and the check of a live table against its promise.
//!
//! The document is JSON:
//! `{"version":"1.3","columns":[{"name":"customer_id","type":"bigint","nullable":false}],"freshness_hours":6}`.
//! A column may also be written as its bare name (a promise that it exists, of any type).
//!
//! A contracted column that is gone, or whose type is not the promised one, breaks the contract;
//! so does data older than the freshness promise. Nullability is a promise about the data, which
//! the catalog does not describe: it is kept, and shown as a promise nobody checked
//! ([`unchecked`]) rather than counted as honoured.

use crate::freshness;
use crate::governance::json::{self, Json, JsonError};
use crate::governance::json_write;
use crate::model::{Table, params};
use std::fmt;

/// The longest freshness promise accepted, in hours (a leap year): longer is a typo.
pub const LONGEST_FRESHNESS_HOURS: u32 = 8784;

const KEYS: [&str; 3] = ["version", "columns", "freshness_hours"];
const COLUMN_KEYS: [&str; 3] = ["name", "type", "nullable"];

/// One column a contract promises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractColumn {
    pub name: String,
    /// The promised Glue type; `None` promises only that the column exists.
    pub data_type: Option<String>,
    /// Whether the column may hold nulls (the default).
    pub nullable: bool,
}

/// A table's data contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub version: String,
    pub columns: Vec<ContractColumn>,
    /// The data is at most this many hours old.
    pub freshness_hours: Option<u32>,
}

/// Why a contract document cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractProblem {
    NotJson(JsonError),
    NotAnObject,
    UnknownKey(String),
    WrongType { key: String, expected: &'static str, found: &'static str },
    MissingVersion,
    NoColumns,
    ColumnWithoutName(usize),
    RepeatedColumn(String),
    FreshnessOutOfRange(String),
}

impl fmt::Display for ContractProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContractProblem::NotJson(e) => write!(f, "it is not valid JSON ({e})"),
            ContractProblem::NotAnObject => f.write_str("it must be a JSON object"),
            ContractProblem::UnknownKey(k) => write!(f, "unknown key {k:?} (known keys: {})", KEYS.join(", ")),
            ContractProblem::WrongType { key, expected, found } => write!(f, "{key} must be {expected}, not {found}"),
            ContractProblem::MissingVersion => f.write_str("it needs a version, e.g. \"version\": \"1.0\""),
            ContractProblem::NoColumns => f.write_str("it promises no column: list at least one under \"columns\""),
            ContractProblem::ColumnWithoutName(i) => write!(f, "column {} has no name", i + 1),
            ContractProblem::RepeatedColumn(name) => write!(f, "the column {name} is listed twice"),
            ContractProblem::FreshnessOutOfRange(n) => {
                write!(f, "freshness_hours {n} must be a whole number of hours from 1 to {LONGEST_FRESHNESS_HOURS}")
            }
        }
    }
}

impl Contract {
    /// Reads a contract document. Unknown keys are refused: a misspelt promise would otherwise be
    /// silently dropped.
    pub fn parse(text: &str) -> Result<Contract, ContractProblem> {
        let Json::Object(members) = json::parse(text).map_err(ContractProblem::NotJson)? else {
            return Err(ContractProblem::NotAnObject);
        };
        let mut contract = Contract { version: String::new(), columns: Vec::new(), freshness_hours: None };
        for (key, value) in &members {
            let wrong = |expected| ContractProblem::WrongType { key: key.clone(), expected, found: value.kind() };
            match (key.as_str(), value) {
                ("version", Json::String(v)) => contract.version = v.trim().to_owned(),
                ("version", Json::Number(n)) => contract.version = n.to_string(),
                ("version", _) => return Err(wrong("a string")),
                ("columns", Json::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        let column = column(i, item)?;
                        if contract.columns.iter().any(|c| c.name == column.name) {
                            return Err(ContractProblem::RepeatedColumn(column.name));
                        }
                        contract.columns.push(column);
                    }
                }
                ("columns", _) => return Err(wrong("a list of columns")),
                ("freshness_hours", Json::Null) => contract.freshness_hours = None,
                ("freshness_hours", Json::Number(n)) => {
                    let whole = n.fract() == 0.0 && (1.0..=f64::from(LONGEST_FRESHNESS_HOURS)).contains(n);
                    if !whole {
                        return Err(ContractProblem::FreshnessOutOfRange(n.to_string()));
                    }
                    contract.freshness_hours = Some(*n as u32);
                }
                ("freshness_hours", _) => return Err(wrong("a whole number of hours")),
                _ => return Err(ContractProblem::UnknownKey(key.clone())),
            }
        }
        if contract.version.is_empty() {
            return Err(ContractProblem::MissingVersion);
        }
        if contract.columns.is_empty() {
            return Err(ContractProblem::NoColumns);
        }
        Ok(contract)
    }

    /// The contract as the compact JSON stored in `meshdesk:contract`; reads back equal.
    pub fn to_json(&self) -> String {
        let columns = self
            .columns
            .iter()
            .map(|c| {
                let mut members = vec![("name".to_owned(), Json::String(c.name.clone()))];
                if let Some(t) = &c.data_type {
                    members.push(("type".to_owned(), Json::String(t.clone())));
                }
                members.push(("nullable".to_owned(), Json::Bool(c.nullable)));
                Json::Object(members)
            })
            .collect();
        let mut members = vec![
            ("version".to_owned(), Json::String(self.version.clone())),
            ("columns".to_owned(), Json::Array(columns)),
        ];
        if let Some(hours) = self.freshness_hours {
            members.push(("freshness_hours".to_owned(), Json::Number(f64::from(hours))));
        }
        json_write::render(&Json::Object(members))
    }
}

fn column(i: usize, item: &Json) -> Result<ContractColumn, ContractProblem> {
    let named = |name: &str| {
        let name = name.trim();
        if name.is_empty() { Err(ContractProblem::ColumnWithoutName(i)) } else { Ok(name.to_owned()) }
    };
    let members = match item {
        Json::String(name) => return Ok(ContractColumn { name: named(name)?, data_type: None, nullable: true }),
        Json::Object(members) => members,
        other => {
            return Err(ContractProblem::WrongType {
                key: format!("column {}", i + 1),
                expected: "a name or an object",
                found: other.kind(),
            });
        }
    };
    let mut column = ContractColumn { name: String::new(), data_type: None, nullable: true };
    for (key, value) in members {
        let wrong = |expected| ContractProblem::WrongType {
            key: format!("column {} {key}", i + 1),
            expected,
            found: value.kind(),
        };
        match (key.as_str(), value) {
            ("name", Json::String(name)) => column.name = named(name)?,
            ("type", Json::String(t)) if !t.trim().is_empty() => column.data_type = Some(t.trim().to_owned()),
            ("type", Json::Null | Json::String(_)) => column.data_type = None,
            ("nullable", Json::Bool(b)) => column.nullable = *b,
            ("name", _) | ("type", _) => return Err(wrong("a string")),
            ("nullable", _) => return Err(wrong("true or false")),
            _ => {
                return Err(ContractProblem::UnknownKey(format!(
                    "{key} (in column {}; known: {})",
                    i + 1,
                    COLUMN_KEYS.join(", ")
                )));
            }
        }
    }
    if column.name.is_empty() {
        return Err(ContractProblem::ColumnWithoutName(i));
    }
    Ok(column)
}

/// One way a table breaks its contract.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// A contracted column is no longer in the table.
    ColumnRemoved { column: String },
    /// A contracted column's type is not the promised one.
    ColumnRetyped { column: String, promised: String, actual: String },
    /// The data is older than promised.
    FreshnessMissed { promised_hours: u32, age_hours: f64 },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::ColumnRemoved { column } => write!(f, "the contracted column {column} was removed"),
            Violation::ColumnRetyped { column, promised, actual } => {
                write!(f, "the contracted column {column} is {actual}, not the promised {promised}")
            }
            Violation::FreshnessMissed { promised_hours, age_hours } => {
                write!(f, "the data is {age_hours:.0} hours old; the contract promises at most {promised_hours}")
            }
        }
    }
}

/// What a table's contract says of it now.
#[derive(Debug, Clone, PartialEq)]
pub enum ContractCheck {
    /// The table has no `meshdesk:contract`.
    None,
    /// The contract cannot be read, so nobody can tell whether it holds.
    Malformed(ContractProblem),
    /// The contract, and every way the table breaks it (empty: honoured).
    Checked { contract: Contract, violations: Vec<Violation> },
}

impl ContractCheck {
    pub fn is_broken(&self) -> bool {
        matches!(self, ContractCheck::Checked { violations, .. } if !violations.is_empty())
    }
}

/// Glue types compared as Glue treats them: case and spaces do not matter
/// (`DECIMAL(12, 2)` is `decimal(12,2)`).
pub fn same_type(a: &str, b: &str) -> bool {
    let normal = |t: &str| t.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
    normal(a) == normal(b)
}

/// Checks `table` against `contract` at `now` (Unix seconds). A table whose update time is
/// unknown is not judged on freshness: nothing says it is late.
pub fn check(table: &Table, contract: &Contract, now: i64) -> Vec<Violation> {
    let mut violations = Vec::new();
    for promised in &contract.columns {
        let live = table.columns.iter().chain(&table.partition_keys).find(|c| c.name == promised.name);
        match (live, &promised.data_type) {
            (None, _) => violations.push(Violation::ColumnRemoved { column: promised.name.clone() }),
            (Some(live), Some(t)) if !same_type(t, &live.data_type) => violations.push(Violation::ColumnRetyped {
                column: promised.name.clone(),
                promised: t.clone(),
                actual: live.data_type.to_string(),
            }),
            _ => {}
        }
    }
    if let Some(promised_hours) = contract.freshness_hours {
        let fresh = freshness::assess(freshness::last_updated(table), Some(promised_hours), now);
        if let (freshness::State::Breached, Some(age_hours)) = (fresh.state, fresh.age_hours) {
            violations.push(Violation::FreshnessMissed { promised_hours, age_hours });
        }
    }
    violations
}

/// The promises of `contract` that the catalog cannot show kept or broken, in words. Glue
/// columns have no NOT NULL (a Hive type is nullable by definition), so a column promised never
/// to be null is a promise only the data can check: the contract's state says nothing about it,
/// and people are told so.
pub fn unchecked(contract: &Contract) -> Vec<String> {
    contract
        .columns
        .iter()
        .filter(|c| !c.nullable)
        .map(|c| {
            format!(
                "{} is promised never to be null; the Glue catalog does not record nulls, so Meshdesk cannot check this promise",
                c.name
            )
        })
        .collect()
}

/// The table's own contract (`meshdesk:contract`), checked at `now`.
pub fn check_table(table: &Table, now: i64) -> ContractCheck {
    match contract_of(table) {
        None => ContractCheck::None,
        Some(Err(problem)) => ContractCheck::Malformed(problem),
        Some(Ok(contract)) => {
            let violations = check(table, &contract, now);
            ContractCheck::Checked { contract, violations }
        }
    }
}

/// The table's contract, if it declares one.
pub fn contract_of(table: &Table) -> Option<Result<Contract, ContractProblem>> {
    table.parameters.get(params::CONTRACT).map(|t| t.trim()).filter(|t| !t.is_empty()).map(Contract::parse)
}

#[cfg(test)]
#[path = "contract_tests.rs"]
mod tests;
