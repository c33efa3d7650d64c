//! The sandbox behind the `ProductStore` port: owners' updates of databases and tables, made the
//! way Glue's `UpdateDatabase` / `UpdateTable` make them (the whole definition written back,
//! with only the difference applied, compare-and-set on what the caller read), each in one
//! transaction with its audit event, and table versions kept as Glue keeps them.

use std::path::Path;

use meshdesk_core::governance::model::{AuditDraft, AuditEvent};
use meshdesk_core::model::{Database, Table, TableName};
use meshdesk_core::ports::{PortError, ProductStore};
use meshdesk_core::product::TableVersion;
use meshdesk_core::product::delta::{self, DatabaseDelta, TableDelta};

use crate::demo::advance_table;
use crate::error::StoreError;
use crate::store::SandboxStore;
use crate::{audit, read, versions, write};

fn changed_since(what: String) -> PortError {
    PortError::Conflict(format!("{what} was changed by someone else since it was read; reload and try again"))
}

fn missing(what: String) -> PortError {
    PortError::NotFound(format!("{what} does not exist; refresh the catalog and try again"))
}

impl ProductStore for SandboxStore {
    fn update_database(
        &self,
        database: &Database,
        expected: &Database,
        event: &AuditDraft,
        at: i64,
    ) -> Result<AuditEvent, PortError> {
        if let Some(problem) = delta::identity_problem_database(expected, database) {
            return Err(PortError::Invalid(problem));
        }
        let name = format!("{}:{}", expected.account, expected.name);
        let change = DatabaseDelta::between(expected, database);
        self.write(|conn, path| {
            let mut stored = read::one_database(conn, path, &expected.account, &expected.name)?
                .ok_or_else(|| missing(format!("the database {name}")))?;
            if stored != *expected {
                return Err(changed_since(format!("the database {name}")));
            }
            change.apply(&mut stored);
            write::update_database(conn, &stored).map_err(|e| StoreError::from_sqlite(path, e))?;
            Ok(audit::append(conn, path, event, at)?)
        })
    }

    fn update_table(
        &self,
        table: &Table,
        expected: &Table,
        event: &AuditDraft,
        at: i64,
    ) -> Result<AuditEvent, PortError> {
        if let Some(problem) = delta::identity_problem_table(expected, table) {
            return Err(PortError::Invalid(problem));
        }
        let name = expected.qualified_name();
        let change = TableDelta::between(expected, table);
        let shift = self.time_shift()?;
        self.write(|conn, path| {
            let stored = read::one_table(conn, path, &name)?.ok_or_else(|| missing(format!("the table {name}")))?;
            // The caller read the table as the catalog shows it, with the demo's times moved on.
            let mut seen = stored.clone();
            advance_table(&mut seen, shift);
            if seen != *expected {
                return Err(changed_since(format!("the table {name}")));
            }
            let mut updated = stored.clone();
            change.apply(&mut updated);
            write_table(conn, path, &stored, &updated, at - shift)?;
            Ok(audit::append(conn, path, event, at)?)
        })
    }

    fn table_versions(&self, table: &TableName) -> Result<Vec<TableVersion>, PortError> {
        let shift = self.time_shift()?;
        let mut stored = self.read(|conn, path| versions::of_table(conn, path, table))?;
        for version in &mut stored {
            advance_table(&mut version.table, shift);
            version.recorded_at = version.recorded_at.map(|t| t.saturating_add(shift));
        }
        Ok(stored)
    }
}

/// Writes the new definition of a table and keeps the change as a version recorded at
/// `stored_at`. Like every time in the store it counts from the seed (the caller takes off
/// [`SandboxStore::time_shift`]), so that reading moves all of them forward alike.
pub(crate) fn write_table(
    conn: &rusqlite::Connection,
    path: &Path,
    before: &Table,
    after: &Table,
    at: i64,
) -> Result<(), StoreError> {
    write::update_table(conn, after).map_err(|e| StoreError::from_sqlite(path, e))?;
    versions::record(conn, path, before, after, at)
}
