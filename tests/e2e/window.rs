//! The window used as a consumer would: find a product, read its schema, follow its lineage.

use anyhow::{Result, ensure};

use crate::harness::with_window;

const CUSTOMER_PROFILES_ROW: &str = r#".result-row[data-product="402183775004:customer_profiles"]"#;
const EMAIL_CHIP: &str = r#"tr.column-row[data-column="customers.email"] .sensitivity-chip"#;
const CUSTOMER_ID_CHIP: &str = r#"tr.column-row[data-column="customers.customer_id"] .sensitivity-chip"#;
const CUSTOMER_360_NODE: &str = r#"g.lineage-node[data-table="402183775006:customer_360.customer_360"]"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_consumer_finds_a_product_reads_its_schema_and_follows_its_lineage() -> Result<()> {
    with_window("find-product", async |window| {
        window.wait_for_at_least(2, ".result-row").await?;
        ensure!(
            window.data_dir().join("sandbox.sqlite").is_file(),
            "the sandbox should be seeded in the test's own data directory {}",
            window.data_dir().display()
        );
        window.step("catalog").await?;

        window.type_into("#search-input", "customer").await?;
        window.wait_for(CUSTOMER_PROFILES_ROW).await?;
        window.step("search").await?;

        window.click(CUSTOMER_PROFILES_ROW).await?;
        window.wait_for_text("#product-title", "customer_profiles").await?;
        window.step("product").await?;

        window.click("#tab-schema").await?;
        // A column tagged itself, and one that inherits its database's tag.
        window.wait_for_attr(EMAIL_CHIP, "data-sensitivity", "restricted").await?;
        window.wait_for_attr(EMAIL_CHIP, "data-source", "column").await?;
        window.wait_for_attr(CUSTOMER_ID_CHIP, "data-sensitivity", "internal").await?;
        window.wait_for_attr(CUSTOMER_ID_CHIP, "data-source", "database").await?;
        window.step("schema").await?;

        window.click("#tab-lineage").await?;
        // As a user would: the first table's graph is drawn, then the customers table is picked.
        window.wait_for("svg#lineage-graph g.lineage-node").await?;
        window.select("#lineage-table", "customers").await?;
        let graph = window.wait_for("svg#lineage-graph").await?;
        ensure!(graph.is_displayed().await?, "the lineage graph is in the page but not shown");
        window.wait_for_at_least(2, "g.lineage-node").await?;
        window.wait_for(r#"path.lineage-edge[data-cross-account="true"]"#).await?;
        window.step("lineage").await?;

        window.click(CUSTOMER_360_NODE).await?;
        window.wait_for_text("#product-title", "customer_360").await?;
        window.step("downstream-product").await
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_without_match_says_so_instead_of_showing_a_blank_window() -> Result<()> {
    with_window("no-match", async |window| {
        window.wait_for_at_least(1, ".result-row").await?;
        window.type_into("#search-input", "zzz-no-such-product").await?;
        window.wait_for_none(".result-row").await?;
        let empty = window.wait_for("#empty-state").await?;
        ensure!(empty.is_displayed().await?, "the empty state is in the page but not shown");
        let message = empty.text().await?;
        ensure!(!message.trim().is_empty(), "the empty state should say that nothing matched, but it has no text");
        window.step("empty-state").await
    })
    .await
}

/// The identity picker in the top bar is wide enough for a persona's name and role, and its
/// tooltip holds the whole of what it shows, for names longer than the bar has room for.
#[tokio::test(flavor = "multi_thread")]
async fn the_identity_picker_shows_who_you_act_as_in_full() -> Result<()> {
    with_window("identity-picker", async |window| {
        window.wait_for_at_least(1, ".result-row").await?;
        for persona in ["dana", "lee"] {
            window.select("#identity-select", persona).await?;
            window.wait_for_attr("#identity-select", "data-identity", persona).await?;
            let picker = window.wait_for("#identity-select").await?;
            let title = picker.attr("title").await?.unwrap_or_default();
            let option = window.wait_for(&format!(r#"#identity-select option[value="{persona}"]"#)).await?;
            let label = option.text().await?;
            ensure!(!label.is_empty() && title == label, "the picker's tooltip is {title:?}, its choice reads {label:?}");
            let (_, _, width, _) = picker.rectangle().await?;
            ensure!(width >= 240.0, "the picker is {width}px wide, too narrow for {label:?}");
            let cut = window.cut_parts("#identity-select").await?;
            ensure!(cut.is_empty(), "the picker does not show its choice whole: {cut:?}");
            window.step(persona).await?;
        }
        Ok(())
    })
    .await
}
