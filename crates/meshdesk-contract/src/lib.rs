//! The contract of the ports in `meshdesk_core::ports`, as test suites every backend runs: the
//! sandbox's tests and the AWS backend's tests against moto implement [`Harness`] and call one
//! `run` per port, so both backends are held to the same checks.
//!
//! Each check is a named function; [`run_suite`] runs every check of a suite on one seeded store
//! (checks use their own request ids and compare with what was there before, so they share it),
//! prints each outcome as `contract <suite>::<check> ... ok`, and fails naming every check that
//! broke. A check a backend cannot pass for a reason outside its code (the emulator lacks an
//! API) is skipped only when the harness declares that [`Limitation`], and the skip is printed
//! with the harness's reason — never silently.
//!
//! This crate is only ever a dev-dependency: production code does not know the contract exists.

pub mod audit;
pub mod catalog;
pub mod fixture;
pub mod policy;
pub mod product;
pub mod requests;

use std::panic::{AssertUnwindSafe, catch_unwind};

use meshdesk_core::model::{Account, Catalog};
use meshdesk_core::ports::{AuditLog, CatalogSource, Directory, PolicyStore, RequestStore};

/// Something a backend cannot do for reasons outside its own code; a check needing it is
/// skipped, with the reason printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limitation {
    /// The service stamps a table's update time itself, so a seeded time cannot come back.
    UpdateTimeSetByService,
    /// Data cells filters cannot be created, so a grant on one cannot be made.
    NoDataCellsFilters,
    /// Assigning an LF-tag replaces a resource's other tags instead of adding to them.
    TagAssignmentReplaces,
    /// The harness cannot edit stored audit events behind the log's back.
    EventsCannotBeEdited,
    /// Conditional writes racing on the store are not isolated from one another (a defect of an
    /// emulator, not of the backend), so who wins a race cannot be judged.
    RacingWritesNotIsolated,
}

/// How a backend's tests give the suites a store of their own.
pub trait Harness: Sync {
    type Store: CatalogSource + Directory + PolicyStore + RequestStore + AuditLog;
    /// What is needed to open the same store again, possibly on another thread.
    type Address: Clone + Send;

    /// The backend's name in messages: "sandbox", "aws (moto)".
    fn backend(&self) -> &str;
    /// The accounts of a fresh store, at least two: the producer first, then a consumer. A
    /// seeded catalog lists exactly these.
    fn accounts(&self) -> Vec<Account>;
    /// A fresh store holding `catalog` (whose accounts are [`Harness::accounts`]) and no
    /// grants, requests or audit events.
    fn seeded(&self, catalog: &Catalog) -> Self::Store;
    fn address(&self, store: &Self::Store) -> Self::Address;
    /// Another handle on the same store, as another window or desktop would open it; `writer`
    /// lets the harness use a different person for each.
    fn open_again(&self, address: &Self::Address, writer: usize) -> Self::Store;
    /// Makes `store` read the catalog and grants again from where they are kept (a refresh),
    /// so a check sees what is stored rather than what the handle remembers.
    fn reread(&self, store: &Self::Store);
    /// Edits the stored event `seq` behind the log's back (its actor becomes `mallory`), as
    /// someone with direct access to the storage could. Called only when the harness does not
    /// declare [`Limitation::EventsCannotBeEdited`].
    fn tamper(&self, store: &Self::Store, seq: u64);
    /// Why this backend cannot pass checks needing `limitation`; `None` when it can.
    fn limitation(&self, limitation: Limitation) -> Option<String>;
    /// A principal that one of the store's identities acts as (see [`Directory`]).
    fn acting_principal(&self) -> String;
    /// The time checks write at (Unix seconds).
    fn now(&self) -> i64 {
        fixture::NOW
    }
}

/// One named check of a suite, and what it needs of the backend.
pub struct Check<S> {
    pub name: &'static str,
    pub needs: &'static [Limitation],
    pub run: fn(&S),
}

impl<S> std::fmt::Debug for Check<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("name", &self.name).field("needs", &self.needs).finish()
    }
}

/// A suite's state: the harness and the store its checks share.
#[derive(Debug)]
pub struct Subject<'h, H: Harness> {
    pub harness: &'h H,
    pub store: H::Store,
}

/// What a suite run did, by check name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub passed: Vec<&'static str>,
    /// With the harness's reason.
    pub skipped: Vec<(&'static str, String)>,
    pub failed: Vec<&'static str>,
}

/// Runs `checks` in order on `subject`, printing each outcome; panics naming every check that
/// failed, after all have run.
pub fn run_suite<S>(
    suite: &str,
    backend: &str,
    subject: &S,
    checks: &[Check<S>],
    limited: impl Fn(Limitation) -> Option<String>,
) -> Report {
    let mut report = Report::default();
    for check in checks {
        if let Some(reason) = check.needs.iter().find_map(|l| limited(*l)) {
            eprintln!("contract {suite}::{} ... skipped on {backend}: {reason}", check.name);
            report.skipped.push((check.name, reason));
            continue;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| (check.run)(subject)));
        eprintln!("contract {suite}::{} ... {}", check.name, if outcome.is_ok() { "ok" } else { "FAILED" });
        match outcome {
            Ok(()) => report.passed.push(check.name),
            Err(_) => report.failed.push(check.name),
        }
    }
    assert!(
        report.failed.is_empty(),
        "{backend} breaks the {suite} contract: {} (see each panic above)",
        report.failed.iter().map(|name| format!("{suite}::{name}")).collect::<Vec<_>>().join(", ")
    );
    report
}

/// Runs a suite's checks on a fresh store seeded with [`fixture::catalog`].
fn run_seeded<'h, H: Harness>(suite: &str, harness: &'h H, checks: &[Check<Subject<'h, H>>]) -> Report {
    let store = harness.seeded(&fixture::catalog(&harness.accounts()));
    let subject = Subject { harness, store };
    run_suite(suite, harness.backend(), &subject, checks, |l| harness.limitation(l))
}
