//! Governance on AWS: a request approved by an owner becomes a Lake Formation grant in the
//! producer's account on exactly the columns asked, without grant option, and revoking removes
//! it. The ports' contract itself (the hub's compare-and-set, the audit chain, plans as LF-tags
//! and grants) is checked by the shared suites in `contract.rs`.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_lakeformation::types as lf;
use meshdesk_core::governance::audit::verify;
use meshdesk_core::ports::{AuditLog, PolicyStore};
use meshdesk_protocol::{Decide, DecideInput, ErrorCode, Permission, ProductRef, RequestDraft, RequestStatus};

use crate::fixture::{HUB, IDENTITY, NOW, Person, TestMesh};

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
