//! Owners manage their products through the API: annotate (validated, planned, saved as one
//! audited change that moves nothing else), publish and unpublish (with consumers confirmed),
//! keep data contracts that Meshdesk checks, read schema history, and see who a change affects.

use crate::fixture::*;
use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_core::governance::model::AuditDraft;
use meshdesk_core::model::{Catalog, TableName, params};
use meshdesk_core::ports::{CatalogSource, ProductStore};
use meshdesk_protocol::{
    AnnotationEdit, AnnotationField, AuditQuery, ContractColumn, ContractEdit, ContractSpec, ContractState, EditorRole,
    ErrorCode, FieldEdit, PolicyChange, ProductRef, PublishInput, TableRef, TagTarget,
};

fn edit(product: ProductRef, pairs: &[(AnnotationField, &str)]) -> AnnotationEdit {
    AnnotationEdit {
        product,
        edits: pairs.iter().map(|(field, value)| FieldEdit { field: *field, value: (*value).into() }).collect(),
    }
}

fn catalog(mesh: &Meshdesk) -> Catalog {
    mesh.backend().load_catalog().expect("catalog")
}

/// The catalog with one database's parameters taken out, to compare everything else.
fn without_parameters_of(mut catalog: Catalog, product: &ProductRef) -> Catalog {
    for db in catalog.databases.iter_mut().filter(|d| d.account == product.account && d.name == product.database) {
        db.parameters.clear();
    }
    catalog
}

