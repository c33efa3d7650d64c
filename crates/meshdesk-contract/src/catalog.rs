//! The `CatalogSource` contract: whatever a backend stores comes back exactly — accounts, LF-tag
//! keys with their values, databases and tables with their parameters and storage, columns and
//! partition keys in order, LF-tags on databases, tables and columns, resource links' targets.
//! The order of accounts, tag keys, tag values, databases, tables and of a resource's tags is
//! not part of the contract (Glue and Lake Formation do not promise one); the order of columns is.

use meshdesk_core::model::{Catalog, Table, Tags};
use meshdesk_core::ports::CatalogSource;

use crate::{Check, Harness, Limitation, Report, Subject, fixture, run_seeded};

/// Every check of the suite, on a store seeded with [`fixture::catalog`].
pub fn checks<'h, H: Harness>() -> Vec<Check<Subject<'h, H>>> {
    vec![
        Check { name: "accounts_come_back", needs: &[], run: |s| accounts_come_back(&loaded(s), &expected(s)) },
        Check {
            name: "tag_keys_come_back_with_their_values",
            needs: &[],
            run: |s| tag_keys_come_back(&loaded(s), &expected(s)),
        },
        Check {
            name: "databases_come_back_with_parameters",
            needs: &[],
            run: |s| databases_come_back(&loaded(s), &expected(s)),
        },
        Check {
            name: "tables_come_back_with_storage_and_columns_in_order",
            needs: &[],
            run: |s| tables_come_back(&loaded(s), &expected(s)),
        },
        Check {
            name: "lf_tags_come_back_at_every_level",
            needs: &[],
            run: |s| lf_tags_come_back(&loaded(s), &expected(s)),
        },
        Check {
            name: "resource_links_name_their_targets",
            needs: &[],
            run: |s| resource_links_come_back(&loaded(s), &expected(s)),
        },
        Check {
            name: "update_times_come_back",
            needs: &[Limitation::UpdateTimeSetByService],
            run: |s| update_times_come_back(&loaded(s), &expected(s)),
        },
    ]
}

/// Runs the suite on a fresh store of `harness`.
pub fn run<H: Harness>(harness: &H) -> Report {
    run_seeded("catalog_source", harness, &checks())
}

/// For a backend that can hold any catalog exactly: asserts that `source` returns `expected`,
/// every part of the contract at once.
pub fn check_catalog_source(source: &impl CatalogSource, expected: &Catalog) {
    let actual = canonical(source.load_catalog().expect("the catalog loads"));
    let expected = canonical(expected.clone());
    accounts_come_back(&actual, &expected);
    tag_keys_come_back(&actual, &expected);
    databases_come_back(&actual, &expected);
    tables_come_back(&actual, &expected);
    lf_tags_come_back(&actual, &expected);
    resource_links_come_back(&actual, &expected);
    update_times_come_back(&actual, &expected);
    assert_eq!(actual, expected, "the whole catalog");
}

fn loaded<H: Harness>(subject: &Subject<'_, H>) -> Catalog {
    subject.harness.reread(&subject.store);
    canonical(subject.store.load_catalog().expect("the catalog loads"))
}

fn expected<H: Harness>(subject: &Subject<'_, H>) -> Catalog {
    canonical(fixture::catalog(&subject.harness.accounts()))
}

/// Sorted where the contract promises no order.
pub fn canonical(mut catalog: Catalog) -> Catalog {
    catalog.accounts.sort_by(|a, b| a.id.cmp(&b.id));
    catalog.tag_keys.sort_by(|a, b| (&a.account, &a.key).cmp(&(&b.account, &b.key)));
    for key in &mut catalog.tag_keys {
        key.values.sort();
    }
    catalog.databases.sort_by(|a, b| (&a.account, &a.name).cmp(&(&b.account, &b.name)));
    catalog.tables.sort_by_key(Table::qualified_name);
    for database in &mut catalog.databases {
        database.tags.sort();
    }
    for table in &mut catalog.tables {
        table.tags.sort();
        for column in table.columns.iter_mut().chain(&mut table.partition_keys) {
            column.tags.sort();
        }
    }
    catalog
}

