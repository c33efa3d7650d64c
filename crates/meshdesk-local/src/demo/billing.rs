//! The billing domain (402183775003): invoices, payments, rating and charging, collections and
//! revenue assurance.

use super::spec::{DT, DatabaseSpec, DomainSpec, Format, MONTH, PRODUCT, TABLE, TableSpec};

const RAJ: Option<&str> = Some("raj.patel@telco.example");
const LEE: Option<&str> = Some("lee.steward@telco.example");

pub(super) const BILLING: DomainSpec = DomainSpec {
    account: "402183775003",
    name: "billing-prod",
    domain: "billing",
    bucket: "telco-billing-prod-lake",
    envelope: &[
        "ingested_at|timestamp|When the billing extract was loaded (UTC)",
        "source_system|string|Billing system the record came from: convergent or legacy",
        "extract_date|date|Business date of the billing extract",
    ],
    databases: &[
        DatabaseSpec {
            name: "invoices",
            description: "Customer invoices and their lines as issued by the convergent billing system, \
                          including credit notes and adjustments.",
            owner: RAJ,
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(24),
            approval: Some(
                r#"{"auto_approve_max":"internal","quorum_for_restricted":["owner","steward"],"max_duration_days":180}"#,
            ),
            tags: &[("sensitivity", "internal")],
            tables: INVOICES,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "payments",
            description: "Payments received by every channel, stored payment methods, refunds and chargebacks.",
            owner: RAJ,
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(12),
            approval: Some(
                r#"{"auto_approve_max":"public","quorum_for_restricted":["owner","steward"],"max_duration_days":90}"#,
            ),
            tags: &[("sensitivity", "confidential")],
            tables: PAYMENTS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "rating_charging",
            description: "Rated usage events, tariff plans, bundle allowances and balances from the online \
                          charging system.",
            owner: Some("billing-platform@telco.example,arn:aws:iam::402183775003:role/billing-data-owners"),
            tier: Some("silver"),
            slo_hours: Some(6),
            tags: &[("sensitivity", "internal")],
            tables: RATING,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "collections",
            description: "Overdue accounts: dunning, payment arrangements, agency placements and write-offs.",
            owner: RAJ,
            tier: Some("silver"),
            slo_hours: Some(24),
            tags: &[("sensitivity", "confidential")],
            tables: COLLECTIONS,
            ..PRODUCT
        },
        DatabaseSpec {
            name: "revenue_assurance",
            description: "Controls that reconcile usage with what was billed, and the leakage they find.",
            owner: Some("raj.patel@telco.example,ra-team@telco.example"),
            steward: LEE,
            tier: Some("gold"),
            slo_hours: Some(48),
            tags: &[("sensitivity", "internal")],
            tables: ASSURANCE,
            ..PRODUCT
        },
    ],
};

