//! The `PolicyStore` contract: grants of every shape are read back exactly under the id they
//! were made with; LF-tags assigned and removed at every level are read back; every operation is
//! idempotent and every apply is one audit event; operations Lake Formation would refuse are
//! refused before anything changes; grant option never goes to another account.

use meshdesk_core::governance::audit::verify;
use meshdesk_core::governance::model::{
    ColumnSelection, Grant, Permission, PolicyOp, Resource, TagClause, TagExpression, TagTarget,
};
use meshdesk_core::governance::plan::NO_GRANT_OPTION;
use meshdesk_core::model::{Catalog, LfTag};
use meshdesk_core::ports::{AuditLog, CatalogSource, PolicyStore, PortError};

use crate::fixture::{
    ORDERS, analyst_role, consumer, draft, filter_grant, grants, owner_role, permissions, producer, table_grant,
};
use crate::{Check, Harness, Limitation, Report, Subject, run_seeded};

pub fn checks<'h, H: Harness>() -> Vec<Check<Subject<'h, H>>> {
    vec![
        Check {
            name: "grants_of_every_shape_come_back_exactly",
            needs: &[],
            run: grants_of_every_shape_come_back_exactly,
        },
        Check {
            name: "a_data_cells_filter_grant_comes_back_exactly",
            needs: &[Limitation::NoDataCellsFilters],
            run: a_data_cells_filter_grant_comes_back_exactly,
        },
        Check {
            name: "tags_assigned_and_removed_at_every_level_are_read_back",
            needs: &[],
            run: tags_assigned_and_removed_at_every_level_are_read_back,
        },
        Check {
            name: "assigning_a_tag_keeps_the_resources_other_tags",
            needs: &[Limitation::TagAssignmentReplaces],
            run: assigning_a_tag_keeps_the_resources_other_tags,
        },
        Check {
            name: "applying_twice_or_revoking_what_is_gone_changes_nothing_but_is_audited",
            needs: &[],
            run: applying_twice_or_revoking_what_is_gone_changes_nothing_but_is_audited,
        },
        Check { name: "a_revoked_grant_is_gone", needs: &[], run: a_revoked_grant_is_gone },
        Check {
            name: "operations_lake_formation_refuses_are_refused_and_change_nothing",
            needs: &[],
            run: operations_lake_formation_refuses_are_refused_and_change_nothing,
        },
        Check {
            name: "a_plan_with_one_bad_operation_changes_nothing",
            needs: &[],
            run: a_plan_with_one_bad_operation_changes_nothing,
        },
        Check {
            name: "grant_option_never_goes_to_another_account",
            needs: &[],
            run: grant_option_never_goes_to_another_account,
        },
    ]
}

pub fn run<H: Harness>(harness: &H) -> Report {
    run_seeded("policy_store", harness, &checks())
}

/// What the store holds, read again: the catalog, the grants by id, the audit log.
fn state<H: Harness>(s: &Subject<'_, H>) -> (Catalog, Vec<Grant>, usize) {
    s.harness.reread(&s.store);
    let mut grants = s.store.grants().expect("grants");
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    let catalog = crate::catalog::canonical(s.store.load_catalog().expect("catalog"));
    (catalog, grants, s.store.events().expect("events").len())
}

fn grant_by_id<H: Harness>(s: &Subject<'_, H>, id: &str) -> Option<Grant> {
    s.harness.reread(&s.store);
    s.store.grants().expect("grants").into_iter().find(|g| g.id == id)
}

fn applies_with_one_event<H: Harness>(s: &Subject<'_, H>, ops: &[PolicyOp]) {
    let before = s.store.events().expect("events");
    let event = s.store.apply(ops, &draft("policy.applied", ORDERS), s.harness.now()).expect("applied");
    let after = s.store.events().expect("events");
    assert_eq!(after.len(), before.len() + 1, "one apply, one event");
    assert_eq!(after.last(), Some(&event));
    assert_eq!(verify(&after), Ok(after.len()));
}

fn grants_of_every_shape_come_back_exactly<H: Harness>(s: &Subject<'_, H>) {
    let made = grants(&s.harness.accounts());
    let ops: Vec<PolicyOp> = made.iter().cloned().map(PolicyOp::Grant).collect();
    applies_with_one_event(s, &ops);
    for grant in &made {
        assert_eq!(grant_by_id(s, &grant.id).as_ref(), Some(grant), "{} is read back under its id", grant.id);
    }
}

fn a_data_cells_filter_grant_comes_back_exactly<H: Harness>(s: &Subject<'_, H>) {
    let grant = filter_grant(&s.harness.accounts());
    applies_with_one_event(s, &[PolicyOp::Grant(grant.clone())]);
    assert_eq!(grant_by_id(s, &grant.id), Some(grant));
}

fn orders(s: &[meshdesk_core::model::Account]) -> TagTarget {
    TagTarget::Database { account: producer(s).into(), database: ORDERS.into() }
}

