//! Carrying out a checked plan in Lake Formation, in the producer account, with that account's
//! credentials: LF-tag assignments, data cells filters, grants and revokes — then the audit event.
//!
//! Lake Formation has no transactions, so a plan cannot be all-or-nothing the way the sandbox's
//! is. Everything is checked before the first call (`policy_plan`), every step is idempotent,
//! and if a call fails midway the steps already made are recorded in the audit log (action
//! `<action>.incomplete`) before the error is returned: nothing Meshdesk changed goes unaudited,
//! and running the plan again (a retry, `reconcile`) finishes it.
//!
//! A process killed after a grant and before the event cannot write the `.incomplete` event.
//! For that, each grant's name record keeps the apply's event (written before the grant), and
//! `finish_unaudited` — run by reconcile and at every start — grants those again and appends
//! the event the apply never wrote.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_lakeformation::error::ProvideErrorMetadata;
use aws_sdk_lakeformation::types::{self as lf, ColumnWildcard, DataCellsFilter, RowFilter};
use meshdesk_core::governance::model::{AuditDraft, AuditEvent, ColumnSelection, Grant, Permission, PolicyOp, Resource};

use crate::clients::AccountClients;
use crate::error::{AwsError, ErrorKind, built, classify};
use crate::hub::grant_names::{self, GrantRecord};
use crate::hub::{Hub, audit};
use crate::lf_map::{lf_permissions, lf_resource, tag_pair, tag_resource};
use crate::mesh::Inner;
use crate::policy_plan::{Step, plan};

pub async fn apply(inner: Arc<Inner>, ops: Vec<PolicyOp>, draft: AuditDraft, at: i64) -> Result<AuditEvent, AwsError> {
    let recorded = recorded_revokes(&inner, &ops).await?;
    let steps = {
        let state = inner.read_state();
        let mut grants = state.snapshot.grants.clone();
        grants.extend(recorded);
        plan(&ops, &state.snapshot.catalog, &grants)?
    };
    let total = steps.iter().filter(|s| **s != Step::Nothing).count();
    let mut done = 0;
    for step in &steps {
        if *step == Step::Nothing {
            continue;
        }
        if let Err(error) = execute(&inner, step, &draft, at).await {
            if done > 0 {
                let incomplete = AuditDraft {
                    action: format!("{}.incomplete", draft.action),
                    after: Some(format!(
                        "{}\n\nstopped after {done} of {total} changes: {error}",
                        draft.after.as_deref().unwrap_or_default()
                    )),
                    ..draft.clone()
                };
                audit::append(&inner.hub, &incomplete, at).await?;
            }
            return Err(error);
        }
        let mut state = inner.write_state();
        let snapshot = &mut state.snapshot;
        step.effect(&mut snapshot.catalog, &mut snapshot.grants);
        done += 1;
    }
    audit::append(&inner.hub, &draft, at).await
}

/// The grants to revoke that the catalog as last read does not show but the hub records as
/// Meshdesk's: a desktop whose cache was saved before the grant was made (approved in another
/// window, or by an earlier run that crashed) still revokes it, instead of planning nothing and
/// leaving the access in place. The hub is read only when such a grant is asked for.
async fn recorded_revokes(inner: &Inner, ops: &[PolicyOp]) -> Result<Vec<Grant>, AwsError> {
    let missing: BTreeSet<&str> = {
        let state = inner.read_state();
        ops.iter()
            .filter_map(|op| match op {
                PolicyOp::Revoke { grant_id } if !state.snapshot.grants.iter().any(|g| &g.id == grant_id) => {
                    Some(grant_id.as_str())
                }
                _ => None,
            })
            .collect()
    };
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let records = grant_names::all(&inner.hub).await?;
    Ok(records.into_iter().map(|r| r.grant).filter(|g| missing.contains(g.id.as_str())).collect())
}

