//! Owners managing products on AWS: an annotation or a contract is a Glue `UpdateDatabase` /
//! `UpdateTable` that moves nothing but the meant `meshdesk:*` parameter (Glue replaces the
//! whole definition, so every other field is carried over); publishing shows a product to
//! everyone after their refresh, and unpublishing takes it away; the schema history is Glue's
//! table versions, with what broke the contract; and the `meshdesk product` commands on AWS.

use aws_sdk_glue::types::{
    Column, DatabaseInput, Order, SerDeInfo, SkewedInfo, StorageDescriptor, Table as GlueTable, TableInput,
};
use meshdesk_api::{AwsMesh, Meshdesk};
use meshdesk_protocol::{
    AnnotationEdit, AnnotationField, ContractColumn, ContractEdit, ContractSpec, ContractState, ErrorCode, FieldEdit,
    ProductRef, PublishInput, TableHistory, TableRef,
};

use crate::cli::{json, meshdesk};
use crate::fixture::{Admin, DANA, IDENTITY, NOW, Person, TestMesh};

const CONTRACT: &str = "meshdesk:contract";

fn column(name: &str, ty: &str, comment: &str, parameters: &[(&str, &str)]) -> Column {
    let mut c = Column::builder().name(name).r#type(ty).comment(comment);
    for (k, v) in parameters {
        c = c.parameters(*k, *v);
    }
    c.build().expect("a column")
}

/// A table with every field Glue keeps set, as a team's Spark job or the AWS CLI would write it.
fn every_field_table() -> TableInput {
    let storage = StorageDescriptor::builder()
        .columns(column("id", "bigint", "customer id", &[("iceberg.field.id", "1")]))
        .columns(column("email", "string", "primary email", &[("pii", "yes")]))
        .columns(column("country", "string", "ISO 3166 code", &[]))
        .location("s3://identity-lake/wide/")
        .input_format("org.apache.hadoop.mapred.TextInputFormat")
        .output_format("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
        .compressed(true)
        .number_of_buckets(8)
        .serde_info(
            SerDeInfo::builder()
                .name("csv")
                .serialization_library("org.apache.hadoop.hive.serde2.OpenCSVSerde")
                .parameters("separatorChar", ";")
                .parameters("quoteChar", "'")
                .build(),
        )
        .bucket_columns("id")
        .sort_columns(Order::builder().column("id").sort_order(1).build().expect("an order"))
        .parameters("skip.header.line.count", "1")
        .skewed_info(
            SkewedInfo::builder()
                .skewed_column_names("country")
                .skewed_column_values("DE")
                .skewed_column_value_location_maps("DE", "s3://identity-lake/wide/country=DE/")
                .build(),
        )
        .stored_as_sub_directories(true)
        .build();
    TableInput::builder()
        .name("wide")
        .description("Every field set")
        .owner("etl-team")
        .retention(30)
        .storage_descriptor(storage)
        .partition_keys(column("dt", "date", "load date", &[("projection.enabled", "true")]))
        .table_type("EXTERNAL_TABLE")
        .parameters("classification", "csv")
        .parameters("EXTERNAL", "TRUE")
        .build()
        .expect("a table")
}

fn seed_every_field(mesh: &TestMesh) -> Admin {
    let admin = mesh.clients(IDENTITY);
    mesh.block_on(async {
        let database = DatabaseInput::builder()
            .name("wide_things")
            .description("A product with everything set")
            .location_uri("s3://identity-lake/wide/")
            .parameters("meshdesk:product", "true")
            .parameters("meshdesk:owner", DANA)
            .parameters("team.cost_centre", "4711")
            .build()
            .expect("a database");
        admin.glue.create_database().database_input(database).send().await.expect("CreateDatabase");
        admin
            .glue
            .create_table()
            .database_name("wide_things")
            .table_input(every_field_table())
            .send()
            .await
            .expect("CreateTable");
    });
    admin
}

fn get_table(mesh: &TestMesh, admin: &Admin, database: &str, name: &str) -> GlueTable {
    mesh.block_on(admin.glue.get_table().database_name(database).name(name).send())
        .expect("GetTable")
        .table
        .expect("a table")
}

/// The table without what Glue moves on every update.
fn definition(mut table: GlueTable) -> GlueTable {
    table.update_time = None;
    table.version_id = None;
    table
}

fn fail(what: &str) -> impl Fn(meshdesk_protocol::ApiError) -> String + '_ {
    move |e| format!("{what}: {} ({:?})", e.message, e.code)
}

