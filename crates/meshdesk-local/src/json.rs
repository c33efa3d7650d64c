//! How governance values are kept in the store's text columns: JSON arrays and objects that
//! SQLite's json functions can read, decoded strictly so that a row edited by hand is reported
//! rather than guessed at.

use std::collections::BTreeSet;

use meshdesk_core::governance::model::{Capacity, Decision, Permission, TagClause, TagExpression, Verdict};
use serde_json::{Map, Value, json};

/// A stored JSON value that is not what Meshdesk writes there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored {what} {text:?} does not read back: {problem}")]
pub(crate) struct JsonError {
    what: &'static str,
    text: String,
    problem: String,
}

fn fail(what: &'static str, text: &str, problem: impl Into<String>) -> JsonError {
    JsonError { what, text: text.to_owned(), problem: problem.into() }
}

pub(crate) fn strings(items: &[String]) -> String {
    Value::from(items.to_vec()).to_string()
}

pub(crate) fn parse_strings(what: &'static str, text: &str) -> Result<Vec<String>, JsonError> {
    let value: Value = serde_json::from_str(text).map_err(|e| fail(what, text, e.to_string()))?;
    string_list(&value).ok_or_else(|| fail(what, text, "it is not an array of strings"))
}

fn string_list(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|item| item.as_str().map(str::to_owned)).collect()
}

pub(crate) fn permissions(set: &BTreeSet<Permission>) -> String {
    Value::from(set.iter().map(|p| p.as_str()).collect::<Vec<_>>()).to_string()
}

pub(crate) fn parse_permissions(text: &str) -> Result<BTreeSet<Permission>, JsonError> {
    parse_strings("permission list", text)?
        .iter()
        .map(|name| {
            Permission::parse(name).ok_or_else(|| fail("permission list", text, format!("{name:?} is no permission")))
        })
        .collect()
}

pub(crate) fn tag_expression(expression: &TagExpression) -> String {
    let clauses: Vec<Value> = expression.clauses.iter().map(|c| json!({ "key": c.key, "values": c.values })).collect();
    Value::from(clauses).to_string()
}

pub(crate) fn parse_tag_expression(text: &str) -> Result<TagExpression, JsonError> {
    let what = "LF-tag expression";
    let value: Value = serde_json::from_str(text).map_err(|e| fail(what, text, e.to_string()))?;
    let clauses = value.as_array().ok_or_else(|| fail(what, text, "it is not an array of clauses"))?;
    let clauses = clauses
        .iter()
        .map(|clause| {
            let key = clause.get("key").and_then(Value::as_str);
            let values = clause.get("values").and_then(string_list);
            match (key, values) {
                (Some(key), Some(values)) => Ok(TagClause { key: key.to_owned(), values }),
                _ => Err(fail(what, text, "a clause lacks its key or its values")),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(TagExpression { clauses })
}

const CAPACITIES: [(Capacity, &str); 4] = [
    (Capacity::Owner, "owner"),
    (Capacity::Steward, "steward"),
    (Capacity::Policy, "policy"),
    (Capacity::Requester, "requester"),
];

const VERDICTS: [(Verdict, &str); 5] = [
    (Verdict::Approve, "approve"),
    (Verdict::Reject, "reject"),
    (Verdict::Revoke, "revoke"),
    (Verdict::Withdraw, "withdraw"),
    (Verdict::Expire, "expire"),
];

fn name_of<T: PartialEq + Copy>(names: &[(T, &'static str)], value: T) -> &'static str {
    names.iter().find(|(v, _)| *v == value).map_or("", |(_, name)| name)
}

fn value_of<T: Copy>(names: &[(T, &'static str)], name: &str) -> Option<T> {
    names.iter().find(|(_, n)| *n == name).map(|(v, _)| *v)
}

pub(crate) fn decisions(decisions: &[Decision]) -> String {
    let items: Vec<Value> = decisions
        .iter()
        .map(|d| {
            let mut object = Map::new();
            object.insert("by".into(), d.by.clone().into());
            object.insert("capacity".into(), name_of(&CAPACITIES, d.capacity).into());
            object.insert("verdict".into(), name_of(&VERDICTS, d.verdict).into());
            object.insert("at".into(), d.at.into());
            if let Some(reason) = &d.reason {
                object.insert("reason".into(), reason.clone().into());
            }
            Value::Object(object)
        })
        .collect();
    Value::from(items).to_string()
}

pub(crate) fn parse_decisions(text: &str) -> Result<Vec<Decision>, JsonError> {
    let what = "decision list";
    let value: Value = serde_json::from_str(text).map_err(|e| fail(what, text, e.to_string()))?;
    let items = value.as_array().ok_or_else(|| fail(what, text, "it is not an array of decisions"))?;
    items
        .iter()
        .map(|item| {
            let field = |name: &str| item.get(name);
            let by = field("by").and_then(Value::as_str);
            let capacity = field("capacity").and_then(Value::as_str).and_then(|c| value_of(&CAPACITIES, c));
            let verdict = field("verdict").and_then(Value::as_str).and_then(|v| value_of(&VERDICTS, v));
            let at = field("at").and_then(Value::as_i64);
            let reason = match field("reason") {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(reason)) => Ok(Some(reason.clone())),
                Some(_) => Err(fail(what, text, "a reason is not text")),
            }?;
            match (by, capacity, verdict, at) {
                (Some(by), Some(capacity), Some(verdict), Some(at)) => {
                    Ok(Decision { by: by.to_owned(), capacity, verdict, at, reason })
                }
                _ => Err(fail(what, text, "a decision lacks who, in which capacity, what or when")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_round_trip_with_and_without_reasons() {
        let decisions = vec![
            Decision { by: "dana".into(), capacity: Capacity::Owner, verdict: Verdict::Approve, at: -5, reason: None },
            Decision {
                by: "policy".into(),
                capacity: Capacity::Policy,
                verdict: Verdict::Expire,
                at: 1_790_000_000,
                reason: Some("ended \"today\"".into()),
            },
        ];
        assert_eq!(parse_decisions(&super::decisions(&decisions)), Ok(decisions));
    }

    #[test]
    fn expressions_and_permissions_round_trip() {
        let expression = TagExpression {
            clauses: vec![
                TagClause { key: "sensitivity".into(), values: vec!["public".into(), "internal".into()] },
                TagClause { key: "domain".into(), values: vec![] },
            ],
        };
        assert_eq!(parse_tag_expression(&tag_expression(&expression)), Ok(expression));
        let set: BTreeSet<Permission> = Permission::EVERY.into_iter().collect();
        assert_eq!(parse_permissions(&permissions(&set)), Ok(set));
    }

    #[test]
    fn values_edited_by_hand_are_errors() {
        assert!(parse_permissions(r#"["SELECT","READ"]"#).is_err());
        assert!(parse_strings("list", r#"["a",1]"#).is_err());
        assert!(parse_decisions(r#"[{"by":"x","capacity":"boss","verdict":"approve","at":1}]"#).is_err());
        assert!(parse_tag_expression(r#"[{"key":"k"}]"#).is_err());
    }
}
