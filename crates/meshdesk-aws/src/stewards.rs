//! Mesh-wide stewards, as the mesh file's `stewards` names them: the entries a product's
//! `meshdesk:steward` takes (an email matched to the Identity Center sign-in, an IAM role ARN, an
//! Identity Center group ARN), and two more that only make sense mesh-wide:
//!
//! - a role ARN with `*` (`arn:aws:iam::*:role/AWSReservedSSO_DataSteward_*`): Identity Center
//!   names a permission set's role in each account with a suffix of its own, so one steward
//!   permission set is one pattern;
//! - an Identity Center group by id or display name (`data-stewards`), resolved through the
//!   mesh file's `[identity_center]` — which is why it needs that section.

use meshdesk_core::governance::model::Identity;
use meshdesk_core::governance::ownership;
use meshdesk_core::governance::principal::Principal;

use crate::identity::looks_like_email;

/// Why a `stewards` entry of the mesh file cannot name anyone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadSteward {
    #[error("a `stewards` entry is empty")]
    Empty,
    #[error("{0:?} is not an email address (name@domain.example)")]
    Email(String),
    #[error("{entry:?} is not a role, user or group ARN: {reason}")]
    Arn { entry: String, reason: String },
    #[error("{0:?} is not a role ARN pattern: expected one like \"arn:aws:iam::*:role/AWSReservedSSO_DataSteward_*\"")]
    Pattern(String),
    #[error(
        "{0:?} names an Identity Center group, which needs an [identity_center] section with the \
         `identity_store_id` to read groups from (or name stewards by email or role ARN)"
    )]
    GroupWithoutIdentityCenter(String),
}

/// Why a `stewards` entry of the mesh file cannot name anyone; `Ok` when it can.
pub fn check_entry(entry: &str, has_identity_center: bool) -> Result<(), BadSteward> {
    if entry.is_empty() {
        return Err(BadSteward::Empty);
    }
    if entry.contains('@') {
        return if looks_like_email(entry) { Ok(()) } else { Err(BadSteward::Email(entry.to_owned())) };
    }
    if entry.starts_with("arn:") {
        if entry.contains('*') {
            return check_pattern(entry);
        }
        return Principal::parse(entry)
            .map(drop)
            .map_err(|e| BadSteward::Arn { entry: entry.to_owned(), reason: e.to_string() });
    }
    if !has_identity_center {
        return Err(BadSteward::GroupWithoutIdentityCenter(entry.to_owned()));
    }
    Ok(())
}

/// A role or user ARN pattern: `*` may stand for the account or within the name.
fn check_pattern(entry: &str) -> Result<(), BadSteward> {
    let parts: Vec<&str> = entry.splitn(6, ':').collect();
    let well_formed = match parts.as_slice() {
        [_, partition, "iam", "", account, resource] => {
            ["aws", "aws-cn", "aws-us-gov"].contains(partition)
                && (*account == "*" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())))
                && (resource.starts_with("role/") || resource.starts_with("user/"))
        }
        _ => false,
    };
    if well_formed { Ok(()) } else { Err(BadSteward::Pattern(entry.to_owned())) }
}

/// Whether one entry names the identity.
pub fn matches(identity: &Identity, entry: &str) -> bool {
    let entry = entry.trim();
    if entry.starts_with("arn:") && entry.contains('*') {
        identity.principals.iter().any(|p| wildcard_match(entry, p))
    } else {
        ownership::matches(identity, entry)
    }
}

/// Whether the identity is a mesh-wide steward by any of `entries`.
pub fn is_mesh_steward(identity: &Identity, entries: &[String]) -> bool {
    entries.iter().any(|entry| matches(identity, entry))
}

/// `*` matches any run of characters (none included); everything else matches itself.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else { return rest.is_empty() };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(principals: &[&str]) -> Identity {
        Identity {
            email: "sam@telco.example".into(),
            principals: principals.iter().map(|p| (*p).to_owned()).collect(),
            ..Identity::default()
        }
    }

    const STEWARD_ROLE: &str = "arn:aws:iam::111111111111:role/AWSReservedSSO_DataSteward_5f2a9c";

    #[test]
    fn a_role_pattern_names_the_steward_permission_set_in_every_account() {
        let pattern = "arn:aws:iam::*:role/AWSReservedSSO_DataSteward_*";
        assert!(is_mesh_steward(&person(&[STEWARD_ROLE]), &[pattern.into()]));
        assert!(!is_mesh_steward(
            &person(&["arn:aws:iam::111111111111:role/AWSReservedSSO_DataOwner_5f2a9c"]),
            &[pattern.into()]
        ));
        assert!(wildcard_match("a*b*c", "a-b-b-c") && !wildcard_match("a*bc", "abcx") && wildcard_match("*", ""));
    }

    #[test]
    fn stewards_are_named_by_email_role_or_group() {
        let member = Identity {
            groups: vec!["arn:aws:identitystore:::group/9067b4c3-30d1-70d4".into()],
            group_names: vec!["data-stewards".into()],
            ..person(&[])
        };
        for entry in ["data-stewards", "9067b4c3-30d1-70d4", "arn:aws:identitystore::111111111111:group/9067b4c3-30d1-70d4"] {
            assert!(matches(&member, entry), "{entry}");
        }
        assert!(!matches(&person(&[]), "data-stewards"), "a group the person is not known to be in");
        assert!(matches(&person(&[]), "SAM@telco.example"));
        assert!(matches(&person(&[STEWARD_ROLE]), "arn:aws:iam::111111111111:role/AWSReservedSSO_DataSteward_5f2a9c"));
    }

    #[test]
    fn entries_that_name_nobody_are_refused_with_what_to_write() {
        assert!(check_entry("sam@telco.example", false).is_ok());
        assert!(check_entry("arn:aws:iam::*:role/Steward*", false).is_ok());
        assert!(check_entry("data-stewards", true).is_ok());
        let group = check_entry("data-stewards", false).expect_err("no [identity_center]").to_string();
        assert!(group.contains("[identity_center]"), "{group}");
        assert!(check_entry("arn:aws:s3:::*", false).expect_err("not iam").to_string().contains("role ARN pattern"));
        assert!(check_entry("arn:aws:iam::1:role/x", false).expect_err("bad account").to_string().contains("not a role, user or group ARN"));
        assert!(check_entry("sam@", false).is_err());
    }
}
