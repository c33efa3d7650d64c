//! The Policies page's editors: a tag assignment or a grant as typed, turned into a `PolicyChange`.

use crate::access_groups::permissions_text;
use crate::choice::ChosenPermissions;
use crate::form_error::FormError;
use meshdesk_protocol::{GrantResource, Permission, PolicyChange, ProductRef, Sensitivity, TagTarget};
use std::collections::BTreeSet;

/// The LF-tag keys the editor offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKey {
    Sensitivity,
    Domain,
    Pii,
}

impl TagKey {
    pub const ALL: [TagKey; 3] = [TagKey::Sensitivity, TagKey::Domain, TagKey::Pii];

    pub fn as_str(self) -> &'static str {
        match self {
            TagKey::Sensitivity => "sensitivity",
            TagKey::Domain => "domain",
            TagKey::Pii => "pii",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// The values the key allows, or `None` for free text (a domain name).
    pub fn values(self) -> Option<Vec<&'static str>> {
        match self {
            TagKey::Sensitivity => Some(Sensitivity::ALL.iter().map(|s| s.as_str()).collect()),
            TagKey::Pii => Some(vec!["true", "false"]),
            TagKey::Domain => None,
        }
    }
}

/// What a tag is put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Database,
    Table,
    Column,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [TargetKind::Database, TargetKind::Table, TargetKind::Column];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Database => "database",
            TargetKind::Table => "table",
            TargetKind::Column => "column",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagForm {
    pub target: TargetKind,
    pub table: String,
    pub column: String,
    pub key: TagKey,
    pub value: String,
}

impl Default for TagForm {
    fn default() -> Self {
        Self {
            target: TargetKind::Column,
            table: String::new(),
            column: String::new(),
            key: TagKey::Sensitivity,
            value: "restricted".to_owned(),
        }
    }
}

impl TagForm {
    /// Choosing another key resets the value to that key's first allowed one.
    pub fn set_key(&mut self, key: TagKey) {
        self.key = key;
        self.value = key.values().and_then(|v| v.first().map(|s| (*s).to_owned())).unwrap_or_default();
    }

    fn target(&self, product: &ProductRef) -> Result<TagTarget, FormError> {
        let (account, database) = (product.account.clone(), product.database.clone());
        let table = self.table.trim();
        let column = self.column.trim();
        if self.target != TargetKind::Database && table.is_empty() {
            return Err(FormError::new("table", "Choose the table the tag goes on."));
        }
        if self.target == TargetKind::Column && column.is_empty() {
            return Err(FormError::new("column", "Choose the column the tag goes on."));
        }
        Ok(match self.target {
            TargetKind::Database => TagTarget::Database { account, database },
            TargetKind::Table => TagTarget::Table { account, database, table: table.to_owned() },
            TargetKind::Column => {
                TagTarget::Column { account, database, table: table.to_owned(), column: column.to_owned() }
            }
        })
    }

    pub fn assign(&self, product: &ProductRef) -> Result<PolicyChange, FormError> {
        let target = self.target(product)?;
        let value = self.value.trim();
        if value.is_empty() {
            return Err(FormError::new("value", format!("Give the {} tag a value.", self.key.as_str())));
        }
        if let Some(allowed) = self.key.values().filter(|allowed| !allowed.contains(&value)) {
            return Err(FormError::new(
                "value",
                format!("{} is one of {}, not {value:?}.", self.key.as_str(), allowed.join(", ")),
            ));
        }
        Ok(PolicyChange::AssignTag { target, key: self.key.as_str().to_owned(), value: value.to_owned() })
    }

    pub fn remove(&self, product: &ProductRef) -> Result<PolicyChange, FormError> {
        Ok(PolicyChange::RemoveTag { target: self.target(product)?, key: self.key.as_str().to_owned() })
    }
}

/// Which columns of the table a grant covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnMode {
    All,
    Only,
    AllExcept,
}

impl ColumnMode {
    pub const ALL: [ColumnMode; 3] = [ColumnMode::All, ColumnMode::Only, ColumnMode::AllExcept];

