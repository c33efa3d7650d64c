//! The crawler on realistic responses where the emulator cannot give them: moto ignores
//! `MaxResults`/`NextToken` (so paging is never exercised there), implements neither LF-tag
//! search (so the bulk tag read never runs there), lists no data cells filters,
//! evaluates no IAM policy by default (so no account is ever denied), and answers never-tagged
//! resources with an HTML 500 that must not hide a real Lake Formation fault.

use std::sync::{Arc, Mutex};

use aws_sdk_glue::operation::get_databases::GetDatabasesOutput;
use aws_sdk_glue::operation::get_tables::GetTablesOutput;
use aws_sdk_glue::types as glue;
use aws_sdk_lakeformation::config::retry::RetryConfig;
use aws_sdk_lakeformation::operation::get_data_lake_settings::GetDataLakeSettingsOutput;
use aws_sdk_lakeformation::operation::get_resource_lf_tags::GetResourceLfTagsOutput;
use aws_sdk_lakeformation::operation::list_data_cells_filter::ListDataCellsFilterOutput;
use aws_sdk_lakeformation::operation::list_lf_tags::ListLfTagsOutput;
use aws_sdk_lakeformation::operation::list_permissions::ListPermissionsOutput;
use aws_sdk_lakeformation::types as lf;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use meshdesk_core::governance::model::{ColumnSelection, Resource};
use meshdesk_core::model::LfTag;

use super::*;
use crate::identity::Caller;

const ACCOUNT: &str = "111111111111";

pub(crate) fn clients(glue_rules: &[&Rule], lf_rules: &[&Rule]) -> AccountClients {
    AccountClients {
        profile: "sales-prod".into(),
        name: "sales-prod".into(),
        domain: "sales".into(),
        caller: Caller {
            account: ACCOUNT.into(),
            arn: format!("arn:aws:sts::{ACCOUNT}:assumed-role/meshdesk/x"),
            user_id: "x".into(),
        },
        glue: mock_client!(aws_sdk_glue, RuleMode::MatchAny, glue_rules, |c| c
            .retry_config(aws_sdk_glue::config::retry::RetryConfig::disabled())),
        lakeformation: mock_client!(aws_sdk_lakeformation, RuleMode::MatchAny, lf_rules, |c| c
            .retry_config(RetryConfig::disabled())),
        // RAM is called only for a consumer's side (see `consumer`).
        ram: mock_client!(aws_sdk_ram, &[] as &[&Rule]),
    }
}

pub(crate) fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
}

fn no_progress() -> Progress {
    Arc::new(|_| {})
}

fn pair(key: &str, value: &str) -> lf::LfTagPair {
    lf::LfTagPair::builder().tag_key(key).tag_values(value).build().expect("a tag")
}

fn glue_table(name: &str, columns: &[&str]) -> glue::Table {
    glue_table_in("orders", name, columns)
}