pub fn an_owners_edits_move_only_the_meant_parameters_of_a_database_and_a_table_with_every_field_set() {
    let mesh = TestMesh::seeded();
    let admin = seed_every_field(&mesh);
    let table_before = get_table(&mesh, &admin, "wide_things", "wide");
    let database_before = mesh.block_on(admin.glue.get_database().name("wide_things").send()).expect("GetDatabase");
    let storage = table_before.storage_descriptor.as_ref().expect("storage");
    let kept = storage.serde_info.as_ref().and_then(|s| s.parameters.as_ref()).is_some_and(|p| p.len() == 2)
        && storage.skewed_info.is_some()
        && storage.bucket_columns.as_ref().is_some_and(|c| c.len() == 1)
        && storage.sort_columns.as_ref().is_some_and(|c| c.len() == 1)
        && storage.columns.as_ref().is_some_and(|c| c[0].parameters.is_some())
        && table_before.partition_keys.as_ref().is_some_and(|k| k[0].parameters.is_some())
        && (table_before.owner.as_deref(), table_before.retention) == (Some("etl-team"), 30);
    assert!(kept, "the emulator stores every field, so the comparison below covers them: {table_before:#?}");
    let dana = mesh.open(Person::Dana);

    let product = ProductRef::new(mesh.account(IDENTITY), "wide_things");
    let tier = AnnotationEdit {
        product: product.clone(),
        edits: vec![FieldEdit { field: AnnotationField::Tier, value: "gold".into() }],
    };
    dana.annotate(&tier, NOW).unwrap_or_else(|e| panic!("{}", fail("annotate")(e)));
    let table = TableRef::new(mesh.account(IDENTITY), "wide_things", "wide");
    let contract = ContractSpec {
        version: "1.0".into(),
        columns: vec![ContractColumn { name: "id".into(), data_type: Some("bigint".into()), nullable: false }],
        freshness_hours: None,
    };
    let edit = ContractEdit { table: table.clone(), contract: Some(contract) };
    dana.save_contract(&edit, NOW).unwrap_or_else(|e| panic!("{}", fail("save the contract")(e)));

    let table_after = get_table(&mesh, &admin, "wide_things", "wide");
    let stored_contract = table_after.parameters.as_ref().and_then(|p| p.get(CONTRACT)).cloned().expect("a contract");
    assert!(stored_contract.contains("\"version\":\"1.0\""), "{stored_contract}");
    let mut expected = definition(table_before);
    expected.parameters.get_or_insert_default().insert(CONTRACT.into(), stored_contract);
    assert_eq!(definition(table_after), expected, "nothing but the contract moved");

    let database_after = mesh.block_on(admin.glue.get_database().name("wide_things").send()).expect("GetDatabase");
    let mut expected = database_before.database.expect("a database");
    expected.parameters.get_or_insert_default().insert("meshdesk:tier".into(), "gold".into());
    assert_eq!(database_after.database.expect("a database"), expected, "nothing but the tier moved");

    // The window shows both at once, without a crawl.
    let detail = dana.product(&product, NOW).expect("the product");
    assert_eq!(detail.tier.as_deref(), Some("gold"));
    let wide = detail.tables.iter().find(|t| t.table.table == "wide").expect("the table");
    assert_eq!(wide.contract.as_ref().map(|c| c.state), Some(ContractState::Honoured));
    let history = dana.table_history(&table).expect("the history");
    assert_eq!(history.versions.first().map(|v| (v.current, v.contract_after.clone())), Some((true, Some("1.0".into()))));
    assert!(history.events.iter().any(|e| e.action == "contract.updated"), "{:?}", history.events);
}

