//! Search behaviour on the fixture mesh: matching, ranking, facets and highlights.

use crate::fixture::{mesh, NOW};
use crate::format::Format;
use crate::freshness::State;
use crate::search::{highlights, Field, Query};
use crate::sensitivity::Sensitivity;
use crate::CatalogIndex;

fn names(index: &CatalogIndex, query: &Query<'_>) -> Vec<String> {
    index
        .search(query, NOW)
        .hits
        .iter()
        .map(|h| index.catalog().databases[index.products()[h.product].database].name.clone())
        .collect()
}

fn text(text: &str) -> Query<'_> {
    Query { text, ..Query::default() }
}

#[test]
fn an_empty_query_lists_every_product_but_not_plain_databases() {
    let index = CatalogIndex::build(mesh());
    assert_eq!(names(&index, &text("")), ["customer_360", "customer_profiles", "invoices"]);
}

#[test]
fn a_product_name_match_ranks_above_a_column_match() {
    let index = CatalogIndex::build(mesh());
    // "customer" is the product name of two products and a column of the third.
    let found = names(&index, &text("customer"));
    assert_eq!(found.last().map(String::as_str), Some("invoices"), "{found:?}");
    assert_eq!(names(&index, &text("customer_profiles"))[0], "customer_profiles");
}

#[test]
fn words_match_by_prefix_and_every_word_must_match() {
    let index = CatalogIndex::build(mesh());
    assert_eq!(names(&index, &text("emai")), ["customer_profiles"]);
    assert_eq!(names(&index, &text("lifetime value")), ["customer_360"]);
    assert!(names(&index, &text("lifetime email")).is_empty());
    assert!(names(&index, &text("zzz")).is_empty());
}

#[test]
fn owners_domains_tags_and_comments_are_searchable() {
    let index = CatalogIndex::build(mesh());
    assert_eq!(names(&index, &text("raj")), ["invoices"]);
    assert_eq!(names(&index, &text("billing")), ["invoices"]);
    assert_eq!(names(&index, &text("pii")), ["customer_profiles"]);
    assert_eq!(names(&index, &text("revenue")), ["customer_360"]);
}

#[test]
fn matches_say_where_the_word_was_found() {
    let index = CatalogIndex::build(mesh());
    let result = index.search(&text("email"), NOW);
    let place = result.hits[0].matches[0];
    assert_eq!(place.field, Field::ColumnName);
    let table = &index.catalog().tables[place.table.expect("a table")];
    assert_eq!((table.name.as_str(), table.columns[place.column.expect("a column")].name.as_str()), ("customers", "email"));
}

#[test]
fn facets_filter_and_count_every_other_choice() {
    let index = CatalogIndex::build(mesh());
    let restricted = [Sensitivity::Restricted];
    let q = Query { sensitivities: &restricted, ..Query::default() };
    let result = index.search(&q, NOW);
    assert_eq!(result.total, 1);
    // The sensitivity facet is counted without its own filter, so other values stay visible.
    assert!(result.facets.sensitivities.len() > 1, "{:?}", result.facets.sensitivities);
    assert_eq!(result.facets.domains, vec![("identity".to_owned(), 1)]);

    let csv = [Format::Csv];
    assert_eq!(names(&index, &Query { formats: &csv, ..Query::default() }), ["invoices"]);
    let breached = [State::Breached];
    assert_eq!(names(&index, &Query { freshness: &breached, ..Query::default() }), ["invoices"]);
    let domains = ["analytics".to_owned(), "billing".to_owned()];
    assert_eq!(names(&index, &Query { domains: &domains, ..Query::default() }), ["customer_360", "invoices"]);
    let owner = ["dana@telco.example".to_owned()];
    assert_eq!(names(&index, &Query { owners: &owner, ..Query::default() }), ["customer_profiles"]);
}

#[test]
fn pages_are_cut_after_ranking() {
    let index = CatalogIndex::build(mesh());
    let all = names(&index, &text(""));
    let second = names(&index, &Query { offset: 1, limit: 1, ..Query::default() });
    assert_eq!(second, [all[1].clone()]);
    assert_eq!(index.search(&Query { offset: 1, limit: 1, ..Query::default() }, NOW).total, 3);
}

#[test]
fn highlights_mark_the_matched_prefix_of_each_word() {
    let terms = vec!["cust".to_owned()];
    assert_eq!(highlights("customer_id and Customer", &terms), [(0, 4), (16, 20)]);
    assert!(highlights("invoice", &terms).is_empty());
}

#[test]
fn product_summaries_carry_sensitivity_format_and_freshness() {
    let index = CatalogIndex::build(mesh());
    let summary = |name: &str| {
        index.products().iter().find(|p| index.catalog().databases[p.database].name == name).expect(name).clone()
    };
    assert_eq!(summary("customer_profiles").highest, Some(Sensitivity::Restricted));
    assert_eq!(summary("invoices").highest, Some(Sensitivity::Confidential));
    assert_eq!(summary("customer_360").highest, None);
    assert_eq!(summary("invoices").formats, [Format::Parquet, Format::Csv]);
    assert_eq!(summary("customer_profiles").owners.len(), 2);
}

#[test]
fn answers_are_the_same_whether_the_indexes_were_prepared_on_a_thread_or_built_on_first_use() {
    // The app builds the search index and lineage graph on a thread of their own after the first
    // listing; a search racing that build, or run without it, must find exactly the same.
    let on_demand = CatalogIndex::build(mesh());
    let prepared = std::sync::Arc::new(CatalogIndex::build(mesh()));
    let preparing = {
        let prepared = std::sync::Arc::clone(&prepared);
        std::thread::spawn(move || prepared.prepare())
    };
    let queries = ["", "customer", "customer email", "inv", "pii", "email", "no such word"];
    for q in queries {
        assert_eq!(prepared.search(&text(q), NOW), on_demand.search(&text(q), NOW), "{q:?}");
    }
    preparing.join().expect("prepare does not panic");
    for q in queries {
        assert_eq!(prepared.search(&text(q), NOW), on_demand.search(&text(q), NOW), "{q:?}");
    }
    assert!(!on_demand.search(&text("customer email"), NOW).hits.is_empty());
    for table in &on_demand.catalog().tables {
        let name = table.qualified_name();
        assert_eq!(prepared.lineage(&name, 3, 3), on_demand.lineage(&name, 3, 3), "{name}");
    }
    assert_eq!(prepared.lineage_edge_count(), on_demand.lineage_edge_count());
}
