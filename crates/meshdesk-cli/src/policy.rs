//! Owners' policy: `policy tag|untag|grant|revoke` build policy changes from flags, show the
//! plan (the changes, what is wrong with any, who gains or loses access) and apply it only when
//! confirmed; `policy grants` lists a product's grants.

use crate::confirm::confirm;
use crate::output::{Paint, Style, note};
use crate::parse::{self, GrantOn};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::table::{Cell, Table};
use crate::wording;
use clap::{ArgGroup, Subcommand};
use meshdesk_protocol::{
    AccessChangeKind, GrantResource, GrantView, Permission, Plan, PolicyChange, ProductRef, TagTarget,
};

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Put LF-tags (e.g. sensitivity=restricted) on a database, table or column
    #[command(after_help = "Examples:
  meshdesk --as dana policy tag 402183775004:customer_profiles.customers.segment sensitivity=confidential
  meshdesk --as dana policy tag 402183775004:customer_profiles.consents pii=true --dry-run")]
    Tag(TagArgs),
    /// Remove LF-tags from a database, table or column
    #[command(after_help = "Examples:
  meshdesk --as dana policy untag 402183775004:customer_profiles.customers.segment sensitivity --yes")]
    Untag(UntagArgs),
    /// Grant Lake Formation permissions on a database, tables, columns, rows, or an LF-tag expression
    #[command(after_help = "A grant to another account never carries grant option (the mesh's charter): such a plan
is refused with the reason.

Examples:
  meshdesk --as dana policy grant 402183775007 --on 402183775004:customer_profiles.customers \\
      --column segment --permission SELECT --dry-run
  meshdesk --as dana policy grant 402183775007 --on 402183775004:customer_profiles.consents \\
      --filter email_only --row-filter \"channel = 'email'\" --permission SELECT --yes
  meshdesk --as lee policy grant arn:aws:iam::402183775006:role/data-governance \\
      --tags 'sensitivity in (public, internal)' --account 402183775004 --permission DESCRIBE --yes")]
    Grant(GrantArgs),
    /// Revoke grants by id (see `policy grants`)
    #[command(after_help = "Examples:
  meshdesk --as dana policy grants 402183775004:customer_profiles
  meshdesk --as dana policy revoke lf-manual-0016 --yes")]
    Revoke(RevokeArgs),
    /// List the grants on a product (and the LF-tag policies of its account)
    #[command(after_help = "Examples:
  meshdesk policy grants 402183775004:customer_profiles --json")]
    Grants(GrantsArgs),
}

/// Planning and confirming, shared by every change.
#[derive(Debug, clap::Args)]
pub struct Confirmation {
    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking (needed when stdin is not a terminal)
    #[arg(long, conflicts_with = "dry_run")]
    pub yes: bool,
}

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// What to tag
    #[arg(value_name = "ACCOUNT:DATABASE[.TABLE[.COLUMN]]", value_parser = parse::tag_target)]
    target: TagTarget,
    /// The tags to put on it
    #[arg(value_name = "KEY=VALUE", required = true, value_parser = parse::key_value)]
    tags: Vec<(String, String)>,
    #[command(flatten)]
    confirmation: Confirmation,
}

#[derive(Debug, clap::Args)]
pub struct UntagArgs {
    /// What to untag
    #[arg(value_name = "ACCOUNT:DATABASE[.TABLE[.COLUMN]]", value_parser = parse::tag_target)]
    target: TagTarget,
    /// The tag keys to remove
    #[arg(value_name = "KEY", required = true)]
    keys: Vec<String>,
    #[command(flatten)]
    confirmation: Confirmation,
}

