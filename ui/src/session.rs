//! Who the window acts as, and the version every page's data is read at: switching identity or
//! applying a change bumps it, and every resource that tracks it reads again.

use crate::app::Mesh;
use crate::identity::owner_keys;
use crate::ipc;
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, CatalogQuery, Persona, ProductHit};

/// How many products the Policies page lists at most: more than any one owner or a sandbox has.
const GOVERNED_LIMIT: u32 = 1000;

/// A counter that every page's resources read: bumping it makes them all fetch again.
#[derive(Debug, Clone, Copy)]
pub struct DataVersion(RwSignal<u64>);

impl DataVersion {
    pub fn new() -> Self {
        Self(RwSignal::new(0))
    }

    /// Subscribes the calling resource or effect: it runs again after the next bump.
    pub fn track(&self) {
        self.0.track();
    }

    pub fn bump(&self) {
        self.0.update(|v| *v += 1);
    }
}

pub fn use_data_version() -> DataVersion {
    expect_context::<DataVersion>()
}

/// Opens the mesh again on the backend (after a sign-in, or accounts added to the mesh file)
/// and, once it opened, makes every page read the new mesh. A failure changes no page, but the
/// top bar looks at the sign-in again: the reason may be that Identity Center ended it.
pub async fn reopen_mesh(version: DataVersion, sign_in: SignInRequest) -> Result<meshdesk_protocol::MeshInfo, ApiError> {
    match ipc::reopen_mesh().await {
        Ok(info) => {
            version.bump();
            Ok(info)
        }
        Err(error) => {
            sign_in.recheck();
            Err(error)
        }
    }
}

/// A click on the top bar's "Sign in again": Settings' sign-in section starts the device
/// sign-in as soon as it has the start URL.
/// Also the top bar's cue to read how the sign-in stands again (`recheck`).
#[derive(Debug, Clone, Copy)]
pub struct SignInRequest {
    asked: RwSignal<bool>,
    checks: RwSignal<u64>,
}

impl SignInRequest {
    pub fn new() -> Self {
        Self { asked: RwSignal::new(false), checks: RwSignal::new(0) }
    }

    pub fn ask(&self) {
        self.asked.set(true);
    }

    /// Whether a sign-in was asked for (subscribing the caller); `take` clears it.
    pub fn asked(&self) -> bool {
        self.asked.get()
    }

    pub fn take(&self) {
        self.asked.set(false);
    }

    /// The sign-in may have changed (signed out, or a call failed because it ended).
    pub fn recheck(&self) {
        self.checks.update(|c| *c += 1);
    }

    /// Subscribes the caller to `recheck`.
    pub fn track_checks(&self) {
        self.checks.track();
    }
}

/// The current identity and the products it may set policy on.
#[derive(Clone, Copy)]
pub struct Viewer {
    mesh: Mesh,
    version: DataVersion,
    governed: LocalResource<Result<Vec<ProductHit>, ApiError>>,
}

impl Viewer {
    pub fn new(mesh: Mesh, version: DataVersion) -> Self {
        let governed = LocalResource::new(move || async move {
            // Awaiting the mesh subscribes to it: a new identity lists its own products.
            let identity = mesh.resource().await?.identity;
            match identity {
                Some(persona) => governed_products(&persona).await,
                None => Ok(Vec::new()),
            }
        });
        Self { mesh, version, governed }
    }

    /// Acts as another persona of the sandbox. Everything shown was read as the previous one,
    /// so every page reads again.
    pub async fn switch_to(&self, persona_id: &str) -> Result<(), ApiError> {
        ipc::switch_identity(persona_id).await?;
        self.version.bump();
        Ok(())
    }

    pub fn identity(&self) -> Option<Persona> {
        self.mesh.resource().with(|info| info.as_ref()?.as_ref().ok()?.identity.clone())
    }

    pub fn is_steward(&self) -> bool {
        self.identity().is_some_and(|p| p.steward)
    }

    /// Owners and stewards see the Policies page. The backend checks every change again: hiding
    /// the page is a convenience, not a control.
    pub fn sets_policy(&self) -> bool {
        self.is_steward()
            || self.governed.with(|g| g.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|g| !g.is_empty()))
    }

    pub fn governed(&self) -> LocalResource<Result<Vec<ProductHit>, ApiError>> {
        self.governed
    }
}

/// A steward may look after any product; anyone else the products that name them as an owner.
async fn governed_products(persona: &Persona) -> Result<Vec<ProductHit>, ApiError> {
    let owners = if persona.steward { Vec::new() } else { owner_keys(persona) };
    if !persona.steward && owners.is_empty() {
        return Ok(Vec::new());
    }
    let query = CatalogQuery { owners, limit: GOVERNED_LIMIT, ..CatalogQuery::default() };
    Ok(ipc::search_catalog(&query).await?.hits)
}

pub fn use_viewer() -> Viewer {
    expect_context::<Viewer>()
}
