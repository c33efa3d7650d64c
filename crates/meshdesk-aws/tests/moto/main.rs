//! The AWS backend against moto, a local AWS emulator: discovery across accounts, requests
//! provisioned as Lake Formation grants, the DynamoDB hub's compare-and-set and audit chain,
//! owners' edits as Glue updates that move nothing else, drift — through the same code path a
//! real mesh uses (profiles with `role_arn` + `source_profile` in an `AWS_CONFIG_FILE`; moto's
//! STS makes each one its own account).
//!
//! `main` first acts as the supervisor (`server`): it needs `MESHDESK_MOTO_SERVER`, the path of
//! `moto_server`, which `cargo xtask test` provides. It then runs this binary again as the test
//! runner (`runner`). Each test seeds a slot of accounts of its own, so tests run side by side
//! on the one server.

mod cache_notice;
mod cli;
mod consumer;
mod contract;
mod crash_hub;
mod discovery;
mod drift;
mod faults;
mod fixture;
mod governance;
mod identity;
mod mesh_status;
mod product;
mod race_hub;
mod racing;
mod ram;
mod runner;
mod secret_bus;
mod seed;
mod server;
mod sign_in;
mod sso_cli;
mod sso_double;

use std::process::ExitCode;

const TESTS: &[runner::Test] = &[
    ("contract::catalog_source_contract", contract::catalog_source_contract),
    ("contract::request_store_contract", contract::request_store_contract),
    ("contract::audit_log_contract", contract::audit_log_contract),
    ("contract::policy_store_contract", contract::policy_store_contract),
    ("contract::product_store_contract", contract::product_store_contract),
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
        "sso_cli::an_sso_session_profile_reads_the_mesh_with_the_token_aws_sso_login_cached",
        sso_cli::an_sso_session_profile_reads_the_mesh_with_the_token_aws_sso_login_cached,
    ),
    (
        "sso_cli::login_export_aws_cli_lets_sso_session_profiles_work_without_a_second_sign_in",
        sso_cli::login_export_aws_cli_lets_sso_session_profiles_work_without_a_second_sign_in,
    ),
    (
        "sso_cli::login_on_a_terminal_asks_which_accounts_and_roles_to_add_and_the_hub",
        sso_cli::login_on_a_terminal_asks_which_accounts_and_roles_to_add_and_the_hub,
    ),
    (
        "sso_cli::after_a_whole_session_and_two_crashes_no_secret_is_anywhere_meshdesk_writes_or_prints",
        sso_cli::after_a_whole_session_and_two_crashes_no_secret_is_anywhere_meshdesk_writes_or_prints,
    ),
    (
        "cli::the_command_line_refreshes_shows_requests_and_approves_on_an_aws_mesh",
        cli::the_command_line_refreshes_shows_requests_and_approves_on_an_aws_mesh,
    ),
    (
        "consumer::an_approver_who_reaches_the_consumers_account_links_at_once_and_revoking_takes_it_all_away",
        consumer::an_approver_who_reaches_the_consumers_account_links_at_once_and_revoking_takes_it_all_away,
    ),
    (
        "consumer::the_consumer_links_when_they_next_open_meshdesk_and_expiry_takes_it_all_away",
        consumer::the_consumer_links_when_they_next_open_meshdesk_and_expiry_takes_it_all_away,
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
        "product::an_owners_edits_move_only_the_meant_parameters_of_a_database_and_a_table_with_every_field_set",
        product::an_owners_edits_move_only_the_meant_parameters_of_a_database_and_a_table_with_every_field_set,
    ),
    (
        "product::a_published_database_appears_for_everyone_and_unpublishing_takes_it_away",
        product::a_published_database_appears_for_everyone_and_unpublishing_takes_it_away,
    ),
    (
        "product::the_schema_history_shows_glues_versions_and_which_change_broke_the_contract",
        product::the_schema_history_shows_glues_versions_and_which_change_broke_the_contract,
    ),
    (
        "product::the_product_commands_annotate_set_a_contract_publish_and_show_history_on_an_aws_mesh",
        product::the_product_commands_annotate_set_a_contract_publish_and_show_history_on_an_aws_mesh,
    ),
    (
        "identity::a_steward_group_member_is_a_steward_and_an_owner_group_member_approves",
        identity::a_steward_group_member_is_a_steward_and_an_owner_group_member_approves,
    ),
    (
        "identity::a_sign_in_the_identity_store_does_not_know_is_a_notice_and_the_mesh_opens",
        identity::a_sign_in_the_identity_store_does_not_know_is_a_notice_and_the_mesh_opens,
    ),
    (
        "cli::profile_signs_in_as_another_person_for_one_command",
        cli::profile_signs_in_as_another_person_for_one_command,
    ),
    (
        "racing::two_owners_deciding_at_once_one_wins_and_the_other_is_told_it_changed",
        racing::two_owners_deciding_at_once_one_wins_and_the_other_is_told_it_changed,
    ),
    (
        "mesh_status::the_accounts_view_shows_a_failed_account_and_one_bypassing_lake_formation",
        mesh_status::the_accounts_view_shows_a_failed_account_and_one_bypassing_lake_formation,
    ),
    (
        "mesh_status::the_command_line_lists_the_accounts_and_refreshes_without_bars_into_a_pipe",
        mesh_status::the_command_line_lists_the_accounts_and_refreshes_without_bars_into_a_pipe,
    ),
    (
        "drift::a_grant_made_behind_meshdesks_back_is_an_unexplained_grant_and_its_repair_revokes_it",
        drift::a_grant_made_behind_meshdesks_back_is_an_unexplained_grant_and_its_repair_revokes_it,
    ),
    (
        "drift::who_can_read_follows_a_refresh_and_a_repair_at_once",
        drift::who_can_read_follows_a_refresh_and_a_repair_at_once,
    ),
    (
        "drift::the_hub_setup_is_idempotent_and_a_mesh_without_it_says_what_to_do",
        drift::the_hub_setup_is_idempotent_and_a_mesh_without_it_says_what_to_do,
    ),
    (
        "crash_hub::a_kill_between_any_two_writes_of_approve_loses_nothing_and_grants_once",
        crash_hub::a_kill_between_any_two_writes_of_approve_loses_nothing_and_grants_once,
    ),
    (
        "crash_hub::a_kill_between_any_two_writes_of_revoke_leaves_no_grant_behind",
        crash_hub::a_kill_between_any_two_writes_of_revoke_leaves_no_grant_behind,
    ),
    (
        "crash_hub::a_kill_between_any_two_writes_of_expiry_leaves_no_grant_behind",
        crash_hub::a_kill_between_any_two_writes_of_expiry_leaves_no_grant_behind,
    ),
    (
        "crash_hub::a_kill_between_any_two_writes_of_a_policy_grant_leaves_no_unnamed_or_unaudited_grant",
        crash_hub::a_kill_between_any_two_writes_of_a_policy_grant_leaves_no_unnamed_or_unaudited_grant,
    ),
    (
        "cache_notice::a_damaged_cache_is_rebuilt_from_aws_and_the_window_and_the_command_line_say_so",
        cache_notice::a_damaged_cache_is_rebuilt_from_aws_and_the_window_and_the_command_line_say_so,
    ),
    (
        "crash_hub::a_revoke_from_a_cache_older_than_the_grant_still_takes_the_grant_away",
        crash_hub::a_revoke_from_a_cache_older_than_the_grant_still_takes_the_grant_away,
    ),
    (
        "crash_hub::reconcile_from_a_cache_older_than_the_grant_finishes_an_interrupted_revoke",
        crash_hub::reconcile_from_a_cache_older_than_the_grant_finishes_an_interrupted_revoke,
    ),
    ("race_hub::decider", race_hub::decider),
    (
        "race_hub::approve_reject_pairs_across_processes_on_the_hub_each_end_with_one_decision",
        race_hub::approve_reject_pairs_across_processes_on_the_hub_each_end_with_one_decision,
    ),
    ("faults::a_crawl_with_a_fifth_of_calls_failing_loses_no_table", faults::a_crawl_with_a_fifth_of_calls_failing_loses_no_table),
    (
        "faults::approvals_and_revocations_under_faults_end_done_or_retryable_never_half_applied",
        faults::approvals_and_revocations_under_faults_end_done_or_retryable_never_half_applied,
    ),
    (
        "faults::with_every_grant_or_hub_write_failing_a_decision_fails_clearly_and_a_retry_finishes_it",
        faults::with_every_grant_or_hub_write_failing_a_decision_fails_clearly_and_a_retry_finishes_it,
    ),
    (
        "faults::a_hub_write_carried_out_whose_answer_was_lost_is_done_once_not_called_a_conflict",
        faults::a_hub_write_carried_out_whose_answer_was_lost_is_done_once_not_called_a_conflict,
    ),
];

fn main() -> ExitCode {
    if std::env::var_os(server::ENDPOINT_ENV).is_some() { runner::run(TESTS) } else { server::supervise() }
}
