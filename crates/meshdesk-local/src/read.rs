//! Reads the catalog back: accounts, their LF-tag keys, and databases and tables in sequential
//! scans.

use std::path::Path;

use meshdesk_core::model::{Account, Catalog, Database, SharedStr, Table, TableName, TagKey};
use meshdesk_core::sensitivity::ColumnsSummary;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::codec::{decode_columns, decode_parameters, decode_tags, summarise_columns, Interner};
use crate::error::StoreError;
use crate::json;

/// A `tables` row's fields in the order [`table`] reads them (`table_versions` rows start alike).
pub(crate) const TABLE_COLUMNS: &str = "account, database, name, description, table_type, location, input_format, \
     serde_library, update_time, target_account, target_database, target_table, parameters, tags, columns, partition_keys";

const DATABASE_COLUMNS: &str = "account, name, description, target_account, target_database, parameters, tags";

/// One database as stored, if it exists.
pub(crate) fn one_database(conn: &Connection, path: &Path, account: &str, name: &str) -> Result<Option<Database>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let sql = format!("SELECT {DATABASE_COLUMNS} FROM databases WHERE account = ?1 AND name = ?2");
    let mut statement = conn.prepare_cached(&sql).map_err(sql_error)?;
    let mut rows = statement.query([account, name]).map_err(sql_error)?;
    rows.next().map_err(sql_error)?.map(|row| database(row, path, &mut Interner::default())).transpose()
}

/// One table as stored, if it exists.
pub(crate) fn one_table(conn: &Connection, path: &Path, name: &TableName) -> Result<Option<Table>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let sql = format!("SELECT {TABLE_COLUMNS} FROM tables WHERE account = ?1 AND database = ?2 AND name = ?3");
    let mut statement = conn.prepare_cached(&sql).map_err(sql_error)?;
    let mut rows = statement.query([&name.account, &name.database, &name.table]).map_err(sql_error)?;
    rows.next().map_err(sql_error)?.map(|row| table(row, path, &mut Interner::default())).transpose()
}

/// The whole catalog, accounts by id, tag keys, databases and tables by key.
///
/// Each table is one row carrying its columns as a blob, so this is three scans with no
/// per-table queries; rows are scanned in storage order and sorted here, which is cheaper than
/// walking the key index and looking every row up.
pub(crate) fn catalog(conn: &Connection, path: &Path) -> Result<Catalog, StoreError> {
    let mut interner = Interner::default();
    let (mut catalog, tables) = catalog_with(conn, path, &mut interner, |row, interner| table(row, path, interner))?;
    catalog.tables = tables;
    catalog.tables.sort_unstable_by(|a, b| (&a.account, &a.database, &a.name).cmp(&(&b.account, &b.database, &b.name)));
    Ok(catalog)
}

/// The catalog without its columns, with what each table's columns sum up to: the column blobs
/// are skipped over, not decoded, which is most of the time a whole read takes at 2M columns.
/// Tables come sorted by key. What a listing is worked out from when none is kept (`listing`).
pub(crate) fn tables_without_columns(conn: &Connection, path: &Path) -> Result<(Catalog, Vec<ColumnsSummary>), StoreError> {
    let (mut catalog, mut tables) = catalog_with(conn, path, &mut Interner::default(), |row, interner| {
        let summary = summarise(row, path)?;
        Ok((table_without_columns(row, path, interner)?, summary))
    })?;
    tables.sort_unstable_by(|a, b| (&a.0.account, &a.0.database, &a.0.name).cmp(&(&b.0.account, &b.0.database, &b.0.name)));
    let summaries;
    (catalog.tables, summaries) = tables.into_iter().unzip();
    Ok((catalog, summaries))
}

/// Accounts, databases and tag keys, sorted, with `catalog.tables` empty, and each `tables` row
/// made into a `T` by `table`, in storage order.
fn catalog_with<T>(
    conn: &Connection,
    path: &Path,
    interner: &mut Interner,
    mut table: impl FnMut(&Row<'_>, &mut Interner) -> Result<T, StoreError>,
) -> Result<(Catalog, Vec<T>), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let catalog = catalog_without_tables(conn, path, interner)?;

    // Reserved at its size: grown by doubling, 100k tables would hold a third more than needed
    // and, while the last doubling copies, half as much again at once (tens of MB at the peak).
    let count: i64 = conn.query_row("SELECT count(*) FROM tables", [], |row| row.get(0)).map_err(sql_error)?;
    let mut statement = conn.prepare_cached(&format!("SELECT {TABLE_COLUMNS} FROM tables")).map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut tables = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    while let Some(row) = rows.next().map_err(sql_error)? {
        tables.push(table(row, interner)?);
    }
    Ok((catalog, tables))
}

/// Accounts, databases and tag keys, sorted, with `tables` empty.
pub(crate) fn catalog_without_tables(conn: &Connection, path: &Path, interner: &mut Interner) -> Result<Catalog, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);

    let mut statement = conn.prepare_cached("SELECT id, name, domain FROM accounts").map_err(sql_error)?;
    let mut accounts = statement
        .query_map([], |row| Ok(Account { id: row.get(0)?, name: row.get(1)?, domain: row.get(2)? }))
        .map_err(sql_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql_error)?;
    accounts.sort_unstable_by(|a, b| a.id.cmp(&b.id));

    let mut statement = conn.prepare_cached(&format!("SELECT {DATABASE_COLUMNS} FROM databases")).map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    // One interner for the whole read: equal names, types and tags across tables share memory.
    let mut databases = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        databases.push(database(row, path, interner)?);
    }
    databases.sort_unstable_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));
    Ok(Catalog { accounts, databases, tables: Vec::new(), tag_keys: tag_keys(conn, path)? })
}

