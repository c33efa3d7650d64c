//! Lake Formation principals read from their text (an account id or an ARN), and the rule for
//! when a grant to one principal reaches another.

use std::fmt;

/// The longest principal text accepted. IAM ARNs are at most 2048 characters.
pub const MAX_LEN: usize = 2048;

/// The AWS partition an ARN lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Partition {
    #[default]
    Aws,
    AwsCn,
    AwsUsGov,
}

impl Partition {
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov].into_iter().find(|p| p.as_str() == text)
    }
}

/// Who a grant is given to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Principal {
    /// A whole AWS account (12 digits): every principal in it that the account's own
    /// administrators let through.
    Account(String),
    /// An IAM role; `path_and_name` is what follows `role/` (e.g. `team/analysts`).
    IamRole {
        partition: Partition,
        account: String,
        path_and_name: String,
    },
    IamUser {
        partition: Partition,
        account: String,
        path_and_name: String,
    },
    /// An IAM Identity Center user, by its identity store id.
    IdcUser {
        partition: Partition,
        id: String,
    },
    IdcGroup {
        partition: Partition,
        id: String,
    },
}

/// How a grant's principal reaches the principal asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Coverage {
    /// The grant names the principal itself.
    Direct,
    /// The grant is to the account the principal belongs to.
    Account,
    /// The grant is to an Identity Center group the principal is a member of.
    Group,
}

/// Why a text is not a principal. Texts are quoted shortened, so a huge or hostile input never
/// makes a huge message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrincipalError {
    #[error("the principal is empty")]
    Empty,
    #[error("the principal is {len} bytes long; the longest accepted is {MAX_LEN}")]
    TooLong { len: usize },
    #[error("'{0}' contains whitespace")]
    Whitespace(String),
    #[error("'{0}' is not a 12-digit account id")]
    NotAnAccountId(String),
    #[error("'{0}' is neither a 12-digit account id nor an ARN (arn:aws:iam::… or arn:aws:identitystore:::…)")]
    Unrecognised(String),
    #[error("'{0}' is not a complete ARN: expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE")]
    IncompleteArn(String),
    #[error("unknown ARN partition '{0}': expected aws, aws-cn or aws-us-gov")]
    UnknownPartition(String),
    #[error(
        "unknown ARN service '{0}': a principal is an IAM role or user (arn:aws:iam::…) or an \
         Identity Center user or group (arn:aws:identitystore:::…)"
    )]
    UnknownService(String),
    #[error("'{0}' names a region; IAM and Identity Center ARNs have none")]
    Regional(String),
    #[error("unsupported IAM resource '{0}': only role/NAME and user/NAME can be granted")]
    UnsupportedIamResource(String),
    #[error("unsupported Identity Center resource '{0}': expected user/ID or group/ID")]
    UnsupportedIdcResource(String),
    #[error("invalid IAM name '{name}': {reason}")]
    InvalidIamName { name: String, reason: &'static str },
    #[error("invalid Identity Center id '{0}': expected 1 to 47 letters, digits or '-'")]
    InvalidIdcId(String),
}

/// At most this many characters of a bad input are repeated in an error.
const SHOWN: usize = 64;

/// The text as an error shows it: control characters escaped, long texts cut with `…`.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(SHOWN).flat_map(char::escape_debug).collect();
    if text.chars().nth(SHOWN).is_some() {
        out.push('…');
    }
    out
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn account_id(text: &str) -> Result<String, PrincipalError> {
    if is_account_id(text) { Ok(text.to_owned()) } else { Err(PrincipalError::NotAnAccountId(shown(text))) }
}

/// IAM's rules for a role or user name with its optional path (`path/sub/Name`).
fn iam_path_and_name(text: &str) -> Result<String, PrincipalError> {
    let invalid = |reason| Err(PrincipalError::InvalidIamName { name: shown(text), reason });
    let Some(name) = text.rsplit('/').next().filter(|n| !n.is_empty()) else {
        return invalid("the name is empty");
    };
    if name.chars().count() > 64 {
        return invalid("a name has at most 64 characters");
    }
    if text.len() > 512 + 64 {
        return invalid("a path has at most 512 characters");
    }
    if text.split('/').any(str::is_empty) {
        return invalid("the path has an empty segment");
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c);
    if !text.chars().all(allowed) {
        return invalid("only letters, digits and +=,.@_- are allowed");
    }
    Ok(text.to_owned())
}

