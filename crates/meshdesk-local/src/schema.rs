//! The sandbox file's SQL schema, its version and the id that marks the file as Meshdesk's.

/// `PRAGMA user_version` of the schema below. A store with a higher version was written by a
/// newer Meshdesk and is refused rather than misread; one with a lower version is upgraded (see
/// `migrate`). Version 2 added `table_versions`; version 3 the kept `listing` and the catalog
/// generation that says whether it is up to date.
pub const SCHEMA_VERSION: i64 = 3;

/// `PRAGMA application_id` of a Meshdesk sandbox ("MSHD"), so a foreign SQLite file is never
/// mistaken for one.
pub const APPLICATION_ID: i64 = 0x4D53_4844;

/// The tables a store of [`SCHEMA_VERSION`] must have.
pub(crate) const TABLES: [&str; 12] = [
    "meta",
    "accounts",
    "tag_keys",
    "databases",
    "tables",
    "table_versions",
    "listing",
    "identities",
    "memberships",
    "grants",
    "requests",
    "audit",
];

/// A table's definition as one row holds it: the columns of `tables`, which `table_versions`
/// rows start with too (`read`, `write` and `versions` read and write both in this order).
macro_rules! table_row {
    () => {
        r#"    account         TEXT NOT NULL,
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
"#
    };
}

/// Glue table versions: each definition a table has had, as the `tables` row held it, numbered
/// from 1 per table. No foreign key: a version outlives its table, as Glue's do not need to, and
/// a catalog cache replaces `tables` wholesale.
macro_rules! table_versions {
    () => {
        concat!(
            "\nCREATE TABLE table_versions (\n",
            table_row!(),
            r#"    version         INTEGER NOT NULL CHECK (version >= 1),
    recorded_at     INTEGER,
    PRIMARY KEY (account, database, name, version)
);
"#
        )
    };
}

/// What version 2 added, for upgrading a version 1 store.
pub(crate) const CREATE_TABLE_VERSIONS: &str = table_versions!();

/// Moves the catalog generation on (see `listing`): the body of a trigger on a catalog table.
macro_rules! catalog_changed {
    ($table:literal, $event:literal) => {
        concat!(
            "\nCREATE TRIGGER ", $table, "_", $event, "_moves_the_catalog_on AFTER ", $event, " ON ", $table, "\nBEGIN\n",
            "    INSERT OR IGNORE INTO meta (key, value) VALUES ('catalog_generation', '0');\n",
            "    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_generation';\n",
            "END;\n"
        )
    };
}

