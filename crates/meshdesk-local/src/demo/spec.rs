//! The shape in which the demo mesh is written down — domain, product, table, column — and how
//! a spec becomes the Glue databases and tables of the catalog.
//!
//! A column is one string, `name|type|comment` with an optional fourth field of `;`-separated
//! LF-tags (`key=value`, or a bare value for `sensitivity`). A name may hold one `{a,b,c}`
//! group, which expands to one column per alternative, `{}` in the comment naming it.


use meshdesk_core::model::{Column, Database, LfTag, Parameters, Table, TableName, Tags, params};

pub(super) struct DomainSpec {
    pub account: &'static str,
    /// The account's name, e.g. `billing-prod`.
    pub name: &'static str,
    pub domain: &'static str,
    /// The S3 bucket holding the domain's data; tables live at `s3://bucket/database/table/`.
    pub bucket: &'static str,
    /// Bookkeeping columns every stored table of the domain ends with.
    pub envelope: &'static [&'static str],
    pub databases: &'static [DatabaseSpec],
}

pub(super) struct DatabaseSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// A data product (`meshdesk:product = true`) rather than a plain database.
    pub product: bool,
    /// `meshdesk:owner`, comma-separated emails, role ARNs or Identity Center groups.
    pub owner: Option<&'static str>,
    pub steward: Option<&'static str>,
    pub tier: Option<&'static str>,
    pub slo_hours: Option<u32>,
    pub approval: Option<&'static str>,
    /// LF-tags on the database, `(key, value)`; product databases also get `domain`.
    pub tags: &'static [(&'static str, &'static str)],
    /// A resource-link database: `(account, database)` it points to.
    pub link: Option<(&'static str, &'static str)>,
    pub tables: &'static [TableSpec],
}

/// Defaults for a product database; specs override what they need.
pub(super) const PRODUCT: DatabaseSpec = DatabaseSpec {
    name: "",
    description: "",
    product: true,
    owner: None,
    steward: None,
    tier: None,
    slo_hours: None,
    approval: None,
    tags: &[],
    link: None,
    tables: &[],
};

#[derive(Clone, Copy)]
pub(super) enum Format {
    Parquet,
    Iceberg,
    /// Registered by a Glue crawler: `classification=delta`, Parquet files.
    Delta,
    /// Registered by Spark: `spark.sql.sources.provider=delta`.
    SparkDelta,
    Csv,
    Json,
}

pub(super) struct TableSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub format: Format,
    /// A resource link to `ACCOUNT:database.table`: no storage, columns or format of its own.
    pub link: Option<&'static str>,
    /// Hours since the data last changed, counted back from `now`.
    pub age_hours: i64,
    /// Whether the pipeline writes `meshdesk:last_updated`; without it only `update_time` tells.
    pub stamped: bool,
    pub partitions: &'static [&'static str],
    pub tags: &'static [(&'static str, &'static str)],
    /// `meshdesk:upstream` entries, `ACCOUNT:database.table`.
    pub upstream: &'static [&'static str],
    /// The table's data contract (`meshdesk:contract`), as JSON.
    pub contract: Option<&'static str>,
    pub columns: &'static [&'static str],
}

/// Defaults for a table: Parquet, refreshed an hour ago, stamped by its pipeline.
pub(super) const TABLE: TableSpec = TableSpec {
    name: "",
    description: "",
    format: Format::Parquet,
    link: None,
    age_hours: 1,
    stamped: true,
    partitions: &[],
    tags: &[],
    upstream: &[],
    contract: None,
    columns: &[],
};

/// A resource link in a consumer account to a producer's table.
pub(super) const fn link(name: &'static str, target: &'static str, description: &'static str) -> TableSpec {
    TableSpec { name, description, link: Some(target), ..TABLE }
}

pub(super) const DT: &str = "dt|string|Partition day, yyyy-mm-dd (UTC)";
pub(super) const REGION: &str = "region|string|Partition region: north, south, east, west or central";
pub(super) const MONTH: &str = "month|string|Partition month, yyyy-mm";

const PARQUET_INPUT: &str = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
const PARQUET_SERDE: &str = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
const TEXT_INPUT: &str = "org.apache.hadoop.mapred.TextInputFormat";
const CSV_SERDE: &str = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
const JSON_SERDE: &str = "org.openx.data.jsonserde.JsonSerDe";

pub(super) fn database(domain: &DomainSpec, spec: &DatabaseSpec) -> Database {
    let mut parameters = Parameters::new();
    let mut put = |key: &str, value: String| {
        parameters.insert(key.into(), value);
    };
    if spec.product {
        put(params::PRODUCT, "true".into());
        put(params::DOMAIN, domain.domain.into());
        put(params::DESCRIPTION, spec.description.into());
    }
    let optional = [
        (params::OWNER, spec.owner),
        (params::STEWARD, spec.steward),
        (params::TIER, spec.tier),
        (params::APPROVAL, spec.approval),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            put(key, value.into());
        }
    }
    if let Some(hours) = spec.slo_hours {
        put(params::SLO_FRESHNESS_HOURS, hours.to_string());
    }
    let mut tags = lf_tags(spec.tags);
    if spec.product {
        tags.push(LfTag::new("domain", domain.domain));
    }
    Database {
        account: domain.account.into(),
        name: spec.name.into(),
        description: spec.description.into(),
        parameters,
        target: spec.link.map(|(account, database)| (account.into(), database.into())),
        tags: tags.into(),
    }
}