#[test]
fn an_owner_edits_the_description_and_slo_as_one_audited_change_and_nothing_else_moves() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let before = catalog(&mesh);
    let annotations = mesh.product_annotations(&customer_profiles()).expect("annotations");
    assert_eq!(annotations.role, EditorRole::Owner);
    assert!(annotations.fields.iter().all(|f| f.editable));

    let change = edit(
        customer_profiles(),
        &[
            (AnnotationField::Description, "The golden record of every customer."),
            (AnnotationField::SloFreshnessHours, "12"),
        ],
    );
    let plan = mesh.plan_annotation(&change).expect("plan");
    let planned: Vec<(&str, Option<&str>, Option<&str>)> =
        plan.changes.iter().map(|c| (c.key.as_str(), c.before.as_deref(), c.after.as_deref())).collect();
    assert_eq!(planned[1], (params::SLO_FRESHNESS_HOURS, Some("24"), Some("12")));
    assert_eq!(catalog(&mesh), before, "planning changes nothing");

    mesh.annotate(&change, NOW).expect("saved");
    let detail = mesh.product(&customer_profiles(), NOW).expect("product");
    assert_eq!(
        (detail.description.as_str(), detail.slo_freshness_hours),
        ("The golden record of every customer.", Some(12))
    );
    let after = catalog(&mesh);
    assert_eq!(
        without_parameters_of(after.clone(), &customer_profiles()),
        without_parameters_of(before.clone(), &customer_profiles())
    );
    let params_of = |c: &Catalog| {
        c.databases.iter().find(|d| d.name == "customer_profiles").map(|d| d.parameters.clone()).unwrap_or_default()
    };
    let (mut old, new) = (params_of(&before), params_of(&after));
    old.insert(params::DESCRIPTION.into(), "The golden record of every customer.".into());
    old.insert(params::SLO_FRESHNESS_HOURS.into(), "12".into());
    assert_eq!(new, old, "only the two parameters changed");

    let events = mesh
        .audit_events(&AuditQuery { action: Some("product.annotated".into()), ..AuditQuery::default() })
        .expect("events");
    assert_eq!(events.total, 1, "one audited change");
    let event = &events.events[0];
    assert_eq!((event.actor.as_str(), event.target.as_str()), ("dana", "402183775004:customer_profiles"));
    assert!(event.before.as_deref().is_some_and(|b| b.contains(r#""meshdesk:slo.freshness_hours":"24""#)), "{event:?}");
    assert!(event.after.as_deref().is_some_and(|a| a.contains(r#""meshdesk:slo.freshness_hours":"12""#)), "{event:?}");
    assert!(mesh.verify_audit().expect("verify").intact);
}

#[test]
fn invalid_values_are_problems_in_the_plan_and_nothing_is_saved() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let change =
        edit(customer_profiles(), &[(AnnotationField::Owners, "dana"), (AnnotationField::SloFreshnessHours, "soon")]);
    let plan = mesh.plan_annotation(&change).expect("plan");
    assert_eq!(plan.problems.len(), 2, "{:?}", plan.problems);
    let refused = mesh.annotate(&change, NOW).expect_err("refused");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.starts_with("nothing was saved"), "{}", refused.message);
}

#[test]
fn a_non_owner_is_refused_and_a_steward_may_change_only_stewardship_fields() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "mia");
    assert_eq!(mesh.product_annotations(&customer_profiles()).expect("annotations").role, EditorRole::Reader);
    let refused =
        mesh.annotate(&edit(customer_profiles(), &[(AnnotationField::Tier, "silver")]), NOW).expect_err("refused");
    assert_eq!(refused.code, ErrorCode::Forbidden);

    act_as(&mesh, "lee");
    let annotations = mesh.product_annotations(&customer_profiles()).expect("annotations");
    assert_eq!(annotations.role, EditorRole::Steward);
    let editable: Vec<AnnotationField> = annotations.fields.iter().filter(|f| f.editable).map(|f| f.field).collect();
    assert_eq!(editable, [AnnotationField::Steward, AnnotationField::Domain, AnnotationField::Tier]);
    let mixed =
        edit(customer_profiles(), &[(AnnotationField::Tier, "silver"), (AnnotationField::Description, "Lee's words")]);
    assert_eq!(mesh.annotate(&mixed, NOW).expect_err("refused").code, ErrorCode::Forbidden, "all or nothing");
    mesh.annotate(&edit(customer_profiles(), &[(AnnotationField::Tier, "silver")]), NOW)
        .expect("a steward sets the tier");
    assert_eq!(mesh.product(&customer_profiles(), NOW).expect("product").tier.as_deref(), Some("silver"));
}

#[test]
fn a_published_product_appears_in_everyones_catalog_and_unpublishing_it_needs_confirmation() {
    let (_dir, mesh) = sandbox();
    let draft = ProductRef::new("402183775004", "customer_risk_signals");
    let listed = |mesh: &Meshdesk| {
        mesh.search_catalog(&meshdesk_protocol::CatalogQuery { text: "risk signals".into(), ..Default::default() }, NOW)
            .expect("search")
            .hits
            .iter()
            .any(|h| h.product == draft)
    };
    assert!(!listed(&mesh), "a draft is not in the catalog");
    act_as(&mesh, "dana");
    assert_eq!(mesh.unpublished_databases().expect("drafts"), std::slice::from_ref(&draft), "dana may publish her draft");
    act_as(&mesh, "mia");
    let refused = mesh
        .publish(&PublishInput { product: draft.clone(), publish: true, confirm: false }, NOW)
        .expect_err("refused");
    assert_eq!(refused.code, ErrorCode::Forbidden);

    act_as(&mesh, "dana");
    mesh.publish(&PublishInput { product: draft.clone(), publish: true, confirm: false }, NOW).expect("published");
    act_as(&mesh, "mia");
    assert!(listed(&mesh), "another persona finds the published product");

    act_as(&mesh, "dana");
    let plan = mesh.plan_publish(&customer_profiles(), false).expect("plan");
    assert!(plan.needs_confirmation);
    assert!(
        plan.consumers.iter().any(|c| c.who == "402183775006"),
        "the analytics account reads it: {:?}",
        plan.consumers
    );
    assert!(plan.consumers.iter().any(|c| c.who == "402183775006:customer_360"), "customer_360 is built from it");
    let refused = mesh
        .publish(&PublishInput { product: customer_profiles(), publish: false, confirm: false }, NOW)
        .expect_err("refused");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("402183775006:customer_360"), "{}", refused.message);
    assert!(
        mesh.product(&customer_profiles(), NOW).expect("product").parameters.iter().any(|(k, _)| k == params::PRODUCT)
    );
    mesh.publish(&PublishInput { product: customer_profiles(), publish: false, confirm: true }, NOW)
        .expect("unpublished");
    let events =
        mesh.audit_events(&AuditQuery { action: Some("product.".into()), ..AuditQuery::default() }).expect("events");
    let actions: Vec<&str> = events.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["product.unpublished", "product.published"]);
}

