//! The marketing domain (402183775007): mostly a consumer — resource links to other domains'
//! products — and its own campaign, audience, offer and web analytics products.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, PRODUCT, TABLE, TableSpec, link};

const NINA: Option<&str> = Some("nina.brooks@telco.example");

pub(super) const MARKETING: DomainSpec = DomainSpec {
    account: "402183775007",
    name: "marketing-prod",
    domain: "marketing",
    bucket: "telco-marketing-prod-lake",
    envelope: &[
        "loaded_at|timestamp|When the marketing job loaded the row (UTC)",
        "job_name|string|Job that wrote the row",
        "source_platform|string|Marketing platform the data came from",
    ],
    databases: &[
        DatabaseSpec {
            name: "shared_links",
            description: "Resource links to the products marketing consumes from other domains.",
            product: false,
            tables: LINKS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "campaign_performance",
            description: "Campaigns, responses, channel spend and the attribution of conversions to campaigns.",
            owner: NINA,
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "internal")],
            tables: CAMPAIGNS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "audience_segments",
            description: "Audiences for campaigns: segment definitions, memberships, lookalikes and \
                          suppression lists.",
            owner: NINA,
            steward: Some("lee.steward@telco.example"),
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: AUDIENCES,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "offers",
            description: "The offer catalogue, who is eligible for what, and redemptions.",
            owner: NINA,
            tier: Some("bronze"),
            slo_hours: Some(72),
            tags: &[("sensitivity", "internal")],
            tables: OFFERS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "web_analytics",
            description: "Website and app sessions, events and the conversion funnel.",
            owner: Some("digital@telco.example"),
            tier: Some("bronze"),
            slo_hours: Some(6),
            tags: &[("sensitivity", "internal")],
            tables: WEB,
            ..PRODUCT
        },
    ],
};

const LINKS: &[TableSpec] = &[
    link("customer_360_link", "402183775006:customer_360.customer_360", "Link to analytics' customer_360."),
    link("churn_scores_link", "402183775006:churn_prediction.churn_scores", "Link to analytics' churn scores."),
    link("clv_scores_link", "402183775006:customer_lifetime_value.clv_scores", "Link to analytics' lifetime value."),
    link("consents_link", "402183775004:customer_profiles.consents", "Link to identity's consents."),
    link(
        "daily_message_counts_link",
        "402183775001:message_events_curated.daily_message_counts",
        "Link to messaging's daily message counts.",
    ),
    link("plans_link", "402183775004:subscriptions.plans", "Link to identity's plan catalogue."),
];

