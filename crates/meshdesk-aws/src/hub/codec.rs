//! Requests, audit events and grant records as DynamoDB items, written field by field.
//!
//! Every item carries `format` (a number): a reader refuses an item of a newer format instead of
//! misreading it. Lists are DynamoDB lists (`L`), not sets, since sets cannot be empty and do not
//! keep order; absent optional fields are left out of the item.

use std::collections::{BTreeSet, HashMap};

use aws_sdk_dynamodb::types::AttributeValue;
use meshdesk_core::governance::model::{
    AuditDraft, AuditEvent, Capacity, ColumnSelection, ConsumerSide, Decision, Grant, Permission, RequestStatus, Resource,
    ResourceLink, ShareRequest, TagClause, TagExpression, Verdict,
};

pub type Item = HashMap<String, AttributeValue>;

/// The item format this Meshdesk writes and reads.
pub const FORMAT: u64 = 1;

/// The audit table's single partition (see `audit`).
pub const CHAIN: &str = "chain";

/// Why an item does not read as a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RecordError(pub String);

pub fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.to_owned())
}

pub fn n(number: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(number.to_string())
}

fn strings<'a>(items: impl IntoIterator<Item = &'a String>) -> AttributeValue {
    AttributeValue::L(items.into_iter().map(|i| s(i)).collect())
}

fn permissions(set: &BTreeSet<Permission>) -> AttributeValue {
    AttributeValue::L(set.iter().map(|p| s(p.as_str())).collect())
}

fn put_opt(item: &mut Item, name: &str, value: Option<&String>) {
    if let Some(value) = value {
        item.insert(name.to_owned(), s(value));
    }
}

/// Reads the fields of one item.
pub struct Reader<'a> {
    item: &'a Item,
}

impl<'a> Reader<'a> {
    /// Checks the item's format first.
    pub fn new(item: &'a Item) -> Result<Reader<'a>, RecordError> {
        let reader = Reader { item };
        let format = reader.u64("format")?;
        if format > FORMAT {
            return Err(RecordError(format!(
                "it has format {format}, written by a newer Meshdesk (this one reads {FORMAT})"
            )));
        }
        Ok(reader)
    }

    fn get(&self, name: &str) -> Option<&'a AttributeValue> {
        self.item.get(name).filter(|v| !matches!(v, AttributeValue::Null(_)))
    }

    pub fn opt_str(&self, name: &str) -> Result<Option<String>, RecordError> {
        match self.get(name) {
            None => Ok(None),
            Some(AttributeValue::S(text)) => Ok(Some(text.clone())),
            Some(_) => Err(RecordError(format!("its `{name}` is not a string"))),
        }
    }

    pub fn str(&self, name: &str) -> Result<String, RecordError> {
        self.opt_str(name)?.ok_or_else(|| RecordError(format!("it has no `{name}`")))
    }

    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, RecordError> {
        match self.get(name) {
            None => Ok(None),
            Some(AttributeValue::N(text)) => {
                text.parse().map(Some).map_err(|_| RecordError(format!("its `{name}` ({text}) is not a whole number")))
            }
            Some(_) => Err(RecordError(format!("its `{name}` is not a number"))),
        }
    }

    pub fn i64(&self, name: &str) -> Result<i64, RecordError> {
        self.opt_i64(name)?.ok_or_else(|| RecordError(format!("it has no `{name}`")))
    }

    pub fn u64(&self, name: &str) -> Result<u64, RecordError> {
        let value = self.i64(name)?;
        u64::try_from(value).map_err(|_| RecordError(format!("its `{name}` ({value}) is negative")))
    }

    fn list(&self, name: &str) -> Result<&'a [AttributeValue], RecordError> {
        match self.get(name) {
            None => Ok(&[]),
            Some(AttributeValue::L(items)) => Ok(items),
            Some(_) => Err(RecordError(format!("its `{name}` is not a list"))),
        }
    }

    pub fn strings(&self, name: &str) -> Result<Vec<String>, RecordError> {
        self.list(name)?
            .iter()
            .map(|v| match v {
                AttributeValue::S(text) => Ok(text.clone()),
                _ => Err(RecordError(format!("its `{name}` holds something other than strings"))),
            })
            .collect()
    }

    pub fn permissions(&self, name: &str) -> Result<BTreeSet<Permission>, RecordError> {
        self.strings(name)?
            .iter()
            .map(|p| {
                Permission::parse(p)
                    .ok_or_else(|| RecordError(format!("its `{name}` holds the unknown permission {p:?}")))
            })
            .collect()
    }

    fn maps(&self, name: &str) -> Result<Vec<&'a Item>, RecordError> {
        self.list(name)?
            .iter()
            .map(|v| match v {
                AttributeValue::M(map) => Ok(map),
                _ => Err(RecordError(format!("its `{name}` holds something other than maps"))),
            })
            .collect()
    }
}

