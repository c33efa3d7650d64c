//! Large synthetic meshes for scale tests and benchmarks: any number of accounts, databases,
//! tables and columns, with tags at every level and lineage across accounts, reproducible from
//! a seed.


use meshdesk_core::governance::model::{
    Capacity, ColumnSelection, Grant, Identity, Permission, RequestStatus, Resource, ShareRequest, TagClause,
    TagExpression,
};
use meshdesk_core::governance::preview::plan_grants;
use meshdesk_core::model::{Account, Catalog, Column, Database, LfTag, Parameters, Table, Tags, params};

use super::prng::SplitMix64;
use super::spec::{Format, Storage};
use super::story::{DAY, Entry, Story, seal_all};
use super::{DemoMesh, tag_keys};
use crate::persona::Persona;

/// The size and seed of a synthetic mesh. 20 × 50 × 100 × 20 is 100,000 tables and 2,000,000
/// columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticConfig {
    pub accounts: usize,
    pub databases_per_account: usize,
    pub tables_per_database: usize,
    pub columns_per_table: usize,
    pub seed: u64,
}

const DOMAINS: &[&str] = &[
    "billing",
    "voice",
    "messaging",
    "identity",
    "network",
    "retail",
    "wholesale",
    "iot",
    "media",
    "finance",
    "hr",
    "logistics",
    "marketing",
    "care",
    "fraud",
    "devices",
    "roaming",
    "enterprise",
    "partners",
    "security",
];
const SUBJECTS: &[&str] = &[
    "orders",
    "usage",
    "events",
    "customers",
    "payments",
    "sessions",
    "alarms",
    "tickets",
    "devices",
    "contracts",
    "shipments",
    "invoices",
    "campaigns",
    "sites",
    "accounts",
];
const STAGES: &[&str] = &["raw", "clean", "curated", "daily", "monthly", "scored", "enriched", "snapshot"];
const ENTITIES: &[&str] =
    &["fact", "dim", "agg", "log", "history", "summary", "detail", "features", "latest", "stats", "lookup"];
const COLUMN_WORDS: &[&str] = &[
    "amount",
    "count",
    "status",
    "code",
    "name",
    "type",
    "ratio",
    "score",
    "region",
    "channel",
    "started_at",
    "ended_at",
    "duration",
    "country",
    "reference",
    "category",
    "version",
    "source",
    "flag",
    "total",
];
const TYPES: &[&str] = &[
    "string",
    "string",
    "bigint",
    "int",
    "double",
    "decimal(12,2)",
    "timestamp",
    "date",
    "boolean",
    "array<string>",
    "map<string,string>",
    "struct<code:string,label:string>",
];
const SENSITIVITY: &[&str] = &["public", "internal", "confidential", "restricted"];
const TIERS: &[&str] = &["gold", "silver", "bronze"];
const SLO_HOURS: &[&str] = &["1", "6", "12", "24", "48", "168"];
const FORMATS: &[Format] =
    &[Format::Parquet, Format::Parquet, Format::Iceberg, Format::Iceberg, Format::Delta, Format::Csv, Format::Json];

/// A synthetic mesh of the configured size, deterministic given `cfg` and `now`. Names are
/// unique; every product has a `domain` tag, most a `sensitivity` tag somewhere; about half the
/// tables declare upstreams in any account generated before them. Every account defines the
/// `domain`, `pii` and `sensitivity` LF-tag keys.
pub fn synthetic_mesh(cfg: &SyntheticConfig, now: i64) -> DemoMesh {
    let mut rng = SplitMix64::new(cfg.seed);
    let mut catalog = Catalog::default();
    for a in 0..cfg.accounts {
        let domain = match a / DOMAINS.len() {
            0 => DOMAINS[a % DOMAINS.len()].to_owned(),
            round => format!("{}{}", DOMAINS[a % DOMAINS.len()], round + 1),
        };
        let account = Account { id: format!("9{a:011}"), name: format!("{domain}-prod"), domain };
        for d in 0..cfg.databases_per_account {
            let database = database(&mut rng, &account, d);
            for t in 0..cfg.tables_per_database {
                let table = table(&mut rng, cfg, &catalog.tables, &database, t, now);
                catalog.tables.push(table);
            }
            catalog.databases.push(database);
        }
        catalog.accounts.push(account);
    }
    let (requests, grants, entries) = access(&catalog, now);
    catalog.tag_keys = tag_keys(&catalog.accounts);
    super::sort(&mut catalog);
    DemoMesh {
        personas: personas(&catalog),
        memberships: Vec::new(),
        catalog,
        grants,
        requests,
        audit: seal_all(entries),
        table_versions: Vec::new(),
        lake_formation_bypass: Vec::new(),
    }
}

