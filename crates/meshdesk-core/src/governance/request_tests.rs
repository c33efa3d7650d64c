//! Making a request and previewing it: every field is checked and every error names it; the
//! grants an approval makes are never grantable and always carry the same ids.

use super::fixture::*;
use super::model::{ColumnSelection, Identity, Permission, RequestStatus, Resource};
use super::preview::{plan_grants, preview, AutoApproval};
use super::request::{new_extension, new_request, Field, RequestInput};
use crate::sensitivity::{Level, Sensitivity};

fn input() -> RequestInput {
    RequestInput {
        principal: OMAR_ROLE.into(),
        tables: vec!["customers".into()],
        columns: vec!["customers.segment".into()],
        row_filter: None,
        permissions: [Permission::Select].into(),
        duration_days: 30,
        justification: "Segment reporting".into(),
    }
}

/// Makes the request from `change(input())` and expects it to fail on `field` with `why`.
fn check(change: impl FnOnce(&mut RequestInput), field: Field, why: &str) {
    let world = World::demo();
    let mut asked = input();
    change(&mut asked);
    let error = new_request(asked, &omar(), &world.product, &world.tables, &world.policy, NOW, "req-7".into())
        .expect_err("refused");
    assert_eq!((error.field, error.why.as_str()), (field, why));
}

#[test]
fn a_valid_request_is_pending_at_version_one() {
    let world = World::demo();
    let request = world.request(&["customers.segment"]);
    assert_eq!((request.status, request.version, request.requester.as_str()), (RequestStatus::Pending, 1, "omar"));
    assert_eq!(request.principal, OMAR_ROLE);
    assert_eq!(request.created_at, NOW);
}

#[test]
fn every_field_is_checked_and_named() {
    check(|i| i.justification = "   ".into(), Field::Justification, "say why the access is needed; the owner decides on it");
    check(|i| i.justification = "x".repeat(2_001), Field::Justification, "2001 characters; at most 2000 are kept");
    check(|i| i.tables = vec!["orders".into()], Field::Tables, "customer_profiles has no table \"orders\"");
    check(|i| i.columns = vec!["segment".into()], Field::Columns, "\"segment\" is not written as table.column");
    check(|i| i.columns = vec!["customers.phone".into()], Field::Columns, "customers has no column \"phone\"");
    check(|i| i.duration_days = 0, Field::Duration, "0 days; this product grants from 1 to 180 days");
    check(|i| i.duration_days = 181, Field::Duration, "181 days; this product grants from 1 to 180 days");
    check(|i| i.permissions.clear(), Field::Permissions, "ask for SELECT, DESCRIBE or both");
    check(|i| i.permissions = [Permission::Alter].into(), Field::Permissions, "ALTER cannot be requested; a share gives SELECT and DESCRIBE only");
    check(
        |i| i.principal = "arn:aws:iam::100000000002:role/Billing".into(),
        Field::Principal,
        "arn:aws:iam::100000000002:role/Billing is not in your account 100000000003 nor one of your own principals",
    );
    check(|i| i.principal = "analysts".into(), Field::Principal, "'analysts' is neither a 12-digit account id nor an ARN (arn:aws:iam::… or arn:aws:identitystore:::…)");
    check(|i| i.row_filter = Some("country = ".into()), Field::RowFilter, "at byte 10: expected a column or a value, found the end");
    check(
        |i| i.row_filter = Some("country = 'DE'".into()),
        Field::RowFilter,
        "in customers: unknown column 'country'; the table's columns are customer_id, email, segment",
    );
}

#[test]
fn the_principal_may_be_the_account_a_role_in_it_or_the_requesters_own_group() {
    let world = World::demo();
    let group = "arn:aws:identitystore:::group/9067b4c3-30d1";
    let requester = Identity { groups: vec![group.into()], ..omar() };
    for principal in [ANALYTICS, OMAR_ROLE, group] {
        let asked = RequestInput { principal: principal.into(), ..input() };
        let made = new_request(asked, &requester, &world.product, &world.tables, &world.policy, NOW, "req-7".into());
        assert_eq!(made.map(|r| r.principal), Ok(principal.to_owned()));
    }
}

#[test]
fn every_table_is_written_out_and_a_row_filter_is_kept_canonical() {
    let world = World::demo();
    let asked = RequestInput { tables: vec![], columns: vec![], row_filter: Some("segment   =  'gold'".into()), ..input() };
    let request = new_request(asked, &omar(), &world.product, &world.tables, &world.policy, NOW, "req-7".into()).expect("valid");
    assert_eq!(request.tables, ["customers"]);
    assert_eq!(request.row_filter.as_deref(), Some("segment = 'gold'"));
}

#[test]
fn a_request_to_your_own_product_is_allowed() {
    let world = World::demo();
    let own = world.request_by(&dana(), IDENT, &["customers.email"]);
    assert_eq!(own.requester, "dana");
}

