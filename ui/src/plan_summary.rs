//! A plan arranged for reading: each change with its problems, and the access it gains or loses.

use meshdesk_protocol::{AccessChange, AccessChangeKind, Plan};

/// One change of the plan and what is wrong with it, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub index: usize,
    pub description: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub changes: Vec<ChangeLine>,
    /// Problems that name no change of the plan (a reply is not trusted to index correctly).
    pub general_problems: Vec<String>,
    pub gained: Vec<AccessChange>,
    pub lost: Vec<AccessChange>,
    pub rows_changed: Vec<AccessChange>,
}

impl PlanSummary {
    pub fn of(plan: &Plan) -> Self {
        let mut changes: Vec<ChangeLine> = plan
            .changes
            .iter()
            .enumerate()
            .map(|(index, c)| ChangeLine { index, description: c.description.clone(), problems: Vec::new() })
            .collect();
        let mut general_problems = Vec::new();
        for problem in &plan.problems {
            match changes.get_mut(problem.change as usize) {
                Some(line) => line.problems.push(problem.message.clone()),
                None => general_problems.push(problem.message.clone()),
            }
        }
        let of_kind = |kind: AccessChangeKind| -> Vec<AccessChange> {
            let mut list: Vec<AccessChange> =
                plan.access_changes.iter().filter(|c| c.change == kind).cloned().collect();
            // Most sensitive first: that is what a reviewer must not miss.
            list.sort_by(|a, b| b.sensitivity.cmp(&a.sensitivity).then_with(|| a.grantee.cmp(&b.grantee)));
            list
        };
        Self {
            changes,
            general_problems,
            gained: of_kind(AccessChangeKind::Gained),
            lost: of_kind(AccessChangeKind::Lost),
            rows_changed: of_kind(AccessChangeKind::RowsChanged),
        }
    }

    pub fn problem_count(&self) -> usize {
        self.general_problems.len() + self.changes.iter().map(|c| c.problems.len()).sum::<usize>()
    }

    /// A plan can be applied when it changes something and nothing in it is refused.
    pub fn can_apply(&self) -> bool {
        !self.changes.is_empty() && self.problem_count() == 0
    }
}

/// The `data-change` value and heading of an access change kind.
pub fn kind_name(kind: AccessChangeKind) -> &'static str {
    match kind {
        AccessChangeKind::Gained => "gained",
        AccessChangeKind::Lost => "lost",
        AccessChangeKind::RowsChanged => "rows_changed",
    }
}

pub fn kind_heading(kind: AccessChangeKind) -> &'static str {
    match kind {
        AccessChangeKind::Gained => "Gains access",
        AccessChangeKind::Lost => "Loses access",
        AccessChangeKind::RowsChanged => "Reads different rows",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::{PlanProblem, PlannedChange, PolicyChange, Sensitivity, TableRef};

    fn change(description: &str) -> PlannedChange {
        PlannedChange { change: PolicyChange::Revoke { grant_id: description.into() }, description: description.into() }
    }

    fn access(grantee: &str, kind: AccessChangeKind, sensitivity: Option<Sensitivity>) -> AccessChange {
        AccessChange {
            grantee: grantee.into(),
            table: TableRef::new("1", "d", "t"),
            column: "c".into(),
            change: kind,
            sensitivity,
        }
    }

    #[test]
    fn problems_are_attached_to_the_change_they_name() {
        let plan = Plan {
            changes: vec![change("grant a"), change("grant b")],
            problems: vec![
                PlanProblem { change: 1, message: "grantable across accounts".into() },
                PlanProblem { change: 7, message: "stray".into() },
            ],
            access_changes: vec![],
            impact: vec![],
        };
        let summary = PlanSummary::of(&plan);
        assert!(summary.changes[0].problems.is_empty());
        assert_eq!(summary.changes[1].problems, vec!["grantable across accounts"]);
        assert_eq!(summary.general_problems, vec!["stray"]);
        assert_eq!(summary.problem_count(), 2);
        assert!(!summary.can_apply());
    }

    #[test]
    fn a_clean_plan_can_be_applied_but_an_empty_one_cannot() {
        let clean = Plan { changes: vec![change("grant a")], problems: vec![], access_changes: vec![], impact: vec![] };
        assert!(PlanSummary::of(&clean).can_apply());
        let empty = Plan { changes: vec![], problems: vec![], access_changes: vec![], impact: vec![] };
        assert!(!PlanSummary::of(&empty).can_apply());
    }

    #[test]
    fn access_changes_are_grouped_by_kind_most_sensitive_first() {
        let plan = Plan {
            changes: vec![change("x")],
            problems: vec![],
            access_changes: vec![
                access("a", AccessChangeKind::Gained, Some(Sensitivity::Internal)),
                access("b", AccessChangeKind::Lost, None),
                access("c", AccessChangeKind::Gained, Some(Sensitivity::Restricted)),
                access("d", AccessChangeKind::RowsChanged, None),
            ],
            impact: vec![],
        };
        let summary = PlanSummary::of(&plan);
        assert_eq!(summary.gained.iter().map(|c| c.grantee.as_str()).collect::<Vec<_>>(), vec!["c", "a"]);
        assert_eq!(summary.lost.len(), 1);
        assert_eq!(summary.rows_changed.len(), 1);
        assert_eq!(kind_name(AccessChangeKind::RowsChanged), "rows_changed");
    }
}
