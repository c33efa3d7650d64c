//! The voice domain (402183775002): call detail records, call quality, network usage, voice
//! fraud and the number inventory.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, MONTH, PRODUCT, REGION, TABLE, TableSpec};

pub(super) const VOICE: DomainSpec = DomainSpec {
    account: "402183775002",
    name: "voice-prod",
    domain: "voice",
    bucket: "telco-voice-prod-lake",
    envelope: &[
        "ingested_at|timestamp|When the mediation pipeline loaded the record (UTC)",
        "source_file|string|Mediation file the record came from",
        "mediation_batch|bigint|Mediation batch number",
    ],
    databases: &[
        DatabaseSpec {
            name: "voice_cdr",
            description: "Call detail records from the circuit-switched core and IMS, one row per call leg, \
                          kept 13 months for billing disputes.",
            owner: Some("kofi.mensah@telco.example"),
            steward: Some("lee.steward@telco.example"),
            tier: Some("bronze"),
            slo_hours: Some(4),
            tags: &[("sensitivity", "confidential")],
            tables: CDR,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "call_quality",
            description: "Dropped calls, voice quality (MOS) and cell KPIs, hourly and daily.",
            owner: Some("kofi.mensah@telco.example,arn:aws:iam::402183775002:role/voice-analytics"),
            tier: Some("gold"),
            slo_hours: Some(12),
            tags: &[("sensitivity", "internal")],
            tables: QUALITY,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "network_usage",
            description: "Voice minutes per subscriber, roaming usage and interconnect minutes.",
            owner: Some("kofi.mensah@telco.example"),
            tier: Some("gold"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "internal")],
            tables: USAGE,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "voice_fraud",
            description: "International revenue share fraud (IRSF), wangiri and SIM-box detection, and the \
                          cases opened from them.",
            owner: Some("arn:aws:identitystore:::group/9067b4c3-30d1-70d4-2a13-0b48f0a9e6f1"),
            steward: Some("lee.steward@telco.example"),
            tier: Some("silver"),
            slo_hours: Some(2),
            approval: Some(
                r#"{"auto_approve_max":"public","quorum_for_restricted":["owner","steward"],"max_duration_days":90}"#,
            ),
            tags: &[("sensitivity", "confidential")],
            tables: FRAUD,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "number_inventory",
            description: "Every phone number we hold: its state, block and porting history.",
            owner: Some("ana.souza@telco.example"),
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "internal")],
            tables: NUMBERS,
            ..PRODUCT
        },
    ],
};

const CDR: &[TableSpec] = &[
    TableSpec {
        name: "voice_cdrs",
        description: "Circuit-switched and VoLTE call legs as rated by mediation.",
        age_hours: 2,
        partitions: &[DT, REGION],
        columns: &[
            "cdr_id|string|Unique id of the call leg",
            "call_start|timestamp|Answer time of the call (UTC)",
            "call_end|timestamp|Release time of the call (UTC)",
            "duration_seconds|int|Billable duration",
            "calling_msisdn|string|Calling party number in E.164 format|restricted",
            "called_number|string|Called party number as dialled|restricted",
            "customer_id|bigint|Customer owning the calling line, if ours",
            "call_type|string|mo, mt, forwarded or roaming",
            "bearer|string|cs, volte or vowifi",
            "cell_id|string|Serving cell at call start",
            "release_cause|int|Q.850 release cause",
            "imei|string|Handset IMEI|restricted",
        ],
        ..TABLE
    },
    TableSpec {
        name: "volte_sessions",
        description: "VoLTE and VoWiFi SIP sessions from the IMS core, with codec and quality counters.",
        format: Format::Iceberg,
        age_hours: 2,
        partitions: &[DT],
        columns: &[
            "session_id|string|SIP call id",
            "started_at|timestamp|Session start (UTC)",
            "ended_at|timestamp|Session end (UTC)",
            "customer_id|bigint|Customer owning the line",
            "codec|string|AMR-WB, EVS or AMR-NB",
            "{jitter,rtt}_ms|double|Average {} in milliseconds",
            "packet_loss_ratio|double|Share of RTP packets lost",
            "handover_count|int|Handovers during the session",
            "srvcc|boolean|Whether the call fell back to circuit-switched",
        ],
        ..TABLE
    },
    TableSpec {
        name: "roaming_cdrs",
        description: "Call legs of our customers abroad (TAP files) and of visitors on our network.",
        age_hours: 3,
        partitions: &[DT],
        columns: &[
            "cdr_id|string|Unique id of the call leg",
            "call_start|timestamp|Answer time (UTC)",
            "duration_seconds|int|Billable duration",
            "imsi|string|Subscriber IMSI|restricted",
            "customer_id|bigint|Our customer, empty for visitors",
            "visited_network|string|MCC-MNC of the visited network",
            "home_network|string|MCC-MNC of the home network",
            "direction|string|outbound (our customer abroad) or inbound (visitor)",
            "tap_charge|decimal(12,4)|Wholesale charge in SDR|confidential",
        ],
        ..TABLE
    },
    TableSpec {
        name: "interconnect_cdrs",
        description: "Calls handed over to or received from other operators, for interconnect settlement.",
        age_hours: 3,
        partitions: &[DT],
        columns: &[
            "cdr_id|string|Unique id of the call",
            "call_start|timestamp|Answer time (UTC)",
            "duration_seconds|int|Billable duration",
            "partner_operator|string|Interconnect partner",
            "trunk_group|string|Trunk group used",
            "direction|string|incoming or outgoing",
            "destination_prefix|string|Dialled prefix used for rating",
        ],
        ..TABLE
    },
];

