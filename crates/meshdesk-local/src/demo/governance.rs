//! The demo mesh's people and access: personas, Lake Formation grants and share requests in
//! every lifecycle state — mostly consistent, with a few deliberate drifts for the audit views.

use crate::records::{GrantRecord, PersonaRecord, RequestRecord, request_status as status, resource_kind as kind};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

const IDENTITY: &str = "402183775004";
const BILLING: &str = "402183775003";
const MESSAGING: &str = "402183775001";
const VOICE: &str = "402183775002";
const NIMBUS: &str = "588812340017";
const ANALYTICS: &str = "402183775006";
const MARKETING: &str = "402183775007";
const MARKETING_ANALYSTS: &str = "arn:aws:iam::402183775007:role/marketing-analysts";
/// Raj's Identity Center user, granted directly for a one-off reconciliation.
const RAJ_USER: &str = "arn:aws:identitystore:::user/b4f8c2d1-5e6a-4f70-8a9b-1c2d3e4f5a6b";

pub(super) fn personas() -> Vec<PersonaRecord> {
    let persona = |id: &str, name: &str, role: &str, account: &str, email: &str| PersonaRecord {
        id: id.into(),
        name: name.into(),
        role: role.into(),
        account: account.into(),
        email: email.into(),
    };
    vec![
        persona("dana", "Dana Okafor", "owner of identity (customer profiles)", IDENTITY, "dana.okafor@telco.example"),
        persona("lee", "Lee Steward", "steward, data governance", ANALYTICS, "lee.steward@telco.example"),
        persona("mia", "Mia Chen", "consumer, marketing analyst", MARKETING, "mia.chen@telco.example"),
        persona("omar", "Omar Haddad", "owner of analytics", ANALYTICS, "omar.haddad@telco.example"),
        persona("raj", "Raj Patel", "owner of billing", BILLING, "raj.patel@telco.example"),
    ]
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A request that was approved and provisioned `age_days` ago (created a day earlier). Times
/// are relative to 0 until [`requests`] adds `now`.
fn provisioned(
    id: &str,
    requester: &str,
    principal: &str,
    product: (&str, &str),
    tables: &[&str],
    age_days: i64,
) -> RequestRecord {
    RequestRecord {
        id: id.into(),
        requester: requester.into(),
        principal: principal.into(),
        product_account: product.0.into(),
        product_database: product.1.into(),
        tables: strings(tables),
        permissions: strings(&["SELECT", "DESCRIBE"]),
        duration_days: 365,
        status: status::PROVISIONED.into(),
        version: 3,
        created_at: -(age_days + 1) * DAY,
        decided_at: Some(-age_days * DAY),
        ..RequestRecord::default()
    }
}

pub(super) fn requests(now: i64) -> Vec<RequestRecord> {
    let mut requests = relative_requests();
    for request in &mut requests {
        request.created_at += now;
        request.decided_at = request.decided_at.map(|at| at + now);
    }
    requests
}

fn relative_requests() -> Vec<RequestRecord> {
    let by = |who: &str| Some(who.to_owned());
    vec![
        RequestRecord {
            columns: strings(&[
                "customer_id",
                "segment",
                "brand",
                "email",
                "date_of_birth",
                "household_id",
                "status",
                "created_at",
            ]),
            justification: "Build the customer_360 product; email is needed to match Nimbus customers.".into(),
            decided_by: by("lee"),
            ..provisioned("req-0001", "omar", ANALYTICS, (IDENTITY, "customer_profiles"), &["customers"], 118)
        },
        RequestRecord {
            justification: "Spend and balance for customer_360 and revenue reporting.".into(),
            decided_by: by("raj"),
            ..provisioned("req-0002", "omar", ANALYTICS, (BILLING, "invoices"), &["invoices", "invoice_lines"], 110)
        },
        RequestRecord {
            justification: "Messaging activity for customer_360.".into(),
            decided_by: by("priya.raman@telco.example"),
            ..provisioned(
                "req-0003",
                "omar",
                ANALYTICS,
                (MESSAGING, "message_events_curated"),
                &["daily_message_counts"],
                105,
            )
        },
        RequestRecord {
            columns: strings(&[
                "customer_id",
                "segment",
                "brand",
                "tenure_months",
                "active_subscriptions",
                "sms_sent_30d",
                "voice_minutes_30d",
            ]),
            duration_days: 180,
            justification: "Campaign attribution and audience building.".into(),
            decided_by: by("omar"),
            ..provisioned("req-0004", "mia", MARKETING, (ANALYTICS, "customer_360"), &["customer_360"], 40)
        },
        RequestRecord {
            duration_days: 180,
            justification: "Retention campaigns target customers at high churn risk.".into(),
            decided_by: by("omar"),
            ..provisioned("req-0005", "mia", MARKETING, (ANALYTICS, "churn_prediction"), &["churn_scores"], 35)
        },
        RequestRecord {
            duration_days: 90,
            justification: "Lookalike audiences seeded from high-value customers.".into(),
            decided_by: by("omar"),
            ..provisioned("req-0006", "mia", MARKETING, (ANALYTICS, "customer_lifetime_value"), &["clv_scores"], 20)
        },
        RequestRecord {
            justification: "Suppression lists must honour withdrawn consents.".into(),
            decided_by: by("dana"),
            ..provisioned("req-0007", "mia", MARKETING, (IDENTITY, "customer_profiles"), &["consents"], 60)
        },
        RequestRecord {
            justification: "Messaging engagement as a campaign response signal.".into(),
            decided_by: by("priya.raman@telco.example"),
            ..provisioned(
                "req-0008",
                "mia",
                MARKETING,
                (MESSAGING, "message_events_curated"),
                &["daily_message_counts"],
                50,
            )
        },
        RequestRecord {
            justification: "Offer eligibility depends on the customer's plan.".into(),
            decided_by: by("dana"),
            ..provisioned("req-0009", "mia", MARKETING, (IDENTITY, "subscriptions"), &["plans"], 45)
        },
        RequestRecord {
            columns: strings(&[
                "invoice_id",
                "customer_id",
                "issue_date",
                "total_amount",
                "currency",
                "delivery_channel",
            ]),
            row_filter: Some("delivery_channel = 'post'".into()),
            duration_days: 90,
            justification: "Paperless campaign: customers still receiving paper invoices.".into(),
            decided_by: by("raj"),
            ..provisioned("req-0010", "mia", MARKETING_ANALYSTS, (BILLING, "invoices"), &["invoices"], 15)
        },
        RequestRecord {
            duration_days: 30,
            justification: "One-off analysis of payment channels for the app launch.".into(),
            decided_by: by("raj"),
            ..provisioned("req-0011", "mia", MARKETING_ANALYSTS, (BILLING, "payments"), &["payments"], 74)
        },
        RequestRecord {
            justification: "Match Nimbus subscribers to group customers for the migration.".into(),
            decided_by: by("j.berg@nimbusmobile.example"),
            ..provisioned("req-0012", "omar", ANALYTICS, (NIMBUS, "nimbus_subscribers_legacy"), &["subscribers"], 200)
        },
        RequestRecord {
            justification: "Voice usage features for churn and customer_360.".into(),
            decided_by: by("kofi.mensah@telco.example"),
            ..provisioned("req-0013", "omar", ANALYTICS, (VOICE, "network_usage"), &["voice_usage_daily"], 95)
        },
        RequestRecord {
            justification: "Payments for monthly revenue reporting.".into(),
            decided_by: by("raj"),
            ..provisioned("req-0014", "omar", ANALYTICS, (BILLING, "payments"), &["payments"], 90)
        },
        RequestRecord {
            columns: strings(&["customer_id", "email", "phone_number", "segment"]),
            duration_days: 90,
            justification: "Match spring retention campaign responses to customers by email and phone.".into(),
            status: status::PENDING.into(),
            version: 1,
            created_at: -2 * DAY,
            decided_at: None,
            ..provisioned("req-0015", "mia", MARKETING_ANALYSTS, (IDENTITY, "customer_profiles"), &["customers"], 0)
        },
        RequestRecord {
            duration_days: 60,
            justification: "Avoid sending upgrade offers to customers in dropped-call hotspots.".into(),
            status: status::PENDING.into(),
            version: 1,
            created_at: -20 * HOUR,
            decided_at: None,
            ..provisioned("req-0016", "mia", MARKETING, (VOICE, "call_quality"), &["dropped_call_hotspots"], 0)
        },
        RequestRecord {
            duration_days: 180,
            justification: "Trend of segments over time for the annual plan.".into(),
            status: status::APPROVED.into(),
            version: 2,
            created_at: -2 * DAY,
            decided_at: Some(-3 * HOUR),
            decided_by: by("omar"),
            reason: Some("Provisioning failed: Lake Formation throttled the grant. Retry or run reconcile.".into()),
            ..provisioned(
                "req-0017",
                "mia",
                MARKETING,
                (ANALYTICS, "customer_360"),
                &["customer_360_daily_snapshot"],
                0,
            )
        },
        RequestRecord {
            duration_days: 90,
            justification: "Exclude customers with failed identity checks from offers.".into(),
            status: status::REJECTED.into(),
            version: 2,
            created_at: -12 * DAY,
            decided_at: Some(-11 * DAY),
            decided_by: by("dana"),
            reason: Some(
                "KYC results are shared with fraud and compliance only; use customer_360.segment instead.".into(),
            ),
            ..provisioned("req-0018", "mia", MARKETING, (IDENTITY, "identity_verification"), &["kyc_checks"], 0)
        },
        RequestRecord {
            justification: "Customers in dunning for a payment reminder campaign.".into(),
            status: status::WITHDRAWN.into(),
            version: 2,
            created_at: -9 * DAY,
            decided_at: Some(-8 * DAY),
            decided_by: by("mia"),
            reason: Some("Asked for the wrong product; invoices is enough.".into()),
            ..provisioned("req-0019", "mia", MARKETING, (BILLING, "collections"), &["dunning_cases"], 0)
        },
        RequestRecord {
            duration_days: 180,
            justification: "Add-on revenue per campaign.".into(),
            status: status::REVOKED.into(),
            version: 4,
            created_at: -80 * DAY,
            decided_at: Some(-10 * DAY),
            decided_by: by("raj"),
            reason: Some("Line-level amounts are not needed for attribution; revoked at the quarterly review.".into()),
            ..provisioned("req-0020", "mia", MARKETING_ANALYSTS, (BILLING, "invoices"), &["invoice_lines"], 0)
        },
        RequestRecord {
            duration_days: 30,
            justification: "Understand churn drivers for the campaign brief.".into(),
            status: status::EXPIRED.into(),
            version: 4,
            created_at: -100 * DAY,
            decided_at: Some(-69 * DAY),
            decided_by: None,
            reason: Some("The 30-day access period ended.".into()),
            ..provisioned("req-0021", "mia", MARKETING, (ANALYTICS, "churn_prediction"), &["churn_drivers"], 0)
        },
        RequestRecord {
            duration_days: 14,
            justification: "Reconcile attributed revenue with invoiced revenue for the quarter close.".into(),
            decided_by: by("nina.brooks@telco.example"),
            ..provisioned(
                "req-0022",
                "raj",
                RAJ_USER,
                (MARKETING, "campaign_performance"),
                &["campaign_attribution"],
                3,
            )
        },
    ]
}

fn grant(id: &str, principal: &str, account: &str, database: &str, table: Option<&str>) -> GrantRecord {
    GrantRecord {
        id: id.into(),
        principal: principal.into(),
        resource_kind: if table.is_some() { kind::TABLE } else { kind::DATABASE }.into(),
        account: account.into(),
        database: database.into(),
        table: table.map(Into::into),
        permissions: strings(&["SELECT", "DESCRIBE"]),
        ..GrantRecord::default()
    }
}

/// Grants as they exist in the accounts: one per provisioned request table, two tag policies,
/// the producer team's own database grant, and three drifts — a grant no request explains
/// (`g-0016`), a cross-account grant with grant option (`g-0015`), and an expired request's
/// grant that was never revoked (`g-0012`, from `req-0011`).
pub(super) fn grants() -> Vec<GrantRecord> {
    let with_columns = |grant: GrantRecord, columns: &[&str]| GrantRecord {
        resource_kind: kind::TABLE_WITH_COLUMNS.into(),
        columns: strings(columns),
        ..grant
    };
    vec![
        with_columns(
            grant("g-0001", ANALYTICS, IDENTITY, "customer_profiles", Some("customers")),
            &["customer_id", "segment", "brand", "email", "date_of_birth", "household_id", "status", "created_at"],
        ),
        grant("g-0002", ANALYTICS, BILLING, "invoices", Some("invoices")),
        grant("g-0003", ANALYTICS, BILLING, "invoices", Some("invoice_lines")),
        grant("g-0004", ANALYTICS, MESSAGING, "message_events_curated", Some("daily_message_counts")),
        with_columns(
            grant("g-0005", MARKETING, ANALYTICS, "customer_360", Some("customer_360")),
            &[
                "customer_id",
                "segment",
                "brand",
                "tenure_months",
                "active_subscriptions",
                "sms_sent_30d",
                "voice_minutes_30d",
            ],
        ),
        grant("g-0006", MARKETING, ANALYTICS, "churn_prediction", Some("churn_scores")),
        grant("g-0007", MARKETING, ANALYTICS, "customer_lifetime_value", Some("clv_scores")),
        grant("g-0008", MARKETING, IDENTITY, "customer_profiles", Some("consents")),
        grant("g-0009", MARKETING, MESSAGING, "message_events_curated", Some("daily_message_counts")),
        grant("g-0010", MARKETING, IDENTITY, "subscriptions", Some("plans")),
        GrantRecord {
            resource_kind: kind::DATA_CELLS_FILTER.into(),
            columns: strings(&[
                "invoice_id",
                "customer_id",
                "issue_date",
                "total_amount",
                "currency",
                "delivery_channel",
            ]),
            row_filter: Some("delivery_channel = 'post'".into()),
            ..grant("g-0011", MARKETING_ANALYSTS, BILLING, "invoices", Some("invoices"))
        },
        grant("g-0012", MARKETING_ANALYSTS, BILLING, "payments", Some("payments")),
        grant("g-0013", ANALYTICS, NIMBUS, "nimbus_subscribers_legacy", Some("subscribers")),
        grant("g-0014", ANALYTICS, VOICE, "network_usage", Some("voice_usage_daily")),
        GrantRecord {
            grantable: strings(&["SELECT"]),
            ..grant("g-0015", ANALYTICS, BILLING, "payments", Some("payments"))
        },
        GrantRecord {
            permissions: strings(&["SELECT"]),
            ..grant(
                "g-0016",
                "arn:aws:iam::402183775007:role/growth-marketing",
                IDENTITY,
                "customer_profiles",
                Some("customers"),
            )
        },
        GrantRecord {
            resource_kind: kind::LF_TAG_POLICY.into(),
            tag_expression: Some("sensitivity in (public,internal) AND domain in (billing)".into()),
            ..grant("g-0017", "arn:aws:iam::402183775006:role/analytics-engineers", BILLING, "", None)
        },
        GrantRecord {
            resource_kind: kind::LF_TAG_POLICY.into(),
            tag_expression: Some("sensitivity in (public,internal,confidential,restricted)".into()),
            permissions: strings(&["DESCRIBE"]),
            ..grant("g-0018", "arn:aws:identitystore:::group/4a8e1f02-7c3b-4d59-9e61-2b7f0c9d3a15", IDENTITY, "", None)
        },
        GrantRecord {
            permissions: strings(&["ALL"]),
            grantable: strings(&["ALL"]),
            ..grant(
                "g-0019",
                "arn:aws:iam::402183775004:role/identity-data-engineers",
                IDENTITY,
                "customer_profiles",
                None,
            )
        },
        grant("g-0020", RAJ_USER, MARKETING, "campaign_performance", Some("campaign_attribution")),
    ]
}