/// The LF-tag keys of every account, by account and key, each with its values in order.
fn tag_keys(conn: &Connection, path: &Path) -> Result<Vec<TagKey>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn
        .prepare_cached("SELECT account, key, allowed_values FROM tag_keys ORDER BY account, key")
        .map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut keys = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        let values: String = row.get(2).map_err(sql_error)?;
        keys.push(TagKey {
            account: row.get(0).map_err(sql_error)?,
            key: row.get(1).map_err(sql_error)?,
            values: json::parse_strings("LF-tag value list", &values).map_err(|e| StoreError::from_json(path, e))?,
        });
    }
    Ok(keys)
}

pub(crate) fn database(row: &Row<'_>, path: &Path, interner: &mut Interner) -> Result<Database, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let decode_error = |e| StoreError::from_decode(path, e);
    let target_account: Option<String> = row.get(3).map_err(sql_error)?;
    let target_database: Option<String> = row.get(4).map_err(sql_error)?;
    Ok(Database {
        account: row.get(0).map_err(sql_error)?,
        name: row.get(1).map_err(sql_error)?,
        description: row.get(2).map_err(sql_error)?,
        target: target_account.zip(target_database),
        parameters: decode_parameters(blob(row, 5, path)?, interner).map_err(decode_error)?,
        tags: decode_tags(blob(row, 6, path)?, interner).map_err(decode_error)?,
    })
}

/// A table from a row whose first sixteen columns are [`TABLE_COLUMNS`].
pub(crate) fn table(row: &Row<'_>, path: &Path, interner: &mut Interner) -> Result<Table, StoreError> {
    let decode_error = |e| StoreError::from_decode(path, e);
    Ok(Table {
        columns: decode_columns(blob(row, 14, path)?, interner).map_err(decode_error)?,
        partition_keys: decode_columns(blob(row, 15, path)?, interner).map_err(decode_error)?,
        ..table_without_columns(row, path, interner)?
    })
}

/// [`table`] with no columns nor partition keys.
fn table_without_columns(row: &Row<'_>, path: &Path, interner: &mut Interner) -> Result<Table, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let decode_error = |e| StoreError::from_decode(path, e);
    let target_account: Option<String> = row.get(9).map_err(sql_error)?;
    let target_database: Option<String> = row.get(10).map_err(sql_error)?;
    let target_table: Option<String> = row.get(11).map_err(sql_error)?;
    let target = match (target_account, target_database, target_table) {
        (Some(account), Some(database), Some(table)) => Some(Box::new(TableName { account, database, table })),
        _ => None,
    };
    // The account and database are shared with their other tables, and the table type and
    // storage classes are one of a handful of texts across a catalog (both columns NOT NULL).
    let mut shared = |index: usize| -> Result<Option<SharedStr>, StoreError> {
        let text: Option<&str> = row.get_ref(index).and_then(|v| Ok(v.as_str_or_null()?)).map_err(sql_error)?;
        Ok(text.map(|t| interner.get(t)))
    };
    let (table_type, input_format, serde_library) = (shared(4)?, shared(6)?, shared(7)?);
    Ok(Table {
        account: shared(0)?.unwrap_or_default(),
        database: shared(1)?.unwrap_or_default(),
        name: row.get(2).map_err(sql_error)?,
        description: row.get(3).map_err(sql_error)?,
        table_type,
        location: row.get(5).map_err(sql_error)?,
        input_format,
        serde_library,
        update_time: row.get(8).map_err(sql_error)?,
        target,
        parameters: decode_parameters(blob(row, 12, path)?, interner).map_err(decode_error)?,
        tags: decode_tags(blob(row, 13, path)?, interner).map_err(decode_error)?,
        columns: Vec::new(),
        partition_keys: Vec::new(),
    })
}

/// What a row's columns and partition keys sum up to, read without decoding them.
fn summarise(row: &Row<'_>, path: &Path) -> Result<ColumnsSummary, StoreError> {
    let mut summary = ColumnsSummary::default();
    for index in [14, 15] {
        summarise_columns(blob(row, index, path)?, &mut summary).map_err(|e| StoreError::from_decode(path, e))?;
    }
    Ok(summary)
}

/// Borrows a blob column without copying it out of SQLite's buffer.
fn blob<'r>(row: &'r Row<'_>, index: usize, path: &Path) -> Result<&'r [u8], StoreError> {
    row.get_ref(index)
        .and_then(|value| {
            value
                .as_blob()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), Box::new(e)))
        })
        .map_err(|e| StoreError::from_sqlite(path, e))
}

/// The accounts whose simulated data lake settings let `IAM_ALLOWED_PRINCIPALS` bypass Lake
/// Formation (see [`crate::DemoMesh::lake_formation_bypass`]), by id.
pub(crate) fn lake_formation_bypass(conn: &Connection, path: &Path) -> Result<Vec<String>, StoreError> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'lake_formation_bypass'", [], |row| row.get(0))
        .optional()
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    text.map_or(Ok(Vec::new()), |text| {
        json::parse_strings("list of accounts bypassing Lake Formation", &text).map_err(|e| StoreError::from_json(path, e))
    })
}

/// The time the store was seeded, which the demo mesh's relative timestamps count from.
pub(crate) fn seeded_at(conn: &Connection, path: &Path) -> Result<Option<i64>, StoreError> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'seeded_at'", [], |row| row.get(0))
        .optional()
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    text.map(|text| {
        text.parse().map_err(|_| StoreError::corrupt(path, format!("its seed time {text:?} is not a number")))
    })
    .transpose()
}