/// A map nested in an item (no `format` of its own).
fn nested(item: &Item) -> Reader<'_> {
    Reader { item }
}

fn capacity_text(c: Capacity) -> &'static str {
    match c {
        Capacity::Owner => "owner",
        Capacity::Steward => "steward",
        Capacity::Policy => "policy",
        Capacity::Requester => "requester",
    }
}

fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Approve => "approve",
        Verdict::Reject => "reject",
        Verdict::Revoke => "revoke",
        Verdict::Withdraw => "withdraw",
        Verdict::Expire => "expire",
        Verdict::Extend => "extend",
    }
}

fn parse_capacity(text: &str) -> Option<Capacity> {
    [Capacity::Owner, Capacity::Steward, Capacity::Policy, Capacity::Requester]
        .into_iter()
        .find(|c| capacity_text(*c) == text)
}

fn parse_verdict(text: &str) -> Option<Verdict> {
    [Verdict::Approve, Verdict::Reject, Verdict::Revoke, Verdict::Withdraw, Verdict::Expire, Verdict::Extend]
        .into_iter()
        .find(|v| verdict_text(*v) == text)
}

/// The product a request is for, as the `by_product` index keys it.
pub fn product_key(account: &str, database: &str) -> String {
    format!("{account}:{database}")
}

pub fn request_item(r: &ShareRequest) -> Item {
    let mut item = Item::new();
    item.insert("format".into(), n(FORMAT));
    item.insert("id".into(), s(&r.id));
    item.insert("version".into(), n(r.version));
    item.insert("requester".into(), s(&r.requester));
    item.insert("principal".into(), s(&r.principal));
    item.insert("product_account".into(), s(&r.product_account));
    item.insert("product_database".into(), s(&r.product_database));
    item.insert("product".into(), s(&product_key(&r.product_account, &r.product_database)));
    item.insert("tables".into(), strings(&r.tables));
    item.insert("columns".into(), strings(&r.columns));
    put_opt(&mut item, "row_filter", r.row_filter.as_ref());
    item.insert("permissions".into(), permissions(&r.permissions));
    item.insert("duration_days".into(), n(r.duration_days));
    item.insert("justification".into(), s(&r.justification));
    item.insert("status".into(), s(r.status.as_str()));
    item.insert("created_at".into(), n(r.created_at));
    let decisions = r
        .decisions
        .iter()
        .map(|d| {
            let mut m = Item::new();
            m.insert("by".into(), s(&d.by));
            m.insert("capacity".into(), s(capacity_text(d.capacity)));
            m.insert("verdict".into(), s(verdict_text(d.verdict)));
            m.insert("at".into(), n(d.at));
            put_opt(&mut m, "reason", d.reason.as_ref());
            AttributeValue::M(m)
        })
        .collect();
    item.insert("decisions".into(), AttributeValue::L(decisions));
    if let Some(expires_at) = r.expires_at {
        item.insert("expires_at".into(), n(expires_at));
    }
    item.insert("grant_ids".into(), strings(&r.grant_ids));
    put_opt(&mut item, "last_error", r.last_error.as_ref());
    put_opt(&mut item, "extends", r.extends.as_ref());
    // Added after format 1 was first written: a reader of an older item finds neither and reads
    // "no consumer side", which is what such a request had.
    if !r.consumer.links.is_empty() {
        let links = r
            .consumer
            .links
            .iter()
            .map(|l| {
                let mut m = Item::new();
                m.insert("account".into(), s(&l.account));
                m.insert("database".into(), s(&l.database));
                m.insert("name".into(), s(&l.name));
                m.insert("target_table".into(), s(&l.target_table));
                AttributeValue::M(m)
            })
            .collect();
        item.insert("consumer_links".into(), AttributeValue::L(links));
    }
    put_opt(&mut item, "consumer_pending", r.consumer.pending.as_ref());
    item
}

