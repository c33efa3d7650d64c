//! `meshdesk`: every Meshdesk use case from a terminal and from scripts. Thin glue, like the
//! window: parse the arguments, call one `meshdesk_api::Meshdesk` method, print the result as
//! text or as one JSON document of the protocol type, and map the outcome to an exit code.

mod access;
mod account_picker;
mod accounts;
mod audit;
mod catalog;
mod confirm;
mod decide;
mod findings;
mod lineage;
mod output;
mod parse;
mod policy;
mod product;
mod product_contract;
mod progress;
mod request_view;
mod requests;
mod session;
mod setup;
mod sign_in;
mod sweeps;
mod table;
mod whoami;
mod wording;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use output::{Out, note};
use meshdesk_api::Backend;
use session::{Failure, MeshChoice, Opened, Outcome, Session};
use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Exit codes:
  0  done
  1  refused or failed: the reason is on stderr (with --json, also {code, message} on stdout)
  2  usage error: an unknown command or option, or a value that does not read
  3  problems found: `findings` has findings, `audit verify` found the log tampered with,
     `reconcile` or `expire` could not complete a request

Acting identity:
  On the sandbox, --as PERSONA chooses who acts. On an AWS mesh, the person signed in through
  the mesh file's hub profile acts (STS GetCallerIdentity, and Identity Center for groups);
  --profile NAME signs in through another profile of your AWS config for this command only —
  the same mesh and hub, another person. AWS_PROFILE does not change it: the mesh file names
  every profile it uses, and a named profile wins over AWS_PROFILE as in every AWS SDK.

Environment:
  MESHDESK_DATA_DIR  the data directory when --data-dir is not given
  NO_COLOR           turns colours off (they are also off when stdout is not a terminal)

Examples:
  meshdesk products customer
  meshdesk show 402183775004:customer_profiles.customers
  meshdesk --as mia request 402183775004:customer_profiles --table customers --days 90 --justification 'churn study'
  meshdesk --as dana requests --inbox
  meshdesk --mesh ~/.config/meshdesk/mesh.toml --profile dana-admin approve req-42
  meshdesk --as dana product annotate 402183775004:customer_profiles --set slo_freshness_hours=12 --dry-run
  meshdesk findings --json | jq '.[].kind'";

#[derive(Debug, Parser)]
#[command(
    name = "meshdesk",
    version,
    about = "Meshdesk: discover, request, grant and audit data across the accounts of a data mesh",
    after_help = AFTER_HELP,
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Args)]
struct Global {
    /// Use the embedded sandbox mesh even when a mesh file exists
    #[arg(long, global = true, conflicts_with = "mesh")]
    sandbox: bool,
    /// The mesh file of an AWS mesh [default: $MESHDESK_MESH_FILE, else ~/.config/meshdesk/mesh.toml
    /// when it exists, else the sandbox]
    #[arg(long, global = true, value_name = "FILE")]
    mesh: Option<PathBuf>,
    /// Where Meshdesk keeps its state [default: $MESHDESK_DATA_DIR, else the platform's data directory]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print exactly one JSON document (the protocol type) instead of text
    #[arg(long, global = true)]
    json: bool,
    /// Act as this sandbox persona (e.g. mia, dana, lee; `meshdesk refresh` lists them)
    #[arg(long = "as", global = true, value_name = "PERSONA")]
    persona: Option<String>,
    /// On an AWS mesh: act as the person this AWS profile signs in as, instead of the mesh
    /// file's hub profile (e.g. an owner's admin profile, to approve); not on the sandbox
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Search the catalog of every account
    Products(catalog::ProductsArgs),
    /// Show a product, or one table with each column's sensitivity and where it comes from
    Show(catalog::ShowArgs),
    /// Show a table's lineage: the tables it comes from and goes to, hop by hop
    Lineage(lineage::LineageArgs),
    /// Everything you can read, each column with the grants that give it
    Access(access::AccessArgs),
    /// Who can read a table's columns (or one column), and through which grants
    WhoCanRead(access::WhoCanReadArgs),
    /// Ask for access to a product: tables, columns, rows, for how long and why
    Request(requests::RequestArgs),
    /// List share requests: yours, your inbox, or all
    Requests(requests::RequestsArgs),
    /// Show one share request: what is asked, its approvals, decisions and grants
    ShowRequest(requests::ShowRequestArgs),
    /// Approve a share request (as an owner or steward of its product)
    Approve(decide::ApproveArgs),
    /// Reject a pending share request, with a reason
    Reject(decide::RejectArgs),
    /// Withdraw your own pending request
    Withdraw(decide::WithdrawArgs),
    /// Revoke the access a request gave, with a reason
    Revoke(decide::RevokeArgs),
    /// Ask for more days of access a request gave
    Extend(decide::ExtendArgs),
    /// Make the grants of an approved request whose grant failed
    Retry(decide::RetryArgs),
    /// Change policy: tags and grants, shown as a plan and applied once confirmed
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Manage your products: annotate, publish, unpublish, data contracts, schema history
    #[command(subcommand, after_help = "Examples:
  meshdesk --as dana product annotate 402183775004:customer_profiles --set slo_freshness_hours=12 --dry-run
  meshdesk --as dana product unpublish 402183775004:customer_profiles --dry-run
  meshdesk product contract 402183775001:message_events_curated.daily_message_counts
  meshdesk product history 402183775001:message_events_curated.daily_message_counts")]
    Product(product::ProductCommand),
    /// The audit log: timeline, verification, exports
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// What a steward should look at (exit 3 when there is anything)
    Findings(findings::FindingsArgs),
    /// Apply the repair Meshdesk proposes for a finding
    Repair(findings::RepairArgs),
    /// Finish approved requests whose grants were not made (exit 3 if some cannot be)
    Reconcile(sweeps::ReconcileArgs),
    /// Revoke access past its end (only lists it without --apply)
    Expire(sweeps::ExpireArgs),
    /// Read the mesh's catalog and show its accounts, products and tables
    Refresh(catalog::RefreshArgs),
    /// How each account of the mesh stands: read, cached or failed, and warnings (exit 3 if one failed)
    Accounts(accounts::AccountsArgs),
    /// Sign in with IAM Identity Center (once for every account), and add accounts to the mesh
    Login(sign_in::LoginArgs),
    /// Sign out of IAM Identity Center: remove the session from the keychain
    Logout(sign_in::LogoutArgs),
    /// Show the IAM Identity Center session and when it ends
    Session(sign_in::SessionArgs),
    /// Create the hub's DynamoDB tables of an AWS mesh (once per mesh; safe to repeat)
    Setup(setup::SetupArgs),
    /// Who Meshdesk acts as: the persona, or the signed-in AWS identity with its roles and groups
    Whoami(whoami::WhoamiArgs),
    /// Print a shell completion script
    #[command(after_help = "Examples:
  meshdesk completions bash > ~/.local/share/bash-completion/completions/meshdesk
  meshdesk completions zsh > ~/.zfunc/_meshdesk
  meshdesk completions fish > ~/.config/fish/completions/meshdesk.fish")]
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let Cli { global, command } = Cli::parse();
    let Global { sandbox, mesh, data_dir, json, persona, profile } = global;
    let out = Out::new(json);
    let result = match command {
        Command::Completions { shell } => {
            // Written whole into memory first: clap_complete panics on a failed write, and a
            // closed pipe must not make a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "meshdesk", &mut script);
            output::print_stdout(&String::from_utf8_lossy(&script)).map(|()| Outcome::Done).map_err(Failure::Output)
        }
        // Setting up an AWS mesh's hub opens no mesh: the mesh cannot be opened before it.
        Command::Setup(args) => setup::setup(args, profile.as_deref(), out),
        // Signing in comes before a mesh of Identity Center accounts can be opened.
        Command::Login(args) => sign_in::login(args, out),
        Command::Logout(args) => sign_in::logout(args, out),
        Command::Session(args) => sign_in::session(args, out),
        command => Opened::open(MeshChoice { data_dir, mesh_file: mesh, sandbox, persona, profile }, out).and_then(|opened| {
            match opened {
                Opened::Sandbox(s) => run(&s, command).map_err(|failure| s.explain(failure)),
                Opened::Aws(s) => match command {
                    Command::Whoami(args) => whoami::whoami_aws(&s, args),
                    command => run(&s, command),
                }
                .map_err(|failure| s.explain_aws(failure)),
            }
        }),
    };
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(failure) => fail(failure, out),
    }
}

