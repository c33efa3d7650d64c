//! The demo mesh's access: share requests in every lifecycle state, the grants that exist in
//! the accounts, and the audit log of how they came to be — mostly consistent, with deliberate
//! drifts for the audit views:
//!
//! - `lf-manual-0016`: a grant no request or policy explains;
//! - `lf-manual-0015`: a cross-account grant with grant option;
//! - `req-0011`: provisioned, past its expiry, still granted;
//! - `req-0023`: provisioned, but its grant is gone;
//! - `req-0017`: approved, provisioning failed (`last_error`), no grant.

use std::collections::BTreeSet;

use meshdesk_core::governance::model::{
    AuditDraft, Capacity, ColumnSelection, Grant, Permission, RequestStatus, Resource, ShareRequest, TagClause,
    TagExpression,
};
use meshdesk_core::governance::preview::plan_grants;
use meshdesk_core::model::Table;

use super::people::{
    ANALYTICS, BILLING, DATA_GOVERNANCE_GROUP, IDENTITY, MARKETING, MARKETING_ANALYSTS, MESSAGING, NIMBUS, RAJ_USER,
    VOICE,
};
use super::story::{DAY, Entry, HOUR, Story, sentences};

/// The provisioned request whose grant was deleted by hand in Lake Formation.
const GRANT_DELETED: &str = "req-0023";

/// The demo's requests, grants (by id) and audit entries on the catalog's `tables`, with times
/// counted back from `now`.
pub(super) fn access(now: i64, tables: &[Table]) -> (Vec<ShareRequest>, Vec<Grant>, Vec<Entry>) {
    let stories = stories(now, tables);
    let mut grants: Vec<Grant> = stories
        .iter()
        .map(|s| &s.request)
        .filter(|r| r.status == RequestStatus::Provisioned && r.id != GRANT_DELETED)
        .flat_map(|r| plan_grants(r, tables))
        .collect();
    let mut entries: Vec<Entry> = Vec::new();
    for change in policy_changes(now) {
        let summary = sentences(&change.grants);
        let draft = AuditDraft {
            actor: change.by.into(),
            action: "policy.applied".into(),
            target: change.target.into(),
            request_id: None,
            before: None,
            after: Some(summary),
        };
        entries.push((change.at, draft));
        grants.extend(change.grants);
    }
    grants.extend(drift());
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    let mut requests = Vec::new();
    for story in stories {
        entries.extend(story.events);
        requests.push(story.request);
    }
    (requests, grants, entries)
}

