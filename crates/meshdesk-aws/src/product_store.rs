//! `AwsMesh` behind the core's `ProductStore` port: an owner's update made in the producer
//! account with the credentials of that account's profile (`product`), the mesh's snapshot
//! updated with the one database or table Glue holds afterwards (no crawl), then the audit event
//! appended to the hub.

use std::sync::Arc;

use meshdesk_core::governance::model::{AuditDraft, AuditEvent};
use meshdesk_core::model::{Database, Table, TableName};
use meshdesk_core::ports::{PortError, ProductStore};
use meshdesk_core::product::TableVersion;

use crate::error::AwsError;
use crate::hub::audit;
use crate::mesh::{AwsMesh, Inner};
use crate::policy::clients_for;
use crate::product;

/// Appends the event of a change Glue has made. Glue and the hub share no transaction: if the
/// hub refuses, the message says the change itself was made, so nobody makes it twice.
async fn audited(inner: &Inner, event: &AuditDraft, at: i64, what: &str) -> Result<AuditEvent, AwsError> {
    audit::append(&inner.hub, event, at).await.map_err(|e| AwsError::Plain {
        kind: e.kind(),
        message: format!("{what} was updated in Glue, but its audit event could not be written to the hub: {e}"),
    })
}

impl ProductStore for AwsMesh {
    fn update_database(
        &self,
        database: &Database,
        expected: &Database,
        event: &AuditDraft,
        at: i64,
    ) -> Result<AuditEvent, PortError> {
        let (wanted, expected, event) = (database.clone(), expected.clone(), event.clone());
        self.port(move |inner: Arc<Inner>| async move {
            let clients = clients_for(&inner, &expected.account)?;
            let saved = product::update_database(clients, &wanted, &expected).await?;
            {
                let mut state = inner.write_state();
                let databases = &mut state.snapshot.catalog.databases;
                for db in databases.iter_mut().filter(|d| d.account == saved.account && d.name == saved.name) {
                    db.clone_from(&saved);
                }
            }
            audited(&inner, &event, at, &format!("the database {}:{}", saved.account, saved.name)).await
        })
    }

    fn update_table(&self, table: &Table, expected: &Table, event: &AuditDraft, at: i64) -> Result<AuditEvent, PortError> {
        let (wanted, expected, event) = (table.clone(), expected.clone(), event.clone());
        self.port(move |inner: Arc<Inner>| async move {
            let clients = clients_for(&inner, &expected.account)?;
            let saved = product::update_table(clients, &wanted, &expected).await?;
            let name = saved.qualified_name();
            {
                let mut state = inner.write_state();
                for t in state.snapshot.catalog.tables.iter_mut().filter(|t| t.qualified_name() == name) {
                    t.clone_from(&saved);
                }
            }
            audited(&inner, &event, at, &format!("the table {name}")).await
        })
    }

    fn table_versions(&self, table: &TableName) -> Result<Vec<TableVersion>, PortError> {
        let name = table.clone();
        self.port(move |inner: Arc<Inner>| async move {
            let clients = clients_for(&inner, &name.account)?;
            let tagged = {
                let state = inner.read_state();
                state.snapshot.catalog.tables.iter().find(|t| t.qualified_name() == name).cloned()
            };
            let tagged = tagged.unwrap_or_default();
            product::table_versions(clients, &name, &tagged).await
        })
    }
}
