//! Every record survives the trip through a DynamoDB item exactly, and an item of a newer format
//! or with a damaged field is refused with what is wrong.

use super::*;
use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::AuditDraft;

fn full_request() -> ShareRequest {
    ShareRequest {
        id: "req-0007".into(),
        version: 3,
        requester: "arn:aws:sts::111111111111:assumed-role/Analyst/mia@telco.example".into(),
        principal: "arn:aws:iam::111111111111:role/Analyst".into(),
        product_account: "222222222222".into(),
        product_database: "customer_profiles".into(),
        tables: vec!["customers".into(), "addresses".into()],
        columns: vec!["customers.id".into(), "customers.segment".into()],
        row_filter: Some("country = 'SE'".into()),
        permissions: [Permission::Select, Permission::Describe].into_iter().collect(),
        duration_days: 90,
        justification: "ünïcødé, \"quotes\"\nand lines".into(),
        status: RequestStatus::Provisioned,
        created_at: 1_790_000_000,
        decisions: vec![
            Decision {
                by: "dana".into(),
                capacity: Capacity::Owner,
                verdict: Verdict::Approve,
                at: 1_790_000_100,
                reason: None,
            },
            Decision {
                by: "policy".into(),
                capacity: Capacity::Policy,
                verdict: Verdict::Extend,
                at: 1_790_000_200,
                reason: Some(String::new()),
            },
        ],
        expires_at: Some(1_797_776_000),
        grant_ids: vec!["req-0007/customers".into()],
        last_error: Some("throttled, then retried".into()),
        extends: Some("req-0002".into()),
        consumer: ConsumerSide {
            links: vec![ResourceLink {
                account: "111111111111".into(),
                database: "meshdesk_shared".into(),
                name: "customer_profiles__customers_1a2b3c4d".into(),
                target_table: "customers".into(),
            }],
            pending: Some("waiting for account 111111111111".into()),
        },
    }
}

#[test]
fn a_request_round_trips_with_every_field() {
    let request = full_request();
    assert_eq!(request_from(&request_item(&request)), Ok(request.clone()));
    let bare = ShareRequest {
        row_filter: None,
        expires_at: None,
        last_error: None,
        extends: None,
        decisions: vec![],
        tables: vec![],
        columns: vec![],
        grant_ids: vec![],
        justification: String::new(),
        consumer: ConsumerSide::default(),
        ..request
    };
    let item = request_item(&bare);
    assert!(!item.contains_key("row_filter") && !item.contains_key("expires_at"));
    assert_eq!(item.get("product"), Some(&s("222222222222:customer_profiles")));
    assert_eq!(request_from(&item), Ok(bare));
}

#[test]
fn a_request_written_before_the_consumer_side_existed_reads_as_having_none() {
    let mut old = request_item(&full_request());
    old.remove("consumer_links");
    old.remove("consumer_pending");
    let read = request_from(&old).expect("an older item still reads");
    assert_eq!(read.consumer, ConsumerSide::default());
    let mut damaged = request_item(&full_request());
    damaged.insert("consumer_links".into(), AttributeValue::L(vec![s("not a map")]));
    assert!(request_from(&damaged).is_err_and(|e| e.0.contains("consumer_links")));
}

#[test]
fn an_event_round_trips_under_the_chain_partition() {
    let draft = AuditDraft {
        actor: "dana".into(),
        action: "request.approved".into(),
        target: "req-1".into(),
        request_id: Some("req-1".into()),
        before: Some(String::new()),
        after: None,
    };
    let event = seal(None, &draft, -5);
    let item = event_item(&event);
    assert_eq!((item.get("pk"), item.get("sk")), (Some(&s(CHAIN)), Some(&n(1))));
    assert_eq!(event_from(&item), Ok(event));
}

#[test]
fn grants_of_every_resource_shape_round_trip() {
    let base = |resource| Grant {
        id: "g".into(),
        principal: "333333333333".into(),
        resource,
        permissions: [Permission::Select].into_iter().collect(),
        grantable: BTreeSet::new(),
    };
    let resources = [
        Resource::Database { account: "1".into(), database: "d".into() },
        Resource::Table { account: "1".into(), database: "d".into(), table: None, columns: ColumnSelection::All },
        Resource::Table {
            account: "1".into(),
            database: "d".into(),
            table: Some("t".into()),
            columns: ColumnSelection::Only(vec!["b".into(), "a".into()]),
        },
        Resource::Table {
            account: "1".into(),
            database: "d".into(),
            table: Some("t".into()),
            columns: ColumnSelection::AllExcept(vec!["x".into()]),
        },
        Resource::DataCellsFilter {
            account: "1".into(),
            database: "d".into(),
            table: "t".into(),
            name: "meshdesk-req-1".into(),
            row_filter: Some("a = 1".into()),
            columns: ColumnSelection::All,
        },
        Resource::TagPolicy {
            account: "1".into(),
            expression: TagExpression {
                clauses: vec![TagClause { key: "domain".into(), values: vec!["sales".into(), "retail".into()] }],
            },
        },
    ];
    for resource in resources {
        let grant = base(resource);
        let mut item = Item::new();
        item.insert("format".into(), n(FORMAT));
        grant_fields(&mut item, &grant);
        assert_eq!(grant_from(&item, "g".into()), Ok(grant));
    }
}

#[test]
fn items_of_a_newer_format_or_with_damaged_fields_are_refused() {
    let mut newer = request_item(&full_request());
    newer.insert("format".into(), n(FORMAT + 1));
    assert!(request_from(&newer).is_err_and(|e| e.0.contains("newer Meshdesk")));
    let mut damaged = request_item(&full_request());
    damaged.insert("status".into(), s("granted"));
    assert_eq!(request_from(&damaged), Err(RecordError("it has the unknown status \"granted\"".into())));
    let mut wrong_type = request_item(&full_request());
    wrong_type.insert("version".into(), s("3"));
    assert_eq!(request_from(&wrong_type), Err(RecordError("its `version` is not a number".into())));
    let mut unformatted = request_item(&full_request());
    unformatted.remove("format");
    assert_eq!(request_from(&unformatted), Err(RecordError("it has no `format`".into())));
}
