//! Stewards' findings: `findings` lists what should be looked at (exit 3 when there is any, so
//! CI can gate on it) and `repair` applies the repair Meshdesk proposes for one, once confirmed.

use crate::confirm::confirm;
use crate::output::{Paint, note, print_stdout};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::wording;
use meshdesk_protocol::{ApiError, FindingView, Severity};

#[derive(Debug, clap::Args)]
#[command(after_help = "Drift between approved requests and real grants, grants with grant option across accounts,
access past its end, restricted data open to broad principals, write-optimised formats, accounts
whose data lake settings let IAM_ALLOWED_PRINCIPALS bypass Lake Formation.
Exits 3 when there are findings.

Examples:
  meshdesk findings
  meshdesk findings --json | jq '.[] | select(.severity == \"high\")'")]
pub struct FindingsArgs {}

pub fn findings(s: &Session<impl Backend>, _args: FindingsArgs) -> Result<Outcome, Failure> {
    let findings = s.mesh.findings(s.now)?;
    s.out.show(&findings, |f, paint| render(f, paint))?;
    Ok(Outcome::problems_if(!findings.is_empty()))
}

fn render(findings: &[FindingView], paint: &Paint) -> String {
    if findings.is_empty() {
        return "No findings: grants, requests and policy agree.".to_owned();
    }
    let mut out = String::new();
    for f in findings {
        let severity = wording::severity(f.severity);
        let pad = " ".repeat(8usize.saturating_sub(severity.width()));
        out.push_str(&format!(
            "{}{pad}{}
",
            severity.painted(paint),
            paint.bold(&f.id)
        ));
        out.push_str(&format!(
            "        {}
",
            f.explanation
        ));
        if !f.repair.is_empty() {
            out.push_str(&format!(
                "        {}
",
                paint.dim(&format!("repair: meshdesk repair {}", f.id))
            ));
        }
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "\n{} findings: {} high, {} medium, {} low",
        findings.len(),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low)
    ));
    out
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Shows the repair, then applies it once confirmed, as one audited action. Stewards repair
anything; owners repair what touches their products.

Examples:
  meshdesk --as lee findings
  meshdesk --as lee repair FINDING_ID --yes")]
pub struct RepairArgs {
    /// The finding, as `meshdesk findings` names it
    #[arg(value_name = "FINDING_ID")]
    finding: String,
    /// Apply without asking (needed when stdin is not a terminal)
    #[arg(long)]
    yes: bool,
}

pub fn repair(s: &Session<impl Backend>, args: RepairArgs) -> Result<Outcome, Failure> {
    let all = s.mesh.findings(s.now)?;
    let finding = all.iter().find(|f| f.id == args.finding).ok_or_else(|| {
        ApiError::not_found(format!(
            "no finding '{}' now: it may have been repaired already; `meshdesk findings` lists the current ones",
            args.finding
        ))
    })?;
    if !finding.repair.is_empty() {
        let mut text = format!("{}: {}\nThe repair:\n", finding.id, finding.explanation);
        for change in &finding.repair {
            text.push_str(&format!("  - {}\n", change.description));
        }
        if s.out.json {
            if !args.yes {
                note(&text);
            }
        } else {
            print_stdout(&text)?;
        }
        confirm(&format!("repair {}", finding.id), args.yes, "`meshdesk findings` shows every repair")?;
    }
    let plan = s.mesh.repair_finding(&finding.id, s.now)?;
    s.out.show(&plan, |p, _| {
        format!(
            "Repaired {}: {} change{} applied.",
            finding.id,
            p.changes.len(),
            if p.changes.len() == 1 { "" } else { "s" }
        )
    })?;
    Ok(Outcome::Done)
}
