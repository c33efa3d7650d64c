//! Who owns and who stewards a product: a verified identity matched against the database's
//! `meshdesk:owner` and `meshdesk:steward` entries.
//!
//! An entry is an email (matched to the Identity Center sign-in, ignoring case), an IAM role or
//! user ARN (matched to the principals the identity acts as) or an Identity Center group — by ARN,
//! or, as domain teams write them by hand, by its id or display name (matched to the identity's
//! groups). ARNs are compared as parsed principals, so the optional
//! account of an Identity Center ARN does not matter, but nothing looser: IAM does not treat two
//! role names differing in case as one principal, so neither does Meshdesk.

use super::model::Identity;
use super::principal::Principal;
use crate::model::{params, split_list, Database};

/// Whether the identity is one of the product's owners.
pub fn is_owner(identity: &Identity, product: &Database) -> bool {
    product.owners().iter().any(|entry| matches(identity, entry))
}

/// Whether the identity may act as a steward for the product: named in its `meshdesk:steward`, or
/// a mesh-wide steward.
pub fn is_steward(identity: &Identity, product: &Database) -> bool {
    identity.steward || stewards(product).iter().any(|entry| matches(identity, entry))
}

/// The product's `meshdesk:steward` entries.
pub fn stewards(product: &Database) -> Vec<String> {
    split_list(product.parameters.get(params::STEWARD).map(String::as_str).unwrap_or_default())
}

/// Whether one owner or steward entry names this identity.
pub fn matches(identity: &Identity, entry: &str) -> bool {
    let entry = entry.trim();
    if entry.starts_with("arn:") {
        // Read both sides as principals, so `arn:aws:identitystore::ACCOUNT:group/ID` and the
        // canonical `arn:aws:identitystore:::group/ID` name the same group; an entry that is not
        // a valid principal matches nothing.
        let Ok(wanted) = Principal::parse(entry) else { return false };
        let acting_as = match wanted {
            Principal::IdcGroup { .. } => &identity.groups,
            _ => &identity.principals,
        };
        acting_as.iter().any(|p| Principal::parse(p).is_ok_and(|p| p == wanted))
    } else if entry.contains('@') {
        !identity.email.trim().is_empty() && identity.email.trim().eq_ignore_ascii_case(entry)
    } else {
        // A group by its display name, or by its id (the ARN's last part).
        !entry.is_empty()
            && (identity.group_names.iter().any(|name| name == entry)
                || identity.groups.iter().any(|g| {
                    matches!(Principal::parse(g), Ok(Principal::IdcGroup { id, .. }) if id == entry)
                }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLE: &str = "arn:aws:iam::100000000001:role/IdentityOwners";
    const GROUP: &str = "arn:aws:identitystore::100000000001:group/9067b4c3-30d1-70d4";

    fn product(owner: &str, steward: &str) -> Database {
        let mut db = Database { account: "100000000001".into(), name: "customer_profiles".into(), ..Database::default() };
        db.parameters.insert(params::OWNER.into(), owner.into());
        db.parameters.insert(params::STEWARD.into(), steward.into());
        db
    }

    fn person(email: &str) -> Identity {
        Identity { id: email.split('@').next().unwrap_or_default().into(), email: email.into(), ..Identity::default() }
    }

    #[test]
    fn an_owner_is_recognised_by_email_ignoring_case() {
        let db = product(&format!("Dana@Telco.example, {ROLE}"), "");
        assert!(is_owner(&person("dana@telco.example"), &db));
        assert!(!is_owner(&person("omar@telco.example"), &db));
    }

    #[test]
    fn an_owner_is_recognised_by_the_role_or_group_they_act_as() {
        let db = product(&format!("{ROLE}, {GROUP}"), "");
        let by_role = Identity { principals: vec![ROLE.into()], ..person("x@telco.example") };
        let by_group = Identity { groups: vec!["arn:aws:identitystore:::group/9067b4c3-30d1-70d4".into()], ..person("y@telco.example") };
        let role_as_group = Identity { groups: vec![ROLE.into()], ..person("z@telco.example") };
        assert!(is_owner(&by_role, &db));
        assert!(is_owner(&by_group, &db), "an Identity Center ARN is the same group with or without the account");
        assert!(!is_owner(&role_as_group, &db), "a role ARN is matched only against the principals acted as");
    }

    #[test]
    fn an_identity_without_an_email_matches_no_email_entry() {
        let db = product("dana@telco.example", "");
        assert!(!is_owner(&Identity::default(), &db));
        assert!(!is_owner(&person("dana"), &product("dana", "")), "a bare name is no email");
    }

    #[test]
    fn a_group_is_also_named_by_its_id_or_display_name() {
        let member = Identity {
            groups: vec![GROUP.into()],
            group_names: vec!["customer-owners".into()],
            ..person("y@telco.example")
        };
        assert!(is_owner(&member, &product("customer-owners", "")));
        assert!(is_owner(&member, &product("9067b4c3-30d1-70d4", "")));
        assert!(!is_owner(&member, &product("Customer-Owners", "")), "display names are compared exactly");
        assert!(!is_owner(&person("y@telco.example"), &product("customer-owners", "")), "not a member");
    }

    #[test]
    fn stewards_are_named_by_the_product_or_are_mesh_wide() {
        let db = product("dana@telco.example", "sam@telco.example");
        assert!(is_steward(&person("sam@telco.example"), &db));
        assert!(!is_steward(&person("dana@telco.example"), &db), "owning is not stewarding");
        let mesh_steward = Identity { steward: true, ..person("lee@telco.example") };
        assert!(is_steward(&mesh_steward, &db));
    }
}
