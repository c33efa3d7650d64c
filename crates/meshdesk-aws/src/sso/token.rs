//! What a sign-in leaves behind: the OIDC client registration and the tokens, as kept in the
//! keychain (one JSON document per start URL) and in memory. `Debug` shows no secret.

use serde::{Deserialize, Serialize};

use super::secret::Secret;

/// Why a stored session does not read. Names the field, never the value (it may be a token).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredSessionError {
    #[error("the stored session is not JSON (line {line}, column {column})")]
    NotJson { line: usize, column: usize },
    #[error("the stored session is not a JSON object")]
    NotAnObject,
    #[error("the stored session has no {field}")]
    Missing { field: String },
    #[error("the stored session's {field} is not {expected}")]
    WrongKind { field: String, expected: &'static str },
    /// Not reached for a document that passed the field checks; kept so no input panics.
    #[error("the stored session does not read")]
    Unreadable,
}

/// What a field must hold.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Seconds,
    OptionalText,
    Object,
}

const SESSION_FIELDS: &[(&str, Kind)] = &[
    ("start_url", Kind::Text),
    ("region", Kind::Text),
    ("access_token", Kind::Text),
    ("expires_at", Kind::Seconds),
    ("refresh_token", Kind::OptionalText),
    ("registration", Kind::Object),
];

const REGISTRATION_FIELDS: &[(&str, Kind)] =
    &[("client_id", Kind::Text), ("client_secret", Kind::Text), ("expires_at", Kind::Seconds)];

/// Checks that `doc` is an object with each field of the kind listed; `prefix` names where it sits.
fn check_fields(doc: &serde_json::Value, prefix: &str, fields: &[(&str, Kind)]) -> Result<(), StoredSessionError> {
    let Some(object) = doc.as_object() else {
        return Err(match prefix.strip_suffix('.') {
            Some(field) => StoredSessionError::WrongKind { field: field.to_owned(), expected: "an object" },
            None => StoredSessionError::NotAnObject,
        });
    };
    for (name, kind) in fields {
        let field = || format!("{prefix}{name}");
        let value = object.get(*name).unwrap_or(&serde_json::Value::Null);
        let (ok, expected) = match kind {
            Kind::Text => (value.is_string(), "text"),
            Kind::Seconds => (value.is_i64(), "a whole number of seconds"),
            Kind::OptionalText => (value.is_null() || value.is_string(), "text"),
            Kind::Object => (value.is_object(), "an object"),
        };
        if value.is_null() && !matches!(kind, Kind::OptionalText) {
            return Err(StoredSessionError::Missing { field: field() });
        }
        if !ok {
            return Err(StoredSessionError::WrongKind { field: field(), expected });
        }
    }
    Ok(())
}

/// Meshdesk's registration as a public OIDC client of one Identity Center instance. Reused
/// for every sign-in until it expires (Identity Center gives about 90 days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: Secret,
    /// Unix seconds.
    pub expires_at: i64,
}

impl Registration {
    pub fn usable_at(&self, now: i64) -> bool {
        now + super::REFRESH_MARGIN_SECS < self.expires_at
    }
}

/// A signed-in session: everything needed to call the portal and to renew the access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub start_url: String,
    /// The Identity Center region.
    pub region: String,
    pub access_token: Secret,
    /// Unix seconds when the access token stops working.
    pub expires_at: i64,
    /// Present when Identity Center granted one (it does for the `sso:account:access` scope).
    pub refresh_token: Option<Secret>,
    pub registration: Registration,
}

impl StoredSession {
    /// The document kept in the keychain.
    pub fn to_json(&self) -> String {
        // Plain strings and integers: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the document kept in the keychain, naming the field that is missing or of the
    /// wrong kind — never its value, which may be a token.
    pub fn from_json(text: &str) -> Result<StoredSession, StoredSessionError> {
        // Not serde's message: it may quote the value it could not read.
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| StoredSessionError::NotJson { line: e.line(), column: e.column() })?;
        check_fields(&doc, "", SESSION_FIELDS)?;
        check_fields(&doc["registration"], "registration.", REGISTRATION_FIELDS)?;
        serde_json::from_value(doc).map_err(|_| StoredSessionError::Unreadable)
    }

    /// Whether the access token needs renewing at `now` (it ends within the margin).
    pub fn needs_refresh(&self, now: i64) -> bool {
        now + super::REFRESH_MARGIN_SECS >= self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> StoredSession {
        StoredSession {
            start_url: "https://d-1234567890.awsapps.com/start".into(),
            region: "eu-west-1".into(),
            access_token: Secret::new("accesstoken-5ecre7"),
            expires_at: 1_900_000_000,
            refresh_token: Some(Secret::new("refreshtoken-5ecre7")),
            registration: Registration { client_id: "client-1".into(), client_secret: Secret::new("clientsecret-5ecre7"), expires_at: 1_900_000_000 },
        }
    }

    /// The document with `edit` applied to it, as text.
    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut doc: serde_json::Value = serde_json::from_str(&session().to_json()).expect("JSON");
        edit(&mut doc);
        doc.to_string()
    }

    #[test]
    fn a_stored_session_reads_back_as_written() {
        assert_eq!(StoredSession::from_json(&session().to_json()), Ok(session()));
        let without_refresh = edited(|d| d["refresh_token"] = serde_json::Value::Null);
        assert_eq!(StoredSession::from_json(&without_refresh).map(|s| s.refresh_token), Ok(None));
    }

    #[test]
    fn debug_output_shows_no_secret() {
        let shown = format!("{:?} {:?}", session(), session().registration);
        assert!(!shown.contains("5ecre7"), "{shown}");
        assert_eq!(shown.matches("<redacted>").count(), 4, "{shown}");
    }

    #[test]
    fn a_bad_document_names_the_field_and_never_the_value() {
        let missing = |field: &str| StoredSessionError::Missing { field: field.into() };
        let wrong = |field: &str, expected| StoredSessionError::WrongKind { field: field.into(), expected };
        let cases = [
            ("{\"start_url\": ".to_owned(), StoredSessionError::NotJson { line: 1, column: 14 }),
            ("[1, 2]".to_owned(), StoredSessionError::NotAnObject),
            (edited(|d| {
                d.as_object_mut().map(|o| o.remove("access_token"));
            }), missing("access_token")),
            (edited(|d| d["access_token"] = 12.into()), wrong("access_token", "text")),
            (edited(|d| d["expires_at"] = "soon".into()), wrong("expires_at", "a whole number of seconds")),
            (edited(|d| d["refresh_token"] = serde_json::json!(["refreshtoken-5ecre7"])), wrong("refresh_token", "text")),
            (edited(|d| d["registration"] = "clientsecret-5ecre7".into()), wrong("registration", "an object")),
            (edited(|d| d["registration"]["client_secret"] = serde_json::Value::Null), missing("registration.client_secret")),
            (edited(|d| d["registration"]["expires_at"] = 1.5.into()), wrong("registration.expires_at", "a whole number of seconds")),
        ];
        for (text, expected) in cases {
            let error = StoredSession::from_json(&text).expect_err("does not read");
            assert_eq!(error, expected, "{text}");
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("5ecre7"), "the message shows a secret: {shown}");
        }
    }
}
