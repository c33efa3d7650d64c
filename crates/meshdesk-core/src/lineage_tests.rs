//! Lineage traversal and layout on the fixture mesh.

use crate::fixture::mesh;
use crate::lineage::{EdgeKind, Layout};
use crate::model::TableName;
use crate::CatalogIndex;

fn t(account: &str, database: &str, table: &str) -> TableName {
    TableName::new(account, database, table)
}

fn names(layout: &Layout) -> Vec<String> {
    let mut v: Vec<String> = layout.nodes.iter().map(|n| format!("{}@{}", n.table.table, n.hops)).collect();
    v.sort();
    v
}

fn c360() -> TableName {
    t("100000000003", "customer_360", "customer_360")
}

#[test]
fn one_hop_each_way_shows_direct_neighbours_only() {
    let index = CatalogIndex::build(mesh());
    let layout = index.lineage(&c360(), 1, 1).expect("known");
    assert_eq!(
        names(&layout),
        ["customer_360@0", "customers_link@-1", "invoice_lines@-1", "invoices@1", "unknown_source@-1"]
    );
    assert!(layout.more_upstream, "customers is beyond the link");
}

#[test]
fn resource_links_and_declared_upstreams_are_edges_and_cross_account_is_marked() {
    let index = CatalogIndex::build(mesh());
    let customers = t("100000000001", "customer_profiles", "customers");
    let layout = index.lineage(&customers, 0, 3).expect("known");
    let name = |i: usize| layout.nodes[i].table.table.clone();
    let link = layout.edges.iter().find(|e| name(e.from) == "customers" && name(e.to) == "customers_link").expect("edge");
    assert_eq!(link.kind, EdgeKind::ResourceLink);
    assert!(link.cross_account);
    let declared = layout.edges.iter().find(|e| name(e.to) == "customer_360").expect("edge");
    assert_eq!(declared.kind, EdgeKind::Declared);
    assert!(!declared.cross_account, "the link and customer_360 are in the same account");
    assert!(!layout.more_downstream);
}

#[test]
fn cycles_end_the_walk_instead_of_looping() {
    // customer_360 feeds invoices, and invoices' lines feed customer_360: a cycle through two paths.
    let index = CatalogIndex::build(mesh());
    let layout = index.lineage(&c360(), 10, 10).expect("known");
    let mut tables: Vec<&str> = layout.nodes.iter().map(|n| n.table.table.as_str()).collect();
    tables.sort();
    tables.dedup();
    assert_eq!(tables.len(), layout.nodes.len(), "each table drawn once");
    assert!(tables.contains(&"customers"));
}

#[test]
fn referenced_tables_outside_the_catalog_are_drawn_as_unknown() {
    let index = CatalogIndex::build(mesh());
    let layout = index.lineage(&c360(), 1, 0).expect("known");
    let unknown = layout.nodes.iter().find(|n| n.table.table == "unknown_source").expect("node");
    assert!(!unknown.known);
    assert!(index.lineage(&t("1", "no", "such"), 1, 1).is_none());
}

#[test]
fn the_layout_flows_left_to_right_without_overlaps() {
    let index = CatalogIndex::build(mesh());
    let layout = index.lineage(&c360(), 3, 3).expect("known");
    for e in &layout.edges {
        let (from, to) = (&layout.nodes[e.from], &layout.nodes[e.to]);
        if from.hops < to.hops {
            assert!(from.x < to.x, "{} → {}", from.table, to.table);
        }
    }
    for (i, a) in layout.nodes.iter().enumerate() {
        for b in &layout.nodes[i + 1..] {
            assert!(a.x != b.x || (a.y - b.y).abs() >= crate::lineage::NODE_HEIGHT, "{} overlaps {}", a.table, b.table);
        }
        assert!(a.x + crate::lineage::NODE_WIDTH <= layout.width && a.y + crate::lineage::NODE_HEIGHT <= layout.height);
    }
}