    pub fn as_str(self) -> &'static str {
        match self {
            ColumnMode::All => "all",
            ColumnMode::Only => "only",
            ColumnMode::AllExcept => "except",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ColumnMode::All => "all columns",
            ColumnMode::Only => "only these columns",
            ColumnMode::AllExcept => "all columns except",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantForm {
    pub principal: String,
    /// Empty is every table of the product.
    pub table: String,
    pub mode: ColumnMode,
    pub columns: BTreeSet<String>,
    pub row_filter: String,
    pub permissions: BTreeSet<Permission>,
    pub grantable: bool,
}

impl Default for GrantForm {
    fn default() -> Self {
        Self {
            principal: String::new(),
            table: String::new(),
            mode: ColumnMode::All,
            columns: BTreeSet::new(),
            row_filter: String::new(),
            permissions: BTreeSet::from([Permission::Select]),
            grantable: false,
        }
    }
}

impl GrantForm {
    /// Another table has other columns: the picked ones are dropped.
    pub fn set_table(&mut self, table: String) {
        if table != self.table {
            self.columns.clear();
        }
        if table.is_empty() {
            self.mode = ColumnMode::All;
        }
        self.table = table;
    }

    pub fn grant(&self, product: &ProductRef) -> Result<PolicyChange, FormError> {
        let principal = self.principal.trim();
        if principal.is_empty() {
            return Err(FormError::new(
                "principal",
                "Name the principal: an account id, a role ARN or an Identity Center group.",
            ));
        }
        if self.permissions.is_empty() {
            return Err(FormError::new("permissions", "Choose at least one permission."));
        }
        let table = self.table.trim();
        let row_filter = self.row_filter.trim();
        let picked: Vec<String> = self.columns.iter().cloned().collect();
        let (columns, excluded) = match self.mode {
            ColumnMode::All => (None, Vec::new()),
            _ if table.is_empty() => {
                return Err(FormError::new("table", "Choosing columns needs one table: pick it first."));
            }
            _ if picked.is_empty() => {
                let which = if self.mode == ColumnMode::Only { "to grant" } else { "to leave out" };
                return Err(FormError::new("columns", format!("Pick the columns {which}.")));
            }
            ColumnMode::Only => (Some(picked), Vec::new()),
            ColumnMode::AllExcept => (None, picked),
        };
        let (account, database) = (product.account.clone(), product.database.clone());
        let resource = if !row_filter.is_empty() {
            if table.is_empty() {
                return Err(FormError::new("table", "A row filter applies to one table: pick it first."));
            }
            GrantResource::DataCellsFilter {
                account,
                database,
                table: table.to_owned(),
                name: filter_name(table, principal, row_filter),
                row_filter: Some(row_filter.to_owned()),
                columns,
                excluded,
            }
        } else {
            let table = (!table.is_empty()).then(|| table.to_owned());
            GrantResource::Table { account, database, table, columns, excluded }
        };
        let permissions: Vec<Permission> = self.permissions.iter().copied().collect();
        // The option to re-grant is asked for as given; across accounts the backend refuses it
        // (the charter's non-grantable rule) and the plan shows why.
        let grantable = if self.grantable { permissions.clone() } else { Vec::new() };
        Ok(PolicyChange::Grant { principal: principal.to_owned(), resource, permissions, grantable })
    }
}

impl ChosenPermissions for GrantForm {
    fn permissions(&self) -> &BTreeSet<Permission> {
        &self.permissions
    }

    fn permissions_mut(&mut self) -> &mut BTreeSet<Permission> {
        &mut self.permissions
    }
}

/// A data cells filter's name: readable, unique per table, principal and filter, and made only
/// of the letters, digits and underscores Lake Formation accepts.
pub fn filter_name(table: &str, principal: &str, row_filter: &str) -> String {
    let who = principal.rsplit([':', '/']).next().unwrap_or(principal);
    let slug: String = format!("{table}_{who}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .take(48)
        .collect();
    format!("md_{slug}_{:08x}", fnv1a(&format!("{principal}\u{0}{row_filter}")) as u32)
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// A pending change in words, before the backend's plan describes it.
pub fn describe(change: &PolicyChange) -> String {
    match change {
        PolicyChange::AssignTag { target, key, value } => format!("tag {} {key} = {value}", target_text(target)),
        PolicyChange::RemoveTag { target, key } => format!("remove tag {key} from {}", target_text(target)),
        PolicyChange::Grant { principal, resource, permissions, grantable } => {
            let option = if grantable.is_empty() { "" } else { " with grant option" };
            format!("grant {} on {} to {principal}{option}", permissions_text(permissions), resource_text(resource))
        }
        PolicyChange::Revoke { grant_id } => format!("revoke grant {grant_id}"),
    }
}

fn target_text(target: &TagTarget) -> String {
    match target {
        TagTarget::Database { database, .. } => format!("database {database}"),
        TagTarget::Table { database, table, .. } => format!("table {database}.{table}"),
        TagTarget::Column { database, table, column, .. } => format!("column {database}.{table}.{column}"),
    }
}

fn resource_text(resource: &GrantResource) -> String {
    let columns_text = |columns: &Option<Vec<String>>, excluded: &[String]| match columns {
        Some(only) => format!(", columns {}", only.join(", ")),
        None if !excluded.is_empty() => format!(", all columns except {}", excluded.join(", ")),
        None => String::new(),
    };
    match resource {
        GrantResource::Database { database, .. } => format!("database {database}"),
        GrantResource::Table { database, table: None, .. } => format!("every table of {database}"),
        GrantResource::Table { database, table: Some(table), columns, excluded, .. } => {
            format!("table {database}.{table}{}", columns_text(columns, excluded))
        }
        GrantResource::DataCellsFilter { database, table, row_filter, columns, excluded, .. } => {
            let rows = row_filter.as_ref().map(|f| format!(" rows where {f}")).unwrap_or_default();
            format!("table {database}.{table}{}{rows}", columns_text(columns, excluded))
        }
        GrantResource::TagPolicy { expression, .. } => format!("LF-tags {expression}"),
    }
}

#[cfg(test)]
mod tests;