/// Finishes the policy applies that were cut off between a grant and their audit event (their
/// name records keep the event; the log has none): grants each again — it may have been cut
/// off before Lake Formation's grant, and granting is idempotent — and appends the event, with
/// the apply's actor, target and time, saying reconcile recorded it. Returns the events.
///
/// Two desktops finishing the same apply at once may each append its event; an apply still
/// running elsewhere may be finished here and then append its own. Both only add an event.
pub async fn finish_unaudited(inner: Arc<Inner>, now: i64) -> Result<Vec<AuditEvent>, AwsError> {
    let records = grant_names::all(&inner.hub).await?;
    let events = audit::events(&inner.hub).await?;
    let mut appended = Vec::new();
    for (applied, grants) in grant_names::unaudited(&records, &events) {
        for record in &grants {
            let clients = clients_for(&inner, record.grant.resource.account())?;
            make_grant(&inner.hub, clients, record).await?;
            let mut state = inner.write_state();
            let snapshot = &mut state.snapshot.grants;
            snapshot.retain(|g| g.id != record.grant.id);
            snapshot.push(record.grant.clone());
        }
        let names = grants.iter().map(|r| r.grant.id.as_str()).collect::<Vec<_>>().join(", ");
        let note = format!(
            "recorded by reconcile at {now}: the apply was interrupted after granting {names} and before its audit event; \
             those grants stand (granted again to be sure), other changes of the apply may not have been made"
        );
        let draft = AuditDraft {
            after: Some(match &applied.draft.after {
                Some(after) => format!("{after}\n\n{note}"),
                None => note,
            }),
            ..applied.draft.clone()
        };
        appended.push(audit::append(&inner.hub, &draft, applied.at).await?);
    }
    Ok(appended)
}

pub(crate) fn clients_for<'a>(inner: &'a Inner, account: &str) -> Result<&'a AccountClients, AwsError> {
    inner.accounts.iter().find(|c| c.account() == account).ok_or_else(|| AwsError::Plain {
        kind: ErrorKind::Unavailable,
        message: format!("account {account} is not connected in this mesh (its profile failed when Meshdesk started); fix the profile and reopen the mesh"),
    })
}

async fn execute(inner: &Inner, step: &Step, draft: &AuditDraft, at: i64) -> Result<(), AwsError> {
    let Some(account) = step.account() else { return Ok(()) };
    let clients = clients_for(inner, account)?;
    let lake = &clients.lakeformation;
    match step {
        Step::Nothing => Ok(()),
        Step::SetTags { target, tags } => {
            let pairs = tags.iter().map(|t| tag_pair(&t.key, &t.value)).collect::<Result<Vec<_>, _>>()?;
            let out = lake
                .add_lf_tags_to_resource()
                .resource(tag_resource(target)?)
                .set_lf_tags(Some(pairs))
                .send()
                .await
                .map_err(|e| classify(clients.context("Lake Formation AddLFTagsToResource"), &e))?;
            tag_failures(clients, out.failures())
        }
        Step::RemoveTag { target, tag } => {
            let out = lake
                .remove_lf_tags_from_resource()
                .resource(tag_resource(target)?)
                .lf_tags(tag_pair(&tag.key, &tag.value)?)
                .send()
                .await
                .map_err(|e| classify(clients.context("Lake Formation RemoveLFTagsFromResource"), &e))?;
            tag_failures(clients, out.failures())
        }
        Step::Grant(grant) => make_grant(&inner.hub, clients, &GrantRecord::applied(grant, draft, at)).await,
        Step::Revoke { grant, permissions, grantable, delete_filter } => {
            revoke_grant(&inner.hub, clients, grant, permissions, grantable).await?;
            if *delete_filter {
                delete_filter_of(clients, &grant.resource).await?;
            }
            Ok(())
        }
    }
}

/// Revokes `permissions` and `grantable` of a grant (what no other grant on its entry holds)
/// and deletes its name. Revoking what is already gone is done.
pub(crate) async fn revoke_grant(
    hub: &Hub,
    clients: &AccountClients,
    grant: &Grant,
    permissions: &BTreeSet<Permission>,
    grantable: &BTreeSet<Permission>,
) -> Result<(), AwsError> {
    if !permissions.is_empty() || !grantable.is_empty() {
        let sent = clients
            .lakeformation
            .revoke_permissions()
            .principal(principal(&grant.principal))
            .resource(lf_resource(&grant.resource)?)
            .set_permissions(Some(lf_permissions(permissions)))
            .set_permissions_with_grant_option(Some(lf_permissions(grantable)))
            .send()
            .await;
        match sent {
            Ok(_) => {}
            // Lake Formation refuses to revoke what is not granted; gone is what was asked.
            Err(e)
                if e.as_service_error().is_some_and(|s| {
                    s.is_invalid_input_exception() && s.message().is_some_and(|m| m.contains("No permissions revoked"))
                }) => {}
            Err(e) => {
                return Err(classify(clients.context(&format!("Lake Formation RevokePermissions of {}", grant.id)), &e));
            }
        }
    }
    // A drift grant has no record; deleting a missing item is no error in DynamoDB.
    let record = GrantRecord::of(grant);
    grant_names::delete(hub, &record.key, &grant.id).await
}

