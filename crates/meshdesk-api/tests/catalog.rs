//! The use cases on a freshly seeded sandbox mesh, as the window and the command line call them.

use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_protocol::{
    CatalogQuery, EdgeKind, ErrorCode, FreshnessState, LineageQuery, MatchField, MeshKind, ProductRef, Sensitivity,
    TableFormat, TableRef, TagSource,
};

const NOW: i64 = 1_800_000_000;

fn sandbox() -> (tempfile::TempDir, Meshdesk) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("sandbox opens");
    (dir, mesh)
}

fn search(mesh: &Meshdesk, query: CatalogQuery) -> Vec<String> {
    mesh.search_catalog(&query, NOW).expect("search").hits.iter().map(|h| h.product.to_string()).collect()
}

fn text(text: &str) -> CatalogQuery {
    CatalogQuery { text: text.into(), ..CatalogQuery::default() }
}

#[test]
fn the_sandbox_is_a_multi_account_mesh_on_first_start() {
    let (dir, mesh) = sandbox();
    let info = mesh.mesh_info();
    assert_eq!(info.kind, MeshKind::Sandbox);
    assert!(info.accounts.len() >= 7, "{} accounts", info.accounts.len());
    assert!(info.product_count >= 25 && info.table_count >= 150 && info.column_count >= 1500, "{info:?}");
    assert!(info.store_path.starts_with(&dir.path().display().to_string()));
    assert_eq!(info.identity.as_ref().map(|p| p.id.as_str()), Some("mia"));
}

#[test]
fn searching_for_customer_finds_the_customer_profiles_product_first_among_its_peers() {
    let (_dir, mesh) = sandbox();
    let hits = search(&mesh, text("customer profiles"));
    assert_eq!(hits.first().map(String::as_str), Some("402183775004:customer_profiles"), "{hits:?}");
    assert!(search(&mesh, text("customer")).contains(&"402183775004:customer_profiles".to_owned()));
}

#[test]
fn a_column_match_is_shown_with_its_table_and_highlight() {
    let (_dir, mesh) = sandbox();
    let page = mesh.search_catalog(&text("phone_number"), NOW).expect("search");
    let hit = page.hits.iter().find(|h| h.product.database == "customer_profiles").expect("customer_profiles matches");
    let m = hit.matches.iter().find(|m| m.field == MatchField::ColumnName).expect("a column match");
    assert_eq!(m.location, "customers.phone_number");
    let (s, e) = m.highlights[0];
    assert_eq!(&m.text[s as usize..e as usize], "phone");
}

#[test]
fn facets_narrow_the_catalog_across_accounts() {
    let (_dir, mesh) = sandbox();
    let csv = search(&mesh, CatalogQuery { formats: vec![TableFormat::Csv], ..CatalogQuery::default() });
    assert!(csv.contains(&"588812340017:nimbus_subscribers_legacy".to_owned()), "{csv:?}");
    let breached = search(&mesh, CatalogQuery { freshness: vec![FreshnessState::Breached], ..CatalogQuery::default() });
    assert!(breached.contains(&"588812340017:nimbus_subscribers_legacy".to_owned()), "{breached:?}");
    let billing = search(&mesh, CatalogQuery { domains: vec!["billing".into()], ..CatalogQuery::default() });
    assert!(!billing.is_empty() && billing.iter().all(|p| p.starts_with("402183775003:")), "{billing:?}");
    let page = mesh.search_catalog(&CatalogQuery::default(), NOW).expect("search");
    let domains: Vec<&str> = page.facets.domains.iter().map(|f| f.value.as_str()).collect();
    for d in ["messaging", "voice", "billing", "identity", "nimbus", "analytics", "marketing"] {
        assert!(domains.contains(&d), "domain {d} missing from {domains:?}");
    }
}

#[test]
fn the_product_page_shows_each_columns_sensitivity_and_where_it_comes_from() {
    let (_dir, mesh) = sandbox();
    let detail = mesh.product(&ProductRef::new("402183775004", "customer_profiles"), NOW).expect("product");
    assert_eq!(detail.domain, "identity");
    assert_eq!(detail.owners, ["dana.okafor@telco.example"]);
    assert_eq!(detail.highest_sensitivity, Some(Sensitivity::Restricted));
    let customers = detail.tables.iter().find(|t| t.table.table == "customers").expect("customers table");
    let column = |name: &str| customers.columns.iter().find(|c| c.name == name).expect(name).sensitivity.expect("classified");
    assert_eq!((column("email").value, column("email").source), (Sensitivity::Restricted, TagSource::Column));
    assert_eq!((column("customer_id").value, column("customer_id").source), (Sensitivity::Internal, TagSource::Database));
    let consents = detail.tables.iter().find(|t| t.table.table == "consents").expect("consents table");
    assert!(consents.columns.iter().any(|c| c.sensitivity.is_some_and(|s| s.source == TagSource::Table)));
}

