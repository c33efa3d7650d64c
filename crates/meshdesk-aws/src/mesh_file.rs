//! The mesh file: which AWS profile reaches the hub and each domain account, in TOML, checked
//! line by line against the profiles the SDK would find.
//!
//! ```toml
//! name = "Telco mesh"
//! stewards = ["data-stewards", "arn:aws:iam::*:role/AWSReservedSSO_DataSteward_*"]
//! [hub]
//! profile = "hub"
//! [identity_center]
//! identity_store_id = "d-1234567890"
//! [[account]]
//! profile = "identity-prod"
//! domain = "identity"
//! ```
//!
//! `stewards` names the mesh-wide stewards with the entries `meshdesk:steward` takes (see
//! `stewards.rs`); `[identity_center]` says where the signed-in person's groups are read.
//!
//! With IAM Identity Center, one sign-in reaches every account: an `[sso]` section names the
//! start URL and region, and an entry names an account and role instead of a profile.
//!
//! ```toml
//! [sso]
//! start_url = "https://d-1234567890.awsapps.com/start"
//! region = "eu-west-1"
//! [[account]]
//! sso_account_id = "402183775004"
//! sso_role = "MeshReader"
//! domain = "identity"
//! region = "eu-west-1"
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::profiles::KnownProfiles;

/// Overrides the mesh file's default location.
pub const MESH_FILE_ENV: &str = "MESHDESK_MESH_FILE";
pub const DEFAULT_REQUESTS_TABLE: &str = "meshdesk-requests";
pub const DEFAULT_AUDIT_TABLE: &str = "meshdesk-audit";
pub const DEFAULT_GRANTS_TABLE: &str = "meshdesk-grants";

/// `$MESHDESK_MESH_FILE`, else `~/.config/meshdesk/mesh.toml` (on every platform, as the AWS
/// CLI keeps `~/.aws`: people edit this file by hand and look for it there).
pub fn default_path() -> PathBuf {
    match std::env::var_os(MESH_FILE_ENV).filter(|v| !v.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => dirs::home_dir().unwrap_or_default().join(".config").join("meshdesk").join("mesh.toml"),
    }
}

/// A checked mesh file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeshFile {
    pub path: PathBuf,
    pub name: String,
    pub hub: HubEntry,
    pub accounts: Vec<AccountEntry>,
    /// Mesh-wide stewards: emails, IAM role ARNs (`*` matches any run of characters, for the
    /// suffix Identity Center gives each account's role), Identity Center group ARNs, ids or
    /// display names.
    pub stewards: Vec<String>,
    /// Where the signed-in person's Identity Center user and groups are read; without it
    /// Meshdesk knows no groups.
    pub identity_center: Option<IdentityCenterEntry>,
    /// The Identity Center instance `sso_*` entries sign in through.
    pub sso: Option<SsoSection>,
}

/// The Identity Center identity store that holds the mesh's users and groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCenterEntry {
    /// The profile that reads the identity store; the hub's (or `--profile`'s) when not given.
    pub profile: Option<String>,
    /// `d-1234567890` or the store's UUID.
    pub identity_store_id: String,
    /// Identity Center's home region; the profile's when not given.
    pub region: Option<String>,
    pub line: usize,
}

/// The mesh file's `[sso]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSection {
    pub start_url: String,
    /// The Identity Center region (an entry without `region` also uses it for its clients).
    pub region: String,
    pub line: usize,
}

/// A role of an account reached through the Identity Center sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoRole {
    pub account_id: String,
    pub role: String,
}

impl SsoRole {
    /// How the entry is named where a profile name would be shown: `sso:<account>/<role>`.
    pub fn label(&self) -> String {
        format!("sso:{}/{}", self.account_id, self.role)
    }
}

/// The hub: the account whose DynamoDB tables hold requests, the audit log and grant names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubEntry {
    /// The profile, or for an Identity Center entry its `SsoRole::label`.
    pub profile: String,
    /// Set when the hub is reached through the Identity Center sign-in.
    pub sso: Option<SsoRole>,
    /// Overrides the profile's region.
    pub region: Option<String>,
    pub tables: HubTables,
    pub line: usize,
}

/// The hub's DynamoDB table names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubTables {
    pub requests: String,
    pub audit: String,
    /// Which Lake Formation grants Meshdesk made, under which ids (see `grant_names`).
    pub grants: String,
}