const INVOICES: &[TableSpec] = &[
    TableSpec {
        name: "invoices",
        description: "One row per issued invoice.",
        format: Format::Iceberg,
        age_hours: 6,
        partitions: &[MONTH],
        contract: Some(
            r#"{"version":"3.1","columns":[{"name":"invoice_id","type":"string","nullable":false},{"name":"customer_id","type":"bigint","nullable":false},{"name":"issue_date","type":"date"},{"name":"total_amount","type":"decimal(12,2)"},{"name":"currency","type":"string"}],"freshness_hours":24}"#,
        ),
        columns: &[
            "invoice_id|string|Invoice number as printed",
            "customer_id|bigint|Customer billed",
            "billing_account_id|bigint|Billing account within the customer",
            "issue_date|date|Date the invoice was issued",
            "due_date|date|Payment due date",
            "period_{start,end}|date|Billing period {}",
            "currency|string|ISO 4217 currency code",
            "net_amount|decimal(12,2)|Amount before tax|confidential",
            "tax_amount|decimal(12,2)|Tax|confidential",
            "total_amount|decimal(12,2)|Amount due|confidential",
            "status|string|issued, paid, partially_paid, overdue or cancelled",
            "delivery_channel|string|email, post or app",
            "paperless|boolean|Whether the customer opted out of paper invoices",
        ],
        ..TABLE
    },
    TableSpec {
        name: "invoice_lines",
        description: "Invoice lines: recurring charges, usage, one-off charges and discounts.",
        format: Format::Iceberg,
        age_hours: 6,
        partitions: &[MONTH],
        tags: &[("sensitivity", "confidential")],
        columns: &[
            "invoice_id|string|Invoice the line belongs to",
            "line_number|int|Position on the invoice",
            "subscription_id|bigint|Subscription charged, empty for account-level charges",
            "charge_code|string|Charge code from rating_charging.charge_codes",
            "description|string|Line text as printed",
            "quantity|decimal(12,3)|Units charged",
            "unit_price|decimal(12,4)|Price per unit",
            "amount|decimal(12,2)|Line amount before tax, in the invoice currency",
            "tax_rate|decimal(5,4)|Tax rate applied",
            "discount_amount|decimal(12,2)|Discount included in the amount",
            "usage_period|struct<start:date,end:date>|Period of the usage charged",
        ],
        ..TABLE
    },
    TableSpec {
        name: "credit_notes",
        description: "Credit notes issued against invoices.",
        age_hours: 8,
        columns: &[
            "credit_note_id|string|Credit note number",
            "invoice_id|string|Invoice credited",
            "customer_id|bigint|Customer",
            "issued_at|date|Issue date",
            "amount|decimal(12,2)|Credited amount|confidential",
            "reason_code|string|Why the credit was given",
            "approved_by|string|Agent who approved the credit",
        ],
        ..TABLE
    },
    TableSpec {
        name: "invoice_adjustments",
        description: "Manual adjustments made by care agents before invoices are issued.",
        age_hours: 8,
        columns: &[
            "adjustment_id|string|Adjustment id",
            "billing_account_id|bigint|Billing account adjusted",
            "created_at|timestamp|When the agent made it (UTC)",
            "amount|decimal(12,2)|Adjustment amount; negative is a credit|confidential",
            "category|string|goodwill, correction or promotion",
            "agent_id|string|Care agent",
            "ticket_id|string|Care ticket the adjustment belongs to",
        ],
        ..TABLE
    },
    TableSpec {
        name: "billing_cycles",
        description: "Billing cycle calendar: when each cycle closes and invoices are issued.",
        format: Format::Csv,
        age_hours: 72,
        tags: &[("sensitivity", "public")],
        columns: &[
            "cycle_id|string|Billing cycle",
            "close_day|int|Day of month the cycle closes",
            "issue_offset_days|int|Days from close to invoice issue",
            "customers|bigint|Billing accounts in the cycle",
        ],
        ..TABLE
    },
    INVOICE_SUMMARY,
];

const INVOICE_SUMMARY: TableSpec = TableSpec {
    name: "invoice_summary_monthly",
    description: "Invoiced amounts per billing account and month, split by charge type.",
    format: Format::Iceberg,
    age_hours: 7,
    partitions: &[MONTH],
    upstream: &["402183775003:invoices.invoices", "402183775003:invoices.invoice_lines"],
    columns: &[
        "billing_account_id|bigint|Billing account",
        "customer_id|bigint|Customer",
        "invoices|int|Invoices issued in the month",
        "{recurring,usage,one_off,roaming,device_instalment}_amount|decimal(12,2)|{} charges in EUR",
        "discount_amount|decimal(12,2)|Discounts in EUR",
        "tax_amount|decimal(12,2)|Tax in EUR",
        "total_amount|decimal(12,2)|Total invoiced in EUR",
    ],
    ..TABLE
};

