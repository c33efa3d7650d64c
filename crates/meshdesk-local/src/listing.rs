//! The listing kept beside the catalog: what each database's tables sum up to, so the catalog
//! list is shown at start from one row per database instead of 100k tables.
//!
//! Every change to `tables` or `databases` moves `meta.catalog_generation` on (triggers, so no
//! writer — another process, an older path, a catalog cache's save — can forget to). A kept
//! listing is trusted only while `meta.listing_generation` equals it; otherwise the listing is
//! worked out from the tables (without decoding their columns) and kept again, under the
//! generation read in the same transaction as the tables, and only if no change came since.

use std::collections::HashMap;
use std::path::Path;

use meshdesk_core::format::Format;
use meshdesk_core::model::Database;
use meshdesk_core::sensitivity::Sensitivity;
use meshdesk_core::{Listing, TablesSummary};
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::Interner;
use crate::error::StoreError;
use crate::read;

const CATALOG_GENERATION: &str = "catalog_generation";
const LISTING_GENERATION: &str = "listing_generation";

/// The `meta` value under `key` as a number; `None` when there is none, or it is not a number
/// (then nothing kept under it is trusted).
fn generation(conn: &Connection, path: &Path, key: &str) -> Result<Option<i64>, StoreError> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
        .optional()
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    Ok(value.and_then(|v| v.parse().ok()))
}

/// The catalog's generation: moved on by every change to its tables and databases.
pub(crate) fn catalog_generation(conn: &Connection, path: &Path) -> Result<Option<i64>, StoreError> {
    generation(conn, path, CATALOG_GENERATION)
}

/// Whether the listing kept is that of the catalog at `generation` (checked before taking the
/// write lock to keep it: at most starts it is).
pub(crate) fn is_kept(conn: &Connection, path: &Path, generation: i64) -> Result<bool, StoreError> {
    Ok(self::generation(conn, path, LISTING_GENERATION)? == Some(generation))
}

/// The listing, and — when it had to be worked out from the tables — the catalog generation it
/// was read at, for keeping it (see [`save`]). Update times are as stored (not moved).
pub(crate) fn read(conn: &Connection, path: &Path) -> Result<(Listing, Option<i64>), StoreError> {
    let current = catalog_generation(conn, path)?;
    if current.is_some() && current == generation(conn, path, LISTING_GENERATION)? {
        let catalog = read::catalog_without_tables(conn, path, &mut Interner::default())?;
        if let Some(tables) = kept(conn, path, &catalog.databases)? {
            return Ok((Listing { catalog, tables }, None));
        }
    }
    let (catalog, columns) = read::tables_without_columns(conn, path)?;
    Ok((Listing::summarise(catalog, columns), current))
}

/// The kept summaries of `databases`, in their order; `None` if one has none or a row is not
/// one this version wrote (then the listing is worked out again).
fn kept(conn: &Connection, path: &Path, databases: &[Database]) -> Result<Option<Vec<TablesSummary>>, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn
        .prepare_cached("SELECT account, database, table_count, column_count, highest, formats, stalest FROM listing")
        .map_err(sql_error)?;
    let mut rows = statement.query([]).map_err(sql_error)?;
    let mut by_key: HashMap<(String, String), TablesSummary> = HashMap::with_capacity(databases.len());
    while let Some(row) = rows.next().map_err(sql_error)? {
        let (table_count, column_count): (i64, i64) = (row.get(2).map_err(sql_error)?, row.get(3).map_err(sql_error)?);
        let highest: Option<String> = row.get(4).map_err(sql_error)?;
        let highest = match highest.as_deref().map(Sensitivity::parse) {
            None => None,
            Some(Some(value)) => Some(value),
            Some(None) => return Ok(None),
        };
        let (Ok(table_count), Ok(column_count), Some(formats)) =
            (u32::try_from(table_count), u64::try_from(column_count), formats_of(row.get(5).map_err(sql_error)?))
        else {
            return Ok(None);
        };
        let summary = TablesSummary { table_count, column_count, highest, formats, stalest: row.get(6).map_err(sql_error)? };
        by_key.insert((row.get(0).map_err(sql_error)?, row.get(1).map_err(sql_error)?), summary);
    }
    Ok(databases.iter().map(|d| by_key.remove(&(d.account.clone(), d.name.clone()))).collect())
}

/// Formats as a bit set over [`Format::ALL`].
fn format_bits(formats: &[Format]) -> i64 {
    formats.iter().filter_map(|f| Format::ALL.iter().position(|a| a == f)).fold(0, |bits, i| bits | 1 << i)
}

/// The formats of a bit set, in order; `None` for a bit no format has.
fn formats_of(bits: i64) -> Option<Vec<Format>> {
    if bits < 0 || bits >> Format::ALL.len() != 0 {
        return None;
    }
    Some(Format::ALL.iter().enumerate().filter(|(i, _)| bits & 1 << i != 0).map(|(_, f)| *f).collect())
}

/// Keeps `tables` (in `databases` order, update times as stored) as the listing of the catalog
/// at `generation` — unless the catalog changed since (it would be stale) or it is kept already.
/// Runs in a write transaction: the check and the save are one.
pub(crate) fn save(
    conn: &Connection,
    path: &Path,
    generation: i64,
    databases: &[Database],
    tables: &[TablesSummary],
) -> Result<(), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    if catalog_generation(conn, path)? != Some(generation) || is_kept(conn, path, generation)? {
        return Ok(());
    }
    conn.execute("DELETE FROM listing", []).map_err(sql_error)?;
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO listing (account, database, table_count, column_count, highest, formats, stalest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(sql_error)?;
    for (d, t) in databases.iter().zip(tables) {
        let column_count = i64::try_from(t.column_count).unwrap_or(i64::MAX);
        insert
            .execute(params![d.account, d.name, t.table_count, column_count, t.highest.map(Sensitivity::as_str), format_bits(&t.formats), t.stalest])
            .map_err(sql_error)?;
    }
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![LISTING_GENERATION, generation.to_string()],
    )
    .map_err(sql_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_survive_their_bit_set_and_unknown_bits_are_refused() {
        for n in 0..=Format::ALL.len() {
            let formats: Vec<Format> = Format::ALL[..n].to_vec();
            assert_eq!(formats_of(format_bits(&formats)), Some(formats));
        }
        assert_eq!(formats_of(1 << Format::ALL.len()), None);
        assert_eq!(formats_of(-1), None);
    }
}
