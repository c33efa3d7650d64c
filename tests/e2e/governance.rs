//! The governance loop in the real window: a consumer asks for three columns for 90 days with a
//! reason, the owner and the steward approve, the consumer's access explains itself, and the
//! steward finds the decisions in an audit log that verifies.

use anyhow::{Context, Result, ensure};

use crate::harness::{Window, with_window};

const CUSTOMER_PROFILES_ROW: &str = r#".result-row[data-product="402183775004:customer_profiles"]"#;
const COLUMNS: [&str; 3] = ["customers.customer_id", "customers.segment", "customers.email"];

async fn act_as(window: &Window, persona: &str) -> Result<()> {
    let current = window.wait_for("#identity-select").await?.attr("data-identity").await?;
    if current.as_deref() == Some(persona) {
        return Ok(());
    }
    window.select("#identity-select", persona).await.with_context(|| format!("switching to {persona}"))?;
    // The top bar shows who the backend now acts as once the switch went through.
    window.wait_for_attr("#identity-select", "data-identity", persona).await
}

async fn open_request(window: &Window, id: &str) -> Result<()> {
    window.click("#nav-requests").await?;
    for tab in ["#requests-inbox", "#requests-mine", "#requests-all"] {
        if window.try_click(tab).await? && window.appears(&format!(r#".request-row[data-request="{id}"]"#)).await? {
            return window.click(&format!(r#".request-row[data-request="{id}"]"#)).await;
        }
    }
    anyhow::bail!("request {id} is in none of the request lists")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consumer_requests_the_owner_and_steward_approve_and_the_steward_audits() -> Result<()> {
    with_window("governance", async |window| {
        act_as(window, "mia").await?;
        window.type_into("#search-input", "customer").await?;
        window.click(CUSTOMER_PROFILES_ROW).await?;
        window.wait_for_text("#product-title", "customer_profiles").await?;
        window.click("#tab-access").await?;
        window.click("#request-access").await?;
        window.wait_for("#request-form").await?;
        window.type_into("#request-justification", "Q3 churn campaign: lapsed customers by segment").await?;
        for column in COLUMNS {
            let checkbox = format!(r#".request-column[data-column="{column}"]"#);
            // Clicking the column's name, as most people do, ticks its box.
            window.click(&format!("{checkbox} + .name")).await?;
            window.wait_for(&format!("{checkbox}:checked")).await?;
        }
        // The preview says what is asked and how sensitive it is before anything is sent.
        window.wait_for(r#".preview-column[data-column="customers.email"]"#).await?;
        window.wait_for(r#"#preview-highest .sensitivity-chip[data-sensitivity="restricted"]"#).await?;
        window.step("request-form").await?;
        window.click("#request-submit").await?;
        window.wait_for(r#".request-head[data-status="pending"]"#).await?;
        let id = window
            .wait_for(".request-head")
            .await?
            .attr("data-request")
            .await?
            .context("the request page names its request")?;
        window.step("request-sent").await?;

        act_as(window, "dana").await?;
        open_request(window, &id).await?;
        window.wait_for(r#".request-head[data-status="pending"]"#).await?;
        window.step("owner-inbox").await?;
        window.click("#approve-request").await?;
        // Restricted columns need the steward too: still pending after the owner.
        window.wait_for(r#"#request-timeline .decision[data-verdict="approve"]"#).await?;
        window.wait_for(r#".request-head[data-status="pending"]"#).await?;

        act_as(window, "lee").await?;
        open_request(window, &id).await?;
        window.click("#approve-request").await?;
        window.wait_for(r#".request-head[data-status="provisioned"]"#).await?;
        window.step("provisioned").await?;

        act_as(window, "mia").await?;
        window.click("#nav-my-access").await?;
        let table = r#".access-table[data-table="402183775004:customer_profiles.customers"]"#;
        window.wait_for(table).await?;
        for column in ["customer_id", "segment", "email"] {
            window.wait_for(&format!(r#"{table} .access-column[data-column="{column}"]"#)).await?;
        }
        // The demo's nine tables Mia read before, and customers: all on the first page.
        window.wait_for_text("#access-count", "Showing 10 of 10 tables you can read").await?;
        let shown = window.wait_for_at_least(10, ".access-table").await?.len();
        ensure!(shown == 10, "the count says 10 tables, but {shown} are shown");
        ensure!(!window.appears("#access-more").await?, "Show more is offered with every table shown");
        window.step("my-access").await?;

        act_as(window, "lee").await?;
        window.click("#nav-audit").await?;
        window.click("#audit-timeline").await?;
        window.type_into("#audit-request", &id).await?;
        // Asked, owner's approval recorded, approved, grant created, provisioned: five events.
        window.wait_for_text("#audit-page-label", "1–5 of 5").await?;
        window.step("audit-timeline").await?;
        window.click("#audit-verify").await?;
        let verdict = window.wait_for(".verify-ok").await?.text().await?;
        ensure!(verdict.to_lowercase().contains("intact"), "the audit log should verify, but the window says {verdict:?}");
        window.step("audit-verified").await?;
        window.click("#audit-findings").await?;
        window.wait_for(r#".finding[data-kind="unexplained-grant"]"#).await?;
        window.step("findings").await
    })
    .await
}
