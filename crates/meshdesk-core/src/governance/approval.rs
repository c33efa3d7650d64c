//! A product's approval policy: who must approve which requests, what approves itself, and for
//! how long access may be given — read from the database's `meshdesk:approval` JSON.

use super::json::{self, Json, JsonError};
use super::model::Capacity;
use crate::model::{params, Database};
use crate::sensitivity::Sensitivity;
use std::fmt;

/// How requests to one product are decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalPolicy {
    /// Requests whose every column is at most this sensitive are approved by the policy itself.
    /// `None`: nothing approves itself.
    pub auto_approve_max: Option<Sensitivity>,
    /// Auto-approval only for consumers in one of the mesh's own accounts.
    pub auto_approve_same_org: bool,
    /// The capacities that must all approve a request asking for restricted columns, e.g. owner
    /// and steward. Empty: an owner's approval is enough.
    pub quorum_for_restricted: Vec<Capacity>,
    /// The longest access a request may ask for.
    pub max_duration_days: u32,
    /// Every request needs a steward's approval besides the owner's, and none approves itself.
    pub require_steward: bool,
}

impl Default for ApprovalPolicy {
    /// An owner approves every request; access lasts at most a year.
    fn default() -> Self {
        Self {
            auto_approve_max: None,
            auto_approve_same_org: true,
            quorum_for_restricted: Vec::new(),
            max_duration_days: DEFAULT_MAX_DURATION_DAYS,
            require_steward: false,
        }
    }
}

pub const DEFAULT_MAX_DURATION_DAYS: u32 = 365;
/// The longest duration a policy may allow (ten years): longer is a typo, not a policy.
pub const LONGEST_DURATION_DAYS: u32 = 3650;

const KEYS: [&str; 5] =
    ["auto_approve_max", "auto_approve_same_org", "quorum_for_restricted", "max_duration_days", "require_steward"];

/// A product's `meshdesk:approval` that cannot be read. Requests to the product are refused with
/// this message until the owner fixes it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the approval policy (meshdesk:approval) of {product} is malformed: {problem}")]
pub struct ApprovalPolicyError {
    /// `ACCOUNT:database`.
    pub product: String,
    pub problem: PolicyProblem,
}

/// What is wrong with an approval policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyProblem {
    NotJson(JsonError),
    NotAnObject,
    UnknownKey(String),
    WrongType { key: &'static str, expected: &'static str, found: &'static str },
    UnknownSensitivity(String),
    UnknownCapacity(String),
    /// The number as written (after reading): not a whole number of days in range.
    DurationOutOfRange(String),
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyProblem::NotJson(e) => write!(f, "it is not valid JSON ({e})"),
            PolicyProblem::NotAnObject => f.write_str("it must be a JSON object"),
            PolicyProblem::UnknownKey(k) => write!(f, "unknown key {k:?} (known keys: {})", KEYS.join(", ")),
            PolicyProblem::WrongType { key, expected, found } => write!(f, "{key} must be {expected}, not {found}"),
            PolicyProblem::UnknownSensitivity(v) => write!(
                f,
                "auto_approve_max {v:?} is not a sensitivity (one of {})",
                Sensitivity::ALL.map(Sensitivity::as_str).join(", ")
            ),
            PolicyProblem::UnknownCapacity(v) => {
                write!(f, "quorum_for_restricted names {v:?}; only \"owner\" and \"steward\" can approve")
            }
            PolicyProblem::DurationOutOfRange(n) => {
                write!(f, "max_duration_days {n} must be a whole number of days from 1 to {LONGEST_DURATION_DAYS}")
            }
        }
    }
}

/// The name a capacity goes by in policies and messages.
pub fn capacity_name(capacity: Capacity) -> &'static str {
    match capacity {
        Capacity::Owner => "owner",
        Capacity::Steward => "steward",
        Capacity::Policy => "policy",
        Capacity::Requester => "requester",
    }
}

impl ApprovalPolicy {
    /// The product's policy: the default when it sets none, an error naming the product when the
    /// JSON cannot be read.
    pub fn of(product: &Database) -> Result<Self, ApprovalPolicyError> {
        match product.param(params::APPROVAL) {
            None => Ok(Self::default()),
            Some(text) => Self::parse(text)
                .map_err(|problem| ApprovalPolicyError { product: format!("{}:{}", product.account, product.name), problem }),
        }
    }