fn idc_id(text: &str) -> Result<String, PrincipalError> {
    let valid = (1..=47).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if valid { Ok(text.to_owned()) } else { Err(PrincipalError::InvalidIdcId(shown(text))) }
}

impl Principal {
    /// Reads an account id, an IAM role or user ARN, or an Identity Center user or group ARN
    /// (with or without the account: `arn:aws:identitystore::ACCOUNT:user/ID`). Surrounding
    /// whitespace is ignored, as lists like `meshdesk:owner` are written with spaces.
    pub fn parse(text: &str) -> Result<Principal, PrincipalError> {
        if text.len() > MAX_LEN {
            return Err(PrincipalError::TooLong { len: text.len() });
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(PrincipalError::Empty);
        }
        if text.contains(char::is_whitespace) {
            return Err(PrincipalError::Whitespace(shown(text)));
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return account_id(text).map(Principal::Account);
        }
        if !text.starts_with("arn:") {
            return Err(PrincipalError::Unrecognised(shown(text)));
        }
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        let &[_, partition, service, region, account, resource] = parts.as_slice() else {
            return Err(PrincipalError::IncompleteArn(shown(text)));
        };
        let partition =
            Partition::parse(partition).ok_or_else(|| PrincipalError::UnknownPartition(shown(partition)))?;
        if service != "iam" && service != "identitystore" {
            return Err(PrincipalError::UnknownService(shown(service)));
        }
        if !region.is_empty() {
            return Err(PrincipalError::Regional(shown(text)));
        }
        if service == "iam" {
            let account = account_id(account)?;
            if resource == "root" {
                return Ok(Principal::Account(account));
            }
            return match resource.split_once('/') {
                Some(("role", rest)) => {
                    Ok(Principal::IamRole { partition, account, path_and_name: iam_path_and_name(rest)? })
                }
                Some(("user", rest)) => {
                    Ok(Principal::IamUser { partition, account, path_and_name: iam_path_and_name(rest)? })
                }
                _ => Err(PrincipalError::UnsupportedIamResource(shown(resource))),
            };
        }
        if !account.is_empty() {
            account_id(account)?;
        }
        match resource.split_once('/') {
            Some(("user", id)) => Ok(Principal::IdcUser { partition, id: idc_id(id)? }),
            Some(("group", id)) => Ok(Principal::IdcGroup { partition, id: idc_id(id)? }),
            _ => Err(PrincipalError::UnsupportedIdcResource(shown(resource))),
        }
    }

    /// The account an IAM principal (or an account) belongs to. Identity Center users and groups
    /// belong to the organisation's identity store, not to an account.
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Account(account) | Principal::IamRole { account, .. } | Principal::IamUser { account, .. } => {
                Some(account)
            }
            Principal::IdcUser { .. } | Principal::IdcGroup { .. } => None,
        }
    }

    /// Whether a grant to `self` reaches `principal`, and how. `groups` are the Identity Center
    /// groups `principal` is a member of.
    pub fn covers(&self, principal: &Principal, groups: &[Principal]) -> Option<Coverage> {
        if self == principal {
            return Some(Coverage::Direct);
        }
        match self {
            Principal::Account(account) if principal.account() == Some(account) => Some(Coverage::Account),
            Principal::IdcGroup { .. } if matches!(principal, Principal::IdcUser { .. }) && groups.contains(self) => {
                Some(Coverage::Group)
            }
            _ => None,
        }
    }

    /// Every grantee a grant could name to reach `self` (`self`, its account, its groups), with
    /// how each reaches it.
    pub fn grantees(&self, groups: &[Principal]) -> Vec<(Principal, Coverage)> {
        let account = self.account().map(|a| Principal::Account(a.to_owned()));
        std::iter::once(self.clone())
            .chain(account)
            .chain(groups.iter().cloned())
            .filter_map(|grantee| grantee.covers(self, groups).map(|how| (grantee, how)))
            .collect()
    }
}

