//! The one error every form of the window gives back: which field is wrong and what is wrong with
//! it, so that the page can show the message next to that field (`data-field`) and tests can tell
//! one refusal from another without matching text.

use std::fmt;

/// A field the form cannot accept, and why; shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The form's name for the field (`principal`, `freshness_hours`, …), not its label.
    pub field: &'static str,
    /// What is wrong and what would be right, in the user's words.
    pub message: String,
}

impl FormError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormError {}
