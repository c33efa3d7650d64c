//! Owners managing products: `product annotate` sets description, owners, steward, domain, tier,
//! freshness SLO or approval policy; `product publish|unpublish` lists a product or takes it out
//! of the catalog (naming its consumers first). Each shows its plan and changes only once
//! confirmed; `product contract` and `product history` are in `product_contract`.

use crate::confirm::confirm;
use crate::output::{Paint, Style, note, print_stdout};
use crate::parse;
use crate::policy::Confirmation;
use crate::product_contract::{self, ContractArgs, HistoryArgs};
use crate::session::{Failure, Outcome, Session};
use crate::table::{Cell, Table};
use clap::Subcommand;
use meshdesk_api::Backend;
use meshdesk_protocol::{
    AnnotationEdit, AnnotationField, Consumer, FieldEdit, ParameterChange, ProductRef, PublishInput,
};

#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Change a product's description, owners, steward, domain, tier, freshness SLO or approval policy
    #[command(after_help = "Fields: description, owners, steward, domain, tier, slo_freshness_hours, approval.
An empty value removes the field. Owners change every field; stewards the steward, tier and domain.

Examples:
  meshdesk --as dana product annotate 402183775004:customer_profiles --set slo_freshness_hours=12 --dry-run
  meshdesk --as dana product annotate 402183775004:customer_profiles \\
      --set 'description=The golden customer record' --set 'owners=dana.okafor@telco.example,arn:aws:iam::402183775004:role/identity-data-owners' --yes
  meshdesk --as lee product annotate 402183775004:customer_profiles --set tier=silver --yes")]
    Annotate(AnnotateArgs),
    /// Publish a database of your account as a data product: it appears in everyone's catalog
    #[command(after_help = "Examples:
  meshdesk --as dana product publish 402183775004:customer_risk_signals --yes")]
    Publish(PublishArgs),
    /// Take a product out of the catalog; its consumers are listed and must be confirmed
    #[command(after_help = "Examples:
  meshdesk --as dana product unpublish 402183775004:customer_profiles --dry-run")]
    Unpublish(PublishArgs),
    /// Show a table's data contract and whether it holds, or set it
    Contract(ContractArgs),
    /// A table's schema versions as a diff, each marked when it broke the contract, and its audit events
    History(HistoryArgs),
}

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// The product
    #[arg(value_name = "ACCOUNT:DATABASE", value_parser = parse::product)]
    product: ProductRef,
    /// A field and its new value (repeat for several)
    #[arg(long = "set", value_name = "FIELD=VALUE", required = true, value_parser = parse::key_value_allowing_empty)]
    set: Vec<(String, String)>,
    #[command(flatten)]
    confirmation: Confirmation,
}

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The product (a database of your account)
    #[arg(value_name = "ACCOUNT:DATABASE", value_parser = parse::product)]
    product: ProductRef,
    #[command(flatten)]
    confirmation: Confirmation,
}

const ANNOTATE: &[&str] = &["product", "annotate"];

pub fn product(s: &Session<impl Backend>, command: ProductCommand) -> Result<Outcome, Failure> {
    match command {
        ProductCommand::Annotate(args) => annotate(s, args),
        ProductCommand::Publish(args) => publish(s, args, true),
        ProductCommand::Unpublish(args) => publish(s, args, false),
        ProductCommand::Contract(args) => product_contract::contract(s, args),
        ProductCommand::History(args) => product_contract::history(s, args),
    }
}

fn annotate(s: &Session<impl Backend>, args: AnnotateArgs) -> Result<Outcome, Failure> {
    let mut edits = Vec::new();
    for (name, value) in args.set {
        let Some(field) = AnnotationField::parse(&name) else {
            let known: Vec<&str> = AnnotationField::ALL.iter().map(|f| f.as_str()).collect();
            return Err(Failure::Usage {
                command: ANNOTATE,
                message: format!("unknown field '{name}'; fields: {}", known.join(", ")),
            });
        };
        edits.push(FieldEdit { field, value });
    }
    let edit = AnnotationEdit { product: args.product.clone(), edits };
    let plan = s.mesh.plan_annotation(&edit)?;
    let problems: Vec<String> = plan.problems.iter().map(|p| format!("{}: {}", p.field.as_str(), p.message)).collect();
    let text = |paint: &Paint| {
        let mut out = format!(
            "{}\n{}",
            paint.bold(&format!("Annotating {}", plan.product)),
            render_changes(&plan.changes, paint)
        );
        for p in &problems {
            out.push_str(&format!("  {} {p}\n", paint.paint("problem", Some(Style::Red))));
        }
        out
    };
    if args.confirmation.dry_run {
        s.out.show(&plan, |_, paint| format!("{}{}", text(paint), paint.dim("Dry run: nothing was changed.")))?;
        return refused_if(&problems, "this edit would not be saved");
    }
    if !problems.is_empty() {
        // The API refuses it whole, and says whether it is not allowed or not valid.
        s.mesh.annotate(&edit, s.now)?;
    }
    show_plan(s, &args.confirmation, &text)?;
    confirm(
        &format!("save {} change(s) to {}", plan.changes.len(), plan.product),
        args.confirmation.yes,
        "--dry-run shows the plan only",
    )?;
    let saved = s.mesh.annotate(&edit, s.now)?;
    s.out.show(&saved, |p, _| format!("Saved {} change(s) to {}.", p.changes.len(), p.product))?;
    Ok(Outcome::Done)
}

