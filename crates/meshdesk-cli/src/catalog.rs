//! Finding data: `products` (search with facets), `show` (a product, or one table with each
//! column's sensitivity and where it comes from) and `refresh`.

use crate::output::{Paint, Style};
use crate::parse::{self, Subject};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::Backend;
use crate::table::{Cell, Table};
use crate::wording;
use meshdesk_protocol::{
    AccountState,
    ApiError, CatalogPage, CatalogQuery, FreshnessState, MeshInfo, ProductDetail, Sensitivity, TableDetail, TableFormat,
};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  meshdesk products                          every product
  meshdesk products customer                 products matching 'customer' (names, columns, owners, tags…)
  meshdesk products --domain billing --sensitivity restricted
  meshdesk products --freshness breached --json | jq '.hits[].product'")]
pub struct ProductsArgs {
    /// Words to look for in product, table and column names, descriptions, owners and tags
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Only products of this domain (repeat for several)
    #[arg(long = "domain", value_name = "D")]
    domains: Vec<String>,
    /// Only products in this account (repeat for several)
    #[arg(long = "account", value_name = "ACCOUNT")]
    accounts: Vec<String>,
    /// Only products whose highest sensitivity is this (repeat for several)
    #[arg(long = "sensitivity", value_name = "S", value_parser = parse::sensitivities())]
    sensitivities: Vec<Sensitivity>,
    /// Only products with a table in this format (repeat for several)
    #[arg(long = "format", value_name = "F", value_parser = parse::formats())]
    formats: Vec<TableFormat>,
    /// Only products in this freshness state (repeat for several)
    #[arg(long = "freshness", value_name = "F", value_parser = parse::freshness_states())]
    freshness: Vec<FreshnessState>,
    /// Only products with this owner (repeat for several)
    #[arg(long = "owner", value_name = "O")]
    owners: Vec<String>,
    /// At most this many products [default: 50, at most 1000]
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// Skip this many products (for paging)
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: u32,
}

pub fn products(s: &Session<impl Backend>, args: ProductsArgs) -> Result<Outcome, Failure> {
    let query = CatalogQuery {
        text: args.query.join(" "),
        domains: args.domains,
        accounts: args.accounts,
        sensitivities: args.sensitivities,
        formats: args.formats,
        freshness: args.freshness,
        owners: args.owners,
        offset: args.offset,
        limit: args.limit.unwrap_or(0),
    };
    let page = s.mesh.search_catalog(&query, s.now)?;
    s.out.show(&page, render_page)?;
    Ok(Outcome::Done)
}