fn database(rng: &mut SplitMix64, account: &Account, index: usize) -> Database {
    let name = format!("{}_{}_{index:04}", rng.pick(SUBJECTS), rng.pick(STAGES));
    let description =
        format!("{} {} of the {} domain.", capitalised(rng.pick(STAGES)), rng.pick(SUBJECTS), account.domain);
    let mut parameters = Parameters::new();
    let mut tags = Vec::new();
    if rng.chance(90) {
        parameters.insert(params::PRODUCT.into(), "true".to_owned());
        parameters.insert(params::DOMAIN.into(), account.domain.clone());
        parameters.insert(params::DESCRIPTION.into(), description.clone());
        if rng.chance(95) {
            parameters.insert(params::OWNER.into(), format!("owner{}@{}.example", rng.below(40), account.domain));
        }
        if rng.chance(50) {
            parameters.insert(params::STEWARD.into(), "steward@governance.example".to_owned());
        }
        parameters.insert(params::TIER.into(), rng.pick(TIERS).to_owned());
        parameters.insert(params::SLO_FRESHNESS_HOURS.into(), rng.pick(SLO_HOURS).to_owned());
        tags.push(LfTag::new("domain", account.domain.clone()));
    }
    if rng.chance(70) {
        tags.push(LfTag::new(params::SENSITIVITY_TAG, rng.pick(&SENSITIVITY[..3])));
    }
    Database { account: account.id.clone(), name, description, parameters, target: None, tags: tags.into() }
}

fn table(
    rng: &mut SplitMix64,
    cfg: &SyntheticConfig,
    earlier: &[Table],
    database: &Database,
    index: usize,
    now: i64,
) -> Table {
    let name = format!("{}_{index:04}", rng.pick(ENTITIES));
    let location = format!("s3://lake-{}/{}/{name}/", database.account, database.name);
    let storage = Storage::of(FORMATS[rng.below(FORMATS.len())]);
    let mut parameters = storage.parameters(&location, rng.below(500) as i64);
    let updated = now - rng.below(24 * 10) as i64 * 3600;
    parameters.insert(params::LAST_UPDATED.into(), updated.to_string());
    if !earlier.is_empty() && rng.chance(50) {
        let upstream: Vec<String> =
            (0..1 + rng.below(3)).map(|_| earlier[rng.below(earlier.len())].qualified_name().to_string()).collect();
        parameters.insert(params::UPSTREAM.into(), upstream.join(","));
    }
    let mut tags = Vec::new();
    if rng.chance(15) {
        tags.push(LfTag::new(params::SENSITIVITY_TAG, rng.pick(SENSITIVITY)));
    }
    let columns = (0..cfg.columns_per_table).map(|c| column(rng, c, &name)).collect();
    let partition_keys = if rng.chance(50) {
        vec![Column { name: "dt".into(), data_type: "string".into(), comment: "Partition day".into(), tags: Tags::new() }]
    } else {
        Vec::new()
    };
    Table {
        account: database.account.as_str().into(),
        database: database.name.as_str().into(),
        description: format!("Synthetic {name} table of {}.", database.name),
        name,
        table_type: Some("EXTERNAL_TABLE".into()),
        parameters,
        location: Some(location),
        input_format: storage.input_format.map(Into::into),
        serde_library: storage.serde_library.map(Into::into),
        columns,
        partition_keys,
        update_time: Some(updated),
        target: None,
        tags: tags.into(),
    }
}