fn lines(s: &[meshdesk_core::model::Account]) -> TagTarget {
    TagTarget::Table { account: producer(s).into(), database: ORDERS.into(), table: "lines".into() }
}

fn column(s: &[meshdesk_core::model::Account], table: &str, column: &str) -> TagTarget {
    TagTarget::Column {
        account: producer(s).into(),
        database: ORDERS.into(),
        table: table.into(),
        column: column.into(),
    }
}

/// A resource's own LF-tags, sorted.
fn tags_of(catalog: &Catalog, target: &TagTarget) -> Vec<LfTag> {
    let table = |account: &str, database: &str, name: &str| {
        catalog
            .tables
            .iter()
            .find(|t| t.account == account && t.database == database && t.name == name)
            .unwrap_or_else(|| panic!("the table {account}:{database}.{name}"))
    };
    let mut tags = match target {
        TagTarget::Database { account, database } => catalog
            .databases
            .iter()
            .find(|d| d.account == *account && d.name == *database)
            .expect("the database")
            .tags
            .clone(),
        TagTarget::Table { account, database, table: name } => table(account, database, name).tags.clone(),
        TagTarget::Column { account, database, table: name, column } => {
            let t = table(account, database, name);
            t.columns.iter().chain(&t.partition_keys).find(|c| c.name == *column).expect("the column").tags.clone()
        }
    };
    tags.sort();
    tags.to_vec()
}

fn assign(target: TagTarget, key: &str, value: &str) -> PolicyOp {
    PolicyOp::AssignTag { target, key: key.into(), value: value.into() }
}

fn tag(key: &str, value: &str) -> LfTag {
    LfTag::new(key, value)
}

fn tags_assigned_and_removed_at_every_level_are_read_back<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    let refunds = column(a, "refunds", "reason");
    let plan = [
        assign(lines(a), "pii", "true"),
        assign(column(a, "lines", "amount"), "sensitivity", "restricted"),
        assign(column(a, "lines", "dt"), "sensitivity", "internal"),
        assign(refunds.clone(), "sensitivity", "confidential"),
        PolicyOp::RemoveTag { target: column(a, "lines", "email"), key: "pii".into() },
    ];
    applies_with_one_event(s, &plan);
    let (catalog, _, _) = state(s);
    assert_eq!(tags_of(&catalog, &lines(a)), [tag("pii", "true")], "a table's tag takes its new value");
    assert_eq!(tags_of(&catalog, &column(a, "lines", "amount")), [tag("sensitivity", "restricted")], "a column's");
    assert_eq!(tags_of(&catalog, &column(a, "lines", "dt")), [tag("sensitivity", "internal")], "a partition key's");
    assert_eq!(tags_of(&catalog, &refunds), [tag("sensitivity", "confidential")], "an untagged column is tagged");
    assert_eq!(
        tags_of(&catalog, &column(a, "lines", "email")),
        [tag("sensitivity", "restricted")],
        "one tag removed, the other kept"
    );
    assert_eq!(tags_of(&catalog, &column(a, "lines", "region")), [], "untouched columns stay untagged");
    assert_eq!(
        tags_of(&catalog, &orders(a)),
        [tag("domain", "sales"), tag("sensitivity", "internal")],
        "the database is untouched"
    );
}

fn assigning_a_tag_keeps_the_resources_other_tags<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    applies_with_one_event(
        s,
        &[assign(orders(a), "pii", "false"), assign(column(a, "lines", "id"), "sensitivity", "public")],
    );
    applies_with_one_event(s, &[assign(column(a, "lines", "id"), "pii", "false")]);
    let (catalog, _, _) = state(s);
    assert_eq!(
        tags_of(&catalog, &orders(a)),
        [tag("domain", "sales"), tag("pii", "false"), tag("sensitivity", "internal")]
    );
    assert_eq!(tags_of(&catalog, &column(a, "lines", "id")), [tag("pii", "false"), tag("sensitivity", "public")]);
}

fn applying_twice_or_revoking_what_is_gone_changes_nothing_but_is_audited<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    let plan = [
        PolicyOp::Grant(table_grant(a, "contract/twice", "refunds")),
        assign(column(a, "refunds", "line_id"), "pii", "false"),
    ];
    applies_with_one_event(s, &plan);
    let (catalog, grants, _) = state(s);

    applies_with_one_event(s, &plan);
    let gone = [
        PolicyOp::Revoke { grant_id: "contract/never-made".into() },
        PolicyOp::RemoveTag { target: column(a, "refunds", "line_id"), key: "sensitivity".into() },
    ];
    applies_with_one_event(s, &gone);
    let (catalog_after, grants_after, _) = state(s);
    assert_eq!(grants_after, grants, "grants");
    assert_eq!(catalog_after, catalog, "catalog");
}

