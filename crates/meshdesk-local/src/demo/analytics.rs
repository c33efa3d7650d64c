//! The central analytics domain (402183775006): customer 360, churn, lifetime value, network
//! experience, revenue reporting, executive KPIs and the Nimbus migration — built on the other
//! domains' products.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, MONTH, PRODUCT, TABLE, TableSpec};

const OMAR: Option<&str> = Some("omar.haddad@telco.example");
const LEE: Option<&str> = Some("lee.steward@telco.example");

pub(super) const ANALYTICS: DomainSpec = DomainSpec {
    account: "402183775006",
    name: "analytics-hub",
    domain: "analytics",
    bucket: "telco-analytics-hub-lake",
    envelope: &[
        "computed_at|timestamp|When the model or job computed the row (UTC)",
        "job_run_id|string|Id of the job run",
        "data_as_of|date|Business date of the inputs",
    ],
    databases: &[
        DatabaseSpec {
            name: "customer_360",
            description: "One wide row per customer joining profile, billing and usage from the domains: the \
                          basis of churn, lifetime value and marketing audiences.",
            owner: OMAR,
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(24),
            approval: Some(
                r#"{"auto_approve_max":"internal","quorum_for_restricted":["owner","steward"],"max_duration_days":180}"#,
            ),
            tags: &[("sensitivity", "internal")],
            tables: CUSTOMER_360,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "churn_prediction",
            description: "Monthly churn propensity per customer, the features behind it and the drivers.",
            owner: OMAR,
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(24),
            approval: Some(r#"{"auto_approve_max":"internal","max_duration_days":180}"#),
            tags: &[("sensitivity", "internal")],
            tables: CHURN,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "customer_lifetime_value",
            description: "Expected margin per customer over 36 months, and cohort curves.",
            owner: OMAR,
            tier: Some("silver"),
            slo_hours: Some(48),
            tags: &[("sensitivity", "confidential")],
            tables: CLV,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "network_experience",
            description: "Customer-perceived network experience combining voice quality, messaging delivery \
                          and complaints.",
            owner: Some(
                "network-analytics@telco.example,arn:aws:identitystore:::group/c71a3e05-6b2d-4f98-8a4e-d3f0b9256e17",
            ),
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "internal")],
            tables: EXPERIENCE,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "revenue_reporting",
            description: "Recognised revenue by month, product line and segment, with ARPU and the forecast.",
            owner: Some("omar.haddad@telco.example,finance-reporting@telco.example"),
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: REVENUE,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "executive_kpis",
            description: "The KPIs of the monthly board pack, daily and monthly, with targets.",
            owner: OMAR,
            tier: Some("gold"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: KPIS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "nimbus_migration",
            description: "Mapping of Nimbus subscribers to group customers, and the progress of each \
                          migration wave.",
            owner: Some("migration-office@telco.example,arn:aws:iam::402183775006:role/analytics-product-owners"),
            steward: LEE,
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: MIGRATION,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "identity_shared",
            description: "Resource link to the identity domain's customer_profiles product.",
            product: false,
            link: Some(("402183775004", "customer_profiles")),
            ..PRODUCT
        },
    ],
};

