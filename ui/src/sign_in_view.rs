//! Pure view logic of the Sign-in section: how the session's end is said, which role an
//! account is added with by default, and what the window says after opening the mesh again.

use meshdesk_protocol::SsoSessionInfo;

/// "Signed in to URL until 2026-11-29 14:00 UTC (renews itself)".
pub fn session_line(session: &SsoSessionInfo) -> String {
    let renews = if session.renewable { " (renews itself)" } else { "" };
    format!("Signed in to {} until {}{renews}", session.start_url, crate::dates::format_time(session.expires_at))
}

/// The top bar's short form: "Until 14:00 UTC" when that is within a day of `now` (Unix
/// seconds), else with the date, "Until 2026-11-29 14:00 UTC" (the chip's title says more).
pub fn session_chip_line(session: &SsoSessionInfo, now: i64) -> String {
    let until = crate::dates::format_time(session.expires_at);
    let within_a_day = (0..86_400).contains(&(session.expires_at - now));
    let shown = match until.split_once(' ') {
        Some((_, time)) if within_a_day => time,
        _ => until.as_str(),
    };
    format!("Until {shown}")
}

/// What the window says once it opened the mesh again: which mesh and how much of it it shows.
pub fn reopened_line(info: &meshdesk_protocol::MeshInfo) -> String {
    format!(
        "The mesh {} is open: {}, {}.",
        info.name,
        crate::freshness::count_of(info.accounts.len(), "account", "accounts"),
        crate::freshness::count_of(info.product_count as usize, "product", "products")
    )
}

/// The role an account is added with: the preferred role when the account has it, else its
/// only role, else none (the user picks).
pub fn default_role(roles: &[String], preferred: &str) -> Option<String> {
    let preferred = preferred.trim();
    if !preferred.is_empty() && roles.iter().any(|r| r == preferred) {
        return Some(preferred.to_owned());
    }
    match roles {
        [only] => Some(only.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preferred_role_wins_else_the_only_one() {
        let roles = |r: &[&str]| r.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(default_role(&roles(&["Admin", "Reader"]), "Reader").as_deref(), Some("Reader"));
        assert_eq!(default_role(&roles(&["Admin", "Reader"]), "Auditor"), None);
        assert_eq!(default_role(&roles(&["Admin"]), "Reader").as_deref(), Some("Admin"));
        assert_eq!(default_role(&roles(&[]), ""), None);
    }

    #[test]
    fn the_session_line_says_until_when_and_whether_it_renews() {
        let session = SsoSessionInfo { start_url: "https://d-1.awsapps.com/start".into(), region: "eu-west-1".into(), expires_at: 0, renewable: true };
        let line = session_line(&session);
        assert!(line.starts_with("Signed in to https://d-1.awsapps.com/start until 1970-01-01"), "{line}");
        assert!(line.ends_with("UTC (renews itself)"), "{line}");
        assert_eq!(session_chip_line(&session, 100_000), "Until 1970-01-01 00:00 UTC");
        let soon = SsoSessionInfo { expires_at: 3_600 * 14, ..session };
        assert_eq!(session_chip_line(&soon, 3_600 * 10), "Until 14:00 UTC", "within a day: the time alone");
    }
}
