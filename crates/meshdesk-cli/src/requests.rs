//! Asking for access and following requests: `request` (send, or `--preview`), `requests` (mine,
//! my inbox, all) and `show-request`.

use crate::parse;
use crate::request_view;
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use meshdesk_protocol::{Permission, ProductRef, RequestDraft, RequestFilter, RequestScope, RequestStatus};

#[derive(Debug, clap::Args)]
#[command(after_help = "The product's owners (and a steward, for restricted data) decide; some policies approve
at once. Access is granted to your own principal unless --principal names another of yours.

Examples:
  meshdesk --as mia request 402183775004:customer_profiles --table customers \\
      --column customers.customer_id --column customers.segment --days 90 \\
      --justification 'Q3 churn campaign: target lapsed customers by segment'
  meshdesk --as mia request 402183775004:customer_profiles --table consents --days 30 \\
      --row-filter \"channel = 'email'\" --justification 'consent coverage' --preview")]
pub struct RequestArgs {
    /// The product to ask for
    #[arg(value_name = "ACCOUNT:DATABASE", value_parser = parse::product)]
    product: ProductRef,
    /// A table of the product (repeat for several; every table when none is given)
    #[arg(long = "table", value_name = "T")]
    tables: Vec<String>,
    /// A column, as table.column (repeat for several; every column of the tables when none is given)
    #[arg(long = "column", value_name = "TABLE.COLUMN")]
    columns: Vec<String>,
    /// Only rows matching this filter, e.g. "country = 'DE'"
    #[arg(long, value_name = "EXPR")]
    row_filter: Option<String>,
    /// What to be allowed (repeat for both) [default: SELECT]
    #[arg(long = "permission", value_name = "P", value_parser = parse::request_permissions())]
    permissions: Vec<Permission>,
    /// For how many days
    #[arg(long, value_name = "N")]
    days: u32,
    /// Why you need it, for the people who decide
    #[arg(long, value_name = "TEXT")]
    justification: String,
    /// Who is to be granted: one of your principals or your account [default: your first principal]
    #[arg(long, value_name = "P")]
    principal: Option<String>,
    /// Show what would be asked, who must approve and the grants it would make; send nothing
    #[arg(long)]
    preview: bool,
}

pub fn request(s: &Session<impl Backend>, args: RequestArgs) -> Result<Outcome, Failure> {
    // The narrowest grant by default: the identity's own principal, else its account.
    let principal = args.principal.unwrap_or_else(|| {
        s.mesh.mesh_info().identity.map(|me| me.principals.first().cloned().unwrap_or(me.account)).unwrap_or_default()
    });
    let draft = RequestDraft {
        product: args.product,
        principal,
        tables: args.tables,
        columns: args.columns,
        row_filter: args.row_filter,
        permissions: if args.permissions.is_empty() { vec![Permission::Select] } else { args.permissions },
        duration_days: args.days,
        justification: args.justification,
    };
    if args.preview {
        let preview = s.mesh.preview_request(&draft, s.now)?;
        s.out.show(&preview, request_view::render_preview)?;
    } else {
        let sent = s.mesh.submit_request(&draft, s.now)?;
        s.out.show(&sent, |v, paint| format!("Sent. {}", request_view::summary(v, paint)))?;
    }
    Ok(Outcome::Done)
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Pending requests come first, then the newest.

Examples:
  meshdesk --as mia requests                     the requests Mia made
  meshdesk --as dana requests --inbox --status pending
  meshdesk --as lee requests --all --json | jq '.[] | {id, status}'")]
pub struct RequestsArgs {
    /// The requests you made (the default)
    #[arg(long, conflicts_with_all = ["inbox", "all"])]
    mine: bool,
    /// The requests you may decide, as an owner or steward of their product
    #[arg(long, conflicts_with = "all")]
    inbox: bool,
    /// Every request
    #[arg(long)]
    all: bool,
    /// Only requests in this state
    #[arg(long, value_name = "S", value_parser = parse::statuses())]
    status: Option<RequestStatus>,
}

pub fn requests(s: &Session<impl Backend>, args: RequestsArgs) -> Result<Outcome, Failure> {
    let scope = match (args.inbox, args.all) {
        (true, _) => RequestScope::Inbox,
        (_, true) => RequestScope::All,
        _ => RequestScope::Mine,
    };
    let views = s.mesh.requests(&RequestFilter { scope, status: args.status }, s.now)?;
    s.out.show(&views, |v, paint| request_view::render_list(v, paint))?;
    Ok(Outcome::Done)
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  meshdesk show-request req-0001
  meshdesk show-request req-0001 --json | jq .status")]
pub struct ShowRequestArgs {
    /// The request's id, e.g. req-0001
    #[arg(value_name = "ID")]
    id: String,
}

pub fn show_request(s: &Session<impl Backend>, args: ShowRequestArgs) -> Result<Outcome, Failure> {
    let view = s.mesh.request(&args.id, s.now)?;
    s.out.show(&view, request_view::render)?;
    Ok(Outcome::Done)
}
