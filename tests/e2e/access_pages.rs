//! My access a page at a time, on a sandbox large enough to need more than one page: a
//! synthetic mesh whose consumer reads hundreds of tables through its role, its account and
//! LF-tag policies. The first page says how many of how many it shows; "Show more" appends the
//! next page, each table once, its tables joining their domains' sections.

use anyhow::{Context, Result, ensure};
use meshdesk_local::{SandboxStore, SyntheticConfig, synthetic_grants, synthetic_mesh};

use crate::harness::{Launch, with_app};

/// When the synthetic mesh was made (its requests and expiries are relative to it).
const NOW: i64 = 1_800_000_000;

/// A sandbox directory holding a synthetic mesh of 400 tables (4 accounts × 5 databases × 20
/// tables of 6 columns) and 3,000 grants of every shape.
fn synthetic_sandbox() -> Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("meshdesk-e2e-synthetic-").tempdir().context("a directory for the sandbox")?;
    let cfg = SyntheticConfig { accounts: 4, databases_per_account: 5, tables_per_database: 20, columns_per_table: 6, seed: 11 };
    let mut mesh = synthetic_mesh(&cfg, NOW);
    mesh.grants.extend(synthetic_grants(&mesh.catalog, 3_000, cfg.seed));
    SandboxStore::create_with(dir.path(), &mesh).context("seeding the synthetic sandbox")?;
    Ok(dir)
}

/// "Showing 50 of 333 tables you can read" as (50, 333).
fn counts(text: &str) -> Result<(usize, usize)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["Showing", shown, "of", readable, "tables", "you", "can", "read"] => {
            Ok((shown.replace(',', "").parse()?, readable.replace(',', "").parse()?))
        }
        _ => anyhow::bail!("the count reads {text:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn my_access_shows_a_page_and_show_more_appends_the_next() -> Result<()> {
    let sandbox = synthetic_sandbox()?;
    let dir = sandbox.path().display().to_string();
    let launch = Launch { args: vec!["--sandbox".into(), "--data-dir".into(), dir], env: Vec::new() };
    with_app("access-pages", launch, async |window| {
        window.wait_for(r#"#identity-select option[value="consumer"]"#).await?;
        window.select("#identity-select", "consumer").await?;
        window.wait_for_attr("#identity-select", "data-identity", "consumer").await?;
        window.click("#nav-my-access").await?;

        let first = window.wait_for_text_containing("#access-count", "Showing 50 of").await?;
        let (_, readable) = counts(&first)?;
        ensure!(readable > 100, "the synthetic consumer reads more than two pages: {readable}");
        let first_page = window.attrs_of(".access-table", "data-table").await?;
        ensure!(first_page.len() == 50, "the first page shows 50 tables, not {}", first_page.len());
        window.step("first-page").await?;
        window.scroll_to("#access-more").await?;
        window.wait_for_text(".access-pager .muted", &first).await?;
        window.step("show-more").await?;

        window.click("#access-more").await?;
        window.wait_for_text("#access-count", &format!("Showing 100 of {readable} tables you can read")).await?;
        let shown = window.attrs_of(".access-table", "data-table").await?;
        ensure!(shown.len() == 100, "two pages show 100 tables, not {}", shown.len());
        let mut unique = shown.clone();
        unique.sort();
        unique.dedup();
        ensure!(unique.len() == 100, "a table is shown twice: {} distinct of 100", unique.len());
        ensure!(first_page.iter().all(|t| shown.contains(t)), "the first page's tables stay shown");
        // One section per domain, in name order: the second page's tables joined the sections
        // the first page made rather than starting new ones.
        let domains = window.attrs_of(".access-domain", "data-domain").await?;
        let mut sorted = domains.clone();
        sorted.sort();
        sorted.dedup();
        ensure!(domains == sorted, "one section per domain, in order: {domains:?}");
        window.scroll_to("#access-more").await?;
        window.step("second-page").await
    })
    .await
}