impl Default for HubTables {
    fn default() -> Self {
        HubTables {
            requests: DEFAULT_REQUESTS_TABLE.to_owned(),
            audit: DEFAULT_AUDIT_TABLE.to_owned(),
            grants: DEFAULT_GRANTS_TABLE.to_owned(),
        }
    }
}

/// A domain account, reached through a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEntry {
    /// The profile, or for an Identity Center entry its `SsoRole::label`.
    pub profile: String,
    /// Set when the account is reached through the Identity Center sign-in.
    pub sso: Option<SsoRole>,
    /// Display name; the profile name when not given.
    pub name: String,
    pub domain: String,
    /// Overrides the profile's region.
    pub region: Option<String>,
    /// Where the entry starts in the mesh file, for messages about it found later (a duplicate
    /// account id is only known once STS has answered).
    pub line: usize,
}

/// One thing wrong with the file, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MeshFileError {
    #[error("cannot read the mesh file {}: {cause}", path.display())]
    Read { path: PathBuf, cause: std::io::Error },
    #[error("cannot read the AWS profiles: {cause}")]
    Profiles { cause: std::io::Error },
    #[error("{}", render(path, problems))]
    Invalid { path: PathBuf, problems: Vec<Problem> },
    #[error("--profile {profile:?} is not a profile in {files}: name one of your AWS config's profiles")]
    UnknownActingProfile { profile: String, files: String },
}

