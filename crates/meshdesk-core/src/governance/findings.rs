//! Findings for stewards: what in the mesh breaks the charter or drifts from what was approved,
//! each with a stable id, a severity, an explanation and — where a machine can fix it — the
//! policy operations that repair it.
//!
//! A grant is explained when its id starts with `policy:` (an owner's standing policy) or with
//! the id of an approved or provisioned request followed by `/` (see
//! [`super::preview::grant_id`]); every other grant is drift.

use super::consumer::SHARED_DATABASE;
use super::model::{ColumnSelection, Grant, Permission, PolicyOp, RequestStatus, Resource, ShareRequest, TagClause};
use super::preview::plan_grants;
use super::principal::Principal;
use super::transition::date;
use crate::format::{self, Format};
use crate::freshness::{self, State};
use crate::model::{params, Database, Table};
use crate::product::contract::{self, ContractCheck};
use crate::sensitivity::{self, Sensitivity};
use crate::CatalogIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A grant to another account carries grant option (charter rule 2).
    GrantOptionAcrossAccounts,
    /// A whole account, or an LF-tag policy, can read restricted columns.
    RestrictedToBroadPrincipal,
    ProductWithoutOwner,
    ProductWithoutSensitivity,
    WriteOptimisedFormat,
    FreshnessBreach,
    /// A grant no approved request and no owner policy explains.
    UnexplainedGrant,
    /// A request's grant no longer is what the request approved.
    GrantDiffersFromRequest,
    /// A provisioned request's grant is gone.
    MissingGrant,
    /// Provisioned access past its end still has its grants.
    ExpiredNotRevoked,
    /// A table breaks its data contract: a contracted column removed or retyped, or data older
    /// than promised.
    ContractBroken,
    /// A table's data contract cannot be read, so nobody can tell whether it holds.
    ContractMalformed,
    /// A provisioned request's resource link is gone from the consumer's catalog.
    MissingLink,
    /// A link in a consumer's `meshdesk_shared` that no live request explains.
    UnexplainedLink,
    /// An account's data lake settings give `IAM_ALLOWED_PRINCIPALS` access to new databases
    /// or tables, so IAM policies alone reach their data and Lake Formation grants do not govern it.
    LakeFormationBypass,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::GrantOptionAcrossAccounts => "grant-option-across-accounts",
            FindingKind::RestrictedToBroadPrincipal => "restricted-to-broad-principal",
            FindingKind::ProductWithoutOwner => "product-without-owner",
            FindingKind::ProductWithoutSensitivity => "product-without-sensitivity",
            FindingKind::WriteOptimisedFormat => "write-optimised-format",
            FindingKind::FreshnessBreach => "freshness-breach",
            FindingKind::UnexplainedGrant => "unexplained-grant",
            FindingKind::GrantDiffersFromRequest => "grant-differs-from-request",
            FindingKind::MissingGrant => "missing-grant",
            FindingKind::ExpiredNotRevoked => "expired-not-revoked",
            FindingKind::ContractBroken => "contract-broken",
            FindingKind::ContractMalformed => "contract-malformed",
            FindingKind::MissingLink => "missing-link",
            FindingKind::UnexplainedLink => "unexplained-link",
            FindingKind::LakeFormationBypass => "lake-formation-bypass",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            FindingKind::GrantOptionAcrossAccounts
            | FindingKind::RestrictedToBroadPrincipal
            | FindingKind::ExpiredNotRevoked
            | FindingKind::GrantDiffersFromRequest
            | FindingKind::ContractBroken
            | FindingKind::LakeFormationBypass => Severity::High,
            FindingKind::ContractMalformed
            | FindingKind::ProductWithoutOwner
            | FindingKind::ProductWithoutSensitivity
            | FindingKind::UnexplainedGrant
            | FindingKind::MissingGrant
            | FindingKind::MissingLink => Severity::Medium,
            FindingKind::UnexplainedLink => Severity::Low,
            FindingKind::WriteOptimisedFormat | FindingKind::FreshnessBreach => Severity::Low,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `kind:target`, stable from one run to the next.
    pub id: String,
    pub kind: FindingKind,
    pub severity: Severity,
    /// A grant id, a request id, `ACCOUNT:database` or `ACCOUNT:database.table`.
    pub target: String,
    pub explanation: String,
    /// The operations that repair it; empty when a person must act.
    pub repair: Vec<PolicyOp>,
}