fn glue_table_in(database: &str, name: &str, columns: &[&str]) -> glue::Table {
    let columns =
        columns.iter().map(|c| glue::Column::builder().name(*c).r#type("string").build().expect("a column")).collect();
    glue::Table::builder()
        .name(name)
        .database_name(database)
        .storage_descriptor(glue::StorageDescriptor::builder().set_columns(Some(columns)).build())
        .build()
        .expect("a table")
}

fn permission(table: &str, principal: &str) -> lf::PrincipalResourcePermissions {
    let resource = lf::TableResource::builder().database_name("orders").name(table).build().expect("a table resource");
    lf::PrincipalResourcePermissions::builder()
        .principal(lf::DataLakePrincipal::builder().data_lake_principal_identifier(principal).build())
        .resource(lf::Resource::builder().table(resource).build())
        .permissions(lf::Permission::Select)
        .build()
}

/// Glue and Lake Formation of one account, every list in two pages.
fn paged_account() -> (Vec<Rule>, Vec<Rule>) {
    let databases = mock!(aws_sdk_glue::Client::get_databases).then_compute_output(|req| {
        let (name, next) = match req.next_token() {
            None => ("orders", Some("page-2")),
            Some(_) => ("customers", None),
        };
        let db = glue::Database::builder().name(name).build().expect("a database");
        GetDatabasesOutput::builder()
            .database_list(db)
            .set_next_token(next.map(str::to_owned))
            .build()
            .expect("an output")
    });
    let tables = mock!(aws_sdk_glue::Client::get_tables).then_compute_output(|req| {
        if req.database_name() != Some("orders") {
            return GetTablesOutput::builder().build();
        }
        match req.next_token() {
            None => {
                GetTablesOutput::builder().table_list(glue_table("lines", &["id", "email"])).next_token("t2").build()
            }
            Some(_) => GetTablesOutput::builder().table_list(glue_table("refunds", &["id"])).build(),
        }
    });
    let tag_keys =
        mock!(aws_sdk_lakeformation::Client::list_lf_tags).then_compute_output(|req| match req.next_token() {
            None => ListLfTagsOutput::builder().lf_tags(pair("sensitivity", "public")).next_token("k2").build(),
            Some(_) => ListLfTagsOutput::builder().lf_tags(pair("pii", "true")).build(),
        });
    let permissions =
        mock!(aws_sdk_lakeformation::Client::list_permissions).then_compute_output(|req| match req.next_token() {
            None => ListPermissionsOutput::builder()
                .principal_resource_permissions(permission("lines", "222222222222"))
                .next_token("p2")
                .build(),
            Some(_) => ListPermissionsOutput::builder()
                .principal_resource_permissions(permission("refunds", "333333333333"))
                .build(),
        });
    // Lake Formation lists a table's column tags with the table's own.
    let tags = mock!(aws_sdk_lakeformation::Client::get_resource_lf_tags).then_compute_output(|req| {
        let resource = req.resource().expect("a resource");
        match resource.table().and_then(|t| t.name()) {
            Some("lines") => GetResourceLfTagsOutput::builder()
                .lf_tags_on_table(pair("sensitivity", "internal"))
                .lf_tags_on_columns(
                    lf::ColumnLfTag::builder().name("email").lf_tags(pair("sensitivity", "restricted")).build(),
                )
                .build(),
            _ if resource.database().is_some() => {
                GetResourceLfTagsOutput::builder().lf_tag_on_database(pair("pii", "false")).build()
            }
            _ => GetResourceLfTagsOutput::builder().build(),
        }
    });
    let filters = mock!(aws_sdk_lakeformation::Client::list_data_cells_filter)
        .then_output(|| ListDataCellsFilterOutput::builder().build());
    let settings = mock!(aws_sdk_lakeformation::Client::get_data_lake_settings).then_output(|| {
        let admin = lf::DataLakePrincipal::builder()
            .data_lake_principal_identifier("arn:aws:iam::111111111111:role/Admin")
            .build();
        GetDataLakeSettingsOutput::builder()
            .data_lake_settings(lf::DataLakeSettings::builder().data_lake_admins(admin).build())
            .build()
    });
    let mut lf_rules = vec![tag_keys, permissions, tags, filters, settings];
    lf_rules.extend(no_tag_search());
    (vec![databases, tables], lf_rules)
}

/// The emulator's answer to the tag searches it does not implement: an HTML 404, so the tags
/// are read resource by resource (`tags_are_read_in_bulk_…` below has the searches).
fn no_tag_search() -> Vec<Rule> {
    const NOT_FOUND: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n";
    vec![
        mock!(aws_sdk_lakeformation::Client::search_databases_by_lf_tags)
            .sequence()
            .http_status(404, Some(NOT_FOUND.to_owned()))
            .repeatedly()
            .build(),
        mock!(aws_sdk_lakeformation::Client::search_tables_by_lf_tags)
            .sequence()
            .http_status(404, Some(NOT_FOUND.to_owned()))
            .repeatedly()
            .build(),
    ]
}

#[test]
fn every_page_of_every_list_is_read() {
    let (glue_rules, lf_rules) = paged_account();
    let clients = clients(&glue_rules.iter().collect::<Vec<_>>(), &lf_rules.iter().collect::<Vec<_>>());
    let crawl = run(crawl_account(&clients, &no_progress())).expect("crawled");
    assert_eq!(crawl.databases.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["orders", "customers"]);
    assert_eq!(crawl.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["lines", "refunds"]);
    assert_eq!(crawl.tag_keys.iter().map(|k| k.key.as_str()).collect::<Vec<_>>(), ["sensitivity", "pii"]);
    assert_eq!(
        crawl.entries.iter().map(|e| e.principal.as_str()).collect::<Vec<_>>(),
        ["222222222222", "333333333333"]
    );
    assert_eq!(
        crawl.settings,
        LakeSettings {
            admins: vec!["arn:aws:iam::111111111111:role/Admin".into()],
            iam_allowed_principals_by_default: false
        }
    );
    let lines = &crawl.tables[0];
    assert_eq!(lines.tags, [LfTag::new("sensitivity", "internal")]);
    assert_eq!(
        lines.columns[1].tags,
        [LfTag::new("sensitivity", "restricted")],
        "column tags that came with the table"
    );
    assert!(lines.columns[0].tags.is_empty());
    assert_eq!(crawl.databases[0].tags, [LfTag::new("pii", "false")]);
    assert!(crawl.warnings.is_empty(), "{:?}", crawl.warnings);
}

/// Lake Formation of an account with no grants, no filters and default settings.
fn empty_lake_rules() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_lakeformation::Client::list_permissions).then_output(|| ListPermissionsOutput::builder().build()),
        mock!(aws_sdk_lakeformation::Client::list_data_cells_filter)
            .then_output(|| ListDataCellsFilterOutput::builder().build()),
        mock!(aws_sdk_lakeformation::Client::get_data_lake_settings)
            .then_output(|| GetDataLakeSettingsOutput::builder().build()),
    ]
}

