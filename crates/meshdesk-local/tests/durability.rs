//! The local files under interruption and damage: the sandbox store is a write-ahead-logged
//! SQLite file (a kill mid-write loses at most the transaction in flight, never consistency —
//! exercised by killing writers in meshdesk-api's `governance::power_loss`), and the catalog
//! cache, when damaged in any way, is rebuilt empty and says so — never read.

use meshdesk_local::{CatalogCache, SandboxStore, demo_mesh};
use std::path::Path;

const NOW: i64 = 1_800_000_000;
const CACHE: &str = "cache.sqlite";

#[test]
fn the_store_is_write_ahead_logged_so_a_kill_cannot_tear_a_transaction() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SandboxStore::open(dir.path(), NOW).expect("store");
    let conn = rusqlite::Connection::open(store.path()).expect("opens");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal mode");
    assert_eq!(mode, "wal", "the journal mode persists in the file");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(check, "ok");
}

/// A cache with the demo catalog in it, as a crawl would have left it.
fn saved_cache(dir: &Path) -> std::path::PathBuf {
    let mesh = demo_mesh(NOW);
    let cache = CatalogCache::open(dir, CACHE).expect("cache");
    cache.save(&mesh.catalog, &mesh.grants, NOW).expect("saved");
    let (catalog, _, _) = cache.load().expect("load").expect("saved catalog");
    assert_eq!(catalog.tables.len(), mesh.catalog.tables.len());
    assert_eq!(cache.rebuilt(), None);
    cache.path().to_owned()
}

/// Ways a cache file is found damaged: cut short by a full disk or a crash of the file system,
/// overwritten in part, emptied, or replaced by something else entirely.
fn damages() -> Vec<(&'static str, Box<dyn Fn(&[u8]) -> Vec<u8>>)> {
    vec![
        ("truncated to half", Box::new(|b: &[u8]| b[..b.len() / 2].to_vec())),
        ("truncated inside the header", Box::new(|b: &[u8]| b[..50].to_vec())),
        ("garbled pages after the header", Box::new(|b: &[u8]| {
            let mut out = b.to_vec();
            for (i, byte) in out.iter_mut().enumerate().skip(4096) {
                *byte ^= (i % 251) as u8 | 1;
            }
            out
        })),
        ("garbled header", Box::new(|b: &[u8]| {
            let mut out = b.to_vec();
            out[..100].fill(0xA5);
            out
        })),
        ("random bytes", Box::new(|b: &[u8]| (0..b.len()).map(|i| (i * 7919 % 256) as u8).collect())),
    ]
}

#[test]
fn a_damaged_cache_is_rebuilt_and_says_so_never_read() {
    let mut tried = 0;
    for (what, damage) in damages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = saved_cache(dir.path());
        // The cache was closed: its WAL is merged into the file, which is what gets damaged.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let bytes = std::fs::read(&path).expect("cache file");
        std::fs::write(&path, damage(&bytes)).expect("damaged");

        let cache = CatalogCache::open(dir.path(), CACHE).unwrap_or_else(|e| panic!("{what}: the cache did not open: {e}"));
        let reason = cache.rebuilt().unwrap_or_else(|| panic!("{what}: the damage went unnoticed"));
        assert!(reason.contains(CACHE), "{what}: the reason names the file: {reason}");
        assert!(cache.load().expect("load").is_none(), "{what}: nothing of the damaged file is read");
        // It works as a cache again at once.
        let mesh = demo_mesh(NOW);
        cache.save(&mesh.catalog, &mesh.grants, NOW + 1).expect("saved again");
        assert_eq!(cache.load().expect("load").map(|(_, _, at)| at), Some(NOW + 1));
        tried += 1;
    }
    eprintln!("damaged caches rebuilt: {tried}");
}
