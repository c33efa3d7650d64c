//! The identity store lookup on responses the emulator does not give: moto evaluates no IAM
//! policy by default (so `identitystore:*` is never denied there), and pages memberships only
//! past 100 groups. The happy path runs against moto in tests/moto/identity.rs.

use aws_sdk_identitystore::config::retry::RetryConfig;
use aws_sdk_identitystore::operation::describe_group::DescribeGroupOutput;
use aws_sdk_identitystore::operation::get_user_id::GetUserIdOutput;
use aws_sdk_identitystore::operation::list_group_memberships_for_member::ListGroupMembershipsForMemberOutput;
use aws_sdk_identitystore::types::{GroupMembership, MemberId};
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};

use super::*;

const STORE: &str = "d-9067b4c3a1";

fn caller(session: &str) -> Caller {
    Caller {
        account: "111111111111".into(),
        arn: format!("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_DataOwner_5f2a9c/{session}"),
        user_id: "AROAEXAMPLE:x".into(),
    }
}

fn run_lookup(rules: &[&Rule], session: &str) -> Lookup {
    let client = mock_client!(aws_sdk_identitystore, RuleMode::MatchAny, rules, |c| c
        .retry_config(RetryConfig::disabled()));
    let store = Store { client: &client, identity_store_id: STORE, profile: "hub" };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(lookup(&store, &caller(session)))
}

fn denied(action: &str) -> String {
    format!(r#"{{"__type":"AccessDeniedException","Message":"User is not authorized to perform: identitystore:{action}"}}"#)
}

fn membership(group: &str) -> GroupMembership {
    GroupMembership::builder()
        .identity_store_id(STORE)
        .membership_id(format!("m-{group}"))
        .membership_arn(format!("arn:aws:identitystore::111111111111:identitystore/{STORE}/membership/m-{group}"))
        .group_id(group)
        .member_id(MemberId::UserId("u-1".into()))
        .build()
        .expect("a membership")
}

#[test]
fn a_role_not_allowed_to_read_the_store_is_a_notice_not_a_failure() {
    let rule = mock!(aws_sdk_identitystore::Client::get_user_id)
        .sequence()
        .http_status(400, Some(denied("GetUserId")))
        .repeatedly()
        .build();
    let found = run_lookup(&[&rule], "dana@telco.example");
    assert_eq!((found.user_arn, found.groups), (None, Vec::new()));
    let notice = found.notice.expect("a notice");
    assert!(notice.contains("AccessDeniedException") && notice.contains("roles and email only"), "{notice}");
}

#[test]
fn an_unknown_sign_in_is_tried_by_user_name_then_email_and_said() {
    let rule = mock!(aws_sdk_identitystore::Client::get_user_id)
        .sequence()
        .http_status(
            404,
            Some(r#"{"__type":"ResourceNotFoundException","Message":"USER not found.","ResourceType":"USER"}"#.to_owned()),
        )
        .repeatedly()
        .build();
    let found = run_lookup(&[&rule], "nobody@telco.example");
    assert_eq!(rule.num_calls(), 2, "userName, then emails.value");
    assert!(found.notice.expect("a notice").contains("has no user \"nobody@telco.example\""));
    let generated = run_lookup(&[], "aws-sdk-rust-1700000000");
    assert!(generated.notice.expect("a notice").contains("not an Identity Center sign-in"));
}

#[test]
fn every_page_of_memberships_is_read_and_a_group_without_a_readable_name_keeps_its_id() {
    let user = mock!(aws_sdk_identitystore::Client::get_user_id)
        .then_output(|| GetUserIdOutput::builder().identity_store_id(STORE).user_id("u-1").user_arn("arn:aws:identitystore:::user/u-1").build().expect("out"));
    let pages = mock!(aws_sdk_identitystore::Client::list_group_memberships_for_member).then_compute_output(|req| {
        match req.next_token() {
            None => ListGroupMembershipsForMemberOutput::builder()
                .group_memberships(membership("g-owners"))
                .next_token("2")
                .build()
                .expect("page 1"),
            Some(_) => ListGroupMembershipsForMemberOutput::builder()
                .group_memberships(membership("g-stewards"))
                .build()
                .expect("page 2"),
        }
    });
    let named = mock!(aws_sdk_identitystore::Client::describe_group)
        .match_requests(|req| req.group_id() == Some("g-stewards"))
        .then_output(|| {
            DescribeGroupOutput::builder()
                .identity_store_id(STORE)
                .group_id("g-stewards")
                .group_arn("arn:aws:identitystore::111111111111:group/g-stewards")
                .revision("1")
                .display_name("data-stewards")
                .build()
                .expect("out")
        });
    let unnamed = mock!(aws_sdk_identitystore::Client::describe_group)
        .sequence()
        .http_status(400, Some(denied("DescribeGroup")))
        .repeatedly()
        .build();
    let found = run_lookup(&[&user, &pages, &named, &unnamed], "dana");
    assert_eq!(found.user_arn.as_deref(), Some("arn:aws:identitystore:::user/u-1"));
    let groups: Vec<(&str, &str)> = found.groups.iter().map(|g| (g.arn.as_str(), g.name.as_str())).collect();
    assert_eq!(
        groups,
        [
            ("arn:aws:identitystore:::group/g-owners", "g-owners"),
            ("arn:aws:identitystore:::group/g-stewards", "data-stewards")
        ]
    );
    assert!(found.notice.expect("says a name is missing").contains("DescribeGroup"));
}
