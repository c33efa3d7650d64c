//! `meshdesk refresh`'s progress on a terminal: one bar per account — its stage, the databases
//! whose tables are read — ending in ✓ with what was read or ✗ with the error. Nothing at all
//! when stderr is not a terminal (a pipe, a CI log).

use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use meshdesk_api::RefreshCallback;
use meshdesk_protocol::{AccountProgressView, AccountState, AccountStatusView, MeshStatus, RefreshStage};

const TEMPLATE: &str = "{prefix:<24} [{bar:24}] {pos:>3}/{len:<3} {msg}";

/// The bars of one refresh; `None` inside when progress is not shown.
pub struct Bars(Option<Inner>);

struct Inner {
    multi: MultiProgress,
    /// By profile, in the mesh file's order; accounts reported but not listed are added.
    bars: Arc<Mutex<Vec<(String, ProgressBar)>>>,
}

impl Bars {
    /// Bars for every account `status` lists as readable, when stderr is a terminal.
    pub fn on_terminal(status: &MeshStatus) -> Bars {
        if !status.refreshable || !std::io::stderr().is_terminal() {
            return Bars(None);
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let bars = status
            .accounts
            .iter()
            .filter(|a| a.account.is_some())
            .filter_map(|a| a.profile.clone().map(|profile| (profile.clone(), new_bar(&multi, &profile))))
            .collect();
        Bars(Some(Inner { multi, bars: Arc::new(Mutex::new(bars)) }))
    }

    /// What the refresh calls with each account's progress.
    pub fn callback(&self) -> RefreshCallback {
        let Some(inner) = &self.0 else { return Arc::new(|_| {}) };
        let (multi, bars) = (inner.multi.clone(), Arc::clone(&inner.bars));
        Arc::new(move |p: AccountProgressView| {
            let mut bars = bars.lock().unwrap_or_else(PoisonError::into_inner);
            let bar = match bars.iter().find(|(profile, _)| *profile == p.profile) {
                Some((_, bar)) => bar.clone(),
                None => {
                    let bar = new_bar(&multi, &p.profile);
                    bars.push((p.profile.clone(), bar.clone()));
                    bar
                }
            };
            drop(bars);
            show_stage(&bar, &p.stage);
        })
    }

    /// Ends every bar with how its account stands after the refresh.
    pub fn finish(self, status: &MeshStatus) {
        let Some(inner) = self.0 else { return };
        let bars = inner.bars.lock().unwrap_or_else(PoisonError::into_inner);
        for (profile, bar) in bars.iter() {
            match status.accounts.iter().find(|a| a.profile.as_deref() == Some(profile)) {
                Some(account) => finish_bar(bar, account),
                None => bar.finish(),
            }
        }
    }
}

fn new_bar(multi: &MultiProgress, profile: &str) -> ProgressBar {
    let style = ProgressStyle::with_template(TEMPLATE).map_or_else(|_| ProgressStyle::default_bar(), |s| s.progress_chars("=> "));
    let bar = multi.add(ProgressBar::new(0).with_style(style).with_prefix(profile.to_owned()));
    bar.set_message("waiting");
    bar
}

fn show_stage(bar: &ProgressBar, stage: &RefreshStage) {
    match stage {
        RefreshStage::Reading { databases, tables_read } => {
            bar.set_length(u64::from(*databases));
            bar.set_position(u64::from(*tables_read));
        }
        RefreshStage::Done => bar.set_position(bar.length().unwrap_or(0)),
        _ => {}
    }
    bar.set_message(stage_message(stage));
}

/// What a bar says while its account is read.
pub fn stage_message(stage: &RefreshStage) -> String {
    match stage {
        RefreshStage::Queued => "waiting".to_owned(),
        RefreshStage::Started => "connecting".to_owned(),
        RefreshStage::Reading { .. } => "databases' tables read".to_owned(),
        RefreshStage::Done => "tags, grants and settings read".to_owned(),
        RefreshStage::Failed { kind, message } => format!("✗ {kind}: {message}"),
    }
}

/// What an account holds, in words.
pub fn holds(databases: u32, tables: u32, grants: u32) -> String {
    let of = |n: u32, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    format!("{}, {}, {}", of(databases, "database", "databases"), of(tables, "table", "tables"), of(grants, "grant", "grants"))
}

/// What a bar ends with: ✓ and what was read, or ✗ and why not.
pub fn final_message(account: &AccountStatusView) -> (bool, String) {
    match &account.state {
        AccountState::Loaded { databases, tables, grants } | AccountState::Sandbox { databases, tables, grants } => {
            (true, format!("✓ {}", holds(*databases, *tables, *grants)))
        }
        AccountState::Cached => (true, "✓ shown from the cache".to_owned()),
        AccountState::Failed { kind, message, .. } => (false, format!("✗ {kind}: {message}")),
    }
}

fn finish_bar(bar: &ProgressBar, account: &AccountStatusView) {
    let (ok, message) = final_message(account);
    if ok {
        bar.set_position(bar.length().unwrap_or(0));
        bar.finish_with_message(message);
    } else {
        bar.abandon_with_message(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::MeshKind;

    fn account(state: AccountState) -> AccountStatusView {
        AccountStatusView {
            profile: Some("billing".into()),
            name: "billing-prod".into(),
            domain: "billing".into(),
            account: Some("1".into()),
            state,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn bars_end_with_what_was_read_or_why_not() {
        assert_eq!(
            final_message(&account(AccountState::Loaded { databases: 2, tables: 9, grants: 1 })),
            (true, "✓ 2 databases, 9 tables, 1 grant".to_owned())
        );
        let failed = AccountState::Failed { kind: "access denied".into(), message: "no Glue".into(), cached: true };
        assert_eq!(final_message(&account(failed)), (false, "✗ access denied: no Glue".to_owned()));
        assert_eq!(stage_message(&RefreshStage::Started), "connecting");
    }

    #[test]
    fn a_mesh_with_nothing_to_read_again_shows_no_bars() {
        let status = MeshStatus {
            kind: MeshKind::Sandbox,
            name: "s".into(),
            accounts: vec![account(AccountState::Sandbox { databases: 1, tables: 1, grants: 0 })],
            refreshable: false,
            cache_notice: None,
        };
        let bars = Bars::on_terminal(&status);
        assert!(bars.0.is_none());
        bars.callback()(AccountProgressView { profile: "billing".into(), account: None, stage: RefreshStage::Started });
        bars.finish(&status);
    }
}