fn is_listed(mesh: &Meshdesk<AwsMesh>, product: &ProductRef) -> bool {
    mesh.refresh_aws(std::sync::Arc::new(|_| {}), NOW).unwrap_or_else(|e| panic!("{}", fail("refresh")(e)));
    let page = mesh.search_catalog(&Default::default(), NOW).expect("the catalog");
    page.hits.iter().any(|p| p.product == *product)
}

pub fn a_published_database_appears_for_everyone_and_unpublishing_takes_it_away() {
    let mesh = TestMesh::seeded();
    let admin = mesh.clients(IDENTITY);
    let database = DatabaseInput::builder()
        .name("churn_scores")
        .description("Churn risk per customer")
        .parameters("meshdesk:owner", DANA)
        .build()
        .expect("a database");
    mesh.block_on(admin.glue.create_database().database_input(database).send()).expect("CreateDatabase");
    let (dana, mia) = (mesh.open(Person::Dana), mesh.open(Person::Mia));
    let product = ProductRef::new(mesh.account(IDENTITY), "churn_scores");
    assert!(!is_listed(&mia, &product));

    let refused = mia.publish(&PublishInput { product: product.clone(), publish: true, confirm: false }, NOW);
    assert_eq!(refused.map_err(|e| e.code).err(), Some(ErrorCode::Forbidden), "only its owner publishes it");
    dana.publish(&PublishInput { product: product.clone(), publish: true, confirm: false }, NOW)
        .unwrap_or_else(|e| panic!("{}", fail("publish")(e)));
    assert!(is_listed(&mia, &product), "another person sees it after a refresh");

    dana.publish(&PublishInput { product: product.clone(), publish: false, confirm: false }, NOW)
        .unwrap_or_else(|e| panic!("{}", fail("unpublish")(e)));
    assert!(!is_listed(&mia, &product), "and no longer after unpublishing");
    let stored = mesh.block_on(admin.glue.get_database().name("churn_scores").send()).expect("GetDatabase");
    let parameters = stored.database.and_then(|d| d.parameters).unwrap_or_default();
    assert_eq!(parameters.get("meshdesk:owner").map(String::as_str), Some(DANA), "only the product flag went");

    // A database nobody owns yet: someone working in its account publishes it and owns it.
    let unowned = DatabaseInput::builder().name("segments_raw").build().expect("a database");
    mesh.block_on(admin.glue.create_database().database_input(unowned).send()).expect("CreateDatabase");
    dana.refresh_aws(std::sync::Arc::new(|_| {}), NOW).unwrap_or_else(|e| panic!("{}", fail("refresh")(e)));
    let segments = ProductRef::new(mesh.account(IDENTITY), "segments_raw");
    assert!(dana.unpublished_databases().expect("publishable").contains(&segments));
    dana.publish(&PublishInput { product: segments.clone(), publish: true, confirm: false }, NOW)
        .unwrap_or_else(|e| panic!("{}", fail("publish an unowned database")(e)));
    assert_eq!(dana.product(&segments, NOW).expect("the product").owners, [DANA]);

    // The voice domain links to the customer profiles: unpublishing them needs a confirmation.
    let profiles = ProductRef::new(mesh.account(IDENTITY), "customer_profiles");
    let unconfirmed = dana.publish(&PublishInput { product: profiles.clone(), publish: false, confirm: false }, NOW);
    let error = unconfirmed.expect_err("needs a confirmation");
    assert!(error.message.contains("consumer"), "{}", error.message);
    assert!(is_listed(&mia, &profiles), "nothing was changed");
}

