//! Governance on AWS: a request approved by an owner becomes a Lake Formation grant in the
//! producer's account on exactly the columns asked, without grant option, and revoking removes
//! it; the hub keeps the contract of the sandbox (exact round trips, compare-and-set, one event
//! per change); owners' plans become LF-tag assignments and grants.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_lakeformation::types as lf;
use meshdesk_core::governance::audit::verify;
use meshdesk_core::governance::model::{
    AuditDraft, Capacity, ColumnSelection, Decision, Grant, Permission as CorePermission, PolicyOp,
    RequestStatus as CoreStatus, Resource, ShareRequest, TagTarget, Verdict,
};
use meshdesk_core::model::LfTag;
use meshdesk_core::ports::{AuditLog, CatalogSource, PolicyStore, PortError, RequestStore};
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, Permission, ProductRef, RequestDraft, RequestStatus};

use crate::fixture::{HUB, IDENTITY, NOW, Person, TestMesh, VOICE};

/// Mia asks for her role in the hub account, where she signs in (any role she acts as would do).
fn consumer_role(mesh: &TestMesh) -> String {
    format!("arn:aws:iam::{}:role/Analyst", mesh.account(HUB))
}

pub fn draft(mesh: &TestMesh) -> RequestDraft {
    RequestDraft {
        product: ProductRef::new(mesh.account(IDENTITY), "customer_profiles"),
        principal: consumer_role(mesh),
        tables: vec!["customers".into()],
        columns: vec!["customers.id".into(), "customers.segment".into()],
        row_filter: None,
        permissions: vec![Permission::Select],
        duration_days: 30,
        justification: "Churn model for the voice domain".into(),
    }
}

/// The producer's Lake Formation entries for `principal`.
fn entries_for(mesh: &TestMesh, principal: &str) -> Vec<lf::PrincipalResourcePermissions> {
    mesh.permissions(IDENTITY)
        .into_iter()
        .filter(|p| p.principal().and_then(|p| p.data_lake_principal_identifier()) == Some(principal))
        .collect()
}

