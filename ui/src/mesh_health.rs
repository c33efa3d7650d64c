//! How the mesh stands, in words: the top bar's indicator, each account's state and warnings,
//! and a refresh's progress per account.

use crate::freshness::count_of;
use meshdesk_protocol::{AccountProgressView, AccountState, MeshStatus, RefreshStage, WarningKind};

/// How bad the indicator is: drives its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Failed,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Failed => "failed",
            Level::Warning => "warning",
        }
    }
}

/// What the top bar says about the mesh, the worst first; nothing when every account is well.
pub fn indicator(status: &MeshStatus) -> Option<(String, Level)> {
    let failed = status.failed();
    if failed > 0 {
        return Some((format!("{} failed", count_of(failed, "account", "accounts")), Level::Failed));
    }
    if status.warned(WarningKind::PartialView) > 0 {
        return Some(("view may be partial".to_owned(), Level::Warning));
    }
    let bypass = status.warned(WarningKind::LakeFormationBypass);
    if bypass > 0 {
        let who = if bypass == 1 { "1 account bypasses" } else { "accounts bypass" };
        return Some((format!("{who} Lake Formation"), Level::Warning));
    }
    None
}

/// The state column: the word for the state, then what it holds or why it failed.
pub fn state_label(state: &AccountState) -> (&'static str, String) {
    let holds = |databases: u32, tables: u32, grants: u32| {
        format!(
            "{}, {}, {}",
            count_of(databases as usize, "database", "databases"),
            count_of(tables as usize, "table", "tables"),
            count_of(grants as usize, "grant", "grants")
        )
    };
    match state {
        AccountState::Sandbox { databases, tables, grants } => ("sandbox", holds(*databases, *tables, *grants)),
        AccountState::Loaded { databases, tables, grants } => ("loaded", holds(*databases, *tables, *grants)),
        AccountState::Cached => ("cached", "shown from the local cache; not read from AWS since Meshdesk started".to_owned()),
        AccountState::Failed { kind, message, cached } => (
            "failed",
            format!(
                "{kind}: {message} — {}",
                if *cached { "its last known catalog is shown" } else { "nothing of it is shown" }
            ),
        ),
    }
}

/// A refresh's stage in one account, in words.
pub fn stage_label(stage: &RefreshStage) -> String {
    match stage {
        RefreshStage::Queued => "waiting".to_owned(),
        RefreshStage::Started => "connecting".to_owned(),
        RefreshStage::Reading { databases, tables_read } => {
            format!("reading tables: {tables_read} of {}", count_of(*databases as usize, "database", "databases"))
        }
        RefreshStage::Done => "✓ read".to_owned(),
        RefreshStage::Failed { kind, message } => format!("✗ {kind}: {message}"),
    }
}

/// How far a refresh is in one account, 0–100, for a progress bar.
pub fn percent(stage: &RefreshStage) -> u32 {
    match stage {
        RefreshStage::Queued => 0,
        RefreshStage::Started => 5,
        // Listing tables is most of the work; tags, grants and settings follow.
        RefreshStage::Reading { databases, tables_read } if *databases > 0 => 5 + 85 * tables_read.min(databases) / databases,
        RefreshStage::Reading { .. } => 90,
        RefreshStage::Done | RefreshStage::Failed { .. } => 100,
    }
}

/// The progress of the account read with `profile` (or, on a mesh without profiles, `account`).
pub fn progress_of<'a>(
    progress: &'a [AccountProgressView],
    profile: Option<&str>,
    account: Option<&str>,
) -> Option<&'a AccountProgressView> {
    progress.iter().find(|p| match profile {
        Some(profile) => p.profile == profile,
        None => p.account.as_deref() == account,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::{AccountStatusView, AccountWarning, MeshKind};

    fn account(state: AccountState, warnings: &[WarningKind]) -> AccountStatusView {
        AccountStatusView {
            profile: Some("p".into()),
            name: "billing-prod".into(),
            domain: "billing".into(),
            account: Some("1".into()),
            state,
            warnings: warnings.iter().map(|&kind| AccountWarning { kind, message: String::new() }).collect(),
        }
    }

    fn mesh(accounts: Vec<AccountStatusView>) -> MeshStatus {
        MeshStatus { kind: MeshKind::Aws, name: "m".into(), accounts, refreshable: true, cache_notice: None }
    }

    fn failed() -> AccountState {
        AccountState::Failed { kind: "access denied".into(), message: "no".into(), cached: true }
    }

    #[test]
    fn the_indicator_names_the_worst_first() {
        let loaded = AccountState::Loaded { databases: 1, tables: 2, grants: 3 };
        assert_eq!(indicator(&mesh(vec![account(loaded.clone(), &[])])), None);
        let partial = mesh(vec![account(loaded.clone(), &[WarningKind::PartialView, WarningKind::LakeFormationBypass])]);
        assert_eq!(indicator(&partial), Some(("view may be partial".into(), Level::Warning)));
        let bypass = mesh(vec![account(loaded.clone(), &[WarningKind::LakeFormationBypass])]);
        assert_eq!(indicator(&bypass), Some(("1 account bypasses Lake Formation".into(), Level::Warning)));
        let broken = mesh(vec![account(failed(), &[]), account(failed(), &[]), account(loaded, &[WarningKind::PartialView])]);
        assert_eq!(indicator(&broken), Some(("2 accounts failed".into(), Level::Failed)));
    }

    #[test]
    fn states_say_what_is_shown() {
        assert_eq!(
            state_label(&AccountState::Sandbox { databases: 1, tables: 12, grants: 0 }),
            ("sandbox", "1 database, 12 tables, 0 grants".into())
        );
        let (word, detail) = state_label(&failed());
        assert_eq!(word, "failed");
        assert!(detail.starts_with("access denied: no") && detail.ends_with("its last known catalog is shown"), "{detail}");
    }

    #[test]
    fn progress_moves_with_the_tables_read() {
        assert_eq!(percent(&RefreshStage::Queued), 0);
        assert_eq!(percent(&RefreshStage::Reading { databases: 4, tables_read: 2 }), 47);
        assert_eq!(percent(&RefreshStage::Reading { databases: 0, tables_read: 0 }), 90);
        assert_eq!(percent(&RefreshStage::Done), 100);
        assert_eq!(stage_label(&RefreshStage::Reading { databases: 4, tables_read: 2 }), "reading tables: 2 of 4 databases");
    }
}
