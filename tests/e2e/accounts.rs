//! How the mesh stands, in the real window on the sandbox: the top bar says an account bypasses
//! Lake Formation (every part of the bar shown whole at 1280 and at 1024 px) and opens the
//! Accounts section, which lists every sandbox account with what it holds and the warning;
//! Refresh says there is nothing to refresh; the steward finds the bypass among the findings.

use anyhow::{Result, ensure};

use crate::harness::with_window;

const NIMBUS: &str = r#"#accounts-table tr[data-account="588812340017"]"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_accounts_section_shows_how_each_sandbox_account_stands() -> Result<()> {
    with_window("accounts", async |window| {
        // The top bar says it short, the tooltip whole; at 1280 px and at 1024 px every part of
        // the bar (the persona picker, the counts, the indicator) is shown whole.
        let indicator = r#"#mesh-indicator[data-level="warning"]"#;
        window.wait_for_text(indicator, "LF bypassed").await?;
        let tooltip = window.wait_for(indicator).await?.attr("title").await?.unwrap_or_default();
        ensure!(tooltip.starts_with("1 account bypasses Lake Formation"), "the indicator's tooltip says {tooltip:?}");
        window.wait_for_content_containing("#mesh-counts", "7 accounts · ").await?;
        for (width, height) in [(1280, 800), (1024, 768)] {
            window.resize(width, height).await?;
            let cut = window.cut_parts(".top-bar").await?;
            ensure!(cut.is_empty(), "the top bar at {width} px does not show all of itself: {cut:#?}");
            window.step(&format!("top-bar-{width}px")).await?;
        }
        window.resize(1280, 800).await?;
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
