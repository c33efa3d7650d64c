//! My access and the Access tab in words: tables grouped by domain, rows as "all" or the filters,
//! and the grant paths that explain them.

use meshdesk_protocol::{AccessReport, GrantPath, Permission, RowScope, TableAccess};

/// The tables of one domain, in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainGroup {
    pub domain: String,
    pub tables: Vec<TableAccess>,
}

/// Groups the report's tables by domain, domains and tables in name order.
pub fn by_domain(report: &AccessReport) -> Vec<DomainGroup> {
    let mut tables = report.tables.clone();
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

    #[test]
    fn tables_are_grouped_by_domain_in_name_order() {
        let report = AccessReport {
            principals: vec![],
            tables: vec![
                table("sales", "orders", 1, 2),
                table("billing", "invoices", 1, 1),
                table("sales", "leads", 1, 1),
            ],
        };
        let groups = by_domain(&report);
        let names: Vec<(String, Vec<String>)> = groups
            .iter()
            .map(|g| (g.domain.clone(), g.tables.iter().map(|t| t.table.table.clone()).collect()))
            .collect();
        assert_eq!(
            names,
            vec![("billing".into(), vec!["invoices".into()]), ("sales".into(), vec!["leads".into(), "orders".into()])]
        );
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
