//! Effective access with its explanation: `access` (everything the acting identity can read)
//! and `who-can-read` (every reader of a table's columns), each column with the grants behind it.

use crate::output::{Paint, Style};
use crate::parse::{self, ColumnTarget};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::table::{Cell, Table};
use crate::wording;
use meshdesk_protocol::{AccessReport, ApiError, ColumnReaders, GrantPath, RowScope};

#[derive(Debug, clap::Args)]
#[command(after_help = "Each column shows the grants that give it: the grant, how it reaches you (directly, through
your account or a group) and the share request that made it.

With PRINCIPAL (an account id, or a role, user or group ARN), shows that principal's access
instead: a steward may look up anyone, others only the principals they act as. --table keeps
one table.

Examples:
  meshdesk --as mia access
  meshdesk --as mia access --json | jq '.tables[].table'
  meshdesk --as lee access 402183775007
  meshdesk --as lee access arn:aws:iam::402183775007:role/marketing-analysts --table 402183775004:customer_profiles.customers")]
pub struct AccessArgs {
    /// Whose access to show (default: the identity acting)
    principal: Option<String>,
    /// Only this table (ACCOUNT:database.table)
    #[arg(long, value_name = "TABLE", value_parser = parse::table)]
    table: Option<meshdesk_protocol::TableRef>,
}

pub fn access(s: &Session<impl Backend>, args: AccessArgs) -> Result<Outcome, Failure> {
    let mut report = match (&args.principal, &args.table) {
        // One table of one principal: asked as such, not as everything it reads.
        (Some(principal), Some(table)) => s.mesh.principal_table_access(principal, table)?,
        (Some(principal), None) => s.mesh.principal_access(principal)?,
        (None, _) => s.mesh.my_access()?,
    };
    if let Some(wanted) = &args.table {
        report.tables.retain(|t| &t.table == wanted);
    }
    s.out.show(&report, render_access)?;
    Ok(Outcome::Done)
}

/// "all rows" or "rows where …".
fn rows(r: &RowScope) -> String {
    match r {
        RowScope::All => "all rows".to_owned(),
        RowScope::Filtered { filters } => format!("rows where {}", filters.join(" or ")),
    }
}

/// "lf-0012 (directly, request req-0003)", one per grant.
fn via(paths: &[GrantPath]) -> String {
    paths
        .iter()
        .map(|p| {
            let request = p.request_id.as_ref().map(|r| format!(", request {r}")).unwrap_or_default();
            format!("{} ({}{request})", p.grant_id, p.matched_as)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn render_access(report: &AccessReport, paint: &Paint) -> String {
    let mut out = paint.dim(&format!("as {}\n", report.principals.join(", ")));
    if report.tables.is_empty() {
        out.push_str(
            "\nNothing is readable yet. Find a product with `meshdesk products` and ask with `meshdesk request`.\n",
        );
        return out;
    }
    for t in &report.tables {
        let until = t.expires_at.map(|e| format!(", until {}", wording::date(e))).unwrap_or_default();
        out.push_str(&format!(
            "\n{}  {}\n",
            paint.bold(&t.table.to_string()),
            paint.dim(&format!("{} · {} of {} columns{until}", t.domain, t.columns.len(), t.column_total))
        ));
        let mut table = Table::new(&["COLUMN", "SENSITIVITY", "ROWS", "VIA"]).indented(2);
        for c in &t.columns {
            table.row(vec![
                c.column.as_str().into(),
                wording::effective(c.sensitivity),
                rows(&c.rows).into(),
                via(&c.via).into(),
            ]);
        }
        out.push_str(&table.render(paint));
        if let Some(name) = &t.reachable_as {
            out.push_str(&format!("  reachable in your catalog as {name}\n"));
        }
        if let Some(why) = &t.consumer_pending {
            out.push_str(&format!("  consumer side pending: {why}\n"));
        }
    }
    out
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  meshdesk who-can-read 402183775004:customer_profiles.customers
  meshdesk who-can-read 402183775004:customer_profiles.customers.email --json")]
pub struct WhoCanReadArgs {
    /// The table, or one column of it
    #[arg(value_name = "ACCOUNT:DATABASE.TABLE[.COLUMN]", value_parser = parse::column_target)]
    target: ColumnTarget,
}

pub fn who_can_read(s: &Session<impl Backend>, args: WhoCanReadArgs) -> Result<Outcome, Failure> {
    let mut columns = s.mesh.who_can_read(&args.target.table)?;
    if let Some(column) = &args.target.column {
        let names: Vec<String> = columns.iter().map(|c| c.column.clone()).collect();
        columns.retain(|c| &c.column == column);
        if columns.is_empty() {
            let message =
                format!("{} has no column '{column}'; its columns: {}", args.target.table, wording::list(&names));
            return Err(ApiError::not_found(message).into());
        }
    }
    s.out.show(&columns, |c, paint| render_readers(c, paint))?;
    Ok(Outcome::Done)
}

fn render_readers(columns: &[ColumnReaders], paint: &Paint) -> String {
    let mut t = Table::new(&["COLUMN", "SENSITIVITY", "READER", "ROWS", "VIA"]);
    for c in columns {
        if c.readers.is_empty() {
            t.row(vec![
                c.column.as_str().into(),
                wording::effective(c.sensitivity),
                Cell::styled("nobody", Some(Style::Dim)),
                "".into(),
                "".into(),
            ]);
        }
        for r in &c.readers {
            t.row(vec![
                c.column.as_str().into(),
                wording::effective(c.sensitivity),
                r.grantee.as_str().into(),
                rows(&r.rows).into(),
                via(&r.via).into(),
            ]);
        }
    }
    t.render(paint)
}