fn stories(now: i64, tables: &[Table]) -> Vec<Story> {
    let ago = |days: i64| now - days * DAY;
    let ask = Story::ask;
    use Capacity::{Owner, Steward};
    vec![
        ask("req-0001", "omar", ANALYTICS, (IDENTITY, "customer_profiles"), &["customers"], ago(119))
            .columns(
                "customers",
                &["customer_id", "segment", "brand", "email", "date_of_birth", "household_id", "status", "created_at"],
            )
            .days(180)
            .because("Build the customer_360 product; email is needed to match Nimbus customers.")
            .asked()
            .approve_partly("dana", Owner, ago(118) - 3 * HOUR)
            .approve("lee", Steward, ago(118))
            .provision(tables),
        ask("req-0002", "omar", ANALYTICS, (BILLING, "invoices"), &["invoices", "invoice_lines"], ago(111))
            .days(180)
            .because("Spend and balance for customer_360 and revenue reporting.")
            .asked()
            .approve("raj", Owner, ago(110))
            .provision(tables),
        ask("req-0003", "omar", ANALYTICS, (MESSAGING, "message_events_curated"), &["daily_message_counts"], ago(106))
            .because("Messaging activity for customer_360.")
            .asked()
            .auto_approve(ago(106) + 60)
            .provision(tables),
        ask("req-0004", "mia", MARKETING, (ANALYTICS, "customer_360"), &["customer_360"], ago(41))
            .columns(
                "customer_360",
                &[
                    "customer_id",
                    "segment",
                    "brand",
                    "tenure_months",
                    "active_subscriptions",
                    "sms_sent_30d",
                    "voice_minutes_30d",
                ],
            )
            .days(180)
            .because("Campaign attribution and audience building.")
            .asked()
            .auto_approve(ago(41) + 60)
            .provision(tables),
        ask("req-0005", "mia", MARKETING, (ANALYTICS, "churn_prediction"), &["churn_scores"], ago(36))
            .days(180)
            .because("Retention campaigns target customers at high churn risk.")
            .asked()
            .auto_approve(ago(36) + 60)
            .provision(tables),
        ask("req-0006", "mia", MARKETING, (ANALYTICS, "customer_lifetime_value"), &["clv_scores"], ago(21))
            .days(90)
            .because("Lookalike audiences seeded from high-value customers.")
            .asked()
            .approve("omar", Owner, ago(20))
            .provision(tables),
        ask("req-0007", "mia", MARKETING, (IDENTITY, "customer_profiles"), &["consents"], ago(61))
            .days(180)
            .because("Suppression lists must honour withdrawn consents.")
            .asked()
            .approve("dana", Owner, ago(60))
            .provision(tables),
        ask("req-0008", "mia", MARKETING, (MESSAGING, "message_events_curated"), &["daily_message_counts"], ago(51))
            .because("Messaging engagement as a campaign response signal.")
            .asked()
            .auto_approve(ago(51) + 60)
            .provision(tables),
        ask("req-0009", "mia", MARKETING, (IDENTITY, "subscriptions"), &["plans"], ago(46))
            .because("Offer eligibility depends on the customer's plan.")
            .asked()
            .auto_approve(ago(46) + 60)
            .provision(tables),
        ask("req-0010", "mia", MARKETING_ANALYSTS, (BILLING, "invoices"), &["invoices"], ago(16))
            .columns(
                "invoices",
                &["invoice_id", "customer_id", "issue_date", "total_amount", "currency", "delivery_channel"],
            )
            .rows("delivery_channel = 'post'")
            .days(90)
            .because("Paperless campaign: customers still receiving paper invoices.")
            .asked()
            .approve("raj", Owner, ago(15))
            .provision(tables),
        ask("req-0011", "mia", MARKETING_ANALYSTS, (BILLING, "payments"), &["payments"], ago(75))
            .days(30)
            .because("One-off analysis of payment channels for the app launch.")
            .asked()
            .approve("raj", Owner, ago(74))
            .provision(tables),
        ask("req-0012", "omar", ANALYTICS, (NIMBUS, "nimbus_subscribers_legacy"), &["subscribers"], ago(201))
            .because("Match Nimbus subscribers to group customers for the migration.")
            .asked()
            .approve("j.berg@nimbusmobile.example", Owner, ago(200))
            .provision(tables),
        ask("req-0013", "omar", ANALYTICS, (VOICE, "network_usage"), &["voice_usage_daily"], ago(96))
            .because("Voice usage features for churn and customer_360.")
            .asked()
            .approve("kofi.mensah@telco.example", Owner, ago(95))
            .provision(tables),
        ask("req-0014", "omar", ANALYTICS, (BILLING, "payments"), &["payments"], ago(91))
            .days(90)
            .because("Payments for monthly revenue reporting.")
            .asked()
            .approve("raj", Owner, ago(90))
            .provision(tables),
        ask("req-0015", "mia", MARKETING_ANALYSTS, (IDENTITY, "customer_profiles"), &["customers"], ago(2))
            .columns("customers", &["customer_id", "email", "phone_number", "segment"])
            .days(90)
            .because("Match spring retention campaign responses to customers by email and phone.")
            .asked(),
        ask("req-0016", "mia", MARKETING, (VOICE, "call_quality"), &["dropped_call_hotspots"], now - 20 * HOUR)
            .days(60)
            .because("Avoid sending upgrade offers to customers in dropped-call hotspots.")
            .asked(),
        ask("req-0017", "mia", MARKETING, (ANALYTICS, "customer_360"), &["customer_360_daily_snapshot"], ago(2))
            .days(180)
            .because("Trend of segments over time for the annual plan.")
            .asked()
            .approve("omar", Owner, now - 3 * HOUR)
            .fail("Lake Formation throttled the grant (ThrottlingException: Rate exceeded); retry, or run reconcile."),
        ask("req-0018", "mia", MARKETING, (IDENTITY, "identity_verification"), &["kyc_checks"], ago(12))
            .days(30)
            .because("Exclude customers with failed identity checks from offers.")
            .asked()
            .reject(
                "dana",
                ago(11),
                "KYC results are shared with fraud and compliance only; use customer_360.segment instead.",
            ),
        ask("req-0019", "mia", MARKETING, (BILLING, "collections"), &["dunning_cases"], ago(9))
            .because("Customers in dunning for a payment reminder campaign.")
            .asked()
            .withdraw(ago(8)),
        ask("req-0020", "mia", MARKETING_ANALYSTS, (BILLING, "invoices"), &["invoice_lines"], ago(80))
            .days(180)
            .because("Add-on revenue per campaign.")
            .asked()
            .approve("raj", Owner, ago(79))
            .provision(tables)
            .revoke(
                "raj",
                ago(10),
                "Line-level amounts are not needed for attribution; revoked at the quarterly review.",
                tables,
            ),
        ask("req-0021", "mia", MARKETING, (ANALYTICS, "churn_prediction"), &["churn_drivers"], ago(100))
            .days(30)
            .because("Understand churn drivers for the campaign brief.")
            .asked()
            .auto_approve(ago(100) + 60)
            .provision(tables)
            .expire(tables),
        ask("req-0022", "raj", RAJ_USER, (MARKETING, "campaign_performance"), &["campaign_attribution"], ago(4))
            .days(14)
            .because("Reconcile attributed revenue with invoiced revenue for the quarter close.")
            .asked()
            .approve("nina.brooks@telco.example", Owner, ago(3))
            .provision(tables),
        ask("req-0023", "omar", ANALYTICS, (VOICE, "call_quality"), &["cell_kpis_hourly"], ago(31))
            .because("Cell KPIs for the network_experience product.")
            .asked()
            .approve("kofi.mensah@telco.example", Owner, ago(30))
            .provision(tables),
    ]
}