fn accounts_come_back(actual: &Catalog, expected: &Catalog) {
    assert_eq!(actual.accounts, expected.accounts, "accounts");
}

fn tag_keys_come_back(actual: &Catalog, expected: &Catalog) {
    assert_eq!(actual.tag_keys, expected.tag_keys, "LF-tag keys and their values");
}

fn databases_come_back(actual: &Catalog, expected: &Catalog) {
    let names = |c: &Catalog| c.databases.iter().map(|d| format!("{}:{}", d.account, d.name)).collect::<Vec<_>>();
    assert_eq!(names(actual), names(expected), "database names");
    for (a, e) in actual.databases.iter().zip(&expected.databases) {
        let untagged =
            |d: &meshdesk_core::model::Database| meshdesk_core::model::Database { tags: Tags::new(), ..d.clone() };
        assert_eq!(untagged(a), untagged(e), "database {}:{}", e.account, e.name);
    }
}

/// A table's definition without what other checks cover: tags and the update time.
fn definition(table: &Table) -> Table {
    let mut table = Table { tags: Tags::new(), update_time: None, ..table.clone() };
    for column in table.columns.iter_mut().chain(&mut table.partition_keys) {
        column.tags.clear();
    }
    table
}

fn tables_come_back(actual: &Catalog, expected: &Catalog) {
    let names = |c: &Catalog| c.tables.iter().map(|t| t.qualified_name().to_string()).collect::<Vec<_>>();
    assert_eq!(names(actual), names(expected), "table names");
    for (a, e) in actual.tables.iter().zip(&expected.tables) {
        let columns = |t: &Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(columns(a), columns(e), "columns of {}, in order", e.qualified_name());
        let (a, e) = (definition(a), definition(e));
        for (ac, ec) in a.columns.iter().zip(&e.columns) {
            assert_eq!(ac, ec, "column {} of {}", ec.name, e.qualified_name());
        }
        assert_eq!(a.partition_keys, e.partition_keys, "partition keys of {}", e.qualified_name());
        assert_eq!(a, e, "table {}", e.qualified_name());
    }
}

/// Every resource's own LF-tags, as `(resource, tags)`.
fn tags(catalog: &Catalog) -> Vec<(String, Tags)> {
    let mut all = Vec::new();
    for d in &catalog.databases {
        all.push((format!("database {}:{}", d.account, d.name), d.tags.clone()));
    }
    for t in &catalog.tables {
        all.push((format!("table {}", t.qualified_name()), t.tags.clone()));
        for c in t.columns.iter().chain(&t.partition_keys) {
            all.push((format!("column {}.{}", t.qualified_name(), c.name), c.tags.clone()));
        }
    }
    all
}

fn lf_tags_come_back(actual: &Catalog, expected: &Catalog) {
    let (actual, expected) = (tags(actual), tags(expected));
    assert_eq!(actual.len(), expected.len(), "tagged resources");
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a, e, "LF-tags of {}", e.0);
    }
}

fn resource_links_come_back(actual: &Catalog, expected: &Catalog) {
    let links = |c: &Catalog| {
        let databases = c.databases.iter().filter_map(|d| {
            d.target.as_ref().map(|(account, name)| (format!("{}:{}", d.account, d.name), format!("{account}:{name}")))
        });
        let tables = c
            .tables
            .iter()
            .filter_map(|t| t.target.as_ref().map(|to| (t.qualified_name().to_string(), to.to_string())));
        databases.chain(tables).collect::<Vec<_>>()
    };
    assert_eq!(links(actual), links(expected), "resource links and their targets");
}

fn update_times_come_back(actual: &Catalog, expected: &Catalog) {
    let times =
        |c: &Catalog| c.tables.iter().map(|t| (t.qualified_name().to_string(), t.update_time)).collect::<Vec<_>>();
    assert_eq!(times(actual), times(expected), "tables' update times");
}
