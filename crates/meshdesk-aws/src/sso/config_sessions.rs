//! The `sso-session` sections of the shared AWS config file (`aws configure sso` writes them),
//! offered as the start URL and region to sign in with.

use super::SsoConfig;

/// A `[sso-session NAME]` section with its start URL and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSession {
    pub name: String,
    pub config: SsoConfig,
}

/// The complete `sso-session` sections of the AWS config file the SDK would read; sections
/// missing a key, or with values that do not check, are skipped.
pub fn config_sessions() -> Vec<ConfigSession> {
    let path = crate::profiles::config_file();
    std::fs::read_to_string(path).map(|text| parse(&text)).unwrap_or_default()
}

fn parse(text: &str) -> Vec<ConfigSession> {
    let mut sessions = Vec::new();
    let mut current: Option<(String, Option<String>, Option<String>)> = None;
    let mut finish = |current: Option<(String, Option<String>, Option<String>)>| {
        if let Some((name, Some(url), Some(region))) = current {
            if let Ok(config) = SsoConfig::new(&url, &region) {
                sessions.push(ConfigSession { name, config });
            }
        }
    };
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            finish(current.take());
            current = header.trim().strip_prefix("sso-session").filter(|n| n.starts_with(char::is_whitespace)).map(|n| (n.trim().to_owned(), None, None));
        } else if let (Some(section), Some((key, value))) = (current.as_mut(), line.split_once('=')) {
            match key.trim() {
                "sso_start_url" => section.1 = Some(value.trim().to_owned()),
                "sso_region" => section.2 = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    finish(current.take());
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_sso_session_sections_are_offered() {
        let text = "[default]\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n\n[profile dev]\nsso_session = corp\n[sso-session half]\nsso_start_url = https://d-2.awsapps.com/start\n[sso-session last]\nsso_region = us-east-1\nsso_start_url = https://d-3.awsapps.com/start\n";
        let found: Vec<(String, String, String)> =
            parse(text).into_iter().map(|s| (s.name, s.config.start_url, s.config.region)).collect();
        assert_eq!(
            found,
            [
                ("corp".to_owned(), "https://d-1234567890.awsapps.com/start".to_owned(), "eu-west-1".to_owned()),
                ("last".to_owned(), "https://d-3.awsapps.com/start".to_owned(), "us-east-1".to_owned()),
            ]
        );
    }
}
