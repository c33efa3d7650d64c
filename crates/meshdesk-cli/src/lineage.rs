//! `lineage`: a table's upstream and downstream neighbourhood as text — the tables by hop, then
//! every edge as an arrow, with the edges that cross accounts marked.

use crate::output::{Paint, Style};
use crate::parse;
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::table::{Cell, Table};
use meshdesk_protocol::{EdgeKind, LineageGraph, LineageQuery, TableRef};

#[derive(Debug, clap::Args)]
#[command(after_help = "Data flows along the arrows: `-->` within an account, `==>` across accounts (a share
between domains). Resource links are a consumer's link to a producer's table.

Examples:
  meshdesk lineage 402183775004:customer_profiles.customers
  meshdesk lineage 402183775004:customer_profiles.customers --upstream 0 --downstream 4
  meshdesk lineage 402183775004:customer_profiles.customers --depth 1 --json")]
pub struct LineageArgs {
    /// The table to start from
    #[arg(value_name = "ACCOUNT:DATABASE.TABLE", value_parser = parse::table)]
    table: TableRef,
    /// Hops to follow each way, unless --upstream or --downstream says otherwise [at most 20]
    #[arg(long, value_name = "N", default_value_t = 2)]
    depth: u32,
    /// Hops upstream (0 for none)
    #[arg(long, value_name = "N")]
    upstream: Option<u32>,
    /// Hops downstream (0 for none)
    #[arg(long, value_name = "N")]
    downstream: Option<u32>,
}

pub fn lineage(s: &Session<impl Backend>, args: LineageArgs) -> Result<Outcome, Failure> {
    let query = LineageQuery {
        table: args.table,
        upstream: args.upstream.unwrap_or(args.depth),
        downstream: args.downstream.unwrap_or(args.depth),
    };
    let graph = s.mesh.lineage(&query)?;
    s.out.show(&graph, |g, paint| render(g, &query, paint))?;
    Ok(Outcome::Done)
}

fn render(g: &LineageGraph, query: &LineageQuery, paint: &Paint) -> String {
    let mut out = format!(
        "Lineage of {}  {}\n\n",
        paint.bold(&g.focus.to_string()),
        paint.dim(&format!("{} hops up, {} down", query.upstream, query.downstream))
    );
    let mut nodes: Vec<_> = g.nodes.iter().collect();
    nodes.sort_by(|a, b| a.hops.cmp(&b.hops).then(a.table.cmp(&b.table)));
    let mut t = Table::new(&["HOP", "TABLE", "DOMAIN", "NOTE"]);
    for n in nodes {
        let hop = match n.hops {
            0 => Cell::styled("focus", Some(Style::Bold)),
            h if h < 0 => format!("up {}", -h).into(),
            h => format!("down {h}").into(),
        };
        let mut notes = Vec::new();
        if n.is_resource_link {
            notes.push("resource link");
        }
        if !n.known {
            notes.push("not in the catalog");
        }
        t.row(vec![hop, n.table.to_string().into(), n.domain.as_str().into(), notes.join(", ").into()]);
    }
    out.push_str(&t.render(paint));
    if g.edges.is_empty() {
        out.push_str(
            "\nNo lineage is known for this table: no resource link points at it and it declares no upstream.\n",
        );
    } else {
        out.push_str(&format!("\n{}\n", paint.dim("Data flows along each arrow; ==> crosses accounts.")));
        let name =
            |id: u32| g.nodes.iter().find(|n| n.id == id).map_or_else(|| format!("#{id}"), |n| n.table.to_string());
        let kind = |k: EdgeKind| match k {
            EdgeKind::ResourceLink => "resource link",
            EdgeKind::Declared => "declared upstream",
        };
        let mut edges: Vec<(String, String, bool, &str)> =
            g.edges.iter().map(|e| (name(e.from), name(e.to), e.cross_account, kind(e.kind))).collect();
        edges.sort();
        let width = edges.iter().map(|e| e.0.chars().count()).max().unwrap_or(0);
        for (from, to, cross, kind) in edges {
            let (arrow, label) = if cross {
                (paint.paint("==>", Some(Style::Magenta)), format!("{kind}, cross-account"))
            } else {
                ("-->".to_owned(), kind.to_owned())
            };
            let pad = " ".repeat(width - from.chars().count());
            out.push_str(&format!("  {from}{pad}  {arrow}  {to}  {}\n", paint.dim(&format!("({label})"))));
        }
    }
    let mut more = Vec::new();
    if g.more_upstream {
        more.push("upstream (raise --upstream)");
    }
    if g.more_downstream {
        more.push("downstream (raise --downstream)");
    }
    if !more.is_empty() {
        out.push_str(&format!("\nThere is more {}.\n", more.join(" and ")));
    }
    out
}
