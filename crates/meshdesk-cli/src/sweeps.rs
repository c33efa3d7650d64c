//! The sweeps that keep requests and grants in step, for scheduled jobs: `reconcile` finishes
//! approved requests whose grants were not made; `expire` revokes access past its end. Both exit
//! 3 when something could not be completed.

use crate::output::{Paint, Style};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::table::{Cell, Table};
use meshdesk_protocol::ReconcileReport;

#[derive(Debug, clap::Args)]
#[command(after_help = "Without --apply, lists what is out of step: approved requests whose grants were not made
(a crash or a failure between \"approved\" and \"provisioned\"), and requests past their end
whose grants remain; exits 3 when there is any. With --apply, makes those grants (idempotently)
and expires those requests, revoking their grants; exits 3 when some could not be completed.
Meshdesk also finishes provisioning each time it opens the mesh.

Examples:
  meshdesk reconcile
  meshdesk --as lee reconcile --apply
  meshdesk reconcile --json | jq '.failed'")]
pub struct ReconcileArgs {
    /// Make the missing grants and expire what is due
    #[arg(long)]
    apply: bool,
}

pub fn reconcile(s: &Session<impl Backend>, args: ReconcileArgs) -> Result<Outcome, Failure> {
    if !args.apply {
        let plan = s.mesh.reconcile_plan(s.now)?;
        s.out.show(&plan, |r, paint| render_plan(r, paint))?;
        return Ok(Outcome::problems_if(!plan.completed.is_empty() || !plan.expired.is_empty()));
    }
    let report = s.mesh.reconcile(s.now)?;
    s.out.show(&report, |r, paint| render(r, "expired", paint))?;
    Ok(Outcome::problems_if(!report.failed.is_empty()))
}

fn render_plan(r: &ReconcileReport, paint: &Paint) -> String {
    if r.completed.is_empty() && r.expired.is_empty() {
        return "Nothing to do: requests and grants are in step.".to_owned();
    }
    let mut t = Table::new(&["REQUEST", "OUT OF STEP"]);
    for id in &r.completed {
        t.row(vec![id.as_str().into(), Cell::styled("approved, grants not made (--apply makes them)", Some(Style::Yellow))]);
    }
    for id in &r.expired {
        t.row(vec![id.as_str().into(), Cell::styled("past its end, still granted (--apply expires it)", Some(Style::Yellow))]);
    }
    t.render(paint)
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Without --apply, only lists the requests whose access has ended. Exits 3 when some could
not be expired.

Examples:
  meshdesk expire
  meshdesk --as lee expire --apply")]
pub struct ExpireArgs {
    /// Revoke the grants and record each request expired
    #[arg(long)]
    apply: bool,
}

pub fn expire(s: &Session<impl Backend>, args: ExpireArgs) -> Result<Outcome, Failure> {
    let report = s.mesh.expire(s.now, args.apply)?;
    let verb = if args.apply { "expired" } else { "due to expire (run with --apply)" };
    s.out.show(&report, |r, paint| render(r, verb, paint))?;
    Ok(Outcome::problems_if(!report.failed.is_empty()))
}

fn render(r: &ReconcileReport, expired: &str, paint: &Paint) -> String {
    if r.completed.is_empty() && r.expired.is_empty() && r.failed.is_empty() && r.audited.is_empty() {
        return "Nothing to do: requests and grants are in step.".to_owned();
    }
    let audited: String = r
        .audited
        .iter()
        .map(|e| format!("Recorded the missing audit event of an interrupted apply: {e}\n"))
        .collect();
    if r.completed.is_empty() && r.expired.is_empty() && r.failed.is_empty() {
        return audited.trim_end().to_owned();
    }
    let mut t = Table::new(&["REQUEST", "OUTCOME"]);
    for id in &r.completed {
        t.row(vec![id.as_str().into(), Cell::styled("completed", Some(Style::Green))]);
    }
    for id in &r.expired {
        t.row(vec![id.as_str().into(), Cell::styled(expired, Some(Style::Yellow))]);
    }
    for (id, reason) in &r.failed {
        t.row(vec![id.as_str().into(), Cell::styled(format!("failed: {reason}"), Some(Style::Red))]);
    }
    format!("{audited}{}", t.render(paint))
}
