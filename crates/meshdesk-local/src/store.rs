//! The sandbox store: one SQLite file in the data directory holding a simulated mesh, opened
//! safely (foreign, damaged, locked or newer files are refused untouched) and seeded on first use.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use meshdesk_core::model::{Catalog, Database};
use meshdesk_core::ports::{CatalogSource, PortError};
use meshdesk_core::{Listing, TablesSummary};
use rusqlite::{Connection, MAIN_DB, OpenFlags, TransactionBehavior};

use crate::demo::{DemoMesh, demo_mesh};
use crate::error::StoreError;
use crate::persona::Persona;
use crate::schema::{APPLICATION_ID, CREATE, SCHEMA_VERSION, TABLES};
use crate::{identities, listing, migrate, read, transaction, write};

/// The store's file name inside the data directory.
pub const STORE_FILE: &str = "sandbox.sqlite";

/// How long a statement waits for another process's write to finish before reporting a lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// Every SQLite 3 database file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Stores up to this size get a full `PRAGMA quick_check` on open; it reads every page, so on
/// a larger (benchmark-sized) store it would cost more than the catalog load it protects, and
/// damage there is still reported as [`StoreError::Corrupt`] by the read that meets it.
const QUICK_CHECK_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The embedded sandbox mesh. `Send + Sync`: the connection is behind a mutex. Several stores
/// (in threads or processes) may open the same file: writes serialise on SQLite's write lock.
///
/// It implements the core's ports: `CatalogSource`, `Directory`, `PolicyStore`, `RequestStore`
/// and `AuditLog`.
#[derive(Debug)]
pub struct SandboxStore {
    path: PathBuf,
    conn: Mutex<Connection>,
    /// The `now` the store was opened at, when opened as the demo sandbox: its simulated
    /// pipelines are taken to have kept running since the seed (see [`crate::demo::advance`]).
    opened_at: Option<i64>,
}

/// What to do when the file turns out to be new and empty.
enum Seed<'a> {
    /// Open an existing store or seed the demo mesh into a new one.
    DemoIfNew { now: i64 },
    /// Create a new store with this mesh; an existing store is an error.
    CreateWith { mesh: &'a DemoMesh },
    /// Open an existing store, or create one with the schema and nothing in it (a cache).
    EmptyIfNew,
}

impl SandboxStore {
    /// Opens `<data_dir>/sandbox.sqlite`, creating the directory and seeding the demo mesh (its
    /// relative timestamps counted from `now`) when there is no store yet.
    pub fn open(data_dir: &Path, now: i64) -> Result<Self, StoreError> {
        Self::open_with(data_dir, Seed::DemoIfNew { now })
    }

