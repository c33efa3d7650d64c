//! Moments as people read them: the backend's Unix seconds written as a UTC date and time, the
//! same way the command line writes them (see `meshdesk_protocol::time`).

/// "2025-03-14 09:30 UTC".
pub fn format_time(secs: i64) -> String {
    meshdesk_protocol::time::utc_time(secs)
}
