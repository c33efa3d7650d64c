//! How protocol values read in a terminal: moments in UTC, freshness, and the colours of
//! sensitivity, request status and finding severity.

use crate::output::Style;
use crate::table::Cell;
use meshdesk_protocol::{
    EffectiveSensitivity, Freshness, FreshnessState, Permission, RequestStatus, Sensitivity, Severity,
};

/// "2025-03-14 09:30 UTC". UTC, not the local zone: evidence is compared across places.
pub fn time(secs: i64) -> String {
    meshdesk_protocol::time::utc_time(secs)
}

/// "2025-03-14".
pub fn date(secs: i64) -> String {
    meshdesk_protocol::time::utc_date(secs)
}

pub fn sensitivity_style(s: Sensitivity) -> Style {
    match s {
        Sensitivity::Public => Style::Green,
        Sensitivity::Internal => Style::Blue,
        Sensitivity::Confidential => Style::Yellow,
        Sensitivity::Restricted => Style::Red,
    }
}

/// A sensitivity cell, coloured on a terminal; "-" when no tag applies.
pub fn sensitivity(s: Option<Sensitivity>) -> Cell {
    match s {
        Some(s) => Cell::styled(s.as_str(), Some(sensitivity_style(s))),
        None => Cell::styled("-", Some(Style::Dim)),
    }
}

/// The effective sensitivity, e.g. "restricted".
pub fn effective(s: Option<EffectiveSensitivity>) -> Cell {
    sensitivity(s.map(|e| e.value))
}

/// Where an effective sensitivity comes from: "column", "table" or "database".
pub fn source(s: Option<EffectiveSensitivity>) -> Cell {
    match s {
        Some(e) => e.source.as_str().into(),
        None => Cell::styled("-", Some(Style::Dim)),
    }
}

pub fn status(s: RequestStatus) -> Cell {
    let style = match s {
        RequestStatus::Pending | RequestStatus::Approved => Style::Yellow,
        RequestStatus::Provisioned => Style::Green,
        RequestStatus::Rejected | RequestStatus::Revoked => Style::Red,
        RequestStatus::Expired | RequestStatus::Withdrawn => Style::Dim,
    };
    Cell::styled(s.as_str(), Some(style))
}

pub fn severity(s: Severity) -> Cell {
    let (text, style) = match s {
        Severity::High => ("high", Style::Red),
        Severity::Medium => ("medium", Style::Yellow),
        Severity::Low => ("low", Style::Dim),
    };
    Cell::styled(text, Some(style))
}

/// "fresh (3 h old, SLO 24 h)", "breached (50 h old, SLO 24 h)", "no SLO (updated 2025-03-14)".
pub fn freshness(f: &Freshness) -> Cell {
    let age = f.age_hours.map(|h| if h < 48.0 { format!("{h:.0} h old") } else { format!("{:.0} days old", h / 24.0) });
    let slo = f.slo_hours.map(|h| format!("SLO {h} h"));
    let details: Vec<String> = match f.state {
        FreshnessState::NoSlo => f.last_updated.map(|t| format!("updated {}", date(t))).into_iter().collect(),
        _ => age.into_iter().chain(slo).collect(),
    };
    let (word, style) = match f.state {
        FreshnessState::Fresh => ("fresh", Style::Green),
        FreshnessState::Breached => ("breached", Style::Red),
        FreshnessState::NoSlo => ("no SLO", Style::Dim),
        FreshnessState::Unknown => ("unknown", Style::Dim),
    };
    let text = if details.is_empty() { word.to_owned() } else { format!("{word} ({})", details.join(", ")) };
    Cell::styled(text, Some(style))
}

/// A permission as Lake Formation writes it.
pub fn permission(p: Permission) -> &'static str {
    match p {
        Permission::Select => "SELECT",
        Permission::Describe => "DESCRIBE",
        Permission::Insert => "INSERT",
        Permission::Delete => "DELETE",
        Permission::Alter => "ALTER",
        Permission::Drop => "DROP",
        Permission::All => "ALL",
    }
}

pub fn permissions(ps: &[Permission]) -> String {
    ps.iter().map(|p| permission(*p)).collect::<Vec<_>>().join(", ")
}

/// A list for a sentence, or "none".
pub fn list(items: &[String]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_as_utc_calendar_dates() {
        for (secs, expect) in [
            (0, "1970-01-01 00:00 UTC"),
            (1_700_000_000, "2023-11-14 22:13 UTC"),
            (951_782_400, "2000-02-29 00:00 UTC"),
            (-1, "1969-12-31 23:59 UTC"),
        ] {
            assert_eq!(time(secs), expect);
        }
        assert_eq!(date(1_800_000_000), "2027-01-15");
    }

    #[test]
    fn freshness_says_the_verdict_and_the_figures_behind_it() {
        let f = |state, age_hours, slo_hours| Freshness { state, last_updated: Some(0), age_hours, slo_hours };
        let text = |f: Freshness| freshness(&f).painted(&crate::output::Paint { colour: false });
        assert_eq!(text(f(FreshnessState::Fresh, Some(3.2), Some(24))), "fresh (3 h old, SLO 24 h)");
        assert_eq!(text(f(FreshnessState::Breached, Some(72.0), Some(24))), "breached (3 days old, SLO 24 h)");
        assert_eq!(text(f(FreshnessState::NoSlo, Some(1.0), None)), "no SLO (updated 1970-01-01)");
        assert_eq!(text(f(FreshnessState::Unknown, None, None)), "unknown");
    }
}
