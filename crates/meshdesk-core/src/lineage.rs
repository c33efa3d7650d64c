//! Lineage: tables as nodes, resource links and declared upstreams as edges; traversal N hops
//! up and down (cycles included), and a layered left-to-right layout ready to draw.

use crate::index::CatalogIndex;
use crate::model::TableName;
use std::collections::{HashMap, VecDeque};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// A resource link in the consumer account points at the producer's table.
    ResourceLink,
    /// The table declares the other as its upstream (`meshdesk:upstream`).
    Declared,
}

/// Node sizes and gaps of the drawing, in drawing units.
pub const NODE_WIDTH: f32 = 230.0;
pub const NODE_HEIGHT: f32 = 52.0;
const GAP_X: f32 = 90.0;
const GAP_Y: f32 = 20.0;
const MARGIN: f32 = 20.0;

/// Every table the catalog names, and the edges between them. A table of the catalog is known
/// by its position in `catalog().tables` (sorted, found by binary search), so the graph holds
/// no name of its own for the 100k tables; only tables named by a link or an upstream but not
/// in the catalog get one, numbered after the catalog's.
#[derive(Debug, Default)]
pub(crate) struct LineageIndex {
    /// How many tables the catalog has: ids below it are positions in `catalog().tables`.
    tables: u32,
    /// Tables named but not in the catalog, from id `tables` on.
    unknown: Vec<TableName>,
    unknown_ids: HashMap<TableName, u32>,
    downstream: Vec<Vec<(u32, EdgeKind)>>,
    upstream: Vec<Vec<(u32, EdgeKind)>>,
}

impl LineageIndex {
    pub(crate) fn build(index: &CatalogIndex) -> Self {
        let tables = index.catalog().tables.len();
        let mut graph = LineageIndex {
            tables: tables as u32,
            downstream: vec![Vec::new(); tables],
            upstream: vec![Vec::new(); tables],
            ..LineageIndex::default()
        };
        for (to, table) in index.catalog().tables.iter().enumerate() {
            let to = to as u32;
            if let Some(target) = &table.target {
                let from = graph.node(index, target);
                graph.edge(from, to, EdgeKind::ResourceLink);
            }
            for upstream in table.declared_upstream() {
                let from = graph.node(index, &upstream);
                graph.edge(from, to, EdgeKind::Declared);
            }
        }
        graph
    }

    /// The id of `name`, made for it if the graph has none yet.
    fn node(&mut self, index: &CatalogIndex, name: &TableName) -> u32 {
        if let Some(id) = self.id(index, name) {
            return id;
        }
        let id = self.tables + self.unknown.len() as u32;
        self.unknown_ids.insert(name.clone(), id);
        self.unknown.push(name.clone());
        self.downstream.push(Vec::new());
        self.upstream.push(Vec::new());
        id
    }

    fn id(&self, index: &CatalogIndex, name: &TableName) -> Option<u32> {
        index.table_index(name).map(|at| at as u32).or_else(|| self.unknown_ids.get(name).copied())
    }

    fn name(&self, index: &CatalogIndex, id: u32) -> TableName {
        match id.checked_sub(self.tables) {
            None => index.catalog().tables[id as usize].qualified_name(),
            Some(unknown) => self.unknown[unknown as usize].clone(),
        }
    }

    /// Whether the table is in the catalog (not only named by another).
    fn known(&self, id: u32) -> bool {
        id < self.tables
    }

    fn is_link(&self, index: &CatalogIndex, id: u32) -> bool {
        self.known(id) && index.catalog().tables[id as usize].target.is_some()
    }

    fn edge(&mut self, from: u32, to: u32, kind: EdgeKind) {
        if from == to || self.downstream[from as usize].contains(&(to, kind)) {
            return;
        }
        self.downstream[from as usize].push((to, kind));
        self.upstream[to as usize].push((from, kind));
    }

    pub(crate) fn edge_count(&self) -> usize {
        self.downstream.iter().map(Vec::len).sum()
    }
}

/// A table placed in the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    pub table: TableName,
    pub known: bool,
    pub is_link: bool,
    /// Negative upstream, positive downstream, 0 the focus.
    pub hops: i32,
    pub x: f32,
    pub y: f32,
}

/// An edge between two placed nodes (indexes into `Layout::nodes`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub cross_account: bool,
}

/// The laid-out neighbourhood of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<PlacedNode>,
    pub edges: Vec<PlacedEdge>,
    pub width: f32,
    pub height: f32,
    pub more_upstream: bool,
    pub more_downstream: bool,
}

impl CatalogIndex {
    /// How many lineage edges the catalog holds.
    pub fn lineage_edge_count(&self) -> usize {
        self.lineage_index().edge_count()
    }

    /// Every table downstream of `focus`, however far, each with the kind of edge it was reached
    /// by and its distance in hops (the shortest), nearest first. Cycles are followed once.
    pub fn downstream(&self, focus: &TableName) -> Vec<(TableName, EdgeKind, u32)> {
        let graph = self.lineage_index();
        let Some(start) = graph.id(self, focus) else { return Vec::new() };
        let mut seen: HashMap<u32, ()> = HashMap::from([(start, ())]);
        let mut queue = VecDeque::from([(start, 0u32)]);
        let mut out = Vec::new();
        while let Some((id, distance)) = queue.pop_front() {
            for &(next, kind) in &graph.downstream[id as usize] {
                if seen.insert(next, ()).is_none() {
                    out.push((graph.name(self, next), kind, distance + 1));
                    queue.push_back((next, distance + 1));
                }
            }
        }
        out
    }

