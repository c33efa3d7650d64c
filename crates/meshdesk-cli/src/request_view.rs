//! Share requests as text: a one-paragraph summary after a decision, the full request with its
//! columns, approvals and timeline, the list, and the preview of a draft.

use crate::output::{Paint, Style};
use crate::table::{Cell, Table};
use crate::wording;
use meshdesk_protocol::{RequestAction, RequestPreview, RequestStatus, RequestView, RequestedColumn};

/// "req-0007 is pending: it waits for the steward (lee@…)." and what happens next.
pub fn summary(v: &RequestView, paint: &Paint) -> String {
    let status = wording::status(v.status).painted(paint);
    let mut out = format!("{} is {status}", paint.bold(&v.id));
    match v.status {
        RequestStatus::Pending if !v.approvals_needed.is_empty() => {
            out.push_str(&format!(": it waits for {}.", v.approvals_needed.join(" and ")));
        }
        RequestStatus::Approved => match &v.last_error {
            Some(error) => out.push_str(&format!(
                ": the grant could not be made ({error}). `meshdesk retry {}` tries again; `meshdesk reconcile` finishes every such request.",
                v.id
            )),
            None => out.push_str(": the grant is being made."),
        },
        RequestStatus::Provisioned => {
            let until = v.expires_at.map(|e| format!(" until {}", wording::time(e))).unwrap_or_default();
            out.push_str(&format!(": {} can read it{until} (grants {}).", v.principal, wording::list(&v.grant_ids)));
        }
        _ => out.push('.'),
    }
    out.push_str(&consumer_side(v));
    if let Some(reason) = v.decisions.last().and_then(|d| d.reason.as_ref()) {
        out.push_str(&format!("\nReason: {reason}"));
    }
    let actions = actions(&v.actions);
    if !actions.is_empty() {
        out.push_str(&format!("\n{}", paint.dim(&format!("You may now: {actions}."))));
    }
    out
}

/// Where the consumer reaches the data in their own catalog, or why that is not made yet.
fn consumer_side(v: &RequestView) -> String {
    if let Some(why) = &v.consumer_pending {
        return format!("\nConsumer side pending: {why}");
    }
    if v.status != RequestStatus::Provisioned || v.links.is_empty() {
        return String::new();
    }
    let names: Vec<String> = v.links.iter().map(|l| format!("{} (→ {})", l.qualified(), l.table)).collect();
    format!("\nReachable in account {}'s catalog as {}.", v.links[0].account, names.join(", "))
}

fn actions(actions: &[RequestAction]) -> String {
    actions
        .iter()
        .map(|a| match a {
            RequestAction::Approve => "approve",
            RequestAction::Reject => "reject",
            RequestAction::Withdraw => "withdraw",
            RequestAction::Revoke => "revoke",
            RequestAction::Extend => "extend",
            RequestAction::Retry => "retry",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn columns_table(columns: &[RequestedColumn], paint: &Paint) -> String {
    let mut t = Table::new(&["TABLE", "COLUMN", "SENSITIVITY", "FROM"]).indented(2);
    for c in columns {
        t.row(vec![
            c.table.as_str().into(),
            c.column.as_str().into(),
            wording::effective(c.sensitivity),
            wording::source(c.sensitivity),
        ]);
    }
    t.render(paint)
}

/// Everything about one request.
pub fn render(v: &RequestView, paint: &Paint) -> String {
    let mut out = summary(v, paint);
    out.push_str("\n\n");
    let mut fields: Vec<(&str, String)> = vec![
        ("product", v.product.to_string()),
        ("requester", format!("{} ({})", v.requester_name, v.requester)),
        ("principal", v.principal.clone()),
        ("permissions", wording::permissions(&v.permissions)),
        ("rows", v.row_filter.clone().map_or_else(|| "all rows".to_owned(), |f| format!("where {f}"))),
        ("duration", format!("{} days", v.duration_days)),
        ("justification", v.justification.clone()),
        ("asked", wording::time(v.created_at)),
        ("highest sensitivity", wording::sensitivity(v.highest).painted(paint)),
    ];
    if let Some(original) = &v.extends {
        fields.push(("extends", original.clone()));
    }
    for (label, value) in fields {
        out.push_str(&format!("  {:<20} {value}\n", format!("{label}:")));
    }
    out.push_str(&format!("\n{}\n", paint.bold("Columns")));
    out.push_str(&columns_table(&v.columns, paint));
    if !v.decisions.is_empty() {
        out.push_str(&format!("\n{}\n", paint.bold("Decisions")));
        let mut t = Table::new(&["WHEN", "WHO", "AS", "VERDICT", "REASON"]).indented(2);
        for d in &v.decisions {
            t.row(vec![
                wording::time(d.at).into(),
                format!("{} ({})", d.by_name, d.by).into(),
                d.capacity.as_str().into(),
                d.verdict.as_str().into(),
                d.reason.clone().unwrap_or_default().into(),
            ]);
        }
        out.push_str(&t.render(paint));
    }
    if !v.plan.is_empty() {
        let heading = if v.status == RequestStatus::Pending { "Grants an approval makes" } else { "Grants" };
        out.push_str(&format!("\n{}\n", paint.bold(heading)));
        for p in &v.plan {
            out.push_str(&format!("  - {}\n", p.description));
        }
    }
    out
}

pub fn render_list(views: &[RequestView], paint: &Paint) -> String {
    if views.is_empty() {
        return "No request here. `meshdesk requests --inbox` shows the ones you may decide; `--all` every one."
            .to_owned();
    }
    let mut t =
        Table::new(&["ID", "STATUS", "PRODUCT", "REQUESTER", "COLUMNS", "HIGHEST", "ASKED", "WAITS FOR / ENDS"]);
    for v in views {
        let next = match v.status {
            RequestStatus::Pending => v.approvals_needed.join(" and "),
            RequestStatus::Provisioned => {
                v.expires_at.map(|e| format!("ends {}", wording::date(e))).unwrap_or_default()
            }
            RequestStatus::Approved => v.last_error.clone().map(|e| format!("grant failed: {e}")).unwrap_or_default(),
            _ => String::new(),
        };
        t.row(vec![
            v.id.as_str().into(),
            wording::status(v.status),
            v.product.to_string().into(),
            v.requester.as_str().into(),
            v.columns.len().to_string().into(),
            wording::sensitivity(v.highest),
            wording::date(v.created_at).into(),
            next.into(),
        ]);
    }
    t.render(paint)
}

pub fn render_preview(p: &RequestPreview, paint: &Paint) -> String {
    let mut out = format!("{}\n", paint.bold("Preview: nothing was sent"));
    out.push_str(&columns_table(&p.columns, paint));
    out.push('\n');
    let approval = if p.auto_approve {
        Cell::styled(format!("at once: {}", p.auto_approve_reason), Some(Style::Green))
    } else {
        Cell::from(format!("by people: {}", p.auto_approve_reason))
    };
    let fields: [(&str, String); 4] = [
        ("highest sensitivity", wording::sensitivity(p.highest).painted(paint)),
        ("approved", approval.painted(paint)),
        ("approvals needed", wording::list(&p.approvals_needed)),
        ("longest allowed", format!("{} days", p.max_duration_days)),
    ];
    for (label, value) in fields {
        out.push_str(&format!("  {:<20} {value}\n", format!("{label}:")));
    }
    if !p.plan.is_empty() {
        out.push_str(&format!("\n{}\n", paint.bold("Grants an approval makes")));
        for change in &p.plan {
            out.push_str(&format!("  - {}\n", change.description));
        }
    }
    out
}
