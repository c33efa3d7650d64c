//! Owners managing their products: annotations and their plan, publishing, data contracts and
//! their violations, schema history, and the consumers a change affects.

use crate::{AuditEventView, ProductRef, TableRef};
use serde::{Deserialize, Serialize};

/// A field of a product that owners (all of them) and stewards (the stewardship ones) annotate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationField {
    Description,
    Owners,
    Steward,
    Domain,
    Tier,
    SloFreshnessHours,
    Approval,
}

impl AnnotationField {
    pub const ALL: [AnnotationField; 7] = [
        AnnotationField::Description,
        AnnotationField::Owners,
        AnnotationField::Steward,
        AnnotationField::Domain,
        AnnotationField::Tier,
        AnnotationField::SloFreshnessHours,
        AnnotationField::Approval,
    ];

    /// The name in `--json`, the CLI's `--set NAME=VALUE` and the window's DOM ids.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationField::Description => "description",
            AnnotationField::Owners => "owners",
            AnnotationField::Steward => "steward",
            AnnotationField::Domain => "domain",
            AnnotationField::Tier => "tier",
            AnnotationField::SloFreshnessHours => "slo_freshness_hours",
            AnnotationField::Approval => "approval",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The label people read.
    pub fn label(self) -> &'static str {
        match self {
            AnnotationField::Description => "Description",
            AnnotationField::Owners => "Owners",
            AnnotationField::Steward => "Steward",
            AnnotationField::Domain => "Domain",
            AnnotationField::Tier => "Tier",
            AnnotationField::SloFreshnessHours => "Freshness SLO (hours)",
            AnnotationField::Approval => "Approval policy (JSON)",
        }
    }
}

/// In which capacity the current identity sees a product's annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditorRole {
    /// Edits every field, publishes, unpublishes and writes contracts.
    Owner,
    /// Edits the steward, tier and domain.
    Steward,
    /// Reads.
    Reader,
}

/// One field as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldState {
    pub field: AnnotationField,
    /// The `meshdesk:` parameter it is kept in.
    pub key: String,
    pub value: String,
    pub editable: bool,
}

/// What the product editor starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductAnnotations {
    pub product: ProductRef,
    pub role: EditorRole,
    pub published: bool,
    /// Whether the current identity may publish (or unpublish) it now.
    pub may_publish: bool,
    pub fields: Vec<FieldState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldEdit {
    pub field: AnnotationField,
    pub value: String,
}

/// New values for some fields of a product; fields left out keep theirs, and an empty value
/// removes the parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationEdit {
    pub product: ProductRef,
    pub edits: Vec<FieldEdit>,
}

/// One `meshdesk:` parameter a change sets or removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterChange {
    pub key: String,
    pub field: Option<AnnotationField>,
    /// `None`: absent.
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: AnnotationField,
    pub message: String,
}

/// An annotation edit as it would be saved: before/after per parameter, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationPlan {
    pub product: ProductRef,
    pub role: EditorRole,
    pub changes: Vec<ParameterChange>,
    pub problems: Vec<FieldProblem>,
}

/// How a consumer depends on a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConsumerVia {
    Grant { grant_ids: Vec<String> },
    ResourceLink { link: TableRef },
    Downstream { table: TableRef, hops: u32 },
}

/// Someone who depends on a table: a grantee, or a product linking to or built from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumer {
    pub table: TableRef,
    /// A grantee as Lake Formation names it, or the consuming product `ACCOUNT:database`.
    pub who: String,
    pub via: ConsumerVia,
    /// In words, e.g. "402183775007 reads 402183775001:message_events_curated.daily_message_counts
    /// through grant req-0008/daily_message_counts".
    pub description: String,
}

/// Publishing or unpublishing a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishInput {
    pub product: ProductRef,
    pub publish: bool,
    /// Unpublishing a product with consumers is refused unless this is set.
    pub confirm: bool,
}

/// What publishing or unpublishing would do, and who it would leave without the product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishPlan {
    pub product: ProductRef,
    pub publish: bool,
    pub changes: Vec<ParameterChange>,
    pub problems: Vec<String>,
    pub consumers: Vec<Consumer>,
    /// Unpublishing with consumers: saving needs `confirm`.
    pub needs_confirmation: bool,
}

/// One column a contract promises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractColumn {
    pub name: String,
    /// `None` promises only that the column exists.
    pub data_type: Option<String>,
    pub nullable: bool,
}

/// A table's data contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSpec {
    pub version: String,
    pub columns: Vec<ContractColumn>,
    pub freshness_hours: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractState {
    Honoured,
    Broken,
    /// The contract cannot be read.
    Malformed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    ColumnRemoved,
    ColumnRetyped,
    FreshnessMissed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub kind: ViolationKind,
    pub column: Option<String>,
    pub message: String,
}

/// A table's contract and whether the live table keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableContract {
    /// `None` when it cannot be read.
    pub spec: Option<ContractSpec>,
    /// As stored in `meshdesk:contract`.
    pub text: String,
    pub state: ContractState,
    pub violations: Vec<Violation>,
    /// Why it cannot be read.
    pub problem: Option<String>,
    /// Promises the catalog cannot show kept or broken (a column never null), in words: the
    /// state says nothing about them.
    #[serde(default)]
    pub unchecked: Vec<String>,
}

/// A new contract for a table; `None` removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractEdit {
    pub table: TableRef,
    pub contract: Option<ContractSpec>,
}

/// A contract edit as it would be saved, and who relies on the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractPlan {
    pub table: TableRef,
    pub change: Option<ParameterChange>,
    pub problems: Vec<String>,
    pub consumers: Vec<Consumer>,
}

/// A table that breaks its contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractBreach {
    pub table: TableRef,
    pub product: ProductRef,
    pub version: String,
    pub violations: Vec<Violation>,
    pub owners: Vec<String>,
    /// How the current identity depends on it, when it is a consumer.
    pub relied_on_by: Vec<String>,
}

/// Broken contracts that concern the current identity: of products it owns, and of tables it
/// reads or builds on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractAlerts {
    pub owned: Vec<ContractBreach>,
    pub consumed: Vec<ContractBreach>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChange {
    pub name: String,
    pub data_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetypedColumn {
    pub column: String,
    pub before: String,
    pub after: String,
}

/// An LF-tag set, changed or removed on the table (`column: None`) or a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagChange {
    pub column: Option<String>,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One version of a table and what it changed from the one before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaVersion {
    pub version: u64,
    pub recorded_at: Option<i64>,
    /// The table as it is now.
    pub current: bool,
    /// The first version known: its columns are listed as added.
    pub first: bool,
    pub added: Vec<ColumnChange>,
    pub removed: Vec<ColumnChange>,
    pub retyped: Vec<RetypedColumn>,
    pub tags: Vec<TagChange>,
    /// The contract's version before and after, when the contract changed.
    pub contract_before: Option<String>,
    pub contract_after: Option<String>,
    pub contract_changed: bool,
    /// How the change broke the contract in force before it; empty when it did not.
    pub breaks: Vec<String>,
}

/// A table's schema history, newest version first, and the audit events about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableHistory {
    pub table: TableRef,
    pub versions: Vec<SchemaVersion>,
    pub events: Vec<AuditEventView>,
}

/// Someone a policy change affects, listed with the plan before it is applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    /// Index of the change in the plan.
    pub change: u32,
    pub consumer: Consumer,
}
