//! Findings on a clean mesh (none) and on a mesh crafted to break each rule once (each raised,
//! with a repair that is itself a valid plan).

use super::findings::{findings, FindingKind};
use super::fixture::*;
use super::model::*;
use super::plan::validate_ops;
use crate::model::{params, Catalog, LfTag};
use crate::CatalogIndex;

const BILLING: &str = "100000000002";

fn on_customers(columns: ColumnSelection) -> Resource {
    Resource::Table { account: IDENT.into(), database: "customer_profiles".into(), table: Some("customers".into()), columns }
}

fn grant(id: &str, principal: &str, resource: Resource) -> Grant {
    Grant {
        id: id.into(),
        principal: principal.into(),
        resource,
        permissions: [Permission::Select].into(),
        grantable: Default::default(),
    }
}

fn tag_policy(id: &str, principal: &str, clauses: &[(&str, &[&str])]) -> Grant {
    let clauses = clauses
        .iter()
        .map(|(key, values)| TagClause { key: (*key).into(), values: values.iter().map(|v| v.to_string()).collect() })
        .collect();
    grant(id, principal, Resource::TagPolicy { account: IDENT.into(), expression: TagExpression { clauses } })
}

fn provisioned(id: &str, expires_at: i64) -> ShareRequest {
    let mut request = World::demo().request(&["customers.segment"]);
    request.id = id.into();
    request.status = RequestStatus::Provisioned;
    request.expires_at = Some(expires_at);
    request.grant_ids = vec![format!("{id}/customers")];
    request
}

/// The core's test mesh with every product owned, classified, columnar and fresh.
fn clean_catalog() -> Catalog {
    let mut catalog = crate::fixture::mesh();
    for db in catalog.databases.iter_mut().filter(|d| d.name == "customer_360") {
        db.tags.push(LfTag::new("sensitivity", "internal"));
    }
    for table in catalog.tables.iter_mut().filter(|t| t.name == "invoice_lines") {
        table.parameters.insert("classification".into(), "parquet".into());
        table.parameters.insert(params::LAST_UPDATED.into(), (NOW - 3600).to_string());
    }
    catalog
}

/// Omar's provisioned request and its grant, and an owner policy giving the analytics account
/// public and internal data.
fn clean_state() -> (Vec<Grant>, Vec<ShareRequest>) {
    let request = provisioned("req-7", NOW + 10 * DAY);
    let grants = vec![
        grant("req-7/customers", OMAR_ROLE, on_customers(ColumnSelection::Only(vec!["segment".into()]))),
        tag_policy("policy:analytics-internal", ANALYTICS, &[("sensitivity", &["public", "internal"])]),
    ];
    (grants, vec![request])
}

#[test]
fn a_clean_mesh_has_no_findings() {
    let (grants, requests) = clean_state();
    let found = findings(&CatalogIndex::build(clean_catalog()), &grants, &requests, NOW);
    assert_eq!(found, vec![], "{found:#?}");
}

#[test]
fn every_rule_broken_once_is_found_once_with_a_valid_repair() {
    let mut catalog = clean_catalog();
    for db in catalog.databases.iter_mut().filter(|d| d.name == "customer_360") {
        db.parameters.remove(params::OWNER);
        db.tags.clear();
    }
    for table in catalog.tables.iter_mut().filter(|t| t.name == "invoice_lines") {
        table.parameters.insert("classification".into(), "csv".into());
        table.parameters.insert(params::LAST_UPDATED.into(), (NOW - 50 * 3600).to_string());
    }
    let index = CatalogIndex::build(catalog);
    let (mut grants, mut requests) = clean_state();
    grants[0].resource = on_customers(ColumnSelection::All);
    let mut reshare = grant("policy:billing-segment", BILLING, on_customers(ColumnSelection::Only(vec!["segment".into()])));
    reshare.grantable = [Permission::Select].into();
    grants.extend([
        reshare,
        grant("policy:analytics-all", ANALYTICS, on_customers(ColumnSelection::All)),
        tag_policy("policy:pii-readers", BILLING, &[("pii", &["true"])]),
        grant("manual-1", OMAR_ROLE, on_customers(ColumnSelection::Only(vec!["segment".into()]))),
        grant("req-9/customers", OMAR_ROLE, on_customers(ColumnSelection::Only(vec!["segment".into()]))),
    ]);
    requests.push(provisioned("req-8", NOW + DAY));
    requests.push(provisioned("req-9", NOW - DAY));

    let found = findings(&index, &grants, &requests, NOW);
    let raised: Vec<(FindingKind, &str)> = found.iter().map(|f| (f.kind, f.target.as_str())).collect();
    let mut expected = vec![
        (FindingKind::GrantOptionAcrossAccounts, "policy:billing-segment"),
        (FindingKind::RestrictedToBroadPrincipal, "policy:analytics-all"),
        (FindingKind::RestrictedToBroadPrincipal, "policy:pii-readers"),
        (FindingKind::ProductWithoutOwner, "100000000003:customer_360"),
        (FindingKind::ProductWithoutSensitivity, "100000000003:customer_360"),
        (FindingKind::WriteOptimisedFormat, "100000000002:invoices.invoice_lines"),
        (FindingKind::FreshnessBreach, "100000000002:invoices"),
        (FindingKind::UnexplainedGrant, "manual-1"),
        (FindingKind::GrantDiffersFromRequest, "req-7/customers"),
        (FindingKind::MissingGrant, "req-8"),
        (FindingKind::ExpiredNotRevoked, "req-9"),
    ];
    let mut sorted = raised.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected, "{found:#?}");
    assert!(found.windows(2).all(|w| w[0].severity >= w[1].severity), "most severe first");

    for f in &found {
        assert_eq!(f.id, format!("{}:{}", f.kind.as_str(), f.target));
        assert_eq!(validate_ops(&f.repair, &index, &grants), vec![], "the repair of {} is a valid plan", f.id);
    }
    let repair_of = |target: &str, kind| found.iter().find(|f| f.target == target && f.kind == kind).map(|f| &f.repair);
    assert_eq!(
        repair_of("policy:analytics-all", FindingKind::RestrictedToBroadPrincipal),
        Some(&vec![
            PolicyOp::Revoke { grant_id: "policy:analytics-all".into() },
            PolicyOp::Grant(grant("policy:analytics-all", ANALYTICS, on_customers(ColumnSelection::AllExcept(vec!["email".into()])))),
        ])
    );
    let narrowed = tag_policy("policy:pii-readers", BILLING, &[("pii", &["true"]), ("sensitivity", &["public", "internal", "confidential"])]);
    assert_eq!(
        repair_of("policy:pii-readers", FindingKind::RestrictedToBroadPrincipal),
        Some(&vec![PolicyOp::Revoke { grant_id: "policy:pii-readers".into() }, PolicyOp::Grant(narrowed)])
    );
    assert_eq!(repair_of("manual-1", FindingKind::UnexplainedGrant), Some(&vec![PolicyOp::Revoke { grant_id: "manual-1".into() }]));
    assert_eq!(repair_of("req-9", FindingKind::ExpiredNotRevoked), Some(&vec![PolicyOp::Revoke { grant_id: "req-9/customers".into() }]));
    assert!(matches!(
        repair_of("req-8", FindingKind::MissingGrant).map(Vec::as_slice),
        Some([PolicyOp::Grant(g)]) if g.id == "req-8/customers" && g.grantable.is_empty()
    ));
    assert!(repair_of("100000000003:customer_360", FindingKind::ProductWithoutOwner).is_some_and(Vec::is_empty), "a person must act");
}

