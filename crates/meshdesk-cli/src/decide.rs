//! Decisions on a request: `approve`, `reject`, `withdraw`, `revoke`, `extend` and `retry`.
//! Each reads the request first and sends the version it read, so a decision never lands on a
//! request that moved in between.

use crate::request_view;
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use meshdesk_protocol::{Decide, DecideInput};

#[derive(Debug, clap::Args)]
#[command(after_help = "Owners approve; a steward too when the product's policy asks for one (restricted data).
Nobody approves their own request. The grant is made once every approval is in.

Examples:
  meshdesk --as dana approve req-0001
  meshdesk --as lee approve req-0001 --json | jq .status")]
pub struct ApproveArgs {
    /// The request's id
    #[arg(value_name = "ID")]
    id: String,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  meshdesk --as dana reject req-0001 --reason 'use the aggregated segments product instead'")]
pub struct RejectArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// Why, in words the requester can act on
    #[arg(long, value_name = "R")]
    reason: String,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Only the requester withdraws, and only while the request is pending.

Examples:
  meshdesk --as mia withdraw req-0001")]
pub struct WithdrawArgs {
    #[arg(value_name = "ID")]
    id: String,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Removes the grants a provisioned request made. Owners and stewards revoke.

Examples:
  meshdesk --as dana revoke req-0001 --reason 'campaign over'")]
pub struct RevokeArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// Why, in words the requester can read
    #[arg(long, value_name = "R")]
    reason: String,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "The requester asks for an extension: a new request that the owners decide on.

Examples:
  meshdesk --as mia extend req-0001 --days 30 --justification 'campaign runs into Q4'")]
pub struct ExtendArgs {
    #[arg(value_name = "ID")]
    id: String,
    /// How many more days
    #[arg(long, value_name = "N")]
    days: u32,
    /// Why the access is still needed
    #[arg(long, value_name = "TEXT")]
    justification: String,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "For an approved request whose grant failed (its error shows in `show-request`).

Examples:
  meshdesk --as dana retry req-0001")]
pub struct RetryArgs {
    #[arg(value_name = "ID")]
    id: String,
}

pub fn approve(s: &Session<impl Backend>, args: ApproveArgs) -> Result<Outcome, Failure> {
    decide(s, &args.id, Decide::Approve)
}

pub fn reject(s: &Session<impl Backend>, args: RejectArgs) -> Result<Outcome, Failure> {
    decide(s, &args.id, Decide::Reject { reason: args.reason })
}

pub fn withdraw(s: &Session<impl Backend>, args: WithdrawArgs) -> Result<Outcome, Failure> {
    decide(s, &args.id, Decide::Withdraw)
}

pub fn revoke(s: &Session<impl Backend>, args: RevokeArgs) -> Result<Outcome, Failure> {
    decide(s, &args.id, Decide::Revoke { reason: args.reason })
}

pub fn extend(s: &Session<impl Backend>, args: ExtendArgs) -> Result<Outcome, Failure> {
    decide(s, &args.id, Decide::Extend { days: args.days, justification: args.justification })
}

pub fn retry(s: &Session<impl Backend>, args: RetryArgs) -> Result<Outcome, Failure> {
    decide(s, &args.id, Decide::Retry)
}

fn decide(s: &Session<impl Backend>, id: &str, decision: Decide) -> Result<Outcome, Failure> {
    let extending = matches!(decision, Decide::Extend { .. });
    let current = s.mesh.request(id, s.now)?;
    let input = DecideInput { id: id.to_owned(), expected_version: current.version, decision };
    let after = s.mesh.decide(&input, s.now)?;
    s.out.show(&after, |v, paint| {
        let summary = request_view::summary(v, paint);
        if extending { format!("Asked to extend {id}. {summary}") } else { summary }
    })?;
    Ok(Outcome::Done)
}
