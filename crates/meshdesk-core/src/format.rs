//! A table's storage format, read from the Glue metadata that engines themselves write.

use crate::model::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Parquet,
    Iceberg,
    Delta,
    Orc,
    Avro,
    Csv,
    Json,
    Unknown,
}

impl Format {
    pub const ALL: [Format; 8] =
        [Format::Parquet, Format::Iceberg, Format::Delta, Format::Orc, Format::Avro, Format::Csv, Format::Json, Format::Unknown];
}

/// Reads the format: open table formats first (Iceberg and Delta keep Parquet files underneath,
/// so their markers must win), then Glue's `classification`, then the input format and SerDe.
pub fn detect(table: &Table) -> Format {
    let param = |key: &str| table.parameters.get(key).map(|v| v.trim().to_ascii_lowercase());
    let table_type = param("table_type");
    if table_type.as_deref() == Some("iceberg") {
        return Format::Iceberg;
    }
    if table_type.as_deref() == Some("delta") || param("spark.sql.sources.provider").as_deref() == Some("delta") {
        return Format::Delta;
    }
    if let Some(classification) = param("classification") {
        match classification.as_str() {
            "parquet" => return Format::Parquet,
            "delta" => return Format::Delta,
            "iceberg" => return Format::Iceberg,
            "orc" => return Format::Orc,
            "avro" => return Format::Avro,
            "csv" => return Format::Csv,
            "json" => return Format::Json,
            _ => {}
        }
    }
    let input = table.input_format.as_deref().unwrap_or_default().to_ascii_lowercase();
    let serde = table.serde_library.as_deref().unwrap_or_default().to_ascii_lowercase();
    if input.contains("parquet") || serde.contains("parquet") {
        Format::Parquet
    } else if input.contains("orc") || serde.contains("orc") {
        Format::Orc
    } else if input.contains("avro") || serde.contains("avro") {
        Format::Avro
    } else if serde.contains("json") {
        Format::Json
    } else if input.contains("textinputformat") || serde.contains("csv") || serde.contains("lazysimpleserde") {
        Format::Csv
    } else {
        Format::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(params: &[(&str, &str)], input: Option<&str>, serde: Option<&str>) -> Table {
        Table {
            parameters: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            input_format: input.map(Into::into),
            serde_library: serde.map(Into::into),
            ..Table::default()
        }
    }

    #[test]
    fn formats_are_read_as_engines_write_them() {
        let parquet = Some("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        let text = Some("org.apache.hadoop.mapred.TextInputFormat");
        let check = |t: Table, expected: Format| assert_eq!(detect(&t), expected, "{t:?}");
        check(table(&[("table_type", "ICEBERG")], parquet, None), Format::Iceberg);
        check(table(&[("spark.sql.sources.provider", "delta")], parquet, None), Format::Delta);
        check(table(&[("classification", "parquet")], None, None), Format::Parquet);
        check(table(&[], parquet, None), Format::Parquet);
        check(table(&[], text, Some("org.openx.data.jsonserde.JsonSerDe")), Format::Json);
        check(table(&[], text, Some("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")), Format::Csv);
        check(table(&[], Some("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat"), None), Format::Orc);
        check(table(&[], None, None), Format::Unknown);
    }
}