fn render_page(page: &CatalogPage, paint: &Paint) -> String {
    if page.hits.is_empty() {
        return "No product matches. Try fewer words or filters; `meshdesk products` lists every product.".to_owned();
    }
    let mut t = Table::new(&["PRODUCT", "DOMAIN", "SENSITIVITY", "FRESHNESS", "FORMATS", "TABLES", "OWNERS"]);
    for hit in &page.hits {
        t.row(vec![
            hit.product.to_string().into(),
            hit.domain.as_str().into(),
            wording::sensitivity(hit.highest_sensitivity),
            wording::freshness(&hit.freshness),
            hit.formats.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ").into(),
            hit.table_count.to_string().into(),
            hit.owners.join(", ").into(),
        ]);
    }
    let shown = page.offset as usize + page.hits.len();
    let more = if shown < page.total as usize { " (more with --offset or --limit)" } else { "" };
    format!(
        "{}{}",
        t.render(paint),
        paint.dim(&format!("{}–{shown} of {} products{more}", page.offset + 1, page.total))
    )
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  meshdesk show 402183775004:customer_profiles              the product: owners, freshness, tables
  meshdesk show 402183775004:customer_profiles.customers    one table: every column's sensitivity and its source")]
pub struct ShowArgs {
    /// The product (ACCOUNT:database) or one of its tables (ACCOUNT:database.table)
    #[arg(value_name = "ACCOUNT:DATABASE[.TABLE]", value_parser = parse::subject)]
    subject: Subject,
}

pub fn show(s: &Session<impl Backend>, args: ShowArgs) -> Result<Outcome, Failure> {
    match args.subject {
        Subject::Product(product) => {
            let detail = s.mesh.product(&product, s.now)?;
            s.out.show(&detail, render_product)?;
        }
        Subject::Table(table) => {
            let detail = s.mesh.product(&table.product(), s.now)?;
            let found = detail.tables.iter().find(|t| t.table.table == table.table).ok_or_else(|| {
                let names: Vec<String> = detail.tables.iter().map(|t| t.table.table.clone()).collect();
                ApiError::not_found(format!(
                    "{} has no table '{}'; its tables: {}",
                    detail.product,
                    table.table,
                    wording::list(&names)
                ))
            })?;
            s.out.show(found, render_table)?;
        }
    }
    Ok(Outcome::Done)
}

fn render_product(p: &ProductDetail, paint: &Paint) -> String {
    let mut out = format!(
        "{}  {}\n",
        paint.bold(&p.product.to_string()),
        paint.dim(&format!("{} · {}", p.domain, p.account_name))
    );
    if !p.description.is_empty() {
        out.push_str(&format!("{}\n", p.description));
    }
    out.push('\n');
    let highest = wording::sensitivity(p.highest_sensitivity);
    let fields: [(&str, String); 6] = [
        ("owners", wording::list(&p.owners)),
        ("steward", p.steward.clone().unwrap_or_else(|| "none".to_owned())),
        ("tier", p.tier.clone().unwrap_or_else(|| "none".to_owned())),
        ("freshness", wording::freshness(&p.freshness).painted(paint)),
        ("highest sensitivity", highest.painted(paint)),
        ("tags", wording::list(&p.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>())),
    ];
    for (label, value) in fields {
        out.push_str(&format!("  {:<20} {value}\n", format!("{label}:")));
    }
    out.push('\n');
    let mut t = Table::new(&["TABLE", "FORMAT", "SENSITIVITY", "FRESHNESS", "COLUMNS", "NOTE"]).indented(2);
    for table in &p.tables {
        let note = match (&table.link_target, table.write_optimised) {
            (Some(target), _) => Cell::styled(format!("resource link to {target}"), Some(Style::Magenta)),
            (None, true) => Cell::styled("write-optimised format", Some(Style::Yellow)),
            (None, false) => "".into(),
        };
        t.row(vec![
            table.table.table.as_str().into(),
            table.format.as_str().into(),
            wording::sensitivity(table.highest_sensitivity),
            wording::freshness(&table.freshness),
            table.columns.len().to_string().into(),
            note,
        ]);
    }
    out.push_str(&t.render(paint));
    out
}

fn render_table(t: &TableDetail, paint: &Paint) -> String {
    let mut out = format!("{}  {}\n", paint.bold(&t.table.to_string()), paint.dim(t.format.as_str()));
    if !t.description.is_empty() {
        out.push_str(&format!("{}\n", t.description));
    }
    out.push('\n');
    let mut fields: Vec<(&str, String)> = vec![
        ("freshness", wording::freshness(&t.freshness).painted(paint)),
        ("highest sensitivity", wording::sensitivity(t.highest_sensitivity).painted(paint)),
    ];
    if let Some(location) = &t.location {
        fields.push(("location", location.clone()));
    }
    if let Some(target) = &t.link_target {
        fields.push(("resource link to", target.to_string()));
    }
    if !t.upstream.is_empty() {
        fields.push(("built from", t.upstream.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")));
    }
    if t.write_optimised {
        fields
            .push(("format", format!("{} is write-optimised: products should be Parquet, Iceberg or Delta", t.format)));
    }
    for (label, value) in fields {
        out.push_str(&format!("  {:<20} {value}\n", format!("{label}:")));
    }
    out.push('\n');
    let mut table = Table::new(&["COLUMN", "TYPE", "SENSITIVITY", "FROM", "TAGS", "COMMENT"]).indented(2);
    for c in &t.columns {
        let name = if c.partition_key { format!("{} (partition)", c.name) } else { c.name.clone() };
        let tags: Vec<String> = c.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect();
        table.row(vec![
            name.into(),
            c.data_type.as_str().into(),
            wording::effective(c.sensitivity),
            wording::source(c.sensitivity),
            tags.join(", ").into(),
            c.comment.as_str().into(),
        ]);
    }
    out.push_str(&table.render(paint));
    out
}

#[derive(Debug, clap::Args)]
#[command(after_help = "On an AWS mesh, reads every account again (a few at once) into the local cache, with a
progress bar per account on a terminal and none when piped; exits 3 when an account could not be
read (its last known catalog stays shown). On the sandbox, the catalog is read afresh from its
store on every run; `refresh` shows what was read: each account with its products and tables.

Examples:
  meshdesk refresh
  meshdesk refresh --json | jq '.accounts[] | {name, product_count}'")]
pub struct RefreshArgs {}

/// Reads every account again — one progress bar per account on stderr when it is a terminal,
/// nothing when piped — then shows the mesh, and which accounts failed and why (exit 3). On the
/// sandbox there is nothing to read again: it shows what its store holds.
pub fn refresh(s: &Session<impl Backend>, _args: RefreshArgs) -> Result<Outcome, Failure> {
    let bars = crate::progress::Bars::on_terminal(&s.mesh.mesh_status()?);
    let status = s.mesh.refresh_mesh(bars.callback(), s.now)?;
    bars.finish(&status);
    let info = s.mesh.mesh_info();
    s.out.show(&info, render_mesh)?;
    let failed: Vec<String> = status
        .accounts
        .iter()
        .filter_map(|a| match &a.state {
            AccountState::Failed { message, .. } => {
                Some(format!("{} ({}): {message}", a.name, a.profile.as_deref().unwrap_or_default()))
            }
            _ => None,
        })
        .collect();
    if !failed.is_empty() {
        eprintln!("These accounts could not be read; their last known catalog is shown:\n  {}", failed.join("\n  "));
    }
    Ok(Outcome::problems_if(!failed.is_empty()))
}

fn render_mesh(info: &MeshInfo, paint: &Paint) -> String {
    let mut out = format!("{}  {}\n\n", paint.bold(&info.name), paint.dim(&info.store_path));
    let mut t = Table::new(&["ACCOUNT", "NAME", "DOMAIN", "PRODUCTS", "TABLES"]);
    for a in &info.accounts {
        t.row(vec![
            a.id.as_str().into(),
            a.name.as_str().into(),
            a.domain.as_str().into(),
            a.product_count.to_string().into(),
            a.table_count.to_string().into(),
        ]);
    }
    out.push_str(&t.render(paint));
    out.push_str(&format!(
        "\n{} accounts, {} products, {} tables, {} columns\n",
        info.accounts.len(),
        info.product_count,
        info.table_count,
        info.column_count
    ));
    if let Some(me) = &info.identity {
        out.push_str(&format!("acting as {} ({}), {}\n", me.name, me.id, me.role));
    }
    let others: Vec<String> = info.personas.iter().map(|p| p.id.clone()).collect();
    out.push_str(&paint.dim(&format!("personas for --as: {}", wording::list(&others))));
    out
}