fn finding(kind: FindingKind, target: String, explanation: String, repair: Vec<PolicyOp>) -> Finding {
    Finding { id: format!("{}:{target}", kind.as_str()), kind, severity: kind.severity(), target, explanation, repair }
}

/// Every finding, most severe first, then by id.
pub fn findings(catalog: &CatalogIndex, grants: &[Grant], requests: &[ShareRequest], now: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    for grant in grants {
        grant_findings(catalog, grant, requests, &mut out);
    }
    product_findings(catalog, now, &mut out);
    request_findings(catalog, grants, requests, now, &mut out);
    link_findings(catalog, requests, &mut out);
    sort(&mut out);
    out
}

/// The findings of each account (`(id, name)`) whose data lake settings still let
/// `IAM_ALLOWED_PRINCIPALS` bypass Lake Formation. No machine repair: changing the defaults
/// takes a data lake administrator, and existing resources keep their `IAM_ALLOWED_PRINCIPALS`
/// grant until it is revoked one by one.
pub fn lake_formation_bypass<'a>(accounts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Finding> {
    accounts
        .into_iter()
        .map(|(id, name)| {
            finding(
                FindingKind::LakeFormationBypass,
                id.to_owned(),
                format!(
                    "account {name} ({id}) gives IAM_ALLOWED_PRINCIPALS access to new databases and tables by default, \
                     so IAM policies alone reach their data around Lake Formation grants; a data lake administrator \
                     should remove it from the default permissions (Lake Formation → Data Catalog settings) and \
                     revoke it on existing resources"
                ),
                Vec::new(),
            )
        })
        .collect()
}

/// Most severe first, then by id: the order every list of findings is shown in.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
}

/// The request whose grant this is by its id, if any.
fn request_of<'r>(grant: &Grant, requests: &'r [ShareRequest]) -> Option<&'r ShareRequest> {
    requests.iter().find(|r| grant.id.strip_prefix(r.id.as_str()).is_some_and(|rest| rest.starts_with('/')))
}

fn is_live(request: &ShareRequest) -> bool {
    matches!(request.status, RequestStatus::Approved | RequestStatus::Provisioned)
}

fn product_tables<'c>(catalog: &'c CatalogIndex, request: &ShareRequest) -> &'c [Table] {
    catalog.database(&request.product_account, &request.product_database).map_or(&[], |db| catalog.tables_of(db))
}

fn regrant(grant: &Grant, with: Grant) -> Vec<PolicyOp> {
    vec![PolicyOp::Revoke { grant_id: grant.id.clone() }, PolicyOp::Grant(with)]
}

fn grant_findings(catalog: &CatalogIndex, grant: &Grant, requests: &[ShareRequest], out: &mut Vec<Finding>) {
    let principal = Principal::parse(&grant.principal).ok();
    let id = &grant.id;
    if !grant.grantable.is_empty() && principal.as_ref().and_then(Principal::account) != Some(grant.resource.account()) {
        let (to, on) = (&grant.principal, grant.resource.account());
        out.push(finding(
            FindingKind::GrantOptionAcrossAccounts,
            id.clone(),
            format!("grant {id} lets {to} re-share data of account {on}: cross-account grants never carry grant option (charter rule 2)"),
            regrant(grant, Grant { grantable: Default::default(), ..grant.clone() }),
        ));
    }
    let request = request_of(grant, requests);
    if let Some(f) = broad_restricted(catalog, grant, principal.as_ref(), request) {
        out.push(f);
    }
    if id.starts_with("policy:") {
        return;
    }
    match request {
        Some(r) if is_live(r) => {
            let planned = plan_grants(r, product_tables(catalog, r)).into_iter().find(|p| &p.id == id);
            if let Some(planned) = planned.filter(|p| p != grant) {
                out.push(finding(
                    FindingKind::GrantDiffersFromRequest,
                    id.clone(),
                    format!("grant {id} is no longer what {} approved; it is restored as approved", r.id),
                    regrant(grant, planned),
                ));
            }
        }
        _ => {
            let why = match request {
                Some(r) => format!("its request {} is {}", r.id, r.status.as_str()),
                None => "no request made it and it is not an owner policy (policy:…)".to_owned(),
            };
            out.push(finding(
                FindingKind::UnexplainedGrant,
                id.clone(),
                format!("grant {id} to {} is unexplained: {why}", grant.principal),
                vec![PolicyOp::Revoke { grant_id: id.clone() }],
            ));
        }
    }
}

