//! One cold measuring run over a seeded sandbox.

use std::path::Path;
use std::time::Instant;

use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_protocol::{CatalogQuery, LineageQuery};

use crate::NOW;
use crate::error::BenchError;

/// Searches a user would type: product words, column words, a table's name, two-word queries.
const SEARCHES: [&str; 10] =
    ["orders", "billing", "amount", "customers curated", "fact_0042", "status region", "usage daily", "iot", "pii", "score"];

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn figure(name: &str, value: f64) {
    println!("{name} {value:.3}");
}

/// How often each warm access question is asked; the median is the figure.
const ACCESS_REPEATS: usize = 9;
/// Tables per page of what one principal reads: a screenful.
const ACCESS_PAGE: u32 = 50;

/// The median time of `repeats` calls of `question`, in ms.
fn median_ms<T>(repeats: usize, mut question: impl FnMut() -> Result<T, meshdesk_protocol::ApiError>) -> Result<f64, BenchError> {
    let mut took = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let started = Instant::now();
        question()?;
        took.push(ms(started));
    }
    took.sort_by(f64::total_cmp);
    Ok(percentile(&took, 0.5))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn run(dir: &Path, repeats: usize) -> Result<(), BenchError> {
    let started = Instant::now();
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.to_owned() }, NOW)?;
    let first = mesh.search_catalog(&CatalogQuery::default(), NOW)?;
    figure("cold_start_ms", ms(started));
    if first.hits.is_empty() {
        return Err(BenchError::NoProducts { dir: dir.to_owned() });
    }
    // What opening alone costs in memory, before any question (the search index and lineage
    // graph may still be building on their own thread).
    figure("peak_rss_open_mb", peak_rss_kb()? as f64 / 1024.0);
    // The list is answered from the listing kept beside the catalog (one row per database),
    // before any table is read; the whole catalog is read on a thread of its own right after.
    // How long from the start until it is, so that nothing is hidden.
    mesh.wait_for_catalog()?;
    figure("fully_loaded_ms", ms(started));

    // The first search right after the whole catalog is read waits for the search index if it
    // is not built yet.
    let started = Instant::now();
    mesh.search_catalog(&CatalogQuery { text: SEARCHES[0].to_owned(), ..CatalogQuery::default() }, NOW)?;
    figure("first_search_ms", ms(started));

    let mut took = Vec::new();
    for _ in 0..repeats.max(1) {
        for text in SEARCHES {
            let started = Instant::now();
            mesh.search_catalog(&CatalogQuery { text: text.to_owned(), ..CatalogQuery::default() }, NOW)?;
            took.push(ms(started));
        }
    }
    took.sort_by(f64::total_cmp);
    figure("search_p50_ms", percentile(&took, 0.5));
    figure("search_p95_ms", percentile(&took, 0.95));

    let accounts: Vec<String> = mesh.mesh_info().accounts.into_iter().map(|a| a.id).collect();
    let Some(first_account) = accounts.first() else {
        return Err(BenchError::Missing("the sandbox has no accounts"));
    };
    let in_first = CatalogQuery { accounts: vec![first_account.clone()], limit: 1, ..CatalogQuery::default() };
    let product = mesh.search_catalog(&in_first, NOW)?.hits.into_iter().next();
    let product = product.ok_or(BenchError::Missing("the first account has no product"))?.product;
    let detail = mesh.product(&product, NOW)?;
    let table_ref = detail.tables.first().ok_or(BenchError::Missing("the first product has no tables"))?.table.clone();
    // The synthetic mesh's consumer persona asks; access answers depend on who acts.
    mesh.switch_identity("consumer")?;

    // The first access question builds the access index (grants read and arranged); later
    // ones reuse it until a write changes grants, tags or the catalog.
    let started = Instant::now();
    let readers = mesh.who_can_read(&table_ref)?;
    figure("access_first_ms", ms(started));
    figure("who_can_read_columns", readers.len() as f64);
    figure("who_can_read_ms", median_ms(ACCESS_REPEATS, || mesh.who_can_read(&table_ref).map(drop))?);

    // Principal × table and everything one principal reads, for the consumer's role: its
    // account holds LF-tag policies over whole accounts (the synthetic grants' 1 in 200).
    let principal = mesh.current_identity()?.principals.first().cloned().ok_or(BenchError::Missing("the consumer has no principal"))?;
    // The first page works out which tables each of its tag policies covers (kept with the
    // index); later pages and other principals with the same policies reuse it.
    let started = Instant::now();
    let page = mesh.principal_access_page(&principal, None, ACCESS_PAGE)?;
    figure("principal_first_page_ms", ms(started));
    figure("principal_readable_tables", f64::from(page.readable_tables));
    figure("principal_page_ms", median_ms(ACCESS_REPEATS, || mesh.principal_access_page(&principal, None, ACCESS_PAGE).map(drop))?);
    let deep = page.next.clone();
    figure("principal_next_page_ms", median_ms(ACCESS_REPEATS, || mesh.principal_access_page(&principal, deep.as_ref(), ACCESS_PAGE).map(drop))?);
    let read = page.tables.first().map_or_else(|| table_ref.clone(), |t| t.table.clone());
    figure("principal_table_ms", median_ms(ACCESS_REPEATS, || mesh.principal_table_access(&principal, &read).map(drop))?);

    // The widest drawing Meshdesk allows around the table with the most descendants among the
    // first generated database's (later tables take their upstreams from earlier ones).
    let first_db = CatalogQuery { text: "0000".into(), accounts: vec![first_account.clone()], limit: 100, ..CatalogQuery::default() };
    let hits = mesh.search_catalog(&first_db, NOW)?.hits;
    let earliest = hits.into_iter().find(|h| h.product.database.ends_with("_0000")).map_or(product, |h| h.product);
    let mut focus = (0, table_ref.clone());
    for table in mesh.product(&earliest, NOW)?.tables {
        let probe = LineageQuery { table: table.table.clone(), upstream: 0, downstream: 20 };
        let nodes = mesh.lineage(&probe)?.nodes.len();
        if nodes > focus.0 {
            focus = (nodes, table.table);
        }
    }
    let query = LineageQuery { table: focus.1, upstream: 20, downstream: 20 };
    let started = Instant::now();
    let graph = mesh.lineage(&query)?;
    figure("lineage_ms", ms(started));
    figure("lineage_nodes", graph.nodes.len() as f64);

    // The backend as it stands after opening, searching, drawing and the access questions.
    figure("peak_rss_mb", peak_rss_kb()? as f64 / 1024.0);

    // Everything the principal reads in one answer, every column explained: what paging avoids.
    let started = Instant::now();
    let whole = mesh.principal_access(&principal)?;
    figure("principal_full_ms", ms(started));
    figure("principal_full_columns", whole.tables.iter().map(|t| t.columns.len()).sum::<usize>() as f64);
    figure("peak_rss_after_full_mb", peak_rss_kb()? as f64 / 1024.0);

    Ok(())
}

/// The process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kb() -> Result<u64, BenchError> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(BenchError::ProcStatus)?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or(BenchError::NoPeakRss)
}
