//! `meshdesk login`, `logout` and `session`: signing in with IAM Identity Center once for every
//! account of the mesh. The session lives in the OS keychain; nothing here prints a token.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use meshdesk_api::{SignIn, configured_sso_targets, default_mesh_file, mesh_sso_target, open_in_browser};
use meshdesk_protocol::time::utc_time;
use meshdesk_protocol::{ApiError, SignInState, SsoAccountChoice, SsoAccountPick, SsoSessionInfo, SsoTarget};

use crate::account_picker;
use crate::output::{Out, note};
use crate::session::{Failure, Outcome};

/// Which Identity Center to sign in to.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    /// The AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start
    #[arg(long, value_name = "URL", requires = "region", conflicts_with = "sso_session")]
    start_url: Option<String>,
    /// The Identity Center region (with --start-url)
    #[arg(long, value_name = "REGION", requires = "start_url")]
    region: Option<String>,
    /// A `[sso-session NAME]` section of ~/.aws/config to take the start URL and region from
    #[arg(long, value_name = "NAME")]
    sso_session: Option<String>,
    /// The mesh file whose [sso] section to use, and which --accounts writes to
    /// [default: $MESHDESK_MESH_FILE, else ~/.config/meshdesk/mesh.toml]
    #[arg(long, value_name = "FILE")]
    mesh: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Runs Identity Center's device sign-in: prints the verification page and the code, opens
the page in your browser on a desktop, and waits until you approve. The session is kept in the
OS keychain and renews itself; `meshdesk logout` removes it.

The start URL and region come from --start-url/--region, else --sso-session, else the mesh
file's [sso] section, else the only sso-session section of ~/.aws/config.

On a terminal, login then asks which of your accounts to add to the mesh file and the role in
each (--role is the answer Enter takes) — every time with --accounts, else only while the mesh
file names none of them. --accounts --role NAME or --account ID choose without asking, as in
scripts; with no terminal nothing is asked.

Examples:
  meshdesk login --start-url https://d-1234567890.awsapps.com/start --region eu-west-1
  meshdesk login --sso-session corp --accounts --role MeshReader
  meshdesk login --accounts --account 402183775004 --account 402183775001 --role MeshReader")]
pub struct LoginArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// Then add accounts you have to the mesh file (the [sso] section and one entry each)
    #[arg(long)]
    accounts: bool,
    /// With --accounts: only these account ids (repeatable) [default: every account with the role]
    #[arg(long = "account", value_name = "ID", requires = "accounts")]
    account: Vec<String>,
    /// The role to use in each account added [default: an account's only role; on a terminal,
    /// the answer Enter takes]
    #[arg(long, value_name = "NAME")]
    role: Option<String>,
    /// When the mesh file is new: the hub account [default: the first one picked]
    #[arg(long, value_name = "ID")]
    hub: Option<String>,
    /// Sign in again even when the keychain holds a working session
    #[arg(long)]
    force: bool,
    /// Do not open the browser (print the page only)
    #[arg(long)]
    no_browser: bool,
    /// Also write the token to the AWS CLI's cache for this sso-session name, so `aws` shares
    /// the sign-in (off by default: that file holds the token in plain text)
    #[arg(long, value_name = "SESSION")]
    export_aws_cli: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Removes the session (tokens and client registration) from the OS keychain.

Examples:
  meshdesk logout
  meshdesk logout --start-url https://d-1234567890.awsapps.com/start --region eu-west-1")]
pub struct LogoutArgs {
    #[command(flatten)]
    target: TargetArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Shows the Identity Center session: signed in until when, or ended.

Examples:
  meshdesk session
  meshdesk session --json")]
pub struct SessionArgs {
    #[command(flatten)]
    target: TargetArgs,
}

impl TargetArgs {
    fn mesh_file(&self) -> PathBuf {
        self.mesh.clone().unwrap_or_else(default_mesh_file)
    }