/// Grants an owner made directly (ids `policy:…`), with who applied them and when.
struct PolicyChange {
    at: i64,
    by: &'static str,
    target: &'static str,
    grants: Vec<Grant>,
}

fn permissions(list: &[Permission]) -> BTreeSet<Permission> {
    list.iter().copied().collect()
}

fn grant(id: &str, principal: &str, resource: Resource, list: &[Permission], grantable: &[Permission]) -> Grant {
    Grant {
        id: id.into(),
        principal: principal.into(),
        resource,
        permissions: permissions(list),
        grantable: permissions(grantable),
    }
}

fn tag_policy(account: &str, clauses: &[(&str, &[&str])]) -> Resource {
    let clauses = clauses
        .iter()
        .map(|(key, values)| TagClause { key: (*key).into(), values: values.iter().map(|v| (*v).into()).collect() })
        .collect();
    Resource::TagPolicy { account: account.into(), expression: TagExpression { clauses } }
}

fn policy_changes(now: i64) -> Vec<PolicyChange> {
    use Permission::{All, Describe, Select};
    let ago = |days: i64| now - days * DAY;
    let customers = |columns| Resource::Table {
        account: IDENTITY.into(),
        database: "customer_profiles".into(),
        table: Some("customers".into()),
        columns,
    };
    let engineers = "arn:aws:iam::402183775004:role/identity-data-engineers";
    vec![
        PolicyChange {
            at: ago(330),
            by: "dana",
            target: "402183775004:customer_profiles",
            grants: vec![
                grant(
                    "policy:identity-data-engineers",
                    engineers,
                    Resource::Database { account: IDENTITY.into(), database: "customer_profiles".into() },
                    &[All],
                    &[All],
                ),
                grant(
                    "policy:identity-data-engineers-tables",
                    engineers,
                    Resource::Table {
                        account: IDENTITY.into(),
                        database: "customer_profiles".into(),
                        table: None,
                        columns: ColumnSelection::All,
                    },
                    &[Select, Describe],
                    &[Select, Describe],
                ),
            ],
        },
        PolicyChange {
            at: ago(320),
            by: "dana",
            target: IDENTITY,
            grants: vec![grant(
                "policy:identity-governance-describe",
                DATA_GOVERNANCE_GROUP,
                tag_policy(IDENTITY, &[("sensitivity", &["public", "internal", "confidential", "restricted"])]),
                &[Describe],
                &[],
            )],
        },
        PolicyChange {
            at: ago(300),
            by: "raj",
            target: BILLING,
            grants: vec![grant(
                "policy:billing-analytics-engineers",
                "arn:aws:iam::402183775006:role/analytics-engineers",
                tag_policy(BILLING, &[("sensitivity", &["public", "internal"]), ("domain", &["billing"])]),
                &[Select, Describe],
                &[],
            )],
        },
        PolicyChange {
            at: ago(150),
            by: "dana",
            target: "402183775004:customer_profiles",
            grants: vec![grant(
                "policy:care-analytics-customers",
                "arn:aws:iam::402183775004:role/care-analytics",
                customers(ColumnSelection::AllExcept(vec!["date_of_birth".into(), "postal_address".into()])),
                &[Select],
                &[],
            )],
        },
    ]
}

/// Grants made by hand in Lake Formation, outside Meshdesk: nothing in the audit log explains them.
fn drift() -> Vec<Grant> {
    use Permission::Select;
    vec![
        grant(
            "lf-manual-0015",
            ANALYTICS,
            Resource::Table {
                account: BILLING.into(),
                database: "payments".into(),
                table: Some("payments".into()),
                columns: ColumnSelection::All,
            },
            &[Select],
            &[Select],
        ),
        grant(
            "lf-manual-0016",
            "arn:aws:iam::402183775007:role/growth-marketing",
            Resource::Table {
                account: IDENTITY.into(),
                database: "customer_profiles".into(),
                table: Some("customers".into()),
                columns: ColumnSelection::All,
            },
            &[Select],
            &[],
        ),
    ]
}