fn run<B: Backend>(s: &Session<B>, command: Command) -> Result<Outcome, Failure> {
    match command {
        Command::Products(args) => catalog::products(s, args),
        Command::Show(args) => catalog::show(s, args),
        Command::Lineage(args) => lineage::lineage(s, args),
        Command::Access(args) => access::access(s, args),
        Command::WhoCanRead(args) => access::who_can_read(s, args),
        Command::Request(args) => requests::request(s, args),
        Command::Requests(args) => requests::requests(s, args),
        Command::ShowRequest(args) => requests::show_request(s, args),
        Command::Approve(args) => decide::approve(s, args),
        Command::Reject(args) => decide::reject(s, args),
        Command::Withdraw(args) => decide::withdraw(s, args),
        Command::Revoke(args) => decide::revoke(s, args),
        Command::Extend(args) => decide::extend(s, args),
        Command::Retry(args) => decide::retry(s, args),
        Command::Policy(command) => policy::policy(s, command),
        Command::Product(command) => product::product(s, command),
        Command::Audit(command) => audit::audit(s, command),
        Command::Findings(args) => findings::findings(s, args),
        Command::Repair(args) => findings::repair(s, args),
        Command::Reconcile(args) => sweeps::reconcile(s, args),
        Command::Expire(args) => sweeps::expire(s, args),
        Command::Refresh(args) => catalog::refresh(s, args),
        Command::Whoami(args) => whoami::whoami(s, args),
        Command::Accounts(args) => accounts::accounts(s, args),
        // Handled before the mesh is opened: completions need no data directory, and setting up
        // a hub comes before its mesh can be opened.
        Command::Completions { .. }
        | Command::Setup(_)
        | Command::Login(_)
        | Command::Logout(_)
        | Command::Session(_) => Ok(Outcome::Done),
    }
}

/// Says why on stderr (and, with `--json`, as `{code, message}` on stdout) and picks the exit code.
fn fail(failure: Failure, out: Out) -> ExitCode {
    match failure {
        Failure::Usage { command, message } => {
            let mut cli = Cli::command();
            cli.build();
            let mut usage_of = cli;
            for name in command {
                match usage_of.find_subcommand(name) {
                    Some(sub) => usage_of = sub.clone(),
                    None => break,
                }
            }
            usage_of.error(ErrorKind::ArgumentConflict, message).exit()
        }
        Failure::Output(e) => {
            note(&format!("error: could not write the output: {e}"));
            ExitCode::FAILURE
        }
        Failure::Api { error, hint } => {
            if out.json
                && let Ok(text) = serde_json::to_string_pretty(&error)
            {
                let _ = output::print_stdout(&text);
            }
            note(&format!("error: {}", error.message));
            if let Some(hint) = hint {
                note(&format!("hint: {hint}"));
            }
            ExitCode::FAILURE
        }
    }
}