fn render(path: &Path, problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{}:{}: {}", path.display(), p.line, p.message)).collect::<Vec<_>>().join("\n")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: Spanned<String>,
    #[serde(default)]
    stewards: Vec<Spanned<String>>,
    hub: Spanned<RawHub>,
    identity_center: Option<Spanned<RawIdentityCenter>>,
    #[serde(default)]
    account: Vec<Spanned<RawAccount>>,
    sso: Option<Spanned<RawSso>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSso {
    start_url: Spanned<String>,
    region: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHub {
    profile: Option<Spanned<String>>,
    sso_account_id: Option<Spanned<String>>,
    sso_role: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
    requests_table: Option<Spanned<String>>,
    audit_table: Option<Spanned<String>>,
    grants_table: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentityCenter {
    profile: Option<Spanned<String>>,
    identity_store_id: Spanned<String>,
    region: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    profile: Option<Spanned<String>>,
    sso_account_id: Option<Spanned<String>>,
    sso_role: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    domain: Spanned<String>,
    region: Option<Spanned<String>>,
}

impl MeshFile {
    /// Reads and checks `path` against the profiles of this process's AWS config files.
    pub fn load(path: &Path) -> Result<MeshFile, MeshFileError> {
        let text =
            std::fs::read_to_string(path).map_err(|cause| MeshFileError::Read { path: path.to_path_buf(), cause })?;
        let known = KnownProfiles::from_environment().map_err(|cause| MeshFileError::Profiles { cause })?;
        MeshFile::parse(&text, path, &known)
    }

    /// Checks `text` (read from `path`) against `known` profiles, reporting every problem found.
    pub fn parse(text: &str, path: &Path, known: &KnownProfiles) -> Result<MeshFile, MeshFileError> {
        let invalid = |problems| MeshFileError::Invalid { path: path.to_path_buf(), problems };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, &span));
            invalid(vec![Problem { line, message: e.message().trim().to_owned() }])
        })?;
        let mut check = Checker { text, known, problems: Vec::new() };

        let name = check.non_empty(&raw.name, "the mesh's `name`");
        let sso = raw.sso.as_ref().map(|section| {
            let s = section.get_ref();
            let start_url = check.non_empty(&s.start_url, "the `[sso]` `start_url`");
            if !start_url.is_empty() && !start_url.starts_with("https://") {
                check.problem(&s.start_url.span(), format!("{start_url:?} is not a start URL: expected one like \"https://d-1234567890.awsapps.com/start\""));
            }
            SsoSection { start_url, region: check.region(&s.region), line: check.line(&section.span()) }
        });
        let hub = raw.hub.get_ref();
        let hub_line = check.line(&raw.hub.span());
        let (hub_profile, hub_sso) =
            check.reach(&raw.hub.span(), hub.profile.as_ref(), hub.sso_account_id.as_ref(), hub.sso_role.as_ref(), sso.is_some());
        let region = hub.region.as_ref().map(|r| check.region(r));
        let table = |check: &mut Checker<'_>, value: &Option<Spanned<String>>, default: &str| {
            value.as_ref().map_or_else(|| default.to_owned(), |v| check.table_name(v))
        };
        let tables = HubTables {
            requests: table(&mut check, &hub.requests_table, DEFAULT_REQUESTS_TABLE),
            audit: table(&mut check, &hub.audit_table, DEFAULT_AUDIT_TABLE),
            grants: table(&mut check, &hub.grants_table, DEFAULT_GRANTS_TABLE),
        };
        if tables.requests == tables.audit || tables.requests == tables.grants || tables.audit == tables.grants {
            check.problem(
                &raw.hub.span(),
                "the hub's requests, audit and grants tables must be three different tables".to_owned(),
            );
        }
        let hub = HubEntry { profile: hub_profile, sso: hub_sso, region, tables, line: hub_line };

        let identity_center = raw.identity_center.as_ref().map(|section| {
            let ic = section.get_ref();
            if let Some(profile) = &ic.profile {
                check.profile(profile);
            }
            IdentityCenterEntry {
                profile: ic.profile.as_ref().map(|p| p.get_ref().trim().to_owned()),
                identity_store_id: check.identity_store_id(&ic.identity_store_id),
                region: ic.region.as_ref().map(|r| check.region(r)),
                line: check.line(&section.span()),
            }
        });
        let mut stewards = Vec::new();
        for entry in &raw.stewards {
            let text = entry.get_ref().trim();
            if let Err(bad) = crate::stewards::check_entry(text, identity_center.is_some()) {
                check.problem(&entry.span(), bad.to_string());
            }
            stewards.push(text.to_owned());
        }

        if raw.account.is_empty() {
            check.problems.push(Problem {
                line: 1,
                message: "the mesh names no account: add an [[account]] with a `profile` (or `sso_account_id` and `sso_role`) and a `domain`".to_owned(),
            });
        }
        let mut accounts: Vec<AccountEntry> = Vec::new();
        for entry in &raw.account {
            let a = entry.get_ref();
            let (profile, sso_role) =
                check.reach(&entry.span(), a.profile.as_ref(), a.sso_account_id.as_ref(), a.sso_role.as_ref(), sso.is_some());
            let reach_span = a.profile.as_ref().or(a.sso_account_id.as_ref()).map_or_else(|| entry.span(), Spanned::span);
            if let Some(first) = accounts.iter().find(|other| other.profile == profile && !profile.is_empty()) {
                let message = match &sso_role {
                    None => format!("profile {profile:?} is already used by the account at line {}", first.line),
                    Some(r) => format!("role {} of account {} is already used by the account at line {}", r.role, r.account_id, first.line),
                };
                check.problem(&reach_span, message);
            }
            let default_name = sso_role.as_ref().map_or_else(|| profile.clone(), |r| r.account_id.clone());
            let name = a.name.as_ref().map_or(default_name, |n| check.non_empty(n, "an account's `name`"));
            if let Some(first) = accounts.iter().find(|other| other.name == name && !name.is_empty()) {
                let at = a.name.as_ref().map_or_else(|| reach_span.clone(), Spanned::span);
                check.problem(&at, format!("the name {name:?} is already used by the account at line {}", first.line));
            }
            accounts.push(AccountEntry {
                name,
                domain: check.non_empty(&a.domain, "an account's `domain`"),
                region: a.region.as_ref().map(|r| check.region(r)),
                line: check.line(&entry.span()),
                profile,
                sso: sso_role,
            });
        }
        if !check.problems.is_empty() {
            return Err(invalid(check.problems));
        }
        Ok(MeshFile { path: path.to_path_buf(), name, hub, accounts, stewards, identity_center, sso })
    }

    /// The file with `profile` acting in the hub instead of the file's hub profile (`--profile`):
    /// the same mesh, signed in as someone else. The profile must exist, as any the file names.
    pub fn acting_as(mut self, profile: &str, known: &KnownProfiles) -> Result<MeshFile, MeshFileError> {
        let profile = profile.trim();
        if profile.is_empty() || !known.contains(profile) {
            return Err(MeshFileError::UnknownActingProfile {
                profile: profile.to_owned(),
                files: format!("{} or {}", known.config_file.display(), known.credentials_file.display()),
            });
        }
        self.hub.profile = profile.to_owned();
        Ok(self)
    }
}

