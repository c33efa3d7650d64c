//! A plan on screen: the changes (with what is wrong with each), who gains or loses access, and
//! who depends on what changes.

use crate::components::badges::SensitivityChip;
use crate::plan_summary::{PlanSummary, kind_heading, kind_name};
use leptos::prelude::*;
use meshdesk_protocol::{AccessChange, AccessChangeKind, Impact, Plan, PlannedChange};

/// The grants or tag changes a plan makes, as a list of descriptions.
#[component]
pub fn PlannedChanges(changes: Vec<PlannedChange>) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="muted">"No changes."</p> }.into_any();
    }
    let items = changes
        .into_iter()
        .enumerate()
        .map(|(index, c)| view! { <li class="plan-change" data-index=index>{c.description}</li> })
        .collect_view();
    view! { <ol class="plan-changes">{items}</ol> }.into_any()
}

#[component]
pub fn PlanView(plan: Plan) -> impl IntoView {
    let summary = PlanSummary::of(&plan);
    let problem_count = summary.problem_count();
    let changes = summary
        .changes
        .into_iter()
        .map(|line| {
            let refused = !line.problems.is_empty();
            let problems = line
                .problems
                .into_iter()
                .map(|p| view! { <div class="plan-problem" role="alert">{p}</div> })
                .collect_view();
            view! {
                <li class="plan-change" class:refused=refused data-index=line.index>
                    <span>{line.description}</span>
                    {problems}
                </li>
            }
        })
        .collect_view();
    let general = summary
        .general_problems
        .into_iter()
        .map(|p| view! { <div class="plan-problem" role="alert">{p}</div> })
        .collect_view();
    let verdict = if problem_count > 0 {
        view! { <p class="plan-verdict refused">{format!("{problem_count} problem(s): fix or remove those changes.")}</p> }
            .into_any()
    } else {
        view! { <p class="plan-verdict">"No problems found."</p> }.into_any()
    };
    let no_effect = summary.gained.is_empty() && summary.lost.is_empty() && summary.rows_changed.is_empty();
    let impact = plan.impact.clone();
    view! {
        <div class="plan" id="plan">
            <h3>"Changes"</h3>
            <ol class="plan-changes">{changes}</ol>
            {general}
            {verdict}
            <h3>"Effect on access"</h3>
            {no_effect.then(|| view! { <p class="muted">"Nobody gains or loses access."</p> })}
            <AccessChanges kind=AccessChangeKind::Gained changes=summary.gained/>
            <AccessChanges kind=AccessChangeKind::Lost changes=summary.lost/>
            <AccessChanges kind=AccessChangeKind::RowsChanged changes=summary.rows_changed/>
            <ImpactList impact/>
        </div>
    }
}

/// Consumers and downstream products a sensitivity change or a revocation affects, per change.
#[component]
pub fn ImpactList(impact: Vec<Impact>) -> impl IntoView {
    if impact.is_empty() {
        return ().into_any();
    }
    let rows = impact
        .into_iter()
        .map(|i| {
            view! {
                <li class="impact" data-change=i.change data-who=i.consumer.who.clone()>
                    <span class="grantee">{format!("change {}", i.change + 1)}</span>
                    <span>{i.consumer.description}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section id="plan-impact" class="impact-list">
            <h3>"Who depends on what changes"</h3>
            <ul>{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn AccessChanges(kind: AccessChangeKind, changes: Vec<AccessChange>) -> impl IntoView {
    if changes.is_empty() {
        return ().into_any();
    }
    let rows = changes
        .into_iter()
        .map(|c| {
            view! {
                <li class="access-change" data-change=kind_name(kind)>
                    <span class="grantee">{c.grantee}</span>
                    <code>{format!("{}.{}", c.table, c.column)}</code>
                    <SensitivityChip value=c.sensitivity/>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="access-changes" data-change=kind_name(kind)>
            <h4>{kind_heading(kind)}</h4>
            <ul>{rows}</ul>
        </section>
    }
    .into_any()
}
