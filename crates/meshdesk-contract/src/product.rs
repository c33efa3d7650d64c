//! The `ProductStore` contract: an owner's update is a compare-and-set over the definition it
//! read, writes only what it changes, never renames, is audited with the same step, and a
//! table's replaced and new definitions are kept as its versions.
//!
//! Run by [`run`] on any harness whose store is also a `ProductStore`.

use meshdesk_core::model::{Catalog, Database, Table, TableName, params};
use meshdesk_core::ports::{AuditLog, CatalogSource, PortError, ProductStore};

use crate::fixture::{ORDERS, draft, producer};
use crate::{Check, Harness, Report, Subject, run_seeded};

pub fn checks<'h, H: Harness>() -> Vec<Check<Subject<'h, H>>>
where
    H::Store: ProductStore,
{
    vec![
        Check {
            name: "a_database_update_writes_only_what_it_changes_and_is_audited",
            needs: &[],
            run: a_database_update_writes_only_what_it_changes_and_is_audited,
        },
        Check {
            name: "an_update_over_a_definition_changed_since_it_was_read_is_a_conflict",
            needs: &[],
            run: an_update_over_a_definition_changed_since_it_was_read_is_a_conflict,
        },
        Check { name: "an_update_never_renames", needs: &[], run: an_update_never_renames },
        Check {
            name: "a_table_update_keeps_what_it_does_not_change_and_both_versions",
            needs: &[],
            run: a_table_update_keeps_what_it_does_not_change_and_both_versions,
        },
    ]
}

/// Runs the suite on a fresh store of `harness` (the sandbox and the AWS backend both run it).
pub fn run<H: Harness>(harness: &H) -> Report
where
    H::Store: ProductStore,
{
    run_seeded("product_store", harness, &checks())
}

fn catalog<H: Harness>(s: &Subject<'_, H>) -> Catalog {
    s.harness.reread(&s.store);
    s.store.load_catalog().expect("catalog")
}

fn orders(catalog: &Catalog, account: &str) -> Database {
    catalog.databases.iter().find(|d| d.account == account && d.name == ORDERS).cloned().expect("the product")
}

fn table(catalog: &Catalog, name: &TableName) -> Table {
    catalog.tables.iter().find(|t| t.qualified_name() == *name).cloned().expect("the table")
}

/// A table as an update promises to keep it: the store may stamp the time of the change.
fn timeless(table: &Table) -> Table {
    Table { update_time: None, ..table.clone() }
}

fn a_database_update_writes_only_what_it_changes_and_is_audited<H: Harness>(s: &Subject<'_, H>)
where
    H::Store: ProductStore,
{
    let account = producer(&s.harness.accounts()).to_owned();
    let before = catalog(s);
    let expected = orders(&before, &account);
    let mut wanted = expected.clone();
    wanted.parameters.insert(params::SLO_FRESHNESS_HOURS.into(), "12".into());
    wanted.description = "Orders, their lines and refunds".into();
    let sealed = s
        .store
        .update_database(&wanted, &expected, &draft("product.annotated", ORDERS), s.harness.now())
        .expect("updated");

    let after = catalog(s);
    assert_eq!(orders(&after, &account), wanted);
    let others = |c: &Catalog| {
        let mut c = c.clone();
        c.databases.retain(|d| !(d.account == account && d.name == ORDERS));
        crate::catalog::canonical(c)
    };
    assert_eq!(others(&after), others(&before), "nothing else in the catalog moved");
    assert_eq!(s.store.events().expect("events").last(), Some(&sealed), "audited");
}

fn an_update_over_a_definition_changed_since_it_was_read_is_a_conflict<H: Harness>(s: &Subject<'_, H>)
where
    H::Store: ProductStore,
{
    let account = producer(&s.harness.accounts()).to_owned();
    let expected = orders(&catalog(s), &account);
    let mut first = expected.clone();
    first.parameters.insert(params::TIER.into(), "silver".into());
    s.store.update_database(&first, &expected, &draft("product.annotated", ORDERS), s.harness.now()).expect("first");
    let events = s.store.events().expect("events");

    let mut second = expected.clone();
    second.parameters.insert(params::TIER.into(), "bronze".into());
    let refused = s.store.update_database(&second, &expected, &draft("product.annotated", ORDERS), s.harness.now());
    assert!(matches!(&refused, Err(PortError::Conflict(m)) if m.contains("reload and try again")), "{refused:?}");
    assert_eq!(orders(&catalog(s), &account), first, "the first update stands");
    assert_eq!(s.store.events().expect("events"), events, "no audit event for a refused update");
}

fn an_update_never_renames<H: Harness>(s: &Subject<'_, H>)
where
    H::Store: ProductStore,
{
    let account = producer(&s.harness.accounts()).to_owned();
    let before = catalog(s);
    let expected = orders(&before, &account);
    let mut renamed = expected.clone();
    renamed.name = "elsewhere".into();
    let refused = s.store.update_database(&renamed, &expected, &draft("product.annotated", ORDERS), s.harness.now());
    assert!(matches!(refused, Err(PortError::Invalid(_))), "{refused:?}");
    assert_eq!(crate::catalog::canonical(catalog(s)), crate::catalog::canonical(before));
}

fn a_table_update_keeps_what_it_does_not_change_and_both_versions<H: Harness>(s: &Subject<'_, H>)
where
    H::Store: ProductStore,
{
    let name = TableName::new(producer(&s.harness.accounts()), ORDERS, "lines");
    let expected = table(&catalog(s), &name);
    let mut wanted = expected.clone();
    wanted.parameters.insert(params::CONTRACT.into(), r#"{"version":"2.5","columns":["id"]}"#.into());
    wanted.description = "One row per order line, contracted".into();
    s.store
        .update_table(&wanted, &expected, &draft("contract.updated", &name.to_string()), s.harness.now())
        .expect("updated");

    let now = table(&catalog(s), &name);
    assert_eq!(
        timeless(&now),
        timeless(&wanted),
        "columns, partition keys, storage, type, tags and other parameters are kept"
    );
    let versions = s.store.table_versions(&name).expect("versions");
    let kept: Vec<Table> = versions.iter().map(|v| timeless(&v.table)).collect();
    assert_eq!(kept.last(), Some(&timeless(&now)), "the newest version is the table as it is");
    assert!(kept.contains(&timeless(&expected)), "the replaced definition is kept as a version: {kept:#?}");
    let numbers: Vec<u64> = versions.iter().map(|v| v.version).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "oldest first: {numbers:?}");
}
