//! Effective access kept between questions: the grants arranged over the catalog
//! (`AccessIndex`) are built once per state of the catalog, the grants and the memberships, and
//! built again on the first question after any of them changed.
//!
//! A kept index is stale exactly when one of these moved since it was built:
//! - the catalog index (`Meshdesk::index`): replaced on every reload (tags, owners' edits, a
//!   refresh), so compared by identity;
//! - this `Meshdesk`'s own writes that can change grants (`changed`): every policy apply,
//!   provisioning, revocation, consumer link and refresh, whether it succeeded or not (a
//!   failure midway may have changed some grants);
//! - the backend's own count of changes made elsewhere (`Backend::store_version`): another
//!   process committing to the sandbox file, the AWS mesh's state written by anything.
//!
//! The three are read before the grants are, so a change racing a build leaves the index
//! marked with the older state and the next question builds again.

use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::governance::access::{AccessIndex, Reach};
use meshdesk_core::governance::principal::Principal;
use std::collections::HashMap;
use meshdesk_core::governance::model::{Grant, Identity};
use meshdesk_core::CatalogIndex;
use meshdesk_protocol::ApiError;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// Effective access over one catalog and the grants read with it (sorted by id, so a grant a
/// path names is found by binary search).
pub(crate) type Access = AccessIndex<Arc<CatalogIndex>, Vec<Grant>>;

/// How many principals' and identities' readable tables are kept beside the index (a few
/// hundred KB each at 100k tables); past it they are dropped and worked out again when asked.
const REACHES_KEPT: usize = 32;

/// Whose readable tables a kept reach holds: one principal asked about, or an identity (the
/// union of its principals, its account and its groups).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Whose {
    Principal(Principal),
    Identity { principals: Vec<String>, account: String, groups: Vec<String> },
}

/// The kept index, and what principals and identities asked about can read, kept with it for
/// the next page.
pub(crate) struct Kept {
    access: Access,
    reaches: Mutex<HashMap<Whose, Arc<Reach>>>,
}

impl std::ops::Deref for Kept {
    type Target = Access;

    fn deref(&self) -> &Access {
        &self.access
    }
}

impl Kept {
    /// What `principal` can read, worked out once per index: the pages after the first cost
    /// only their own tables.
    pub(crate) fn reach_of(&self, principal: &Principal) -> Arc<Reach> {
        self.kept_reach(Whose::Principal(principal.clone()), || self.access.reach_of(principal))
    }

    /// What `identity` can read through any of its principals, its account or its groups,
    /// kept as a principal's is. Keyed by what the reach is made of, so an identity whose
    /// groups changed (a new sign-in) is worked out again.
    pub(crate) fn identity_reach(&self, identity: &Identity) -> Arc<Reach> {
        let whose = Whose::Identity {
            principals: identity.principals.clone(),
            account: identity.account.clone(),
            groups: identity.groups.clone(),
        };
        self.kept_reach(whose, || self.access.identity_reach(identity))
    }

    fn kept_reach(&self, whose: Whose, work_out: impl FnOnce() -> Reach) -> Arc<Reach> {
        if let Some(reach) = self.reaches.lock().unwrap_or_else(PoisonError::into_inner).get(&whose) {
            return Arc::clone(reach);
        }
        let reach = Arc::new(work_out());
        let mut reaches = self.reaches.lock().unwrap_or_else(PoisonError::into_inner);
        if reaches.len() >= REACHES_KEPT {
            reaches.clear();
        }
        reaches.insert(whose, Arc::clone(&reach));
        reach
    }
}

/// What an index was built from.
#[derive(Debug, Clone)]
struct Built {
    catalog: Arc<CatalogIndex>,
    writes: u64,
    store_version: u64,
}

impl Built {
    fn same(&self, other: &Built) -> bool {
        Arc::ptr_eq(&self.catalog, &other.catalog) && self.writes == other.writes && self.store_version == other.store_version
    }
}

/// The kept index and what invalidates it. Shared by every thread asking (the window's
/// commands run concurrently).
#[derive(Default)]
pub(crate) struct AccessCache {
    /// This `Meshdesk`'s writes that can change access, counted.
    writes: AtomicU64,
    kept: RwLock<Option<(Built, Arc<Kept>)>>,
    /// One build at a time: questions arriving together wait for one build, not start one each.
    building: Mutex<()>,
}

impl std::fmt::Debug for AccessCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.read().unwrap_or_else(PoisonError::into_inner).as_ref().map(|(built, _)| built.writes);
        f.debug_struct("AccessCache").field("writes", &self.writes.load(Ordering::SeqCst)).field("kept_at", &kept).finish()
    }
}

impl AccessCache {
    fn kept_if(&self, now: &Built) -> Option<Arc<Kept>> {
        let kept = self.kept.read().unwrap_or_else(PoisonError::into_inner);
        kept.as_ref().filter(|(built, _)| built.same(now)).map(|(_, access)| Arc::clone(access))
    }
}

impl<B: Backend> Meshdesk<B> {
    /// Effective access as the mesh stands now: the kept index, or a new one when grants, tags,
    /// memberships or the catalog changed since it was built.
    pub(crate) fn access(&self) -> Result<Arc<Kept>, ApiError> {
        let cache = &self.access;
        if let Some(access) = cache.kept_if(&self.built_now()?) {
            return Ok(access);
        }
        let _one_build = cache.building.lock().unwrap_or_else(PoisonError::into_inner);
        // Read again under the lock: another question may have built it meanwhile, or a write
        // may have happened since.
        let now = self.built_now()?;
        if let Some(access) = cache.kept_if(&now) {
            return Ok(access);
        }
        let mut grants = self.backend.grants().map_err(from_port)?;
        grants.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let memberships = self.backend.memberships().map_err(from_port)?;
        let access = Arc::new(Kept {
            access: AccessIndex::build(Arc::clone(&now.catalog), grants, &memberships),
            reaches: Mutex::new(HashMap::new()),
        });
        *cache.kept.write().unwrap_or_else(PoisonError::into_inner) = Some((now, Arc::clone(&access)));
        Ok(access)
    }

    /// Notes a write that can change access (grants, tags, the catalog): the next question
    /// builds the index again. Called after the write, also when it failed.
    pub(crate) fn access_changed(&self) {
        self.access.writes.fetch_add(1, Ordering::SeqCst);
        // The old index is no use any more; free it now rather than at the next question.
        *self.access.kept.write().unwrap_or_else(PoisonError::into_inner) = None;
    }

    fn built_now(&self) -> Result<Built, ApiError> {
        Ok(Built {
            writes: self.access.writes.load(Ordering::SeqCst),
            store_version: self.backend.store_version().map_err(from_port)?,
            catalog: self.index()?,
        })
    }
}