    /// Creates a new store in `data_dir` holding `mesh` (tests, benchmarks, custom demos).
    /// Fails with [`StoreError::AlreadyExists`] if the directory already holds a store.
    pub fn create_with(data_dir: &Path, mesh: &DemoMesh) -> Result<Self, StoreError> {
        Self::open_with(data_dir, Seed::CreateWith { mesh })
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes when another connection — another process, or another store on
    /// the same file — commits to the file (SQLite's `data_version`). This store's own writes
    /// leave it as it is: a caller keeping answers derived from the file notes those itself.
    pub fn data_version(&self) -> Result<u64, StoreError> {
        let conn = self.connection();
        let version: i64 = conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(version as u64)
    }

    /// The catalog of every simulated account: accounts by id, databases and tables by key.
    ///
    /// On the demo sandbox, update times move forward by the time since the seed, so a mesh
    /// seeded weeks ago looks as it did then (fresh products stay fresh, stale ones stale)
    /// instead of every product breaching its SLO.
    pub fn catalog(&self) -> Result<Catalog, StoreError> {
        let mut catalog = self.read(read::catalog)?;
        crate::demo::advance(&mut catalog, self.time_shift()?);
        Ok(catalog)
    }

    /// What the catalog list needs (see `CatalogSource::load_listing`): the kept listing when it
    /// is up to date, else worked out from the tables without decoding their columns and kept
    /// for the next start. Update times are moved as [`SandboxStore::catalog`] moves them.
    pub fn listing(&self) -> Result<Listing, StoreError> {
        let (mut listing, stale) = self.read(listing::read)?;
        if let Some(generation) = stale {
            let (databases, tables) = (&listing.catalog.databases, &listing.tables);
            // Only kept to list faster next time: a store that cannot be written to (locked
            // by a long write elsewhere, read-only) lists the same, only slower.
            let _ = self.write_store(|conn, path| listing::save(conn, path, generation, databases, tables));
        }
        let shift = self.time_shift()?;
        for summary in &mut listing.tables {
            summary.stalest = summary.stalest.map(|t| t.saturating_add(shift));
        }
        Ok(listing)
    }

    /// The catalog's generation: a number every change to its tables or databases moves on.
    pub fn catalog_generation(&self) -> Result<Option<i64>, StoreError> {
        self.read(listing::catalog_generation)
    }

    /// Keeps the listing of the catalog as read at `generation` ([`SandboxStore::catalog`]'s:
    /// update times moved), unless the catalog changed since or it is kept already.
    pub fn save_listing(&self, generation: i64, databases: &[Database], tables: &[TablesSummary]) -> Result<(), StoreError> {
        if self.read(|conn, path| listing::is_kept(conn, path, generation))? {
            return Ok(());
        }
        let shift = self.time_shift()?;
        let stored: Vec<TablesSummary> = tables
            .iter()
            .map(|t| TablesSummary { stalest: t.stalest.map(|s| s.saturating_sub(shift)), ..t.clone() })
            .collect();
        self.write_store(|conn, path| listing::save(conn, path, generation, databases, &stored))
    }

    /// How far the demo's update times are moved forward when read (see [`SandboxStore::catalog`]):
    /// the time since the seed on the demo sandbox, else 0.
    pub(crate) fn time_shift(&self) -> Result<i64, StoreError> {
        Ok(match (self.opened_at, self.seeded_at()?) {
            (Some(opened_at), Some(seeded_at)) => (opened_at - seeded_at).max(0),
            _ => 0,
        })
    }

    /// The demo personas, by id: their identities (groups included) and roles.
    pub fn personas(&self) -> Result<Vec<Persona>, StoreError> {
        self.read(identities::personas)
    }

    /// Every Identity Center group membership, `(member ARN, group ARN)`, by member then group.
    pub fn memberships(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.read(identities::memberships)
    }

    /// The accounts whose data lake settings let `IAM_ALLOWED_PRINCIPALS` bypass Lake Formation.
    pub fn lake_formation_bypass(&self) -> Result<Vec<String>, StoreError> {
        self.read(read::lake_formation_bypass)
    }

    /// The `now` the demo mesh was seeded with (its ages and freshness count from it); `None`
    /// for a store made by [`SandboxStore::create_with`].
    pub fn seeded_at(&self) -> Result<Option<i64>, StoreError> {
        self.read(read::seeded_at)
    }

    /// Runs `work` in a read transaction, so that its queries see one state of the file.
    pub(crate) fn read<T>(
        &self,
        work: impl FnOnce(&Connection, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.connection();
        let tx = transaction::begin_read(&conn, &self.path)?;
        work(&tx, &self.path)
    }

    /// Runs `work` in a write transaction holding the write lock, committing only if it succeeds.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&Connection, &Path) -> Result<T, PortError>,
    ) -> Result<T, PortError> {
        let conn = self.connection();
        let tx = transaction::begin_write(&conn, &self.path)?;
        let value = work(&tx, &self.path)?;
        tx.commit().map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(value)
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the connection half-written: SQLite rolls
        // back any transaction that was dropped, so the poisoned guard is safe to use.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Opens `<data_dir>/<file>`, creating it with the schema and nothing in it when new (see
    /// `CatalogCache`).
    pub(crate) fn open_empty(data_dir: &Path, file: &str) -> Result<Self, StoreError> {
        Self::open_file(data_dir, file, Seed::EmptyIfNew)
    }

    /// Runs `work` in a write transaction holding the write lock, committing only if it succeeds.
    pub(crate) fn write_store<T>(
        &self,
        work: impl FnOnce(&Connection, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.connection();
        let tx = transaction::begin_write(&conn, &self.path)?;
        let value = work(&tx, &self.path)?;
        tx.commit().map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(value)
    }

    fn open_with(data_dir: &Path, seed: Seed<'_>) -> Result<Self, StoreError> {
        Self::open_file(data_dir, STORE_FILE, seed)
    }

    fn open_file(data_dir: &Path, file: &str, seed: Seed<'_>) -> Result<Self, StoreError> {
        fs::create_dir_all(data_dir).map_err(|cause| StoreError::DataDir { path: data_dir.to_path_buf(), cause })?;
        let path = data_dir.join(file);
        check_header(&path)?;
        let sql_error = |e| StoreError::from_sqlite(&path, e);

        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags).map_err(sql_error)?;
        // SQLite quietly falls back to read-only when the file cannot be written.
        if conn.is_readonly(MAIN_DB).map_err(sql_error)? {
            return Err(StoreError::Unwritable { path, detail: "the file is read-only".into() });
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_error)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(sql_error)?;

        let state = inspect(&conn, &path)?;
        match (state, &seed) {
            (State::Empty, Seed::DemoIfNew { now }) => {
                seed_if_empty(&mut conn, &path, &demo_mesh(*now), Some(*now))?;
            }
            (State::Empty, Seed::CreateWith { mesh }) => {
                if !seed_if_empty(&mut conn, &path, mesh, None)? {
                    return Err(StoreError::AlreadyExists { path });
                }
            }
            (State::Empty, Seed::EmptyIfNew) => {
                seed_if_empty(&mut conn, &path, &DemoMesh::default(), None)?;
            }
            (State::Current, Seed::DemoIfNew { .. } | Seed::EmptyIfNew) => {}
            (State::Outdated, Seed::DemoIfNew { .. } | Seed::EmptyIfNew) => migrate::upgrade(&mut conn, &path)?,
            (State::Current | State::Outdated, Seed::CreateWith { .. }) => return Err(StoreError::AlreadyExists { path }),
        }
        verify(&conn, &path)?;
        let opened_at = match seed {
            Seed::DemoIfNew { now } => Some(now),
            Seed::CreateWith { .. } | Seed::EmptyIfNew => None,
        };
        Ok(SandboxStore { path, conn: Mutex::new(conn), opened_at })
    }
}

impl CatalogSource for SandboxStore {
    fn load_catalog(&self) -> Result<Catalog, PortError> {
        Ok(self.catalog()?)
    }

    fn load_listing(&self) -> Result<Option<Listing>, PortError> {
        Ok(Some(self.listing()?))
    }

    fn catalog_generation(&self) -> Result<Option<i64>, PortError> {
        Ok(SandboxStore::catalog_generation(self)?)
    }

    fn save_listing(&self, generation: i64, databases: &[Database], tables: &[TablesSummary]) -> Result<(), PortError> {
        Ok(SandboxStore::save_listing(self, generation, databases, tables)?)
    }
}

/// Refuses a file that is not a SQLite database before SQLite opens it, so nothing is written
/// to it (not even a journal-mode change).
fn check_header(path: &Path) -> Result<(), StoreError> {
    let io_error = |cause| StoreError::DataDir { path: path.to_path_buf(), cause };
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(e)),
    };
    if !metadata.is_file() {
        return Err(StoreError::corrupt(path, "it is not a regular file"));
    }
    if metadata.len() == 0 {
        return Ok(());
    }
    let mut header = [0u8; 16];
    let mut file = fs::File::open(path).map_err(io_error)?;
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_HEADER => Ok(()),
        Ok(()) => Err(StoreError::corrupt(path, "file is not a database")),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err(StoreError::corrupt(path, "file is not a database: it is too short"))
        }
        Err(e) => Err(io_error(e)),
    }
}

