//! The sandbox file's SQL schema, its version and the id that marks the file as Meshdesk's.

/// `PRAGMA user_version` of the schema below. A store with a higher version was written by a
/// newer Meshdesk and is refused rather than misread.
pub const SCHEMA_VERSION: i64 = 1;

/// `PRAGMA application_id` of a Meshdesk sandbox ("MSHD"), so a foreign SQLite file is never
/// mistaken for one.
pub const APPLICATION_ID: i64 = 0x4D53_4844;

/// The tables a store of [`SCHEMA_VERSION`] must have.
pub(crate) const TABLES: [&str; 7] = ["accounts", "databases", "tables", "personas", "grants", "requests", "meta"];

/// Columns, parameters and LF-tags are blobs in the form of `codec`: the catalog is read whole,
/// and one row per table (not per column) is what makes that fast.
pub(crate) const CREATE: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    domain TEXT NOT NULL
);

CREATE TABLE databases (
    account         TEXT NOT NULL REFERENCES accounts (id),
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    target_account  TEXT,
    target_database TEXT,
    parameters      BLOB NOT NULL,
    tags            BLOB NOT NULL,
    PRIMARY KEY (account, name),
    CHECK ((target_account IS NULL) = (target_database IS NULL))
);

CREATE TABLE tables (
    account         TEXT NOT NULL,
    database        TEXT NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    table_type      TEXT,
    location        TEXT,
    input_format    TEXT,
    serde_library   TEXT,
    update_time     INTEGER,
    target_account  TEXT,
    target_database TEXT,
    target_table    TEXT,
    parameters      BLOB NOT NULL,
    tags            BLOB NOT NULL,
    columns         BLOB NOT NULL,
    partition_keys  BLOB NOT NULL,
    PRIMARY KEY (account, database, name),
    FOREIGN KEY (account, database) REFERENCES databases (account, name),
    CHECK ((target_account IS NULL) = (target_table IS NULL) AND (target_database IS NULL) = (target_table IS NULL))
);

CREATE TABLE personas (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    role    TEXT NOT NULL,
    account TEXT NOT NULL,
    email   TEXT NOT NULL
);

-- List-valued fields are JSON arrays of strings, readable with SQLite's json_each.
CREATE TABLE grants (
    id               TEXT PRIMARY KEY,
    principal        TEXT NOT NULL,
    resource_kind    TEXT NOT NULL CHECK (resource_kind IN
                         ('database', 'table', 'table_with_columns', 'data_cells_filter', 'lf_tag_policy')),
    account          TEXT NOT NULL,
    database         TEXT NOT NULL,
    table_name       TEXT,
    columns          TEXT NOT NULL,
    excluded_columns TEXT NOT NULL,
    row_filter       TEXT,
    tag_expression   TEXT,
    permissions      TEXT NOT NULL,
    grantable        TEXT NOT NULL
);

CREATE TABLE requests (
    id               TEXT PRIMARY KEY,
    requester        TEXT NOT NULL REFERENCES personas (id),
    principal        TEXT NOT NULL,
    product_account  TEXT NOT NULL,
    product_database TEXT NOT NULL,
    tables           TEXT NOT NULL,
    columns          TEXT NOT NULL,
    row_filter       TEXT,
    permissions      TEXT NOT NULL,
    duration_days    INTEGER NOT NULL CHECK (duration_days >= 0),
    justification    TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                         ('pending', 'approved', 'provisioned', 'revoked', 'expired', 'rejected', 'withdrawn')),
    version          INTEGER NOT NULL CHECK (version >= 0),
    created_at       INTEGER NOT NULL,
    decided_at       INTEGER,
    decided_by       TEXT,
    reason           TEXT
);
CREATE INDEX requests_by_requester ON requests (requester);
CREATE INDEX requests_by_product ON requests (product_account, product_database);
"#;
