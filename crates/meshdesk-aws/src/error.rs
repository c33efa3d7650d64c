//! The backend's errors, and how an AWS SDK error is classified into the port-level kinds
//! (not found, access denied, throttled, conflict, unavailable, invalid) callers react to.

use aws_sdk_glue::config::http::HttpResponse;
use aws_sdk_glue::error::{ProvideErrorMetadata, SdkError};
use meshdesk_core::ports::PortError;

use crate::mesh_file::MeshFileError;

/// How a failure is to be handled, whichever service it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    NotFound,
    AccessDenied,
    Throttled,
    Conflict,
    Unavailable,
    Invalid,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not found",
            ErrorKind::AccessDenied => "access denied",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Invalid => "invalid",
        }
    }

    pub fn of(error: &PortError) -> ErrorKind {
        match error {
            PortError::NotFound(_) => ErrorKind::NotFound,
            PortError::AccessDenied(_) => ErrorKind::AccessDenied,
            PortError::Throttled(_) => ErrorKind::Throttled,
            PortError::Conflict(_) => ErrorKind::Conflict,
            PortError::Unavailable(_) => ErrorKind::Unavailable,
            PortError::Invalid(_) => ErrorKind::Invalid,
        }
    }

    pub fn port_error(self, message: String) -> PortError {
        match self {
            ErrorKind::NotFound => PortError::NotFound(message),
            ErrorKind::AccessDenied => PortError::AccessDenied(message),
            ErrorKind::Throttled => PortError::Throttled(message),
            ErrorKind::Conflict => PortError::Conflict(message),
            ErrorKind::Unavailable => PortError::Unavailable(message),
            ErrorKind::Invalid => PortError::Invalid(message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error(transparent)]
    MeshFile(#[from] MeshFileError),
    /// An AWS call failed; `context` says which call, in which account.
    #[error("{context}: {detail}")]
    Call { kind: ErrorKind, context: String, detail: String },
    /// A failure whose message says everything (e.g. a request's version conflict).
    #[error("{message}")]
    Plain { kind: ErrorKind, message: String },
    /// A hub item Meshdesk did not write, or wrote with a newer format.
    #[error("the hub table {table} holds an item Meshdesk cannot read ({key}): {problem}")]
    Record { table: String, key: String, problem: String },
    /// Two profiles of the mesh file reach the same AWS account.
    #[error("{}:{line}: profile {profile:?} reaches account {account}, as profile {other:?} does already: list each account once", path.display())]
    DuplicateAccount { path: std::path::PathBuf, line: usize, profile: String, other: String, account: String },
    #[error("cannot start the AWS runtime: {0}")]
    Runtime(std::io::Error),
    /// A change Meshdesk refuses to make (e.g. grant option to another account).
    #[error("{0}")]
    Refused(String),
}

impl AwsError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            AwsError::Call { kind, .. } | AwsError::Plain { kind, .. } => *kind,
            AwsError::MeshFile(_) | AwsError::DuplicateAccount { .. } | AwsError::Refused(_) => ErrorKind::Invalid,
            AwsError::Record { .. } | AwsError::Runtime(_) => ErrorKind::Unavailable,
        }
    }
}

impl From<AwsError> for PortError {
    fn from(error: AwsError) -> Self {
        error.kind().port_error(error.to_string())
    }
}

/// A builder's result: a missing required field is a bug in the caller's input, not AWS's.
pub fn built<T>(what: &str, result: Result<T, aws_sdk_glue::error::BuildError>) -> Result<T, AwsError> {
    result.map_err(|e| AwsError::Call {
        kind: ErrorKind::Invalid,
        context: format!("building {what}"),
        detail: e.to_string(),
    })
}

/// Classifies an SDK error. `context` names the call, e.g. "Glue GetTables in account 1111…".
pub fn classify<E>(context: impl Into<String>, error: &SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let context = context.into();
    let (kind, detail) = match error {
        SdkError::ConstructionFailure(_) => (ErrorKind::Invalid, causes(error)),
        SdkError::TimeoutError(_) => (ErrorKind::Unavailable, "the call timed out".to_owned()),
        SdkError::DispatchFailure(failure) => {
            // Credentials that cannot be resolved (an expired SSO session, a role that cannot be
            // assumed) fail here too, before anything is sent; the SDK names them in the message.
            let text = causes(error);
            let kind = if failure.is_io() || failure.is_timeout() {
                ErrorKind::Unavailable
            } else if text.to_ascii_lowercase().contains("credentials") {
                ErrorKind::AccessDenied
            } else {
                ErrorKind::Unavailable
            };
            (kind, format!("the request could not be sent: {text}"))
        }
        SdkError::ResponseError(_) => {
            let status = error.raw_response().map(|r| r.status().as_u16());
            let kind = status.map_or(ErrorKind::Unavailable, kind_of_status);
            (
                kind,
                format!(
                    "the response could not be read (HTTP {}): {}",
                    status.unwrap_or(0),
                    causes(error)
                ),
            )
        }
        SdkError::ServiceError(service) => {
            let err = service.err();
            let status = service.raw().status().as_u16();
            let kind = err.code().and_then(kind_of_code).unwrap_or_else(|| kind_of_status(status));
            let code = err.code().unwrap_or("an unnamed error");
            let message = err.message().unwrap_or("no message");
            (kind, format!("{code} (HTTP {status}): {message}"))
        }
        _ => (ErrorKind::Unavailable, causes(error)),
    };
    AwsError::Call { kind, context, detail }
}