const QUALITY: &[TableSpec] = &[
    TableSpec {
        name: "call_drops_daily",
        description: "Dropped calls per cell and day, with the drop rate.",
        age_hours: 5,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.voice_cdrs"],
        contract: Some(
            r#"{"version":"2.0","columns":[{"name":"cell_id","type":"string","nullable":false},{"name":"dropped_calls","type":"bigint"},{"name":"drop_rate","type":"double"},{"name":"dt","type":"string","nullable":false}],"freshness_hours":12}"#,
        ),
        columns: &[
            "cell_id|string|Cell",
            "site_id|string|Site the cell belongs to",
            "calls|bigint|Calls started in the cell",
            "dropped_calls|bigint|Calls released abnormally",
            "drop_rate|double|Dropped calls divided by calls",
            "top_release_cause|int|Most frequent abnormal release cause",
        ],
        ..TABLE
    },
    TableSpec {
        name: "mos_scores_hourly",
        description: "Estimated mean opinion score (MOS) of VoLTE calls per cell and hour.",
        format: Format::Iceberg,
        age_hours: 4,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.volte_sessions"],
        columns: &[
            "hour_start|timestamp|Start of the hour (UTC)",
            "cell_id|string|Cell",
            "sessions|bigint|VoLTE sessions",
            "mos_{avg,p10}|double|MOS, {}",
            "poor_call_ratio|double|Share of sessions with MOS below 3",
        ],
        ..TABLE
    },
    TableSpec {
        name: "cell_kpis_hourly",
        description: "Radio KPIs per cell and hour from the OSS counters.",
        format: Format::Iceberg,
        age_hours: 2,
        partitions: &[DT],
        columns: &[
            "hour_start|timestamp|Start of the hour (UTC)",
            "cell_id|string|Cell",
            "technology|string|2g, 3g, 4g or 5g",
            "{rrc,erab}_success_rate|double|{} setup success rate",
            "prb_utilisation|double|Physical resource block utilisation (0 to 1)",
            "avg_users|double|Average connected users",
            "availability|double|Share of the hour the cell was in service",
            "throughput_{dl,ul}_mbps|double|Average {} throughput in Mbit/s",
        ],
        ..TABLE
    },
    TableSpec {
        name: "dropped_call_hotspots",
        description: "Cells whose drop rate is above target for three days running, with their KPIs.",
        age_hours: 8,
        upstream: &["402183775002:call_quality.call_drops_daily", "402183775002:call_quality.cell_kpis_hourly"],
        columns: &[
            "cell_id|string|Cell",
            "site_id|string|Site",
            "days_above_target|int|Consecutive days above the drop target",
            "avg_drop_rate|double|Drop rate over those days",
            "avg_prb_utilisation|double|PRB utilisation over those days",
            "ticket_id|string|Network operations ticket opened, if any",
        ],
        ..TABLE
    },
    TableSpec {
        name: "call_setup_times",
        description: "Post-dial delay distribution per bearer and day.",
        age_hours: 6,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.volte_sessions"],
        columns: &[
            "bearer|string|cs, volte or vowifi",
            "calls|bigint|Calls set up",
            "setup_ms_{p50,p90,p99}|bigint|Post-dial delay at {} in milliseconds",
        ],
        ..TABLE
    },
    CELL_KPIS_DAILY,
];

