//! The test mesh's catalogs, made with ordinary Glue and Lake Formation calls as the domain
//! teams would: products with `meshdesk:*` parameters, tables with columns and comments, LF-tags
//! down to columns, a `meshdesk:upstream` edge and a cross-account resource link.

use aws_sdk_glue::types::{Column, DatabaseInput, SerDeInfo, StorageDescriptor, TableIdentifier, TableInput};
use aws_sdk_lakeformation::types::{self as lf, DatabaseResource, LfTagPair, TableResource, TableWithColumnsResource};

use crate::fixture::{Admin, BILLING, DANA, IDENTITY, OMAR, VOICE, account, domain_profile};

pub const SENSITIVITY: [&str; 4] = ["public", "internal", "confidential", "restricted"];

async fn admin(slot: u32, k: u32) -> Admin {
    let config =
        meshdesk_aws::clients::sdk_config(&domain_profile(slot, k), None, meshdesk_aws::clients::https_client())
            .await
            .expect("the profile loads");
    Admin { glue: aws_sdk_glue::Client::new(&config), lf: aws_sdk_lakeformation::Client::new(&config) }
}

pub fn column(name: &str, ty: &str, comment: &str) -> Column {
    let comment = (!comment.is_empty()).then(|| comment.to_owned());
    Column::builder().name(name).r#type(ty).set_comment(comment).build().expect("a column")
}

