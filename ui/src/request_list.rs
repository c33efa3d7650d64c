//! The Requests page's tabs and status filter.

use meshdesk_protocol::{RequestScope, RequestStatus};

/// The tabs an identity sees: everyone has their own requests and an inbox; stewards also see all.
pub fn scopes(steward: bool) -> Vec<RequestScope> {
    let mut scopes = vec![RequestScope::Mine, RequestScope::Inbox];
    if steward {
        scopes.push(RequestScope::All);
    }
    scopes
}

/// The scope to list: the chosen one if the identity has that tab, else its own requests (a
/// steward who switched to a consumer persona no longer has "all").
pub fn effective_scope(chosen: RequestScope, steward: bool) -> RequestScope {
    if scopes(steward).contains(&chosen) { chosen } else { RequestScope::Mine }
}

pub fn scope_id(scope: RequestScope) -> &'static str {
    match scope {
        RequestScope::Mine => "requests-mine",
        RequestScope::Inbox => "requests-inbox",
        RequestScope::All => "requests-all",
    }
}

pub fn scope_label(scope: RequestScope) -> &'static str {
    match scope {
        RequestScope::Mine => "My requests",
        RequestScope::Inbox => "Inbox",
        RequestScope::All => "All requests",
    }
}

/// What an empty list says.
pub fn empty_text(scope: RequestScope, status: Option<RequestStatus>) -> String {
    let what = match status {
        Some(status) => format!("{} requests", status.as_str()),
        None => "requests".to_owned(),
    };
    match scope {
        RequestScope::Mine => format!("You have no {what}. Open a product's Access tab to ask for access."),
        RequestScope::Inbox => format!("No {what} wait for you."),
        RequestScope::All => format!("The mesh has no {what}."),
    }
}

/// The status select's value back into a filter: empty is every status.
pub fn parse_status(value: &str) -> Option<RequestStatus> {
    RequestStatus::parse(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stewards_see_every_request() {
        assert_eq!(scopes(false), vec![RequestScope::Mine, RequestScope::Inbox]);
        assert!(scopes(true).contains(&RequestScope::All));
        assert_eq!(effective_scope(RequestScope::All, false), RequestScope::Mine);
        assert_eq!(effective_scope(RequestScope::Inbox, false), RequestScope::Inbox);
    }

    #[test]
    fn empty_lists_say_what_is_missing_and_what_to_do() {
        assert!(empty_text(RequestScope::Mine, None).contains("Access tab"));
        assert_eq!(empty_text(RequestScope::Inbox, Some(RequestStatus::Pending)), "No pending requests wait for you.");
    }

    #[test]
    fn the_status_filter_reads_its_option_values() {
        assert_eq!(parse_status("approved"), Some(RequestStatus::Approved));
        assert_eq!(parse_status(""), None);
    }
}