const CELL_KPIS_DAILY: TableSpec = TableSpec {
    name: "cell_kpis_daily",
    description: "Daily roll-up of the radio KPIs per cell, the basis of the network scorecards.",
    format: Format::Iceberg,
    age_hours: 5,
    partitions: &[DT],
    upstream: &["402183775002:call_quality.cell_kpis_hourly"],
    columns: &[
        "cell_id|string|Cell",
        "site_id|string|Site the cell belongs to",
        "technology|string|2g, 3g, 4g or 5g",
        "{availability,rrc_success_rate,erab_success_rate,drop_rate,handover_success_rate}_avg|double|Daily average {}",
        "{dl,ul}_volume_gb|double|{} traffic volume in gigabytes",
        "max_users|int|Highest connected users in an hour",
        "prb_utilisation_p95|double|95th percentile PRB utilisation",
        "busy_hour|int|Hour with the most traffic",
    ],
    ..TABLE
};

const USAGE: &[TableSpec] = &[
    TableSpec {
        name: "voice_usage_daily",
        description: "Minutes of use per customer and day, by call type.",
        format: Format::Delta,
        age_hours: 9,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.voice_cdrs"],
        columns: &[
            "customer_id|bigint|Customer",
            "subscription_id|bigint|Subscription the line belongs to",
            "{onnet,offnet,international,roaming}_minutes|double|Minutes of {} calls",
            "calls|int|Calls made",
            "unique_called_numbers|int|Distinct numbers called",
        ],
        ..TABLE
    },
    TableSpec {
        name: "roaming_usage_daily",
        description: "Roaming minutes and data per customer, country and day.",
        format: Format::Delta,
        age_hours: 9,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.roaming_cdrs"],
        columns: &[
            "customer_id|bigint|Customer",
            "visited_country|string|ISO 3166 country code",
            "visited_network|string|MCC-MNC of the visited network",
            "voice_minutes|double|Minutes of calls abroad",
            "data_mb|double|Megabytes of data used abroad",
            "in_eu_zone|boolean|Whether roam-like-at-home applies",
        ],
        ..TABLE
    },
    TableSpec {
        name: "interconnect_minutes_monthly",
        description: "Minutes exchanged with each interconnect partner per month, for settlement.",
        age_hours: 20,
        partitions: &[MONTH],
        upstream: &["402183775002:voice_cdr.interconnect_cdrs"],
        columns: &[
            "partner_operator|string|Interconnect partner",
            "direction|string|incoming or outgoing",
            "minutes|double|Minutes exchanged",
            "calls|bigint|Calls exchanged",
            "rate_per_minute|decimal(10,5)|Settlement rate in EUR|confidential",
            "settlement_amount|decimal(12,2)|Settlement amount in EUR|confidential",
        ],
        ..TABLE
    },
    TableSpec {
        name: "usage_by_tariff_zone",
        description: "Minutes per tariff zone and day, across all customers.",
        age_hours: 10,
        partitions: &[DT],
        upstream: &["402183775002:network_usage.voice_usage_daily"],
        columns: &[
            "tariff_zone|string|Tariff zone",
            "minutes|double|Minutes of use",
            "customers|bigint|Customers with calls in the zone",
        ],
        ..TABLE
    },
    DATA_USAGE,
];

const DATA_USAGE: TableSpec = TableSpec {
    name: "data_usage_daily",
    description: "Mobile data per customer and day, by radio technology and service class.",
    format: Format::Delta,
    age_hours: 9,
    partitions: &[DT],
    columns: &[
        "customer_id|bigint|Customer",
        "subscription_id|bigint|Subscription the line belongs to",
        "{2g3g,4g,5g_nsa,5g_sa,wifi_calling}_mb|double|Megabytes used over {}",
        "{video,social,browsing,gaming,other}_mb|double|Megabytes of {} traffic, from DPI classes",
        "peak_hour|int|Hour of the day with the most traffic",
        "tethering_mb|double|Megabytes shared through tethering",
    ],
    ..TABLE
};

