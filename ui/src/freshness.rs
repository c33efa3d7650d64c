//! Words for time: "3 h ago", "breached by 5 h", "took 1.2 ms", from figures the backend computed.
//!
//! The window never reads the clock for these: the backend sends `age_hours` with each answer.

use meshdesk_protocol::{Freshness, FreshnessState};

/// "just now", "12 min ago", "3 h ago", "4 d ago". Negative or non-finite ages (a clock skew
/// between accounts) read as "just now" rather than as nonsense.
pub fn format_age(hours: f64) -> String {
    if !hours.is_finite() || hours * 60.0 < 1.0 {
        return "just now".to_owned();
    }
    if hours < 1.0 {
        return format!("{} min ago", (hours * 60.0).floor() as u64);
    }
    if hours < 48.0 {
        return format!("{} h ago", hours.floor() as u64);
    }
    format!("{} d ago", (hours / 24.0).floor() as u64)
}

/// The badge a freshness verdict is shown with: a CSS modifier and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshnessBadge {
    pub class: &'static str,
    pub text: String,
}

pub fn freshness_badge(freshness: &Freshness) -> FreshnessBadge {
    match freshness.state {
        FreshnessState::Fresh => FreshnessBadge { class: "fresh", text: "fresh".to_owned() },
        FreshnessState::Breached => {
            let text = match overdue_hours(freshness) {
                Some(hours) => format!("breached by {hours} h"),
                None => "breached".to_owned(),
            };
            FreshnessBadge { class: "breached", text }
        }
        FreshnessState::NoSlo => FreshnessBadge { class: "no-slo", text: "no SLO".to_owned() },
        FreshnessState::Unknown => FreshnessBadge { class: "unknown", text: "not updated yet".to_owned() },
    }
}

/// Whole hours past the SLO, rounded up so that a breach never reads as "by 0 h".
fn overdue_hours(freshness: &Freshness) -> Option<u64> {
    let age = freshness.age_hours?;
    let slo = f64::from(freshness.slo_hours?);
    let overdue = age - slo;
    (overdue.is_finite() && overdue > 0.0).then(|| overdue.ceil() as u64)
}

/// The sentence behind the badge: "last updated 30 h ago, SLO 24 h".
pub fn freshness_detail(freshness: &Freshness) -> String {
    let updated = match freshness.age_hours {
        Some(age) => format!("last updated {}", format_age(age)),
        None => "no update time known".to_owned(),
    };
    match freshness.slo_hours {
        Some(slo) => format!("{updated}, SLO {slo} h"),
        None => format!("{updated}, no freshness SLO"),
    }
}

/// The backend's search time, given in microseconds, as people read it.
pub fn format_took(took_us: u64) -> String {
    if took_us < 10_000 { format!("{:.1} ms", took_us as f64 / 1000.0) } else { format!("{} ms", took_us / 1000) }
}

/// "1 account", "7 accounts".
pub fn count_of(count: usize, singular: &str, plural: &str) -> String {
    if count == 1 { format!("1 {singular}") } else { format!("{count} {plural}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn freshness(state: FreshnessState, age_hours: Option<f64>, slo_hours: Option<u32>) -> Freshness {
        Freshness { state, last_updated: Some(0), age_hours, slo_hours }
    }

    #[test]
    fn ages_read_in_the_largest_sensible_unit() {
        assert_eq!(format_age(0.0), "just now");
        assert_eq!(format_age(0.25), "15 min ago");
        assert_eq!(format_age(3.7), "3 h ago");
        assert_eq!(format_age(47.9), "47 h ago");
        assert_eq!(format_age(24.0 * 9.5), "9 d ago");
    }

    #[test]
    fn impossible_ages_read_as_just_now() {
        assert_eq!(format_age(-2.0), "just now");
        assert_eq!(format_age(f64::NAN), "just now");
    }

    #[test]
    fn a_breach_says_by_how_many_hours() {
        let badge = freshness_badge(&freshness(FreshnessState::Breached, Some(30.2), Some(24)));
        assert_eq!(badge, FreshnessBadge { class: "breached", text: "breached by 7 h".into() });
        let unknown_age = freshness_badge(&freshness(FreshnessState::Breached, None, Some(24)));
        assert_eq!(unknown_age.text, "breached");
    }

    #[test]
    fn other_verdicts_have_their_own_badges() {
        assert_eq!(freshness_badge(&freshness(FreshnessState::Fresh, Some(1.0), Some(24))).text, "fresh");
        assert_eq!(freshness_badge(&freshness(FreshnessState::NoSlo, Some(1.0), None)).text, "no SLO");
        assert_eq!(freshness_badge(&freshness(FreshnessState::Unknown, None, Some(4))).class, "unknown");
    }

    #[test]
    fn the_detail_sentence_names_age_and_slo() {
        assert_eq!(
            freshness_detail(&freshness(FreshnessState::Breached, Some(30.0), Some(24))),
            "last updated 30 h ago, SLO 24 h"
        );
        assert_eq!(
            freshness_detail(&freshness(FreshnessState::Unknown, None, None)),
            "no update time known, no freshness SLO"
        );
    }

    #[test]
    fn search_time_keeps_a_decimal_only_when_small() {
        assert_eq!(format_took(420), "0.4 ms");
        assert_eq!(format_took(12_345), "12 ms");
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(count_of(1, "account", "accounts"), "1 account");
        assert_eq!(count_of(7, "account", "accounts"), "7 accounts");
        assert_eq!(count_of(0, "product", "products"), "0 products");
    }
}
