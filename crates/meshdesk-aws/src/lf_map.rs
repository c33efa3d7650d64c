//! Lake Formation's shapes and the core's, both ways: permissions, grant resources (Database,
//! Table / TableWildcard, TableWithColumns with names or ColumnWildcard + excluded names,
//! DataCellsFilter, LFTagPolicy) and the resources LF-tags are assigned to.

use std::collections::BTreeSet;

use aws_sdk_lakeformation::types::{
    self as lf, ColumnWildcard, DataCellsFilterResource, DatabaseResource, LfTagPolicyResource, ResourceType,
    TableResource, TableWildcard, TableWithColumnsResource,
};
use meshdesk_core::governance::model::{ColumnSelection, Permission, Resource, TagClause, TagExpression, TagTarget};

use crate::error::{AwsError, built};

pub fn permission(p: &lf::Permission) -> Option<Permission> {
    Some(match p {
        lf::Permission::Select => Permission::Select,
        lf::Permission::Describe => Permission::Describe,
        lf::Permission::Insert => Permission::Insert,
        lf::Permission::Delete => Permission::Delete,
        lf::Permission::Alter => Permission::Alter,
        lf::Permission::Drop => Permission::Drop,
        lf::Permission::All => Permission::All,
        _ => return None,
    })
}

pub fn lf_permission(p: Permission) -> lf::Permission {
    match p {
        Permission::Select => lf::Permission::Select,
        Permission::Describe => lf::Permission::Describe,
        Permission::Insert => lf::Permission::Insert,
        Permission::Delete => lf::Permission::Delete,
        Permission::Alter => lf::Permission::Alter,
        Permission::Drop => lf::Permission::Drop,
        Permission::All => lf::Permission::All,
    }
}

pub fn lf_permissions(set: &BTreeSet<Permission>) -> Vec<lf::Permission> {
    set.iter().map(|p| lf_permission(*p)).collect()
}

/// One Lake Formation permissions entry as the core sees it (no name yet: see `naming`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub principal: String,
    pub resource: Resource,
    pub permissions: BTreeSet<Permission>,
    pub grantable: BTreeSet<Permission>,
}

/// Reads a `ListPermissions` entry listed in `account`. `None` for what the core does not model:
/// catalog, data location, LF-tag key and named-expression permissions, LF-tag policies on
/// databases (they give no table data), and entries with none of the data permissions.
pub fn entry(account: &str, p: &lf::PrincipalResourcePermissions) -> Option<Entry> {
    let principal = p.principal()?.data_lake_principal_identifier()?.to_owned();
    let resource = resource(account, p.resource()?)?;
    let permissions: BTreeSet<Permission> = p.permissions().iter().filter_map(permission).collect();
    let grantable: BTreeSet<Permission> = p.permissions_with_grant_option().iter().filter_map(permission).collect();
    if permissions.is_empty() && grantable.is_empty() {
        return None;
    }
    Some(Entry { principal, resource, permissions, grantable })
}

fn resource(account: &str, r: &lf::Resource) -> Option<Resource> {
    let owner = |catalog: Option<&str>| catalog.filter(|c| !c.is_empty()).unwrap_or(account).to_owned();
    if let Some(t) = r.table_with_columns() {
        let columns = match t.column_wildcard() {
            Some(wildcard) if wildcard.excluded_column_names().is_empty() => ColumnSelection::All,
            Some(wildcard) => ColumnSelection::AllExcept(wildcard.excluded_column_names().to_vec()),
            None => ColumnSelection::Only(t.column_names().to_vec()),
        };
        return Some(Resource::Table {
            account: owner(t.catalog_id()),
            database: t.database_name().to_owned(),
            table: Some(t.name().to_owned()),
            columns,
        });
    }
    if let Some(t) = r.table() {
        let table = if t.table_wildcard().is_some() { None } else { Some(t.name()?.to_owned()) };
        return Some(Resource::Table {
            account: owner(t.catalog_id()),
            database: t.database_name().to_owned(),
            table,
            columns: ColumnSelection::All,
        });
    }
    if let Some(d) = r.database() {
        return Some(Resource::Database { account: owner(d.catalog_id()), database: d.name().to_owned() });
    }
    if let Some(f) = r.data_cells_filter() {
        // The filter's row filter and columns are its own definition, read separately.
        return Some(Resource::DataCellsFilter {
            account: owner(f.table_catalog_id()),
            database: f.database_name()?.to_owned(),
            table: f.table_name()?.to_owned(),
            name: f.name()?.to_owned(),
            row_filter: None,
            columns: ColumnSelection::All,
        });
    }
    if let Some(policy) = r.lf_tag_policy() {
        if *policy.resource_type() != ResourceType::Table || policy.expression().is_empty() {
            return None;
        }
        let clauses = policy
            .expression()
            .iter()
            .map(|t| TagClause { key: t.tag_key().to_owned(), values: t.tag_values().to_vec() })
            .collect();
        return Some(Resource::TagPolicy {
            account: owner(policy.catalog_id()),
            expression: TagExpression { clauses },
        });
    }
    None
}