fn daily_counts() -> TableRef {
    TableRef::new("402183775001", "message_events_curated", "daily_message_counts")
}

#[test]
fn the_demo_contract_broken_by_a_pipeline_is_shown_on_the_product_to_stewards_and_to_consumers() {
    let (_dir, mesh) = sandbox();
    let detail = mesh.product(&daily_counts().product(), NOW).expect("product");
    let table = detail.tables.iter().find(|t| t.table == daily_counts()).expect("table");
    let contract = table.contract.as_ref().expect("contracted");
    assert_eq!(contract.state, ContractState::Broken);
    assert_eq!(contract.violations[0].message, "the contracted column mms_sent is int, not the promised bigint");

    act_as(&mesh, "lee");
    let findings = mesh.findings(NOW).expect("findings");
    assert!(
        findings.iter().any(|f| f.kind == "contract-broken" && f.target == daily_counts().to_string()),
        "{findings:?}"
    );

    act_as(&mesh, "mia");
    let alerts = mesh.contract_alerts(NOW).expect("alerts");
    let breach = alerts.consumed.iter().find(|b| b.table == daily_counts()).expect("mia reads the table");
    assert!(breach.relied_on_by[0].starts_with("you read"), "{breach:?}");
    act_as(&mesh, "raj");
    assert!(mesh.contract_alerts(NOW).expect("alerts").consumed.is_empty(), "raj neither reads nor builds on it");
}

#[test]
fn a_contracted_column_removed_behind_meshdesks_back_is_a_violation_for_owner_steward_and_consumers() {
    let (dir, mesh) = sandbox();
    let customers = TableName::new("402183775004", "customer_profiles", "customers");
    let behind_the_back = |change: &dyn Fn(&mut meshdesk_core::model::Table)| {
        let before = catalog(&mesh).tables.into_iter().find(|t| t.qualified_name() == customers).expect("customers");
        let mut after = before.clone();
        change(&mut after);
        let event = AuditDraft {
            actor: "pipeline".into(),
            action: "table.updated".into(),
            target: customers.to_string(),
            request_id: None,
            before: None,
            after: None,
        };
        mesh.backend().update_table(&after, &before, &event, NOW).expect("the pipeline changed the table");
    };
    behind_the_back(&|t| {
        t.columns.push(meshdesk_core::model::Column {
            name: "nickname".into(),
            data_type: "string".into(),
            ..Default::default()
        })
    });
    let reopened = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopens");
    act_as(&reopened, "dana");
    assert!(reopened.contract_alerts(NOW).expect("alerts").owned.is_empty(), "an added nullable column is compatible");

    behind_the_back(&|t| t.columns.retain(|c| c.name != "segment"));
    let reopened = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("reopens");
    act_as(&reopened, "dana");
    let owned = reopened.contract_alerts(NOW).expect("alerts").owned;
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0].violations[0].message, "the contracted column segment was removed");
    act_as(&reopened, "lee");
    assert!(reopened.findings(NOW).expect("findings").iter().any(|f| f.id == format!("contract-broken:{customers}")));
    act_as(&reopened, "omar");
    let consumed = reopened.contract_alerts(NOW).expect("alerts").consumed;
    let breach = consumed.iter().find(|b| b.table.table == "customers").expect("omar's account reads customers");
    assert!(breach.relied_on_by.iter().any(|r| r.contains("customer_360")), "{:?}", breach.relied_on_by);
}

fn spec(version: &str, columns: &[(&str, &str)], hours: u32) -> ContractSpec {
    ContractSpec {
        version: version.into(),
        columns: columns
            .iter()
            .map(|(n, t)| ContractColumn { name: (*n).into(), data_type: Some((*t).into()), nullable: true })
            .collect(),
        freshness_hours: Some(hours),
    }
}

