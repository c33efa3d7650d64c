//! Owners manage their products in the real window: Dana edits her product's description and
//! freshness SLO, sees each change checked as she types and planned before/after, and saves; sees
//! who would lose her product were she to unpublish it, and publishes a draft, which Mia finds;
//! Mia, who reads a table whose pipeline broke its contract, is told so on My access and finds
//! the breaking change in the table's history.

use anyhow::{Context, Result};

use crate::harness::{Window, with_window};

const CUSTOMER_PROFILES_ROW: &str = r#".result-row[data-product="402183775004:customer_profiles"]"#;
const CURATED_ROW: &str = r#".result-row[data-product="402183775001:message_events_curated"]"#;
const BROKEN_TABLE: &str = "402183775001:message_events_curated.daily_message_counts";
const DRAFT: &str = "402183775004:customer_risk_signals";
const SLO_PROBLEM: &str = r#".field-problem[data-field="slo_freshness_hours"]"#;

async fn act_as(window: &Window, persona: &str) -> Result<()> {
    let current = window.wait_for("#identity-select").await?.attr("data-identity").await?;
    if current.as_deref() == Some(persona) {
        return Ok(());
    }
    window.select("#identity-select", persona).await.with_context(|| format!("switching to {persona}"))?;
    window.wait_for_attr("#identity-select", "data-identity", persona).await
}

async fn open_product(window: &Window, search: &str, row: &str, title: &str) -> Result<()> {
    window.click("#nav-catalog").await?;
    window.replace_text("#search-input", search).await?;
    window.click(row).await?;
    window.wait_for_text("#product-title", title).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_edits_and_saves_and_a_consumer_sees_the_broken_contract() -> Result<()> {
    with_window("product-management", async |window| {
        act_as(window, "dana").await?;
        open_product(window, "customer", CUSTOMER_PROFILES_ROW, "customer_profiles").await?;
        window.click("#edit-annotations").await?;
        window.wait_for("#annotation-editor").await?;

        // Checked as she types: a freshness SLO is a whole number of hours.
        window.replace_text("#annotation-slo_freshness_hours", "12h").await?;
        window.wait_for(SLO_PROBLEM).await?;
        window.step("slo-checked-as-typed").await?;
        window.replace_text("#annotation-slo_freshness_hours", "12").await?;
        window.wait_for_none(SLO_PROBLEM).await?;
        window
            .replace_text("#annotation-description", "The golden record of every customer, mastered in the CRM.")
            .await?;

        // The plan shows each parameter before and after.
        window
            .wait_for(r#"#annotation-plan .parameter-change[data-key="meshdesk:slo.freshness_hours"] .after"#)
            .await?;
        window
            .wait_for_text(
                r#"#annotation-plan .parameter-change[data-key="meshdesk:slo.freshness_hours"] .before"#,
                "24",
            )
            .await?;
        window.wait_for(r#"#annotation-plan .parameter-change[data-key="meshdesk:description"]"#).await?;
        window.wait_for("#annotation-save:not([disabled])").await?;
        window.step("annotation-plan").await?;
        window.click("#annotation-save").await?;

        window.wait_for("#product-notice").await?;
        window.wait_for_text("#overview-slo", "12 h").await?;
        window
            .wait_for_text("#overview-description", "The golden record of every customer, mastered in the CRM.")
            .await?;
        window.step("annotation-saved").await?;

        // Unpublishing names who would lose the product, and waits for a confirmation.
        window.click("#publish-toggle").await?;
        window.wait_for(r#"#publish-plan .consumer[data-who="402183775006:customer_360"]"#).await?;
        window.wait_for("#publish-apply[disabled]").await?;
        window.click("#publish-confirm-label span").await?;
        window.wait_for("#publish-apply:not([disabled])").await?;
        window.step("unpublish-needs-confirmation").await?;

        // A draft of Dana's account is published from the Policies page.
        window.click("#nav-policies").await?;
        window.click(&format!(r#".unpublished[data-product="{DRAFT}"] button"#)).await?;
        window.wait_for_text("#product-title", "customer_risk_signals").await?;
        window.click("#publish-toggle").await?;
        window.click("#publish-apply").await?;
        window.wait_for(r#"#publish-control[data-published="true"]"#).await?;
        window.step("draft-published").await?;

        act_as(window, "mia").await?;
        open_product(
            window,
            "risk signals",
            &format!(r#".result-row[data-product="{DRAFT}"]"#),
            "customer_risk_signals",
        )
        .await?;
        window.click("#nav-my-access").await?;
        window.wait_for(&format!(r#"#contract-broken .contract-breach[data-table="{BROKEN_TABLE}"]"#)).await?;
        window.step("consumer-sees-broken-contract").await?;

        open_product(window, "message_events_curated", CURATED_ROW, "message_events_curated").await?;
        window.wait_for("#product-contract-violations").await?;
        window.click("#tab-history").await?;
        window.select("#history-table", "daily_message_counts").await?;
        window.wait_for(r#".schema-version[data-version="4"][data-breaking="true"]"#).await?;
        window.wait_for(r#".schema-version[data-version="3"][data-breaking="false"]"#).await?;
        window.step("schema-history").await
    })
    .await
}
