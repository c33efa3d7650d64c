//! The lineage use case: a table's neighbourhood, laid out for drawing.

use crate::convert;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::lineage::{NODE_HEIGHT, NODE_WIDTH};
use meshdesk_protocol::{ApiError, LineageEdge, LineageGraph, LineageNode, LineageQuery};

/// More hops than this is no longer a picture a person can read.
const MAX_HOPS: u32 = 20;

impl<B: Backend> Meshdesk<B> {
    /// The lineage of a table, `query.upstream` hops up and `query.downstream` hops down.
    pub fn lineage(&self, query: &LineageQuery) -> Result<LineageGraph, ApiError> {
        let index = self.index()?;
        for (direction, hops) in [("upstream", query.upstream), ("downstream", query.downstream)] {
            if hops > MAX_HOPS {
                return Err(ApiError::invalid_input(format!(
                    "{hops} hops {direction} were asked for; at most {MAX_HOPS} can be drawn"
                )));
            }
        }
        let focus = convert::table_name(&query.table);
        let layout = index.lineage(&focus, query.upstream, query.downstream).ok_or_else(|| {
            ApiError::not_found(format!("no table {} is in the catalog or referenced by it", query.table))
        })?;
        let domain = |n: &meshdesk_core::TableName| {
            index.domain_of_table(n).or_else(|| index.account(&n.account).map(|a| a.domain.as_str()))
                .unwrap_or(&n.account)
                .to_owned()
        };
        let mut domains: Vec<String> = layout.nodes.iter().map(|n| domain(&n.table)).collect();
        domains.sort();
        domains.dedup();
        Ok(LineageGraph {
            focus: query.table.clone(),
            nodes: layout
                .nodes
                .iter()
                .enumerate()
                .map(|(id, n)| LineageNode {
                    id: id as u32,
                    table: convert::table_ref(&n.table),
                    domain: domain(&n.table),
                    account_name: self.account_name(&n.table.account),
                    hops: n.hops,
                    known: n.known,
                    is_resource_link: n.is_link,
                    x: n.x,
                    y: n.y,
                    width: NODE_WIDTH,
                    height: NODE_HEIGHT,
                })
                .collect(),
            edges: layout
                .edges
                .iter()
                .map(|e| LineageEdge {
                    from: e.from as u32,
                    to: e.to as u32,
                    kind: convert::edge_kind(e.kind),
                    cross_account: e.cross_account,
                })
                .collect(),
            domains,
            width: layout.width,
            height: layout.height,
            more_upstream: layout.more_upstream,
            more_downstream: layout.more_downstream,
        })
    }
}