/// The kept listing: what each database's tables sum up to (see `listing`), trusted while
/// `meta.listing_generation` equals `meta.catalog_generation`, which every change to `tables`
/// or `databases` moves on. `highest` is a sensitivity's name, `formats` a bit set over
/// `Format::ALL`.
macro_rules! listing {
    () => {
        concat!(
            r#"
CREATE TABLE listing (
    account      TEXT NOT NULL,
    database     TEXT NOT NULL,
    table_count  INTEGER NOT NULL CHECK (table_count >= 0),
    column_count INTEGER NOT NULL CHECK (column_count >= 0),
    highest      TEXT,
    formats      INTEGER NOT NULL,
    stalest      INTEGER,
    PRIMARY KEY (account, database)
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('catalog_generation', '0');
"#,
            catalog_changed!("tables", "INSERT"),
            catalog_changed!("tables", "UPDATE"),
            catalog_changed!("tables", "DELETE"),
            catalog_changed!("databases", "INSERT"),
            catalog_changed!("databases", "UPDATE"),
            catalog_changed!("databases", "DELETE"),
        )
    };
}

/// What version 3 added, for upgrading a version 1 or 2 store.
pub(crate) const CREATE_LISTING: &str = listing!();

/// The catalog keeps columns, parameters and LF-tags as blobs in the form of `codec`: it is read
/// whole, and one row per table (not per column) is what makes that fast. Governance records keep
/// their list-valued fields as JSON text (see `json`), readable with SQLite's json functions.
///
/// The audit table only grows at its head: triggers refuse an event that does not continue the
/// chain, and any update or delete. Someone with the file can drop the triggers, which is why
/// the events are also chained by hash.
pub(crate) const CREATE: &str = concat!(
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    domain TEXT NOT NULL
);

-- Lake Formation LF-tag keys of each account and their allowed values, in order.
CREATE TABLE tag_keys (
    account TEXT NOT NULL REFERENCES accounts (id),
    key     TEXT NOT NULL,
    allowed_values TEXT NOT NULL,
    PRIMARY KEY (account, key)
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
"#,
    table_row!(),
    r#"    PRIMARY KEY (account, database, name),
    FOREIGN KEY (account, database) REFERENCES databases (account, name),
    CHECK ((target_account IS NULL) = (target_table IS NULL) AND (target_database IS NULL) = (target_table IS NULL))
);
"#,
    table_versions!(),
    listing!(),
    r#"
-- The personas; their groups are the memberships of their principals.
CREATE TABLE identities (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    email      TEXT NOT NULL,
    account    TEXT NOT NULL,
    principals TEXT NOT NULL,
    steward    INTEGER NOT NULL CHECK (steward IN (0, 1))
);

-- Identity Center group memberships: a user (or other principal) ARN and a group ARN.
CREATE TABLE memberships (
    member    TEXT NOT NULL,
    group_arn TEXT NOT NULL,
    PRIMARY KEY (member, group_arn)
);

-- Lake Formation grants. `table_name` NULL on a table grant is Lake Formation's TableWildcard.
CREATE TABLE grants (
    id             TEXT PRIMARY KEY,
    principal      TEXT NOT NULL,
    resource_kind  TEXT NOT NULL CHECK (resource_kind IN ('database', 'table', 'data_cells_filter', 'tag_policy')),
    account        TEXT NOT NULL,
    database       TEXT,
    table_name     TEXT,
    filter_name    TEXT,
    row_filter     TEXT,
    column_mode    TEXT CHECK (column_mode IN ('all', 'only', 'all_except')),
    columns        TEXT NOT NULL,
    tag_expression TEXT,
    permissions    TEXT NOT NULL,
    grantable      TEXT NOT NULL,
    CHECK ((database IS NULL) = (resource_kind = 'tag_policy')),
    CHECK ((tag_expression IS NULL) = (resource_kind <> 'tag_policy')),
    CHECK ((column_mode IS NULL) = (resource_kind IN ('database', 'tag_policy'))),
    CHECK ((filter_name IS NULL) = (resource_kind <> 'data_cells_filter')),
    CHECK (table_name IS NOT NULL OR resource_kind <> 'data_cells_filter')
);
CREATE INDEX grants_by_principal ON grants (principal);
CREATE INDEX grants_by_resource ON grants (account, database, table_name);

-- Share requests: the hub's documents, written compare-and-set on `version`.
CREATE TABLE requests (
    id               TEXT PRIMARY KEY,
    version          INTEGER NOT NULL CHECK (version >= 0),
    requester        TEXT NOT NULL,
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
    created_at       INTEGER NOT NULL,
    decisions        TEXT NOT NULL,
    expires_at       INTEGER,
    grant_ids        TEXT NOT NULL,
    last_error       TEXT,
    extends          TEXT
);
CREATE INDEX requests_by_requester ON requests (requester);
CREATE INDEX requests_by_product ON requests (product_account, product_database);

CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT NOT NULL,
    request_id   TEXT,
    state_before TEXT,
    state_after  TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_by_request ON audit (request_id);

CREATE TRIGGER audit_grows_at_its_head BEFORE INSERT ON audit
WHEN NEW.seq <> coalesce((SELECT max(seq) FROM audit), 0) + 1
  OR NEW.prev_hash <> coalesce(
         (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),
         '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'the audit log only grows at its head: the event does not continue the chain');
END;

CREATE TRIGGER audit_events_cannot_change BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its events cannot be changed');
END;

CREATE TRIGGER audit_events_cannot_be_deleted BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its events cannot be deleted');
END;
"#
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_audit_event_must_chain_to_the_core_genesis_hash() {
        assert!(CREATE.contains(&format!("'{}'", meshdesk_core::governance::audit::GENESIS)));
    }

    fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<(String, String, bool)> {
        let mut info = conn.prepare(&format!("PRAGMA table_info({table})")).expect("table_info");
        let rows = info.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?))).expect("rows");
        rows.collect::<Result<_, _>>().expect("columns")
    }

    #[test]
    fn every_table_is_created_and_a_version_row_starts_as_a_table_row() {
        let conn = rusqlite::Connection::open_in_memory().expect("memory");
        conn.execute_batch(CREATE).expect("schema");
        for table in TABLES {
            assert!(!columns(&conn, table).is_empty(), "{table} is created");
        }
        let (tables, versions) = (columns(&conn, "tables"), columns(&conn, "table_versions"));
        assert_eq!(tables[..], versions[..tables.len()]);
        let rest: Vec<&str> = versions[tables.len()..].iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(rest, ["version", "recorded_at"]);
        let upgraded = rusqlite::Connection::open_in_memory().expect("memory");
        upgraded.execute_batch(CREATE_TABLE_VERSIONS).expect("version 2's addition");
        assert_eq!(columns(&upgraded, "table_versions"), versions);
    }
}
