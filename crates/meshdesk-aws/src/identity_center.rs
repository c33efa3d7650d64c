//! The signed-in person in IAM Identity Center's identity store: their user (found by the
//! sign-in that STS reports as the role session name) and the groups they are a member of.
//!
//! Groups are read with the permissions the person already has (`identitystore:GetUserId`,
//! `ListGroupMembershipsForMember`, `DescribeGroup`). Missing any of them, or a sign-in the store
//! does not know, is not a reason to refuse the mesh: the person is then known by their roles and
//! email only, and a [`Lookup::notice`] says why groups are missing.

use aws_sdk_identitystore::Client;
use aws_sdk_identitystore::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_identitystore::types::{AlternateIdentifier, MemberId, UniqueAttribute};
use aws_smithy_types::Document;

use crate::error::classify;
use crate::identity::{Caller, CallerKind, GENERATED_SESSION_PREFIXES, looks_like_email};

/// An Identity Center group the signed-in person is a member of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    /// `arn:PARTITION:identitystore:::group/ID`, as grants and `meshdesk:owner` name it.
    pub arn: String,
    /// The display name; the id when it could not be read.
    pub name: String,
}

/// What the identity store says about the signed-in person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    /// `arn:PARTITION:identitystore:::user/ID`, when the user was found.
    pub user_arn: Option<String>,
    pub groups: Vec<Group>,
    /// Why groups are missing or partly named, in words for the person.
    pub notice: Option<String>,
}

/// Where the store is and who reads it, for messages.
#[derive(Debug, Clone)]
pub struct Store<'a> {
    pub client: &'a Client,
    pub identity_store_id: &'a str,
    pub profile: &'a str,
}

impl Store<'_> {
    fn context(&self, call: &str) -> String {
        format!("Identity Center {call} in identity store {} with profile {:?}", self.identity_store_id, self.profile)
    }
}

/// Looks the hub caller up in the store. Never fails: what could not be read is in the notice.
pub async fn lookup(store: &Store<'_>, caller: &Caller) -> Lookup {
    let partition = caller.arn.split(':').nth(1).unwrap_or("aws").to_owned();
    let session = match caller.kind() {
        CallerKind::AssumedRole { session, .. }
            if !session.is_empty() && !GENERATED_SESSION_PREFIXES.iter().any(|p| session.starts_with(p)) =>
        {
            session
        }
        _ => {
            return notice(format!(
                "{} is not an Identity Center sign-in (no role session named after a user), so no groups are read: \
                 you act with your roles and email only",
                caller.arn
            ));
        }
    };
    let user_id = match user_id(store, &session).await {
        Ok(Some(id)) => id,
        Ok(None) => {
            return notice(format!(
                "the identity store {} has no user {session:?} (by user name or email), so no groups are read: \
                 you act with your roles and email only",
                store.identity_store_id
            ));
        }
        Err(message) => return notice(message),
    };
    let user_arn = format!("arn:{partition}:identitystore:::user/{user_id}");
    let group_ids = match group_ids(store, &user_id).await {
        Ok(ids) => ids,
        Err(message) => return Lookup { user_arn: Some(user_arn), groups: Vec::new(), notice: Some(message) },
    };
    let mut groups = Vec::new();
    let mut unnamed = None;
    for id in group_ids {
        let name = match store.client.describe_group().identity_store_id(store.identity_store_id).group_id(&id).send().await {
            Ok(out) => out.display_name().filter(|n| !n.is_empty()).unwrap_or(&id).to_owned(),
            Err(e) => {
                unnamed.get_or_insert_with(|| unreadable(&classify(store.context("DescribeGroup"), &e).to_string()));
                id.clone()
            }
        };
        groups.push(Group { arn: format!("arn:{partition}:identitystore:::group/{id}"), id, name });
    }
    Lookup { user_arn: Some(user_arn), groups, notice: unnamed }
}

fn notice(message: String) -> Lookup {
    Lookup { notice: Some(message), ..Lookup::default() }
}

fn unreadable(error: &str) -> String {
    format!("your groups could not be read ({error}); you act with your roles and email only")
}

/// The user whose user name is the sign-in, else (for an email sign-in) whose email it is.
async fn user_id(store: &Store<'_>, sign_in: &str) -> Result<Option<String>, String> {
    let mut paths = vec!["userName"];
    if looks_like_email(sign_in) {
        paths.push("emails.value");
    }
    for path in paths {
        let attribute = UniqueAttribute::builder()
            .attribute_path(path)
            .attribute_value(Document::String(sign_in.to_owned()))
            .build()
            .map_err(|e| e.to_string())?;
        let sent = store
            .client
            .get_user_id()
            .identity_store_id(store.identity_store_id)
            .alternate_identifier(AlternateIdentifier::UniqueAttribute(attribute))
            .send()
            .await;
        match sent {
            Ok(out) => return Ok(Some(out.user_id().to_owned())),
            Err(e) if not_found(&e) => continue,
            Err(e) => return Err(unreadable(&classify(store.context("GetUserId"), &e).to_string())),
        }
    }
    Ok(None)
}

fn not_found<E: ProvideErrorMetadata>(error: &SdkError<E, aws_sdk_identitystore::config::http::HttpResponse>) -> bool {
    error.as_service_error().and_then(ProvideErrorMetadata::code) == Some("ResourceNotFoundException")
}

/// Every group the user is a direct member of, page by page.
async fn group_ids(store: &Store<'_>, user_id: &str) -> Result<Vec<String>, String> {
    let pages = store
        .client
        .list_group_memberships_for_member()
        .identity_store_id(store.identity_store_id)
        .member_id(MemberId::UserId(user_id.to_owned()))
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(|e| unreadable(&classify(store.context("ListGroupMembershipsForMember"), &e).to_string()))?;
    let mut ids: Vec<String> = Vec::new();
    for membership in pages.iter().flat_map(|p| p.group_memberships()) {
        if let Some(id) = membership.group_id()
            && !ids.iter().any(|known| known == id)
        {
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

#[cfg(test)]
#[path = "identity_center_tests.rs"]
mod tests;
