//! The audit timeline's filters and paging, as the `AuditQuery` they ask for.

use meshdesk_protocol::AuditQuery;

/// Events per page of the timeline.
pub const PAGE_SIZE: u32 = 50;

/// The filter fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub request_id: String,
}

impl TimelineFilter {
    /// The query for page `page` (from 0). Blank fields do not filter.
    pub fn query(&self, page: u32) -> AuditQuery {
        let field = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_owned())
        };
        AuditQuery {
            actor: field(&self.actor),
            action: field(&self.action),
            target: field(&self.target),
            request_id: field(&self.request_id),
            from: None,
            to: None,
            offset: page.saturating_mul(PAGE_SIZE),
            limit: PAGE_SIZE,
        }
    }
}

/// How many pages `total` events fill (at least one, so an empty log still has a page 1).
pub fn page_count(total: u32) -> u32 {
    total.div_ceil(PAGE_SIZE).max(1)
}

/// "51–100 of 230", or "no events".
pub fn page_label(page: u32, shown: usize, total: u32) -> String {
    if total == 0 || shown == 0 {
        return "no events".to_owned();
    }
    let first = page * PAGE_SIZE + 1;
    format!("{first}–{} of {total}", first + shown as u32 - 1)
}

/// "the value before → after", "created: after", "removed: before".
pub fn change_text(before: Option<&str>, after: Option<&str>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!("{b} → {a}"),
        (None, Some(a)) => format!("→ {a}"),
        (Some(b), None) => format!("{b} → (removed)"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_do_not_filter_and_others_are_trimmed() {
        let filter = TimelineFilter { actor: " dana ".into(), action: "request.".into(), ..TimelineFilter::default() };
        let query = filter.query(0);
        assert_eq!(query.actor.as_deref(), Some("dana"));
        assert_eq!(query.action.as_deref(), Some("request."));
        assert_eq!(query.target, None);
        assert_eq!(query.request_id, None);
        assert_eq!((query.offset, query.limit), (0, PAGE_SIZE));
    }

    #[test]
    fn pages_move_the_offset_by_a_page() {
        assert_eq!(TimelineFilter::default().query(2).offset, 2 * PAGE_SIZE);
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn the_page_label_counts_the_events_shown() {
        assert_eq!(page_label(0, 50, 230), "1–50 of 230");
        assert_eq!(page_label(4, 30, 230), "201–230 of 230");
        assert_eq!(page_label(0, 0, 0), "no events");
    }

    #[test]
    fn changes_read_before_then_after() {
        assert_eq!(change_text(Some("pending"), Some("approved")), "pending → approved");
        assert_eq!(change_text(None, Some("granted")), "→ granted");
        assert_eq!(change_text(None, None), "");
    }
}
