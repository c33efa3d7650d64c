//! Which AWS profiles exist: the section names of the shared config and credentials files, read
//! from where the SDK reads them (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws`).
//!
//! Only the names are read, so a mesh file can be checked ("is `identity-prd` a profile?") before
//! any credential is resolved; what a profile means is left to aws-config.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The environment variable naming the shared config file.
pub const CONFIG_FILE_ENV: &str = "AWS_CONFIG_FILE";
/// The environment variable naming the shared credentials file.
pub const CREDENTIALS_FILE_ENV: &str = "AWS_SHARED_CREDENTIALS_FILE";

/// The profiles the SDK would find, and the files they came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnownProfiles {
    pub config_file: PathBuf,
    pub credentials_file: PathBuf,
    pub names: BTreeSet<String>,
}

impl KnownProfiles {
    /// Reads the files the SDK would read in this process's environment. A missing file
    /// defines no profile; an unreadable one is an error, since its profiles cannot be checked.
    pub fn from_environment() -> std::io::Result<Self> {
        let config_file = shared_file(CONFIG_FILE_ENV, "config");
        let credentials_file = shared_file(CREDENTIALS_FILE_ENV, "credentials");
        let mut names = BTreeSet::new();
        if let Some(text) = read_if_present(&config_file)? {
            names.extend(config_profiles(&text));
        }
        if let Some(text) = read_if_present(&credentials_file)? {
            names.extend(credentials_profiles(&text));
        }
        Ok(KnownProfiles { config_file, credentials_file, names })
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

/// The shared config file the SDK reads (`AWS_CONFIG_FILE`, else `~/.aws/config`).
pub fn config_file() -> PathBuf {
    shared_file(CONFIG_FILE_ENV, "config")
}

/// The path the SDK uses: the environment variable (with a leading `~` expanded), else `~/.aws/<file>`.
fn shared_file(env: &str, file: &str) -> PathBuf {
    match std::env::var_os(env).filter(|v| !v.is_empty()) {
        Some(value) => expand_home(Path::new(&value)),
        None => home().join(".aws").join(file),
    }
}

fn home() -> PathBuf {
    dirs::home_dir().unwrap_or_default()
}

fn expand_home(path: &Path) -> PathBuf {
    match path.strip_prefix("~") {
        Ok(rest) => home().join(rest),
        Err(_) => path.to_path_buf(),
    }
}

fn read_if_present(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The section headers of an ini-style file, trimmed, in order.
fn sections(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        let inner = line.strip_prefix('[')?;
        let end = inner.find(']')?;
        Some(inner[..end].trim())
    })
}

/// Profiles of the config file: `[default]` and `[profile NAME]` (other sections such as
/// `[sso-session x]` and `[services x]` are not profiles).
pub fn config_profiles(text: &str) -> Vec<String> {
    sections(text)
        .filter_map(|section| {
            if section == "default" {
                return Some("default".to_owned());
            }
            let name = section.strip_prefix("profile")?;
            // `[profile]` alone or `[profilex]` are not profile sections.
            (name.starts_with(char::is_whitespace) && !name.trim().is_empty()).then(|| name.trim().to_owned())
        })
        .collect()
}

/// The value of `key` in `profile`'s section of the config file (`[default]` or `[profile default]`
/// for `default`, `[profile NAME]` otherwise), as the SDK reads it: `key = value` lines at the
/// start of a line (indented lines belong to the property above), comments skipped, the last
/// one written winning.
pub fn config_setting(text: &str, profile: &str, key: &str) -> Option<String> {
    let mut inside = false;
    let mut found = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(inner) = trimmed.strip_prefix('[') {
            let section = inner.find(']').map(|end| inner[..end].trim()).unwrap_or("");
            let name = section
                .strip_prefix("profile")
                .filter(|n| n.starts_with(char::is_whitespace))
                .map(str::trim)
                .or((section == "default").then_some("default"));
            inside = name == Some(profile);
            continue;
        }
        if !inside || line.starts_with(char::is_whitespace) || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if let Some((k, v)) = trimmed.split_once('=')
            && k.trim() == key
        {
            found = Some(v.trim().to_owned());
        }
    }
    found
}

/// Profiles of the credentials file: every section is one, named as written.
pub fn credentials_profiles(text: &str) -> Vec<String> {
    sections(text).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_sections_name_profiles_only_when_they_say_profile() {
        let text = "\
# comment [profile nope]
[default]
region = eu-west-1
[profile  hub ]
role_arn = arn:aws:iam::111111111111:role/x
[sso-session corp]
sso_start_url = https://x
[profilex]
[profile]
[services local]
";
        assert_eq!(config_profiles(text), ["default", "hub"]);
    }

    #[test]
    fn a_setting_is_read_from_its_profiles_section_only() {
        let text = "\
[default]
max_attempts = 2
[profile hub]
region = eu-west-1
services = local
  max_attempts = 9
# max_attempts = 7
max_attempts = 4
[profile other]
max_attempts = 5
[profile hub]
retry_mode=adaptive
";
        assert_eq!(config_setting(text, "hub", "max_attempts").as_deref(), Some("4"));
        assert_eq!(config_setting(text, "hub", "retry_mode").as_deref(), Some("adaptive"));
        assert_eq!(config_setting(text, "default", "max_attempts").as_deref(), Some("2"));
        assert_eq!(config_setting(text, "missing", "max_attempts"), None);
        assert_eq!(config_setting(text, "other", "retry_mode"), None);
    }

    #[test]
    fn every_credentials_section_is_a_profile() {
        assert_eq!(credentials_profiles("[default]\naws_access_key_id=a\n[ci ]\n"), ["default", "ci"]);
    }
}
