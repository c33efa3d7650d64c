//! The Nimbus domain (588812340017): exports from the data warehouse of Nimbus Mobile, acquired
//! last year — CSV and JSON files, loose ownership, stale loads; the products the mesh is
//! migrating off.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, MONTH, PRODUCT, TABLE, TableSpec};

/// Nimbus exports are loaded by a nightly job that has been failing for over a week.
const STALE: i64 = 24 * 11;

/// The legacy ETL writes no `meshdesk:last_updated`; only the Glue update time tells.
const LEGACY: TableSpec = TableSpec { format: Format::Csv, age_hours: STALE, stamped: false, ..TABLE };

pub(super) const NIMBUS: DomainSpec = DomainSpec {
    account: "588812340017",
    name: "nimbus-legacy",
    domain: "nimbus",
    bucket: "nimbus-mobile-dwh-exports",
    envelope: &[
        "load_file_name|string|Export file the row was loaded from",
        "load_ts|string|Load time as written by the legacy ETL (yyyy-MM-dd HH:mm:ss, local time)",
        "load_batch|string|Legacy ETL batch number",
    ],
    databases: &[
        DatabaseSpec {
            name: "nimbus_subscribers_legacy",
            description: "Nimbus Mobile subscribers, plans, addresses and devices, exported nightly as CSV \
                          from the Nimbus data warehouse until the migration completes.",
            owner: Some("j.berg@nimbusmobile.example"),
            steward: Some("lee.steward@telco.example"),
            tier: Some("bronze"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: SUBSCRIBERS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "nimbus_billing_legacy",
            description: "Nimbus monthly bills, bill items and payments, exported from the Nimbus billing \
                          system.",
            owner: Some("finance-it@nimbusmobile.example"),
            tier: Some("bronze"),
            slo_hours: Some(168),
            tags: &[("sensitivity", "confidential")],
            tables: BILLING,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "nimbus_usage_legacy",
            description: "Nimbus call, SMS, roaming and top-up records as dumped by the Nimbus mediation.",
            tier: Some("bronze"),
            slo_hours: Some(48),
            tags: &[("sensitivity", "confidential")],
            tables: USAGE,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "nimbus_network_exports",
            description: "Nimbus cell sites, outages and coverage, exported by Nimbus network operations.",
            owner: Some("netops@nimbusmobile.example"),
            tier: Some("bronze"),
            slo_hours: Some(72),
            tables: NETWORK,
            ..PRODUCT
        },
    ],
};

const SUBSCRIBERS: &[TableSpec] = &[
    TableSpec {
        name: "subscribers",
        description: "Nimbus subscribers as of the last export.",
        columns: &[
            "subscriber_id|string|Nimbus subscriber number",
            "full_name|string|Subscriber name as one field|restricted",
            "email|string|Email address|restricted",
            "msisdn|string|Phone number, national format|restricted",
            "birth_date|string|Date of birth, dd.mm.yyyy|restricted",
            "customer_class|string|Nimbus customer class: A, B, C or corporate",
            "signup_date|string|Signup date, dd.mm.yyyy",
            "status_code|string|Nimbus status code: 10 active, 20 barred, 90 closed",
            "telco_customer_id|string|Customer id in the group CRM, once migrated",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "subscriber_plans",
        description: "The Nimbus tariff each subscriber is on.",
        columns: &[
            "subscriber_id|string|Nimbus subscriber number",
            "tariff_code|string|Nimbus tariff code",
            "tariff_name|string|Nimbus tariff name",
            "monthly_fee|string|Monthly fee in EUR, comma as decimal separator",
            "start_date|string|dd.mm.yyyy",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "addresses",
        description: "Subscriber addresses in the Nimbus format.",
        columns: &[
            "subscriber_id|string|Nimbus subscriber number",
            "street|string|Street and house number|restricted",
            "zip|string|Postcode|restricted",
            "city|string|City",
            "address_type|string|billing or delivery",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "device_registry",
        description: "Devices sold or financed by Nimbus.",
        columns: &[
            "subscriber_id|string|Nimbus subscriber number",
            "imei|string|Device IMEI|restricted",
            "device_model|string|Model",
            "financed|string|Y or N",
            "instalments_left|string|Instalments still to pay",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "subscriber_status_history",
        description: "Status changes of Nimbus subscribers.",
        columns: &[
            "subscriber_id|string|Nimbus subscriber number",
            "status_code|string|New status code",
            "changed_on|string|dd.mm.yyyy",
            "changed_by|string|Nimbus user id",
        ],
        ..LEGACY
    },
];

const BILLING: &[TableSpec] = &[
    TableSpec {
        name: "monthly_bills",
        description: "Nimbus bills, one row per subscriber and month.",
        age_hours: 24 * 9,
        partitions: &[MONTH],
        columns: &[
            "bill_no|string|Nimbus bill number",
            "subscriber_id|string|Nimbus subscriber number",
            "bill_month|string|yyyymm",
            "amount_gross|string|Gross amount, comma as decimal separator",
            "vat|string|VAT amount",
            "paid|string|Y or N",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "bill_items",
        description: "Items of Nimbus bills.",
        age_hours: 24 * 9,
        partitions: &[MONTH],
        columns: &[
            "bill_no|string|Nimbus bill number",
            "item_no|string|Item position",
            "item_text|string|Item text",
            "amount|string|Amount, comma as decimal separator",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "payments_export",
        description: "Payments booked in the Nimbus billing system.",
        format: Format::Json,
        age_hours: 24 * 9,
        columns: &[
            "payment_ref|string|Payment reference",
            "subscriber_id|string|Nimbus subscriber number",
            "amount|double|Amount in EUR",
            "booked_at|string|Booking time",
            "bank_account|string|Payer bank account|restricted",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "dunning_export",
        description: "Nimbus dunning letters sent.",
        age_hours: 24 * 9,
        columns: &[
            "subscriber_id|string|Nimbus subscriber number",
            "letter_level|string|1, 2 or 3",
            "sent_on|string|dd.mm.yyyy",
            "open_amount|string|Open amount",
        ],
        ..LEGACY
    },
];

const USAGE: &[TableSpec] = &[
    TableSpec {
        name: "usage_records",
        description: "Nimbus call records.",
        format: Format::Json,
        partitions: &[DT],
        columns: &[
            "rec_id|string|Record id",
            "a_number|string|Calling number|restricted",
            "b_number|string|Called number|restricted",
            "start_ts|string|Call start",
            "dur_sec|bigint|Duration in seconds",
            "cell|string|Cell id",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "sms_records",
        description: "Nimbus SMS records.",
        format: Format::Json,
        partitions: &[DT],
        columns: &[
            "rec_id|string|Record id",
            "a_number|string|Sender|restricted",
            "b_number|string|Recipient|restricted",
            "sent_ts|string|Send time",
            "parts|int|Segments",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "roaming_records",
        description: "Nimbus roaming records from TAP files.",
        format: Format::Json,
        partitions: &[DT],
        columns: &[
            "rec_id|string|Record id",
            "subscriber_id|string|Nimbus subscriber number",
            "vplmn|string|Visited network",
            "service|string|voice, sms or data",
            "volume|double|Minutes, messages or megabytes",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "topups",
        description: "Prepaid top-ups of Nimbus subscribers.",
        columns: &[
            "topup_id|string|Top-up id",
            "subscriber_id|string|Nimbus subscriber number",
            "amount|string|Amount in EUR",
            "channel|string|voucher, card or shop",
            "topup_ts|string|Top-up time",
        ],
        ..LEGACY
    },
    DATA_SESSIONS,
];

const DATA_SESSIONS: TableSpec = TableSpec {
    name: "data_sessions",
    description: "Nimbus data sessions from the GGSN export.",
    partitions: &[DT],
    columns: &[
        "session_id|string|Session id",
        "subscriber_id|string|Nimbus subscriber number",
        "apn|string|Access point name",
        "start_ts|string|Session start",
        "end_ts|string|Session end",
        "uplink_kb|string|Kilobytes sent",
        "downlink_kb|string|Kilobytes received",
        "rat|string|Radio access type code",
    ],
    ..LEGACY
};

const NETWORK: &[TableSpec] = &[
    TableSpec {
        name: "cell_sites",
        description: "Nimbus cell sites and their equipment.",
        format: Format::Parquet,
        age_hours: 30,
        columns: &[
            "site_id|string|Nimbus site id",
            "latitude|double|Latitude",
            "longitude|double|Longitude",
            "vendor|string|Radio equipment vendor",
            "technologies|array<string>|Technologies on the site",
            "decommission_planned|boolean|Whether the site is to be shut down after migration",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "site_outages",
        description: "Outages of Nimbus sites.",
        format: Format::Parquet,
        age_hours: 30,
        columns: &[
            "site_id|string|Nimbus site id",
            "outage_start|timestamp|Start",
            "outage_end|timestamp|End",
            "cause|string|power, transmission, hardware or planned",
        ],
        ..LEGACY
    },
    TableSpec {
        name: "coverage_polygons",
        description: "Nimbus predicted coverage areas per technology.",
        format: Format::Parquet,
        age_hours: 30,
        columns: &[
            "polygon_id|string|Polygon id",
            "technology|string|2g, 3g or 4g",
            "wkt|string|Polygon as well-known text",
            "signal_class|string|good, fair or poor",
        ],
        ..LEGACY
    },
];
