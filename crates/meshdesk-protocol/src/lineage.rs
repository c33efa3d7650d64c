//! Lineage types: a table's upstream and downstream neighbourhood, already laid out for drawing.

use crate::TableRef;
use serde::{Deserialize, Serialize};

/// Which lineage to draw around a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineageQuery {
    pub table: TableRef,
    /// How many hops upstream (0 = none).
    pub upstream: u32,
    /// How many hops downstream (0 = none).
    pub downstream: u32,
}

/// How an edge is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A Glue resource link in the consumer's account points at the producer's table.
    ResourceLink,
    /// The table declares it is built from the other (`meshdesk:upstream`).
    Declared,
}

/// A table in the drawing. Coordinates are in drawing units, origin top left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageNode {
    pub id: u32,
    pub table: TableRef,
    pub domain: String,
    pub account_name: String,
    /// Hops from the focus table: negative upstream, positive downstream, 0 the focus itself.
    pub hops: i32,
    /// False when the table is referenced (e.g. by `meshdesk:upstream`) but not in the catalog.
    pub known: bool,
    pub is_resource_link: bool,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// A dependency: data flows from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageEdge {
    pub from: u32,
    pub to: u32,
    pub kind: EdgeKind,
    /// The two tables are in different accounts: data is shared across domains.
    pub cross_account: bool,
}

/// The laid-out neighbourhood of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageGraph {
    pub focus: TableRef,
    pub nodes: Vec<LineageNode>,
    pub edges: Vec<LineageEdge>,
    /// Domains in the drawing, in a stable order: a node's colour is its domain's position here.
    pub domains: Vec<String>,
    pub width: f32,
    pub height: f32,
    /// More hops exist beyond the ones asked for.
    pub more_upstream: bool,
    pub more_downstream: bool,
}