#[test]
fn an_owner_saves_a_contract_the_table_keeps_and_the_history_shows_it() {
    let (_dir, mesh) = sandbox();
    let customers = customer_profiles().table("customers");
    let wanted = ContractEdit {
        table: customers.clone(),
        contract: Some(spec("2.5", &[("customer_id", "bigint"), ("email", "string")], 24)),
    };
    act_as(&mesh, "mia");
    assert_eq!(mesh.save_contract(&wanted, NOW).expect_err("refused").code, ErrorCode::Forbidden);

    act_as(&mesh, "dana");
    let broken = ContractEdit { table: customers.clone(), contract: Some(spec("2.5", &[("customer_id", "int")], 24)) };
    assert!(mesh.plan_contract(&broken, NOW).expect("plan").problems[0].contains("would break this contract at once"));
    let plan = mesh.plan_contract(&wanted, NOW).expect("plan");
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert!(plan.consumers.iter().any(|c| c.who == "402183775006"), "{:?}", plan.consumers);
    mesh.save_contract(&wanted, NOW).expect("saved");
    let table = mesh
        .product(&customer_profiles(), NOW)
        .expect("product")
        .tables
        .into_iter()
        .find(|t| t.table == customers)
        .expect("table");
    let contract = table.contract.expect("contracted");
    assert_eq!((contract.state, contract.spec.map(|s| s.version)), (ContractState::Honoured, Some("2.5".to_owned())));

    let history = mesh.table_history(&customers).expect("history");
    assert_eq!(history.versions.len(), 2);
    let newest = &history.versions[0];
    assert!(newest.current && newest.contract_changed && newest.breaks.is_empty());
    assert_eq!((newest.contract_before.as_deref(), newest.contract_after.as_deref()), (Some("2.4"), Some("2.5")));
    assert_eq!(history.events[0].action, "contract.updated");
}

#[test]
fn the_demo_history_reads_as_a_changelog_with_the_breaking_change_marked() {
    let (_dir, mesh) = sandbox();
    let history = mesh.table_history(&daily_counts()).expect("history");
    let summary: Vec<(u64, bool, usize, usize, usize)> = history
        .versions
        .iter()
        .map(|v| (v.version, !v.breaks.is_empty(), v.added.len(), v.removed.len(), v.retyped.len()))
        .collect();
    assert_eq!(summary[..3], [(4, true, 0, 0, 1), (3, false, 2, 0, 0), (2, false, 1, 1, 0)]);
    assert_eq!(history.versions[0].breaks, ["changes mms_sent from bigint to int; contract 1.3 promises bigint"]);
    assert!(history.versions[3].first);
}

#[test]
fn a_sensitivity_change_or_a_revocation_lists_every_consumer_and_downstream_product_first() {
    let (_dir, mesh) = sandbox();
    act_as(&mesh, "dana");
    let target = TagTarget::Column {
        account: "402183775004".into(),
        database: "customer_profiles".into(),
        table: "customers".into(),
        column: "segment".into(),
    };
    let plan = mesh
        .plan_policy(&[PolicyChange::AssignTag { target, key: "sensitivity".into(), value: "confidential".into() }])
        .expect("plan");
    let who: Vec<&str> = plan.impact.iter().map(|i| i.consumer.who.as_str()).collect();
    assert!(who.contains(&"402183775006"), "the analytics account reads segment: {who:?}");
    assert!(who.contains(&"402183775006:customer_360"), "customer_360 is built from customers: {who:?}");

    let grant = mesh
        .grants(&customer_profiles())
        .expect("grants")
        .into_iter()
        .find(|g| g.id.starts_with("req-0001/"))
        .expect("omar's grant");
    let plan = mesh.plan_policy(&[PolicyChange::Revoke { grant_id: grant.id.clone() }]).expect("plan");
    assert!(plan.impact.iter().any(|i| i.consumer.who == grant.principal), "{:?}", plan.impact);
    assert!(plan.impact.iter().any(|i| i.consumer.who == "402183775006:customer_360"), "{:?}", plan.impact);
}
