//! `Problem`: why something cannot be done, in words for the person doing it. Validation
//! returns it; callers turn it into a plan problem, a refused field or an error message.

/// A reason in words; its text is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Problem(pub String);

impl From<String> for Problem {
    fn from(message: String) -> Self {
        Problem(message)
    }
}

impl From<&str> for Problem {
    fn from(message: &str) -> Self {
        Problem(message.to_owned())
    }
}