/// A whole account reading restricted columns, or an LF-tag policy that admits restricted data.
fn broad_restricted(
    catalog: &CatalogIndex,
    grant: &Grant,
    principal: Option<&Principal>,
    request: Option<&ShareRequest>,
) -> Option<Finding> {
    let reads = grant.permissions.iter().any(|p| matches!(p, Permission::Select | Permission::All));
    if !reads {
        return None;
    }
    let id = &grant.id;
    if let Resource::TagPolicy { account, expression } = &grant.resource {
        let clause = expression.clauses.iter().find(|c| c.key == params::SENSITIVITY_TAG);
        let admits = clause.is_none_or(|c| c.values.iter().any(|v| Sensitivity::parse(v) == Some(Sensitivity::Restricted)));
        if !admits {
            return None;
        }
        let below: Vec<String> = catalog
            .catalog()
            .tag_keys
            .iter()
            .find(|k| &k.account == account && k.key == params::SENSITIVITY_TAG)
            .map_or_else(|| Sensitivity::ALL.map(|s| s.as_str().to_owned()).to_vec(), |k| k.values.clone())
            .into_iter()
            .filter(|v| Sensitivity::parse(v).is_some_and(|s| s < Sensitivity::Restricted))
            .filter(|v| clause.is_none_or(|c| c.values.contains(v)))
            .collect();
        let mut narrowed = expression.clone();
        narrowed.clauses.retain(|c| c.key != params::SENSITIVITY_TAG);
        narrowed.clauses.push(TagClause { key: params::SENSITIVITY_TAG.into(), values: below.clone() });
        let repair = if below.is_empty() {
            vec![PolicyOp::Revoke { grant_id: id.clone() }]
        } else {
            let resource = Resource::TagPolicy { account: account.clone(), expression: narrowed };
            regrant(grant, Grant { resource, ..grant.clone() })
        };
        let how = if clause.is_some() { "admits sensitivity=restricted" } else { "has no sensitivity clause" };
        let explanation = format!("LF-tag policy {id} for {} {how}, so it reaches restricted columns", grant.principal);
        return Some(finding(FindingKind::RestrictedToBroadPrincipal, id.clone(), explanation, repair));
    }
    if !matches!(principal, Some(Principal::Account(_))) {
        return None;
    }
    let (columns, tables) = match &grant.resource {
        Resource::Table { account, database, table, columns } => {
            let db = catalog.database(account, database)?;
            let tables: Vec<&Table> = catalog.tables_of(db).iter().filter(|t| table.as_ref().is_none_or(|n| &t.name == n)).collect();
            (columns, tables)
        }
        Resource::DataCellsFilter { account, database, table, columns, .. } => {
            (columns, catalog.table(&crate::model::TableName::new(account, database, table)).into_iter().collect())
        }
        Resource::Database { .. } | Resource::TagPolicy { .. } => return None,
    };
    let mut restricted: Vec<(String, String)> = Vec::new();
    for table in &tables {
        let Some(db) = catalog.database(&table.account, &table.database).map(|i| &catalog.catalog().databases[i]) else { continue };
        for column in table.columns.iter().chain(&table.partition_keys) {
            let level = sensitivity::column_sensitivity(db, table, column).map(|e| e.value);
            if columns.covers(&column.name) && level == Some(Sensitivity::Restricted) {
                restricted.push((table.name.clone(), column.name.to_string()));
            }
        }
    }
    if restricted.is_empty() {
        return None;
    }
    let listed: Vec<String> = restricted.iter().map(|(t, c)| format!("{t}.{c}")).collect();
    let mut explanation = format!(
        "grant {id} lets every principal of account {} read restricted columns: {}",
        grant.principal,
        listed.join(", ")
    );
    // A whole-account grant a quorum approved is the owner's call to narrow; one nobody approved
    // is narrowed to the same columns minus the restricted ones.
    let repair = match request.filter(|r| is_live(r)) {
        Some(r) => {
            explanation.push_str(&format!(" (approved in {}; ask its owner to narrow it)", r.id));
            Vec::new()
        }
        None => narrowed_grant(grant, &restricted).map_or_else(|| vec![PolicyOp::Revoke { grant_id: id.clone() }], |g| regrant(grant, g)),
    };
    Some(finding(FindingKind::RestrictedToBroadPrincipal, id.clone(), explanation, repair))
}

