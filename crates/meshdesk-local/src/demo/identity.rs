//! The identity domain (402183775004): customer profiles and consents, subscriptions, identity
//! verification and customer care.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, PRODUCT, TABLE, TableSpec};

const DANA: Option<&str> = Some("dana.okafor@telco.example");
const LEE: Option<&str> = Some("lee.steward@telco.example");

pub(super) const IDENTITY: DomainSpec = DomainSpec {
    account: "402183775004",
    name: "identity-prod",
    domain: "identity",
    bucket: "telco-identity-prod-lake",
    envelope: &[
        "ingested_at|timestamp|When the CRM change was loaded (UTC)",
        "crm_change_id|string|CRM change-data-capture sequence id",
        "crm_operation|string|insert, update or delete, as captured from the CRM",
    ],
    databases: &[
        DatabaseSpec {
            name: "customer_profiles",
            description: "The golden record of every customer: identity, contact details, household and \
                          consents, mastered in the CRM.",
            owner: DANA,
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(24),
            approval: Some(
                r#"{"auto_approve_max":"internal","quorum_for_restricted":["owner","steward"],"max_duration_days":180}"#,
            ),
            tags: &[("sensitivity", "internal")],
            tables: PROFILES,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "subscriptions",
            description: "Subscriptions, the plans they are on, SIM cards, eSIM profiles and devices.",
            owner: Some("dana.okafor@telco.example,identity-data@telco.example"),
            steward: LEE,
            tier: Some("silver"),
            slo_hours: Some(12),
            approval: Some(r#"{"auto_approve_max":"internal","max_duration_days":365}"#),
            tags: &[("sensitivity", "internal")],
            tables: SUBSCRIPTIONS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "identity_verification",
            description: "Know-your-customer checks, document verification, SIM-swap events and fraud signals.",
            owner: DANA,
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(24),
            approval: Some(
                r#"{"auto_approve_max":"public","quorum_for_restricted":["owner","steward"],"max_duration_days":30}"#,
            ),
            tags: &[("sensitivity", "restricted")],
            tables: VERIFICATION,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "customer_care",
            description: "Care tickets, their events, chat sessions, callbacks and NPS responses.",
            owner: Some(
                "care-analytics@telco.example,arn:aws:identitystore:::group/5d2e8f14-a3b7-4c09-9e61-0f4b7a2c8d53",
            ),
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: CARE,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "customer_risk_signals",
            description: "Draft: risk signals per customer for fraud and credit checks, not yet published.",
            product: false,
            owner: DANA,
            tags: &[("sensitivity", "confidential")],
            tables: RISK_SIGNALS,
            ..PRODUCT
        },
    ],
};

/// A product Dana is still preparing: a plain database of her account until she publishes it.
const RISK_SIGNALS: &[TableSpec] = &[TableSpec {
    name: "risk_scores",
    description: "Daily fraud and credit risk score per customer, with the signals behind it.",
    age_hours: 20,
    partitions: &[DT],
    columns: &[
        "customer_id|bigint|Customer",
        "fraud_score|double|Probability of fraud in the next 30 days",
        "credit_score|int|Internal credit score, 300 to 850",
        "signals|array<string>|Signals that raised the score",
    ],
    ..TABLE
}];

const PROFILES: &[TableSpec] = &[
    TableSpec {
        name: "customers",
        description: "One row per customer, consumer or business, with contact details.",
        format: Format::Iceberg,
        age_hours: 5,
        contract: Some(
            r#"{"version":"2.4","columns":[{"name":"customer_id","type":"bigint","nullable":false},{"name":"segment","type":"string"},{"name":"status","type":"string"},{"name":"created_at","type":"timestamp","nullable":false}],"freshness_hours":24}"#,
        ),
        columns: &[
            "customer_id|bigint|Stable customer key, the same in every domain",
            "customer_type|string|consumer or business",
            "first_name|string|Given name|restricted;pii=true",
            "last_name|string|Family name|restricted;pii=true",
            "email|string|Primary email address of the customer, verified at sign-up|restricted;pii=true",
            "phone_number|string|Primary contact phone number in E.164 format|restricted;pii=true",
            "postal_address|struct<street:string,city:string,postcode:string,country:string>|Postal address used for invoices and letters|restricted;pii=true",
            "date_of_birth|date|Date of birth, used for age checks|restricted;pii=true",
            "segment|string|Commercial segment: mass, premium, youth, senior, smb or enterprise",
            "brand|string|telco or nimbus (customers who came with the Nimbus Mobile acquisition)",
            "household_id|bigint|Household the customer belongs to",
            "preferred_language|string|ISO 639-1 language for communications",
            "status|string|active, suspended or closed",
            "created_at|timestamp|When the customer record was created (UTC)",
            "updated_at|timestamp|Last change to the record (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "consents",
        description: "Marketing and data-processing consents per customer, channel and purpose.",
        format: Format::Iceberg,
        age_hours: 5,
        tags: &[("sensitivity", "confidential")],
        columns: &[
            "customer_id|bigint|Customer",
            "purpose|string|marketing, profiling, third_party_sharing or location_analytics",
            "channel|string|email, sms, phone, post or app",
            "granted|boolean|Whether consent is currently given",
            "granted_at|timestamp|When it was last given (UTC)",
            "withdrawn_at|timestamp|When it was withdrawn (UTC), empty if given",
            "capture_source|string|Where it was captured: web, app, shop or care",
            "policy_version|string|Privacy policy version the customer agreed to|public",
        ],
        ..TABLE
    },
    TableSpec {
        name: "households",
        description: "Households grouping customers at one address, for family plans.",
        age_hours: 6,
        columns: &[
            "household_id|bigint|Household",
            "head_customer_id|bigint|Customer who pays",
            "members|int|Customers in the household",
            "postcode|string|Postcode of the household|confidential",
            "family_plan|boolean|Whether the household shares a family plan",
        ],
        ..TABLE
    },
    TableSpec {
        name: "address_history",
        description: "Every postal address a customer has had, with validity dates.",
        age_hours: 6,
        tags: &[("sensitivity", "restricted")],
        columns: &[
            "customer_id|bigint|Customer",
            "address|struct<street:string,city:string,postcode:string,country:string>|Postal address",
            "valid_from|date|First day at the address",
            "valid_to|date|Last day at the address, empty if current",
            "verified|boolean|Whether the address was verified by a delivery",
        ],
        ..TABLE
    },
    TableSpec {
        name: "customer_identifiers",
        description: "External identifiers of customers: national id hashes, partner ids, legacy ids.",
        age_hours: 6,
        tags: &[("sensitivity", "restricted")],
        columns: &[
            "customer_id|bigint|Customer",
            "id_type|string|national_id_hash, nimbus_subscriber_id, partner_id or crm_legacy_id",
            "id_value|string|Identifier value",
            "issued_by|string|Who issued the identifier",
        ],
        ..TABLE
    },
    TableSpec {
        name: "marketing_preferences",
        description: "Contact frequency and topic preferences set by customers in the app.",
        age_hours: 7,
        columns: &[
            "customer_id|bigint|Customer",
            "max_contacts_per_month|int|Most marketing contacts the customer accepts",
            "topics|array<string>|Topics the customer is interested in",
            "quiet_hours|struct<start:string,end:string>|Hours not to contact, local time",
            "updated_at|timestamp|Last change (UTC)",
        ],
        ..TABLE
    },
    SEGMENT_HISTORY,
];

const SEGMENT_HISTORY: TableSpec = TableSpec {
    name: "segment_history",
    description: "Every change of a customer's commercial segment and value band, with validity dates.",
    age_hours: 6,
    columns: &[
        "customer_id|bigint|Customer",
        "{segment,value_band,lifecycle_stage}|string|{} in this period",
        "valid_from|date|First day of the period",
        "valid_to|date|Last day of the period, empty if current",
        "changed_by|string|Rule or agent that made the change",
    ],
    ..TABLE
};

const ADDONS: TableSpec = TableSpec {
    name: "subscription_addons",
    description: "Add-ons on subscriptions: extra data, roaming passes, insurance and content bundles.",
    age_hours: 5,
    columns: &[
        "subscription_id|bigint|Subscription",
        "addon_code|string|Add-on",
        "addon_family|string|data, roaming, insurance, content or security",
        "monthly_fee|decimal(12,2)|Monthly fee in EUR",
        "activated_at|timestamp|Activation (UTC)",
        "deactivated_at|timestamp|Deactivation (UTC), empty if active",
        "auto_renew|boolean|Whether it renews automatically",
        "partner|string|Content or insurance partner",
    ],
    ..TABLE
};

const SUBSCRIPTIONS: &[TableSpec] = &[
    TableSpec {
        name: "subscriptions",
        description: "Every mobile and fixed subscription, current and past.",
        format: Format::Iceberg,
        age_hours: 4,
        columns: &[
            "subscription_id|bigint|Subscription",
            "customer_id|bigint|Customer",
            "billing_account_id|bigint|Billing account charged",
            "msisdn|string|Phone number of the line|restricted",
            "plan_code|string|Current plan",
            "payment_type|string|postpaid or prepaid",
            "status|string|active, suspended, barred or terminated",
            "activated_at|timestamp|Activation (UTC)",
            "terminated_at|timestamp|Termination (UTC), empty if active",
            "contract_end|date|End of the minimum term",
        ],
        ..TABLE
    },
    TableSpec {
        name: "subscription_events",
        description: "Lifecycle events of subscriptions: activations, plan changes, suspensions, churn.",
        age_hours: 4,
        partitions: &[DT],
        columns: &[
            "event_id|string|Event id",
            "subscription_id|bigint|Subscription",
            "event_type|string|activation, plan_change, suspension, reactivation, port_out or termination",
            "event_time|timestamp|When it happened (UTC)",
            "{old,new}_plan_code|string|Plan {} the event",
            "channel|string|shop, web, app, care or partner",
        ],
        ..TABLE
    },
    TableSpec {
        name: "plans",
        description: "Plans and add-ons customers can be on, with their allowances.",
        format: Format::Csv,
        age_hours: 50,
        tags: &[("sensitivity", "public")],
        columns: &[
            "plan_code|string|Plan code",
            "plan_name|string|Commercial name",
            "plan_family|string|sim_only, handset, family or business",
            "monthly_fee|decimal(12,2)|Monthly fee in EUR",
            "data_gb|int|Included data, 0 for unlimited",
            "is_5g|boolean|Whether the plan includes 5G",
        ],
        ..TABLE
    },
    TableSpec {
        name: "sim_cards",
        description: "Physical SIM cards: ICCID, IMSI and which subscription uses them.",
        age_hours: 5,
        columns: &[
            "iccid|string|SIM card serial number",
            "imsi|string|Subscriber identity|restricted",
            "subscription_id|bigint|Subscription using the SIM",
            "sim_type|string|physical or esim",
            "activated_at|timestamp|Activation (UTC)",
            "status|string|in_stock, active, blocked or retired",
        ],
        ..TABLE
    },
    TableSpec {
        name: "esim_profiles",
        description: "eSIM profiles downloaded to devices.",
        age_hours: 5,
        columns: &[
            "profile_id|string|eSIM profile id",
            "iccid|string|ICCID of the profile",
            "eid|string|Embedded UICC id of the device|restricted",
            "downloaded_at|timestamp|Download time (UTC)",
            "state|string|released, downloaded, enabled or deleted",
        ],
        ..TABLE
    },
    TableSpec {
        name: "devices",
        description: "Devices seen on subscriptions, from network attach data.",
        age_hours: 9,
        columns: &[
            "subscription_id|bigint|Subscription",
            "tac|string|Type allocation code (first 8 digits of the IMEI)",
            "manufacturer|string|Device manufacturer",
            "model|string|Device model",
            "supports_{volte,5g,esim}|boolean|Whether the device supports {}",
            "first_seen|date|First day the device was seen on the line",
        ],
        ..TABLE
    },
    ADDONS,
];

const VERIFICATION: &[TableSpec] = &[
    TableSpec {
        name: "kyc_checks",
        description: "Know-your-customer checks run at sign-up and on risky changes.",
        age_hours: 10,
        partitions: &[DT],
        columns: &[
            "check_id|string|Check id",
            "customer_id|bigint|Customer checked",
            "checked_at|timestamp|When (UTC)",
            "check_type|string|identity, address, credit or sanctions",
            "provider|string|Verification provider",
            "result|string|pass, refer or fail",
            "score|int|Provider score",
        ],
        ..TABLE
    },
    TableSpec {
        name: "document_verifications",
        description: "Identity documents presented and how they were verified.",
        age_hours: 10,
        columns: &[
            "verification_id|string|Verification id",
            "customer_id|bigint|Customer",
            "document_type|string|passport, id_card or driving_licence",
            "document_number_hash|string|Salted hash of the document number",
            "issuing_country|string|ISO 3166 country",
            "expiry_date|date|Document expiry",
            "liveness_passed|boolean|Whether the selfie liveness check passed",
        ],
        ..TABLE
    },
    TableSpec {
        name: "sim_swap_events",
        description: "SIM swaps with the checks performed, used by banks for fraud screening.",
        age_hours: 3,
        partitions: &[DT],
        columns: &[
            "swap_id|string|Swap id",
            "subscription_id|bigint|Subscription",
            "swapped_at|timestamp|When (UTC)",
            "channel|string|shop, care or app",
            "verification_method|string|How the customer was verified",
            "flagged|boolean|Whether fraud screening flagged it",
        ],
        ..TABLE
    },
    TableSpec {
        name: "fraud_signals",
        description: "Account takeover and identity fraud signals per customer.",
        age_hours: 12,
        upstream: &[
            "402183775004:identity_verification.sim_swap_events",
            "402183775004:identity_verification.kyc_checks",
        ],
        columns: &[
            "customer_id|bigint|Customer",
            "signal|string|recent_sim_swap, failed_kyc, device_change or address_change",
            "observed_at|timestamp|When (UTC)",
            "risk_score|double|Combined risk score",
        ],
        ..TABLE
    },
];

const CARE_KPIS: TableSpec = TableSpec {
    name: "care_kpis_daily",
    description: "Care contacts, handling times and resolution per channel and day.",
    age_hours: 7,
    partitions: &[DT],
    upstream: &["402183775004:customer_care.care_tickets", "402183775004:customer_care.chat_sessions"],
    columns: &[
        "{phone,chat,email,shop,social}_contacts|bigint|Contacts through {}",
        "avg_handle_seconds|double|Average handling time",
        "first_contact_resolution_rate|double|Share solved on first contact",
        "bot_containment_rate|double|Share of chats solved by the assistant",
        "backlog|bigint|Open tickets at the end of the day",
        "avg_wait_seconds|double|Average wait before an agent answered",
    ],
    ..TABLE
};

const CARE: &[TableSpec] = &[
    TableSpec {
        name: "care_tickets",
        description: "Customer care tickets from every channel.",
        age_hours: 6,
        partitions: &[DT],
        columns: &[
            "ticket_id|string|Ticket id",
            "customer_id|bigint|Customer",
            "opened_at|timestamp|Opened (UTC)",
            "closed_at|timestamp|Closed (UTC)",
            "channel|string|phone, chat, email, shop or social",
            "category|string|billing, network, device, contract or other",
            "subcategory|string|Finer category chosen by the agent",
            "first_contact_resolution|boolean|Whether it was solved on first contact",
            "summary|string|Agent's summary; may contain personal data|restricted",
        ],
        ..TABLE
    },
    TableSpec {
        name: "ticket_events",
        description: "Every status change and hand-over of a ticket.",
        format: Format::Json,
        age_hours: 6,
        partitions: &[DT],
        columns: &[
            "ticket_id|string|Ticket",
            "event_time|timestamp|When (UTC)",
            "event_type|string|created, assigned, escalated, customer_reply or closed",
            "team|string|Team holding the ticket",
            "agent_id|string|Agent",
        ],
        ..TABLE
    },
    TableSpec {
        name: "nps_responses",
        description: "Net promoter score survey answers after care contacts and shop visits.",
        age_hours: 20,
        columns: &[
            "response_id|string|Response id",
            "customer_id|bigint|Customer",
            "touchpoint|string|care, shop, app or network",
            "score|int|0 to 10",
            "verbatim|string|Free-text comment|restricted",
            "responded_at|timestamp|When (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "chat_sessions",
        description: "Chat sessions with the virtual assistant and agents; transcripts are not kept here.",
        age_hours: 6,
        partitions: &[DT],
        columns: &[
            "session_id|string|Session id",
            "customer_id|bigint|Customer, if signed in",
            "started_at|timestamp|Start (UTC)",
            "bot_only|boolean|Whether the bot solved it without an agent",
            "intent|string|Detected intent",
            "duration_seconds|int|Session length",
        ],
        ..TABLE
    },
    TableSpec {
        name: "callback_requests",
        description: "Callbacks customers booked, and whether we called in time.",
        age_hours: 8,
        columns: &[
            "callback_id|string|Callback id",
            "customer_id|bigint|Customer",
            "requested_slot|timestamp|Slot requested (UTC)",
            "called_at|timestamp|When the agent called (UTC)",
            "reached|boolean|Whether the customer answered",
        ],
        ..TABLE
    },
    CARE_KPIS,
];
