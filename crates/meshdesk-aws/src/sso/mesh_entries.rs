//! The account picker's result written into the mesh file: the `[sso]` section and one entry
//! per chosen account and role. Appended as text (the file is hand-edited: its comments and
//! order stay), and written only when the whole result checks.

use std::path::Path;

use super::{SsoConfig, SsoError};
use crate::mesh_file::{MeshFile, SsoRole};
use crate::profiles::KnownProfiles;

/// One chosen account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub role: SsoRole,
    pub name: String,
    pub domain: String,
}

/// Adds the chosen accounts (those not in the file yet) to the mesh file at `path`, creating
/// it — named `mesh_name`, with `hub` as its hub — when it does not exist. Returns the checked
/// file and how many entries were added. Nothing is written when the result does not check.
pub fn add_accounts(
    path: &Path,
    mesh_name: &str,
    config: &SsoConfig,
    hub: &SsoRole,
    chosen: &[Chosen],
    known: &KnownProfiles,
) -> Result<(MeshFile, usize), SsoError> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(SsoError::Invalid(format!("cannot read the mesh file {}: {e}", path.display()))),
    };
    let mut text = existing.clone().unwrap_or_else(|| {
        format!(
            "name = {}\n\n[hub]\nsso_account_id = {}\nsso_role = {}\n",
            quoted(mesh_name),
            quoted(&hub.account_id),
            quoted(&hub.role)
        )
    });
    let current = existing.as_deref().map(|t| MeshFile::parse(t, path, known)).transpose();
    let present: Vec<SsoRole> = match &current {
        Ok(Some(file)) => file.accounts.iter().filter_map(|a| a.sso.clone()).collect(),
        _ => Vec::new(),
    };
    let has_sso = matches!(&current, Ok(Some(file)) if file.sso.is_some()) || text.lines().any(|l| l.trim() == "[sso]");
    if !has_sso {
        // A table header after the top-level keys: appended at the end it is still valid TOML.
        text.push_str(&format!("\n[sso]\nstart_url = {}\nregion = {}\n", quoted(&config.start_url), quoted(&config.region)));
    }
    let mut added = 0;
    for choice in chosen.iter().filter(|c| !present.contains(&c.role)) {
        text.push_str(&format!(
            "\n[[account]]\nsso_account_id = {}\nsso_role = {}\nname = {}\ndomain = {}\n",
            quoted(&choice.role.account_id),
            quoted(&choice.role.role),
            quoted(&choice.name),
            quoted(&choice.domain)
        ));
        added += 1;
    }
    let file = MeshFile::parse(&text, path, known).map_err(|e| SsoError::Invalid(format!("the mesh file would not check, nothing written:\n{e}")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| SsoError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, &text).map_err(|e| SsoError::Invalid(format!("cannot write the mesh file {}: {e}", path.display())))?;
    Ok((file, added))
}

/// A TOML basic string.
fn quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A domain name from an account name: lower-case words joined by `-` ("Billing Prod" → "billing-prod").
pub fn domain_from_name(name: &str) -> String {
    let words: Vec<String> =
        name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect();
    if words.is_empty() { "default".to_owned() } else { words.join("-") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_accounts_are_added_once_to_a_new_or_existing_file() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("mesh.toml");
        let config = SsoConfig::new("https://d-1234567890.awsapps.com/start", "eu-west-1").expect("valid");
        let role = |id: &str, r: &str| SsoRole { account_id: id.into(), role: r.into() };
        let hub = role("111111111111", "MeshdeskHub");
        let chosen = [
            Chosen { role: role("222222222222", "Reader"), name: "Billing \"Prod\"".into(), domain: domain_from_name("Billing Prod") },
            Chosen { role: role("333333333333", "Reader"), name: "voice".into(), domain: "voice".into() },
        ];
        let known = KnownProfiles::default();
        let (file, added) = add_accounts(&path, "Corp mesh", &config, &hub, &chosen, &known).expect("written");
        assert_eq!(added, 2);
        assert_eq!(file.hub.sso, Some(hub.clone()));
        assert_eq!(file.sso.as_ref().map(|s| s.start_url.as_str()), Some(config.start_url.as_str()));
        assert_eq!(file.accounts[0].name, "Billing \"Prod\"");
        assert_eq!(file.accounts[0].domain, "billing-prod");
        let (again, added) = add_accounts(&path, "ignored", &config, &hub, &chosen, &known).expect("written");
        assert_eq!((added, again.accounts.len()), (0, 2), "accounts already in the file are not added twice");

        let before = std::fs::read_to_string(&path).expect("the file");
        let bad = [Chosen { role: role("4444", "Reader"), name: "x".into(), domain: "x".into() }];
        let error = add_accounts(&path, "m", &config, &hub, &bad, &known).expect_err("an invalid id");
        assert!(error.to_string().contains("\"4444\" is not an AWS account id"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).expect("the file"), before, "nothing written");
    }
}