const FRAUD: &[TableSpec] = &[
    TableSpec {
        name: "irsf_alerts",
        description: "International revenue share fraud alerts raised on high-cost destinations.",
        age_hours: 19,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.voice_cdrs"],
        columns: &[
            "alert_id|string|Alert id",
            "raised_at|timestamp|When the alert was raised (UTC)",
            "customer_id|bigint|Customer whose line made the calls",
            "calling_msisdn|string|Line that made the calls|restricted",
            "destination_prefix|string|High-cost destination prefix",
            "calls|int|Calls in the alert window",
            "minutes|double|Minutes in the alert window",
            "estimated_loss|decimal(12,2)|Estimated exposure in EUR",
            "rule_id|string|Detection rule that fired",
        ],
        ..TABLE
    },
    TableSpec {
        name: "wangiri_events",
        description: "One-ring (wangiri) call waves from foreign numbers to our customers.",
        age_hours: 22,
        partitions: &[DT],
        columns: &[
            "wave_id|string|Detected wave id",
            "first_call|timestamp|First call of the wave (UTC)",
            "origin_prefix|string|Originating number prefix",
            "targeted_lines|bigint|Our lines that were called",
            "callbacks|bigint|Customers who called back",
            "blocked|boolean|Whether the origin was blocked",
        ],
        ..TABLE
    },
    TableSpec {
        name: "fraud_cases",
        description: "Fraud cases opened by analysts, with status and recovered amounts.",
        age_hours: 20,
        columns: &[
            "case_id|string|Case id",
            "opened_at|timestamp|When the case was opened (UTC)",
            "customer_id|bigint|Customer involved",
            "fraud_type|string|irsf, wangiri, sim_box, subscription or other",
            "status|string|open, investigating, closed_confirmed or closed_false_positive",
            "analyst|string|Analyst handling the case",
            "loss_amount|decimal(12,2)|Confirmed loss in EUR",
            "recovered_amount|decimal(12,2)|Recovered from partners in EUR",
            "notes|string|Analyst notes; may name people|restricted",
        ],
        ..TABLE
    },
    TableSpec {
        name: "sim_box_suspects",
        description: "Lines suspected of being SIM boxes bypassing interconnect.",
        age_hours: 21,
        upstream: &["402183775002:voice_cdr.voice_cdrs", "402183775002:network_usage.voice_usage_daily"],
        columns: &[
            "customer_id|bigint|Customer owning the line",
            "msisdn|string|Suspected line|restricted",
            "score|double|Model score",
            "outgoing_to_incoming_ratio|double|Ratio of outgoing to incoming calls",
            "distinct_cells|int|Distinct cells used in 7 days",
            "flagged_at|timestamp|When the line was flagged (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "fraud_rules",
        description: "Detection rules with their thresholds and hit counts.",
        age_hours: 30,
        columns: &[
            "rule_id|string|Rule id",
            "fraud_type|string|What the rule detects",
            "threshold|string|Threshold expression",
            "hits_30d|bigint|Alerts raised in 30 days",
            "false_positive_ratio|double|Share of alerts closed as false positives",
        ],
        ..TABLE
    },
];

const NUMBERS: &[TableSpec] = &[
    TableSpec {
        name: "msisdn_inventory",
        description: "Every mobile number we hold and its state.",
        age_hours: 7,
        columns: &[
            "msisdn|string|Number in E.164 format",
            "state|string|available, reserved, assigned, quarantined or ported_out",
            "number_block|string|Block the number belongs to",
            "assigned_customer_id|bigint|Customer the number is assigned to",
            "assigned_at|date|When it was assigned",
            "golden_number|boolean|Whether the number is sold at a premium",
        ],
        ..TABLE
    },
    TableSpec {
        name: "porting_events",
        description: "Numbers ported in and out, with donor and recipient operators.",
        age_hours: 7,
        partitions: &[DT],
        columns: &[
            "port_id|string|Porting request id",
            "msisdn|string|Ported number|restricted",
            "direction|string|in or out",
            "donor_operator|string|Operator the number leaves",
            "recipient_operator|string|Operator the number joins",
            "requested_at|timestamp|When the port was requested (UTC)",
            "completed_at|timestamp|When the port completed (UTC)",
            "status|string|completed, rejected or cancelled",
        ],
        ..TABLE
    },
    TableSpec {
        name: "number_blocks",
        description: "Number blocks allocated by the regulator and how full they are.",
        format: Format::Csv,
        age_hours: 15,
        columns: &[
            "number_block|string|Block prefix",
            "allocated_at|date|Regulator allocation date",
            "size|int|Numbers in the block",
            "assigned|int|Numbers assigned",
            "number_type|string|mobile, m2m or premium",
        ],
        ..TABLE
    },
    TableSpec {
        name: "number_reservations",
        description: "Numbers reserved in shops and online but not yet activated.",
        age_hours: 7,
        columns: &[
            "reservation_id|string|Reservation id",
            "msisdn|string|Reserved number",
            "channel|string|shop, web or partner",
            "reserved_at|timestamp|When it was reserved (UTC)",
            "expires_at|timestamp|When the reservation lapses (UTC)",
        ],
        ..TABLE
    },
];
