//! The consumer side of a cross-account share, made in the consumer's account with that
//! account's own credentials (see `meshdesk_core::governance::consumer`):
//!
//! 1. accept the producer's pending RAM resource share invitation, where there is one (accounts
//!    outside the producer's organisation get one per share; inside it there is none);
//! 2. create `meshdesk_shared` in the consumer's catalog if missing, and in it a resource link
//!    per shared table (Glue `CreateTable` with `TargetTable`);
//! 3. grant DESCRIBE on each link to the request's principal, never grantable, recording its
//!    name in the hub first as every grant Meshdesk makes (`grant_names`).
//!
//! Undoing it revokes the DESCRIBE grants and deletes the links. Every step is idempotent: a
//! link already pointing at its target is done, one already gone is done. A name taken by
//! something else is refused, never overwritten or deleted.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_glue::types::{DatabaseInput, TableIdentifier, TableInput};
use aws_sdk_ram::types::ResourceShareInvitationStatus;
use meshdesk_core::governance::consumer::{SHARED_DATABASE, link_grant, out_of_reach};
use meshdesk_core::governance::model::{ResourceLink, ShareRequest};
use meshdesk_core::ports::{ConsumerCatalog, PortError, Reach};

use crate::clients::AccountClients;
use crate::error::{AwsError, ErrorKind, built, classify};
use crate::hub::grant_names::GrantRecord;
use crate::mesh::{AwsMesh, Inner};
use crate::policy::{make_grant, revoke_grant};

impl ConsumerCatalog for AwsMesh {
    fn link(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError> {
        let (request, links) = (request.clone(), links.to_vec());
        self.port(move |inner| link(inner, request, links))
    }

    fn unlink(&self, request: &ShareRequest, links: &[ResourceLink]) -> Result<Reach, PortError> {
        let (request, links) = (request.clone(), links.to_vec());
        self.port(move |inner| unlink(inner, request, links))
    }
}

/// The clients of the links' account; else what to answer: done when there are no links, out
/// of reach when this mesh holds no credentials for the account.
fn consumer_clients<'a>(inner: &'a Inner, links: &[ResourceLink]) -> Result<&'a AccountClients, Reach> {
    let Some(account) = links.first().map(|l| l.account.as_str()) else { return Err(Reach::Done) };
    inner.accounts.iter().find(|c| c.account() == account).ok_or_else(|| Reach::OutOfReach(out_of_reach(account)))
}

async fn link(inner: Arc<Inner>, request: ShareRequest, links: Vec<ResourceLink>) -> Result<Reach, AwsError> {
    let clients = match consumer_clients(&inner, &links) {
        Ok(clients) => clients,
        Err(reach) => return Ok(reach),
    };
    accept_invitations(clients, &request.product_account).await?;
    ensure_shared_database(clients).await?;
    for link in &links {
        ensure_link(clients, &request, link).await?;
        if let Some(grant) = link_grant(&request, link) {
            make_grant(&inner.hub, clients, &GrantRecord::of(&grant)).await?;
            let grants = &mut inner.write_state().snapshot.grants;
            grants.retain(|g| g.id != grant.id);
            grants.push(grant);
        }
    }
    Ok(Reach::Done)
}

async fn unlink(inner: Arc<Inner>, request: ShareRequest, links: Vec<ResourceLink>) -> Result<Reach, AwsError> {
    let clients = match consumer_clients(&inner, &links) {
        Ok(clients) => clients,
        Err(reach) => return Ok(reach),
    };
    for link in &links {
        if let Some(grant) = link_grant(&request, link) {
            revoke_grant(&inner.hub, clients, &grant, &grant.permissions, &BTreeSet::new()).await?;
            inner.write_state().snapshot.grants.retain(|g| g.id != grant.id);
        }
        delete_link(clients, &request, link).await?;
    }
    Ok(Reach::Done)
}

/// Accepts every pending resource share invitation `producer` sent this account; returns how
/// many. None pending (same organisation, or accepted earlier) is fine: nothing to do.
pub async fn accept_invitations(clients: &AccountClients, producer: &str) -> Result<usize, AwsError> {
    let context = || clients.context("RAM GetResourceShareInvitations");
    let mut pages = clients.ram.get_resource_share_invitations().into_paginator().send();
    let mut pending = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify(context(), &e))?;
        pending.extend(
            page.resource_share_invitations()
                .iter()
                .filter(|i| i.status() == Some(&ResourceShareInvitationStatus::Pending))
                .filter(|i| i.sender_account_id() == Some(producer))
                .filter_map(|i| i.resource_share_invitation_arn().map(str::to_owned)),
        );
    }
    for arn in &pending {
        let sent = clients.ram.accept_resource_share_invitation().resource_share_invitation_arn(arn).send().await;
        match sent {
            Ok(_) => {}
            // Someone else (another desktop of the consumer's) accepted it meanwhile.
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_share_invitation_already_accepted_exception()) => {}
            Err(e) => return Err(classify(clients.context(&format!("RAM AcceptResourceShareInvitation {arn}")), &e)),
        }
    }
    Ok(pending.len())
}