#[test]
fn write_optimised_tables_are_flagged() {
    let (_dir, mesh) = sandbox();
    let legacy = mesh.product(&ProductRef::new("588812340017", "nimbus_subscribers_legacy"), NOW).expect("product");
    assert!(legacy.tables.iter().all(|t| t.format == TableFormat::Csv && t.write_optimised));
    assert_eq!(legacy.freshness.state, FreshnessState::Breached);
}

#[test]
fn lineage_crosses_accounts_through_declared_upstreams_and_resource_links() {
    let (_dir, mesh) = sandbox();
    let customers = TableRef::new("402183775004", "customer_profiles", "customers");
    let graph = mesh.lineage(&LineageQuery { table: customers.clone(), upstream: 0, downstream: 3 }).expect("lineage");
    let node = |t: &str| graph.nodes.iter().find(|n| n.table.to_string() == t).unwrap_or_else(|| panic!("{t} in graph"));
    let c360 = node("402183775006:customer_360.customer_360");
    let link = node("402183775007:shared_links.customer_360_link");
    assert!(c360.hops == 1 && link.hops == 2);
    let edge = graph.edges.iter().find(|e| e.from == c360.id && e.to == link.id).expect("c360 → link");
    assert_eq!(edge.kind, EdgeKind::ResourceLink);
    assert!(edge.cross_account);
    assert!(graph.domains.contains(&"marketing".to_owned()));
    // The non-product database of resource links can still be opened from the graph.
    assert!(mesh.product(&link.table.product(), NOW).is_ok());
}

#[test]
fn unknown_things_and_bad_queries_get_clear_errors() {
    let (_dir, mesh) = sandbox();
    let missing = mesh.product(&ProductRef::new("402183775004", "nope"), NOW).expect_err("missing");
    assert_eq!(missing.code, ErrorCode::NotFound);
    assert!(missing.message.contains("nope"), "{}", missing.message);
    let unknown_account = mesh.product(&ProductRef::new("999999999999", "x"), NOW).expect_err("missing");
    assert!(unknown_account.message.contains("999999999999"));
    let long = mesh.search_catalog(&text(&"a".repeat(501)), NOW).expect_err("too long");
    assert_eq!(long.code, ErrorCode::InvalidInput);
    let hops = mesh
        .lineage(&LineageQuery { table: TableRef::new("402183775004", "customer_profiles", "customers"), upstream: 99, downstream: 0 })
        .expect_err("too many hops");
    assert_eq!(hops.code, ErrorCode::InvalidInput);
    let nowhere = mesh.lineage(&LineageQuery { table: TableRef::new("1", "a", "b"), upstream: 1, downstream: 1 }).expect_err("unknown");
    assert_eq!(nowhere.code, ErrorCode::NotFound);
}

#[test]
fn a_corrupt_store_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sandbox.sqlite");
    std::fs::write(&file, b"this is not a database, but somebody's file").expect("write");
    let error = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect_err("corrupt");
    assert_eq!(error.code, ErrorCode::Unavailable);
    assert!(error.message.contains("sandbox.sqlite"), "{}", error.message);
    assert_eq!(std::fs::read(&file).expect("read"), b"this is not a database, but somebody's file");
}

/// Everything listed, on one page, without the time it took.
fn whole_list(mesh: &Meshdesk) -> meshdesk_protocol::CatalogPage {
    let page = mesh.search_catalog(&CatalogQuery { limit: 1_000, ..CatalogQuery::default() }, NOW).expect("lists");
    meshdesk_protocol::CatalogPage { took_us: 0, ..page }
}

#[test]
fn the_list_shown_at_once_after_opening_is_the_list_once_the_whole_catalog_is_read() {
    let (dir, first) = sandbox();
    let whole = whole_list(&first);
    let info = first.mesh_info();
    drop(first);

    // Opened again: the list is answered before the columns are read; the whole catalog after.
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopens");
    let at_once = whole_list(&mesh);
    let info_at_once = mesh.mesh_info();
    mesh.wait_for_catalog().expect("the whole catalog is read");
    assert_eq!(at_once, whole_list(&mesh));
    assert_eq!(at_once, whole);
    assert_eq!(info_at_once, mesh.mesh_info());
    assert_eq!(info_at_once, info);
    assert!(whole.hits.iter().any(|h| h.highest_sensitivity == Some(Sensitivity::Restricted)), "{whole:?}");
}

#[test]
fn a_products_columns_asked_right_after_opening_are_all_there() {
    let (dir, first) = sandbox();
    let product = ProductRef::new("402183775004", "customer_profiles");
    first.wait_for_catalog().expect("the whole catalog is read");
    let expected = first.product(&product, NOW).expect("the product");
    drop(first);

    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopens");
    let detail = mesh.product(&product, NOW).expect("the product right after opening");
    assert_eq!(detail, expected);
    assert!(detail.tables.iter().any(|t| t.columns.iter().any(|c| c.name == "phone_number")), "{detail:?}");
    let found = mesh.search_catalog(&text("phone_number"), NOW).expect("a column search right after opening");
    assert!(found.hits.iter().any(|h| h.product.database == "customer_profiles"));
}