pub fn request_from(item: &Item) -> Result<ShareRequest, RecordError> {
    let r = Reader::new(item)?;
    let status = r.str("status")?;
    let decisions = r
        .maps("decisions")?
        .into_iter()
        .map(|m| {
            let d = nested(m);
            let capacity = d.str("capacity")?;
            let verdict = d.str("verdict")?;
            Ok(Decision {
                by: d.str("by")?,
                capacity: parse_capacity(&capacity)
                    .ok_or_else(|| RecordError(format!("a decision has the unknown capacity {capacity:?}")))?,
                verdict: parse_verdict(&verdict)
                    .ok_or_else(|| RecordError(format!("a decision has the unknown verdict {verdict:?}")))?,
                at: d.i64("at")?,
                reason: d.opt_str("reason")?,
            })
        })
        .collect::<Result<Vec<_>, RecordError>>()?;
    let duration = r.u64("duration_days")?;
    Ok(ShareRequest {
        id: r.str("id")?,
        version: r.u64("version")?,
        requester: r.str("requester")?,
        principal: r.str("principal")?,
        product_account: r.str("product_account")?,
        product_database: r.str("product_database")?,
        tables: r.strings("tables")?,
        columns: r.strings("columns")?,
        row_filter: r.opt_str("row_filter")?,
        permissions: r.permissions("permissions")?,
        duration_days: u32::try_from(duration)
            .map_err(|_| RecordError(format!("its duration ({duration} days) is too long")))?,
        justification: r.str("justification")?,
        status: RequestStatus::parse(&status)
            .ok_or_else(|| RecordError(format!("it has the unknown status {status:?}")))?,
        created_at: r.i64("created_at")?,
        decisions,
        expires_at: r.opt_i64("expires_at")?,
        grant_ids: r.strings("grant_ids")?,
        last_error: r.opt_str("last_error")?,
        extends: r.opt_str("extends")?,
        consumer: ConsumerSide {
            links: r
                .maps("consumer_links")?
                .into_iter()
                .map(|m| {
                    let l = nested(m);
                    Ok(ResourceLink {
                        account: l.str("account")?,
                        database: l.str("database")?,
                        name: l.str("name")?,
                        target_table: l.str("target_table")?,
                    })
                })
                .collect::<Result<Vec<_>, RecordError>>()?,
            pending: r.opt_str("consumer_pending")?,
        },
    })
}

pub fn event_item(e: &AuditEvent) -> Item {
    let mut item = Item::new();
    item.insert("pk".into(), s(CHAIN));
    item.insert("sk".into(), n(e.seq));
    item.insert("format".into(), n(FORMAT));
    item.insert("at".into(), n(e.at));
    item.insert("actor".into(), s(&e.actor));
    item.insert("action".into(), s(&e.action));
    item.insert("target".into(), s(&e.target));
    put_opt(&mut item, "request_id", e.request_id.as_ref());
    put_opt(&mut item, "before", e.before.as_ref());
    put_opt(&mut item, "after", e.after.as_ref());
    item.insert("prev_hash".into(), s(&e.prev_hash));
    item.insert("hash".into(), s(&e.hash));
    item
}

pub fn event_from(item: &Item) -> Result<AuditEvent, RecordError> {
    let r = Reader::new(item)?;
    Ok(AuditEvent {
        seq: r.u64("sk")?,
        at: r.i64("at")?,
        actor: r.str("actor")?,
        action: r.str("action")?,
        target: r.str("target")?,
        request_id: r.opt_str("request_id")?,
        before: r.opt_str("before")?,
        after: r.opt_str("after")?,
        prev_hash: r.str("prev_hash")?,
        hash: r.str("hash")?,
    })
}

fn columns_fields(item: &mut Item, columns: &ColumnSelection) {
    let (mode, names): (&str, &[String]) = match columns {
        ColumnSelection::All => ("all", &[]),
        ColumnSelection::Only(names) => ("only", names),
        ColumnSelection::AllExcept(names) => ("all_except", names),
    };
    item.insert("column_mode".into(), s(mode));
    item.insert("columns".into(), strings(names));
}

fn columns_from(r: &Reader<'_>) -> Result<ColumnSelection, RecordError> {
    let names = r.strings("columns")?;
    match r.str("column_mode")?.as_str() {
        "all" => Ok(ColumnSelection::All),
        "only" => Ok(ColumnSelection::Only(names)),
        "all_except" => Ok(ColumnSelection::AllExcept(names)),
        other => Err(RecordError(format!("it has the unknown column mode {other:?}"))),
    }
}

