//! Findings as the Audit page lists them: the most severe first, each with its repair button.

use meshdesk_protocol::{FindingView, Severity};

/// Most severe first; within a severity, by kind then target so the list does not jump.
pub fn ordered(mut findings: Vec<FindingView>) -> Vec<FindingView> {
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| (&a.kind, &a.target).cmp(&(&b.kind, &b.target))));
    findings
}

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
    }
}

/// The repair button's DOM id: `repair-` and the finding's id with anything but letters, digits,
/// `-` and `_` replaced, so that it stays a usable CSS selector.
pub fn repair_button_id(finding_id: &str) -> String {
    let safe: String =
        finding_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    format!("repair-{safe}")
}

/// `grantable_cross_account` → "grantable cross account".
pub fn kind_label(kind: &str) -> String {
    kind.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, kind: &str, severity: Severity) -> FindingView {
        FindingView {
            id: id.into(),
            kind: kind.into(),
            severity,
            target: "t".into(),
            explanation: String::new(),
            repair: vec![],
        }
    }

    #[test]
    fn the_most_severe_findings_come_first() {
        let list = ordered(vec![
            finding("a", "drift_unexplained_grant", Severity::Low),
            finding("b", "grantable_cross_account", Severity::High),
            finding("c", "restricted_to_broad_principal", Severity::Medium),
        ]);
        assert_eq!(list.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), vec!["b", "c", "a"]);
    }

    #[test]
    fn repair_ids_are_safe_selectors() {
        assert_eq!(repair_button_id("f-12"), "repair-f-12");
        assert_eq!(repair_button_id("grant:4/x y"), "repair-grant-4-x-y");
        assert_eq!(kind_label("grantable_cross_account"), "grantable cross account");
        assert_eq!(severity_name(Severity::High), "high");
    }
}