    /// The lineage around `focus`, `upstream` hops up and `downstream` hops down, laid out left
    /// to right. `None` when the catalog neither has nor references the table.
    pub fn lineage(&self, focus: &TableName, upstream: u32, downstream: u32) -> Option<Layout> {
        let graph = self.lineage_index();
        let focus_id = graph.id(self, focus)?;
        let mut hops: HashMap<u32, i32> = HashMap::from([(focus_id, 0)]);
        let more_upstream = walk(focus_id, upstream, -1, &graph.upstream, &mut hops);
        let more_downstream = walk(focus_id, downstream, 1, &graph.downstream, &mut hops);

        let min_layer = hops.values().copied().min().unwrap_or(0);
        let max_layer = hops.values().copied().max().unwrap_or(0);
        let layer_count = (max_layer - min_layer + 1) as usize;
        let mut layers: Vec<Vec<u32>> = vec![Vec::new(); layer_count];
        for (&id, &h) in &hops {
            layers[(h - min_layer) as usize].push(id);
        }
        // Start from a grouping by domain, so one domain's tables sit together, then reduce
        // crossings by the barycentre of each node's neighbours in the layer nearer the focus.
        for layer in &mut layers {
            layer.sort_by_cached_key(|&id| {
                let name = graph.name(self, id);
                (self.domain_of_table(&name).unwrap_or(&name.account).to_owned(), name)
            });
        }
        let focus_layer = (-min_layer) as usize;
        for _ in 0..3 {
            for l in (0..focus_layer).rev() {
                order_by_barycentre(&mut layers, l, l + 1, &graph.downstream);
            }
            for l in focus_layer + 1..layer_count {
                order_by_barycentre(&mut layers, l, l - 1, &graph.upstream);
            }
        }

        let tallest = layers.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let height = 2.0 * MARGIN + tallest * NODE_HEIGHT + (tallest - 1.0).max(0.0) * GAP_Y;
        let width = 2.0 * MARGIN + layer_count as f32 * NODE_WIDTH + (layer_count as f32 - 1.0) * GAP_X;
        let mut nodes = Vec::with_capacity(hops.len());
        let mut position: HashMap<u32, usize> = HashMap::with_capacity(hops.len());
        for (l, layer) in layers.iter().enumerate() {
            let column_height = layer.len() as f32 * NODE_HEIGHT + (layer.len() as f32 - 1.0).max(0.0) * GAP_Y;
            let top = (height - column_height) / 2.0;
            for (i, &id) in layer.iter().enumerate() {
                position.insert(id, nodes.len());
                nodes.push(PlacedNode {
                    table: graph.name(self, id),
                    known: graph.known(id),
                    is_link: graph.is_link(self, id),
                    hops: l as i32 + min_layer,
                    x: MARGIN + l as f32 * (NODE_WIDTH + GAP_X),
                    y: top + i as f32 * (NODE_HEIGHT + GAP_Y),
                });
            }
        }
        let mut edges = Vec::new();
        for (&id, &from) in &position {
            for &(to_id, kind) in &graph.downstream[id as usize] {
                if let Some(&to) = position.get(&to_id) {
                    let cross_account = nodes[from].table.account != nodes[to].table.account;
                    edges.push(PlacedEdge { from, to, kind, cross_account });
                }
            }
        }
        edges.sort_by_key(|e| (e.from, e.to));
        Some(Layout { nodes, edges, width, height, more_upstream, more_downstream })
    }
}

/// Breadth-first from `start` along `edges` for at most `max_hops`, recording each newly reached
/// node at `direction × distance`. Returns whether nodes lie beyond the last hop.
fn walk(start: u32, max_hops: u32, direction: i32, edges: &[Vec<(u32, EdgeKind)>], hops: &mut HashMap<u32, i32>) -> bool {
    let mut queue = VecDeque::from([(start, 0u32)]);
    let mut more = false;
    while let Some((id, distance)) = queue.pop_front() {
        for &(next, _) in &edges[id as usize] {
            if hops.contains_key(&next) {
                continue;
            }
            if distance == max_hops {
                more = true;
                continue;
            }
            hops.insert(next, direction * (distance as i32 + 1));
            queue.push_back((next, distance + 1));
        }
    }
    more
}

fn order_by_barycentre(layers: &mut [Vec<u32>], layer: usize, toward: usize, edges: &[Vec<(u32, EdgeKind)>]) {
    let positions: HashMap<u32, usize> = layers[toward].iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut keyed: Vec<(f32, usize, u32)> = layers[layer]
        .iter()
        .enumerate()
        .map(|(i, &id)| {
            let near: Vec<usize> = edges[id as usize].iter().filter_map(|(n, _)| positions.get(n).copied()).collect();
            let centre = if near.is_empty() { i as f32 } else { near.iter().sum::<usize>() as f32 / near.len() as f32 };
            (centre, i, id)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    layers[layer] = keyed.into_iter().map(|(_, _, id)| id).collect();
}
