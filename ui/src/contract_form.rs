//! The contract editor's state: which of the table's columns are promised (with their live type
//! and nullability), the freshness promise and the version, and the `ContractSpec` it makes.

use crate::form_error::FormError;
use meshdesk_protocol::{ContractColumn, ContractSpec, TableDetail};

/// One column of the table and whether the contract promises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnChoice {
    pub name: String,
    pub data_type: String,
    pub promised: bool,
    pub nullable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractForm {
    pub columns: Vec<ColumnChoice>,
    pub freshness_hours: String,
    pub version: String,
}

impl ContractForm {
    /// Starts from the table's contract, or from nothing promised at version 1.0. Contracted
    /// columns the table no longer has are kept, so saving does not quietly drop a promise.
    pub fn of(table: &TableDetail) -> Self {
        let spec = table.contract.as_ref().and_then(|c| c.spec.clone());
        let promised = |name: &str| spec.as_ref().and_then(|s| s.columns.iter().find(|c| c.name == name));
        let mut columns: Vec<ColumnChoice> = table
            .columns
            .iter()
            .map(|c| ColumnChoice {
                name: c.name.clone(),
                data_type: c.data_type.clone(),
                promised: promised(&c.name).is_some(),
                nullable: promised(&c.name).is_none_or(|p| p.nullable),
            })
            .collect();
        for gone in spec.iter().flat_map(|s| &s.columns).filter(|p| !table.columns.iter().any(|c| c.name == p.name)) {
            columns.push(ColumnChoice {
                name: gone.name.clone(),
                data_type: gone.data_type.clone().unwrap_or_default(),
                promised: true,
                nullable: gone.nullable,
            });
        }
        ContractForm {
            columns,
            freshness_hours: spec.as_ref().and_then(|s| s.freshness_hours).map(|h| h.to_string()).unwrap_or_default(),
            version: spec.map_or_else(|| "1.0".to_owned(), |s| s.version),
        }
    }

    pub fn toggle(&mut self, column: &str) {
        if let Some(c) = self.columns.iter_mut().find(|c| c.name == column) {
            c.promised = !c.promised;
        }
    }

    pub fn toggle_nullable(&mut self, column: &str) {
        if let Some(c) = self.columns.iter_mut().find(|c| c.name == column) {
            c.nullable = !c.nullable;
        }
    }

    /// The contract, or the field that must be fixed first.
    pub fn spec(&self) -> Result<ContractSpec, FormError> {
        let hours = self.freshness_hours.trim();
        let freshness_hours = if hours.is_empty() {
            None
        } else {
            Some(hours.parse::<u32>().ok().filter(|h| *h > 0).ok_or_else(|| {
                FormError::new(
                    "freshness_hours",
                    format!("the freshness promise is a whole number of hours, not {hours:?}"),
                )
            })?)
        };
        Ok(ContractSpec {
            version: self.version.trim().to_owned(),
            columns: self
                .columns
                .iter()
                .filter(|c| c.promised)
                .map(|c| ContractColumn {
                    name: c.name.clone(),
                    data_type: (!c.data_type.is_empty()).then(|| c.data_type.clone()),
                    nullable: c.nullable,
                })
                .collect(),
            freshness_hours,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::{
        ColumnDetail, ContractState, Freshness, FreshnessState, TableContract, TableFormat, TableRef,
    };

    fn table(contract: Option<ContractSpec>) -> TableDetail {
        let column = |name: &str, data_type: &str| ColumnDetail {
            name: name.into(),
            data_type: data_type.into(),
            comment: String::new(),
            partition_key: false,
            sensitivity: None,
            tags: vec![],
        };
        TableDetail {
            table: TableRef::new("1", "d", "t"),
            description: String::new(),
            format: TableFormat::Parquet,
            write_optimised: false,
            location: None,
            freshness: Freshness { state: FreshnessState::Fresh, last_updated: None, age_hours: None, slo_hours: None },
            highest_sensitivity: None,
            tags: vec![],
            columns: vec![column("customer_id", "bigint"), column("segment", "string")],
            link_target: None,
            upstream: vec![],
            contract: contract.map(|spec| TableContract {
                spec: Some(spec),
                text: String::new(),
                state: ContractState::Honoured,
                violations: vec![],
                problem: None,
                unchecked: vec![],
            }),
        }
    }

    #[test]
    fn promising_a_column_takes_its_live_type() {
        let mut form = ContractForm::of(&table(None));
        assert_eq!(form.version, "1.0");
        form.toggle("customer_id");
        form.toggle_nullable("customer_id");
        form.freshness_hours = "24".into();
        let spec = form.spec().expect("valid");
        assert_eq!(
            spec.columns,
            vec![ContractColumn { name: "customer_id".into(), data_type: Some("bigint".into()), nullable: false }]
        );
        assert_eq!(spec.freshness_hours, Some(24));
    }

    #[test]
    fn a_freshness_promise_of_no_hours_names_the_freshness_field() {
        let mut form = ContractForm::of(&table(None));
        for bad in ["0", "-1", "1.5", "daily"] {
            form.freshness_hours = bad.into();
            let error = form.spec().expect_err(bad);
            assert_eq!(error.field, "freshness_hours", "{bad}");
            assert!(error.message.contains(&format!("{bad:?}")), "{}", error.message);
        }
        form.freshness_hours = "  ".into();
        assert_eq!(form.spec().expect("no promise is a valid contract").freshness_hours, None);
    }

    #[test]
    fn an_existing_contract_is_loaded_and_a_promised_column_that_is_gone_is_kept() {
        let spec = ContractSpec {
            version: "2.0".into(),
            columns: vec![ContractColumn { name: "status".into(), data_type: Some("string".into()), nullable: true }],
            freshness_hours: None,
        };
        let form = ContractForm::of(&table(Some(spec)));
        assert_eq!(form.version, "2.0");
        assert!(form.columns.iter().any(|c| c.name == "status" && c.promised));
        let mut bad = form.clone();
        bad.freshness_hours = "a day".into();
        assert_eq!(
            bad.spec(),
            Err(FormError::new("freshness_hours", "the freshness promise is a whole number of hours, not \"a day\""))
        );
    }
}
