//! Glue's databases and tables as the core's `Database` and `Table` (LF-tags are added by the
//! crawler, which reads them from Lake Formation).

use std::collections::HashMap;

use aws_sdk_glue::types as glue;
use meshdesk_core::model::{Column, Database, Parameters, Table, TableName, Tags};

fn parameters(map: Option<&HashMap<String, String>>) -> Parameters {
    map.map(|m| m.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()).unwrap_or_default()
}

/// `catalog` is the account being read: Glue leaves `CatalogId` out of some answers.
pub fn database(catalog: &str, d: &glue::Database) -> Database {
    Database {
        account: catalog.to_owned(),
        name: d.name().to_owned(),
        description: d.description().unwrap_or_default().to_owned(),
        parameters: parameters(d.parameters()),
        target: d.target_database().and_then(|t| {
            let account = t.catalog_id().filter(|c| !c.is_empty()).unwrap_or(catalog);
            Some((account.to_owned(), t.database_name()?.to_owned()))
        }),
        tags: Tags::new(),
    }
}

fn column(c: &glue::Column) -> Column {
    Column {
        name: c.name().into(),
        data_type: c.r#type().unwrap_or_default().into(),
        comment: c.comment().unwrap_or_default().into(),
        tags: Tags::new(),
    }
}

pub fn table(catalog: &str, database: &str, t: &glue::Table) -> Table {
    let storage = t.storage_descriptor();
    Table {
        account: catalog.into(),
        database: t.database_name().filter(|d| !d.is_empty()).unwrap_or(database).into(),
        name: t.name().to_owned(),
        description: t.description().unwrap_or_default().to_owned(),
        table_type: t.table_type().map(Into::into),
        parameters: parameters(t.parameters()),
        location: storage.and_then(|s| s.location()).map(str::to_owned),
        input_format: storage.and_then(|s| s.input_format()).map(Into::into),
        serde_library: storage.and_then(|s| s.serde_info()).and_then(|s| s.serialization_library()).map(Into::into),
        columns: storage.map(|s| s.columns().iter().map(column).collect()).unwrap_or_default(),
        partition_keys: t.partition_keys().iter().map(column).collect(),
        // A table never updated since it was made has no `UpdateTime`: its metadata was last
        // written when it was created.
        update_time: t.update_time().or(t.create_time()).map(|time| time.secs()),
        target: t.target_table().and_then(|target| {
            let account = target.catalog_id().filter(|c| !c.is_empty()).unwrap_or(catalog);
            Some(Box::new(TableName::new(account, target.database_name()?, target.name()?)))
        }),
        tags: Tags::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_glue::primitives::DateTime;

    #[test]
    fn a_glue_table_reads_with_storage_columns_partitions_and_its_link_target() {
        let col = |name: &str, ty: &str, comment: Option<&str>| {
            glue::Column::builder()
                .name(name)
                .r#type(ty)
                .set_comment(comment.map(str::to_owned))
                .build()
                .expect("column")
        };
        let storage = glue::StorageDescriptor::builder()
            .location("s3://lake/orders/")
            .input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
            .serde_info(
                glue::SerDeInfo::builder()
                    .serialization_library("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                    .build(),
            )
            .columns(col("id", "bigint", Some("order id")))
            .columns(col("email", "string", None))
            .build();
        let glue_table = glue::Table::builder()
            .name("orders")
            .database_name("sales")
            .description("All orders")
            .table_type("EXTERNAL_TABLE")
            .parameters("classification", "parquet")
            .storage_descriptor(storage)
            .partition_keys(col("dt", "date", None))
            .update_time(DateTime::from_secs(1_790_000_000))
            .target_table(
                glue::TableIdentifier::builder().catalog_id("222222222222").database_name("crm").name("orders").build(),
            )
            .build()
            .expect("table");
        let t = table("111111111111", "sales", &glue_table);
        assert_eq!(t.qualified_name(), TableName::new("111111111111", "sales", "orders"));
        assert_eq!(
            t.columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str(), c.comment.as_str())).collect::<Vec<_>>(),
            [("id", "bigint", "order id"), ("email", "string", "")]
        );
        assert_eq!(t.partition_keys[0].name, "dt");
        assert_eq!(t.update_time, Some(1_790_000_000));
        assert_eq!(t.location.as_deref(), Some("s3://lake/orders/"));
        let fresh = glue::Table::builder().name("new").create_time(DateTime::from_secs(1_800_000_000)).build().expect("table");
        assert_eq!(table("111111111111", "sales", &fresh).update_time, Some(1_800_000_000), "created, never updated");
        assert_eq!(t.serde_library.as_deref(), Some("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"));
        assert_eq!(t.target.as_deref(), Some(&TableName::new("222222222222", "crm", "orders")));
        assert_eq!(t.parameters.get("classification").map(String::as_str), Some("parquet"));
    }

    #[test]
    fn a_resource_link_database_points_at_its_target() {
        let link = glue::Database::builder()
            .name("crm_link")
            .target_database(
                glue::DatabaseIdentifier::builder().catalog_id("222222222222").database_name("crm").build(),
            )
            .build()
            .expect("database");
        assert_eq!(database("111111111111", &link).target, Some(("222222222222".into(), "crm".into())));
    }
}