    /// Reads a policy document. Keys left out keep their default; unknown keys are refused, as a
    /// misspelt key would otherwise silently loosen or tighten the policy.
    pub fn parse(text: &str) -> Result<Self, PolicyProblem> {
        let Json::Object(members) = json::parse(text).map_err(PolicyProblem::NotJson)? else {
            return Err(PolicyProblem::NotAnObject);
        };
        let mut policy = Self::default();
        for (key, value) in &members {
            let Some(&key) = KEYS.iter().find(|k| **k == key) else {
                return Err(PolicyProblem::UnknownKey(key.clone()));
            };
            let wrong = |expected| PolicyProblem::WrongType { key, expected, found: value.kind() };
            match (key, value) {
                ("auto_approve_max", Json::Null) => policy.auto_approve_max = None,
                ("auto_approve_max", Json::String(s)) => {
                    policy.auto_approve_max =
                        Some(Sensitivity::parse(s).ok_or_else(|| PolicyProblem::UnknownSensitivity(s.clone()))?);
                }
                ("auto_approve_max", _) => return Err(wrong("a sensitivity name or null")),
                ("auto_approve_same_org", Json::Bool(b)) => policy.auto_approve_same_org = *b,
                ("require_steward", Json::Bool(b)) => policy.require_steward = *b,
                ("auto_approve_same_org" | "require_steward", _) => return Err(wrong("true or false")),
                ("quorum_for_restricted", Json::Array(items)) => {
                    policy.quorum_for_restricted = Vec::new();
                    for item in items {
                        let Json::String(name) = item else {
                            return Err(PolicyProblem::WrongType { key, expected: "a list of names", found: item.kind() });
                        };
                        let capacity = match name.trim().to_ascii_lowercase().as_str() {
                            "owner" => Capacity::Owner,
                            "steward" => Capacity::Steward,
                            _ => return Err(PolicyProblem::UnknownCapacity(name.clone())),
                        };
                        if !policy.quorum_for_restricted.contains(&capacity) {
                            policy.quorum_for_restricted.push(capacity);
                        }
                    }
                }
                ("quorum_for_restricted", _) => return Err(wrong("a list of names")),
                ("max_duration_days", Json::Number(n)) => {
                    let whole = n.fract() == 0.0 && (1.0..=f64::from(LONGEST_DURATION_DAYS)).contains(n);
                    if !whole {
                        return Err(PolicyProblem::DurationOutOfRange(n.to_string()));
                    }
                    policy.max_duration_days = *n as u32;
                }
                _ => return Err(wrong("a whole number of days")),
            }
        }
        Ok(policy)
    }

    /// The capacities that must approve a request whose most sensitive column is `highest`:
    /// the restricted quorum when restricted data is asked for and the policy sets one, else an
    /// owner; and a steward besides when the policy requires one for everything.
    pub fn required_approvals(&self, highest: Option<Sensitivity>) -> Vec<Capacity> {
        let mut needed = if highest == Some(Sensitivity::Restricted) && !self.quorum_for_restricted.is_empty() {
            self.quorum_for_restricted.clone()
        } else {
            vec![Capacity::Owner]
        };
        if self.require_steward && !needed.contains(&Capacity::Steward) {
            needed.push(Capacity::Steward);
        }
        needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(approval: Option<&str>) -> Database {
        let mut db = Database { account: "100000000001".into(), name: "customer_profiles".into(), ..Database::default() };
        if let Some(text) = approval {
            db.parameters.insert(params::APPROVAL.into(), text.into());
        }
        db
    }

    #[test]
    fn a_product_without_a_policy_has_owners_approve_for_at_most_a_year() {
        let policy = ApprovalPolicy::of(&product(None)).expect("default");
        assert_eq!(policy, ApprovalPolicy::default());
        assert_eq!(policy.max_duration_days, 365);
        assert_eq!(policy.required_approvals(Some(Sensitivity::Restricted)), vec![Capacity::Owner]);
        assert_eq!(ApprovalPolicy::of(&product(Some("  "))), Ok(ApprovalPolicy::default()));
    }

    #[test]
    fn the_demo_policy_reads_as_written() {
        let text = r#"{"auto_approve_max":"internal","quorum_for_restricted":["owner","steward"],"max_duration_days":180}"#;
        let policy = ApprovalPolicy::of(&product(Some(text))).expect("valid");
        assert_eq!(
            policy,
            ApprovalPolicy {
                auto_approve_max: Some(Sensitivity::Internal),
                auto_approve_same_org: true,
                quorum_for_restricted: vec![Capacity::Owner, Capacity::Steward],
                max_duration_days: 180,
                require_steward: false,
            }
        );
        assert_eq!(policy.required_approvals(Some(Sensitivity::Restricted)), vec![Capacity::Owner, Capacity::Steward]);
        assert_eq!(policy.required_approvals(Some(Sensitivity::Confidential)), vec![Capacity::Owner]);
    }

    #[test]
    fn a_required_steward_joins_every_approval() {
        let policy = ApprovalPolicy::parse(r#"{"require_steward": true, "auto_approve_same_org": false}"#).expect("valid");
        assert!(!policy.auto_approve_same_org);
        assert_eq!(policy.required_approvals(None), vec![Capacity::Owner, Capacity::Steward]);
    }

    #[test]
    fn a_malformed_policy_names_the_product_and_the_problem() {
        let check = |text: &str, message: &str| {
            let error = ApprovalPolicy::of(&product(Some(text))).expect_err(text);
            assert_eq!(
                error.to_string(),
                format!("the approval policy (meshdesk:approval) of 100000000001:customer_profiles is malformed: {message}")
            );
        };
        check("{\"max_duration_days\": 180", "it is not valid JSON (the document ends too early at byte 25)");
        check("[]", "it must be a JSON object");
        check(
            r#"{"auto_aprove_max": "internal"}"#,
            "unknown key \"auto_aprove_max\" (known keys: auto_approve_max, auto_approve_same_org, quorum_for_restricted, max_duration_days, require_steward)",
        );
        check(r#"{"auto_approve_max": "secret"}"#, "auto_approve_max \"secret\" is not a sensitivity (one of public, internal, confidential, restricted)");
        check(r#"{"quorum_for_restricted": ["owner", "cfo"]}"#, "quorum_for_restricted names \"cfo\"; only \"owner\" and \"steward\" can approve");
        check(r#"{"quorum_for_restricted": "owner"}"#, "quorum_for_restricted must be a list of names, not a string");
        check(r#"{"max_duration_days": 0}"#, "max_duration_days 0 must be a whole number of days from 1 to 3650");
        check(r#"{"max_duration_days": 30.5}"#, "max_duration_days 30.5 must be a whole number of days from 1 to 3650");
        check(r#"{"require_steward": "yes"}"#, "require_steward must be true or false, not a string");
    }
}