struct Checker<'a> {
    text: &'a str,
    known: &'a KnownProfiles,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        line_of(self.text, span)
    }

    fn problem(&mut self, span: &Range<usize>, message: String) {
        let line = self.line(span);
        self.problems.push(Problem { line, message });
    }

    fn non_empty(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.problem(&value.span(), format!("{what} is empty"));
        }
        text.to_owned()
    }

    /// How an entry is reached: a `profile`, or `sso_account_id` + `sso_role` through the
    /// `[sso]` sign-in. Returns the profile (or the Identity Center label) and the role.
    fn reach(
        &mut self,
        entry: &Range<usize>,
        profile: Option<&Spanned<String>>,
        account_id: Option<&Spanned<String>>,
        role: Option<&Spanned<String>>,
        has_sso: bool,
    ) -> (String, Option<SsoRole>) {
        match (profile, account_id, role) {
            (Some(profile), None, None) => {
                self.profile(profile);
                (profile.get_ref().trim().to_owned(), None)
            }
            (None, Some(account_id), Some(role)) => {
                let id = account_id.get_ref().trim();
                if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
                    self.problem(&account_id.span(), format!("{id:?} is not an AWS account id: expected 12 digits"));
                }
                let role_name = self.non_empty(role, "the `sso_role`");
                if !has_sso {
                    self.problem(
                        &account_id.span(),
                        "`sso_account_id` needs an [sso] section with the `start_url` and `region` to sign in with".to_owned(),
                    );
                }
                let role = SsoRole { account_id: id.to_owned(), role: role_name };
                (role.label(), Some(role))
            }
            (Some(profile), _, _) => {
                self.problem(&profile.span(), "give either a `profile` or `sso_account_id` and `sso_role`, not both".to_owned());
                (profile.get_ref().trim().to_owned(), None)
            }
            (None, Some(at), None) | (None, None, Some(at)) => {
                self.problem(&at.span(), "`sso_account_id` and `sso_role` go together: give both".to_owned());
                (String::new(), None)
            }
            (None, None, None) => {
                self.problem(entry, "missing `profile` (or `sso_account_id` and `sso_role`)".to_owned());
                (String::new(), None)
            }
        }
    }

    fn profile(&mut self, value: &Spanned<String>) {
        let name = value.get_ref().trim();
        if name.is_empty() {
            self.problem(&value.span(), "the `profile` is empty: name a profile of your AWS config".to_owned());
        } else if !self.known.contains(name) {
            let known: Vec<&str> = self.known.names.iter().map(String::as_str).collect();
            let known = if known.is_empty() {
                "it defines no profile".to_owned()
            } else {
                format!("known: {}", known.join(", "))
            };
            let files = format!("{} or {}", self.known.config_file.display(), self.known.credentials_file.display());
            self.problem(&value.span(), format!("profile {name:?} is not in {files} ({known})"));
        }
    }

    fn region(&mut self, value: &Spanned<String>) -> String {
        let region = value.get_ref().trim();
        if !is_region(region) {
            self.problem(
                &value.span(),
                format!("{region:?} is not an AWS region: expected one like \"eu-west-1\" or \"us-gov-west-1\""),
            );
        }
        region.to_owned()
    }

    /// An identity store id: `d-` and ten hex digits, or a UUID — letters, digits and `-`.
    fn identity_store_id(&mut self, value: &Spanned<String>) -> String {
        let id = value.get_ref().trim();
        if !(1..=64).contains(&id.len()) || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            self.problem(
                &value.span(),
                format!("{id:?} is not an identity store id: expected one like \"d-1234567890\" (IAM Identity Center → Settings)"),
            );
        }
        id.to_owned()
    }

    fn table_name(&mut self, value: &Spanned<String>) -> String {
        let name = value.get_ref().trim();
        let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !(3..=255).contains(&name.len()) || !valid_chars {
            self.problem(
                &value.span(),
                format!("{name:?} is not a DynamoDB table name: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'"),
            );
        }
        name.to_owned()
    }
}

/// A region name as AWS forms them: a two-letter area, one or more words, a number
/// (`eu-west-1`, `us-gov-west-1`, `ap-southeast-2`, `us-isob-east-1`).
pub(crate) fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lower = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    parts.len() >= 3
        && parts[0].len() == 2
        && lower(&parts[0])
        && parts[1..parts.len() - 1].iter().all(lower)
        && parts.last().is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The 1-based line of a span's start.
fn line_of(text: &str, span: &Range<usize>) -> usize {
    let end = span.start.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
#[path = "mesh_file_tests.rs"]
mod tests;
