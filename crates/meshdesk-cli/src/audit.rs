//! The audit log: `audit log` (the timeline, filtered), `audit verify` (the hash chain) and
//! `audit export` (evidence as CSV or JSON).

use crate::output::{Paint, Style, note};
use crate::parse;
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::table::{Cell, Table};
use crate::wording;
use clap::Subcommand;
use meshdesk_protocol::{ApiError, AuditPage, AuditQuery, ExportFormat, ExportKind, VerifyReport};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// The audit timeline, newest first
    #[command(after_help = "Examples:
  meshdesk audit log --request req-0001
  meshdesk audit log --actor lee --action request. --limit 20
  meshdesk audit log --target customer_profiles --json | jq '.events[].action'")]
    Log(LogArgs),
    /// Check the audit log's hash chain; exit 3 if it was tampered with
    #[command(after_help = "Every event carries the hash of the one before it: an edited, inserted, reordered or
deleted event breaks the chain, and the first broken event is named.

Examples:
  meshdesk audit verify || echo 'the audit log was tampered with'")]
    Verify,
    /// Export evidence as CSV or JSON, to a file or stdout
    #[command(after_help = "Meshdesk also keeps a copy in the exports folder of its data directory, and says where on
stderr.

Examples:
  meshdesk audit export --kind access-matrix --format csv --output access.csv
  meshdesk audit export --kind audit-log --format json | jq length")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Events by this identity (its id, or part of its name)
    #[arg(long, value_name = "A")]
    actor: Option<String>,
    /// Events whose action starts with this, e.g. `request.` or `policy.applied`
    #[arg(long, value_name = "PREFIX")]
    action: Option<String>,
    /// Events whose target contains this
    #[arg(long, value_name = "T")]
    target: Option<String>,
    /// Events of this share request
    #[arg(long = "request", value_name = "ID")]
    request_id: Option<String>,
    /// At most this many events [default: 100, at most 1000]
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// Skip this many events (for paging)
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: u32,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(long, value_name = "KIND", value_parser = parse::export_kinds())]
    kind: ExportKind,
    /// In which format
    #[arg(long, value_name = "F", value_parser = parse::export_formats())]
    format: ExportFormat,
    /// Write the export to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn audit(s: &Session<impl Backend>, command: AuditCommand) -> Result<Outcome, Failure> {
    match command {
        AuditCommand::Log(args) => {
            let query = AuditQuery {
                actor: args.actor,
                action: args.action,
                target: args.target,
                request_id: args.request_id,
                from: None,
                to: None,
                offset: args.offset,
                limit: args.limit.unwrap_or(0),
            };
            let page = s.mesh.audit_events(&query)?;
            s.out.show(&page, render_log)?;
            Ok(Outcome::Done)
        }
        AuditCommand::Verify => {
            let report = s.mesh.verify_audit()?;
            s.out.show(&report, render_verify)?;
            Ok(Outcome::problems_if(!report.intact))
        }
        AuditCommand::Export(args) => {
            let export = s.mesh.export(args.kind, args.format, s.now)?;
            if let Some(path) = &args.output {
                std::fs::write(path, &export.content).map_err(|e| {
                    ApiError::unavailable(format!("could not write the export to {}: {e}", path.display()))
                })?;
                note(&format!("Wrote {}", path.display()));
            }
            // The content goes to stdout unless it went to a file; `--json` always prints the
            // export document (which carries the content too).
            if s.out.json || args.output.is_none() {
                s.out.show(&export, |e, _| e.content.clone())?;
            }
            note(&format!("Meshdesk saved a copy to {}", export.saved_to));
            Ok(Outcome::Done)
        }
    }
}

fn render_log(page: &AuditPage, paint: &Paint) -> String {
    if page.events.is_empty() {
        return "No audit event matches.".to_owned();
    }
    let mut t = Table::new(&["SEQ", "WHEN", "ACTOR", "ACTION", "TARGET", "REQUEST"]);
    for e in &page.events {
        t.row(vec![
            e.seq.to_string().into(),
            wording::time(e.at).into(),
            e.actor.as_str().into(),
            e.action.as_str().into(),
            e.target.as_str().into(),
            e.request_id.clone().unwrap_or_default().into(),
        ]);
    }
    let shown = page.events.len();
    format!("{}{}", t.render(paint), paint.dim(&format!("{shown} of {} events", page.total)))
}

fn render_verify(report: &VerifyReport, paint: &Paint) -> String {
    if report.intact {
        let ok = Cell::styled("intact", Some(Style::Green)).painted(paint);
        format!("The audit log is {ok}: {} events checked.", report.events_checked)
    } else {
        let bad = Cell::styled("has been tampered with", Some(Style::Red)).painted(paint);
        let at = report.problem_seq.map(|s| format!(" at event {s}")).unwrap_or_default();
        format!("The audit log {bad}{at}: {}.", report.problem.as_deref().unwrap_or("the chain is broken"))
    }
}