fn one_table_account(tag_rules: Vec<Rule>) -> AccountClients {
    one_table_account_searched(tag_rules, no_tag_search())
}

/// One database with one table, `orders.lines (id, email)`, and one tag key, `pii`.
fn one_table_account_searched(tag_rules: Vec<Rule>, search_rules: Vec<Rule>) -> AccountClients {
    let databases = mock!(aws_sdk_glue::Client::get_databases).then_output(|| {
        GetDatabasesOutput::builder()
            .database_list(glue::Database::builder().name("orders").build().expect("db"))
            .build()
            .expect("out")
    });
    let tables = mock!(aws_sdk_glue::Client::get_tables)
        .then_output(|| GetTablesOutput::builder().table_list(glue_table("lines", &["id", "email"])).build());
    let mut rules = vec![
        mock!(aws_sdk_lakeformation::Client::list_lf_tags)
            .then_output(|| ListLfTagsOutput::builder().lf_tags(pair("pii", "true")).build()),
    ];
    rules.extend(empty_lake_rules());
    rules.extend(tag_rules);
    rules.extend(search_rules);
    let glue_rules = [databases, tables];
    clients(&glue_rules.iter().collect::<Vec<_>>(), &rules.iter().collect::<Vec<_>>())
}

const MOTO_500: &str = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request.</p>\n";

#[test]
fn the_emulators_html_500_for_a_never_tagged_resource_means_no_tags_and_column_tags_are_asked_by_name() {
    let untagged = mock!(aws_sdk_lakeformation::Client::get_resource_lf_tags)
        .match_requests(|req| req.resource().is_some_and(|r| r.table_with_columns().is_none()))
        .sequence()
        .http_status(500, Some(MOTO_500.to_owned()))
        .repeatedly()
        .build();
    let columns = mock!(aws_sdk_lakeformation::Client::get_resource_lf_tags)
        .match_requests(|req| {
            req.resource().and_then(|r| r.table_with_columns()).is_some_and(|t| t.column_names() == ["id", "email"])
        })
        .then_output(|| {
            GetResourceLfTagsOutput::builder()
                .lf_tags_on_columns(lf::ColumnLfTag::builder().name("email").lf_tags(pair("pii", "true")).build())
                .build()
        });
    let crawl = run(crawl_account(&one_table_account(vec![untagged, columns]), &no_progress())).expect("crawled");
    assert!(crawl.databases[0].tags.is_empty() && crawl.tables[0].tags.is_empty());
    assert_eq!(crawl.tables[0].columns[1].tags, [LfTag::new("pii", "true")]);
}