/// The Lake Formation resource a core grant is made on. Meshdesk calls Lake Formation in the
/// account that owns the resource, whose catalog is the default: the catalog id is left out, as
/// the CLI and most tools leave it out. (Lake Formation treats both forms as one resource; the
/// emulator matches a revoke only against the form the grant was made in.)
pub fn lf_resource(resource: &Resource) -> Result<lf::Resource, AwsError> {
    let builder = lf::Resource::builder();
    Ok(match resource {
        Resource::Database { database, .. } => {
            builder.database(built("a database resource", DatabaseResource::builder().name(database).build())?).build()
        }
        Resource::Table { database, table: None, columns: ColumnSelection::All, .. } => {
            let t = TableResource::builder().database_name(database).table_wildcard(TableWildcard::builder().build());
            builder.table(built("a table resource", t.build())?).build()
        }
        Resource::Table { table: None, .. } => {
            return Err(AwsError::Refused(
                "a grant on every table of a database covers whole tables: Lake Formation selects columns of one table only".to_owned(),
            ));
        }
        Resource::Table { database, table: Some(table), columns: ColumnSelection::All, .. } => {
            let t = TableResource::builder().database_name(database).name(table);
            builder.table(built("a table resource", t.build())?).build()
        }
        Resource::Table { database, table: Some(table), columns, .. } => {
            let t = TableWithColumnsResource::builder().database_name(database).name(table);
            let t = match columns {
                ColumnSelection::Only(names) => t.set_column_names(Some(names.clone())),
                ColumnSelection::AllExcept(names) => {
                    t.column_wildcard(ColumnWildcard::builder().set_excluded_column_names(Some(names.clone())).build())
                }
                ColumnSelection::All => t.column_wildcard(ColumnWildcard::builder().build()),
            };
            builder.table_with_columns(built("a table-with-columns resource", t.build())?).build()
        }
        Resource::DataCellsFilter { account, database, table, name, .. } => builder
            .data_cells_filter(
                // A filter resource names its table's catalog; Lake Formation needs it here.
                DataCellsFilterResource::builder()
                    .table_catalog_id(account)
                    .database_name(database)
                    .table_name(table)
                    .name(name)
                    .build(),
            )
            .build(),
        Resource::TagPolicy { expression, .. } => {
            let mut policy = LfTagPolicyResource::builder().resource_type(ResourceType::Table);
            for clause in &expression.clauses {
                let tag = lf::LfTag::builder().tag_key(&clause.key).set_tag_values(Some(clause.values.clone())).build();
                policy = policy.expression(built("an LF-tag", tag)?);
            }
            builder.lf_tag_policy(built("an LF-tag policy resource", policy.build())?).build()
        }
    })
}

/// The resource an LF-tag is assigned to (a column through `TableWithColumns`), in the calling
/// account's catalog as for grants.
pub fn tag_resource(target: &TagTarget) -> Result<lf::Resource, AwsError> {
    let builder = lf::Resource::builder();
    Ok(match target {
        TagTarget::Database { database, .. } => {
            builder.database(built("a database resource", DatabaseResource::builder().name(database).build())?).build()
        }
        TagTarget::Table { database, table, .. } => builder
            .table(built("a table resource", TableResource::builder().database_name(database).name(table).build())?)
            .build(),
        TagTarget::Column { database, table, column, .. } => {
            let t = TableWithColumnsResource::builder().database_name(database).name(table).column_names(column);
            builder.table_with_columns(built("a table-with-columns resource", t.build())?).build()
        }
    })
}

