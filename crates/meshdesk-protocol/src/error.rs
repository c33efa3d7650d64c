//! `ApiError`: how a failure crosses IPC — a small code the window can branch on, and a message for people.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of failure the window treats differently. Grows only when the UI branches on a new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The thing asked for does not exist (a product, a table, an account).
    NotFound,
    /// The request itself is malformed: the message says which field and why.
    InvalidInput,
    /// The mesh's store or service cannot be reached or read (a corrupt or locked file, a network failure).
    Unavailable,
    /// The current identity may not do this (not an owner, its own request, …).
    Forbidden,
    /// Someone changed the thing since it was read (a stale version): reload and retry.
    Conflict,
    /// A bug: something Meshdesk did not expect. The message says what.
    Internal,
}

/// A failure as the window and `--json` see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unavailable, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