impl fmt::Display for Principal {
    /// The canonical text: an account id, or an ARN in the form Lake Formation lists it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Principal::Account(account) => f.write_str(account),
            Principal::IamRole { partition, account, path_and_name } => {
                write!(f, "arn:{}:iam::{account}:role/{path_and_name}", partition.as_str())
            }
            Principal::IamUser { partition, account, path_and_name } => {
                write!(f, "arn:{}:iam::{account}:user/{path_and_name}", partition.as_str())
            }
            Principal::IdcUser { partition, id } => write!(f, "arn:{}:identitystore:::user/{id}", partition.as_str()),
            Principal::IdcGroup { partition, id } => write!(f, "arn:{}:identitystore:::group/{id}", partition.as_str()),
        }
    }
}

impl std::str::FromStr for Principal {
    type Err = PrincipalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Principal::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLE: &str = "arn:aws:iam::123456789012:role/analysts";
    const USER: &str = "arn:aws:identitystore:::user/b4f8c2d1-5e6a-4f70-8a9b-1c2d3e4f5a6b";
    const GROUP: &str = "arn:aws:identitystore:::group/9067b4c3-30d1-70d4-2a13-0b48f0a9e6f1";

    fn p(text: &str) -> Principal {
        Principal::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn error(text: &str) -> String {
        match Principal::parse(text) {
            Ok(p) => panic!("{text} parsed as {p:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn every_principal_form_reads_and_prints_back_canonically() {
        for text in [
            "123456789012",
            ROLE,
            "arn:aws:iam::123456789012:role/service-role/team/etl.runner@x",
            "arn:aws:iam::123456789012:user/ops/alice",
            "arn:aws-cn:iam::123456789012:role/analysts",
            "arn:aws-us-gov:iam::123456789012:user/bob",
            USER,
            GROUP,
        ] {
            assert_eq!(p(text).to_string(), text);
        }
    }

    #[test]
    fn identity_center_arns_with_an_account_print_without_it() {
        let with_account = p("arn:aws:identitystore::123456789012:user/b4f8c2d1");
        assert_eq!(with_account, Principal::IdcUser { partition: Partition::Aws, id: "b4f8c2d1".into() });
        assert_eq!(with_account.to_string(), "arn:aws:identitystore:::user/b4f8c2d1");
        assert_eq!(with_account.account(), None);
    }

    #[test]
    fn a_role_keeps_its_path_and_its_account() {
        let role = p("arn:aws:iam::123456789012:role/team/analysts");
        assert_eq!(role.account(), Some("123456789012"));
        assert_eq!(
            role,
            Principal::IamRole {
                partition: Partition::Aws,
                account: "123456789012".into(),
                path_and_name: "team/analysts".into()
            }
        );
    }

    #[test]
    fn an_account_root_arn_is_the_account() {
        assert_eq!(p("arn:aws:iam::123456789012:root"), Principal::Account("123456789012".into()));
    }

    #[test]
    fn surrounding_whitespace_is_ignored_but_inner_whitespace_is_not() {
        assert_eq!(p("  123456789012\n"), Principal::Account("123456789012".into()));
        assert_eq!(
            error("arn:aws:iam::123456789012:role/my role"),
            "'arn:aws:iam::123456789012:role/my role' contains whitespace"
        );
    }

    #[test]
    fn errors_say_exactly_what_was_wrong() {
        assert_eq!(error(""), "the principal is empty");
        assert_eq!(error("   "), "the principal is empty");
        assert_eq!(error("12345"), "'12345' is not a 12-digit account id");
        assert!(error("arn:aws:ec2:us-east-1:123456789012:instance/i-1").starts_with("unknown ARN service 'ec2'"));
        assert_eq!(error("arn:aws:iam::12345:role/x"), "'12345' is not a 12-digit account id");
        assert_eq!(
            error("arn:azure:iam::123456789012:role/x"),
            "unknown ARN partition 'azure': expected aws, aws-cn or aws-us-gov"
        );
        assert_eq!(
            error("arn:aws:iam::123456789012:group/admins"),
            "unsupported IAM resource 'group/admins': only role/NAME and user/NAME can be granted"
        );
        assert_eq!(
            error("arn:aws:iam:eu-west-1:123456789012:role/x"),
            "'arn:aws:iam:eu-west-1:123456789012:role/x' names a region; IAM and Identity Center ARNs have none"
        );
        assert_eq!(error("arn:aws:iam::123456789012:role/"), "invalid IAM name '': the name is empty");
        assert_eq!(
            error("arn:aws:iam::123456789012:role/a//b"),
            "invalid IAM name 'a//b': the path has an empty segment"
        );
        assert!(error("arn:aws:identitystore:::membership/x").starts_with("unsupported Identity Center resource"));
        assert!(error("arn:aws:identitystore:::user/").starts_with("invalid Identity Center id ''"));
        assert!(
            error("arn:aws:iam")
                .ends_with("is not a complete ARN: expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE")
        );
        assert!(
            error("dana@telco.example").starts_with("'dana@telco.example' is neither a 12-digit account id nor an ARN")
        );
    }

    #[test]
    fn hostile_inputs_are_refused_with_short_messages() {
        let huge = "1".repeat(10_000);
        assert_eq!(error(&huge), "the principal is 10000 bytes long; the longest accepted is 2048");
        let long_name = format!("arn:aws:iam::123456789012:role/{}", "a".repeat(65));
        assert!(error(&long_name).ends_with("a name has at most 64 characters"));
        let unicode = "arn:aws:iam::123456789012:role/analystés";
        assert_eq!(error(unicode), "invalid IAM name 'analystés': only letters, digits and +=,.@_- are allowed");
        assert!(error("１２３４５６７８９０１２").contains("neither a 12-digit account id nor an ARN"));
        let control = error("arn:aws:iam::123456789012:role/a\u{0}b");
        assert!(control.contains("a\\0b"), "{control}");
        let long_garbage = format!("x{}", "é".repeat(1000));
        assert!(error(&long_garbage).chars().count() < 200);
    }

    #[test]
    fn an_account_grant_covers_every_iam_principal_in_that_account() {
        let account = p("123456789012");
        assert_eq!(account.covers(&p(ROLE), &[]), Some(Coverage::Account));
        assert_eq!(account.covers(&p("arn:aws:iam::123456789012:user/bob"), &[]), Some(Coverage::Account));
        assert_eq!(account.covers(&p("arn:aws:iam::210987654321:role/analysts"), &[]), None);
        assert_eq!(account.covers(&p(USER), &[]), None, "Identity Center users are not in an account");
    }

    #[test]
    fn a_group_grant_covers_its_members_only() {
        let group = p(GROUP);
        assert_eq!(group.covers(&p(USER), &[p(GROUP)]), Some(Coverage::Group));
        assert_eq!(group.covers(&p(USER), &[]), None);
        assert_eq!(group.covers(&p(ROLE), &[p(GROUP)]), None, "only Identity Center users are group members");
    }

    #[test]
    fn a_grant_covers_its_own_principal_and_no_other() {
        assert_eq!(p(ROLE).covers(&p(ROLE), &[]), Some(Coverage::Direct));
        assert_eq!(p(ROLE).covers(&p("123456789012"), &[]), None, "a role's grant does not reach its account");
        assert_eq!(p(ROLE).covers(&p("arn:aws:iam::123456789012:role/other"), &[]), None);
    }

    #[test]
    fn the_grantees_reaching_a_user_are_itself_and_its_groups() {
        let user = p(USER);
        assert_eq!(user.grantees(&[p(GROUP)]), vec![(p(USER), Coverage::Direct), (p(GROUP), Coverage::Group)]);
        assert_eq!(p(ROLE).grantees(&[]), vec![(p(ROLE), Coverage::Direct), (p("123456789012"), Coverage::Account)]);
    }
}