enum State {
    /// A new or empty file: nothing of anybody's in it yet.
    Empty,
    /// A Meshdesk store of [`SCHEMA_VERSION`].
    Current,
    /// A Meshdesk store of an earlier schema version, upgraded on open.
    Outdated,
}

/// Reads the file's identity without changing it, and refuses what is not ours to use.
fn inspect(conn: &Connection, path: &Path) -> Result<State, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sql_error)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql_error)?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(sql_error)?;

    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::corrupt(path, format!("it belongs to another application (id {application_id:#x})")));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
    }
    match (version, objects) {
        (0, 0) => Ok(State::Empty),
        (0, _) => Err(StoreError::corrupt(path, "it is a SQLite database of another application")),
        (SCHEMA_VERSION, _) if application_id == APPLICATION_ID => Ok(State::Current),
        (version, _) if application_id == APPLICATION_ID && migrate::upgrades(version) => Ok(State::Outdated),
        _ => Err(StoreError::corrupt(path, format!("it has an unknown schema version {version}"))),
    }
}

/// Creates the schema and inserts `mesh` in one transaction. Returns `false` when another
/// process seeded the file first (checked again under the write lock), leaving it as it is.
fn seed_if_empty(
    conn: &mut Connection,
    path: &Path,
    mesh: &DemoMesh,
    seeded_at: Option<i64>,
) -> Result<bool, StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(sql_error)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql_error)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_error)?;
    let objects: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(sql_error)?;
    if objects != 0 {
        return Ok(false);
    }
    tx.execute_batch(CREATE).map_err(sql_error)?;
    write::insert_mesh(&tx, path, mesh, seeded_at)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(sql_error)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(sql_error)?;
    tx.commit().map_err(sql_error)?;
    Ok(true)
}

/// Checks an existing store before use: its tables, its pages (on stores of ordinary size) and
/// that this process can take the write lock, so a stuck writer elsewhere is reported now rather
/// than at the first approval.
fn verify(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sql_error = |e| StoreError::from_sqlite(path, e);
    let mut statement = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").map_err(sql_error)?;
    let present = statement
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sql_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql_error)?;
    if let Some(missing) = TABLES.iter().find(|t| !present.iter().any(|p| p == *t)) {
        return Err(StoreError::corrupt(path, format!("its table {missing:?} is missing")));
    }

    let size = fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
    if size <= QUICK_CHECK_MAX_BYTES {
        let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(sql_error)?;
        if verdict != "ok" {
            return Err(StoreError::corrupt(path, format!("integrity check: {verdict}")));
        }
    }

    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(sql_error)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql_error)?;
    conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").map_err(sql_error)
}