    fn resolve(&self) -> Result<SsoTarget, ApiError> {
        if let (Some(start_url), Some(region)) = (&self.start_url, &self.region) {
            return Ok(SsoTarget { start_url: start_url.clone(), region: region.clone(), session_name: None });
        }
        let configured = configured_sso_targets();
        if let Some(name) = &self.sso_session {
            return configured.into_iter().find(|t| t.session_name.as_deref() == Some(name.as_str())).ok_or_else(|| {
                ApiError::invalid_input(format!(
                    "~/.aws/config has no complete [sso-session {name}] section (with sso_start_url and sso_region)"
                ))
            });
        }
        if let Some(target) = mesh_sso_target(&self.mesh_file()) {
            return Ok(target);
        }
        match configured.len() {
            1 => Ok(configured.into_iter().next().unwrap_or_else(|| unreachable!("one element"))),
            0 => Err(ApiError::invalid_input(
                "which Identity Center? pass --start-url and --region, or --sso-session NAME, or add an [sso] section to the mesh file".to_owned(),
            )),
            _ => {
                let names: Vec<String> = configured.into_iter().filter_map(|t| t.session_name).collect();
                Err(ApiError::invalid_input(format!("~/.aws/config has several sso-session sections: pass --sso-session with one of {}", names.join(", "))))
            }
        }
    }
}

fn until(session: &SsoSessionInfo) -> String {
    let renews = if session.renewable { " (renews itself)" } else { "" };
    format!("Signed in to {} ({}) until {}{renews}", session.start_url, session.region, utc_time(session.expires_at))
}

pub fn login(args: LoginArgs, out: Out) -> Result<Outcome, Failure> {
    let target = args.target.resolve()?;
    let service = SignIn::new()?;
    let current = if args.force { SignInState::SignedOut } else { service.state(&target)? };
    let session = match current {
        SignInState::SignedIn { session } => {
            note(&format!("Already signed in to {} (use --force to sign in again)", session.start_url));
            session
        }
        SignInState::SignedOut | SignInState::Ended { .. } => {
            let code = service.start(&target)?;
            note(&format!(
                "To sign in, open {}\nand check that it shows the code {}\n(waiting until {})",
                code.verification_uri,
                code.user_code,
                utc_time(code.expires_at)
            ));
            if !args.no_browser {
                open_in_browser(&code.verification_uri);
            }
            service.wait()?
        }
    };
    if let Some(name) = &args.export_aws_cli {
        let path = service.export_to_aws_cli(&target, name)?;
        note(&format!("Wrote the token to the AWS CLI cache {}", path.display()));
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let added = match accounts_mode(&args, terminal)? {
        AccountsMode::Keep => None,
        mode => add_accounts(&args, &service, &target, mode)?,
    };
    let value = serde_json::json!({ "session": session, "accounts_added": added });
    out.show(&value, |_, _| until(&session) + "\n").map(|()| Outcome::Done).map_err(Failure::Output)
}

/// Whether and how `login` adds accounts to the mesh file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AccountsMode {
    /// Sign in only.
    Keep,
    /// The flags say which (`--account`, `--role`, else each account's only role).
    Flags,
    /// Ask on the terminal; `always` false asks only while the mesh file names none of them.
    Ask { always: bool },
}

/// On a terminal the person is asked unless the flags name the accounts (`--account`) or every
/// account with a role (`--accounts --role`); with no terminal the flags decide, and a role or
/// hub given without `--accounts` is a usage error rather than silently ignored.
fn accounts_mode(args: &LoginArgs, terminal: bool) -> Result<AccountsMode, Failure> {
    let named = !args.account.is_empty() || (args.accounts && args.role.is_some());
    if terminal && !named {
        return Ok(AccountsMode::Ask { always: args.accounts || args.role.is_some() || args.hub.is_some() });
    }
    if args.accounts {
        return Ok(AccountsMode::Flags);
    }
    if args.role.is_some() || args.hub.is_some() {
        return Err(Failure::Usage {
            command: &["login"],
            message: "--role and --hub say how to add accounts: pass --accounts with them (there is no terminal to ask on)".to_owned(),
        });
    }
    Ok(AccountsMode::Keep)
}

/// Adds the accounts picked by the flags or on the terminal to the mesh file; the count added,
/// or `None` when nothing was asked.
fn add_accounts(args: &LoginArgs, service: &SignIn, target: &SsoTarget, mode: AccountsMode) -> Result<Option<usize>, Failure> {
    let mesh_file = args.target.mesh_file();
    let accounts = service.accounts(target, Some(&mesh_file))?;
    let (picks, asked_hub) = match mode {
        AccountsMode::Keep => return Ok(None),
        AccountsMode::Ask { always: false } if accounts.iter().any(|a| a.in_mesh) => return Ok(None),
        AccountsMode::Ask { .. } => {
            let ask_hub = args.hub.is_none() && !mesh_file.exists();
            let mut stderr = std::io::stderr().lock();
            let picked = account_picker::pick(&accounts, args.role.as_deref(), ask_hub, &mut std::io::stdin().lock(), &mut stderr)
                .map_err(|e| Failure::refused(e.to_string()))?;
            if picked.picks.is_empty() {
                note("No account added.");
                return Ok(Some(0));
            }
            let hub = picked.picks[picked.hub].clone();
            (picked.picks, Some(hub))
        }
        AccountsMode::Flags => (pick(&accounts, &args.account, args.role.as_deref())?, None),
    };
    let hub = match (&args.hub, asked_hub) {
        (Some(id), _) => picks
            .iter()
            .find(|p| &p.account_id == id)
            .cloned()
            .ok_or_else(|| ApiError::invalid_input(format!("--hub {id} is not among the accounts picked")))?,
        (None, Some(hub)) => hub,
        (None, None) => picks[0].clone(),
    };
    let count = service.add_to_mesh(target, &mesh_file, &mesh_name(&mesh_file), &hub, &picks)?;
    note(&format!("Added {count} account(s) to {}", mesh_file.display()));
    Ok(Some(count))
}

/// The accounts to add and the role in each: `only` (all when empty), each with `role` (or
/// its only role). An account without that role is skipped with a note.
fn pick(accounts: &[SsoAccountChoice], only: &[String], role: Option<&str>) -> Result<Vec<SsoAccountPick>, ApiError> {
    for id in only {
        if !accounts.iter().any(|a| &a.account_id == id) {
            return Err(ApiError::invalid_input(format!("account {id} is not among the accounts you have")));
        }
    }
    let mut picks = Vec::new();
    for account in accounts.iter().filter(|a| only.is_empty() || only.contains(&a.account_id)) {
        let chosen = match (role, account.roles.as_slice()) {
            (Some(role), roles) if roles.iter().any(|r| r == role) => role.to_owned(),
            (None, [only_role]) => only_role.clone(),
            (Some(role), roles) => {
                note(&format!("skipped {} ({}): no role {role} there (roles: {})", account.name, account.account_id, roles.join(", ")));
                continue;
            }
            (None, roles) => {
                note(&format!("skipped {} ({}): several roles ({}), pick one with --role", account.name, account.account_id, roles.join(", ")));
                continue;
            }
        };
        picks.push(SsoAccountPick { account_id: account.account_id.clone(), name: account.name.clone(), role: chosen, domain: String::new() });
    }
    if picks.is_empty() {
        return Err(ApiError::invalid_input(
            "no account to add: name a role you have with --role (or run `meshdesk login --accounts` on a terminal to choose)".to_owned(),
        ));
    }
    Ok(picks)
}

fn mesh_name(mesh_file: &Path) -> String {
    mesh_file.file_stem().map_or_else(|| "mesh".to_owned(), |s| s.to_string_lossy().into_owned())
}

pub fn logout(args: LogoutArgs, out: Out) -> Result<Outcome, Failure> {
    let target = args.target.resolve()?;
    let had = SignIn::new()?.sign_out(&target)?;
    let value = serde_json::json!({ "start_url": target.start_url, "signed_out": had });
    out.show(&value, |_, _| {
        if had {
            format!("Signed out of {}: the keychain holds nothing of the session\n", target.start_url)
        } else {
            format!("Not signed in to {}\n", target.start_url)
        }
    })
    .map(|()| Outcome::Done)
    .map_err(Failure::Output)
}

pub fn session(args: SessionArgs, out: Out) -> Result<Outcome, Failure> {
    let target = args.target.resolve()?;
    let state = SignIn::new()?.state(&target)?;
    out.show(&state, |state, _| match state {
        SignInState::SignedIn { session } => until(session) + "\n",
        SignInState::SignedOut => format!("Not signed in to {}: run `meshdesk login`\n", target.start_url),
        SignInState::Ended { message } => format!("{message}: run `meshdesk login`\n"),
    })
    .map(|()| Outcome::Done)
    .map_err(Failure::Output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, roles: &[&str]) -> SsoAccountChoice {
        SsoAccountChoice { account_id: id.into(), name: format!("acct {id}"), roles: roles.iter().map(|r| (*r).to_owned()).collect(), in_mesh: false }
    }

    #[test]
    fn the_picker_takes_the_preferred_role_or_an_accounts_only_role() {
        let accounts = [account("111111111111", &["Reader", "Admin"]), account("222222222222", &["Reader"]), account("333333333333", &["Admin"])];
        let picked = |only: &[&str], role| {
            let only: Vec<String> = only.iter().map(|s| (*s).to_owned()).collect();
            pick(&accounts, &only, role).map(|p| p.into_iter().map(|p| format!("{}/{}", p.account_id, p.role)).collect::<Vec<_>>())
        };
        assert_eq!(picked(&[], Some("Reader")).expect("picks"), ["111111111111/Reader", "222222222222/Reader"]);
        assert_eq!(picked(&[], None).expect("picks"), ["222222222222/Reader", "333333333333/Admin"]);
        assert_eq!(picked(&["333333333333"], None).expect("picks"), ["333333333333/Admin"]);
        assert!(picked(&["999999999999"], None).expect_err("unknown").message.contains("999999999999 is not among"));
        assert!(picked(&["333333333333"], Some("Reader")).expect_err("nothing").message.contains("no account to add"));
    }

    #[derive(clap::Parser)]
    struct Login {
        #[command(flatten)]
        args: LoginArgs,
    }

    fn mode(flags: &[&str], terminal: bool) -> Result<AccountsMode, String> {
        use clap::Parser;
        let parsed = Login::try_parse_from(std::iter::once("login").chain(flags.iter().copied())).map_err(|e| e.to_string())?;
        accounts_mode(&parsed.args, terminal).map_err(|e| match e {
            Failure::Usage { message, .. } => message,
            other => format!("not a usage error: {other:?}"),
        })
    }

    #[test]
    fn a_terminal_is_asked_unless_the_flags_name_the_accounts() {
        assert_eq!(mode(&[], true), Ok(AccountsMode::Ask { always: false }), "while the mesh names none of them");
        assert_eq!(mode(&["--accounts"], true), Ok(AccountsMode::Ask { always: true }));
        assert_eq!(mode(&["--role", "Analyst"], true), Ok(AccountsMode::Ask { always: true }), "the role is Enter's answer");
        assert_eq!(mode(&["--accounts", "--role", "Analyst"], true), Ok(AccountsMode::Flags));
        assert_eq!(mode(&["--accounts", "--account", "111111111111"], true), Ok(AccountsMode::Flags));

        assert_eq!(mode(&[], false), Ok(AccountsMode::Keep), "no terminal: sign in only, as before");
        assert_eq!(mode(&["--accounts"], false), Ok(AccountsMode::Flags));
        let error = mode(&["--role", "Analyst"], false).expect_err("a role with nothing to add");
        assert!(error.contains("pass --accounts with them"), "{error}");
        assert!(mode(&["--hub", "111111111111"], false).is_err());
        assert!(mode(&["--account", "111111111111"], false).is_err(), "--account still needs --accounts");
    }
}
