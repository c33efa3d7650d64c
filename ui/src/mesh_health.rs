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

/// What the top bar says about the mesh: a short label that fits the bar beside everything
/// else, and the whole of it for the tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub label: String,
    pub detail: String,
    pub level: Level,
}

/// Where the tooltip sends the user: the indicator opens the Accounts section.
const SEE_ACCOUNTS: &str = "Click to see each account in Settings.";

/// What the top bar says about the mesh, the worst first; nothing when every account is well.
pub fn indicator(status: &MeshStatus) -> Option<Indicator> {
    let failed = status.failed();
    if failed > 0 {
        let accounts = count_of(failed, "account", "accounts");
        return Some(Indicator {
            label: format!("{accounts} failed"),
            detail: format!("{accounts} could not be read: the catalog shows their last known state, where there is one. {SEE_ACCOUNTS}"),
            level: Level::Failed,
        });
    }
    let partial = status.warned(WarningKind::PartialView);
    if partial > 0 {
        let accounts = count_of(partial, "account", "accounts");
        return Some(Indicator {
            label: "Partial view".to_owned(),
            detail: format!(
                "The view of the mesh may be partial: in {accounts}, Lake Formation grants name resources Glue did not \
                 list (the role may lack DESCRIBE). {SEE_ACCOUNTS}"
            ),
            level: Level::Warning,
        });
    }
    let bypass = status.warned(WarningKind::LakeFormationBypass);
    if bypass > 0 {
        let who = if bypass == 1 { "1 account bypasses".to_owned() } else { format!("{bypass} accounts bypass") };
        return Some(Indicator {
            label: "LF bypassed".to_owned(),
            detail: format!(
                "{who} Lake Formation: IAM policies alone reach data there, around Lake Formation grants. {SEE_ACCOUNTS}"
            ),
            level: Level::Warning,
        });
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
        let said = |status: &MeshStatus| indicator(status).map(|i| (i.label, i.level));
        assert_eq!(indicator(&mesh(vec![account(loaded.clone(), &[])])), None);
        let partial = mesh(vec![account(loaded.clone(), &[WarningKind::PartialView, WarningKind::LakeFormationBypass])]);
        assert_eq!(said(&partial), Some(("Partial view".into(), Level::Warning)));
        let bypass = mesh(vec![account(loaded.clone(), &[WarningKind::LakeFormationBypass])]);
        assert_eq!(said(&bypass), Some(("LF bypassed".into(), Level::Warning)));
        let broken = mesh(vec![account(failed(), &[]), account(failed(), &[]), account(loaded, &[WarningKind::PartialView])]);
        assert_eq!(said(&broken), Some(("2 accounts failed".into(), Level::Failed)));
    }

    #[test]
    fn the_indicator_s_tooltip_says_it_whole_and_how_many() {
        let loaded = AccountState::Loaded { databases: 1, tables: 2, grants: 3 };
        let bypass = |n| mesh((0..n).map(|_| account(loaded.clone(), &[WarningKind::LakeFormationBypass])).collect());
        let one = indicator(&bypass(1)).expect("said").detail;
        assert!(one.starts_with("1 account bypasses Lake Formation: IAM policies alone reach data"), "{one}");
        assert!(one.ends_with("Click to see each account in Settings."), "{one}");
        let two = indicator(&bypass(2)).expect("said").detail;
        assert!(two.starts_with("2 accounts bypass Lake Formation"), "{two}");
        let partial = indicator(&mesh(vec![account(loaded.clone(), &[WarningKind::PartialView])])).expect("said").detail;
        assert!(partial.contains("in 1 account, Lake Formation grants name resources Glue did not list"), "{partial}");
        let failed = indicator(&mesh(vec![account(failed(), &[])])).expect("said").detail;
        assert!(failed.starts_with("1 account could not be read"), "{failed}");
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
