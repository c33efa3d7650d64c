//! How the mesh stands, in the real window on the sandbox: the top bar says an account bypasses
//! Lake Formation and opens the Accounts section, which lists every sandbox account with what it
//! holds and the warning; Refresh says there is nothing to refresh; the steward finds the
//! bypass among the findings.

use anyhow::{Result, ensure};

use crate::harness::with_window;

const NIMBUS: &str = r#"#accounts-table tr[data-account="588812340017"]"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_accounts_section_shows_how_each_sandbox_account_stands() -> Result<()> {
    with_window("accounts", async |window| {
        let indicator = window.wait_for(r#"#mesh-indicator[data-level="warning"]"#).await?.text().await?;
        ensure!(indicator.contains("bypasses Lake Formation"), "the top bar says {indicator:?}");
        window.click("#mesh-indicator").await?;

        let rows = window.wait_for_at_least(7, r#"#accounts-table tbody tr[data-state="sandbox"]"#).await?;
        ensure!(rows.len() == 7, "seven sandbox accounts, found {}", rows.len());
        let billing = window.wait_for(r#"#accounts-table tr[data-account="402183775003"]"#).await?.text().await?;
        ensure!(billing.contains("billing") && billing.contains("databases"), "billing's row reads {billing:?}");
        window.wait_for(&format!(r#"{NIMBUS} .account-warning[data-warning="lake-formation-bypass"]"#)).await?;
        let warned = window.wait_for_at_least(1, r#".account-warning[data-warning="lake-formation-bypass"]"#).await?;
        ensure!(warned.len() == 1, "only Nimbus bypasses Lake Formation, {} warnings shown", warned.len());
        window.step("accounts").await?;

        window.click("#refresh-mesh").await?;
        let notice = window.wait_for("#refresh-notice").await?.text().await?;
        ensure!(notice.starts_with("Nothing to refresh"), "after Refresh the sandbox says {notice:?}");
        window.step("accounts-refreshed").await?;

        window.select("#identity-select", "lee").await?;
        window.wait_for_attr("#identity-select", "data-identity", "lee").await?;
        window.click("#nav-audit").await?;
        window.click("#audit-findings").await?;
        let finding = r#".finding[data-kind="lake-formation-bypass"][data-severity="high"]"#;
        let text = window.wait_for(finding).await?.text().await?;
        ensure!(text.contains("nimbus-legacy"), "the finding reads {text:?}");
        // Clicking its target brings it into view for the screenshot.
        window.click(&format!("{finding} .target")).await?;
        window.step("bypass-finding").await
    })
    .await
}
