//! A catalog and its grants read from elsewhere — the AWS backend's last crawl — kept in a file
//! of the sandbox's schema, so the next start can show them at once, before AWS answers.

use std::path::Path;

use meshdesk_core::governance::model::Grant;
use meshdesk_core::model::Catalog;
use rusqlite::{Connection, OptionalExtension, params};

use crate::demo::DemoMesh;
use crate::error::StoreError;
use crate::store::SandboxStore;
use crate::{grants, read, write};

/// The catalog tables a save replaces, children first (foreign keys).
const REPLACED: [&str; 5] = ["grants", "tables", "databases", "tag_keys", "accounts"];

/// A cache file. Safe to share between processes: a save replaces everything in one transaction.
#[derive(Debug)]
pub struct CatalogCache {
    store: SandboxStore,
    /// Why the file found was replaced by an empty cache (damaged, or of a newer schema), so
    /// the caller can say so; `None` when it was opened as it was (or made new).
    rebuilt: Option<String>,
}

impl CatalogCache {
    /// Opens `<dir>/<file>`, creating an empty cache when there is none. A cache file that is
    /// damaged or of another schema version (written by an older or newer Meshdesk) is replaced
    /// by an empty one: everything in it is read from AWS again.
    pub fn open(dir: &Path, file: &str) -> Result<Self, StoreError> {
        match SandboxStore::open_empty(dir, file) {
            Err(damage @ (StoreError::Corrupt { .. } | StoreError::NewerSchema { .. })) => {
                for suffix in ["", "-wal", "-shm"] {
                    let path = dir.join(format!("{file}{suffix}"));
                    match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(cause) => return Err(StoreError::DataDir { path, cause }),
                    }
                }
                Ok(CatalogCache { store: SandboxStore::open_empty(dir, file)?, rebuilt: Some(damage.to_string()) })
            }
            opened => Ok(CatalogCache { store: opened?, rebuilt: None }),
        }
    }

    /// Why the cache was rebuilt empty on opening — its file was damaged or of a newer schema,
    /// so nothing in it was trusted — or `None`.
    pub fn rebuilt(&self) -> Option<&str> {
        self.rebuilt.as_deref()
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The catalog and grants last saved, with the time they were saved; `None` before the
    /// first save.
    pub fn load(&self) -> Result<Option<(Catalog, Vec<Grant>, i64)>, StoreError> {
        self.store.read(|conn, path| {
            let Some(saved_at) = saved_at(conn, path)? else { return Ok(None) };
            Ok(Some((read::catalog(conn, path)?, grants::all(conn, path)?, saved_at)))
        })
    }

    /// Replaces the cached catalog and grants.
    pub fn save(&self, catalog: &Catalog, grants: &[Grant], saved_at: i64) -> Result<(), StoreError> {
        let mesh = DemoMesh { catalog: catalog.clone(), grants: grants.to_vec(), ..DemoMesh::default() };
        self.store.write_store(|conn, path| {
            let sql_error = |e| StoreError::from_sqlite(path, e);
            for table in REPLACED {
                conn.execute(&format!("DELETE FROM {table}"), []).map_err(sql_error)?;
            }
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('cached_at', ?1)",
                params![saved_at.to_string()],
            )
            .map_err(sql_error)?;
            write::insert_mesh(conn, path, &mesh, None)
        })
    }
}

impl CatalogCache {
    /// Keeps `text` under `key` beside the catalog (e.g. the backend's account settings as JSON).
    pub fn save_extra(&self, key: &str, text: &str) -> Result<(), StoreError> {
        self.store.write_store(|conn, path| {
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", params![format!("extra:{key}"), text])
                .map(drop)
                .map_err(|e| StoreError::from_sqlite(path, e))
        })
    }

    /// What [`CatalogCache::save_extra`] kept under `key`, if anything.
    pub fn extra(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.store.read(|conn, path| {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", params![format!("extra:{key}")], |row| row.get(0))
                .optional()
                .map_err(|e| StoreError::from_sqlite(path, e))
        })
    }
}

fn saved_at(conn: &Connection, path: &Path) -> Result<Option<i64>, StoreError> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'cached_at'", [], |row| row.get(0))
        .optional()
        .map_err(|e| StoreError::from_sqlite(path, e))?;
    text.map(|t| t.parse().map_err(|_| StoreError::corrupt(path, format!("its cache time {t:?} is not a number"))))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_mesh;

    #[test]
    fn extras_are_kept_beside_the_catalog_and_replaced_by_the_next() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let cache = CatalogCache::open(dir.path(), "aws-cache.sqlite").expect("opens");
        assert_eq!(cache.extra("lake").expect("reads"), None);
        cache.save_extra("lake", "[1]").expect("saved");
        cache.save_extra("lake", "[2]").expect("saved again");
        let mesh = demo_mesh(1_790_000_000);
        cache.save(&mesh.catalog, &mesh.grants, 1_790_000_100).expect("a catalog saved after");
        let reopened = CatalogCache::open(dir.path(), "aws-cache.sqlite").expect("reopens");
        assert_eq!(reopened.extra("lake").expect("reads").as_deref(), Some("[2]"));
    }

    #[test]
    fn a_saved_catalog_and_its_grants_come_back_and_a_second_save_replaces_the_first() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let cache = CatalogCache::open(dir.path(), "aws-cache.sqlite").expect("opens");
        assert!(cache.load().expect("reads").is_none(), "nothing before the first save");

        let mesh = demo_mesh(1_790_000_000);
        cache.save(&mesh.catalog, &mesh.grants, 1_790_000_100).expect("saved");
        let reopened = CatalogCache::open(dir.path(), "aws-cache.sqlite").expect("reopens");
        let (catalog, grants, saved_at) = reopened.load().expect("reads").expect("saved before");
        assert_eq!(
            (catalog.tables.len(), catalog.databases.len(), grants.len(), saved_at),
            (mesh.catalog.tables.len(), mesh.catalog.databases.len(), mesh.grants.len(), 1_790_000_100)
        );

        let mut smaller = mesh.catalog.clone();
        smaller.tables.truncate(3);
        cache.save(&smaller, &[], 1_790_000_200).expect("saved again");
        let (catalog, grants, _) = cache.load().expect("reads").expect("saved");
        assert_eq!((catalog.tables.len(), grants.len()), (3, 0));
        assert!(!dir.path().join(crate::STORE_FILE).exists(), "the cache is not a sandbox");
    }

    #[test]
    fn a_damaged_cache_is_replaced_by_an_empty_one() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("aws-cache.sqlite"), b"not a database at all, just text").expect("written");
        let cache = CatalogCache::open(dir.path(), "aws-cache.sqlite").expect("replaced");
        assert!(cache.load().expect("reads").is_none());
    }
}
