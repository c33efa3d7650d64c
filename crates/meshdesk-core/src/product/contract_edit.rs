//! Editing a table's data contract: only the product's owners make promises for it; a contract
//! is saved only when the live table keeps it at once, and a changed promise gets a new version,
//! so consumers can tell which promise they read.

use super::annotation::ParamChange;
use super::contract::{self, Contract};
use crate::governance::model::Identity;
use crate::governance::ownership::is_owner;
use crate::model::{Database, Table, params};

/// A contract edit as it would be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractPlan {
    /// The change of `meshdesk:contract`; `None` when the text stays the same.
    pub change: Option<ParamChange>,
    /// Why it cannot be saved; empty when it can.
    pub problems: Vec<String>,
    /// Whether the actor may change this contract at all.
    pub allowed: bool,
    /// The table as it would be after the edit.
    pub after: Table,
}

/// Plans setting `table`'s contract to `wanted` (`None` removes it) by `actor`, at `now`.
pub fn plan(actor: &Identity, product: &Database, table: &Table, wanted: Option<&Contract>, now: i64) -> ContractPlan {
    let name = table.qualified_name();
    let mut problems = Vec::new();
    let allowed = is_owner(actor, product);
    if !allowed {
        problems
            .push(format!("only the owners of {}:{} may change the contract of {name}", product.account, product.name));
    }
    if table.target.is_some() {
        problems.push(format!("{name} is a resource link; the contract belongs to the table it points to"));
    }
    let previous = contract::contract_of(table).and_then(Result::ok);
    if let Some(wanted) = wanted {
        if wanted.version.trim().is_empty() {
            problems.push("the contract needs a version, e.g. 1.0".to_owned());
        }
        if wanted.columns.is_empty() {
            problems.push("the contract promises no column: choose at least one".to_owned());
        }
        for violation in contract::check(table, wanted, now) {
            problems.push(format!("{name} would break this contract at once: {violation}"));
        }
        if let Some(previous) = &previous {
            let promise_changed =
                previous.columns != wanted.columns || previous.freshness_hours != wanted.freshness_hours;
            if promise_changed && previous.version == wanted.version.trim() {
                problems.push(format!(
                    "the promise changes, so give the contract a new version (it is {})",
                    previous.version
                ));
            }
        }
    }
    let before = table.parameters.get(params::CONTRACT).cloned();
    let text = wanted.map(Contract::to_json);
    let mut after = table.clone();
    let change = if before == text {
        None
    } else {
        match &text {
            Some(t) => after.parameters.insert(params::CONTRACT.into(), t.clone()),
            None => after.parameters.remove(params::CONTRACT),
        };
        Some(ParamChange { field: None, key: params::CONTRACT.to_owned(), before, after: text })
    };
    ContractPlan { change, problems, allowed, after }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Column;
    use crate::product::contract::ContractColumn;

    const NOW: i64 = 1_800_000_000;

    fn product() -> Database {
        let mut db =
            Database { account: "402183775004".into(), name: "customer_profiles".into(), ..Database::default() };
        db.parameters.insert(params::OWNER.into(), "dana@telco.example".into());
        db
    }

    fn table() -> Table {
        Table {
            account: "402183775004".into(),
            database: "customer_profiles".into(),
            name: "customers".into(),
            columns: vec![Column { name: "customer_id".into(), data_type: "bigint".into(), ..Column::default() }],
            update_time: Some(NOW - 3600),
            ..Table::default()
        }
    }

    fn promise(version: &str, column: &str, data_type: &str) -> Contract {
        Contract {
            version: version.into(),
            columns: vec![ContractColumn { name: column.into(), data_type: Some(data_type.into()), nullable: false }],
            freshness_hours: Some(24),
        }
    }

    fn dana() -> Identity {
        Identity { id: "dana".into(), email: "dana@telco.example".into(), ..Identity::default() }
    }

    #[test]
    fn an_owner_sets_a_contract_the_table_keeps() {
        let wanted = promise("1.0", "customer_id", "BIGINT");
        let plan = plan(&dana(), &product(), &table(), Some(&wanted), NOW);
        assert_eq!(plan.problems, Vec::<String>::new());
        let text = plan.change.and_then(|c| c.after).expect("a contract is set");
        assert_eq!(Contract::parse(&text), Ok(wanted));
        assert_eq!(plan.after.columns, table().columns, "only the parameter moves");
    }

    #[test]
    fn a_contract_broken_at_once_or_changed_without_a_new_version_is_refused() {
        let broken = plan(&dana(), &product(), &table(), Some(&promise("1.0", "email", "string")), NOW);
        assert_eq!(
            broken.problems,
            [
                "402183775004:customer_profiles.customers would break this contract at once: the contracted column email was removed"
            ]
        );
        let mut contracted = table();
        contracted.parameters.insert(params::CONTRACT.into(), promise("1.0", "customer_id", "bigint").to_json());
        let mut looser = promise("1.0", "customer_id", "bigint");
        looser.freshness_hours = Some(48);
        let same_version = plan(&dana(), &product(), &contracted, Some(&looser), NOW);
        assert_eq!(same_version.problems, ["the promise changes, so give the contract a new version (it is 1.0)"]);
    }

    #[test]
    fn only_owners_change_contracts() {
        let mia =
            Identity { id: "mia".into(), email: "mia@telco.example".into(), steward: true, ..Identity::default() };
        let plan = plan(&mia, &product(), &table(), None, NOW);
        assert_eq!(
            plan.problems,
            [
                "only the owners of 402183775004:customer_profiles may change the contract of 402183775004:customer_profiles.customers"
            ]
        );
        assert_eq!(plan.change, None, "no contract to remove");
    }
}
