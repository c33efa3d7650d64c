//! The AWS backend against moto, a local AWS emulator: discovery across accounts, requests
//! provisioned as Lake Formation grants, the DynamoDB hub's compare-and-set and audit chain,
//! drift — through the same code path a real mesh uses (profiles with `role_arn` +
//! `source_profile` in an `AWS_CONFIG_FILE`; moto's STS makes each one its own account).
//!
//! `main` first acts as the supervisor (`server`): it needs `MESHDESK_MOTO_SERVER`, the path of
//! `moto_server`, which `cargo xtask test` provides. It then runs this binary again as the test
//! runner (`runner`). Each test seeds a slot of accounts of its own, so tests run side by side
//! on the one server.

mod cli;
mod discovery;
mod drift;
mod fixture;
mod governance;
mod racing;
mod runner;
mod seed;
mod server;
mod sign_in;
mod sso_double;

use std::process::ExitCode;

const TESTS: &[runner::Test] = &[
    (
        "sign_in::pending_authorisation_then_approval_signs_in_and_the_session_crawls_the_mesh",
        sign_in::pending_authorisation_then_approval_signs_in_and_the_session_crawls_the_mesh,
    ),
    ("sign_in::slow_down_adds_five_seconds_to_the_polling_interval", sign_in::slow_down_adds_five_seconds_to_the_polling_interval),
    (
        "sign_in::an_expired_device_code_or_a_denial_ends_the_sign_in_with_what_to_do",
        sign_in::an_expired_device_code_or_a_denial_ends_the_sign_in_with_what_to_do,
    ),
    (
        "sign_in::a_token_about_to_end_is_renewed_with_the_refresh_token_and_kept",
        sign_in::a_token_about_to_end_is_renewed_with_the_refresh_token_and_kept,
    ),
    ("sign_in::a_session_identity_center_ended_asks_to_sign_in_again", sign_in::a_session_identity_center_ended_asks_to_sign_in_again),
    (
        "cli::the_command_line_refreshes_shows_requests_and_approves_on_an_aws_mesh",
        cli::the_command_line_refreshes_shows_requests_and_approves_on_an_aws_mesh,
    ),
    (
        "discovery::the_crawl_finds_products_columns_sensitivity_and_lineage",
        discovery::the_crawl_finds_products_columns_sensitivity_and_lineage,
    ),
    (
        "discovery::the_catalog_holds_what_the_domain_teams_wrote",
        discovery::the_catalog_holds_what_the_domain_teams_wrote,
    ),
    (
        "discovery::the_next_start_shows_the_cached_catalog_until_a_refresh",
        discovery::the_next_start_shows_the_cached_catalog_until_a_refresh,
    ),
    (
        "discovery::an_account_with_a_broken_profile_is_marked_failed_while_the_others_load",
        discovery::an_account_with_a_broken_profile_is_marked_failed_while_the_others_load,
    ),
    (
        "discovery::two_profiles_reaching_one_account_are_refused_with_the_line",
        discovery::two_profiles_reaching_one_account_are_refused_with_the_line,
    ),
    (
        "governance::an_approved_request_is_granted_with_exactly_its_columns_and_revoking_removes_it",
        governance::an_approved_request_is_granted_with_exactly_its_columns_and_revoking_removes_it,
    ),
    (
        "governance::the_hub_stores_requests_exactly_and_writes_only_over_the_version_read",
        governance::the_hub_stores_requests_exactly_and_writes_only_over_the_version_read,
    ),
    (
        "governance::an_owners_plan_becomes_lf_tags_and_grants_and_one_event",
        governance::an_owners_plan_becomes_lf_tags_and_grants_and_one_event,
    ),
    (
        "governance::bad_plans_are_refused_before_anything_changes",
        governance::bad_plans_are_refused_before_anything_changes,
    ),
    (
        "racing::two_owners_deciding_at_once_one_wins_and_the_other_is_told_it_changed",
        racing::two_owners_deciding_at_once_one_wins_and_the_other_is_told_it_changed,
    ),
    (
        "racing::appends_racing_from_two_desktops_keep_one_unbroken_chain",
        racing::appends_racing_from_two_desktops_keep_one_unbroken_chain,
    ),
    (
        "drift::a_grant_made_behind_meshdesks_back_is_an_unexplained_grant_and_its_repair_revokes_it",
        drift::a_grant_made_behind_meshdesks_back_is_an_unexplained_grant_and_its_repair_revokes_it,
    ),
    (
        "drift::the_hub_setup_is_idempotent_and_a_mesh_without_it_says_what_to_do",
        drift::the_hub_setup_is_idempotent_and_a_mesh_without_it_says_what_to_do,
    ),
];

fn main() -> ExitCode {
    if std::env::var_os(server::ENDPOINT_ENV).is_some() { runner::run(TESTS) } else { server::supervise() }
}
