//! My access and the Access tab in words: tables grouped by domain, rows as "all" or the filters,
//! and the grant paths that explain them.

use meshdesk_protocol::{GrantPath, Permission, RowScope, TableAccess};

/// The tables of one domain, in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainGroup {
    pub domain: String,
    pub tables: Vec<TableAccess>,
}

/// Groups tables by domain, domains and tables in name order. Pages of access come in table
/// name order, not by domain: grouping every table shown so far puts a later page's table in
/// its domain's group, wherever that group is.
pub fn by_domain(tables: &[TableAccess]) -> Vec<DomainGroup> {
    let mut tables = tables.to_vec();
    tables.sort_by(|a, b| (&a.domain, a.table.to_string()).cmp(&(&b.domain, b.table.to_string())));
    let mut groups: Vec<DomainGroup> = Vec::new();
    for table in tables {
        match groups.last_mut() {
            Some(group) if group.domain == table.domain => group.tables.push(table),
            _ => groups.push(DomainGroup { domain: table.domain.clone(), tables: vec![table] }),
        }
    }
    groups
}

/// "all rows", or "rows where region = 'north' or segment = 'premium'".
pub fn rows_text(rows: &RowScope) -> String {
    match rows {
        RowScope::All => "all rows".to_owned(),
        RowScope::Filtered { filters } if filters.is_empty() => "filtered rows".to_owned(),
        RowScope::Filtered { filters } => format!("rows where {}", filters.join(" or ")),
    }
}

pub fn is_filtered(rows: &RowScope) -> bool {
    matches!(rows, RowScope::Filtered { .. })
}

/// "5 of 12 columns".
pub fn readable_text(table: &TableAccess) -> String {
    format!("{} of {} columns", table.columns.len(), table.column_total)
}

/// "Showing 50 of 1,204 tables you can read".
pub fn showing_text(shown: usize, readable: u32) -> String {
    let noun = if readable == 1 { "table" } else { "tables" };
    format!("Showing {} of {} {noun} you can read", thousands(shown as u64), thousands(u64::from(readable)))
}

/// 1204 as "1,204".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "SELECT, DESCRIBE", as Lake Formation writes them.
pub fn permissions_text(permissions: &[Permission]) -> String {
    permissions.iter().map(|p| permission_name(*p)).collect::<Vec<_>>().join(", ")
}

pub fn permission_name(permission: Permission) -> &'static str {
    match permission {
        Permission::Select => "SELECT",
        Permission::Describe => "DESCRIBE",
        Permission::Insert => "INSERT",
        Permission::Delete => "DELETE",
        Permission::Alter => "ALTER",
        Permission::Drop => "DROP",
        Permission::All => "ALL",
    }
}

/// One grant path as a sentence: "analysts (through group marketing-analysts): table
/// billing.invoices, columns a, b".
pub fn path_text(path: &GrantPath) -> String {
    format!("{} ({}): {}", path.grantee, path.matched_as, path.resource)
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::{ColumnAccess, TableRef};

    fn table(domain: &str, name: &str, readable: usize, total: u32) -> TableAccess {
        let columns = (0..readable)
            .map(|i| ColumnAccess { column: format!("c{i}"), sensitivity: None, rows: RowScope::All, via: vec![] })
            .collect();
        TableAccess {
            table: TableRef::new("1", "db", name),
            domain: domain.into(),
            columns,
            column_total: total,
            expires_at: None,
            reachable_as: None,
            consumer_pending: None,
        }
    }

    fn names(groups: &[DomainGroup]) -> Vec<(String, Vec<String>)> {
        groups.iter().map(|g| (g.domain.clone(), g.tables.iter().map(|t| t.table.table.clone()).collect())).collect()
    }

    #[test]
    fn tables_are_grouped_by_domain_in_name_order() {
        let tables = [table("sales", "orders", 1, 2), table("billing", "invoices", 1, 1), table("sales", "leads", 1, 1)];
        assert_eq!(
            names(&by_domain(&tables)),
            vec![("billing".into(), vec!["invoices".into()]), ("sales".into(), vec!["leads".into(), "orders".into()])]
        );
    }

    #[test]
    fn a_later_pages_table_joins_its_domain_shown_before() {
        let first = [table("sales", "a_orders", 1, 1), table("billing", "b_invoices", 1, 1)];
        let second = [table("sales", "c_returns", 1, 1), table("care", "d_tickets", 1, 1)];
        let shown: Vec<TableAccess> = first.iter().chain(&second).cloned().collect();
        assert_eq!(
            names(&by_domain(&shown)),
            vec![
                ("billing".into(), vec!["b_invoices".into()]),
                ("care".into(), vec!["d_tickets".into()]),
                ("sales".into(), vec!["a_orders".into(), "c_returns".into()]),
            ]
        );
    }

    #[test]
    fn the_count_says_how_many_are_shown_of_how_many() {
        assert_eq!(showing_text(50, 1204), "Showing 50 of 1,204 tables you can read");
        assert_eq!(showing_text(1, 1), "Showing 1 of 1 table you can read");
        assert_eq!(showing_text(0, 0), "Showing 0 of 0 tables you can read");
        assert_eq!(showing_text(500, 1_000_000), "Showing 500 of 1,000,000 tables you can read");
    }

    #[test]
    fn rows_say_all_or_name_their_filters() {
        assert_eq!(rows_text(&RowScope::All), "all rows");
        let filtered = RowScope::Filtered { filters: vec!["region = 'north'".into(), "vip".into()] };
        assert_eq!(rows_text(&filtered), "rows where region = 'north' or vip");
        assert!(is_filtered(&filtered));
    }

    #[test]
    fn readable_columns_are_counted_against_the_table() {
        assert_eq!(readable_text(&table("d", "t", 5, 12)), "5 of 12 columns");
        assert_eq!(permissions_text(&[Permission::Select, Permission::Describe]), "SELECT, DESCRIBE");
    }
}
