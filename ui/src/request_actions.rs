//! What can be done with a request: the action buttons, the input each asks for, the `Decide`
//! it sends, and how a refusal is told to the user.

use meshdesk_protocol::{ApiError, Decide, ErrorCode, RequestAction};

/// The order the buttons appear in, whatever order the backend lists them in.
const ORDER: [RequestAction; 6] = [
    RequestAction::Approve,
    RequestAction::Reject,
    RequestAction::Retry,
    RequestAction::Extend,
    RequestAction::Revoke,
    RequestAction::Withdraw,
];

/// The actions to show, in a stable order.
pub fn ordered(actions: &[RequestAction]) -> Vec<RequestAction> {
    ORDER.into_iter().filter(|a| actions.contains(a)).collect()
}

/// The button's DOM id.
pub fn button_id(action: RequestAction) -> &'static str {
    match action {
        RequestAction::Approve => "approve-request",
        RequestAction::Reject => "reject-request",
        RequestAction::Withdraw => "withdraw-request",
        RequestAction::Revoke => "revoke-request",
        RequestAction::Extend => "extend-request",
        RequestAction::Retry => "retry-request",
    }
}

pub fn label(action: RequestAction) -> &'static str {
    match action {
        RequestAction::Approve => "Approve",
        RequestAction::Reject => "Reject…",
        RequestAction::Withdraw => "Withdraw",
        RequestAction::Revoke => "Revoke…",
        RequestAction::Extend => "Extend…",
        RequestAction::Retry => "Retry provisioning",
    }
}

/// What the page says once the action went through.
pub fn done_text(action: RequestAction) -> &'static str {
    match action {
        RequestAction::Approve => "Approved.",
        RequestAction::Reject => "Rejected.",
        RequestAction::Withdraw => "Withdrawn.",
        RequestAction::Revoke => "Revoked: the grants are removed.",
        RequestAction::Extend => "Extension requested: it is a new request that needs approval.",
        RequestAction::Retry => "Provisioning retried.",
    }
}

/// What the user must give before the action is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Reason,
    Extension,
}

pub fn needs(action: RequestAction) -> Needs {
    match action {
        RequestAction::Reject | RequestAction::Revoke => Needs::Reason,
        RequestAction::Extend => Needs::Extension,
        RequestAction::Approve | RequestAction::Withdraw | RequestAction::Retry => Needs::Nothing,
    }
}

/// What the decision panel's fields hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionForm {
    pub reason: String,
    pub days: String,
    pub justification: String,
}

/// What is missing from the decision panel for the action chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A rejection or revocation without a reason.
    Reason,
    /// An extension whose days are not a whole number of at least 1.
    Days,
    /// An extension without a justification.
    Justification,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Missing::Reason => "Give a reason: the requester and the audit log read it.",
            Missing::Days => "The extension is a whole number of days, at least 1.",
            Missing::Justification => "Say why the access is still needed.",
        })
    }
}

/// The decision to send, or what is missing from the panel.
pub fn decision(action: RequestAction, form: &DecisionForm) -> Result<Decide, Missing> {
    let reason = form.reason.trim().to_owned();
    match action {
        RequestAction::Approve => Ok(Decide::Approve),
        RequestAction::Withdraw => Ok(Decide::Withdraw),
        RequestAction::Retry => Ok(Decide::Retry),
        RequestAction::Reject | RequestAction::Revoke if reason.is_empty() => {
            Err(Missing::Reason)
        }
        RequestAction::Reject => Ok(Decide::Reject { reason }),
        RequestAction::Revoke => Ok(Decide::Revoke { reason }),
        RequestAction::Extend => {
            let days = match form.days.trim().parse::<u32>() {
                Ok(days) if days > 0 => days,
                _ => return Err(Missing::Days),
            };
            let justification = form.justification.trim().to_owned();
            if justification.is_empty() {
                return Err(Missing::Justification);
            }
            Ok(Decide::Extend { days, justification })
        }
    }
}

/// How a failed decision is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request moved since it was shown: it is reloaded and the user decides again.
    Stale,
    /// The identity may not do this; the backend's message says why.
    Forbidden(String),
    /// Anything else, for the error banner.
    Failed(ApiError),
}

pub const STALE_MESSAGE: &str = "Someone else changed this request; reloaded. Check it and decide again.";

pub fn refusal(error: ApiError) -> Refusal {
    match error.code {
        ErrorCode::Conflict => Refusal::Stale,
        ErrorCode::Forbidden => Refusal::Forbidden(error.message),
        _ => Refusal::Failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(reason: &str, days: &str, justification: &str) -> DecisionForm {
        DecisionForm { reason: reason.into(), days: days.into(), justification: justification.into() }
    }

    #[test]
    fn buttons_come_in_a_stable_order() {
        let shown = ordered(&[RequestAction::Withdraw, RequestAction::Reject, RequestAction::Approve]);
        assert_eq!(shown, vec![RequestAction::Approve, RequestAction::Reject, RequestAction::Withdraw]);
        assert_eq!(button_id(RequestAction::Retry), "retry-request");
    }

    #[test]
    fn approving_withdrawing_and_retrying_need_nothing_more() {
        let empty = DecisionForm::default();
        assert_eq!(decision(RequestAction::Approve, &empty), Ok(Decide::Approve));
        assert_eq!(decision(RequestAction::Withdraw, &empty), Ok(Decide::Withdraw));
        assert_eq!(decision(RequestAction::Retry, &empty), Ok(Decide::Retry));
    }

    #[test]
    fn rejecting_and_revoking_need_a_reason() {
        assert_eq!(needs(RequestAction::Reject), Needs::Reason);
        assert!(decision(RequestAction::Reject, &form("  ", "", "")).is_err());
        assert_eq!(
            decision(RequestAction::Revoke, &form(" left the team ", "", "")),
            Ok(Decide::Revoke { reason: "left the team".into() })
        );
    }

    #[test]
    fn extending_needs_days_and_a_justification() {
        assert_eq!(needs(RequestAction::Extend), Needs::Extension);
        assert!(decision(RequestAction::Extend, &form("", "0", "still needed")).is_err());
        assert!(decision(RequestAction::Extend, &form("", "30", " ")).is_err());
        assert_eq!(
            decision(RequestAction::Extend, &form("", "30", "quarter close")),
            Ok(Decide::Extend { days: 30, justification: "quarter close".into() })
        );
    }

    #[test]
    fn a_conflict_reloads_and_a_refusal_keeps_the_backends_words() {
        assert_eq!(refusal(ApiError::conflict("version 3 is not 4")), Refusal::Stale);
        assert_eq!(
            refusal(ApiError::forbidden("you cannot approve your own request")),
            Refusal::Forbidden("you cannot approve your own request".into())
        );
        assert!(matches!(refusal(ApiError::unavailable("locked")), Refusal::Failed(_)));
    }
}
