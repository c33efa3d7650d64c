//! Data cells filters, which the emulator does not implement (Create/Get/Delete are missing):
//! a row-filtered grant's filter is created as asked, one that already exists is used, and
//! deleting one already gone is done — on realistic Lake Formation answers.

use aws_sdk_lakeformation::config::retry::RetryConfig;
use aws_sdk_lakeformation::operation::create_data_cells_filter::CreateDataCellsFilterOutput;
use aws_sdk_lakeformation::operation::delete_data_cells_filter::DeleteDataCellsFilterOutput;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};

use super::*;
use crate::identity::Caller;

fn clients(rules: &[&Rule]) -> AccountClients {
    AccountClients {
        profile: "sales-prod".into(),
        name: "sales-prod".into(),
        domain: "sales".into(),
        caller: Caller {
            account: "111111111111".into(),
            arn: "arn:aws:sts::111111111111:assumed-role/owner/dana".into(),
            user_id: "x".into(),
        },
        // Filters are Lake Formation's alone: no Glue call is expected.
        glue: mock_client!(aws_sdk_glue, &[] as &[&Rule]),
        lakeformation: mock_client!(aws_sdk_lakeformation, RuleMode::MatchAny, rules, |c| c
            .retry_config(RetryConfig::disabled())),
        // RAM is called only for a consumer's side (see `consumer`).
        ram: mock_client!(aws_sdk_ram, &[] as &[&Rule]),
    }
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
}

fn filter(row_filter: Option<&str>, columns: ColumnSelection) -> Resource {
    Resource::DataCellsFilter {
        account: "111111111111".into(),
        database: "orders".into(),
        table: "lines".into(),
        name: "meshdesk-req-3".into(),
        row_filter: row_filter.map(str::to_owned),
        columns,
    }
}

#[test]
fn a_row_filtered_grants_filter_is_created_as_the_request_asks() {
    let create = mock!(aws_sdk_lakeformation::Client::create_data_cells_filter)
        .match_requests(|req| {
            let f = req.table_data().expect("the filter");
            (f.table_catalog_id(), f.database_name(), f.table_name(), f.name())
                == ("111111111111", "orders", "lines", "meshdesk-req-3")
                && f.row_filter().and_then(|r| r.filter_expression()) == Some("region = 'EU'")
                && f.column_names() == ["id", "amount"]
                && f.column_wildcard().is_none()
        })
        .then_output(|| CreateDataCellsFilterOutput::builder().build());
    let clients = clients(&[&create]);
    run(create_filter(
        &clients,
        &filter(Some("region = 'EU'"), ColumnSelection::Only(vec!["id".into(), "amount".into()])),
    ))
    .expect("created");
    assert_eq!(create.num_calls(), 1);
}

#[test]
fn a_filter_of_every_row_and_column_uses_lake_formations_wildcards() {
    let create = mock!(aws_sdk_lakeformation::Client::create_data_cells_filter)
        .match_requests(|req| {
            let f = req.table_data().expect("the filter");
            f.row_filter().is_some_and(|r| r.all_rows_wildcard().is_some() && r.filter_expression().is_none())
                && f.column_wildcard().is_some_and(|w| w.excluded_column_names() == ["email"])
        })
        .then_output(|| CreateDataCellsFilterOutput::builder().build());
    let clients = clients(&[&create]);
    run(create_filter(&clients, &filter(None, ColumnSelection::AllExcept(vec!["email".into()])))).expect("created");
    assert_eq!(create.num_calls(), 1);
}

#[test]
fn a_filter_that_exists_is_used_and_one_already_gone_is_deleted() {
    let exists = mock!(aws_sdk_lakeformation::Client::create_data_cells_filter)
        .sequence()
        .http_status(400, Some(r#"{"__type":"AlreadyExistsException","Message":"filter exists"}"#.to_owned()))
        .build();
    let gone = mock!(aws_sdk_lakeformation::Client::delete_data_cells_filter)
        .sequence()
        .http_status(400, Some(r#"{"__type":"EntityNotFoundException","Message":"no such filter"}"#.to_owned()))
        .build();
    let clients = clients(&[&exists, &gone]);
    run(create_filter(&clients, &filter(None, ColumnSelection::All))).expect("an existing filter is fine");
    run(delete_filter_of(&clients, &filter(None, ColumnSelection::All))).expect("a missing filter is fine");
    assert_eq!((exists.num_calls(), gone.num_calls()), (1, 1));
}

#[test]
fn other_filter_failures_are_errors_of_their_kind() {
    let denied = mock!(aws_sdk_lakeformation::Client::delete_data_cells_filter)
        .sequence()
        .http_status(400, Some(r#"{"__type":"AccessDeniedException","Message":"not an admin"}"#.to_owned()))
        .build();
    let ok = mock!(aws_sdk_lakeformation::Client::delete_data_cells_filter)
        .then_output(|| DeleteDataCellsFilterOutput::builder().build());
    let clients = clients(&[&denied, &ok]);
    let error = run(delete_filter_of(&clients, &filter(None, ColumnSelection::All))).expect_err("denied");
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    assert!(error.to_string().contains("DeleteDataCellsFilter meshdesk-req-3"), "{error}");
}