fn column(rng: &mut SplitMix64, index: usize, table: &str) -> Column {
    let word = rng.pick(COLUMN_WORDS);
    let mut tags = Vec::new();
    if rng.chance(6) {
        tags.push(LfTag::new(params::SENSITIVITY_TAG, rng.pick(SENSITIVITY)));
    }
    if rng.chance(2) {
        tags.push(LfTag::new("pii", "true"));
    }
    Column {
        name: format!("{word}_{index}").into(),
        data_type: rng.pick(TYPES).into(),
        comment: format!("{} {index} of {table}", capitalised(word)).into(),
        tags: tags.into(),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn personas(catalog: &Catalog) -> Vec<Persona> {
    let account = |i: usize| catalog.accounts.get(i).map(|a| a.id.clone()).unwrap_or_default();
    let persona = |id: &str, role: &str, account: String, steward: bool| Persona {
        identity: Identity {
            id: id.into(),
            name: capitalised(id),
            email: format!("{id}@synthetic.example"),
            principals: vec![
                format!("arn:aws:iam::{account}:role/{id}"),
                format!("arn:aws:identitystore:::user/synthetic-{id}"),
            ],
            account,
            groups: Vec::new(),
            group_names: Vec::new(),
            steward,
        },
        role: role.into(),
    };
    vec![
        persona("consumer", "consumer in the second account", account(1), false),
        persona("owner", "owner of the first account's products", account(0), false),
        persona("steward", "steward, data governance", account(0), true),
    ]
}

/// `count` Lake Formation grants of every shape over `catalog` — database, table, table
/// wildcard, named columns, all columns but some, data cells filters with row filters, LF-tag
/// policies — to principals of every kind (whole accounts, IAM roles of every account, Identity
/// Center users and groups), reproducible from `seed`. One grant in 50 goes to the synthetic
/// consumer's role, so the consumer's access is never empty; one in 200 is an LF-tag policy,
/// which covers a whole account's catalog, so they are few as in a real mesh. For access
/// queries at scale.
pub fn synthetic_grants(catalog: &Catalog, count: usize, seed: u64) -> Vec<Grant> {
    let mut rng = SplitMix64::new(seed ^ 0x6772_616e_7473);
    let (accounts, tables) = (&catalog.accounts, &catalog.tables);
    if accounts.is_empty() || tables.is_empty() {
        return Vec::new();
    }
    let consumer = format!("arn:aws:iam::{}:role/consumer", accounts[1 % accounts.len()].id);
    (0..count)
        .map(|i| {
            let table = &tables[rng.below(tables.len())];
            let grantee = &accounts[rng.below(accounts.len())].id;
            let principal = match rng.below(50) {
                0 => consumer.clone(),
                1..=9 => grantee.clone(),
                10..=34 => format!("arn:aws:iam::{grantee}:role/analyst{}", rng.below(20)),
                35..=44 => format!("arn:aws:identitystore:::user/synthetic-user{}", rng.below(500)),
                _ => format!("arn:aws:identitystore:::group/synthetic-group{}", rng.below(50)),
            };
            let some_columns = |rng: &mut SplitMix64| -> Vec<String> {
                let n = 1 + rng.below(table.columns.len().clamp(1, 4));
                (0..n).filter_map(|_| table.columns.get(rng.below(table.columns.len().max(1)))).map(|c| c.name.to_string()).collect()
            };
            let (account, database) = (table.account.to_string(), table.database.to_string());
            let resource = match if rng.below(200) == 0 { 7 } else { rng.below(7) } {
                0 => Resource::Database { account, database },
                1 => Resource::Table { account, database, table: None, columns: ColumnSelection::All },
                2 | 3 => Resource::Table { account, database, table: Some(table.name.clone()), columns: ColumnSelection::All },
                4 => Resource::Table {
                    account,
                    database,
                    table: Some(table.name.clone()),
                    columns: ColumnSelection::Only(some_columns(&mut rng)),
                },
                5 => Resource::Table {
                    account,
                    database,
                    table: Some(table.name.clone()),
                    columns: ColumnSelection::AllExcept(some_columns(&mut rng)),
                },
                6 => Resource::DataCellsFilter {
                    account,
                    database,
                    table: table.name.clone(),
                    name: format!("filter{i}"),
                    row_filter: Some(format!("country = '{}'", ["SE", "DE", "FR", "ES"][rng.below(4)])),
                    columns: ColumnSelection::All,
                },
                _ => Resource::TagPolicy {
                    account,
                    expression: TagExpression {
                        clauses: vec![TagClause {
                            key: params::SENSITIVITY_TAG.to_owned(),
                            values: vec![rng.pick(&SENSITIVITY[..2]).to_owned()],
                        }],
                    },
                },
            };
            let permissions = match resource {
                Resource::Database { .. } => [Permission::Describe].into(),
                _ => [Permission::Select, Permission::Describe].into(),
            };
            Grant { id: format!("synthetic-grant-{i:07}"), principal, resource, permissions, grantable: Default::default() }
        })
        .collect()
}

/// Every account shares its first table with the next account: one provisioned request and
/// its grant each, plus one pending request; the audit log tells how.
fn access(catalog: &Catalog, now: i64) -> (Vec<ShareRequest>, Vec<Grant>, Vec<Entry>) {
    let mut requests = Vec::new();
    let mut grants = Vec::new();
    let mut entries = Vec::new();
    for (i, account) in catalog.accounts.iter().enumerate() {
        let Some(consumer) = catalog.accounts.get((i + 1) % catalog.accounts.len()) else { continue };
        let Some(table) = catalog.tables.iter().find(|t| t.account == account.id) else { continue };
        let ask = |id: String| {
            Story::ask(&id, "consumer", &consumer.id, (&account.id, &table.database), &[&table.name], now - 2 * DAY)
                .days(90)
                .because("Synthetic share.")
                .asked()
        };
        let provisioned =
            ask(format!("req-{i:05}")).approve("owner", Capacity::Owner, now - DAY).provision(&catalog.tables);
        let pending = ask(format!("req-{i:05}-p"));
        for story in [provisioned, pending] {
            if story.request.status == RequestStatus::Provisioned {
                grants.extend(plan_grants(&story.request, &catalog.tables));
            }
            entries.extend(story.events);
            requests.push(story.request);
        }
    }
    requests.sort_by(|a, b| a.id.cmp(&b.id));
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    (requests, grants, entries)
}
