//! `product contract` shows a table's data contract and whether the live table keeps it (exit 3
//! when broken), or sets or removes it once confirmed; `product history` lists the table's
//! schema versions as a diff, newest first, each marked when it broke the contract.

use crate::confirm::confirm;
use crate::output::{Paint, Style};
use crate::parse;
use crate::policy::Confirmation;
use crate::product::{refused_if, render_changes, render_consumers, show_plan};
use crate::session::{Failure, Outcome, Session};
use crate::wording;
use meshdesk_api::Backend;
use meshdesk_protocol::{
    ContractColumn, ContractEdit, ContractSpec, ContractState, SchemaVersion, TableContract, TableHistory, TableRef,
};

#[derive(Debug, clap::Args)]
#[command(after_help = "Without --column, --version or --remove it shows the contract (exit 3 when it is broken).
A column without a type is promised to exist, of any type.

Examples:
  meshdesk product contract 402183775001:message_events_curated.daily_message_counts
  meshdesk --as dana product contract 402183775004:customer_profiles.customers --contract-version 2.5 \\
      --column customer_id:bigint --column segment:string --not-null customer_id --freshness-hours 24 --dry-run")]
pub struct ContractArgs {
    /// The table
    #[arg(value_name = "ACCOUNT:DATABASE.TABLE", value_parser = parse::table)]
    table: TableRef,
    /// A promised column, NAME or NAME:TYPE (repeat for several)
    #[arg(long = "column", value_name = "NAME[:TYPE]", value_parser = parse::contract_column, requires = "contract_version")]
    columns: Vec<(String, Option<String>)>,
    /// A promised column that is never null (repeat)
    #[arg(long = "not-null", value_name = "NAME", requires = "columns")]
    not_null: Vec<String>,
    /// The data is at most this many hours old
    #[arg(long, value_name = "HOURS", requires = "columns")]
    freshness_hours: Option<u32>,
    /// The contract's version; a changed promise needs a new one
    #[arg(long, value_name = "VERSION", requires = "columns")]
    contract_version: Option<String>,
    /// Remove the table's contract
    #[arg(long, conflicts_with_all = ["columns", "contract_version"])]
    remove: bool,
    #[command(flatten)]
    confirmation: Confirmation,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  meshdesk product history 402183775001:message_events_curated.daily_message_counts")]
pub struct HistoryArgs {
    /// The table
    #[arg(value_name = "ACCOUNT:DATABASE.TABLE", value_parser = parse::table)]
    table: TableRef,
}

pub fn contract(s: &Session<impl Backend>, args: ContractArgs) -> Result<Outcome, Failure> {
    if args.columns.is_empty() && !args.remove {
        return show(s, &args.table);
    }
    let contract = (!args.remove).then(|| ContractSpec {
        version: args.contract_version.clone().unwrap_or_default(),
        columns: args
            .columns
            .iter()
            .map(|(name, data_type)| ContractColumn {
                name: name.clone(),
                data_type: data_type.clone(),
                nullable: !args.not_null.contains(name),
            })
            .collect(),
        freshness_hours: args.freshness_hours,
    });
    let edit = ContractEdit { table: args.table.clone(), contract };
    let plan = s.mesh.plan_contract(&edit, s.now)?;
    let text = |paint: &Paint| {
        let mut out = format!(
            "{}\n{}",
            paint.bold(&format!("Contract of {}", plan.table)),
            render_changes(plan.change.as_slice(), paint)
        );
        for p in &plan.problems {
            out.push_str(&format!("  {} {p}\n", paint.paint("problem", Some(Style::Red))));
        }
        out.push_str(&render_consumers(&plan.consumers, paint));
        out
    };
    if args.confirmation.dry_run {
        s.out.show(&plan, |_, paint| format!("{}{}", text(paint), paint.dim("Dry run: nothing was changed.")))?;
        return refused_if(&plan.problems, "this contract would not be saved");
    }
    if !plan.problems.is_empty() {
        // The API refuses it whole, and says whether it is not allowed or not valid.
        s.mesh.save_contract(&edit, s.now)?;
    }
    show_plan(s, &args.confirmation, &text)?;
    confirm(&format!("save the contract of {}", plan.table), args.confirmation.yes, "--dry-run shows the plan only")?;
    let saved = s.mesh.save_contract(&edit, s.now)?;
    s.out.show(&saved, |p, _| format!("Saved the contract of {}.", p.table))?;
    Ok(Outcome::Done)
}

fn show(s: &Session<impl Backend>, table: &TableRef) -> Result<Outcome, Failure> {
    let detail = s.mesh.product(&table.product(), s.now)?;
    let contract = detail.tables.into_iter().find(|t| &t.table == table).map(|t| t.contract).ok_or_else(|| {
        Failure::from(meshdesk_protocol::ApiError::not_found(format!(
            "{} has no table {}",
            table.product(),
            table.table
        )))
    })?;
    s.out.show(&contract, |c, paint| match c {
        None => format!("{table} has no data contract."),
        Some(c) => render_contract(table, c, paint),
    })?;
    Ok(Outcome::problems_if(contract.is_some_and(|c| c.state != ContractState::Honoured)))
}

fn render_contract(table: &TableRef, c: &TableContract, paint: &Paint) -> String {
    let (word, style) = match c.state {
        ContractState::Honoured => ("honoured", Style::Green),
        ContractState::Broken => ("BROKEN", Style::Red),
        ContractState::Malformed => ("unreadable", Style::Red),
    };
    let version = c.spec.as_ref().map_or_else(String::new, |s| format!(" {}", s.version));
    let mut out = format!("{} contract{version}: {}\n", paint.bold(&table.to_string()), paint.paint(word, Some(style)));
    if let Some(spec) = &c.spec {
        for col in &spec.columns {
            let null = if col.nullable { "" } else { ", not null (unchecked)" };
            out.push_str(&format!("  {} {}{null}\n", col.name, col.data_type.as_deref().unwrap_or("any type")));
        }
        if let Some(h) = spec.freshness_hours {
            out.push_str(&format!("  data at most {h} hours old\n"));
        }
    }
    if let Some(problem) = &c.problem {
        out.push_str(&format!("  {} {problem}\n", paint.paint("problem", Some(Style::Red))));
    }
    for v in &c.violations {
        out.push_str(&format!("  {} {}\n", paint.paint("violation", Some(Style::Red)), v.message));
    }
    for note in &c.unchecked {
        out.push_str(&format!("  {} {note}\n", paint.paint("unchecked", Some(Style::Dim))));
    }
    out
}

pub fn history(s: &Session<impl Backend>, args: HistoryArgs) -> Result<Outcome, Failure> {
    let history = s.mesh.table_history(&args.table)?;
    s.out.show(&history, render_history)?;
    Ok(Outcome::Done)
}

fn render_history(h: &TableHistory, paint: &Paint) -> String {
    let mut out = format!("{}\n", paint.bold(&format!("Schema history of {}", h.table)));
    for v in &h.versions {
        let when = v.recorded_at.map_or_else(|| "date unknown".to_owned(), wording::time);
        let current = if v.current { " (current)" } else { "" };
        let verdict = if v.breaks.is_empty() {
            paint.paint("compatible", Some(Style::Green))
        } else {
            paint.paint("breaks the contract", Some(Style::Red))
        };
        out.push_str(&format!("\nversion {}{current}  {when}  {verdict}\n", v.version));
        for line in changes(v) {
            out.push_str(&format!("  {line}\n"));
        }
        for b in &v.breaks {
            out.push_str(&format!("  {} {b}\n", paint.paint("breaking:", Some(Style::Red))));
        }
    }
    if !h.events.is_empty() {
        out.push_str(&format!("\n{}\n", paint.bold("Audit events")));
        for e in &h.events {
            out.push_str(&format!("  {}  {}  by {}\n", wording::time(e.at), e.action, e.actor_name));
        }
    }
    out
}

fn changes(v: &SchemaVersion) -> Vec<String> {
    let mut out = Vec::new();
    if v.first {
        out.push(format!("first version known, with {} columns", v.added.len()));
    } else {
        out.extend(v.added.iter().map(|c| format!("+ {} {}", c.name, c.data_type)));
    }
    out.extend(v.removed.iter().map(|c| format!("- {} {}", c.name, c.data_type)));
    out.extend(v.retyped.iter().map(|r| format!("~ {} {} -> {}", r.column, r.before, r.after)));
    let none = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".to_owned());
    for t in &v.tags {
        let on = t.column.clone().unwrap_or_else(|| "table".to_owned());
        out.push(format!("tag {} on {on}: {} -> {}", t.key, none(&t.before), none(&t.after)));
    }
    if v.contract_changed {
        out.push(format!("contract {} -> {}", none(&v.contract_before), none(&v.contract_after)));
    }
    out
}