/// The grant without the restricted columns; `None` when nothing would be left, or when it is on
/// every table of a database (whose column selection Lake Formation does not allow to narrow).
fn narrowed_grant(grant: &Grant, restricted: &[(String, String)]) -> Option<Grant> {
    let names: Vec<String> = restricted.iter().map(|(_, c)| c.clone()).collect();
    let narrow = |columns: &ColumnSelection| match columns {
        ColumnSelection::All => Some(ColumnSelection::AllExcept(names.clone())),
        ColumnSelection::AllExcept(except) => {
            Some(ColumnSelection::AllExcept(except.iter().chain(&names).cloned().collect()))
        }
        ColumnSelection::Only(only) => {
            let kept: Vec<String> = only.iter().filter(|c| !names.contains(c)).cloned().collect();
            (!kept.is_empty()).then_some(ColumnSelection::Only(kept))
        }
    };
    let resource = match &grant.resource {
        Resource::Table { table: None, .. } => return None,
        Resource::Table { account, database, table, columns } => {
            Resource::Table { account: account.clone(), database: database.clone(), table: table.clone(), columns: narrow(columns)? }
        }
        Resource::DataCellsFilter { columns, .. } => {
            let mut resource = grant.resource.clone();
            if let Resource::DataCellsFilter { columns: c, .. } = &mut resource {
                *c = narrow(columns)?;
            }
            resource
        }
        Resource::Database { .. } | Resource::TagPolicy { .. } => return None,
    };
    Some(Grant { resource, ..grant.clone() })
}

fn product_findings(catalog: &CatalogIndex, now: i64, out: &mut Vec<Finding>) {
    for summary in catalog.products() {
        let db: &Database = &catalog.catalog().databases[summary.database];
        let target = format!("{}:{}", db.account, db.name);
        if summary.owners.is_empty() {
            let explanation = format!("{target} names no owner (meshdesk:owner): nobody can approve requests to it");
            out.push(finding(FindingKind::ProductWithoutOwner, target.clone(), explanation, Vec::new()));
        }
        let tables = catalog.tables_of(summary.database);
        let tagged = sensitivity::own_sensitivity(&db.tags).is_some()
            || tables.iter().any(|t| {
                sensitivity::own_sensitivity(&t.tags).is_some()
                    || t.columns.iter().chain(&t.partition_keys).any(|c| sensitivity::own_sensitivity(&c.tags).is_some())
            });
        if !tagged {
            let explanation = format!("{target} has no sensitivity tag on its database, tables or columns; its data counts as restricted");
            out.push(finding(FindingKind::ProductWithoutSensitivity, target.clone(), explanation, Vec::new()));
        }
        for table in tables.iter().filter(|t| t.target.is_none()) {
            contract_findings(table, now, out);
            let format = format::detect(table);
            if matches!(format, Format::Csv | Format::Json | Format::Avro) {
                let name = table.qualified_name().to_string();
                let explanation = format!("{name} is stored as {format:?}, a write-optimised format; Parquet, Iceberg or Delta query faster and cheaper");
                out.push(finding(FindingKind::WriteOptimisedFormat, name, explanation, Vec::new()));
            }
        }
        let fresh = freshness::assess(summary.stalest, summary.slo_hours, now);
        if let (State::Breached, Some(age), Some(slo)) = (fresh.state, fresh.age_hours, fresh.slo_hours) {
            let explanation = format!("{target}'s stalest table was updated {age:.0} hours ago; its freshness SLO is {slo} hours");
            out.push(finding(FindingKind::FreshnessBreach, target.clone(), explanation, Vec::new()));
        }
    }
}