#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("resource").required(true).args(["on", "tags"])))]
pub struct GrantArgs {
    /// Who is granted: an account id, an IAM role or user ARN, an Identity Center user or group ARN
    #[arg(value_name = "PRINCIPAL")]
    principal: String,
    /// The database (ACCOUNT:database), one table (ACCOUNT:database.table) or every table (ACCOUNT:database.*)
    #[arg(long, value_name = "RESOURCE", value_parser = parse::grant_on)]
    on: Option<GrantOn>,
    /// An LF-tag expression instead of named resources, e.g. "sensitivity in (public, internal)"
    #[arg(long, value_name = "EXPR", requires = "account", conflicts_with_all = ["columns", "excluded", "filter"])]
    tags: Option<String>,
    /// The account whose resources the LF-tag expression covers
    #[arg(long, value_name = "ACCOUNT", requires = "tags")]
    account: Option<String>,
    /// Only this column (repeat for several)
    #[arg(long = "column", value_name = "C", conflicts_with = "excluded")]
    columns: Vec<String>,
    /// Every column but this one (repeat for several)
    #[arg(long = "exclude", value_name = "C")]
    excluded: Vec<String>,
    /// Grant through a data cells filter of this name (on one table)
    #[arg(long, value_name = "NAME")]
    filter: Option<String>,
    /// The filter's rows, e.g. "country = 'DE'"
    #[arg(long, value_name = "EXPR", requires = "filter")]
    row_filter: Option<String>,
    /// A permission to grant (repeat for several)
    #[arg(long = "permission", value_name = "P", required = true, value_parser = parse::permissions())]
    permissions: Vec<Permission>,
    /// A permission the grantee may grant on (repeat); refused across accounts
    #[arg(long = "grantable", value_name = "P", value_parser = parse::permissions())]
    grantable: Vec<Permission>,
    #[command(flatten)]
    confirmation: Confirmation,
}

#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    /// The grants to revoke
    #[arg(value_name = "GRANT_ID", required = true)]
    grant_ids: Vec<String>,
    #[command(flatten)]
    confirmation: Confirmation,
}

#[derive(Debug, clap::Args)]
pub struct GrantsArgs {
    /// The product
    #[arg(value_name = "ACCOUNT:DATABASE", value_parser = parse::product)]
    product: ProductRef,
}

pub fn policy(s: &Session<impl Backend>, command: PolicyCommand) -> Result<Outcome, Failure> {
    let (changes, confirmation) = match command {
        PolicyCommand::Grants(args) => {
            let grants = s.mesh.grants(&args.product)?;
            s.out.show(&grants, |g, paint| render_grants(g, paint))?;
            return Ok(Outcome::Done);
        }
        PolicyCommand::Tag(args) => {
            let changes = args
                .tags
                .into_iter()
                .map(|(key, value)| PolicyChange::AssignTag { target: args.target.clone(), key, value })
                .collect();
            (changes, args.confirmation)
        }
        PolicyCommand::Untag(args) => {
            let changes =
                args.keys.into_iter().map(|key| PolicyChange::RemoveTag { target: args.target.clone(), key }).collect();
            (changes, args.confirmation)
        }
        PolicyCommand::Revoke(args) => {
            (args.grant_ids.into_iter().map(|grant_id| PolicyChange::Revoke { grant_id }).collect(), args.confirmation)
        }
        PolicyCommand::Grant(args) => {
            let resource = grant_resource(&args)?;
            let change = PolicyChange::Grant {
                principal: args.principal,
                resource,
                permissions: args.permissions,
                grantable: args.grantable,
            };
            (vec![change], args.confirmation)
        }
    };
    plan_and_apply(s, &changes, &confirmation)
}

const GRANT: &[&str] = &["policy", "grant"];

/// The resource a grant's flags name. Clap has already ruled out the combinations it can see;
/// the rest depend on what `--on` names.
fn grant_resource(args: &GrantArgs) -> Result<GrantResource, Failure> {
    let columns = if args.columns.is_empty() { None } else { Some(args.columns.clone()) };
    match (&args.on, &args.tags, &args.account) {
        (None, Some(expression), Some(account)) => {
            Ok(GrantResource::TagPolicy { account: account.clone(), expression: expression.clone() })
        }
        (Some(GrantOn::Database(p)), _, _) => {
            if columns.is_some() || !args.excluded.is_empty() || args.filter.is_some() {
                return Err(Failure::Usage {
                    command: GRANT,
                    message: format!(
                        "--column, --exclude and --filter need a table: --on {p}.TABLE (or {p}.* for every table)"
                    ),
                });
            }
            Ok(GrantResource::Database { account: p.account.clone(), database: p.database.clone() })
        }
        (Some(GrantOn::Tables(p, table)), _, _) => match (&args.filter, table) {
            (Some(_), None) => Err(Failure::Usage {
                command: GRANT,
                message: format!("a data cells filter is on one table: --on {p}.TABLE, not {p}.*"),
            }),
            (Some(name), Some(table)) => Ok(GrantResource::DataCellsFilter {
                account: p.account.clone(),
                database: p.database.clone(),
                table: table.clone(),
                name: name.clone(),
                row_filter: args.row_filter.clone(),
                columns,
                excluded: args.excluded.clone(),
            }),
            (None, table) => Ok(GrantResource::Table {
                account: p.account.clone(),
                database: p.database.clone(),
                table: table.clone(),
                columns,
                excluded: args.excluded.clone(),
            }),
        },
        _ => Err(Failure::Usage {
            command: GRANT,
            message: "name what to grant on: --on RESOURCE, or --tags EXPR with --account ACCOUNT".to_owned(),
        }),
    }
}