/// The apply that made a grant, stored on its name record (`apply_*` fields): the audit event
/// that apply will append, and when. Written before the grant, so that an apply killed between
/// its grant and its event can have that event recorded later (see `grant_names`).
pub fn applied_fields(item: &mut Item, draft: &AuditDraft, at: i64) {
    item.insert("apply_at".into(), n(at));
    item.insert("apply_actor".into(), s(&draft.actor));
    item.insert("apply_action".into(), s(&draft.action));
    item.insert("apply_target".into(), s(&draft.target));
    put_opt(item, "apply_request_id", draft.request_id.as_ref());
    put_opt(item, "apply_before", draft.before.as_ref());
    put_opt(item, "apply_after", draft.after.as_ref());
}

/// The apply stored by `applied_fields`; none on records written before it was kept (or by
/// the consumer side, whose grants the request's own audit covers).
pub fn applied_from(item: &Item) -> Result<Option<(AuditDraft, i64)>, RecordError> {
    let r = Reader::new(item)?;
    let Some(at) = r.opt_i64("apply_at")? else { return Ok(None) };
    let draft = AuditDraft {
        actor: r.str("apply_actor")?,
        action: r.str("apply_action")?,
        target: r.str("apply_target")?,
        request_id: r.opt_str("apply_request_id")?,
        before: r.opt_str("apply_before")?,
        after: r.opt_str("apply_after")?,
    };
    Ok(Some((draft, at)))
}

/// A grant's content (its id is the record's `name`).
pub fn grant_fields(item: &mut Item, g: &Grant) {
    item.insert("principal".into(), s(&g.principal));
    item.insert("account".into(), s(g.resource.account()));
    match &g.resource {
        Resource::Database { database, .. } => {
            item.insert("kind".into(), s("database"));
            item.insert("database".into(), s(database));
        }
        Resource::Table { database, table, columns, .. } => {
            item.insert("kind".into(), s("table"));
            item.insert("database".into(), s(database));
            put_opt(item, "table", table.as_ref());
            columns_fields(item, columns);
        }
        Resource::DataCellsFilter { database, table, name, row_filter, columns, .. } => {
            item.insert("kind".into(), s("data_cells_filter"));
            item.insert("database".into(), s(database));
            item.insert("table".into(), s(table));
            item.insert("filter".into(), s(name));
            put_opt(item, "row_filter", row_filter.as_ref());
            columns_fields(item, columns);
        }
        Resource::TagPolicy { expression, .. } => {
            item.insert("kind".into(), s("tag_policy"));
            let clauses = expression
                .clauses
                .iter()
                .map(|c| {
                    let mut m = Item::new();
                    m.insert("key".into(), s(&c.key));
                    m.insert("values".into(), strings(&c.values));
                    AttributeValue::M(m)
                })
                .collect();
            item.insert("expression".into(), AttributeValue::L(clauses));
        }
    }
    item.insert("permissions".into(), permissions(&g.permissions));
    item.insert("grantable".into(), permissions(&g.grantable));
}

pub fn grant_from(item: &Item, id: String) -> Result<Grant, RecordError> {
    let r = Reader::new(item)?;
    let account = r.str("account")?;
    let resource = match r.str("kind")?.as_str() {
        "database" => Resource::Database { account, database: r.str("database")? },
        "table" => Resource::Table {
            account,
            database: r.str("database")?,
            table: r.opt_str("table")?,
            columns: columns_from(&r)?,
        },
        "data_cells_filter" => Resource::DataCellsFilter {
            account,
            database: r.str("database")?,
            table: r.str("table")?,
            name: r.str("filter")?,
            row_filter: r.opt_str("row_filter")?,
            columns: columns_from(&r)?,
        },
        "tag_policy" => {
            let clauses = r
                .maps("expression")?
                .into_iter()
                .map(|m| {
                    let c = nested(m);
                    Ok(TagClause { key: c.str("key")?, values: c.strings("values")? })
                })
                .collect::<Result<Vec<_>, RecordError>>()?;
            Resource::TagPolicy { account, expression: TagExpression { clauses } }
        }
        other => return Err(RecordError(format!("it has the unknown resource kind {other:?}"))),
    };
    Ok(Grant {
        id,
        principal: r.str("principal")?,
        resource,
        permissions: r.permissions("permissions")?,
        grantable: r.permissions("grantable")?,
    })
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
