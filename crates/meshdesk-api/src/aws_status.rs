//! An AWS mesh's account statuses and crawl progress as the protocol shows them.

use meshdesk_aws::crawl::PARTIAL_VIEW;
use meshdesk_aws::{AccountOutcome, AccountProgress, AccountStatus, Stage};
use meshdesk_protocol::{
    AccountProgressView, AccountState, AccountStatusView, AccountWarning, RefreshStage, WarningKind,
};

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(crate) fn status_view(status: &AccountStatus) -> AccountStatusView {
    let (state, warnings) = match &status.outcome {
        AccountOutcome::Cached => (AccountState::Cached, Vec::new()),
        AccountOutcome::Loaded { databases, tables, grants, warnings } => (
            AccountState::Loaded { databases: count(*databases), tables: count(*tables), grants: count(*grants) },
            warnings.iter().map(|w| warning(w)).collect(),
        ),
        AccountOutcome::Failed { kind, message, cached } => (
            AccountState::Failed { kind: kind.as_str().to_owned(), message: message.clone(), cached: *cached },
            Vec::new(),
        ),
    };
    AccountStatusView {
        profile: Some(status.profile.clone()),
        name: status.name.clone(),
        domain: status.domain.clone(),
        account: status.account.clone(),
        state,
        warnings,
    }
}

fn warning(message: &str) -> AccountWarning {
    let kind = if message.starts_with(PARTIAL_VIEW) { WarningKind::PartialView } else { WarningKind::Other };
    AccountWarning { kind, message: message.to_owned() }
}

pub(crate) fn progress_view(progress: AccountProgress) -> AccountProgressView {
    let stage = match progress.stage {
        Stage::Started => RefreshStage::Started,
        Stage::Reading { databases, tables_read } => {
            RefreshStage::Reading { databases: count(databases), tables_read: count(tables_read) }
        }
        Stage::Done => RefreshStage::Done,
        Stage::Failed { kind, message } => RefreshStage::Failed { kind: kind.as_str().to_owned(), message },
    };
    AccountProgressView { profile: progress.profile, account: progress.account, stage }
}
