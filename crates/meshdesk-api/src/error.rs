//! How port errors become `ApiError`s for the shells.

use meshdesk_core::ports::PortError;
use meshdesk_protocol::ApiError;

pub(crate) fn from_port(error: PortError) -> ApiError {
    match error {
        PortError::NotFound(m) => ApiError::not_found(m),
        PortError::Invalid(m) => ApiError::invalid_input(m),
        PortError::AccessDenied(m) | PortError::Throttled(m) | PortError::Conflict(m) | PortError::Unavailable(m) => {
            ApiError::unavailable(m)
        }
    }
}