pub fn tag_pair(key: &str, value: &str) -> Result<lf::LfTagPair, AwsError> {
    built("an LF-tag", lf::LfTagPair::builder().tag_key(key).tag_values(value).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(
        resource: lf::Resource,
        permissions: &[lf::Permission],
        grantable: &[lf::Permission],
    ) -> lf::PrincipalResourcePermissions {
        lf::PrincipalResourcePermissions::builder()
            .principal(lf::DataLakePrincipal::builder().data_lake_principal_identifier("333333333333").build())
            .resource(resource)
            .set_permissions(Some(permissions.to_vec()))
            .set_permissions_with_grant_option(Some(grantable.to_vec()))
            .build()
    }

    /// A core resource survives the trip to Lake Formation and back through `ListPermissions`.
    fn round_trip(resource: Resource) {
        let lf = lf_resource(&resource).expect("a resource");
        let back = entry("111111111111", &listed(lf, &[lf::Permission::Select], &[])).expect("modelled");
        assert_eq!(back.resource, resource);
    }

    #[test]
    fn every_grant_shape_round_trips() {
        let table = |table: Option<&str>, columns| Resource::Table {
            account: "111111111111".into(),
            database: "sales".into(),
            table: table.map(str::to_owned),
            columns,
        };
        round_trip(Resource::Database { account: "111111111111".into(), database: "sales".into() });
        round_trip(table(None, ColumnSelection::All));
        round_trip(table(Some("orders"), ColumnSelection::All));
        round_trip(table(Some("orders"), ColumnSelection::Only(vec!["id".into(), "amount".into()])));
        round_trip(table(Some("orders"), ColumnSelection::AllExcept(vec!["email".into()])));
        round_trip(Resource::DataCellsFilter {
            account: "111111111111".into(),
            database: "sales".into(),
            table: "orders".into(),
            name: "meshdesk-req-1".into(),
            row_filter: None,
            columns: ColumnSelection::All,
        });
        round_trip(Resource::TagPolicy {
            account: "111111111111".into(),
            expression: TagExpression {
                clauses: vec![TagClause { key: "domain".into(), values: vec!["sales".into()] }],
            },
        });
        assert!(lf_resource(&table(None, ColumnSelection::Only(vec!["id".into()]))).is_err());
    }

    #[test]
    fn a_column_wildcard_without_exclusions_is_the_whole_table_and_a_missing_catalog_is_the_listing_account() {
        let wildcard = TableWithColumnsResource::builder()
            .database_name("sales")
            .name("orders")
            .column_wildcard(ColumnWildcard::builder().build())
            .build()
            .expect("built");
        let listed = listed(
            lf::Resource::builder().table_with_columns(wildcard).build(),
            &[lf::Permission::Select, lf::Permission::CreateTable],
            &[],
        );
        let entry = entry("222222222222", &listed).expect("modelled");
        assert_eq!(
            entry.resource,
            Resource::Table {
                account: "222222222222".into(),
                database: "sales".into(),
                table: Some("orders".into()),
                columns: ColumnSelection::All
            }
        );
        assert_eq!(
            entry.permissions,
            [Permission::Select].into_iter().collect(),
            "permissions the core does not model are left out"
        );
    }

    #[test]
    fn what_the_core_does_not_model_is_skipped() {
        let location = lf::Resource::builder()
            .data_location(
                lf::DataLocationResource::builder().resource_arn("arn:aws:s3:::bucket").build().expect("built"),
            )
            .build();
        assert_eq!(entry("1", &listed(location, &[lf::Permission::DataLocationAccess], &[])), None);
        let create_only =
            lf_resource(&Resource::Database { account: "1".into(), database: "d".into() }).expect("built");
        assert_eq!(entry("1", &listed(create_only, &[lf::Permission::CreateTable], &[])), None);
    }
}