fn tag_failures(clients: &AccountClients, failures: &[lf::LfTagError]) -> Result<(), AwsError> {
    if failures.is_empty() {
        return Ok(());
    }
    let detail = failures
        .iter()
        .map(|f| {
            let tag = f.lf_tag().map(|t| format!("{}={}", t.tag_key(), t.tag_values().join("|"))).unwrap_or_default();
            let why = f.error().and_then(|e| e.error_message()).unwrap_or("refused");
            format!("{tag}: {why}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    Err(AwsError::Call {
        kind: ErrorKind::Invalid,
        context: clients.context("Lake Formation LF-tag assignment"),
        detail,
    })
}

fn principal(id: &str) -> lf::DataLakePrincipal {
    lf::DataLakePrincipal::builder().data_lake_principal_identifier(id).build()
}

/// Records the grant's name (`record`), creates its data cells filter if it has one, and grants.
pub(crate) async fn make_grant(hub: &Hub, clients: &AccountClients, record: &GrantRecord) -> Result<(), AwsError> {
    let grant = &record.grant;
    grant_names::put(hub, record).await?;
    if let Resource::DataCellsFilter { .. } = &grant.resource {
        create_filter(clients, &grant.resource).await?;
    }
    clients
        .lakeformation
        .grant_permissions()
        .principal(principal(&grant.principal))
        .resource(lf_resource(&grant.resource)?)
        .set_permissions(Some(lf_permissions(&grant.permissions)))
        .set_permissions_with_grant_option(Some(lf_permissions(&grant.grantable)))
        .send()
        .await
        .map_err(|e| classify(clients.context(&format!("Lake Formation GrantPermissions of {}", grant.id)), &e))?;
    Ok(())
}

/// Creates the filter a grant names; one that exists already (an earlier, interrupted run made
/// it) is used as it is.
pub async fn create_filter(clients: &AccountClients, resource: &Resource) -> Result<(), AwsError> {
    let Resource::DataCellsFilter { account, database, table, name, row_filter, columns } = resource else {
        return Ok(());
    };
    let rows = match row_filter {
        Some(expression) => RowFilter::builder().filter_expression(expression).build(),
        None => RowFilter::builder().all_rows_wildcard(lf::AllRowsWildcard::builder().build()).build(),
    };
    let filter = DataCellsFilter::builder()
        .table_catalog_id(account)
        .database_name(database)
        .table_name(table)
        .name(name)
        .row_filter(rows);
    let filter = match columns {
        ColumnSelection::All => filter.column_wildcard(ColumnWildcard::builder().build()),
        ColumnSelection::Only(names) => filter.set_column_names(Some(names.clone())),
        ColumnSelection::AllExcept(names) => {
            filter.column_wildcard(ColumnWildcard::builder().set_excluded_column_names(Some(names.clone())).build())
        }
    };
    let sent = clients
        .lakeformation
        .create_data_cells_filter()
        .table_data(built("a data cells filter", filter.build())?)
        .send()
        .await;
    match sent {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_already_exists_exception()) => Ok(()),
        Err(e) => Err(classify(clients.context(&format!("Lake Formation CreateDataCellsFilter {name}")), &e)),
    }
}

/// Deletes the filter a revoked grant used; one already gone is what was asked.
pub async fn delete_filter_of(clients: &AccountClients, resource: &Resource) -> Result<(), AwsError> {
    let Resource::DataCellsFilter { account, database, table, name, .. } = resource else { return Ok(()) };
    let sent = clients
        .lakeformation
        .delete_data_cells_filter()
        .table_catalog_id(account)
        .database_name(database)
        .table_name(table)
        .name(name)
        .send()
        .await;
    match sent {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_entity_not_found_exception()) => Ok(()),
        Err(e) => Err(classify(clients.context(&format!("Lake Formation DeleteDataCellsFilter {name}")), &e)),
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