pub fn an_approved_request_is_granted_with_exactly_its_columns_and_revoking_removes_it() {
    let mesh = TestMesh::seeded();
    let mia = mesh.open(Person::Mia);
    let sent = mia.submit_request(&draft(&mesh), NOW).expect("submitted");
    assert_eq!(sent.status, RequestStatus::Pending);
    let own = mia
        .decide(&DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve }, NOW);
    assert_eq!(own.expect_err("nobody approves their own request").code, ErrorCode::Forbidden);

    let dana = mesh.open(Person::Dana);
    let approved = dana
        .decide(
            &DecideInput { id: sent.id.clone(), expected_version: sent.version, decision: Decide::Approve },
            NOW + 60,
        )
        .expect("the owner approves");
    assert_eq!(approved.status, RequestStatus::Provisioned, "{:?}", approved.last_error);
    assert_eq!(approved.grant_ids, [format!("{}/customers", sent.id)]);

    let listed = entries_for(&mesh, &consumer_role(&mesh));
    assert_eq!(listed.len(), 1, "{listed:#?}");
    let columns = listed[0].resource().and_then(|r| r.table_with_columns()).expect("a column-level grant");
    assert_eq!((columns.database_name(), columns.name()), ("customer_profiles", "customers"));
    assert_eq!(
        columns.column_names().iter().collect::<BTreeSet<_>>(),
        ["id", "segment"].iter().map(|c| c.to_string()).collect::<BTreeSet<_>>().iter().collect()
    );
    assert!(columns.column_wildcard().is_none());
    assert_eq!(listed[0].permissions(), [lf::Permission::Select]);
    assert!(listed[0].permissions_with_grant_option().is_empty(), "never grantable to another account");

    // Another desktop sees the grant under the request's name after a refresh.
    mia.refresh_aws(Arc::new(|_| {}), NOW + 120).expect("refreshed");
    let grants = mia.backend().grants().expect("grants");
    assert!(grants.iter().any(|g| g.id == approved.grant_ids[0] && g.grantable.is_empty()), "{grants:#?}");
    assert!(
        dana.findings(NOW + 120).expect("findings").iter().all(|f| f.kind != "unexplained-grant"),
        "Meshdesk's own grant is explained"
    );

    let revoked = dana
        .decide(
            &DecideInput {
                id: sent.id.clone(),
                expected_version: approved.version,
                decision: Decide::Revoke { reason: "project ended".into() },
            },
            NOW + 180,
        )
        .expect("revoked");
    assert_eq!(revoked.status, RequestStatus::Revoked);
    assert!(entries_for(&mesh, &consumer_role(&mesh)).is_empty(), "the grant is gone from Lake Formation");

    let events = dana.backend().events().expect("events");
    assert_eq!(verify(&events), Ok(events.len()));
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    for action in ["request.created", "grant.created", "request.provisioned", "grant.revoked"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

fn pending(mesh: &TestMesh, id: &str) -> ShareRequest {
    ShareRequest {
        id: id.into(),
        version: 1,
        requester: "mia".into(),
        principal: consumer_role(mesh),
        product_account: mesh.account(IDENTITY),
        product_database: "customer_profiles".into(),
        tables: vec!["customers".into()],
        columns: vec![],
        row_filter: Some("country = 'SE'".into()),
        permissions: [CorePermission::Select].into_iter().collect(),
        duration_days: 30,
        justification: "ünïcødé, \"quotes\"\nand lines".into(),
        status: CoreStatus::Pending,
        created_at: NOW,
        decisions: vec![],
        expires_at: None,
        grant_ids: vec![],
        last_error: None,
        extends: None,
        consumer: Default::default(),
    }
}

fn decided(request: &ShareRequest, status: CoreStatus, verdict: Verdict) -> ShareRequest {
    let mut next = request.clone();
    next.version += 1;
    next.status = status;
    next.decisions.push(Decision {
        by: "owner".into(),
        capacity: Capacity::Owner,
        verdict,
        at: NOW,
        reason: Some("ok".into()),
    });
    next
}

pub fn draft_event(action: &str, target: &str) -> AuditDraft {
    AuditDraft {
        actor: "owner".into(),
        action: action.into(),
        target: target.into(),
        request_id: Some(target.into()),
        before: None,
        after: None,
    }
}

pub fn the_hub_stores_requests_exactly_and_writes_only_over_the_version_read() {
    let mesh = TestMesh::seeded();
    let store = mesh.open(Person::Dana);
    let store = store.backend();
    let request = pending(&mesh, "req-7");
    let created = store.commit(&request, None, &draft_event("request.created", "req-7"), NOW).expect("created");
    assert_eq!(store.request("req-7").expect("read"), Some(request.clone()));
    assert_eq!(store.request("req-none").expect("read"), None);

    let approved = decided(&request, CoreStatus::Approved, Verdict::Approve);
    store.commit(&approved, Some(1), &draft_event("request.approved", "req-7"), NOW).expect("the first decision wins");
    let events = store.events().expect("events");

    let rejected = decided(&request, CoreStatus::Rejected, Verdict::Reject);
    let error = store.commit(&rejected, Some(1), &draft_event("request.rejected", "req-7"), NOW).expect_err("stale");
    assert_eq!(
        error,
        PortError::Conflict("req-7 was changed by someone else (version 2, expected 1); reload and try again".into())
    );
    assert_eq!(store.request("req-7").expect("read"), Some(approved.clone()));
    assert_eq!(store.events().expect("events"), events, "no event for the refused write");

    let again = store.commit(&request, None, &draft_event("request.created", "req-7"), NOW);
    assert_eq!(again, Err(PortError::Conflict("req-7 already exists (version 2); reload and try again".into())));
    let gone = store.commit(
        &decided(&pending(&mesh, "req-8"), CoreStatus::Approved, Verdict::Approve),
        Some(1),
        &draft_event("x", "req-8"),
        NOW,
    );
    assert_eq!(gone, Err(PortError::Conflict("req-8 does not exist any more; reload and try again".into())));

    let mut same_version = decided(&approved, CoreStatus::Provisioned, Verdict::Approve);
    same_version.version = 2;
    assert!(
        matches!(store.commit(&same_version, Some(2), &draft_event("x", "req-7"), NOW), Err(PortError::Invalid(m)) if m.contains("req-7"))
    );

    let events = store.events().expect("events");
    assert_eq!(events.first(), Some(&created));
    assert_eq!(verify(&events), Ok(2));
    assert_eq!(store.requests().expect("requests").iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["req-7"]);
}

fn customers() -> String {
    "customers".into()
}

pub fn an_owners_plan_becomes_lf_tags_and_grants_and_one_event() {
    let mesh = TestMesh::seeded();
    let meshdesk = mesh.open(Person::Dana);
    let store = meshdesk.backend();
    let identity = mesh.account(IDENTITY);
    let column = |c: &str| TagTarget::Column {
        account: identity.clone(),
        database: "customer_profiles".into(),
        table: customers(),
        column: c.into(),
    };
    let table =
        TagTarget::Table { account: identity.clone(), database: "customer_profiles".into(), table: customers() };
    let grant = Grant {
        id: "policy:voice-segments".into(),
        principal: mesh.account(VOICE),
        resource: Resource::Table {
            account: identity.clone(),
            database: "customer_profiles".into(),
            table: Some(customers()),
            columns: ColumnSelection::AllExcept(vec!["email".into()]),
        },
        permissions: [CorePermission::Select, CorePermission::Describe].into_iter().collect(),
        grantable: BTreeSet::new(),
    };
    let plan = [
        PolicyOp::AssignTag { target: column("segment"), key: "sensitivity".into(), value: "confidential".into() },
        PolicyOp::AssignTag { target: column("email"), key: "sensitivity".into(), value: "confidential".into() },
        PolicyOp::RemoveTag { target: column("email"), key: "pii".into() },
        PolicyOp::AssignTag { target: table.clone(), key: "pii".into(), value: "false".into() },
        PolicyOp::Grant(grant.clone()),
    ];
    let event = store.apply(&plan, &draft_event("policy.applied", "customer_profiles"), NOW).expect("applied");
    let expected = store.load_catalog().expect("catalog");

    meshdesk.refresh_aws(Arc::new(|_| {}), NOW + 60).expect("refreshed");
    let read = store.load_catalog().expect("catalog");
    let tags_of = |catalog: &meshdesk_core::model::Catalog, c: &str| {
        let t = catalog.tables.iter().find(|t| t.account == identity && t.name == "customers").expect("customers");
        let mut tags = if c.is_empty() {
            t.tags.clone()
        } else {
            t.columns.iter().find(|x| x.name == c).expect("column").tags.clone()
        };
        tags.sort();
        tags
    };
    assert_eq!(tags_of(&read, "segment"), [LfTag::new("sensitivity", "confidential")]);
    assert_eq!(tags_of(&read, "email"), [LfTag::new("sensitivity", "confidential")]);
    assert_eq!(tags_of(&read, ""), [LfTag::new("pii", "false")]);
    assert_eq!(tags_of(&read, "country"), [LfTag::new("sensitivity", "public")], "untouched tags stay");
    assert_eq!(
        tags_of(&read, "email"),
        tags_of(&expected, "email"),
        "what Meshdesk showed is what Lake Formation holds"
    );
    let grants = store.grants().expect("grants");
    assert_eq!(
        grants.iter().find(|g| g.id == grant.id),
        Some(&grant),
        "the grant is read back under its name: {grants:#?}"
    );
    assert_eq!(store.events().expect("events"), [event]);

    // The same plan again changes nothing in AWS, and is still audited.
    store.apply(&plan, &draft_event("policy.applied", "customer_profiles"), NOW + 120).expect("applied again");
    let gone = [
        PolicyOp::Revoke { grant_id: "never-made".into() },
        PolicyOp::RemoveTag { target: column("id"), key: "pii".into() },
    ];
    store.apply(&gone, &draft_event("grant.revoked", "x"), NOW + 180).expect("nothing to do");
    assert_eq!(verify(&store.events().expect("events")), Ok(3));

    store
        .apply(&[PolicyOp::Revoke { grant_id: grant.id.clone() }], &draft_event("grant.revoked", "x"), NOW + 240)
        .expect("revoked");
    assert!(entries_for(&mesh, &mesh.account(VOICE)).is_empty());
    meshdesk.refresh_aws(Arc::new(|_| {}), NOW + 300).expect("refreshed");
    assert!(!store.grants().expect("grants").iter().any(|g| g.id == grant.id));
}

pub fn bad_plans_are_refused_before_anything_changes() {
    let mesh = TestMesh::seeded();
    let meshdesk = mesh.open(Person::Dana);
    let store = meshdesk.backend();
    let identity = mesh.account(IDENTITY);
    let before =
        (store.load_catalog().expect("catalog"), store.grants().expect("grants"), mesh.permissions(IDENTITY).len());
    let table =
        TagTarget::Table { account: identity.clone(), database: "customer_profiles".into(), table: customers() };
    let grantable = Grant {
        id: "g-reshare".into(),
        principal: mesh.account(VOICE),
        resource: Resource::Table {
            account: identity.clone(),
            database: "customer_profiles".into(),
            table: Some(customers()),
            columns: ColumnSelection::All,
        },
        permissions: [CorePermission::Select].into_iter().collect(),
        grantable: [CorePermission::Select].into_iter().collect(),
    };
    let refused =
        |ops: Vec<PolicyOp>| store.apply(&ops, &draft_event("policy.applied", "x"), NOW).expect_err("refused");

    let rule_2 = refused(vec![
        PolicyOp::AssignTag { target: table.clone(), key: "pii".into(), value: "true".into() },
        PolicyOp::Grant(grantable),
    ]);
    assert!(matches!(&rule_2, PortError::Invalid(m) if m.contains("charter rule 2")), "{rule_2:?}");
    assert!(
        matches!(refused(vec![PolicyOp::AssignTag { target: table.clone(), key: "owner".into(), value: "me".into() }]), PortError::Invalid(m) if m.contains("not defined"))
    );
    assert!(
        matches!(refused(vec![PolicyOp::AssignTag { target: table, key: "sensitivity".into(), value: "secret".into() }]), PortError::Invalid(m) if m.contains("allowed: public"))
    );
    let missing = TagTarget::Column {
        account: identity,
        database: "customer_profiles".into(),
        table: customers(),
        column: "nope".into(),
    };
    assert!(
        matches!(refused(vec![PolicyOp::RemoveTag { target: missing, key: "pii".into() }]), PortError::NotFound(m) if m.contains("nope"))
    );

    let after =
        (store.load_catalog().expect("catalog"), store.grants().expect("grants"), mesh.permissions(IDENTITY).len());
    assert_eq!(after, before);
    assert!(store.events().expect("events").is_empty(), "nothing was applied, nothing is audited");
}
