//! Core values of owners' product management as protocol values: fields, parameter changes,
//! consumers, contracts and their violations, schema versions.

use crate::convert::table_ref;
use meshdesk_core::model::{Table, params};
use meshdesk_core::product::annotation::{Editor, Field, ParamChange};
use meshdesk_core::product::consumers::{Consumer as CoreConsumer, Via};
use meshdesk_core::product::contract::{
    Contract, ContractCheck, ContractColumn as CoreColumn, Violation as CoreViolation, unchecked,
};
use meshdesk_core::product::schema_diff::{SchemaDiff, TableVersion};
use meshdesk_protocol::{
    AnnotationField, ColumnChange, Consumer, ConsumerVia, ContractColumn, ContractSpec, ContractState, EditorRole,
    ParameterChange, RetypedColumn, SchemaVersion, TableContract, TagChange, Violation, ViolationKind,
};

pub(crate) fn field(f: Field) -> AnnotationField {
    match f {
        Field::Description => AnnotationField::Description,
        Field::Owners => AnnotationField::Owners,
        Field::Steward => AnnotationField::Steward,
        Field::Domain => AnnotationField::Domain,
        Field::Tier => AnnotationField::Tier,
        Field::SloFreshnessHours => AnnotationField::SloFreshnessHours,
        Field::Approval => AnnotationField::Approval,
    }
}

pub(crate) fn core_field(f: AnnotationField) -> Field {
    match f {
        AnnotationField::Description => Field::Description,
        AnnotationField::Owners => Field::Owners,
        AnnotationField::Steward => Field::Steward,
        AnnotationField::Domain => Field::Domain,
        AnnotationField::Tier => Field::Tier,
        AnnotationField::SloFreshnessHours => Field::SloFreshnessHours,
        AnnotationField::Approval => Field::Approval,
    }
}

pub(crate) fn role(e: Editor) -> EditorRole {
    match e {
        Editor::Owner => EditorRole::Owner,
        Editor::Steward => EditorRole::Steward,
        Editor::Reader => EditorRole::Reader,
    }
}

pub(crate) fn parameter_change(c: &ParamChange) -> ParameterChange {
    ParameterChange { key: c.key.clone(), field: c.field.map(field), before: c.before.clone(), after: c.after.clone() }
}

/// The changed parameters before and after, as two JSON objects (`null` for absent), the stable
/// text an audit event records.
pub(crate) fn audit_states(changes: &[ParamChange]) -> (String, String) {
    let state = |pick: fn(&ParamChange) -> &Option<String>| {
        let map: serde_json::Map<String, serde_json::Value> = changes
            .iter()
            .map(|c| (c.key.clone(), pick(c).clone().map_or(serde_json::Value::Null, serde_json::Value::String)))
            .collect();
        serde_json::Value::Object(map).to_string()
    };
    (state(|c| &c.before), state(|c| &c.after))
}

pub(crate) fn consumer(c: &CoreConsumer) -> Consumer {
    let table = &c.table;
    let (via, description) = match &c.via {
        Via::Grant { grant_ids } => {
            let noun = if grant_ids.len() == 1 { "grant" } else { "grants" };
            let description = format!("{} reads {table} through {noun} {}", c.who, grant_ids.join(", "));
            (ConsumerVia::Grant { grant_ids: grant_ids.clone() }, description)
        }
        Via::ResourceLink { link } => {
            (ConsumerVia::ResourceLink { link: table_ref(link) }, format!("{} links to {table} as {link}", c.who))
        }
        Via::Downstream { table: built, hops } => {
            let away = if *hops == 1 { "directly".to_owned() } else { format!("{hops} steps downstream") };
            let description = format!("{} builds {built} from {table} ({away})", c.who);
            (ConsumerVia::Downstream { table: table_ref(built), hops: *hops }, description)
        }
    };
    Consumer { table: table_ref(table), who: c.who.clone(), via, description }
}

pub(crate) fn spec(c: &Contract) -> ContractSpec {
    ContractSpec {
        version: c.version.clone(),
        columns: c
            .columns
            .iter()
            .map(|col| ContractColumn {
                name: col.name.clone(),
                data_type: col.data_type.clone(),
                nullable: col.nullable,
            })
            .collect(),
        freshness_hours: c.freshness_hours,
    }
}

pub(crate) fn core_contract(s: &ContractSpec) -> Contract {
    Contract {
        version: s.version.trim().to_owned(),
        columns: s
            .columns
            .iter()
            .map(|c| CoreColumn {
                name: c.name.trim().to_owned(),
                data_type: c.data_type.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned),
                nullable: c.nullable,
            })
            .collect(),
        freshness_hours: s.freshness_hours,
    }
}

pub(crate) fn violation(v: &CoreViolation) -> Violation {
    let (kind, column) = match v {
        CoreViolation::ColumnRemoved { column } => (ViolationKind::ColumnRemoved, Some(column.clone())),
        CoreViolation::ColumnRetyped { column, .. } => (ViolationKind::ColumnRetyped, Some(column.clone())),
        CoreViolation::FreshnessMissed { .. } => (ViolationKind::FreshnessMissed, None),
    };
    Violation { kind, column, message: v.to_string() }
}

/// The table's contract and its state; `None` when it has none.
pub(crate) fn table_contract(table: &Table, check: &ContractCheck) -> Option<TableContract> {
    let text = table.parameters.get(params::CONTRACT).cloned().unwrap_or_default();
    match check {
        ContractCheck::None => None,
        ContractCheck::Malformed(problem) => Some(TableContract {
            spec: None,
            text,
            state: ContractState::Malformed,
            violations: Vec::new(),
            problem: Some(problem.to_string()),
            unchecked: Vec::new(),
        }),
        ContractCheck::Checked { contract, violations } => Some(TableContract {
            spec: Some(spec(contract)),
            text,
            state: if violations.is_empty() { ContractState::Honoured } else { ContractState::Broken },
            violations: violations.iter().map(violation).collect(),
            problem: None,
            unchecked: unchecked(contract),
        }),
    }
}

/// A version with what it changed; `first` and `current` mark the ends of the history.
pub(crate) fn schema_version(v: &TableVersion, d: &SchemaDiff, first: bool, current: bool) -> SchemaVersion {
    let columns = |cs: &[meshdesk_core::model::Column]| {
        cs.iter().map(|c| ColumnChange { name: c.name.to_string(), data_type: c.data_type.to_string() }).collect()
    };
    let (contract_before, contract_after) = d.contract.clone().unwrap_or_default();
    SchemaVersion {
        version: v.version,
        recorded_at: v.recorded_at,
        current,
        first,
        added: columns(&d.added),
        removed: columns(&d.removed),
        retyped: d
            .retyped
            .iter()
            .map(|r| RetypedColumn { column: r.column.clone(), before: r.before.clone(), after: r.after.clone() })
            .collect(),
        tags: d
            .tags
            .iter()
            .map(|t| TagChange {
                column: t.column.clone(),
                key: t.key.clone(),
                before: t.before.clone(),
                after: t.after.clone(),
            })
            .collect(),
        contract_before,
        contract_after,
        contract_changed: d.contract.is_some(),
        breaks: d.breaks_contract.clone(),
    }
}
