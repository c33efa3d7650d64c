//! Effective access with its explanation: `access` (everything the acting identity, or a
//! principal, can read — asked for and printed a page at a time) and `who-can-read` (every
//! reader of a table's columns), each column with the grants behind it.

use crate::output::{self, Paint, Style};
use crate::parse::{self, ColumnTarget};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::{Backend, ACCESS_PAGE_MAX};
use crate::table::{Cell, Table};
use crate::wording;
use meshdesk_protocol::{AccessPage, AccessReport, ApiError, ColumnReaders, GrantPath, RowScope, TableAccess, TableRef};

#[derive(Debug, clap::Args)]
#[command(after_help = "Each column shows the grants that give it: the grant, how it reaches you (directly, through
your account or a group) and the share request that made it.

With PRINCIPAL (an account id, or a role, user or group ARN), shows that principal's access
instead: a steward may look up anyone, others only the principals they act as. --table keeps
one table.

Tables come in name order (account, database, table), asked for and printed a page at a time,
so a principal reading tens of thousands of tables is shown without holding them all. --limit
stops after N tables and says where to go on: pass that table to --after.

--json prints one JSON document, written as the pages arrive, shaped as the protocol's
AccessPage: {\"principals\": [...], \"readable_tables\": M, \"tables\": [...], \"next\": T}, where
readable_tables counts every table readable (not only those printed), tables holds one table
per line, and next is the table to pass to --after for the rest (null when nothing is left).
Should a later page fail, the document is left unfinished and the command exits 1. With
--table, the document has principals and tables only.

Examples:
  meshdesk --as mia access
  meshdesk --as mia access --json | jq '.tables[].table'
  meshdesk --as lee access 402183775007
  meshdesk --as lee access 402183775007 --limit 20
  meshdesk --as lee access 402183775007 --limit 20 --after 402183775004:customer_profiles.customers
  meshdesk --as lee access arn:aws:iam::402183775007:role/marketing-analysts --table 402183775004:customer_profiles.customers")]
pub struct AccessArgs {
    /// Whose access to show (default: the identity acting)
    principal: Option<String>,
    /// Only this table (ACCOUNT:database.table)
    #[arg(long, value_name = "TABLE", value_parser = parse::table, conflicts_with_all = ["limit", "after"])]
    table: Option<TableRef>,
    /// Show at most N tables (default: all of them, still asked for a page at a time)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    limit: Option<u32>,
    /// Start after this table in name order (ACCOUNT:database.table), e.g. where --limit
    /// stopped; it need not be readable, nor still exist
    #[arg(long, value_name = "TABLE", value_parser = parse::table)]
    after: Option<TableRef>,
}

pub fn access(s: &Session<impl Backend>, args: AccessArgs) -> Result<Outcome, Failure> {
    if let Some(table) = &args.table {
        // One table: asked as such, not as everything the principal reads.
        let report = match &args.principal {
            Some(principal) => s.mesh.principal_table_access(principal, table)?,
            None => s.mesh.my_table_access(table)?,
        };
        s.out.show(&report, render_access)?;
        return Ok(Outcome::Done);
    }
    let ask = |after: Option<&TableRef>, limit: u32| match &args.principal {
        Some(principal) => s.mesh.principal_access_page(principal, after, limit),
        None => s.mesh.my_access_page(after, limit),
    };
    let mut printer = PagePrinter { json: s.out.json, paint: s.out.paint, shown: 0, readable: 0 };
    let mut after = args.after.clone();
    let mut left = args.limit;
    let mut first = true;
    loop {
        let size = left.map_or(ACCESS_PAGE_MAX, |left| left.min(ACCESS_PAGE_MAX));
        let page = ask(after.as_ref(), size)?;
        // Each step stops when the reader has gone (`| head`): the rest is not worked out.
        if first && !printer.start(&page, args.after.as_ref())? || !printer.tables(&page.tables)? {
            return Ok(Outcome::Done);
        }
        first = false;
        left = left.map(|left| left.saturating_sub(page.tables.len() as u32));
        match page.next {
            Some(next) if left != Some(0) => after = Some(next),
            next => {
                printer.end(next.as_ref())?;
                return Ok(Outcome::Done);
            }
        }
    }
}

/// Prints pages of access as they arrive: a header from the first page, each page's tables,
/// then where to go on. Each step says `false` when the reader has gone.
struct PagePrinter {
    json: bool,
    paint: Paint,
    shown: usize,
    readable: u32,
}

impl PagePrinter {
    fn start(&mut self, page: &AccessPage, after: Option<&TableRef>) -> std::io::Result<bool> {
        self.readable = page.readable_tables;
        if self.json {
            let principals = serde_json::to_string(&page.principals).map_err(std::io::Error::other)?;
            return output::stream_stdout(&format!(
                "{{\n  \"principals\": {principals},\n  \"readable_tables\": {},\n  \"tables\": [",
                page.readable_tables
            ));
        }
        let mut out = header(&page.principals, &self.paint);
        match (page.readable_tables, page.tables.is_empty(), after) {
            (0, _, _) => out.push_str(NOTHING_READABLE),
            (readable, true, Some(after)) => {
                out.push_str(&format!("\nNone of the {readable} tables readable comes after {after}.\n"));
            }
            _ => {}
        }
        output::stream_stdout(&out)
    }

    fn tables(&mut self, tables: &[TableAccess]) -> std::io::Result<bool> {
        let mut out = String::new();
        for t in tables {
            if self.json {
                let comma = if self.shown == 0 { "" } else { "," };
                out.push_str(&format!("{comma}\n    {}", serde_json::to_string(t).map_err(std::io::Error::other)?));
            } else {
                out.push_str(&render_table(t, &self.paint));
            }
            self.shown += 1;
        }
        output::stream_stdout(&out)
    }

    fn end(&mut self, next: Option<&TableRef>) -> std::io::Result<bool> {
        if self.json {
            let next = serde_json::to_string(&next).map_err(std::io::Error::other)?;
            let close = if self.shown == 0 { "]" } else { "\n  ]" };
            return output::stream_stdout(&format!("{close},\n  \"next\": {next}\n}}\n"));
        }
        match next {
            Some(next) => output::stream_stdout(
                &self.paint.dim(&format!("\n{} of {} tables shown; for the rest: --after {next}\n", self.shown, self.readable)),
            ),
            None => Ok(true),
        }
    }
}

const NOTHING_READABLE: &str =
    "\nNothing is readable yet. Find a product with `meshdesk products` and ask with `meshdesk request`.\n";

fn header(principals: &[String], paint: &Paint) -> String {
    paint.dim(&format!("as {}\n", principals.join(", ")))
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
    let mut out = header(&report.principals, paint);
    if report.tables.is_empty() {
        out.push_str(NOTHING_READABLE);
    }
    for t in &report.tables {
        out.push_str(&render_table(t, paint));
    }
    out
}

/// One readable table: its name, domain and columns, each with its rows and grants.
fn render_table(t: &TableAccess, paint: &Paint) -> String {
    let until = t.expires_at.map(|e| format!(", until {}", wording::date(e))).unwrap_or_default();
    let mut out = format!(
        "\n{}  {}\n",
        paint.bold(&t.table.to_string()),
        paint.dim(&format!("{} · {} of {} columns{until}", t.domain, t.columns.len(), t.column_total))
    );
    let mut table = Table::new(&["COLUMN", "SENSITIVITY", "ROWS", "VIA"]).indented(2);
    for c in &t.columns {
        table.row(vec![c.column.as_str().into(), wording::effective(c.sensitivity), rows(&c.rows).into(), via(&c.via).into()]);
    }
    out.push_str(&table.render(paint));
    if let Some(name) = &t.reachable_as {
        out.push_str(&format!("  reachable in your catalog as {name}\n"));
    }
    if let Some(why) = &t.consumer_pending {
        out.push_str(&format!("  consumer side pending: {why}\n"));
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