fn publish(s: &Session<impl Backend>, args: PublishArgs, publish: bool) -> Result<Outcome, Failure> {
    let plan = s.mesh.plan_publish(&args.product, publish)?;
    let verb = if publish { "publish" } else { "unpublish" };
    let text = |paint: &Paint| {
        let mut out = format!(
            "{}\n{}",
            paint.bold(&format!("{} {}", capital(verb), plan.product)),
            render_changes(&plan.changes, paint)
        );
        for p in &plan.problems {
            out.push_str(&format!("  {} {p}\n", paint.paint("problem", Some(Style::Red))));
        }
        out.push_str(&render_consumers(&plan.consumers, paint));
        out
    };
    if args.confirmation.dry_run {
        s.out.show(&plan, |_, paint| format!("{}{}", text(paint), paint.dim("Dry run: nothing was changed.")))?;
        return refused_if(&plan.problems, &format!("{} would not be {verb}ed", plan.product));
    }
    if !plan.problems.is_empty() {
        s.mesh.publish(&PublishInput { product: args.product.clone(), publish, confirm: false }, s.now)?;
    }
    show_plan(s, &args.confirmation, &text)?;
    let what = if plan.needs_confirmation {
        let distinct: std::collections::BTreeSet<&str> = plan.consumers.iter().map(|c| c.who.as_str()).collect();
        format!("{verb} {} although {} consumer(s) rely on it", plan.product, distinct.len())
    } else {
        format!("{verb} {}", plan.product)
    };
    confirm(&what, args.confirmation.yes, "--dry-run shows the plan and the consumers only")?;
    let done = s.mesh.publish(&PublishInput { product: args.product, publish, confirm: true }, s.now)?;
    s.out.show(&done, |p, _| format!("{} is {verb}ed.", p.product))?;
    Ok(Outcome::Done)
}

/// A dry run's outcome: exit 1 (and say why) when the change would be refused.
pub(crate) fn refused_if(problems: &[String], what: &str) -> Result<Outcome, Failure> {
    if problems.is_empty() {
        return Ok(Outcome::Done);
    }
    note(&format!("error: {what}: {}", problems.join("; ")));
    Ok(Outcome::Refused)
}

/// The plan before asking: on stdout for people, on stderr when stdout is the JSON result.
pub(crate) fn show_plan(
    s: &Session<impl Backend>,
    confirmation: &Confirmation,
    text: &dyn Fn(&Paint) -> String,
) -> Result<(), Failure> {
    if s.out.json {
        if !confirmation.yes {
            note(&text(&Paint { colour: false }));
        }
    } else {
        print_stdout(&text(&s.out.paint))?;
    }
    Ok(())
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Parameters before and after, as a table.
pub(crate) fn render_changes(changes: &[ParameterChange], paint: &Paint) -> String {
    if changes.is_empty() {
        return "  Nothing changes.\n".to_owned();
    }
    let shown = |v: &Option<String>| v.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| "(none)".to_owned());
    let mut t = Table::new(&["PARAMETER", "BEFORE", "AFTER"]).indented(2);
    for c in changes {
        t.row(vec![
            c.key.as_str().into(),
            Cell::styled(shown(&c.before), Some(Style::Dim)),
            Cell::styled(shown(&c.after), Some(Style::Green)),
        ]);
    }
    t.render(paint)
}

pub(crate) fn render_consumers(consumers: &[Consumer], paint: &Paint) -> String {
    if consumers.is_empty() {
        return String::new();
    }
    let distinct: std::collections::BTreeSet<&str> = consumers.iter().map(|c| c.who.as_str()).collect();
    let mut out = format!("\n{}\n", paint.bold(&format!("{} consumer(s) rely on it", distinct.len())));
    for c in consumers {
        out.push_str(&format!("  {}\n", c.description));
    }
    out
}