const CAMPAIGNS: &[TableSpec] = &[
    TableSpec {
        name: "campaign_attribution",
        description: "Conversions attributed to the campaigns that touched the customer before.",
        age_hours: 7,
        partitions: &[DT],
        upstream: &["402183775007:shared_links.customer_360_link"],
        columns: &[
            "conversion_id|string|Conversion id",
            "customer_id|bigint|Customer who converted",
            "campaign_id|string|Campaign credited",
            "conversion_type|string|new_line, upgrade, add_on or retention",
            "attribution_model|string|last_touch, linear or data_driven",
            "credit|double|Share of the conversion credited to the campaign",
            "segment|string|Customer segment at conversion",
            "revenue_12m|decimal(12,2)|Expected 12-month revenue of the conversion",
        ],
        ..TABLE
    },
    TableSpec {
        name: "campaigns",
        description: "Campaigns with their channel, audience and budget.",
        age_hours: 20,
        columns: &[
            "campaign_id|string|Campaign id",
            "name|string|Campaign name",
            "channel|string|email, sms, push, social, tv or display",
            "audience_id|string|Audience targeted",
            "start_date|date|First day",
            "end_date|date|Last day",
            "budget|decimal(12,2)|Budget in EUR",
            "objective|string|acquisition, upsell or retention",
        ],
        ..TABLE
    },
    TableSpec {
        name: "campaign_responses",
        description: "Opens, clicks and replies per campaign contact.",
        format: Format::Json,
        age_hours: 5,
        partitions: &[DT],
        upstream: &["402183775007:campaign_performance.campaigns"],
        columns: &[
            "contact_id|string|Contact id",
            "campaign_id|string|Campaign",
            "customer_id|bigint|Customer contacted",
            "response|string|delivered, opened, clicked, replied or unsubscribed",
            "responded_at|timestamp|When (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "channel_spend",
        description: "Media spend per channel and day.",
        format: Format::Csv,
        age_hours: 30,
        partitions: &[DT],
        columns: &[
            "channel|string|Channel",
            "campaign_id|string|Campaign",
            "spend|decimal(12,2)|Spend in EUR",
            "impressions|bigint|Impressions bought",
        ],
        ..TABLE
    },
    TableSpec {
        name: "ab_tests",
        description: "A/B tests run in campaigns and their results.",
        age_hours: 30,
        columns: &[
            "test_id|string|Test id",
            "campaign_id|string|Campaign",
            "variant|string|Variant",
            "contacts|bigint|Contacts in the variant",
            "conversion_rate|double|Conversion rate",
            "winner|boolean|Whether the variant won",
        ],
        ..TABLE
    },
    CAMPAIGN_DAILY,
];

const CAMPAIGN_DAILY: TableSpec = TableSpec {
    name: "campaign_daily_metrics",
    description: "Funnel of every running campaign per day, from sends to conversions and cost.",
    age_hours: 6,
    partitions: &[DT],
    upstream: &[
        "402183775007:campaign_performance.campaign_responses",
        "402183775007:campaign_performance.channel_spend",
    ],
    columns: &[
        "campaign_id|string|Campaign",
        "{sent,delivered,opened,clicked,converted,unsubscribed}|bigint|Contacts {} that day",
        "spend|decimal(12,2)|Spend in EUR",
        "cost_per_conversion|decimal(12,2)|Spend divided by conversions",
        "attributed_revenue|decimal(12,2)|Revenue attributed to the campaign that day",
    ],
    ..TABLE
};

const AUDIENCES: &[TableSpec] = &[
    TableSpec {
        name: "segment_memberships",
        description: "Which customers are in which audience today.",
        format: Format::Delta,
        age_hours: 9,
        upstream: &["402183775007:shared_links.customer_360_link", "402183775007:shared_links.churn_scores_link"],
        columns: &[
            "audience_id|string|Audience",
            "customer_id|bigint|Customer",
            "added_at|date|When the customer entered the audience",
            "score|double|Fit score",
        ],
        ..TABLE
    },
    TableSpec {
        name: "segment_definitions",
        description: "How each audience is defined.",
        age_hours: 40,
        columns: &[
            "audience_id|string|Audience",
            "name|string|Audience name",
            "rule|string|Selection rule",
            "owner|string|Marketer who owns it",
            "size|bigint|Customers today",
        ],
        ..TABLE
    },
    TableSpec {
        name: "lookalike_audiences",
        description: "Lookalike audiences built from seed audiences.",
        age_hours: 40,
        upstream: &["402183775007:audience_segments.segment_memberships", "402183775007:shared_links.clv_scores_link"],
        columns: &[
            "audience_id|string|Lookalike audience",
            "seed_audience_id|string|Seed audience",
            "customer_id|bigint|Customer",
            "similarity|double|Similarity to the seed",
        ],
        ..TABLE
    },
    TableSpec {
        name: "suppression_lists",
        description: "Customers who must not be contacted, by channel, from consents and complaints.",
        age_hours: 4,
        upstream: &["402183775007:shared_links.consents_link"],
        columns: &[
            "customer_id|bigint|Customer",
            "channel|string|Channel suppressed",
            "reason|string|no_consent, complaint, deceased or legal_hold",
            "since|date|Suppressed since",
            "email|string|Email address to suppress in the email platform|restricted",
        ],
        ..TABLE
    },
];

const OFFERS: &[TableSpec] = &[
    TableSpec {
        name: "offer_catalog",
        description: "Offers marketing can make, with their terms.",
        format: Format::Delta,
        age_hours: 50,
        columns: &[
            "offer_code|string|Offer",
            "title|string|Offer title",
            "discount_pct|double|Discount",
            "valid_until|date|Last day",
            "eligible_plans|array<string>|Plans it applies to",
        ],
        ..TABLE
    },
    TableSpec {
        name: "offer_eligibility",
        description: "Offers each customer is eligible for today.",
        age_hours: 30,
        upstream: &["402183775007:shared_links.plans_link", "402183775007:shared_links.clv_scores_link"],
        columns: &[
            "customer_id|bigint|Customer",
            "offer_code|string|Offer",
            "eligible_since|date|Since",
            "priority|int|Priority among the customer's offers",
        ],
        ..TABLE
    },
    TableSpec {
        name: "offer_redemptions",
        description: "Offers redeemed.",
        format: Format::Csv,
        age_hours: 60,
        columns: &[
            "redemption_id|string|Redemption",
            "offer_code|string|Offer",
            "customer_id|bigint|Customer",
            "redeemed_at|timestamp|When (UTC)",
            "channel|string|shop, web or care",
        ],
        ..TABLE
    },
];

const WEB: &[TableSpec] = &[
    TableSpec {
        name: "web_sessions",
        description: "Website and app sessions.",
        format: Format::Json,
        age_hours: 2,
        partitions: &[DT],
        columns: &[
            "session_id|string|Session",
            "visitor_id|string|Cookie or app install id|confidential",
            "customer_id|bigint|Customer, if signed in",
            "started_at|timestamp|Start (UTC)",
            "landing_page|string|First page",
            "utm_campaign|string|Campaign parameter",
            "device_type|string|desktop, mobile or app",
            "pages|int|Pages viewed",
        ],
        ..TABLE
    },
    TableSpec {
        name: "app_events",
        description: "Events tracked in the self-care app.",
        format: Format::Delta,
        age_hours: 2,
        partitions: &[DT],
        columns: &[
            "event_id|string|Event",
            "session_id|string|Session",
            "event_name|string|Event name",
            "event_time|timestamp|When (UTC)",
            "properties|map<string,string>|Event properties",
        ],
        ..TABLE
    },
    TableSpec {
        name: "conversion_funnel_daily",
        description: "Visitors at each step of the online shop funnel per day.",
        age_hours: 5,
        partitions: &[DT],
        upstream: &["402183775007:web_analytics.web_sessions", "402183775007:web_analytics.app_events"],
        columns: &[
            "{visits,product_views,basket_adds,checkouts,orders}|bigint|{} that day",
            "conversion_rate|double|Orders divided by visits",
        ],
        ..TABLE
    },
    TableSpec {
        name: "app_installs",
        description: "Self-care app installs and sign-ins by store and campaign.",
        age_hours: 3,
        partitions: &[DT],
        columns: &[
            "install_id|string|Install id",
            "store|string|app_store or google_play",
            "installed_at|timestamp|Install time (UTC)",
            "utm_campaign|string|Campaign that led to the install",
            "signed_in|boolean|Whether the user signed in within 7 days",
            "customer_id|bigint|Customer, once signed in",
            "os_version|string|Operating system version",
        ],
        ..TABLE
    },
];