/// A product table's data contract, broken or unreadable. A person must act: the owner restores
/// what was promised, or publishes a new contract version.
fn contract_findings(table: &Table, now: i64, out: &mut Vec<Finding>) {
    let name = table.qualified_name().to_string();
    match contract::check_table(table, now) {
        ContractCheck::Checked { contract, violations } if !violations.is_empty() => {
            let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
            let explanation = format!("{name} breaks its contract {}: {}", contract.version, listed.join("; "));
            out.push(finding(FindingKind::ContractBroken, name, explanation, Vec::new()));
        }
        ContractCheck::Malformed(problem) => {
            let explanation = format!("the contract (meshdesk:contract) of {name} cannot be read: {problem}");
            out.push(finding(FindingKind::ContractMalformed, name, explanation, Vec::new()));
        }
        _ => {}
    }
}

/// Resource links out of step with the requests that made them, judged only in accounts whose
/// catalog was read (a link in an account outside the mesh cannot be seen, so is not missing).
/// A person acts: the consumer's next start makes a missing link again once its request says
/// it is pending, and an unexplained link is the consumer's to delete.
fn link_findings(catalog: &CatalogIndex, requests: &[ShareRequest], out: &mut Vec<Finding>) {
    let read = |account: &str| catalog.catalog().databases.iter().any(|d| d.account == account);
    let exists = |account: &str, database: &str, name: &str| {
        catalog.catalog().tables.iter().any(|t| t.account == account && t.database == database && t.name == name)
    };
    for request in requests.iter().filter(|r| r.status == RequestStatus::Provisioned && r.consumer.pending.is_none()) {
        let missing: Vec<String> = request
            .consumer
            .links
            .iter()
            .filter(|l| read(&l.account) && !exists(&l.account, &l.database, &l.name))
            .map(|l| format!("{}:{}.{}", l.account, l.database, l.name))
            .collect();
        if !missing.is_empty() {
            let explanation = format!(
                "{} is provisioned but its resource links {} are gone from the consumer's catalog; its principal cannot find the data",
                request.id,
                missing.join(", ")
            );
            out.push(finding(FindingKind::MissingLink, request.id.clone(), explanation, Vec::new()));
        }
    }
    let explained = |account: &str, name: &str| {
        requests.iter().filter(|r| is_live(r) || !r.consumer.links.is_empty()).any(|r| {
            r.consumer.links.iter().any(|l| l.account == account && l.database == SHARED_DATABASE && l.name == name)
        })
    };
    for table in catalog.catalog().tables.iter().filter(|t| t.database == SHARED_DATABASE && t.target.is_some()) {
        if explained(&table.account, &table.name) {
            continue;
        }
        let name = table.qualified_name().to_string();
        let to = table.target.as_ref().map(ToString::to_string).unwrap_or_default();
        let explanation = format!("{name} links to {to}, but no live share request made it; its consumer may delete it");
        out.push(finding(FindingKind::UnexplainedLink, name, explanation, Vec::new()));
    }
}

fn request_findings(catalog: &CatalogIndex, grants: &[Grant], requests: &[ShareRequest], now: i64, out: &mut Vec<Finding>) {
    // An extension's grants are its original's, checked there.
    let provisioned = requests.iter().filter(|r| r.status == RequestStatus::Provisioned && r.extends.is_none());
    for request in provisioned {
        let id = &request.id;
        let present: Vec<&String> = request.grant_ids.iter().filter(|g| grants.iter().any(|x| &x.id == *g)).collect();
        if let Some(end) = request.expires_at.filter(|end| now >= *end) {
            let explanation = format!("{id} ended on {} but its grants remain; expiring it revokes them", date(end));
            let repair = present.iter().map(|g| PolicyOp::Revoke { grant_id: (*g).clone() }).collect();
            out.push(finding(FindingKind::ExpiredNotRevoked, id.clone(), explanation, repair));
            continue;
        }
        let missing: Vec<&String> = request.grant_ids.iter().filter(|g| !present.contains(g)).collect();
        if missing.is_empty() {
            continue;
        }
        let planned = plan_grants(request, product_tables(catalog, request));
        let repair: Vec<PolicyOp> =
            planned.into_iter().filter(|p| missing.contains(&&p.id)).map(PolicyOp::Grant).collect();
        let listed = missing.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", ");
        let explanation = if repair.len() == missing.len() {
            format!("{id} is provisioned but its grants {listed} are gone; they are made again as approved")
        } else {
            format!("{id} is provisioned but its grants {listed} are gone, and some of its tables too; an owner decides")
        };
        out.push(finding(FindingKind::MissingGrant, id.clone(), explanation, repair));
    }
}