pub(super) fn table(domain: &DomainSpec, database: &DatabaseSpec, spec: &TableSpec, now: i64) -> Table {
    let name = TableName::new(domain.account, database.name, spec.name);
    let mut table = Table {
        account: name.account.into(),
        database: name.database.into(),
        name: name.table,
        description: spec.description.into(),
        tags: lf_tags(spec.tags).into(),
        ..Table::default()
    };
    if let Some(target) = spec.link {
        table.target = TableName::parse(target).map(Box::new);
        return table;
    }
    let storage = Storage::of(spec.format);
    let location = format!("s3://{}/{}/{}/", domain.bucket, database.name, spec.name);
    let mut parameters = storage.parameters(&location, spec.age_hours + 17);
    let updated = now - spec.age_hours * 3600;
    if spec.stamped {
        parameters.insert(params::LAST_UPDATED.into(), updated.to_string());
    }
    if !spec.upstream.is_empty() {
        parameters.insert(params::UPSTREAM.into(), spec.upstream.join(","));
    }
    if let Some(contract) = spec.contract {
        parameters.insert(params::CONTRACT.into(), contract.to_owned());
    }
    table.table_type = Some("EXTERNAL_TABLE".into());
    table.location = Some(location);
    table.input_format = storage.input_format.map(Into::into);
    table.serde_library = storage.serde_library.map(Into::into);
    table.update_time = Some(updated);
    table.parameters = parameters;
    table.columns = columns(spec.columns.iter().chain(domain.envelope));
    table.partition_keys = columns(spec.partitions.iter());
    table
}

/// How a table format shows in Glue: its input format, SerDe and marker parameters.
pub(super) struct Storage {
    pub input_format: Option<&'static str>,
    pub serde_library: Option<&'static str>,
    markers: &'static [(&'static str, &'static str)],
    iceberg: bool,
}

impl Storage {
    pub(super) fn of(format: Format) -> Self {
        let storage =
            |input_format, serde_library, markers| Storage { input_format, serde_library, markers, iceberg: false };
        match format {
            Format::Parquet => storage(Some(PARQUET_INPUT), Some(PARQUET_SERDE), &[("classification", "parquet")]),
            Format::Iceberg => Storage { iceberg: true, ..storage(None, None, &[("table_type", "ICEBERG")]) },
            Format::Delta => storage(Some(PARQUET_INPUT), Some(PARQUET_SERDE), &[("classification", "delta")]),
            Format::SparkDelta => storage(None, None, &[("spark.sql.sources.provider", "delta")]),
            Format::Csv => storage(
                Some(TEXT_INPUT),
                Some(CSV_SERDE),
                &[("classification", "csv"), ("skip.header.line.count", "1")],
            ),
            Format::Json => storage(Some(TEXT_INPUT), Some(JSON_SERDE), &[("classification", "json")]),
        }
    }

    /// The table parameters the format's writer sets; an Iceberg table also points at its
    /// current metadata file (`snapshot` numbers it).
    pub(super) fn parameters(&self, location: &str, snapshot: i64) -> Parameters {
        let mut parameters: Parameters = self.markers.iter().map(|(key, value)| (*key, *value)).collect();
        if self.iceberg {
            let metadata = format!("{location}metadata/{snapshot:05}.metadata.json");
            parameters.insert("metadata_location".into(), metadata);
        }
        parameters.insert("EXTERNAL".into(), "TRUE".to_owned());
        parameters
    }
}

fn lf_tags(tags: &[(&str, &str)]) -> Vec<LfTag> {
    tags.iter().map(|(key, value)| LfTag::new(*key, *value)).collect()
}

fn columns<'a>(specs: impl Iterator<Item = &'a &'static str>) -> Vec<Column> {
    let mut out = Vec::new();
    for spec in specs {
        expand(spec, &mut out);
    }
    out
}

/// Parses one column spec (see the module docs) into one or more columns.
fn expand(spec: &str, out: &mut Vec<Column>) {
    let mut fields = spec.splitn(4, '|');
    let name = fields.next().unwrap_or_default();
    let data_type = fields.next().unwrap_or_default();
    let comment = fields.next().unwrap_or_default();
    let tags: Tags = fields
        .next()
        .into_iter()
        .flat_map(|tags| tags.split(';'))
        .map(|tag| match tag.split_once('=') {
            Some((key, value)) => LfTag::new(key, value),
            None => LfTag::new(params::SENSITIVITY_TAG, tag),
        })
        .collect();
    let column =
        |name: String, comment: String| Column { name: name.into(), data_type: data_type.into(), comment: comment.into(), tags: tags.clone() };
    match (name.find('{'), name.find('}')) {
        (Some(open), Some(close)) if open < close => {
            for choice in name[open + 1..close].split(',') {
                let full = format!("{}{choice}{}", &name[..open], &name[close + 1..]);
                out.push(column(full, comment.replace("{}", choice)));
            }
        }
        _ => out.push(column(name.into(), comment.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_spec_reads_name_type_comment_and_tags() {
        let mut out = Vec::new();
        expand("email|string|Primary email|restricted;pii=true", &mut out);
        expand("{sms,mms}_sent|bigint|Number of {} messages sent", &mut out);
        expand("amounts|struct<net:decimal(12,2),tax:decimal(12,2)>|Amounts", &mut out);
        let names: Vec<_> = out.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["email", "sms_sent", "mms_sent", "amounts"]);
        assert_eq!(out[0].tags, [LfTag::new("sensitivity", "restricted"), LfTag::new("pii", "true")]);
        assert_eq!(out[2].comment, "Number of mms messages sent");
        assert_eq!(out[3].data_type, "struct<net:decimal(12,2),tax:decimal(12,2)>");
        assert!(out[3].tags.is_empty());
    }
}
