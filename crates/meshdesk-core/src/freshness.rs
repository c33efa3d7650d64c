//! Freshness: when a table's data last changed, against the product's freshness SLO.

use crate::model::{params, Database, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Fresh,
    Breached,
    NoSlo,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Freshness {
    pub state: State,
    pub last_updated: Option<i64>,
    pub age_hours: Option<f64>,
    pub slo_hours: Option<u32>,
}

/// When the table's data last changed: `meshdesk:last_updated` if the producer sets it, else
/// Glue's `UpdateTime`.
pub fn last_updated(table: &Table) -> Option<i64> {
    table.parameters.get(params::LAST_UPDATED).and_then(|v| v.trim().parse::<i64>().ok()).or(table.update_time)
}

/// The product's freshness SLO in hours, when it declares a valid one.
pub fn slo_hours(db: &Database) -> Option<u32> {
    db.parameters.get(params::SLO_FRESHNESS_HOURS).and_then(|v| v.trim().parse::<u32>().ok()).filter(|h| *h > 0)
}

/// Judges an update time against an SLO at `now` (all Unix seconds).
pub fn assess(last_updated: Option<i64>, slo_hours: Option<u32>, now: i64) -> Freshness {
    let age_hours = last_updated.map(|t| ((now - t).max(0)) as f64 / 3600.0);
    let state = match (age_hours, slo_hours) {
        (None, _) => State::Unknown,
        (Some(_), None) => State::NoSlo,
        (Some(age), Some(slo)) if age > f64::from(slo) => State::Breached,
        (Some(_), Some(_)) => State::Fresh,
    };
    Freshness { state, last_updated, age_hours, slo_hours }
}

/// A product is as fresh as its stalest table; a table with no known update time makes the
/// product's freshness unknown rather than hiding behind the others.
pub fn stalest<'a>(tables: impl IntoIterator<Item = &'a Table>) -> Option<i64> {
    let mut stalest: Option<i64> = None;
    for t in tables {
        let updated = last_updated(t)?;
        stalest = Some(stalest.map_or(updated, |s| s.min(updated)));
    }
    stalest
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600;

    #[test]
    fn an_update_older_than_the_slo_is_a_breach() {
        let now = 1_000 * HOUR;
        assert_eq!(assess(Some(now - 30 * HOUR), Some(24), now).state, State::Breached);
        assert_eq!(assess(Some(now - 23 * HOUR), Some(24), now).state, State::Fresh);
        assert_eq!(assess(Some(now - 23 * HOUR), None, now).state, State::NoSlo);
        assert_eq!(assess(None, Some(24), now).state, State::Unknown);
        assert_eq!(assess(Some(now - 30 * HOUR), Some(24), now).age_hours, Some(30.0));
    }

    #[test]
    fn the_producers_timestamp_wins_over_glue_update_time() {
        let mut t = Table { update_time: Some(5), ..Table::default() };
        assert_eq!(last_updated(&t), Some(5));
        t.parameters.insert(params::LAST_UPDATED.into(), "42".into());
        assert_eq!(last_updated(&t), Some(42));
        t.parameters.insert(params::LAST_UPDATED.into(), "yesterday".into());
        assert_eq!(last_updated(&t), Some(5), "an unreadable value falls back to Glue's time");
    }

    #[test]
    fn a_product_is_as_fresh_as_its_stalest_table() {
        let a = Table { update_time: Some(100), ..Table::default() };
        let b = Table { update_time: Some(50), ..Table::default() };
        let unknown = Table::default();
        assert_eq!(stalest([&a, &b]), Some(50));
        assert_eq!(stalest([&a, &unknown]), None);
    }
}