const CUSTOMER_360: &[TableSpec] = &[
    TableSpec {
        name: "customer_360",
        description: "One row per active customer with profile, spend, usage and care history.",
        format: Format::Iceberg,
        age_hours: 8,
        upstream: &[
            "402183775004:customer_profiles.customers",
            "402183775003:invoices.invoices",
            "402183775001:message_events_curated.daily_message_counts",
        ],
        contract: Some(
            r#"{"version":"1.7","columns":[{"name":"customer_id","type":"bigint","nullable":false},{"name":"segment","type":"string"},{"name":"tenure_months","type":"int"},{"name":"monthly_spend","type":"decimal(12,2)"}],"freshness_hours":24}"#,
        ),
        columns: &[
            "customer_id|bigint|Customer",
            "segment|string|Commercial segment",
            "brand|string|telco or nimbus",
            "email|string|Primary email address, copied from customer_profiles for campaign matching|restricted",
            "age_band|string|Age band derived from the date of birth|confidential",
            "tenure_months|int|Months since the first subscription",
            "active_subscriptions|int|Active subscriptions",
            "monthly_spend|decimal(12,2)|Average invoiced amount over 3 months|confidential",
            "outstanding_balance|decimal(12,2)|Amount overdue today|confidential",
            "{sms,mms,rcs}_sent_30d|bigint|{} messages sent in the last 30 days",
            "voice_minutes_30d|double|Minutes of calls in the last 30 days",
            "{voice,data,roaming}_spend_3m|decimal(12,2)|Average monthly {} spend over 3 months|confidential",
            "care_contacts_90d|int|Care contacts in the last 90 days",
            "last_plan_change|date|Last plan change",
            "has_device_financing|boolean|Whether a device is being paid off",
        ],
        ..TABLE
    },
    TableSpec {
        name: "customer_360_daily_snapshot",
        description: "Daily snapshot of customer_360 for history and training sets.",
        format: Format::Iceberg,
        age_hours: 9,
        partitions: &[DT],
        upstream: &["402183775006:customer_360.customer_360"],
        columns: &[
            "customer_id|bigint|Customer",
            "segment|string|Commercial segment",
            "tenure_months|int|Tenure",
            "monthly_spend|decimal(12,2)|Average invoiced amount|confidential",
            "active_subscriptions|int|Active subscriptions",
        ],
        ..TABLE
    },
    TableSpec {
        name: "customer_features",
        description: "Model features per customer for churn, upsell and lifetime value.",
        age_hours: 10,
        upstream: &[
            "402183775006:customer_360.customer_360",
            "402183775002:network_usage.voice_usage_daily",
            "402183775004:subscriptions.subscriptions",
        ],
        columns: &[
            "customer_id|bigint|Customer",
            "spend_trend_3m|double|Slope of monthly spend over 3 months",
            "usage_trend_3m|double|Slope of usage over 3 months",
            "{voice,data,sms}_share|double|Share of usage that is {}",
            "days_to_contract_end|int|Days until the minimum term ends",
            "roaming_days_90d|int|Days abroad in 90 days",
            "dropped_call_rate_30d|double|Share of the customer's calls that dropped",
            "late_payments_12m|int|Invoices paid late in 12 months",
            "{care,complaint,bill_shock}_contacts_90d|int|{} contacts in 90 days",
            "competitor_port_in|boolean|Whether the customer ported in from a competitor",
        ],
        ..TABLE
    },
    TableSpec {
        name: "household_360",
        description: "Household view: members, combined spend and products.",
        age_hours: 10,
        upstream: &["402183775006:customer_360.customer_360", "402183775004:customer_profiles.households"],
        columns: &[
            "household_id|bigint|Household",
            "members|int|Customers in the household",
            "combined_monthly_spend|decimal(12,2)|Spend of all members|confidential",
            "lines|int|Mobile lines in the household",
            "has_fixed_broadband|boolean|Whether the household has broadband with us",
        ],
        ..TABLE
    },
    CUSTOMER_360_MONTHLY,
];

const CUSTOMER_360_MONTHLY: TableSpec = TableSpec {
    name: "customer_360_monthly",
    description: "Month-end customer_360 with month-over-month changes, for trend analysis.",
    format: Format::Iceberg,
    age_hours: 10,
    partitions: &[MONTH],
    upstream: &["402183775006:customer_360.customer_360"],
    columns: &[
        "customer_id|bigint|Customer",
        "segment|string|Commercial segment at month end",
        "monthly_spend|decimal(12,2)|Invoiced amount in the month|confidential",
        "spend_change_mom|double|Change of spend on the previous month",
        "{voice_minutes,data_gb,sms_sent}|double|{} in the month",
        "{voice_minutes,data_gb,sms_sent}_change_mom|double|Change of {} on the previous month",
        "care_contacts|int|Care contacts in the month",
        "plan_changed|boolean|Whether the plan changed in the month",
    ],
    ..TABLE
};

const BOARD_PACK: TableSpec = TableSpec {
    name: "board_pack_metrics",
    description: "The figures of the monthly board pack, one row per month.",
    age_hours: 20,
    partitions: &[MONTH],
    upstream: &["402183775006:executive_kpis.kpi_monthly", "402183775006:revenue_reporting.monthly_revenue"],
    columns: &[
        "{mobile,fixed,iot}_lines|bigint|Active {} lines at month end",
        "{postpaid,prepaid}_churn_rate|double|Monthly {} churn rate",
        "{service,device,wholesale}_revenue|decimal(14,2)|{} revenue in EUR",
        "ebitda_margin|double|EBITDA margin",
        "capex|decimal(14,2)|Capital expenditure in EUR",
        "nps|double|Net promoter score",
        "nimbus_migrated_share|double|Share of Nimbus subscribers migrated",
    ],
    ..TABLE
};