async fn ensure_shared_database(clients: &AccountClients) -> Result<(), AwsError> {
    let input = DatabaseInput::builder()
        .name(SHARED_DATABASE)
        .description("Resource links to data products shared with this account, made by Meshdesk")
        .build();
    let sent = clients.glue.create_database().database_input(built("a database", input)?).send().await;
    match sent {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_already_exists_exception()) => Ok(()),
        Err(e) => Err(classify(clients.context(&format!("Glue CreateDatabase {SHARED_DATABASE}")), &e)),
    }
}

/// What a name in the consumer's catalog holds, as far as a link is concerned.
enum Existing {
    Missing,
    /// A resource link to (catalog id, database, table).
    Link(String, String, String),
    /// A table of its own, not a link.
    Table,
}

async fn existing(clients: &AccountClients, link: &ResourceLink) -> Result<Existing, AwsError> {
    let sent = clients.glue.get_table().database_name(&link.database).name(&link.name).send().await;
    let out = match sent {
        Ok(out) => out,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => return Ok(Existing::Missing),
        Err(e) => return Err(classify(clients.context(&format!("Glue GetTable {}.{}", link.database, link.name)), &e)),
    };
    Ok(match out.table().and_then(|t| t.target_table()) {
        Some(target) => Existing::Link(
            target.catalog_id().unwrap_or_default().to_owned(),
            target.database_name().unwrap_or_default().to_owned(),
            target.name().unwrap_or_default().to_owned(),
        ),
        None if out.table().is_some() => Existing::Table,
        None => Existing::Missing,
    })
}

fn points_at(existing: &Existing, request: &ShareRequest, link: &ResourceLink) -> bool {
    matches!(existing, Existing::Link(catalog, database, table)
        if *catalog == request.product_account && *database == request.product_database && *table == link.target_table)
}

fn taken(clients: &AccountClients, request: &ShareRequest, link: &ResourceLink, existing: &Existing) -> AwsError {
    let holds = match existing {
        Existing::Link(catalog, database, table) => format!("a resource link to {catalog}:{database}.{table}"),
        _ => "a table that is not a resource link".to_owned(),
    };
    AwsError::Plain {
        kind: ErrorKind::Conflict,
        message: format!(
            "{}.{} in account {} ({}) is {holds}, not the link to {}:{}.{} Meshdesk makes there; rename or delete it, then retry",
            link.database,
            link.name,
            link.account,
            clients.name,
            request.product_account,
            request.product_database,
            link.target_table
        ),
    }
}

async fn ensure_link(clients: &AccountClients, request: &ShareRequest, link: &ResourceLink) -> Result<(), AwsError> {
    let target = TableIdentifier::builder()
        .catalog_id(&request.product_account)
        .database_name(&request.product_database)
        .name(&link.target_table)
        .build();
    let input = TableInput::builder().name(&link.name).target_table(target).build();
    let sent = clients
        .glue
        .create_table()
        .database_name(&link.database)
        .table_input(built("a resource link", input)?)
        .send()
        .await;
    match sent {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_already_exists_exception()) => {
            let found = existing(clients, link).await?;
            if points_at(&found, request, link) { Ok(()) } else { Err(taken(clients, request, link, &found)) }
        }
        Err(e) => Err(classify(clients.context(&format!("Glue CreateTable (resource link) {}.{}", link.database, link.name)), &e)),
    }
}

/// Deletes the link if it still is Meshdesk's link; something else under its name is left alone.
async fn delete_link(clients: &AccountClients, request: &ShareRequest, link: &ResourceLink) -> Result<(), AwsError> {
    let found = existing(clients, link).await?;
    if matches!(found, Existing::Missing) {
        return Ok(());
    }
    if !points_at(&found, request, link) {
        return Err(taken(clients, request, link, &found));
    }
    let sent = clients.glue.delete_table().database_name(&link.database).name(&link.name).send().await;
    match sent {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => Ok(()),
        Err(e) => Err(classify(clients.context(&format!("Glue DeleteTable {}.{}", link.database, link.name)), &e)),
    }
}

#[cfg(test)]
#[path = "consumer_tests.rs"]
mod tests;
