//! Owner and steward entries as people type them: an email (matched to the Identity Center
//! sign-in), an IAM role or user ARN, or an Identity Center group or user ARN — the forms
//! [`crate::governance::ownership`] recognises. Anything else would name nobody, so it is refused.

use crate::governance::principal::Principal;
use crate::model::split_list;
use crate::problem::Problem;

/// Reads one entry; the message says what is wrong and what is accepted.
pub fn check_entry(entry: &str) -> Result<(), Problem> {
    let entry = entry.trim();
    if entry.starts_with("arn:") {
        return match Principal::parse(entry) {
            Ok(Principal::Account(_)) => Err(whole_account(entry)),
            Ok(_) => Ok(()),
            Err(e) => Err(Problem::from(e.to_string())),
        };
    }
    if entry.len() == 12 && entry.bytes().all(|b| b.is_ascii_digit()) {
        return Err(whole_account(entry));
    }
    if entry.contains('@') {
        return check_email(entry);
    }
    Err(Problem::from(format!(
        "'{entry}' is neither an email, an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) nor an Identity Center group ARN \
         (arn:aws:identitystore:::group/ID)"
    )))
}

fn whole_account(entry: &str) -> Problem {
    Problem::from(format!("'{entry}' is a whole account; name a role or a group of it, so that someone answers for the product"))
}

fn check_email(entry: &str) -> Result<(), Problem> {
    let invalid = || Err(Problem::from(format!("'{entry}' is not an email address (name@domain.example)")));
    let Some((local, domain)) = entry.split_once('@') else { return invalid() };
    let domain_ok = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty() && local.chars().all(|c| c.is_alphanumeric() || "._%+-'".contains(c));
    if domain_ok && local_ok { Ok(()) } else { invalid() }
}

/// A comma-separated list of entries, each checked, trimmed and joined with `,`. The first
/// problem is reported, naming the entry; an entry given twice is a problem too.
pub fn normalise_list(text: &str) -> Result<String, Problem> {
    let entries = split_list(text);
    for (i, entry) in entries.iter().enumerate() {
        check_entry(entry)?;
        if entries[..i].iter().any(|e| e.eq_ignore_ascii_case(entry)) {
            return Err(Problem::from(format!("'{entry}' is listed twice")));
        }
    }
    Ok(entries.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_ownership_recognises_are_accepted() {
        for entry in [
            "dana.okafor@telco.example",
            "arn:aws:iam::402183775004:role/identity-data-owners",
            "arn:aws:iam::402183775004:user/team/dana",
            "arn:aws:identitystore:::group/5d2e8f14-a3b7-4c09-9e61-0f4b7a2c8d53",
            "arn:aws:identitystore::402183775004:group/5d2e8f14",
        ] {
            assert_eq!(check_entry(entry), Ok(()), "{entry}");
        }
    }

    #[test]
    fn entries_that_name_nobody_are_refused_with_the_reason() {
        let problem = |entry: &str| check_entry(entry).expect_err(entry).0;
        assert!(problem("402183775004").contains("is a whole account"));
        assert!(problem("dana").contains("neither an email"));
        assert!(problem("dana@telco").contains("not an email address"));
        assert!(problem("@telco.example").contains("not an email address"));
        assert!(problem("arn:aws:s3:::bucket").contains("unknown ARN service"));
        assert!(problem("arn:aws:iam::402183775004:role/").contains("invalid IAM name"));
    }

    #[test]
    fn a_list_is_trimmed_joined_and_free_of_repeats() {
        assert_eq!(normalise_list(" a@x.example ,  b@x.example,"), Ok("a@x.example,b@x.example".to_owned()));
        assert_eq!(normalise_list("a@x.example, A@x.example"), Err("'A@x.example' is listed twice".into()));
        assert_eq!(normalise_list(""), Ok(String::new()));
    }
}