#[test]
fn plan_grants_are_never_grantable_and_their_ids_come_from_the_request() {
    let world = World::demo();
    let request = world.request(&["customers.segment", "customers.customer_id"]);
    let grants = plan_grants(&request, &world.tables);
    assert_eq!(grants, plan_grants(&request, &world.tables), "the same plan every time");
    assert_eq!(grants.len(), 1);
    let grant = &grants[0];
    assert_eq!(grant.id, "req-7/customers");
    assert!(grant.grantable.is_empty(), "charter rule 2: no grant option");
    assert_eq!(grant.principal, OMAR_ROLE);
    assert_eq!(
        grant.resource,
        Resource::Table {
            account: IDENT.into(),
            database: "customer_profiles".into(),
            table: Some("customers".into()),
            columns: ColumnSelection::Only(vec!["segment".into(), "customer_id".into()]),
        }
    );

    let filtered = super::model::ShareRequest { row_filter: Some("segment = 'gold'".into()), columns: vec![], ..request };
    let cells = plan_grants(&filtered, &world.tables);
    assert!(matches!(
        &cells[0].resource,
        Resource::DataCellsFilter { name, columns: ColumnSelection::All, row_filter: Some(f), .. }
            if name == "meshdesk-req-7" && f == "segment = 'gold'"
    ));
    assert!(cells[0].grantable.is_empty());
}

#[test]
fn the_preview_shows_each_columns_sensitivity_and_what_the_request_waits_for() {
    let world = World::demo();
    let mesh = crate::fixture::mesh().accounts;
    let request = world.request(&["customers.email", "customers.customer_id"]);
    let shown = preview(&request, &world.product, &world.tables, &world.policy, &mesh);
    let columns: Vec<(&str, Option<(Sensitivity, Level)>)> =
        shown.columns.iter().map(|c| (c.column.as_str(), c.sensitivity.map(|e| (e.value, e.source)))).collect();
    assert_eq!(
        columns,
        [
            ("customer_id", Some((Sensitivity::Internal, Level::Database))),
            ("email", Some((Sensitivity::Restricted, Level::Column))),
        ]
    );
    assert_eq!(shown.highest, Some(Sensitivity::Restricted));
    assert_eq!(shown.approvals_needed, [super::model::Capacity::Owner, super::model::Capacity::Steward]);
    assert_eq!(
        shown.auto_approval,
        AutoApproval::Waits(vec![
            "it asks for restricted data; the policy approves up to internal by itself".into(),
            "restricted data needs the approval of owner and steward".into(),
        ])
    );
    assert_eq!(shown.grants.len(), 1);

    let internal = world.request(&["customers.customer_id"]);
    assert_eq!(preview(&internal, &world.product, &world.tables, &world.policy, &mesh).auto_approval, AutoApproval::Approves);
}

#[test]
fn unclassified_columns_count_as_restricted() {
    let mut world = World::with_policy(Some(r#"{"auto_approve_max": "confidential"}"#));
    world.product.tags.clear();
    let request = world.request(&["customers.customer_id"]);
    let shown = preview(&request, &world.product, &world.tables, &world.policy, &crate::fixture::mesh().accounts);
    assert_eq!(shown.highest, Some(Sensitivity::Restricted));
    assert_eq!(
        shown.auto_approval,
        AutoApproval::Waits(vec![
            "it asks for restricted data; the policy approves up to confidential by itself".into(),
            "1 requested column has no sensitivity tag and counts as restricted".into(),
        ])
    );
}

#[test]
fn only_the_requester_extends_provisioned_access_within_the_policy() {
    let world = World::demo();
    let mut live = world.request(&["customers.segment"]);
    let extend = |original: &super::model::ShareRequest, who: &Identity, days: u32| {
        new_extension(original, who, days, "More time", &world.policy, NOW, "req-9".into()).map_err(|e| e.to_string())
    };
    assert_eq!(extend(&live, &omar(), 30), Err("extends: req-7 is pending; only provisioned access can be extended".into()));
    live.status = RequestStatus::Provisioned;
    live.expires_at = Some(NOW + 100 * DAY);
    assert_eq!(extend(&live, &lee(), 30), Err("extends: req-7 was requested by someone else; only they can extend it".into()));
    assert_eq!(
        extend(&live, &omar(), 90),
        Err("duration: with 100 days left, at most 80 more can be asked (the policy allows 180 days)".into())
    );
    let extension = extend(&live, &omar(), 80).expect("within the policy");
    assert_eq!((extension.status, extension.version, extension.expires_at), (RequestStatus::Pending, 1, Some(NOW + 180 * DAY)));
}

#[test]
fn a_role_the_requester_signed_in_with_counts_even_outside_their_home_account() {
    // On AWS an identity acts through roles in several accounts; each is theirs to ask for.
    let world = World::demo();
    let elsewhere = "arn:aws:iam::999988887777:role/omar-analyst";
    let requester = Identity { principals: vec![elsewhere.into()], ..omar() };
    let asked = RequestInput { principal: elsewhere.into(), ..input() };
    let made = new_request(asked.clone(), &requester, &world.product, &world.tables, &world.policy, NOW, "req-7".into());
    assert_eq!(made.map(|r| r.principal), Ok(elsewhere.to_owned()));
    let stranger = new_request(asked, &omar(), &world.product, &world.tables, &world.policy, NOW, "req-8".into());
    assert_eq!(stranger.map_err(|e| e.field), Err(Field::Principal));
}