/// An error and its causes for people: each cause's own message, joined with ": ", leaving out
/// the SDK's wrappers that say nothing ("dispatch failure", "io error") and a cause that only
/// repeats the one before it. The SDK's `DisplayErrorContext` ends with a `Debug` dump of the whole
/// error, which is no use on screen.
pub(crate) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    const SAY_NOTHING: [&str; 4] = ["dispatch failure", "io error", "other", "unhandled error"];
    let mut kept: Vec<String> = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        next = e.source();
        if text.is_empty() || SAY_NOTHING.contains(&text.as_str()) {
            continue;
        }
        match kept.last_mut() {
            Some(last) if last.contains(text.as_str()) => {}
            Some(last) if text.contains(last.as_str()) => *last = text,
            _ => kept.push(text),
        }
    }
    if kept.is_empty() { error.to_string() } else { kept.join(": ") }
}

/// The kind an AWS error code names, across Glue, Lake Formation, DynamoDB and STS.
pub fn kind_of_code(code: &str) -> Option<ErrorKind> {
    Some(match code {
        "AccessDeniedException"
        | "AccessDenied"
        | "UnauthorizedOperation"
        | "UnauthorizedException"
        | "ExpiredTokenException"
        | "ExpiredToken"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "MissingAuthenticationToken"
        | "PermissionTypeMismatchException" => ErrorKind::AccessDenied,
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "ProvisionedThroughputExceededException"
        | "RequestLimitExceeded"
        | "SlowDown" => ErrorKind::Throttled,
        "EntityNotFoundException" | "ResourceNotFoundException" | "NoSuchEntity" => ErrorKind::NotFound,
        "ConditionalCheckFailedException"
        | "TransactionConflictException"
        | "ConcurrentModificationException"
        | "AlreadyExistsException"
        | "ResourceInUseException"
        | "TransactionInProgressException"
        | "IdempotentParameterMismatchException" => ErrorKind::Conflict,
        "InvalidInputException"
        | "ValidationException"
        | "InvalidParameterValueException"
        | "ResourceNumberLimitExceededException"
        | "GlueEncryptionException" => ErrorKind::Invalid,
        "InternalServiceException"
        | "InternalServerError"
        | "InternalFailure"
        | "ServiceUnavailable"
        | "ServiceUnavailableException"
        | "OperationTimeoutException"
        | "RequestTimeout" => ErrorKind::Unavailable,
        _ => return None,
    })
}

fn kind_of_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::AccessDenied,
        404 => ErrorKind::NotFound,
        409 | 412 => ErrorKind::Conflict,
        429 => ErrorKind::Throttled,
        400..=499 => ErrorKind::Invalid,
        _ => ErrorKind::Unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_every_service_fall_into_the_port_kinds() {
        let cases = [
            ("AccessDeniedException", ErrorKind::AccessDenied),
            ("ExpiredTokenException", ErrorKind::AccessDenied),
            ("ThrottlingException", ErrorKind::Throttled),
            ("ProvisionedThroughputExceededException", ErrorKind::Throttled),
            ("EntityNotFoundException", ErrorKind::NotFound),
            ("ResourceNotFoundException", ErrorKind::NotFound),
            ("ConditionalCheckFailedException", ErrorKind::Conflict),
            ("TransactionConflictException", ErrorKind::Conflict),
            ("InvalidInputException", ErrorKind::Invalid),
            ("InternalServiceException", ErrorKind::Unavailable),
        ];
        for (code, kind) in cases {
            assert_eq!(kind_of_code(code), Some(kind), "{code}");
        }
        assert_eq!(kind_of_code("SomethingNew"), None);
        assert_eq!(kind_of_status(429), ErrorKind::Throttled);
        assert_eq!(kind_of_status(503), ErrorKind::Unavailable);
    }

    #[derive(Debug)]
    struct Wrapper(&'static str, Option<Box<dyn std::error::Error + 'static>>);
    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref()
        }
    }

    #[test]
    fn a_failure_reads_as_its_causes_without_the_sdks_wrappers_or_a_debug_dump() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused (os error 111)");
        let tcp = Wrapper("tcp connect error: Connection refused (os error 111)", Some(Box::new(refused)));
        let client = Wrapper("client error (Connect)", Some(Box::new(tcp)));
        let io = Wrapper("io error", Some(Box::new(client)));
        let dispatch = Wrapper("dispatch failure", Some(Box::new(io)));
        assert_eq!(causes(&dispatch), "client error (Connect): tcp connect error: Connection refused (os error 111)");
        assert_eq!(causes(&Wrapper("dispatch failure", None)), "dispatch failure", "a bare wrapper still says something");
    }
}
