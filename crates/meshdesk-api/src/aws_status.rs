//! An AWS mesh's account statuses and crawl progress as the protocol shows them.

use std::collections::BTreeMap;

use meshdesk_aws::crawl::PARTIAL_VIEW;
use meshdesk_aws::{AccountOutcome, AccountProgress, AccountStatus, LakeSettings, Stage};
use serde_json::{Value, json};
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

/// The cache's key for the accounts' data lake settings.
pub(crate) const LAKE_SETTINGS: &str = "lake_settings";

/// Data lake settings by account, as the cache keeps them.
pub(crate) fn settings_json(settings: &BTreeMap<String, LakeSettings>) -> String {
    let by_account: serde_json::Map<String, Value> = settings
        .iter()
        .map(|(account, s)| {
            let value = json!({"admins": s.admins, "iam_allowed_principals_by_default": s.iam_allowed_principals_by_default});
            (account.clone(), value)
        })
        .collect();
    Value::Object(by_account).to_string()
}

/// The settings kept by [`settings_json`]; an entry that does not read is left out (the next
/// refresh reads it again).
pub(crate) fn parse_settings(text: &str) -> BTreeMap<String, LakeSettings> {
    let Ok(Value::Object(by_account)) = serde_json::from_str::<Value>(text) else { return BTreeMap::new() };
    by_account
        .into_iter()
        .filter_map(|(account, value)| {
            let bypass = value.get("iam_allowed_principals_by_default")?.as_bool()?;
            let admins = value.get("admins")?.as_array()?.iter().filter_map(|a| a.as_str().map(str::to_owned)).collect();
            Some((account, LakeSettings { admins, iam_allowed_principals_by_default: bypass }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_come_back_from_the_cache_as_they_were_kept() {
        let settings: BTreeMap<String, LakeSettings> = [
            ("111".to_owned(), LakeSettings { admins: vec!["arn:aws:iam::111:role/Admin".into()], iam_allowed_principals_by_default: true }),
            ("222".to_owned(), LakeSettings { admins: Vec::new(), iam_allowed_principals_by_default: false }),
        ]
        .into();
        assert_eq!(parse_settings(&settings_json(&settings)), settings);
        assert!(parse_settings("not json").is_empty());
        assert_eq!(parse_settings(r#"{"111": {"admins": []}, "222": {"admins": [], "iam_allowed_principals_by_default": true}}"#).len(), 1);
    }
}
