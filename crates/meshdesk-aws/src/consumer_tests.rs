//! The consumer's RAM invitation and resource links on realistic AWS answers. The emulator has
//! no RAM invitations at all (a cross-account grant creates no share there; see moto.md), and
//! answering "name taken" needs a catalog in a state the emulator cannot be asked for by name.

use aws_sdk_glue::operation::get_table::GetTableOutput;
use aws_sdk_ram::operation::accept_resource_share_invitation::AcceptResourceShareInvitationOutput;
use aws_sdk_ram::operation::get_resource_share_invitations::GetResourceShareInvitationsOutput;
use aws_sdk_ram::types::{ResourceShareInvitation, ResourceShareInvitationStatus as Status};
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use meshdesk_core::governance::model::{Permission, RequestStatus};

use super::*;
use crate::identity::Caller;

const CONSUMER: &str = "333333333333";
const PRODUCER: &str = "222222222222";

fn clients(glue_rules: &[&Rule], ram_rules: &[&Rule]) -> AccountClients {
    AccountClients {
        profile: "analytics".into(),
        name: "analytics".into(),
        domain: "analytics".into(),
        caller: Caller {
            account: CONSUMER.into(),
            arn: format!("arn:aws:sts::{CONSUMER}:assumed-role/Analyst/mia"),
            user_id: "x".into(),
        },
        glue: mock_client!(aws_sdk_glue, RuleMode::MatchAny, glue_rules, |c| c
            .retry_config(aws_sdk_glue::config::retry::RetryConfig::disabled())),
        lakeformation: mock_client!(aws_sdk_lakeformation, &[] as &[&Rule]),
        ram: mock_client!(aws_sdk_ram, RuleMode::MatchAny, ram_rules, |c| c
            .retry_config(aws_sdk_ram::config::retry::RetryConfig::disabled())),
    }
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
}

fn invitation(arn: &str, sender: &str, status: Status) -> ResourceShareInvitation {
    ResourceShareInvitation::builder()
        .resource_share_invitation_arn(arn)
        .resource_share_name(format!("LakeFormation-V3-{sender}"))
        .resource_share_arn(format!("arn:aws:ram:eu-west-1:{sender}:resource-share/{arn}"))
        .sender_account_id(sender)
        .receiver_account_id(CONSUMER)
        .status(status)
        .build()
}

fn arn(id: &str) -> String {
    format!("arn:aws:ram:eu-west-1:{PRODUCER}:resource-share-invitation/{id}")
}

