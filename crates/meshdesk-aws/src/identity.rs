//! Who is acting, as STS `GetCallerIdentity` says on each account's credentials — never a name
//! typed in (charter rule 3).
//!
//! One person signs in to many accounts, usually through a different role in each. Meshdesk acts
//! as that one person: the identity's id is the hub caller (where decisions are recorded) and its
//! principals are the callers and roles of every account, so that an owner named by the role
//! ARN of their product's account is recognised.

use meshdesk_core::governance::model::Identity;

use crate::identity_center::Lookup;
use crate::stewards::is_mesh_steward;

/// What STS answered for one account's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account: String,
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `arn:aws:iam::ACCOUNT:user/NAME`, …
    pub arn: String,
    pub user_id: String,
}

/// A caller ARN read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerKind {
    /// An assumed role (Identity Center permission sets are roles too): the role's IAM ARN
    /// (`arn:aws:iam::ACCOUNT:role/NAME`; STS does not say the role's path) and the session name.
    AssumedRole {
        role_arn: String,
        role: String,
        session: String,
    },
    User {
        name: String,
    },
    Root,
    Other,
}

impl Caller {
    pub fn kind(&self) -> CallerKind {
        let mut parts = self.arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some(service), Some(_region), Some(account), Some(resource)) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return CallerKind::Other;
        };
        match (service, resource.split('/').collect::<Vec<_>>().as_slice()) {
            ("sts", ["assumed-role", role, session]) => CallerKind::AssumedRole {
                role_arn: format!("arn:{partition}:iam::{account}:role/{role}"),
                role: (*role).to_owned(),
                session: (*session).to_owned(),
            },
            ("iam", ["user", .., name]) => CallerKind::User { name: (*name).to_owned() },
            ("iam", ["root"]) => CallerKind::Root,
            _ => CallerKind::Other,
        }
    }

    /// The principals this caller acts as: the caller ARN and, for an assumed role, the role.
    pub fn principals(&self) -> Vec<String> {
        let mut principals = vec![self.arn.clone()];
        if let CallerKind::AssumedRole { role_arn, .. } = self.kind() {
            principals.push(role_arn);
        }
        principals
    }
}

/// Session names the SDKs make up when a profile sets none; they name no person.
pub(crate) const GENERATED_SESSION_PREFIXES: [&str; 3] = ["aws-sdk-rust-", "botocore-session-", "aws-go-sdk-"];

/// The person signed in, from the hub's caller and every other account's.
pub fn signed_in(hub: &Caller, others: &[&Caller]) -> Identity {
    let (name, email) = match hub.kind() {
        CallerKind::AssumedRole { role, session, .. } => {
            let email = if looks_like_email(&session) { session.clone() } else { String::new() };
            let generated = GENERATED_SESSION_PREFIXES.iter().any(|p| session.starts_with(p));
            (if generated || session.is_empty() { role } else { session }, email)
        }
        CallerKind::User { name } => (name, String::new()),
        CallerKind::Root => (format!("root of {}", hub.account), String::new()),
        CallerKind::Other => (hub.arn.clone(), String::new()),
    };
    let mut principals: Vec<String> = Vec::new();
    for caller in std::iter::once(hub).chain(others.iter().copied()) {
        for principal in caller.principals() {
            if !principals.contains(&principal) {
                principals.push(principal);
            }
        }
    }
    Identity {
        id: hub.arn.clone(),
        name,
        email,
        account: hub.account.clone(),
        principals,
        groups: Vec::new(),
        group_names: Vec::new(),
        steward: false,
    }
}

/// The signed-in identity completed with what Identity Center says (their user, acted as too, and
/// their groups) and whether the mesh file's `stewards` name them.
pub fn with_directory(mut identity: Identity, lookup: &Lookup, stewards: &[String]) -> Identity {
    if let Some(user) = &lookup.user_arn
        && !identity.principals.contains(user)
    {
        identity.principals.push(user.clone());
    }
    identity.groups = lookup.groups.iter().map(|g| g.arn.clone()).collect();
    identity.group_names = lookup.groups.iter().map(|g| g.name.clone()).collect();
    identity.steward = is_mesh_steward(&identity, stewards);
    identity
}

pub(crate) fn looks_like_email(text: &str) -> bool {
    text.split_once('@')
        .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.') && !domain.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(account: &str, arn: &str) -> Caller {
        Caller { account: account.into(), arn: arn.into(), user_id: "AROAEXAMPLE:x".into() }
    }

    #[test]
    fn an_identity_center_sign_in_is_named_by_its_email_and_acts_as_every_account_role() {
        let hub = caller(
            "111111111111",
            "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Owner_abc/dana@telco.example",
        );
        let domain = caller("222222222222", "arn:aws:sts::222222222222:assumed-role/DataOwner/dana@telco.example");
        let me = signed_in(&hub, &[&domain]);
        assert_eq!(me.id, hub.arn);
        assert_eq!(
            (me.name.as_str(), me.email.as_str(), me.account.as_str()),
            ("dana@telco.example", "dana@telco.example", "111111111111")
        );
        assert_eq!(
            me.principals,
            [
                hub.arn.as_str(),
                "arn:aws:iam::111111111111:role/AWSReservedSSO_Owner_abc",
                domain.arn.as_str(),
                "arn:aws:iam::222222222222:role/DataOwner"
            ]
        );
        assert!(me.groups.is_empty() && !me.steward);
    }

    #[test]
    fn a_generated_session_name_gives_way_to_the_role_name() {
        let hub = caller("111111111111", "arn:aws-cn:sts::111111111111:assumed-role/meshdesk/aws-sdk-rust-1700000000");
        let me = signed_in(&hub, &[]);
        assert_eq!((me.name.as_str(), me.email.as_str()), ("meshdesk", ""));
        assert_eq!(me.principals[1], "arn:aws-cn:iam::111111111111:role/meshdesk");
    }

    #[test]
    fn users_and_root_are_read_too() {
        let user = caller("111111111111", "arn:aws:iam::111111111111:user/team/alice");
        assert_eq!(user.kind(), CallerKind::User { name: "alice".into() });
        assert_eq!(user.principals(), std::slice::from_ref(&user.arn));
        assert_eq!(caller("111111111111", "arn:aws:iam::111111111111:root").kind(), CallerKind::Root);
        assert_eq!(caller("1", "not an arn").kind(), CallerKind::Other);
    }
}
