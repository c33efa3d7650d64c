//! How port errors and core refusals become `ApiError`s for the shells.

use meshdesk_core::governance::transition::{Refusal, RefusalKind};
use meshdesk_core::ports::PortError;
use meshdesk_protocol::ApiError;

pub(crate) fn from_port(error: PortError) -> ApiError {
    match error {
        PortError::NotFound(m) => ApiError::not_found(m),
        PortError::Invalid(m) => ApiError::invalid_input(m),
        PortError::Conflict(m) => ApiError::conflict(m),
        PortError::AccessDenied(m) => ApiError::forbidden(m),
        PortError::Throttled(m) | PortError::Unavailable(m) => ApiError::unavailable(m),
    }
}

pub(crate) fn from_refusal(refusal: Refusal) -> ApiError {
    match refusal.kind {
        RefusalKind::OwnRequest | RefusalKind::NotEntitled => ApiError::forbidden(refusal.message),
        RefusalKind::WrongState | RefusalKind::AlreadyApproved | RefusalKind::NotDue => ApiError::conflict(refusal.message),
        RefusalKind::ReasonMissing | RefusalKind::Invalid => ApiError::invalid_input(refusal.message),
    }
}