#[test]
fn a_real_lake_formation_fault_is_an_error_not_an_empty_tag_list() {
    let fault = mock!(aws_sdk_lakeformation::Client::get_resource_lf_tags)
        .sequence()
        .http_status(500, Some(r#"{"__type":"InternalServiceException","Message":"try again"}"#.to_owned()))
        .repeatedly()
        .build();
    let error = run(crawl_account(&one_table_account(vec![fault]), &no_progress())).expect_err("a fault");
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert!(error.to_string().contains("InternalServiceException"), "{error}");
}

#[test]
fn a_data_cells_filter_is_read_with_its_row_filter_and_columns() {
    let filter = lf::DataCellsFilter::builder()
        .table_catalog_id(ACCOUNT)
        .database_name("orders")
        .table_name("lines")
        .name("meshdesk-req-3")
        .row_filter(lf::RowFilter::builder().filter_expression("region = 'EU'").build())
        .column_wildcard(lf::ColumnWildcard::builder().excluded_column_names("email").build())
        .build()
        .expect("a filter");
    assert_eq!(
        filter_definition(ACCOUNT, &filter),
        FilterDefinition {
            account: ACCOUNT.into(),
            database: "orders".into(),
            table: "lines".into(),
            name: "meshdesk-req-3".into(),
            row_filter: Some("region = 'EU'".into()),
            columns: ColumnSelection::AllExcept(vec!["email".into()]),
        }
    );
    let all_rows = lf::DataCellsFilter::builder()
        .table_catalog_id(ACCOUNT)
        .database_name("orders")
        .table_name("lines")
        .name("f")
        .row_filter(lf::RowFilter::builder().all_rows_wildcard(lf::AllRowsWildcard::builder().build()).build())
        .column_names("id")
        .build()
        .expect("a filter");
    let read = filter_definition(ACCOUNT, &all_rows);
    assert_eq!((read.row_filter, read.columns), (None, ColumnSelection::Only(vec!["id".into()])));
}

#[test]
fn grants_on_tables_glue_did_not_list_say_the_view_may_be_partial() {
    let hidden = Entry {
        principal: "222222222222".into(),
        resource: Resource::Table {
            account: ACCOUNT.into(),
            database: "orders".into(),
            table: Some("secret".into()),
            columns: ColumnSelection::All,
        },
        permissions: Default::default(),
        grantable: Default::default(),
    };
    let warning = partial_view(ACCOUNT, &[], &[], &[hidden]).expect("a warning");
    assert!(warning.contains("may be partial") && warning.contains("orders.secret"), "{warning}");
}

#[test]
fn an_account_denied_is_failed_with_its_kind_and_the_others_are_still_read() {
    let (glue_rules, lf_rules) = paged_account();
    let readable = clients(&glue_rules.iter().collect::<Vec<_>>(), &lf_rules.iter().collect::<Vec<_>>());
    let denied_rule = mock!(aws_sdk_glue::Client::get_databases)
        .sequence()
        .http_status(
            400,
            Some(
                r#"{"__type":"AccessDeniedException","Message":"not authorized to perform glue:GetDatabases"}"#
                    .to_owned(),
            ),
        )
        .repeatedly()
        .build();
    let mut denied = clients(&[&denied_rule], &lf_rules.iter().collect::<Vec<_>>());
    denied.caller.account = "222222222222".into();
    denied.profile = "billing-prod".into();

    let seen: Arc<Mutex<Vec<AccountProgress>>> = Arc::default();
    let log = Arc::clone(&seen);
    let progress: Progress = Arc::new(move |p| log.lock().expect("lock").push(p));
    let results = run(crawl_all(vec![denied, readable], 2, progress));
    assert_eq!(results.len(), 2);
    let error = results[0].1.as_ref().expect_err("denied");
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    assert!(error.to_string().contains("account 222222222222"), "{error}");
    assert!(results[1].1.is_ok());
    let finals: Vec<(String, bool)> = seen
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|p| match &p.stage {
            Stage::Done => Some((p.profile.clone(), true)),
            Stage::Failed { .. } => Some((p.profile.clone(), false)),
            _ => None,
        })
        .collect();
    assert!(
        finals.contains(&("billing-prod".into(), false)) && finals.contains(&("sales-prod".into(), true)),
        "{finals:?}"
    );
}

fn tagged_table(database: &str, table: &str, db_tag: Option<(&str, &str)>) -> lf::builders::TaggedTableBuilder {
    let resource = lf::TableResource::builder().database_name(database).name(table).build().expect("a table");
    let tagged = lf::TaggedTable::builder().table(resource);
    match db_tag {
        Some((k, v)) => tagged.lf_tag_on_database(pair(k, v)),
        None => tagged,
    }
}

fn column(name: &str, tags: &[(&str, &str)]) -> lf::ColumnLfTag {
    tags.iter().fold(lf::ColumnLfTag::builder().name(name), |c, (k, v)| c.lf_tags(pair(k, v))).build()
}

fn tagged_database(name: &str, key: &str, value: &str) -> lf::TaggedDatabase {
    let db = lf::DatabaseResource::builder().name(name).build().expect("a database");
    lf::TaggedDatabase::builder().database(db).lf_tags(pair(key, value)).build()
}

/// An account with three databases and five tables, two tag keys; each search answers the
/// `sensitivity` expression in two pages, as Lake Formation pages long answers, and lists
/// inherited tags with a table's and a column's own, as it does.
fn searchable_account() -> (Vec<Rule>, Vec<Rule>) {
    use aws_sdk_lakeformation::operation::search_databases_by_lf_tags::SearchDatabasesByLfTagsOutput;
    use aws_sdk_lakeformation::operation::search_tables_by_lf_tags::SearchTablesByLfTagsOutput;
    let databases = mock!(aws_sdk_glue::Client::get_databases).then_output(|| {
        let db = |name: &str| glue::Database::builder().name(name).build().expect("a database");
        GetDatabasesOutput::builder()
            .database_list(db("orders"))
            .database_list(db("customers"))
            .database_list(db("archive"))
            .build()
            .expect("out")
    });
    let tables = mock!(aws_sdk_glue::Client::get_tables).then_compute_output(|req| {
        let out = GetTablesOutput::builder();
        match req.database_name() {
            Some("orders") => out.table_list(glue_table("lines", &["id", "email"])).table_list(glue_table("refunds", &["id"])),
            Some("customers") => out
                .table_list(glue_table_in("customers", "people", &["id", "email"]))
                .table_list(glue_table_in("customers", "visits", &["id"])),
            _ => out.table_list(glue_table_in("archive", "old", &["id"])),
        }
        .build()
    });
    let keys = mock!(aws_sdk_lakeformation::Client::list_lf_tags).then_output(|| {
        let sensitivity = lf::LfTagPair::builder()
            .tag_key("sensitivity")
            .set_tag_values(Some(["public", "internal", "confidential", "restricted"].map(String::from).to_vec()))
            .build()
            .expect("a key");
        ListLfTagsOutput::builder().lf_tags(sensitivity).lf_tags(pair("pii", "true")).build()
    });
    let key_of = |expression: &[lf::LfTag]| expression.first().map(|t| t.tag_key().to_owned());
    let search_databases =
        mock!(aws_sdk_lakeformation::Client::search_databases_by_lf_tags).then_compute_output(move |req| {
            let out = SearchDatabasesByLfTagsOutput::builder();
            match (key_of(req.expression()).as_deref(), req.next_token()) {
                (Some("sensitivity"), None) => out.database_list(tagged_database("orders", "sensitivity", "internal")).next_token("2"),
                (Some("sensitivity"), Some(_)) => out.database_list(tagged_database("archive", "sensitivity", "confidential")),
                _ => out,
            }
            .build()
        });
    let search_tables = mock!(aws_sdk_lakeformation::Client::search_tables_by_lf_tags).then_compute_output(move |req| {
        let internal = Some(("sensitivity", "internal"));
        let lines = || {
            tagged_table("orders", "lines", internal)
                .lf_tags_on_table(pair("sensitivity", "internal"))
                .lf_tags_on_columns(column("id", &[("sensitivity", "internal")]))
                .lf_tags_on_columns(column("email", &[("sensitivity", "restricted"), ("pii", "true")]))
                .build()
        };
        let people = || {
            tagged_table("customers", "people", None)
                .lf_tags_on_table(pair("sensitivity", "confidential"))
                .lf_tags_on_columns(column("id", &[("sensitivity", "confidential")]))
                .lf_tags_on_columns(column("email", &[("sensitivity", "confidential"), ("pii", "true")]))
                .build()
        };
        let out = SearchTablesByLfTagsOutput::builder();
        match (key_of(req.expression()).as_deref(), req.next_token()) {
            (Some("sensitivity"), None) => out
                .table_list(lines())
                .table_list(tagged_table("orders", "refunds", internal).lf_tags_on_table(pair("sensitivity", "internal")).build())
                .next_token("2"),
            (Some("sensitivity"), Some(_)) => out.table_list(people()).table_list(
                tagged_table("archive", "old", Some(("sensitivity", "confidential")))
                    .lf_tags_on_table(pair("sensitivity", "public"))
                    .build(),
            ),
            (Some("pii"), _) => out.table_list(lines()).table_list(people()),
            _ => out,
        }
        .build()
    });
    let per_resource = mock!(aws_sdk_lakeformation::Client::get_resource_lf_tags)
        .then_output(|| GetResourceLfTagsOutput::builder().build());
    let mut lf_rules = vec![keys, search_databases, search_tables, per_resource];
    lf_rules.extend(empty_lake_rules());
    (vec![databases, tables], lf_rules)
}

#[test]
fn tags_are_read_in_bulk_by_search_in_fewer_calls_with_inherited_ones_left_to_the_core() {
    let (glue_rules, lf_rules) = searchable_account();
    let clients = clients(&glue_rules.iter().collect::<Vec<_>>(), &lf_rules.iter().collect::<Vec<_>>());
    let crawl = run(crawl_account(&clients, &no_progress())).expect("crawled");

    let tags = |tags: &[LfTag]| tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(",");
    let databases: Vec<(&str, String)> = crawl.databases.iter().map(|d| (d.name.as_str(), tags(&d.tags))).collect();
    assert_eq!(
        databases,
        [("orders", "sensitivity=internal".into()), ("customers", String::new()), ("archive", "sensitivity=confidential".into())]
    );
    let columns: Vec<String> = crawl
        .tables
        .iter()
        .map(|t| {
            let columns: Vec<String> = t.columns.iter().map(|c| format!("{}[{}]", c.name, tags(&c.tags))).collect();
            format!("{}.{} [{}] {}", t.database, t.name, tags(&t.tags), columns.join(" "))
        })
        .collect();
    assert_eq!(
        columns,
        [
            "orders.lines [] id[] email[sensitivity=restricted,pii=true]",
            "orders.refunds [] id[]",
            "customers.people [sensitivity=confidential] id[] email[pii=true]",
            "customers.visits [] id[]",
            "archive.old [sensitivity=public] id[]",
        ],
        "own tags only; a table no search listed has none"
    );

    let (search_databases, search_tables, per_resource) = (&lf_rules[1], &lf_rules[2], &lf_rules[3]);
    assert_eq!((search_databases.num_calls(), search_tables.num_calls()), (3, 3), "two pages for sensitivity, one for pii");
    assert_eq!(per_resource.num_calls(), 0);
    let one_by_one = crawl.databases.len() + crawl.tables.len();
    assert!(search_databases.num_calls() + search_tables.num_calls() < one_by_one, "fewer calls than {one_by_one}");
    assert!(crawl.warnings.is_empty(), "{:?}", crawl.warnings);
}

#[test]
fn a_search_the_role_may_not_use_falls_back_to_each_resource_and_says_how_to_allow_it() {
    let denied = |body: &str| Some(format!(r#"{{"__type":"AccessDeniedException","Message":"{body}"}}"#));
    let search = [
        mock!(aws_sdk_lakeformation::Client::search_databases_by_lf_tags)
            .sequence()
            .http_status(400, denied("not authorized to perform lakeformation:SearchDatabasesByLFTags"))
            .repeatedly()
            .build(),
    ];
    let tags = mock!(aws_sdk_lakeformation::Client::get_resource_lf_tags).then_compute_output(|req| {
        match req.resource().and_then(|r| r.table()) {
            Some(_) => GetResourceLfTagsOutput::builder().lf_tags_on_table(pair("pii", "true")).build(),
            None => GetResourceLfTagsOutput::builder().build(),
        }
    });
    let clients = one_table_account_searched(vec![tags], search.into());
    let crawl = run(crawl_account(&clients, &no_progress())).expect("crawled");
    assert_eq!(crawl.tables[0].tags, [LfTag::new("pii", "true")]);
    assert_eq!(crawl.warnings.len(), 1, "{:?}", crawl.warnings);
    assert!(crawl.warnings[0].contains("lakeformation:SearchTablesByLFTags"), "{}", crawl.warnings[0]);
}
