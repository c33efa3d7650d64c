//! The messaging domain (402183775001): SMS, MMS and RCS events from raw to curated, delivery
//! quality, A2P traffic and spam protection.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, PRODUCT, REGION, TABLE, TableSpec};

const ACCOUNT_STEWARD: Option<&str> = Some("lee.steward@telco.example");

pub(super) const MESSAGING: DomainSpec = DomainSpec {
    account: "402183775001",
    name: "messaging-prod",
    domain: "messaging",
    bucket: "telco-messaging-prod-lake",
    envelope: &[
        "ingested_at|timestamp|When the streaming pipeline landed the record (UTC)",
        "pipeline_run_id|string|Id of the pipeline run that wrote the record",
        "record_hash|string|Hash of the source record, used to drop duplicates",
    ],
    databases: &[
        DatabaseSpec {
            name: "message_events_raw",
            description: "Raw SMS, MMS and RCS events as received from the SMSCs and RCS gateways, one JSON \
                          document per event, kept 30 days.",
            owner: Some("priya.raman@telco.example"),
            steward: ACCOUNT_STEWARD,
            tier: Some("bronze"),
            slo_hours: Some(2),
            tags: &[("sensitivity", "confidential")],
            tables: RAW,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "message_events_curated",
            description: "Cleaned, de-duplicated messaging events with numbers pseudonymised, and daily \
                          message counts per customer.",
            owner: Some("priya.raman@telco.example"),
            steward: ACCOUNT_STEWARD,
            tier: Some("silver"),
            slo_hours: Some(6),
            approval: Some(r#"{"auto_approve_max":"internal","max_duration_days":365}"#),
            tags: &[("sensitivity", "internal")],
            tables: CURATED,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "messaging_quality",
            description: "Delivery SLAs, failure reasons and route performance across SMSCs and \
                          interconnect partners.",
            owner: Some("messaging-quality@telco.example"),
            tier: Some("gold"),
            slo_hours: Some(6),
            tags: &[("sensitivity", "internal")],
            tables: QUALITY,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "a2p_messaging",
            description: "Application-to-person traffic: enterprise senders, registered sender ids, campaign \
                          sends and A2P revenue.",
            owner: Some("arn:aws:iam::402183775001:role/a2p-data-owners"),
            steward: ACCOUNT_STEWARD,
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: A2P,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "spam_protection",
            description: "Spam and smishing reports, blocked senders, filter rules and model verdicts.",
            owner: Some("samir.aziz@telco.example"),
            tier: Some("silver"),
            slo_hours: Some(4),
            tags: &[("sensitivity", "confidential")],
            tables: SPAM,
            ..PRODUCT
        },
    ],
};

const RAW: &[TableSpec] = &[
    TableSpec {
        name: "sms_events",
        description: "Every SMS submitted to or delivered by our SMSCs; the message body is never stored.",
        format: Format::Json,
        partitions: &[DT, REGION],
        columns: &[
            "event_id|string|Unique id assigned by the SMSC",
            "event_time|timestamp|When the SMSC accepted the message (UTC)",
            "sender_msisdn|string|Sender phone number in E.164 format|restricted",
            "recipient_msisdn|string|Recipient phone number in E.164 format|restricted",
            "direction|string|MO (mobile originated) or MT (mobile terminated)",
            "message_length|int|Length of the message body in characters",
            "encoding|string|GSM-7 or UCS-2",
            "segments|int|Number of concatenated SMS segments",
            "smsc_id|string|SMSC node that handled the message",
            "origin_network|string|MCC-MNC of the originating network",
            "destination_network|string|MCC-MNC of the destination network",
            "submit_status|string|Submission status reported by the SMSC",
        ],
        ..TABLE
    },
    TableSpec {
        name: "mms_events",
        description: "MMS submissions and deliveries from the MMSC.",
        format: Format::Json,
        partitions: &[DT, REGION],
        columns: &[
            "event_id|string|Unique id assigned by the MMSC",
            "event_time|timestamp|When the MMSC accepted the message (UTC)",
            "sender_msisdn|string|Sender phone number in E.164 format|restricted",
            "recipient_msisdns|array<string>|Recipient phone numbers in E.164 format|restricted",
            "content_types|array<string>|MIME types of the message parts",
            "payload_bytes|bigint|Total size of the message parts in bytes",
            "mmsc_id|string|MMSC node that handled the message",
            "submit_status|string|Submission status reported by the MMSC",
        ],
        ..TABLE
    },
    TableSpec {
        name: "rcs_events",
        description: "RCS chat and business messaging events from the RCS gateway.",
        format: Format::Json,
        partitions: &[DT],
        columns: &[
            "event_id|string|Unique id assigned by the RCS gateway",
            "event_time|timestamp|When the gateway accepted the message (UTC)",
            "sender_msisdn|string|Sender phone number in E.164 format|restricted",
            "recipient_msisdn|string|Recipient phone number in E.164 format|restricted",
            "chatbot_id|string|Business chatbot id for A2P RCS, empty for person-to-person",
            "message_type|string|text, file, rich_card or suggestion",
            "conversation_id|string|Gateway conversation id",
            "is_group|boolean|Whether the message went to a group chat",
            "submit_status|string|Submission status reported by the gateway",
        ],
        ..TABLE
    },
    TableSpec {
        name: "delivery_receipts",
        description: "Delivery receipts (DLRs) for SMS, matched to their submission by event id.",
        format: Format::Json,
        partitions: &[DT],
        columns: &[
            "receipt_id|string|Unique id of the delivery receipt",
            "event_id|string|The sms_events.event_id the receipt is for",
            "receipt_time|timestamp|When the receipt arrived (UTC)",
            "final_status|string|DELIVRD, UNDELIV, EXPIRED, REJECTD or UNKNOWN",
            "error_code|string|Network error code for failed deliveries",
            "attempts|int|Delivery attempts before the final status",
            "route_id|string|Interconnect route used for delivery",
        ],
        ..TABLE
    },
];

const CURATED: &[TableSpec] = &[
    TableSpec {
        name: "daily_message_counts",
        description: "Messages sent and received per customer and day, by channel.",
        age_hours: 3,
        partitions: &[DT],
        upstream: &["402183775001:message_events_raw.sms_events"],
        contract: Some(
            r#"{"version":"1.3","columns":[{"name":"customer_id","type":"bigint","nullable":false},{"name":"sms_sent","type":"bigint"},{"name":"mms_sent","type":"bigint"},{"name":"rcs_sent","type":"bigint"},{"name":"dt","type":"string","nullable":false}],"freshness_hours":6}"#,
        ),
        columns: &[
            "customer_id|bigint|Customer the line belongs to",
            "msisdn_hash|string|Salted SHA-256 of the line's phone number",
            "sms_sent|bigint|Number of sms messages sent that day",
            // Changed by the pipeline three days ago, against contract 1.3 (see `history.rs`).
            "mms_sent|int|Number of mms messages sent that day",
            "rcs_sent|bigint|Number of rcs messages sent that day",
            "{sms,mms,rcs}_received|bigint|Number of {} messages received that day",
            "international_sms_sent|bigint|SMS sent to foreign networks",
            "premium_sms_sent|bigint|SMS sent to premium short codes",
            "failed_messages|bigint|Messages that were not delivered",
        ],
        ..TABLE
    },
    TableSpec {
        name: "sms_events_clean",
        description: "SMS events de-duplicated across SMSCs, numbers pseudonymised and joined to customers.",
        format: Format::Iceberg,
        age_hours: 2,
        partitions: &[DT],
        upstream: &["402183775001:message_events_raw.sms_events", "402183775001:message_events_raw.delivery_receipts"],
        columns: &[
            "event_id|string|Unique id of the SMS",
            "event_time|timestamp|When the SMS was submitted (UTC)",
            "sender_customer_id|bigint|Customer owning the sending line, if ours",
            "sender_msisdn_hash|string|Salted SHA-256 of the sender number",
            "recipient_msisdn_hash|string|Salted SHA-256 of the recipient number",
            "direction|string|MO or MT",
            "segments|int|Number of SMS segments",
            "encoding|string|GSM-7 or UCS-2",
            "origin_network|string|MCC-MNC of the originating network",
            "destination_network|string|MCC-MNC of the destination network",
            "delivered|boolean|Whether a positive delivery receipt arrived",
            "delivery_latency_ms|bigint|Milliseconds from submission to delivery",
        ],
        ..TABLE
    },
    TableSpec {
        name: "mms_events_clean",
        description: "MMS events de-duplicated, numbers pseudonymised and joined to customers.",
        format: Format::Iceberg,
        age_hours: 2,
        partitions: &[DT],
        upstream: &["402183775001:message_events_raw.mms_events"],
        columns: &[
            "event_id|string|Unique id of the MMS",
            "event_time|timestamp|When the MMS was submitted (UTC)",
            "sender_customer_id|bigint|Customer owning the sending line, if ours",
            "sender_msisdn_hash|string|Salted SHA-256 of the sender number",
            "recipient_count|int|Number of recipients",
            "payload_bytes|bigint|Total size of the message parts in bytes",
            "has_video|boolean|Whether a part is a video",
            "delivered|boolean|Whether every recipient received it",
        ],
        ..TABLE
    },
    TableSpec {
        name: "message_delivery_facts",
        description: "One row per message with its full delivery outcome, for SLA reporting.",
        format: Format::Iceberg,
        age_hours: 2,
        partitions: &[DT],
        upstream: &[
            "402183775001:message_events_curated.sms_events_clean",
            "402183775001:message_events_raw.delivery_receipts",
        ],
        columns: &[
            "event_id|string|Unique id of the message",
            "channel|string|sms, mms or rcs",
            "submitted_at|timestamp|When the message was submitted (UTC)",
            "delivered_at|timestamp|When the final receipt arrived (UTC)",
            "final_status|string|Final delivery status",
            "error_code|string|Network error code for failed deliveries",
            "route_id|string|Interconnect route used",
            "attempts|int|Delivery attempts",
            "latency_ms|bigint|Milliseconds from submission to final status",
        ],
        ..TABLE
    },
    TableSpec {
        name: "rcs_conversations",
        description: "RCS conversations with their length and business chatbot, one row per conversation.",
        age_hours: 5,
        partitions: &[DT],
        upstream: &["402183775001:message_events_raw.rcs_events"],
        columns: &[
            "conversation_id|string|Gateway conversation id",
            "chatbot_id|string|Business chatbot id, empty for person-to-person",
            "started_at|timestamp|First message of the conversation (UTC)",
            "ended_at|timestamp|Last message of the conversation (UTC)",
            "message_count|int|Messages exchanged",
            "participant_count|int|Distinct participants",
            "rich_card_count|int|Rich cards sent by the chatbot",
        ],
        ..TABLE
    },
    TableSpec {
        name: "hourly_traffic",
        description: "Messages per hour, channel and network, for capacity planning.",
        age_hours: 1,
        partitions: &[DT],
        upstream: &["402183775001:message_events_curated.sms_events_clean"],
        columns: &[
            "hour_start|timestamp|Start of the hour (UTC)",
            "channel|string|sms, mms or rcs",
            "origin_network|string|MCC-MNC of the originating network",
            "messages|bigint|Messages submitted in the hour",
            "peak_per_second|int|Highest messages per second in the hour",
            "delivered_ratio|double|Share of messages delivered",
        ],
        ..TABLE
    },
    CURATED_PROFILE,
];

const CURATED_PROFILE: TableSpec = TableSpec {
    name: "customer_messaging_profile",
    description: "Thirty-day messaging behaviour per customer: volumes by channel and direction, reach and habits.",
    age_hours: 4,
    upstream: &["402183775001:message_events_curated.daily_message_counts"],
    columns: &[
        "customer_id|bigint|Customer",
        "{sms,mms,rcs}_sent_30d|bigint|{} messages sent in the last 30 days",
        "{sms,mms,rcs}_received_30d|bigint|{} messages received in the last 30 days",
        "distinct_contacts_30d|int|Distinct numbers messaged",
        "night_share|double|Share of messages sent between 23:00 and 06:00",
        "a2p_received_30d|bigint|Business messages received (OTPs, notifications)",
        "rcs_capable|boolean|Whether the customer's device supports RCS",
    ],
    ..TABLE
};

const QUALITY: &[TableSpec] = &[
    TableSpec {
        name: "delivery_sla_daily",
        description: "Daily delivery SLA per channel and route: delivered within 10 s, 60 s and at all.",
        age_hours: 31,
        partitions: &[DT],
        upstream: &["402183775001:message_events_curated.message_delivery_facts"],
        columns: &[
            "channel|string|sms, mms or rcs",
            "route_id|string|Interconnect route",
            "messages|bigint|Messages submitted",
            "delivered_{10s,60s,any}|double|Share of messages delivered within {}",
            "p50_latency_ms|bigint|Median delivery latency",
            "p95_latency_ms|bigint|95th percentile delivery latency",
            "sla_met|boolean|Whether the route met its contractual SLA",
        ],
        ..TABLE
    },
    TableSpec {
        name: "failure_reasons",
        description: "Undelivered messages by error code and route, with the error explained.",
        age_hours: 31,
        partitions: &[DT],
        upstream: &["402183775001:message_events_curated.message_delivery_facts"],
        columns: &[
            "error_code|string|Network error code",
            "error_description|string|What the error code means",
            "route_id|string|Interconnect route",
            "failures|bigint|Failed messages",
            "share_of_failures|double|Share of all failures that day",
        ],
        ..TABLE
    },
    TableSpec {
        name: "route_performance",
        description: "Interconnect partner route scorecard: volume, cost and delivery per route and day.",
        age_hours: 31,
        partitions: &[DT],
        upstream: &["402183775001:message_events_curated.message_delivery_facts"],
        columns: &[
            "route_id|string|Interconnect route",
            "partner_name|string|Interconnect partner",
            "messages|bigint|Messages sent over the route",
            "delivered_ratio|double|Share delivered",
            "cost_per_message|decimal(10,5)|Partner price per message in EUR|confidential",
            "total_cost|decimal(12,2)|Partner cost for the day in EUR|confidential",
        ],
        ..TABLE
    },
    TableSpec {
        name: "smsc_health_hourly",
        description: "SMSC node health: queue depth, throughput and errors per hour.",
        age_hours: 30,
        partitions: &[DT],
        columns: &[
            "hour_start|timestamp|Start of the hour (UTC)",
            "smsc_id|string|SMSC node",
            "throughput_per_second|double|Average messages per second",
            "max_queue_depth|int|Highest queue depth in the hour",
            "{submit,deliver}_errors|bigint|{} errors in the hour",
            "cpu_utilisation|double|Average CPU utilisation (0 to 1)",
        ],
        ..TABLE
    },
];

const A2P: &[TableSpec] = &[
    TableSpec {
        name: "enterprise_senders",
        description: "Enterprise customers sending A2P traffic, with their contract and throughput limits.",
        age_hours: 6,
        columns: &[
            "sender_account_id|string|A2P platform account id",
            "customer_id|bigint|Enterprise customer id",
            "company_name|string|Registered company name",
            "contract_tier|string|standard, premium or wholesale",
            "max_throughput_per_second|int|Contracted throughput",
            "onboarded_at|date|When the sender went live",
            "verified|boolean|Whether the sender passed business verification",
            "account_manager_email|string|Account manager's email address|restricted",
        ],
        ..TABLE
    },
    TableSpec {
        name: "sender_id_registry",
        description: "Registered alphanumeric sender ids and short codes, and who may use them.",
        age_hours: 20,
        columns: &[
            "sender_id|string|Alphanumeric sender id or short code",
            "sender_account_id|string|A2P platform account allowed to use it",
            "registered_at|date|Registration date",
            "status|string|active, suspended or revoked",
            "use_case|string|otp, notifications or marketing",
        ],
        ..TABLE
    },
    TableSpec {
        name: "a2p_campaign_sends",
        description: "A2P messages per enterprise campaign and day.",
        age_hours: 8,
        partitions: &[DT],
        upstream: &["402183775001:message_events_curated.sms_events_clean"],
        columns: &[
            "sender_account_id|string|A2P platform account",
            "campaign_ref|string|Sender's campaign reference",
            "sender_id|string|Sender id used",
            "messages_sent|bigint|Messages submitted",
            "messages_delivered|bigint|Messages delivered",
            "opt_outs|bigint|STOP replies received",
        ],
        ..TABLE
    },
    TableSpec {
        name: "a2p_revenue_daily",
        description: "A2P revenue per sender account and day.",
        format: Format::Delta,
        age_hours: 10,
        partitions: &[DT],
        upstream: &["402183775001:a2p_messaging.a2p_campaign_sends"],
        columns: &[
            "sender_account_id|string|A2P platform account",
            "billable_messages|bigint|Messages billed",
            "price_per_message|decimal(10,5)|Contract price in EUR",
            "revenue|decimal(12,2)|Revenue for the day in EUR",
            "termination_cost|decimal(12,2)|Cost paid to terminating networks in EUR",
            "margin|decimal(12,2)|Revenue minus termination cost in EUR",
        ],
        ..TABLE
    },
    TableSpec {
        name: "a2p_delivery_reports",
        description: "Delivery reports returned to enterprise senders through the A2P API.",
        format: Format::Json,
        age_hours: 4,
        partitions: &[DT],
        columns: &[
            "report_id|string|Delivery report id",
            "sender_account_id|string|A2P platform account",
            "message_ref|string|Sender's message reference",
            "status|string|Status reported to the sender",
            "reported_at|timestamp|When the report was sent (UTC)",
        ],
        ..TABLE
    },
];

const SPAM: &[TableSpec] = &[
    TableSpec {
        name: "spam_reports",
        description: "Spam and smishing reports made by customers (forwarded to 7726).",
        age_hours: 2,
        partitions: &[DT],
        columns: &[
            "report_id|string|Report id",
            "reported_at|timestamp|When the customer reported (UTC)",
            "reporter_customer_id|bigint|Customer who reported",
            "reported_sender|string|Sender number or id reported|restricted",
            "message_excerpt|string|First 40 characters of the reported message|restricted",
            "category|string|spam, smishing, scam or other",
        ],
        ..TABLE
    },
    TableSpec {
        name: "blocked_senders",
        description: "Senders blocked network-wide, with why and until when.",
        age_hours: 3,
        columns: &[
            "sender|string|Blocked sender number or id",
            "blocked_at|timestamp|When the block started (UTC)",
            "blocked_until|timestamp|When the block ends, empty if permanent",
            "reason|string|Why the sender was blocked",
            "report_count|int|Customer reports that led to the block",
        ],
        ..TABLE
    },
    TableSpec {
        name: "filter_rules",
        description: "Active SMS firewall rules and how often each matched.",
        age_hours: 12,
        columns: &[
            "rule_id|string|Firewall rule id",
            "pattern|string|Pattern the rule matches",
            "action|string|block, flag or throttle",
            "created_by|string|Analyst who created the rule",
            "matches_7d|bigint|Messages matched in the last 7 days",
            "enabled|boolean|Whether the rule is active",
        ],
        ..TABLE
    },
    TableSpec {
        name: "spam_model_scores",
        description: "Spam model verdict for every A2P and international message.",
        format: Format::Iceberg,
        age_hours: 3,
        partitions: &[DT],
        upstream: &["402183775001:message_events_curated.sms_events_clean"],
        columns: &[
            "event_id|string|The sms_events_clean.event_id scored",
            "scored_at|timestamp|When the model scored the message (UTC)",
            "model_version|string|Model version",
            "spam_score|double|Probability the message is spam",
            "verdict|string|allow, flag or block",
            "features|map<string,double>|Top model features and their weights",
        ],
        ..TABLE
    },
    TableSpec {
        name: "spam_campaigns_detected",
        description: "Spam campaigns detected by clustering reports and model verdicts.",
        age_hours: 6,
        upstream: &["402183775001:spam_protection.spam_model_scores", "402183775001:spam_protection.spam_reports"],
        columns: &[
            "campaign_id|string|Detected campaign id",
            "first_seen|timestamp|First message of the campaign (UTC)",
            "last_seen|timestamp|Last message of the campaign (UTC)",
            "messages|bigint|Messages attributed to the campaign",
            "senders|array<string>|Sender numbers used|restricted",
            "status|string|active, blocked or closed",
        ],
        ..TABLE
    },
];