pub fn the_schema_history_shows_glues_versions_and_which_change_broke_the_contract() {
    let mesh = TestMesh::seeded();
    let dana = mesh.open(Person::Dana);
    let table = TableRef::new(mesh.account(IDENTITY), "customer_profiles", "customers");
    let contract = ContractSpec {
        version: "2.0".into(),
        columns: vec![
            ContractColumn { name: "id".into(), data_type: Some("bigint".into()), nullable: false },
            ContractColumn { name: "email".into(), data_type: Some("string".into()), nullable: true },
        ],
        freshness_hours: None,
    };
    dana.save_contract(&ContractEdit { table: table.clone(), contract: Some(contract) }, NOW)
        .unwrap_or_else(|e| panic!("{}", fail("save the contract")(e)));

    // The team's job adds a column, then drops `email`, with plain SDK calls.
    let admin = mesh.clients(IDENTITY);
    let change = |add: Option<&str>, drop: Option<&str>| {
        let current = get_table(&mesh, &admin, "customer_profiles", "customers");
        let mut storage = current.storage_descriptor.clone().expect("storage");
        let columns = storage.columns.get_or_insert_default();
        columns.retain(|c| Some(c.name.as_str()) != drop);
        if let Some(name) = add {
            columns.push(column(name, "string", "", &[]));
        }
        let input = TableInput::builder()
            .name("customers")
            .set_description(current.description)
            .set_table_type(current.table_type)
            .set_parameters(current.parameters)
            .set_partition_keys(current.partition_keys)
            .storage_descriptor(storage)
            .build()
            .expect("a table");
        mesh.block_on(admin.glue.update_table().database_name("customer_profiles").table_input(input).send())
            .expect("UpdateTable");
    };
    change(Some("loyalty_tier"), None);
    change(None, Some("email"));
    dana.refresh_aws(std::sync::Arc::new(|_| {}), NOW).unwrap_or_else(|e| panic!("{}", fail("refresh")(e)));

    let history = dana.table_history(&table).unwrap_or_else(|e| panic!("{}", fail("history")(e)));
    let added = history.versions.iter().find(|v| v.added.iter().any(|c| c.name == "loyalty_tier")).expect("added");
    assert!(added.breaks.is_empty(), "an added column breaks nothing: {added:?}");
    let removed = history.versions.iter().find(|v| v.removed.iter().any(|c| c.name == "email")).expect("removed");
    assert!(removed.current && removed.version > added.version, "{history:#?}");
    assert!(removed.breaks.iter().any(|b| b.contains("email") && b.contains("2.0")), "{:?}", removed.breaks);
    let first = history.versions.last().expect("the first version");
    assert!(first.first && first.added.iter().any(|c| c.name == "email"), "{first:?}");

    let alerts = dana.contract_alerts(NOW).expect("alerts");
    assert!(
        alerts.owned.iter().any(|b| b.table == table && b.violations.iter().any(|v| v.column.as_deref() == Some("email"))),
        "{alerts:#?}"
    );
}

pub fn the_product_commands_annotate_set_a_contract_publish_and_show_history_on_an_aws_mesh() {
    let mesh = TestMesh::seeded();
    let product = format!("{}:customer_profiles", mesh.account(IDENTITY));
    let table = format!("{product}.customers");
    let run = |args: &[&str]| meshdesk(&mesh, Person::Dana, args);

    let annotated = run(&["product", "annotate", &product, "--set", "tier=silver", "--yes"]);
    assert_eq!(annotated.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&annotated.stderr));
    let contract = run(&[
        "product", "contract", &table, "--contract-version", "1.0", "--column", "id:bigint", "--not-null", "id", "--yes",
    ]);
    assert_eq!(contract.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&contract.stderr));

    let shown = run(&["product", "contract", &table]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert_eq!(shown.status.code(), Some(0), "honoured: {text}");
    assert!(text.contains("not null") && text.contains("cannot"), "the unchecked promise is said: {text}");
    let history: TableHistory = json(&run(&["product", "history", &table, "--json"]));
    assert_eq!(history.versions.first().and_then(|v| v.contract_after.clone()), Some("1.0".into()));

    let mia = meshdesk(&mesh, Person::Mia, &["product", "unpublish", &product, "--yes"]);
    assert_eq!(mia.status.code(), Some(1), "only an owner unpublishes");
    let stored = mesh.clients(IDENTITY);
    let parameters = mesh
        .block_on(stored.glue.get_database().name("customer_profiles").send())
        .expect("GetDatabase")
        .database
        .and_then(|d| d.parameters)
        .unwrap_or_default();
    assert_eq!(
        (parameters.get("meshdesk:tier").map(String::as_str), parameters.get("meshdesk:product").map(String::as_str)),
        (Some("silver"), Some("true"))
    );
}
