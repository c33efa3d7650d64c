//! How the mesh stands, on either backend: every account read, shown from the cache or failed,
//! with the warnings about its view; and refreshing it, with each account's progress kept for
//! a window to poll while the refresh runs on another thread.

use std::sync::{Arc, Mutex, PoisonError};

use meshdesk_protocol::{
    AccountProgressView, AccountState, AccountStatusView, AccountWarning, ApiError, MeshStatus, RefreshProgress,
    RefreshStage, WarningKind,
};

use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};

/// Called with each account's progress, from the crawler's threads, in any order across accounts.
pub type RefreshCallback = Arc<dyn Fn(AccountProgressView) + Send + Sync>;

/// The running or last refresh's progress; shared with the callback the crawler calls.
#[derive(Debug, Default)]
pub(crate) struct RefreshTracker(Arc<Mutex<RefreshProgress>>);

impl RefreshTracker {
    fn with<T>(&self, f: impl FnOnce(&mut RefreshProgress) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Ends a refresh in the tracker however it ends (an error or a panic included), so a window
/// never shows a refresh running forever.
struct Running<'a>(&'a RefreshTracker);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.with(|p| {
            p.running = false;
            for account in &mut p.accounts {
                if matches!(account.stage, RefreshStage::Queued | RefreshStage::Started | RefreshStage::Reading { .. }) {
                    account.stage = RefreshStage::Failed {
                        kind: "unavailable".into(),
                        message: "the refresh ended before this account was read".into(),
                    };
                }
            }
        });
    }
}

/// What the user should know about an account's data lake settings.
pub(crate) fn bypass_warning() -> AccountWarning {
    AccountWarning {
        kind: WarningKind::LakeFormationBypass,
        message: "IAM_ALLOWED_PRINCIPALS is in this account's default permissions for new databases and tables: \
                  IAM policies alone reach their data, around Lake Formation grants"
            .into(),
    }
}

impl<B: Backend> Meshdesk<B> {
    /// Every account of the mesh and how it stands: on AWS read, from the cache, or failed
    /// (and why); on the sandbox each account with its counts. Warnings include an account's
    /// data lake settings letting IAM bypass Lake Formation.
    pub fn mesh_status(&self) -> Result<MeshStatus, ApiError> {
        let bypass = self.backend.lake_formation_bypass().map_err(from_port)?;
        let (mut accounts, refreshable) = match self.backend.account_statuses() {
            Some(accounts) => (accounts, true),
            None => (self.store_accounts()?, false),
        };
        for account in &mut accounts {
            if account.account.as_ref().is_some_and(|id| bypass.contains(id)) {
                account.warnings.push(bypass_warning());
            }
        }
        Ok(MeshStatus {
            kind: self.setup.kind,
            name: self.setup.name.clone(),
            accounts,
            refreshable,
            cache_notice: self.cache_notice.clone(),
        })
    }

    /// Said when the local catalog cache was damaged (or of a newer Meshdesk) when this mesh was
    /// opened, and so was thrown away and read again from AWS rather than trusted; `None` when
    /// the cache was used as found. The shells tell the person: the CLI on stderr, the window
    /// in Settings → Accounts.
    pub fn cache_notice(&self) -> Option<&str> {
        self.cache_notice.as_deref()
    }

    /// The accounts of a mesh whose store is the mesh itself, with what each holds.
    fn store_accounts(&self) -> Result<Vec<AccountStatusView>, ApiError> {
        let index = self.index()?;
        let catalog = index.catalog();
        let grants = self.backend.grants().map_err(from_port)?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(catalog
            .accounts
            .iter()
            .map(|a| AccountStatusView {
                profile: None,
                name: a.name.clone(),
                domain: a.domain.clone(),
                account: Some(a.id.clone()),
                state: AccountState::Sandbox {
                    databases: count(catalog.databases.iter().filter(|d| d.account == a.id).count()),
                    tables: count(catalog.tables.iter().filter(|t| t.account == a.id).count()),
                    grants: count(grants.iter().filter(|g| g.resource.account() == a.id).count()),
                },
                warnings: Vec::new(),
            })
            .collect())
    }

    /// Reads every account of the mesh again — reporting each account's progress to `report`
    /// and to [`Meshdesk::refresh_progress`] — keeps the result in the cache and shows it. One
    /// account failing leaves the others read; its status says why. On the sandbox there is
    /// nothing to read again: the status comes back at once, `refreshable: false`.
    ///
    /// Refused with `conflict` while another refresh of this mesh runs.
    pub fn refresh_mesh(&self, report: RefreshCallback, now: i64) -> Result<MeshStatus, ApiError> {
        let queued: Vec<AccountProgressView> = self
            .backend
            .account_statuses()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| {
                // Only accounts whose profile connected are read again.
                let account = a.account?;
                Some(AccountProgressView { profile: a.profile.unwrap_or_default(), account: Some(account), stage: RefreshStage::Queued })
            })
            .collect();
        self.refresh.with(|p| {
            if p.running {
                return Err(ApiError::conflict("a refresh of this mesh is already running: wait for it to finish"));
            }
            *p = RefreshProgress { running: true, started_at: Some(now), accounts: queued, error: None };
            Ok(())
        })?;
        let running = Running(&self.refresh);
        let tracker = Arc::clone(&running.0 .0);
        let progress: RefreshCallback = Arc::new(move |update: AccountProgressView| {
            {
                let mut p = tracker.lock().unwrap_or_else(PoisonError::into_inner);
                match p.accounts.iter_mut().find(|a| a.profile == update.profile) {
                    Some(slot) => *slot = update.clone(),
                    None => p.accounts.push(update.clone()),
                }
            }
            report(update);
        });
        let refreshed = self.backend.refresh(progress, &self.setup.store_path, now);
        // A refresh reads every grant again, also one that failed for some accounts.
        self.access_changed();
        if let Err(error) = &refreshed {
            self.refresh.with(|p| p.error = Some(error.message.clone()));
        }
        drop(running);
        if refreshed? {
            self.reload_catalog()?;
        }
        self.mesh_status()
    }

    /// The running refresh's progress, or the last one's (`running: false`).
    pub fn refresh_progress(&self) -> RefreshProgress {
        self.refresh.with(|p| p.clone())
    }
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
