//! Core values as protocol values and back: the core knows nothing of serialisation, so each
//! enum is mapped here, exhaustively, in both directions where queries need it.

use meshdesk_core::format::Format;
use meshdesk_core::freshness::{Freshness as CoreFreshness, State};
use meshdesk_core::lineage::EdgeKind as CoreEdgeKind;
use meshdesk_core::search::Field;
use meshdesk_core::sensitivity::{Effective, Level, Sensitivity as CoreSensitivity};
use meshdesk_core::{LfTag, TableName};
use meshdesk_protocol::{
    EdgeKind, EffectiveSensitivity, Freshness, FreshnessState, MatchField, Sensitivity, TableFormat, TableRef, Tag,
    TagSource,
};

pub(crate) fn sensitivity(s: CoreSensitivity) -> Sensitivity {
    match s {
        CoreSensitivity::Public => Sensitivity::Public,
        CoreSensitivity::Internal => Sensitivity::Internal,
        CoreSensitivity::Confidential => Sensitivity::Confidential,
        CoreSensitivity::Restricted => Sensitivity::Restricted,
    }
}

pub(crate) fn core_sensitivity(s: Sensitivity) -> CoreSensitivity {
    match s {
        Sensitivity::Public => CoreSensitivity::Public,
        Sensitivity::Internal => CoreSensitivity::Internal,
        Sensitivity::Confidential => CoreSensitivity::Confidential,
        Sensitivity::Restricted => CoreSensitivity::Restricted,
    }
}

pub(crate) fn tag_source(level: Level) -> TagSource {
    match level {
        Level::Column => TagSource::Column,
        Level::Table => TagSource::Table,
        Level::Database => TagSource::Database,
    }
}

pub(crate) fn effective(e: Effective) -> EffectiveSensitivity {
    EffectiveSensitivity { value: sensitivity(e.value), source: tag_source(e.source) }
}

pub(crate) fn tags(tags: &[LfTag], source: TagSource) -> impl Iterator<Item = Tag> + '_ {
    tags.iter().map(move |t| Tag { key: t.key.to_string(), value: t.value.to_string(), source })
}

pub(crate) fn format(f: Format) -> TableFormat {
    match f {
        Format::Parquet => TableFormat::Parquet,
        Format::Iceberg => TableFormat::Iceberg,
        Format::Delta => TableFormat::Delta,
        Format::Orc => TableFormat::Orc,
        Format::Avro => TableFormat::Avro,
        Format::Csv => TableFormat::Csv,
        Format::Json => TableFormat::Json,
        Format::Unknown => TableFormat::Unknown,
    }
}

pub(crate) fn core_format(f: TableFormat) -> Format {
    match f {
        TableFormat::Parquet => Format::Parquet,
        TableFormat::Iceberg => Format::Iceberg,
        TableFormat::Delta => Format::Delta,
        TableFormat::Orc => Format::Orc,
        TableFormat::Avro => Format::Avro,
        TableFormat::Csv => Format::Csv,
        TableFormat::Json => Format::Json,
        TableFormat::Unknown => Format::Unknown,
    }
}

pub(crate) fn freshness_state(s: State) -> FreshnessState {
    match s {
        State::Fresh => FreshnessState::Fresh,
        State::Breached => FreshnessState::Breached,
        State::NoSlo => FreshnessState::NoSlo,
        State::Unknown => FreshnessState::Unknown,
    }
}

pub(crate) fn core_freshness_state(s: FreshnessState) -> State {
    match s {
        FreshnessState::Fresh => State::Fresh,
        FreshnessState::Breached => State::Breached,
        FreshnessState::NoSlo => State::NoSlo,
        FreshnessState::Unknown => State::Unknown,
    }
}

pub(crate) fn freshness(f: CoreFreshness) -> Freshness {
    Freshness {
        state: freshness_state(f.state),
        last_updated: f.last_updated,
        age_hours: f.age_hours,
        slo_hours: f.slo_hours,
    }
}

pub(crate) fn match_field(f: Field) -> MatchField {
    match f {
        Field::ProductName => MatchField::ProductName,
        Field::TableName => MatchField::TableName,
        Field::Domain => MatchField::Domain,
        Field::Owner => MatchField::Owner,
        Field::Tag => MatchField::Tag,
        Field::ColumnName => MatchField::ColumnName,
        Field::Description => MatchField::Description,
        Field::TableDescription => MatchField::TableDescription,
        Field::ColumnComment => MatchField::ColumnComment,
    }
}

pub(crate) fn edge_kind(k: CoreEdgeKind) -> EdgeKind {
    match k {
        CoreEdgeKind::ResourceLink => EdgeKind::ResourceLink,
        CoreEdgeKind::Declared => EdgeKind::Declared,
    }
}

pub(crate) fn table_ref(name: &TableName) -> TableRef {
    TableRef::new(name.account.clone(), name.database.clone(), name.table.clone())
}

pub(crate) fn table_name(r: &TableRef) -> TableName {
    TableName::new(r.account.clone(), r.database.clone(), r.table.clone())
}

pub(crate) use crate::convert_governance::*;