fn parquet(location: &str, columns: Vec<Column>) -> StorageDescriptor {
    StorageDescriptor::builder()
        .location(location)
        .input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        .serde_info(
            SerDeInfo::builder()
                .serialization_library("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                .build(),
        )
        .set_columns(Some(columns))
        .build()
}

fn pair(key: &str, value: &str) -> LfTagPair {
    LfTagPair::builder().tag_key(key).tag_values(value).build().expect("a tag")
}

async fn tag_keys(admin: &Admin) {
    for (key, values) in [
        ("sensitivity", SENSITIVITY.to_vec()),
        ("pii", vec!["true", "false"]),
        ("domain", vec!["identity", "billing", "voice"]),
    ] {
        let values = values.into_iter().map(str::to_owned).collect();
        admin.lf.create_lf_tag().tag_key(key).set_tag_values(Some(values)).send().await.expect("CreateLFTag");
    }
}

async fn product(admin: &Admin, name: &str, description: &str, params: &[(&str, &str)]) {
    let mut input = DatabaseInput::builder().name(name).description(description).parameters("meshdesk:product", "true");
    for (k, v) in params {
        input = input.parameters(*k, *v);
    }
    admin
        .glue
        .create_database()
        .database_input(input.build().expect("a database"))
        .send()
        .await
        .expect("CreateDatabase");
}

async fn table(admin: &Admin, database: &str, input: TableInput) {
    admin.glue.create_table().database_name(database).table_input(input).send().await.expect("CreateTable");
}

/// Tags a resource with all of `tags` in one call (the emulator replaces a resource's tags).
pub async fn tag(admin: &Admin, resource: lf::Resource, tags: &[(&str, &str)]) {
    let pairs = tags.iter().map(|(k, v)| pair(k, v)).collect();
    admin
        .lf
        .add_lf_tags_to_resource()
        .resource(resource)
        .set_lf_tags(Some(pairs))
        .send()
        .await
        .expect("AddLFTagsToResource");
}

pub fn database_resource(name: &str) -> lf::Resource {
    lf::Resource::builder()
        .database(DatabaseResource::builder().name(name).build().expect("a database resource"))
        .build()
}

pub fn table_resource(database: &str, name: &str) -> lf::Resource {
    lf::Resource::builder()
        .table(TableResource::builder().database_name(database).name(name).build().expect("a table resource"))
        .build()
}

pub fn column_resource(database: &str, table: &str, columns: &[&str]) -> lf::Resource {
    let t = TableWithColumnsResource::builder()
        .database_name(database)
        .name(table)
        .set_column_names(Some(columns.iter().map(|c| (*c).to_owned()).collect()))
        .build()
        .expect("a columns resource");
    lf::Resource::builder().table_with_columns(t).build()
}

pub async fn seed(slot: u32) {
    let identity = admin(slot, IDENTITY).await;
    tag_keys(&identity).await;
    product(
        &identity,
        "customer_profiles",
        "Customer master data",
        &[
            ("meshdesk:owner", &format!("{DANA}, {OMAR}")),
            ("meshdesk:domain", "identity"),
            ("meshdesk:description", "Who our customers are"),
            ("meshdesk:slo.freshness_hours", "24"),
        ],
    )
    .await;
    let customers = TableInput::builder()
        .name("customers")
        .description("One row per customer")
        .table_type("EXTERNAL_TABLE")
        .parameters("classification", "parquet")
        .storage_descriptor(parquet(
            "s3://identity-lake/customers/",
            vec![
                column("id", "bigint", "customer id"),
                column("email", "string", "primary email"),
                column("segment", "string", ""),
                column("country", "string", "ISO 3166 code"),
            ],
        ))
        .partition_keys(column("dt", "date", ""))
        .build()
        .expect("a table");
    table(&identity, "customer_profiles", customers).await;
    let addresses = TableInput::builder()
        .name("addresses")
        .storage_descriptor(parquet(
            "s3://identity-lake/addresses/",
            vec![column("customer_id", "bigint", ""), column("street", "string", ""), column("city", "string", "")],
        ))
        .build()
        .expect("a table");
    table(&identity, "customer_profiles", addresses).await;
    tag(&identity, database_resource("customer_profiles"), &[("sensitivity", "internal"), ("domain", "identity")])
        .await;
    tag(
        &identity,
        column_resource("customer_profiles", "customers", &["email"]),
        &[("sensitivity", "restricted"), ("pii", "true")],
    )
    .await;
    tag(&identity, column_resource("customer_profiles", "customers", &["country"]), &[("sensitivity", "public")]).await;

    let billing = admin(slot, BILLING).await;
    tag_keys(&billing).await;
    let billing_owner = format!("arn:aws:iam::{}:role/BillingOwner", account(slot, BILLING));
    product(
        &billing,
        "invoices",
        "Invoices and their lines",
        &[("meshdesk:owner", &billing_owner), ("meshdesk:domain", "billing")],
    )
    .await;
    let lines = TableInput::builder()
        .name("invoice_lines")
        .parameters("meshdesk:upstream", format!("{}:customer_profiles.customers", account(slot, IDENTITY)))
        .storage_descriptor(parquet(
            "s3://billing-lake/invoice_lines/",
            vec![
                column("invoice_id", "bigint", ""),
                column("customer_id", "bigint", ""),
                column("amount", "decimal(12,2)", ""),
            ],
        ))
        .build()
        .expect("a table");
    table(&billing, "invoices", lines).await;
    tag(&billing, table_resource("invoices", "invoice_lines"), &[("sensitivity", "confidential")]).await;

    let voice = admin(slot, VOICE).await;
    tag_keys(&voice).await;
    product(
        &voice,
        "voice_usage",
        "Calls and their minutes",
        &[("meshdesk:owner", "voice-owner@telco.example"), ("meshdesk:domain", "voice")],
    )
    .await;
    let calls = TableInput::builder()
        .name("calls")
        .storage_descriptor(parquet(
            "s3://voice-lake/calls/",
            vec![column("call_id", "bigint", ""), column("customer_id", "bigint", ""), column("seconds", "int", "")],
        ))
        .build()
        .expect("a table");
    table(&voice, "voice_usage", calls).await;
    tag(&voice, database_resource("voice_usage"), &[("sensitivity", "internal")]).await;
    // The voice team reaches the identity domain's customers through a resource link.
    voice
        .glue
        .create_database()
        .database_input(DatabaseInput::builder().name("customer_links").build().expect("a database"))
        .send()
        .await
        .expect("CreateDatabase");
    let link = TableInput::builder()
        .name("customers")
        .target_table(
            TableIdentifier::builder()
                .catalog_id(account(slot, IDENTITY))
                .database_name("customer_profiles")
                .name("customers")
                .build(),
        )
        .build()
        .expect("a resource link");
    table(&voice, "customer_links", link).await;
}