fn a_revoked_grant_is_gone<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    let grant = table_grant(a, "contract/revoked", "lines");
    applies_with_one_event(s, &[PolicyOp::Grant(grant.clone())]);
    assert_eq!(grant_by_id(s, &grant.id), Some(grant.clone()));
    applies_with_one_event(s, &[PolicyOp::Revoke { grant_id: grant.id.clone() }]);
    assert_eq!(grant_by_id(s, &grant.id), None, "the grant is gone where it is kept");
}

/// Applies `op` alone, expecting a refusal.
fn refused<H: Harness>(s: &Subject<'_, H>, ops: Vec<PolicyOp>) -> PortError {
    s.store.apply(&ops, &draft("policy.applied", ORDERS), s.harness.now()).expect_err("refused")
}

fn operations_lake_formation_refuses_are_refused_and_change_nothing<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    let before = state(s);
    let one = |op: PolicyOp| refused(s, vec![op]);

    let undefined = one(assign(lines(a), "owner", "me"));
    assert!(matches!(&undefined, PortError::Invalid(m) if m.contains("not defined")), "undefined key: {undefined:?}");
    let value = one(assign(lines(a), "sensitivity", "secret"));
    assert!(matches!(&value, PortError::Invalid(m) if m.contains("allowed: public")), "unknown value: {value:?}");
    let no_column = one(assign(column(a, "lines", "nope"), "pii", "true"));
    assert!(matches!(&no_column, PortError::NotFound(m) if m.contains("nope")), "missing column: {no_column:?}");
    let no_table = one(assign(
        TagTarget::Table { account: producer(a).into(), database: ORDERS.into(), table: "gone".into() },
        "pii",
        "true",
    ));
    assert!(matches!(&no_table, PortError::NotFound(m) if m.contains("gone")), "missing table: {no_table:?}");

    let mut on_missing_column = table_grant(a, "contract/bad", "lines");
    on_missing_column.resource = Resource::Table {
        account: producer(a).into(),
        database: ORDERS.into(),
        table: Some("lines".into()),
        columns: ColumnSelection::Only(vec!["id".into(), "no_such_column".into()]),
    };
    let grant_column = one(PolicyOp::Grant(on_missing_column));
    assert!(matches!(&grant_column, PortError::NotFound(m) if m.contains("no_such_column")), "{grant_column:?}");
    let grant_table = one(PolicyOp::Grant(table_grant(a, "contract/bad", "gone")));
    assert!(matches!(&grant_table, PortError::NotFound(m) if m.contains("gone")), "{grant_table:?}");
    let mut unknown_value = table_grant(a, "contract/bad", "lines");
    unknown_value.resource = Resource::TagPolicy {
        account: producer(a).into(),
        expression: TagExpression { clauses: vec![TagClause { key: "domain".into(), values: vec!["billing".into()] }] },
    };
    let policy = one(PolicyOp::Grant(unknown_value));
    assert!(matches!(&policy, PortError::Invalid(m) if m.contains("billing")), "{policy:?}");
    let mut nothing = table_grant(a, "contract/bad", "lines");
    nothing.permissions.clear();
    assert!(matches!(one(PolicyOp::Grant(nothing)), PortError::Invalid(_)), "a grant of no permission");

    assert_eq!(state(s), before, "nothing changed, nothing audited");
}

fn a_plan_with_one_bad_operation_changes_nothing<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    let before = state(s);
    let plan = vec![
        assign(column(a, "lines", "region"), "sensitivity", "restricted"),
        PolicyOp::Grant(table_grant(a, "contract/half", "refunds")),
        PolicyOp::Grant(table_grant(a, "contract/half-gone", "gone")),
    ];
    let error = refused(s, plan);
    assert!(matches!(&error, PortError::NotFound(m) if m.contains("gone")), "{error:?}");
    assert_eq!(state(s), before, "the plan's good operations were not made either");
}

fn grant_option_never_goes_to_another_account<H: Harness>(s: &Subject<'_, H>) {
    let a = &s.harness.accounts();
    let before = state(s);
    for principal in [consumer(a).to_owned(), analyst_role(a)] {
        let mut reshare = table_grant(a, "contract/reshare", "lines");
        reshare.principal = principal.clone();
        reshare.grantable = permissions(&[Permission::Select]);
        let error = refused(s, vec![assign(lines(a), "pii", "true"), PolicyOp::Grant(reshare)]);
        assert!(
            matches!(&error, PortError::Invalid(m) if m.contains(NO_GRANT_OPTION)),
            "grant option to {principal}: {error:?}"
        );
    }
    assert_eq!(state(s), before, "nothing changed, nothing audited");

    let mut within = table_grant(a, "contract/within", "refunds");
    within.principal = owner_role(a);
    within.grantable = permissions(&[Permission::Select]);
    applies_with_one_event(s, &[PolicyOp::Grant(within.clone())]);
    assert_eq!(grant_by_id(s, &within.id), Some(within), "grant option within the producer's account is kept");
}