#[test]
fn a_pending_invitation_from_the_producer_is_found_across_pages_and_accepted() {
    let first = mock!(aws_sdk_ram::Client::get_resource_share_invitations)
        .match_requests(|r| r.next_token().is_none())
        .then_output(|| {
            GetResourceShareInvitationsOutput::builder()
                .resource_share_invitations(invitation(&arn("old"), PRODUCER, Status::Accepted))
                .resource_share_invitations(invitation("arn:aws:ram:eu-west-1:444444444444:resource-share-invitation/x", "444444444444", Status::Pending))
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_ram::Client::get_resource_share_invitations)
        .match_requests(|r| r.next_token() == Some("page-2"))
        .then_output(|| {
            GetResourceShareInvitationsOutput::builder()
                .resource_share_invitations(invitation(&arn("new"), PRODUCER, Status::Pending))
                .build()
        });
    let accept = mock!(aws_sdk_ram::Client::accept_resource_share_invitation)
        .match_requests(|r| r.resource_share_invitation_arn() == Some(arn("new").as_str()))
        .then_output(|| AcceptResourceShareInvitationOutput::builder().build());
    let clients = clients(&[], &[&first, &second, &accept]);
    assert_eq!(run(accept_invitations(&clients, PRODUCER)).expect("accepted"), 1);
    assert_eq!((first.num_calls(), second.num_calls(), accept.num_calls()), (1, 1, 1));
}

#[test]
fn no_pending_invitation_means_nothing_to_accept() {
    // Inside one organisation Lake Formation shares without invitations; an accepted one, or
    // one from another producer, is not this share's.
    let list = mock!(aws_sdk_ram::Client::get_resource_share_invitations).then_output(|| {
        GetResourceShareInvitationsOutput::builder()
            .resource_share_invitations(invitation(&arn("old"), PRODUCER, Status::Accepted))
            .resource_share_invitations(invitation("arn:aws:ram:eu-west-1:444444444444:resource-share-invitation/x", "444444444444", Status::Pending))
            .build()
    });
    let accept = mock!(aws_sdk_ram::Client::accept_resource_share_invitation)
        .then_output(|| AcceptResourceShareInvitationOutput::builder().build());
    let clients = clients(&[], &[&list, &accept]);
    assert_eq!(run(accept_invitations(&clients, PRODUCER)).expect("nothing to do"), 0);
    assert_eq!(accept.num_calls(), 0);
}

#[test]
fn an_invitation_accepted_meanwhile_is_fine_and_a_refusal_is_an_error_naming_the_call() {
    let list = mock!(aws_sdk_ram::Client::get_resource_share_invitations).then_output(|| {
        GetResourceShareInvitationsOutput::builder()
            .resource_share_invitations(invitation(&arn("a"), PRODUCER, Status::Pending))
            .build()
    });
    let raced = mock!(aws_sdk_ram::Client::accept_resource_share_invitation)
        .sequence()
        .http_status(400, Some(r#"{"__type":"ResourceShareInvitationAlreadyAcceptedException","message":"already accepted"}"#.to_owned()))
        .build();
    run(accept_invitations(&clients(&[], &[&list, &raced]), PRODUCER)).expect("accepted by someone else is accepted");

    let denied = mock!(aws_sdk_ram::Client::accept_resource_share_invitation)
        .sequence()
        .http_status(400, Some(r#"{"__type":"OperationNotPermittedException","message":"not allowed"}"#.to_owned()))
        .build();
    let error = run(accept_invitations(&clients(&[], &[&list, &denied]), PRODUCER)).expect_err("refused");
    assert!(error.to_string().contains("RAM AcceptResourceShareInvitation") && error.to_string().contains(CONSUMER), "{error}");
}

fn request() -> ShareRequest {
    ShareRequest {
        id: "req-0003".into(),
        version: 4,
        requester: "mia".into(),
        principal: format!("arn:aws:iam::{CONSUMER}:role/Analyst"),
        product_account: PRODUCER.into(),
        product_database: "orders".into(),
        tables: vec!["lines".into()],
        columns: vec![],
        row_filter: None,
        permissions: [Permission::Select].into(),
        duration_days: 30,
        justification: "forecast".into(),
        status: RequestStatus::Provisioned,
        created_at: 0,
        decisions: vec![],
        expires_at: None,
        grant_ids: vec![],
        last_error: None,
        extends: None,
        consumer: Default::default(),
    }
}

fn link() -> ResourceLink {
    ResourceLink {
        account: CONSUMER.into(),
        database: SHARED_DATABASE.into(),
        name: "orders__lines_0a1b2c3d".into(),
        target_table: "lines".into(),
    }
}

fn get_table(target: Option<(&str, &str, &str)>) -> Rule {
    let target = target.map(|(c, d, t)| (c.to_owned(), d.to_owned(), t.to_owned()));
    mock!(aws_sdk_glue::Client::get_table).then_output(move || {
        let mut table = aws_sdk_glue::types::Table::builder().name("orders__lines_0a1b2c3d").database_name(SHARED_DATABASE);
        if let Some((c, d, t)) = &target {
            table = table.target_table(TableIdentifier::builder().catalog_id(c).database_name(d).name(t).build());
        }
        GetTableOutput::builder().table(table.build().expect("a table")).build()
    })
}

fn exists() -> Rule {
    mock!(aws_sdk_glue::Client::create_table)
        .sequence()
        .http_status(400, Some(r#"{"__type":"AlreadyExistsException","Message":"Table already exists."}"#.to_owned()))
        .build()
}

#[test]
fn a_link_already_pointing_at_the_target_is_done_and_a_name_taken_otherwise_is_a_conflict() {
    let (create, same) = (exists(), get_table(Some((PRODUCER, "orders", "lines"))));
    run(ensure_link(&clients(&[&create, &same], &[]), &request(), &link())).expect("the same link is success");

    let (create, elsewhere) = (exists(), get_table(Some(("555555555555", "orders", "lines"))));
    let error = run(ensure_link(&clients(&[&create, &elsewhere], &[]), &request(), &link())).expect_err("taken");
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert!(error.to_string().contains("a resource link to 555555555555:orders.lines"), "{error}");

    let (create, table) = (exists(), get_table(None));
    let error = run(ensure_link(&clients(&[&create, &table], &[]), &request(), &link())).expect_err("taken");
    assert!(error.to_string().contains("meshdesk_shared.orders__lines_0a1b2c3d in account 333333333333"), "{error}");
    assert!(error.to_string().contains("not a resource link"), "{error}");
}

#[test]
fn undoing_leaves_a_table_that_is_not_meshdesks_link_alone() {
    let (table, delete) = (
        get_table(None),
        mock!(aws_sdk_glue::Client::delete_table).then_output(|| aws_sdk_glue::operation::delete_table::DeleteTableOutput::builder().build()),
    );
    let error = run(delete_link(&clients(&[&table, &delete], &[]), &request(), &link())).expect_err("not ours");
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(delete.num_calls(), 0, "nothing of someone else's is deleted");
}
