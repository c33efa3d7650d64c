//! The request form's state and the `RequestDraft` it makes: which tables and columns, for whom,
//! with which permissions, for how long and why.

use crate::choice::ChosenPermissions;
use crate::form_error::FormError;
use meshdesk_protocol::{Permission, ProductDetail, ProductRef, RequestDraft};
use std::collections::BTreeSet;

/// Days of access a new request asks for unless the user changes it.
pub const DEFAULT_DURATION_DAYS: u32 = 90;

/// The product's tables and their columns, in the order the product lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductShape {
    pub product: ProductRef,
    pub tables: Vec<(String, Vec<String>)>,
}

impl ProductShape {
    pub fn of(detail: &ProductDetail) -> Self {
        let tables = detail
            .tables
            .iter()
            .map(|t| (t.table.table.clone(), t.columns.iter().map(|c| c.name.clone()).collect()))
            .collect();
        Self { product: detail.product.clone(), tables }
    }

    fn columns_of(&self, table: &str) -> &[String] {
        self.tables.iter().find(|(name, _)| name == table).map_or(&[], |(_, columns)| columns)
    }
}

/// `table.column`, the key columns are chosen by.
pub fn column_key(table: &str, column: &str) -> String {
    format!("{table}.{column}")
}

/// What the draft is for: a preview may be asked before the justification is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Preview,
    Submit,
}

/// Everything typed or ticked in the form, as the user left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestForm {
    pub tables: BTreeSet<String>,
    /// `table.column` keys.
    pub columns: BTreeSet<String>,
    pub principal: String,
    pub permissions: BTreeSet<Permission>,
    pub row_filter: String,
    /// As typed, so that a half-edited number is kept rather than replaced.
    pub duration: String,
    pub justification: String,
}

impl RequestForm {
    /// A fresh form for `principal`: nothing chosen yet, SELECT for the default duration.
    pub fn new(principal: String) -> Self {
        Self {
            tables: BTreeSet::new(),
            columns: BTreeSet::new(),
            principal,
            permissions: BTreeSet::from([Permission::Select]),
            row_filter: String::new(),
            duration: DEFAULT_DURATION_DAYS.to_string(),
            justification: String::new(),
        }
    }

    /// Ticking a table chooses all its columns; unticking it drops them, so that the column
    /// picker always agrees with the table boxes.
    pub fn toggle_table(&mut self, shape: &ProductShape, table: &str) {
        let keys = shape.columns_of(table).iter().map(|c| column_key(table, c));
        if self.tables.remove(table) {
            for key in keys {
                self.columns.remove(&key);
            }
        } else {
            self.tables.insert(table.to_owned());
            self.columns.extend(keys);
        }
    }

    /// Ticking a column of an unchosen table chooses the table too.
    pub fn toggle_column(&mut self, table: &str, column: &str) {
        let key = column_key(table, column);
        if !self.columns.remove(&key) {
            self.columns.insert(key);
            self.tables.insert(table.to_owned());
        }
    }

    /// The draft to send, or the first field that needs the user's attention.
    pub fn draft(&self, shape: &ProductShape, purpose: Purpose) -> Result<RequestDraft, FormError> {
        let tables: Vec<&(String, Vec<String>)> =
            shape.tables.iter().filter(|(name, _)| self.tables.contains(name)).collect();
        if tables.is_empty() {
            return Err(FormError::new("tables", "Choose at least one table."));
        }
        let mut columns = Vec::new();
        let mut every_column = true;
        for (table, all) in &tables {
            let chosen: Vec<String> =
                all.iter().map(|c| column_key(table, c)).filter(|key| self.columns.contains(key)).collect();
            if chosen.is_empty() && !all.is_empty() {
                return Err(FormError::new("columns", format!("Choose at least one column of {table}, or untick it.")));
            }
            every_column &= chosen.len() == all.len();
            columns.extend(chosen);
        }
        // Every column of every chosen table is a grant on the whole tables: the protocol says
        // so with an empty list.
        if every_column {
            columns.clear();
        }
        let principal = self.principal.trim();
        if principal.is_empty() {
            return Err(FormError::new("principal", "Name who is to be granted: your role or your account."));
        }
        if self.permissions.is_empty() {
            return Err(FormError::new("permissions", "Choose SELECT, DESCRIBE or both."));
        }
        let duration_days = match self.duration.trim().parse::<u32>() {
            Ok(days) if days > 0 => days,
            _ => return Err(FormError::new("duration", "The duration is a whole number of days, at least 1.")),
        };
        let justification = self.justification.trim();
        if purpose == Purpose::Submit && justification.is_empty() {
            return Err(FormError::new("justification", "Say why you need this access: the approvers read it."));
        }
        let row_filter = self.row_filter.trim();
        Ok(RequestDraft {
            product: shape.product.clone(),
            principal: principal.to_owned(),
            tables: tables.iter().map(|(name, _)| name.clone()).collect(),
            columns,
            row_filter: (!row_filter.is_empty()).then(|| row_filter.to_owned()),
            permissions: self.permissions.iter().copied().collect(),
            duration_days,
            justification: justification.to_owned(),
        })
    }
}