#[test]
fn a_whole_account_grant_approved_by_a_request_is_flagged_but_left_to_the_owner() {
    let index = CatalogIndex::build(clean_catalog());
    let mut request = provisioned("req-7", NOW + DAY);
    request.principal = ANALYTICS.into();
    request.columns = vec![];
    let grants = vec![grant("req-7/customers", ANALYTICS, on_customers(ColumnSelection::All))];
    let found = findings(&index, &grants, &[request], NOW);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::RestrictedToBroadPrincipal);
    assert!(found[0].repair.is_empty());
    assert!(found[0].explanation.ends_with("(approved in req-7; ask its owner to narrow it)"), "{}", found[0].explanation);
}

#[test]
fn a_grant_of_a_finished_request_is_drift() {
    let index = CatalogIndex::build(clean_catalog());
    let (grants, mut requests) = clean_state();
    requests[0].status = RequestStatus::Revoked;
    let found = findings(&index, &grants, &requests, NOW);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].explanation, format!("grant req-7/customers to {OMAR_ROLE} is unexplained: its request req-7 is revoked"));
}

/// The analytics account's `meshdesk_shared` link to `customers`, as a crawl reads it.
fn link_table(name: &str) -> crate::model::Table {
    crate::model::Table {
        account: ANALYTICS.into(),
        database: super::consumer::SHARED_DATABASE.into(),
        name: name.into(),
        target: Some(Box::new(crate::model::TableName::new(IDENT, "customer_profiles", "customers"))),
        ..Default::default()
    }
}

#[test]
fn a_provisioned_requests_link_gone_and_a_link_nobody_asked_for_are_drift() {
    let (grants, mut requests) = clean_state();
    let world = World::demo();
    let links = super::consumer::links_for(&requests[0], &world.tables);
    assert_eq!(links.len(), 1);
    requests[0].consumer.links = links.clone();
    let mut catalog = clean_catalog();
    let kinds = |catalog: &Catalog, requests: &[ShareRequest]| -> Vec<(FindingKind, String)> {
        findings(&CatalogIndex::build(catalog.clone()), &grants, requests, NOW)
            .into_iter()
            .filter(|f| matches!(f.kind, FindingKind::MissingLink | FindingKind::UnexplainedLink))
            .map(|f| (f.kind, f.target))
            .collect()
    };
    assert_eq!(kinds(&catalog, &requests), [(FindingKind::MissingLink, "req-7".to_owned())]);

    catalog.tables.push(link_table(&links[0].name));
    assert_eq!(kinds(&catalog, &requests), [], "the link is where the request says");

    catalog.tables.push(link_table("someone_elses_link"));
    let stray = format!("{ANALYTICS}:meshdesk_shared.someone_elses_link");
    assert_eq!(kinds(&catalog, &requests), [(FindingKind::UnexplainedLink, stray)]);

    // While the consumer side waits, a missing link is expected, not drift.
    let mut waiting = requests.clone();
    waiting[0].consumer.pending = Some("waiting".into());
    catalog.tables.retain(|t| t.name != links[0].name);
    assert!(kinds(&catalog, &waiting).iter().all(|(k, _)| *k != FindingKind::MissingLink));
}

#[test]
fn an_account_letting_iam_bypass_lake_formation_is_a_high_finding_for_a_person_to_fix() {
    let found = super::findings::lake_formation_bypass([("111111111111", "billing-prod")]);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!((f.kind, f.id.as_str()), (FindingKind::LakeFormationBypass, "lake-formation-bypass:111111111111"));
    assert_eq!(f.severity, super::findings::Severity::High);
    assert!(f.explanation.contains("billing-prod") && f.explanation.contains("IAM_ALLOWED_PRINCIPALS"), "{}", f.explanation);
    assert!(f.repair.is_empty(), "changing data lake settings takes an administrator, not a grant");
}
