//! A damaged catalog cache is told to the person, not just quietly replaced: the mesh status
//! (what Settings → Accounts shows) carries the notice, and the `meshdesk` command prints it on
//! stderr while its `--json` on stdout stays clean. The catalog shown is the one read from AWS
//! again. Here and not in `meshdesk-cli/tests`: the cache is the AWS backend's, so the command
//! needs a mesh of AWS accounts — the emulator's.

use std::path::PathBuf;

use meshdesk_protocol::MeshStatus;

use crate::cli::{json, meshdesk};
use crate::fixture::{Person, TestMesh};

const SAID: &str = "the local catalog cache was damaged and has been rebuilt";

/// The cache file of `person`'s mesh (one per mesh file under `<data dir>/aws/`).
fn cache_file(mesh: &TestMesh, person: Person) -> PathBuf {
    let dir = mesh.config(person).data_dir.join("aws");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the cache directory")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite"))
        .collect();
    assert_eq!(found.len(), 1, "one cache: {found:?}");
    found.into_iter().next().expect("the cache")
}

/// Overwrites the start of the closed cache file (its header and first pages) with garbage.
fn damage(path: &PathBuf) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut bytes = std::fs::read(path).expect("the cache file");
    let end = bytes.len().min(8192);
    bytes[..end].iter_mut().enumerate().for_each(|(i, b)| *b = (i * 31 % 251) as u8);
    std::fs::write(path, bytes).expect("damaged");
}

pub fn a_damaged_cache_is_rebuilt_from_aws_and_the_window_and_the_command_line_say_so() {
    let mesh = TestMesh::seeded();
    let first = mesh.open(Person::Dana);
    assert_eq!(first.mesh_status().expect("status").cache_notice, None, "a new cache is no news");
    let products = first.mesh_info().product_count;
    assert!(products > 0);
    drop(first);

    damage(&cache_file(&mesh, Person::Dana));
    let reopened = mesh.open(Person::Dana);
    let status = reopened.mesh_status().expect("status");
    let notice = status.cache_notice.clone().unwrap_or_else(|| panic!("the damage went unsaid: {status:#?}"));
    assert!(notice.contains(SAID), "{notice}");
    assert_eq!(reopened.mesh_info().product_count, products, "the catalog is read from AWS again");
    drop(reopened);
    // The rebuilt cache is sound: the next start has nothing to say.
    assert_eq!(mesh.open(Person::Dana).mesh_status().expect("status").cache_notice, None);

    damage(&cache_file(&mesh, Person::Dana));
    let out = meshdesk(&mesh, Person::Dana, &["accounts", "--json"]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(said.contains(&format!("meshdesk: note: {SAID}")), "stderr: {said}");
    let status: MeshStatus = json(&out);
    assert!(status.cache_notice.is_some_and(|n| n.contains(SAID)), "the JSON carries it too");
    assert_eq!(status.accounts.len(), 3);
    let again = meshdesk(&mesh, Person::Dana, &["accounts"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains(SAID), "said once, at the start that rebuilt it");
}