fn plan_and_apply(s: &Session<impl Backend>, changes: &[PolicyChange], confirmation: &Confirmation) -> Result<Outcome, Failure> {
    let plan = s.mesh.plan_policy(changes)?;
    let problems: Vec<String> = plan
        .problems
        .iter()
        .map(|p| {
            let change =
                plan.changes.get(p.change as usize).map(|c| format!(" ({})", c.description)).unwrap_or_default();
            format!("change {}{change}: {}", p.change + 1, p.message)
        })
        .collect();
    if confirmation.dry_run {
        // The plan is the result, problems and all; the exit code says whether it would apply.
        s.out.show(&plan, |p, paint| {
            format!("{}\n{}", render_plan(p, paint), paint.dim("Dry run: nothing was changed."))
        })?;
        if problems.is_empty() {
            return Ok(Outcome::Done);
        }
        note(&format!("error: this plan would not be applied: {}", problems.join("; ")));
        return Ok(Outcome::Refused);
    }
    if !problems.is_empty() {
        return Err(Failure::refused(format!("nothing was applied: {}", problems.join("; "))));
    }
    if s.out.json {
        if !confirmation.yes {
            note(&render_plan(&plan, &Paint { colour: false }));
        }
    } else {
        crate::output::print_stdout(&render_plan(&plan, &s.out.paint))?;
    }
    let n = plan.changes.len();
    confirm(
        &format!("apply {n} change{}", if n == 1 { "" } else { "s" }),
        confirmation.yes,
        "--dry-run shows the plan only",
    )?;
    let applied = s.mesh.apply_policy(changes, s.now)?;
    s.out.show(&applied, |p, _| {
        format!("Applied {} change{}.", p.changes.len(), if p.changes.len() == 1 { "" } else { "s" })
    })?;
    Ok(Outcome::Done)
}

/// The changes, their problems and who gains or loses access.
pub fn render_plan(plan: &Plan, paint: &Paint) -> String {
    let mut out = format!("{}\n", paint.bold("Plan"));
    for (i, c) in plan.changes.iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", i + 1, c.description));
    }
    for p in &plan.problems {
        out.push_str(&format!(
            "  {} change {}: {}\n",
            paint.paint("problem", Some(Style::Red)),
            p.change + 1,
            p.message
        ));
    }
    if !plan.problems.is_empty() {
        out.push_str("\nWho gains or loses access is worked out once the plan has no problems.\n");
        return out;
    }
    if plan.access_changes.is_empty() {
        out.push_str("\nNobody gains or loses access.\n");
        return out;
    }
    out.push_str(&format!("\n{}\n", paint.bold("Access changes")));
    let mut t = Table::new(&["CHANGE", "GRANTEE", "TABLE", "COLUMN", "SENSITIVITY"]).indented(2);
    for c in &plan.access_changes {
        let change = match c.change {
            AccessChangeKind::Gained => Cell::styled("gains", Some(Style::Green)),
            AccessChangeKind::Lost => Cell::styled("loses", Some(Style::Red)),
            AccessChangeKind::RowsChanged => Cell::styled("rows change", Some(Style::Yellow)),
        };
        t.row(vec![
            change,
            c.grantee.as_str().into(),
            c.table.to_string().into(),
            c.column.as_str().into(),
            wording::sensitivity(c.sensitivity),
        ]);
    }
    out.push_str(&t.render(paint));
    out
}

fn render_grants(grants: &[GrantView], paint: &Paint) -> String {
    if grants.is_empty() {
        return "No grants on this product.".to_owned();
    }
    let mut t = Table::new(&["GRANT", "PRINCIPAL", "RESOURCE", "PERMISSIONS", "GRANTABLE", "REQUEST"]);
    for g in grants {
        let grantable = if g.grantable.is_empty() {
            Cell::styled("-", Some(Style::Dim))
        } else {
            Cell::styled(wording::permissions(&g.grantable), Some(Style::Yellow))
        };
        t.row(vec![
            g.id.as_str().into(),
            g.principal.as_str().into(),
            g.description.as_str().into(),
            wording::permissions(&g.permissions).into(),
            grantable,
            g.request_id.clone().unwrap_or_default().into(),
        ]);
    }
    t.render(paint)
}
