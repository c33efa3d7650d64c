//! `meshdesk accounts`: every account of the mesh and how it stands — read, shown from the
//! cache, or failed and why — with what to know about its view, as the window's Accounts
//! section shows it.

use crate::output::{Paint, Style};
use crate::session::{Failure, Outcome, Session};
use crate::table::{Cell, Table};
use meshdesk_api::Backend;
use meshdesk_protocol::{AccountState, MeshKind, MeshStatus};

#[derive(Debug, clap::Args)]
#[command(after_help = "On an AWS mesh each account is read with its profile: `loaded` since this run read it (see
`meshdesk refresh`), `cached` when shown from the last refresh, `failed` with the error and whether
its last known catalog is still shown. Warnings say when the view may be partial (your role lacks
DESCRIBE on some resources) and when an account's data lake settings let IAM_ALLOWED_PRINCIPALS
bypass Lake Formation. Exits 3 when an account failed.

Examples:
  meshdesk accounts
  meshdesk --mesh ~/.config/meshdesk/mesh.toml accounts --json | jq '.accounts[] | select(.state.state == \"failed\")'")]
pub struct AccountsArgs {}

pub fn accounts(s: &Session<impl Backend>, _args: AccountsArgs) -> Result<Outcome, Failure> {
    let status = s.mesh.mesh_status()?;
    s.out.show(&status, render)?;
    Ok(Outcome::problems_if(status.failed() > 0))
}

/// The state's word and colour, and its detail.
fn state(state: &AccountState) -> (Cell, String) {
    let holds = crate::progress::holds;
    match state {
        AccountState::Sandbox { databases, tables, grants } => {
            (Cell::styled("sandbox", Some(Style::Blue)), holds(*databases, *tables, *grants))
        }
        AccountState::Loaded { databases, tables, grants } => {
            (Cell::styled("loaded", Some(Style::Green)), holds(*databases, *tables, *grants))
        }
        AccountState::Cached => (Cell::styled("cached", Some(Style::Yellow)), "shown from the local cache".to_owned()),
        AccountState::Failed { kind, message, cached } => (
            Cell::styled("failed", Some(Style::Red)),
            format!("{kind}: {message} ({})", if *cached { "last known catalog shown" } else { "nothing shown" }),
        ),
    }
}

pub fn render(status: &MeshStatus, paint: &Paint) -> String {
    let aws = status.kind == MeshKind::Aws;
    let mut headers = vec!["NAME", "DOMAIN", "ACCOUNT"];
    if aws {
        headers.push("PROFILE");
    }
    headers.extend(["STATE", "DETAIL"]);
    let mut table = Table::new(&headers);
    let mut warnings = Vec::new();
    for a in &status.accounts {
        let (word, detail) = state(&a.state);
        let mut row: Vec<Cell> =
            vec![a.name.as_str().into(), a.domain.as_str().into(), a.account.as_deref().unwrap_or("unknown").into()];
        if aws {
            row.push(a.profile.as_deref().unwrap_or_default().into());
        }
        row.extend([word, detail.into()]);
        table.row(row);
        warnings.extend(a.warnings.iter().map(|w| format!("{}: {}", a.name, w.message)));
    }
    let mut out = format!("{}\n\n{}", paint.bold(&status.name), table.render(paint));
    if !warnings.is_empty() {
        out.push('\n');
        for w in warnings {
            out.push_str(&format!("{} {w}\n", paint.paint("warning:", Some(Style::Yellow))));
        }
    }
    let failed = status.failed();
    out.push_str(&format!(
        "\n{} accounts{}",
        status.accounts.len(),
        if failed > 0 { format!(", {failed} failed") } else { String::new() }
    ));
    out
}