impl ChosenPermissions for RequestForm {
    fn permissions(&self) -> &BTreeSet<Permission> {
        &self.permissions
    }

    fn permissions_mut(&mut self) -> &mut BTreeSet<Permission> {
        &mut self.permissions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> ProductShape {
        let columns = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        ProductShape {
            product: ProductRef::new("402183775004", "customer_profiles"),
            tables: vec![
                ("customers".into(), columns(&["customer_id", "email", "segment"])),
                ("consents".into(), columns(&["customer_id", "purpose"])),
            ],
        }
    }

    fn filled() -> RequestForm {
        let mut form = RequestForm::new("arn:aws:iam::4:role/analyst".into());
        form.justification = "churn model".into();
        form
    }

    #[test]
    fn a_fresh_form_asks_select_for_ninety_days() {
        let form = RequestForm::new("402183775006".into());
        assert_eq!(form.permissions, BTreeSet::from([Permission::Select]));
        assert_eq!(form.duration, "90");
    }

    #[test]
    fn ticking_a_table_chooses_all_its_columns_and_asks_for_the_whole_table() {
        let mut form = filled();
        form.toggle_table(&shape(), "customers");
        assert_eq!(form.columns.len(), 3);
        let draft = form.draft(&shape(), Purpose::Submit).expect("valid");
        assert_eq!(draft.tables, vec!["customers"]);
        assert!(draft.columns.is_empty(), "all columns are sent as an empty list");
    }

    #[test]
    fn unticking_a_column_asks_for_the_remaining_columns_by_name() {
        let mut form = filled();
        form.toggle_table(&shape(), "customers");
        form.toggle_table(&shape(), "consents");
        form.toggle_column("customers", "email");
        let draft = form.draft(&shape(), Purpose::Submit).expect("valid");
        assert_eq!(draft.tables, vec!["customers", "consents"]);
        assert_eq!(
            draft.columns,
            vec!["customers.customer_id", "customers.segment", "consents.customer_id", "consents.purpose"]
        );
    }

    #[test]
    fn ticking_a_column_chooses_its_table_and_unticking_the_table_drops_its_columns() {
        let mut form = filled();
        form.toggle_column("consents", "purpose");
        assert!(form.tables.contains("consents"));
        assert_eq!(form.draft(&shape(), Purpose::Submit).expect("valid").columns, vec!["consents.purpose"]);
        form.toggle_table(&shape(), "consents");
        assert!(form.columns.is_empty());
    }

    #[test]
    fn a_table_without_columns_chosen_is_refused() {
        let mut form = filled();
        form.toggle_table(&shape(), "consents");
        form.toggle_column("consents", "customer_id");
        form.toggle_column("consents", "purpose");
        let error = form.draft(&shape(), Purpose::Submit).expect_err("no column of consents");
        assert_eq!(error.field, "columns");
        assert!(error.message.contains("consents"));
    }

    #[test]
    fn nothing_chosen_is_refused_before_anything_is_sent() {
        assert_eq!(filled().draft(&shape(), Purpose::Preview).expect_err("empty").field, "tables");
    }

    #[test]
    fn the_justification_is_needed_to_submit_but_not_to_preview() {
        let mut form = filled();
        form.justification = "  ".into();
        form.toggle_table(&shape(), "customers");
        assert!(form.draft(&shape(), Purpose::Preview).is_ok());
        assert_eq!(form.draft(&shape(), Purpose::Submit).expect_err("no reason").field, "justification");
    }

    #[test]
    fn the_duration_must_be_a_positive_number_of_days() {
        let mut form = filled();
        form.toggle_table(&shape(), "customers");
        for bad in ["", "0", "-3", "ninety", "1.5"] {
            form.duration = bad.into();
            assert_eq!(form.draft(&shape(), Purpose::Preview).expect_err(bad).field, "duration");
        }
        form.duration = " 30 ".into();
        assert_eq!(form.draft(&shape(), Purpose::Preview).expect("valid").duration_days, 30);
    }

    #[test]
    fn text_fields_are_trimmed_and_an_empty_row_filter_is_none() {
        let mut form = filled();
        form.toggle_table(&shape(), "customers");
        form.row_filter = "   ".into();
        form.principal = " 402183775006 ".into();
        form.toggle_permission(Permission::Describe);
        let draft = form.draft(&shape(), Purpose::Submit).expect("valid");
        assert_eq!(draft.row_filter, None);
        assert_eq!(draft.principal, "402183775006");
        assert_eq!(draft.permissions, vec![Permission::Select, Permission::Describe]);
        form.row_filter = "segment = 'premium'".into();
        assert_eq!(
            form.draft(&shape(), Purpose::Submit).expect("valid").row_filter.as_deref(),
            Some("segment = 'premium'")
        );
    }

    #[test]
    fn no_principal_or_no_permission_is_refused() {
        let mut form = filled();
        form.toggle_table(&shape(), "customers");
        form.principal = String::new();
        assert_eq!(form.draft(&shape(), Purpose::Preview).expect_err("no principal").field, "principal");
        form.principal = "4".into();
        form.toggle_permission(Permission::Select);
        assert_eq!(form.draft(&shape(), Purpose::Preview).expect_err("no permission").field, "permissions");
    }
}
