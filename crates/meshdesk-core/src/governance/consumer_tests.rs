//! The consumer side: which account links, what the links are named, and the DESCRIBE grant.

use super::consumer::*;
use super::fixture::{World, ANALYTICS, IDENT, OMAR_ROLE};
use super::model::{Permission, RequestStatus, Resource};

#[test]
fn a_request_from_another_account_links_each_granted_table_in_the_consumers_shared_database() {
    let world = World::demo();
    let request = world.request(&["customers.customer_id"]);
    assert_eq!(consumer_account(&request).as_deref(), Some(ANALYTICS));
    let links = links_for(&request, &world.tables);
    assert_eq!(links.len(), 1);
    let link = &links[0];
    assert_eq!((link.account.as_str(), link.database.as_str(), link.target_table.as_str()), (ANALYTICS, SHARED_DATABASE, "customers"));
    assert!(link.name.starts_with("customer_profiles__customers_"), "{}", link.name);

    let grant = link_grant(&request, link).expect("a role principal gets DESCRIBE on the link");
    assert_eq!(grant.id, "req-7/link/customers");
    assert_eq!(grant.principal, OMAR_ROLE);
    assert_eq!(grant.permissions, [Permission::Describe].into());
    assert!(grant.grantable.is_empty(), "never with grant option");
    assert!(matches!(&grant.resource, Resource::Table { account, table: Some(t), .. } if account == ANALYTICS && t == &link.name));
}

#[test]
fn the_producers_own_account_and_identity_center_principals_need_no_link() {
    let world = World::demo();
    let mut request = world.request(&[]);
    request.principal = format!("arn:aws:iam::{IDENT}:role/Reporting");
    assert_eq!(consumer_account(&request), None);
    assert!(links_for(&request, &world.tables).is_empty());
    request.principal = "arn:aws:identitystore:::user/90676e3c-0001".into();
    assert!(links_for(&request, &world.tables).is_empty());
}

#[test]
fn a_whole_account_principal_gets_the_link_but_no_describe_grant() {
    let world = World::demo();
    let mut request = world.request(&[]);
    request.principal = ANALYTICS.into();
    let links = links_for(&request, &world.tables);
    assert_eq!(links.len(), 1);
    assert_eq!(link_grant(&request, &links[0]), None);
}

#[test]
fn link_names_are_glue_names_and_never_shared_by_two_targets() {
    let a = link_name(IDENT, "a_b", "c");
    let b = link_name(IDENT, "a", "b_c");
    let other_account = link_name(ANALYTICS, "a_b", "c");
    assert!(a != b && a != other_account && b != other_account);
    assert_eq!(a, link_name(IDENT, "a_b", "c"), "the same target always gets the same name");
    let odd = link_name(IDENT, "Sales-EU", &"t".repeat(400));
    assert!(odd.len() <= 255 && odd.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{odd}");
}

#[test]
fn outcomes_are_recorded_as_transitions_and_ended_access_still_holding_links_needs_unlinking() {
    let world = World::demo();
    let mut request = world.request(&[]);
    request.status = RequestStatus::Provisioned;
    let links = links_for(&request, &world.tables);
    let waiting = pending(&request, links.clone(), &out_of_reach(ANALYTICS));
    assert_eq!(waiting.request.version, request.version + 1);
    assert_eq!(waiting.audit.action, "request.consumer_pending");
    assert!(needs_link(&waiting.request));
    let done = linked(&waiting.request, links.clone());
    assert!(!needs_link(&done.request) && done.request.consumer.links == links);
    assert!(done.audit.after.as_deref().is_some_and(|a| a.contains(SHARED_DATABASE)), "{:?}", done.audit.after);

    let mut revoked = done.request.clone();
    revoked.status = RequestStatus::Revoked;
    assert!(needs_unlink(&revoked) && !needs_link(&revoked));
    let gone = unlinked(&revoked);
    assert!(!needs_unlink(&gone.request) && gone.request.consumer.links.is_empty());
}
