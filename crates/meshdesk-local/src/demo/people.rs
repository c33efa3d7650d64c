//! The demo's people: five personas with their IAM roles, Identity Center users and groups, and
//! the group memberships Identity Center would answer. Products' `meshdesk:owner` entries name
//! these emails, roles and groups, so that Dana owns the identity products, Raj billing's and
//! Omar analytics', Lee is the steward, and Mia, a consumer, owns nothing.

use meshdesk_core::governance::model::Identity;

use crate::persona::Persona;

pub(super) const MESSAGING: &str = "402183775001";
pub(super) const VOICE: &str = "402183775002";
pub(super) const BILLING: &str = "402183775003";
pub(super) const IDENTITY: &str = "402183775004";
pub(super) const ANALYTICS: &str = "402183775006";
pub(super) const MARKETING: &str = "402183775007";
pub(super) const NIMBUS: &str = "588812340017";

pub(super) const DANA_USER: &str = "arn:aws:identitystore:::user/2c6f3a9e-8d41-4b7a-9e15-6a0d4f2b8c31";
pub(super) const LEE_USER: &str = "arn:aws:identitystore:::user/7e1d9b42-35ac-4f86-b0d7-c94e2a6f1358";
pub(super) const MIA_USER: &str = "arn:aws:identitystore:::user/e58a0c17-9b3d-4e62-a7f4-3d1b86c0e294";
pub(super) const OMAR_USER: &str = "arn:aws:identitystore:::user/91b4e6d2-0f7a-4c3e-8b59-52a7d1e9c046";
/// Raj's Identity Center user, also granted directly for a one-off reconciliation.
pub(super) const RAJ_USER: &str = "arn:aws:identitystore:::user/b4f8c2d1-5e6a-4f70-8a9b-1c2d3e4f5a6b";
const KOFI_USER: &str = "arn:aws:identitystore:::user/0a3c5e7f-2b4d-4f61-8c9e-1d3f5a7b9c20";
const ANA_USER: &str = "arn:aws:identitystore:::user/6f8a0b2c-4d6e-4a81-9b3c-5e7f9a1b3d42";

pub(super) const IDENTITY_OWNERS_ROLE: &str = "arn:aws:iam::402183775004:role/identity-data-owners";
pub(super) const BILLING_OWNERS_ROLE: &str = "arn:aws:iam::402183775003:role/billing-data-owners";
pub(super) const ANALYTICS_OWNERS_ROLE: &str = "arn:aws:iam::402183775006:role/analytics-product-owners";
pub(super) const MARKETING_ANALYSTS: &str = "arn:aws:iam::402183775007:role/marketing-analysts";
const DATA_GOVERNANCE_ROLE: &str = "arn:aws:iam::402183775006:role/data-governance";

/// Owns identity's customer_care product (with care-analytics@).
pub(super) const IDENTITY_OWNERS_GROUP: &str = "arn:aws:identitystore:::group/5d2e8f14-a3b7-4c09-9e61-0f4b7a2c8d53";
/// Owns analytics' network_experience product (with network-analytics@).
pub(super) const ANALYTICS_OWNERS_GROUP: &str = "arn:aws:identitystore:::group/c71a3e05-6b2d-4f98-8a4e-d3f0b9256e17";
const BILLING_TEAM_GROUP: &str = "arn:aws:identitystore:::group/3f9b6d28-e1c4-47a0-b5d3-8e2a1c7f9046";
const MARKETING_ANALYSTS_GROUP: &str = "arn:aws:identitystore:::group/a4c8e2f6-1b3d-4e5f-9a7c-0d2e4f6a8b1c";
/// May describe every identity table (an LF-tag policy grant).
pub(super) const DATA_GOVERNANCE_GROUP: &str = "arn:aws:identitystore:::group/4a8e1f02-7c3b-4d59-9e61-2b7f0c9d3a15";
/// Owns voice's voice_fraud product; no persona is a member.
const VOICE_FRAUD_GROUP: &str = "arn:aws:identitystore:::group/9067b4c3-30d1-70d4-2a13-0b48f0a9e6f1";

struct Who {
    id: &'static str,
    name: &'static str,
    role: &'static str,
    account: &'static str,
    email: &'static str,
    principals: [&'static str; 2],
    group: &'static str,
    steward: bool,
}

const PEOPLE: [Who; 5] = [
    Who {
        id: "dana",
        name: "Dana Okafor",
        role: "owner of identity (customer profiles)",
        account: IDENTITY,
        email: "dana.okafor@telco.example",
        principals: [IDENTITY_OWNERS_ROLE, DANA_USER],
        group: IDENTITY_OWNERS_GROUP,
        steward: false,
    },
    Who {
        id: "lee",
        name: "Lee Steward",
        role: "steward, data governance",
        account: ANALYTICS,
        email: "lee.steward@telco.example",
        principals: [DATA_GOVERNANCE_ROLE, LEE_USER],
        group: DATA_GOVERNANCE_GROUP,
        steward: true,
    },
    Who {
        id: "mia",
        name: "Mia Chen",
        role: "consumer, marketing analyst",
        account: MARKETING,
        email: "mia.chen@telco.example",
        principals: [MARKETING_ANALYSTS, MIA_USER],
        group: MARKETING_ANALYSTS_GROUP,
        steward: false,
    },
    Who {
        id: "omar",
        name: "Omar Haddad",
        role: "owner of analytics",
        account: ANALYTICS,
        email: "omar.haddad@telco.example",
        principals: [ANALYTICS_OWNERS_ROLE, OMAR_USER],
        group: ANALYTICS_OWNERS_GROUP,
        steward: false,
    },
    Who {
        id: "raj",
        name: "Raj Patel",
        role: "owner of billing",
        account: BILLING,
        email: "raj.patel@telco.example",
        principals: [BILLING_OWNERS_ROLE, RAJ_USER],
        group: BILLING_TEAM_GROUP,
        steward: false,
    },
];

/// The personas, by id.
pub(super) fn personas() -> Vec<Persona> {
    PEOPLE
        .iter()
        .map(|who| Persona {
            identity: Identity {
                id: who.id.into(),
                name: who.name.into(),
                email: who.email.into(),
                account: who.account.into(),
                principals: who.principals.map(String::from).to_vec(),
                groups: vec![who.group.into()],
                group_names: Vec::new(),
                steward: who.steward,
            },
            role: who.role.into(),
        })
        .collect()
}

/// Every group membership: the personas' (through their Identity Center users) and colleagues'
/// who are not personas.
pub(super) fn memberships() -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = PEOPLE
        .iter()
        .map(|who| (who.principals[1], who.group))
        .chain([(KOFI_USER, VOICE_FRAUD_GROUP), (ANA_USER, VOICE_FRAUD_GROUP)])
        .map(|(member, group)| (member.to_owned(), group.to_owned()))
        .collect();
    pairs.sort();
    pairs
}