const CHURN: &[TableSpec] = &[
    TableSpec {
        name: "churn_scores",
        description: "Churn propensity for the next 60 days per customer.",
        format: Format::Delta,
        age_hours: 12,
        partitions: &[MONTH],
        upstream: &["402183775006:customer_360.customer_features", "402183775006:churn_prediction.churn_model_runs"],
        columns: &[
            "customer_id|bigint|Customer",
            "churn_probability|double|Probability of leaving in 60 days",
            "risk_band|string|low, medium, high or critical",
            "top_driver|string|Feature contributing most to the score",
            "model_version|string|Model version",
        ],
        ..TABLE
    },
    TableSpec {
        name: "churn_features",
        description: "The feature vectors the churn model was scored on.",
        format: Format::Delta,
        age_hours: 12,
        partitions: &[MONTH],
        upstream: &["402183775006:customer_360.customer_features"],
        columns: &[
            "customer_id|bigint|Customer",
            "features|map<string,double>|Feature values",
            "label|boolean|Churned within 60 days (training rows only)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "churn_model_runs",
        description: "Training and scoring runs of the churn model with their metrics.",
        age_hours: 14,
        columns: &[
            "run_id|string|Run id",
            "run_type|string|training or scoring",
            "model_version|string|Model version",
            "started_at|timestamp|Start (UTC)",
            "{auc,precision_at_10,recall_at_10}|double|Validation {}",
        ],
        ..TABLE
    },
    TableSpec {
        name: "churn_drivers",
        description: "Churn drivers per segment: which features move churn most.",
        age_hours: 14,
        upstream: &["402183775006:churn_prediction.churn_scores"],
        columns: &[
            "segment|string|Segment",
            "driver|string|Feature",
            "mean_contribution|double|Average contribution to churn probability",
        ],
        ..TABLE
    },
    TableSpec {
        name: "retention_offers_scored",
        description: "Retention offers ranked per at-risk customer.",
        age_hours: 13,
        upstream: &["402183775006:churn_prediction.churn_scores"],
        columns: &[
            "customer_id|bigint|Customer",
            "offer_code|string|Offer",
            "uplift|double|Expected reduction in churn probability",
            "cost|decimal(12,2)|Cost of the offer over 12 months",
            "rank|int|Rank among offers for the customer",
        ],
        ..TABLE
    },
];

const CLV: &[TableSpec] = &[
    TableSpec {
        name: "clv_scores",
        description: "Expected 36-month margin per customer.",
        age_hours: 30,
        upstream: &["402183775006:customer_360.customer_360", "402183775003:invoices.invoices"],
        columns: &[
            "customer_id|bigint|Customer",
            "clv_36m|decimal(12,2)|Expected margin over 36 months",
            "clv_band|string|Value band: bronze, silver, gold or platinum",
            "expected_tenure_months|double|Expected remaining tenure",
            "scored_at|date|Scoring date",
        ],
        ..TABLE
    },
    TableSpec {
        name: "clv_cohorts",
        description: "Cumulative margin curves per acquisition cohort.",
        age_hours: 30,
        upstream: &["402183775006:customer_lifetime_value.clv_scores"],
        columns: &[
            "cohort_month|string|Acquisition month",
            "months_since_acquisition|int|Months since acquisition",
            "customers_remaining|bigint|Customers still active",
            "cumulative_margin|decimal(14,2)|Margin so far",
        ],
        ..TABLE
    },
];

const EXPERIENCE: &[TableSpec] = &[
    TableSpec {
        name: "experience_scores",
        description: "Network experience score per customer and week.",
        age_hours: 16,
        upstream: &[
            "402183775002:call_quality.mos_scores_hourly",
            "402183775002:call_quality.call_drops_daily",
            "402183775001:messaging_quality.delivery_sla_daily",
        ],
        columns: &[
            "customer_id|bigint|Customer",
            "week|string|ISO week",
            "{voice,messaging,data}_score|double|{} experience score (0 to 100)",
            "overall_score|double|Weighted overall score",
        ],
        ..TABLE
    },
    TableSpec {
        name: "site_experience_daily",
        description: "Experience per site and day, for network investment planning.",
        age_hours: 16,
        partitions: &[DT],
        upstream: &["402183775002:call_quality.cell_kpis_hourly"],
        columns: &[
            "site_id|string|Site",
            "customers_served|bigint|Customers served",
            "experience_score|double|Average experience score",
            "investment_priority|int|Rank for investment",
        ],
        ..TABLE
    },
    TableSpec {
        name: "complaints_vs_network",
        description: "Network complaints matched to the network events around them.",
        age_hours: 18,
        upstream: &["402183775004:customer_care.care_tickets", "402183775002:call_quality.dropped_call_hotspots"],
        columns: &[
            "ticket_id|string|Care ticket",
            "cell_id|string|Cell the customer used most that week",
            "hotspot|boolean|Whether the cell was a dropped-call hotspot",
            "matched_outage|boolean|Whether an outage explains the complaint",
        ],
        ..TABLE
    },
];

const REVENUE: &[TableSpec] = &[
    TableSpec {
        name: "monthly_revenue",
        description: "Recognised revenue per month, product line and segment.",
        format: Format::Iceberg,
        age_hours: 20,
        partitions: &[MONTH],
        upstream: &[
            "402183775003:invoices.invoices",
            "402183775003:invoices.invoice_lines",
            "402183775003:payments.payments",
        ],
        columns: &[
            "product_line|string|mobile_postpaid, mobile_prepaid, a2p, roaming, interconnect or devices",
            "segment|string|Commercial segment",
            "{recurring,usage,one_off}_revenue|decimal(14,2)|{} revenue in EUR",
            "discounts|decimal(14,2)|Discounts in EUR",
            "net_revenue|decimal(14,2)|Net revenue in EUR",
        ],
        ..TABLE
    },
    TableSpec {
        name: "arpu_by_segment",
        description: "Average revenue per user by segment and month.",
        age_hours: 20,
        partitions: &[MONTH],
        upstream: &["402183775006:revenue_reporting.monthly_revenue", "402183775006:customer_360.customer_360"],
        columns: &[
            "segment|string|Segment",
            "active_customers|bigint|Customers",
            "arpu|decimal(10,2)|ARPU in EUR",
            "arpu_change_mom|double|Change on the previous month",
        ],
        ..TABLE
    },
    TableSpec {
        name: "revenue_forecast",
        description: "Revenue forecast for the next 12 months by product line.",
        format: Format::SparkDelta,
        age_hours: 22,
        upstream: &["402183775006:revenue_reporting.monthly_revenue"],
        columns: &[
            "forecast_month|string|Month forecast",
            "product_line|string|Product line",
            "forecast|decimal(14,2)|Forecast in EUR",
            "{lower,upper}_bound|decimal(14,2)|{} bound of the 80% interval",
        ],
        ..TABLE
    },
];

const KPIS: &[TableSpec] = &[
    TableSpec {
        name: "kpi_daily",
        description: "Daily company KPIs.",
        age_hours: 18,
        partitions: &[DT],
        upstream: &[
            "402183775006:revenue_reporting.monthly_revenue",
            "402183775006:churn_prediction.churn_scores",
            "402183775006:network_experience.experience_scores",
            "402183775004:subscriptions.subscription_events",
        ],
        columns: &[
            "{gross_adds,churned_lines,net_adds}|bigint|{} that day",
            "active_lines|bigint|Active lines at the end of the day",
            "revenue_mtd|decimal(14,2)|Revenue month to date",
            "nps_7d|double|NPS over the last 7 days",
            "network_score|double|Average experience score",
        ],
        ..TABLE
    },
    TableSpec {
        name: "kpi_monthly",
        description: "Monthly KPIs as reported to the board.",
        age_hours: 18,
        partitions: &[MONTH],
        upstream: &["402183775006:executive_kpis.kpi_daily"],
        columns: &[
            "kpi|string|KPI name",
            "value|double|Value",
            "target|double|Target",
            "variance|double|Value minus target",
        ],
        ..TABLE
    },
    TableSpec {
        name: "kpi_targets",
        description: "KPI targets set in the annual plan.",
        format: Format::Csv,
        age_hours: 200,
        columns: &[
            "kpi|string|KPI name",
            "month|string|yyyy-mm",
            "target|double|Target value",
            "owner|string|Executive accountable",
        ],
        ..TABLE
    },
    BOARD_PACK,
];

const MIGRATION: &[TableSpec] = &[
    TableSpec {
        name: "subscriber_mapping",
        description: "Nimbus subscriber to group customer mapping with match confidence.",
        age_hours: 14,
        upstream: &["588812340017:nimbus_subscribers_legacy.subscribers", "402183775004:customer_profiles.customers"],
        columns: &[
            "nimbus_subscriber_id|string|Nimbus subscriber number",
            "customer_id|bigint|Group customer id",
            "match_method|string|exact_email, exact_msisdn, fuzzy_name_address or manual",
            "match_confidence|double|Confidence of the match",
            "migration_wave|string|Wave the subscriber moves in",
        ],
        ..TABLE
    },
    TableSpec {
        name: "migration_waves",
        description: "Migration waves and their schedule.",
        format: Format::Csv,
        age_hours: 48,
        columns: &[
            "migration_wave|string|Wave",
            "planned_date|date|Cut-over date",
            "subscribers|bigint|Subscribers in the wave",
            "status|string|planned, running, done or rolled_back",
        ],
        ..TABLE
    },
    TableSpec {
        name: "migration_status_daily",
        description: "Daily progress of the Nimbus migration per wave.",
        age_hours: 14,
        partitions: &[DT],
        upstream: &[
            "402183775006:nimbus_migration.subscriber_mapping",
            "402183775006:nimbus_migration.migration_waves",
        ],
        columns: &[
            "migration_wave|string|Wave",
            "migrated|bigint|Subscribers migrated",
            "failed|bigint|Migrations failed",
            "pending|bigint|Subscribers left",
        ],
        ..TABLE
    },
];