const PAYMENTS: &[TableSpec] = &[
    TableSpec {
        name: "payments",
        description: "Payments received, one row per payment, allocated to invoices.",
        format: Format::Iceberg,
        age_hours: 4,
        partitions: &[DT],
        columns: &[
            "payment_id|string|Payment id",
            "customer_id|bigint|Customer who paid",
            "billing_account_id|bigint|Billing account credited",
            "received_at|timestamp|When the payment arrived (UTC)",
            "amount|decimal(12,2)|Amount received",
            "currency|string|ISO 4217 currency code",
            "channel|string|direct_debit, card, bank_transfer, shop or app",
            "allocated_invoices|array<string>|Invoices the payment settled",
            "psp_reference|string|Payment service provider reference",
        ],
        ..TABLE
    },
    TableSpec {
        name: "payment_methods",
        description: "Stored payment methods; card numbers are tokenised by the PSP.",
        age_hours: 5,
        columns: &[
            "payment_method_id|string|Payment method id",
            "customer_id|bigint|Customer",
            "method_type|string|card, sepa_mandate or paypal",
            "card_token|string|PSP token of the card|restricted",
            "card_last4|string|Last four digits of the card|restricted",
            "card_expiry|string|Card expiry month, mm/yy|restricted",
            "iban_masked|string|IBAN with all but the last four digits masked|restricted",
            "is_default|boolean|Whether it is the default method",
            "created_at|timestamp|When it was stored (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "refunds",
        description: "Refunds paid back to customers.",
        age_hours: 5,
        partitions: &[DT],
        columns: &[
            "refund_id|string|Refund id",
            "payment_id|string|Payment refunded",
            "customer_id|bigint|Customer",
            "amount|decimal(12,2)|Refunded amount",
            "reason|string|Why it was refunded",
            "refunded_at|timestamp|When it was paid out (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "chargebacks",
        description: "Card chargebacks raised by issuers, and their outcome.",
        age_hours: 10,
        columns: &[
            "chargeback_id|string|Chargeback id",
            "payment_id|string|Payment disputed",
            "amount|decimal(12,2)|Disputed amount",
            "reason_code|string|Card scheme reason code",
            "raised_at|date|When the issuer raised it",
            "outcome|string|won, lost or pending",
        ],
        ..TABLE
    },
    TableSpec {
        name: "direct_debit_mandates",
        description: "SEPA direct debit mandates and their state.",
        age_hours: 11,
        columns: &[
            "mandate_id|string|Mandate reference",
            "customer_id|bigint|Customer",
            "signed_at|date|When the mandate was signed",
            "status|string|active, revoked or failed",
            "failed_collections_90d|int|Failed collections in 90 days",
        ],
        ..TABLE
    },
    PAYMENT_SUMMARY,
];

const PAYMENT_SUMMARY: TableSpec = TableSpec {
    name: "payment_summary_daily",
    description: "Money received per day by channel, for cash reporting.",
    age_hours: 5,
    partitions: &[DT],
    upstream: &["402183775003:payments.payments", "402183775003:payments.refunds"],
    columns: &[
        "{direct_debit,card,bank_transfer,shop,app}_amount|decimal(14,2)|Received by {} in EUR",
        "{direct_debit,card,bank_transfer,shop,app}_count|bigint|Payments by {}",
        "refunded_amount|decimal(14,2)|Refunded in EUR",
        "failed_direct_debits|bigint|Direct debits returned unpaid",
    ],
    ..TABLE
};

const RATING: &[TableSpec] = &[
    TableSpec {
        name: "rated_events",
        description: "Every usage event after rating: what it cost and which bundle paid for it.",
        format: Format::Iceberg,
        age_hours: 2,
        partitions: &[DT],
        upstream: &["402183775002:voice_cdr.voice_cdrs", "402183775001:message_events_curated.sms_events_clean"],
        columns: &[
            "event_id|string|Usage event id",
            "subscription_id|bigint|Subscription charged",
            "event_time|timestamp|When the usage happened (UTC)",
            "service|string|voice, sms, mms or data",
            "units|decimal(14,3)|Seconds, messages or megabytes",
            "charge_code|string|Charge code applied",
            "bundle_id|string|Bundle that absorbed the usage, if any",
            "rated_amount|decimal(12,4)|Out-of-bundle charge",
            "tariff_zone|string|Tariff zone",
        ],
        ..TABLE
    },
    TableSpec {
        name: "tariff_plans",
        description: "Tariff plans and their prices, as sold.",
        age_hours: 40,
        tags: &[("sensitivity", "public")],
        columns: &[
            "plan_code|string|Plan code",
            "plan_name|string|Commercial name",
            "monthly_fee|decimal(12,2)|Monthly fee in EUR",
            "included_{minutes,sms,data_gb}|int|Included {} per month",
            "valid_from|date|First day the plan can be sold",
            "valid_to|date|Last day the plan can be sold",
        ],
        ..TABLE
    },
    TableSpec {
        name: "bundle_allowances",
        description: "Allowance left in each active bundle, refreshed by the charging system.",
        age_hours: 3,
        columns: &[
            "subscription_id|bigint|Subscription",
            "bundle_id|string|Bundle",
            "allowance_type|string|minutes, sms or data",
            "granted|decimal(14,3)|Allowance granted for the period",
            "remaining|decimal(14,3)|Allowance left",
            "period_end|timestamp|When the allowance renews (UTC)",
        ],
        ..TABLE
    },
    TableSpec {
        name: "charge_codes",
        description: "Charge codes used on invoice lines and their general ledger mapping.",
        format: Format::Csv,
        age_hours: 100,
        tags: &[("sensitivity", "public")],
        columns: &[
            "charge_code|string|Charge code",
            "description|string|What is charged",
            "gl_account|string|General ledger account",
            "taxable|boolean|Whether tax applies",
        ],
        ..TABLE
    },
    TableSpec {
        name: "usage_balances",
        description: "Prepaid balances per subscription at the end of each day.",
        age_hours: 5,
        partitions: &[DT],
        columns: &[
            "subscription_id|bigint|Prepaid subscription",
            "balance|decimal(12,2)|Balance in EUR",
            "last_topup_at|timestamp|Last top-up (UTC)",
            "expires_at|date|When the balance expires",
        ],
        ..TABLE
    },
    TableSpec {
        name: "rating_errors",
        description: "Usage events the charging system could not rate, and why.",
        age_hours: 4,
        partitions: &[DT],
        upstream: &["402183775003:rating_charging.rated_events"],
        columns: &[
            "event_id|string|Usage event id",
            "error_code|string|Rating error",
            "service|string|voice, sms, mms or data",
            "units|decimal(14,3)|Units not rated",
            "resolved|boolean|Whether the event was re-rated",
        ],
        ..TABLE
    },
];

const COLLECTIONS: &[TableSpec] = &[
    TableSpec {
        name: "dunning_cases",
        description: "Billing accounts in dunning and the step they have reached.",
        age_hours: 10,
        upstream: &["402183775003:invoices.invoices", "402183775003:payments.payments"],
        columns: &[
            "case_id|string|Dunning case id",
            "billing_account_id|bigint|Billing account",
            "customer_id|bigint|Customer",
            "overdue_amount|decimal(12,2)|Amount overdue",
            "oldest_due_date|date|Due date of the oldest unpaid invoice",
            "dunning_step|string|reminder, warning, barring or termination",
            "next_action_at|date|When the next step is due",
        ],
        ..TABLE
    },
    TableSpec {
        name: "payment_arrangements",
        description: "Instalment plans agreed with customers in arrears.",
        age_hours: 12,
        columns: &[
            "arrangement_id|string|Arrangement id",
            "case_id|string|Dunning case",
            "instalments|int|Number of instalments",
            "instalment_amount|decimal(12,2)|Amount per instalment",
            "status|string|active, completed or broken",
            "agreed_at|date|When it was agreed",
        ],
        ..TABLE
    },
    TableSpec {
        name: "write_offs",
        description: "Debt written off, per billing account.",
        format: Format::Csv,
        age_hours: 60,
        columns: &[
            "billing_account_id|bigint|Billing account",
            "written_off_at|date|Date of write-off",
            "amount|decimal(12,2)|Amount written off",
            "reason|string|deceased, insolvency, uneconomic or fraud",
        ],
        ..TABLE
    },
    TableSpec {
        name: "agency_placements",
        description: "Debts placed with external collection agencies.",
        age_hours: 20,
        columns: &[
            "placement_id|string|Placement id",
            "case_id|string|Dunning case",
            "agency|string|Collection agency",
            "placed_at|date|When the debt was placed",
            "amount_placed|decimal(12,2)|Amount placed",
            "amount_recovered|decimal(12,2)|Amount recovered so far",
            "debtor_contact|struct<name:string,phone:string,address:string>|Contact details shared with the agency|restricted",
        ],
        ..TABLE
    },
];

const ASSURANCE: &[TableSpec] = &[
    TableSpec {
        name: "usage_vs_billed_daily",
        description: "Usage seen in the network against usage billed, per service and day.",
        age_hours: 20,
        partitions: &[DT],
        upstream: &[
            "402183775003:rating_charging.rated_events",
            "402183775003:invoices.invoice_lines",
            "402183775002:network_usage.voice_usage_daily",
        ],
        columns: &[
            "service|string|voice, sms, mms or data",
            "network_units|decimal(16,3)|Units recorded by the network",
            "rated_units|decimal(16,3)|Units rated",
            "billed_units|decimal(16,3)|Units on invoices",
            "unbilled_ratio|double|Share of network units not billed",
        ],
        ..TABLE
    },
    TableSpec {
        name: "leakage_findings",
        description: "Revenue leakage found by assurance controls and its estimated value.",
        age_hours: 30,
        upstream: &["402183775003:revenue_assurance.usage_vs_billed_daily"],
        columns: &[
            "finding_id|string|Finding id",
            "control_id|string|Control that found it",
            "found_at|date|When it was found",
            "estimated_leakage|decimal(12,2)|Estimated monthly leakage in EUR",
            "root_cause|string|Root cause",
            "status|string|open, fixing or closed",
        ],
        ..TABLE
    },
    TableSpec {
        name: "ra_controls",
        description: "Revenue assurance controls and when each last ran.",
        age_hours: 30,
        columns: &[
            "control_id|string|Control id",
            "description|string|What the control checks",
            "frequency|string|daily, weekly or monthly",
            "last_run_at|timestamp|Last run (UTC)",
            "last_result|string|pass, warn or fail",
        ],
        ..TABLE
    },
];
