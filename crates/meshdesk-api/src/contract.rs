//! Data contracts: planning and saving a table's contract (owners only), and the broken
//! contracts that concern the current identity — of the products it owns, and of the tables it
//! reads or builds on.

use crate::convert::{table_name, table_ref};
use crate::convert_product::{self as convert, consumer, parameter_change};
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::CatalogIndex;
use meshdesk_core::governance::model::{AuditDraft, Identity};
use meshdesk_core::governance::ownership::is_owner;
use meshdesk_core::model::Table;
use meshdesk_core::product::consumers::{self, Via};
use meshdesk_core::product::contract::{self, ContractCheck};
use meshdesk_core::product::contract_edit;
use meshdesk_protocol::{ApiError, ContractAlerts, ContractBreach, ContractEdit, ContractPlan, ProductRef, TableRef};
use std::collections::BTreeMap;

impl<B: Backend> Meshdesk<B> {
    fn table_of(&self, table: &TableRef) -> Result<Table, ApiError> {
        self.index()?
            .table(&table_name(table))
            .cloned()
            .ok_or_else(|| ApiError::not_found(format!("no table {table} in the catalog")))
    }

    /// What saving `edit` would change, what is wrong with it, and who relies on the table.
    pub fn plan_contract(&self, edit: &ContractEdit, now: i64) -> Result<ContractPlan, ApiError> {
        self.core_contract_plan(edit, now).map(|(view, _)| view)
    }

    fn core_contract_plan(
        &self,
        edit: &ContractEdit,
        now: i64,
    ) -> Result<(ContractPlan, contract_edit::ContractPlan), ApiError> {
        let actor = self.current_identity()?;
        let table = self.table_of(&edit.table)?;
        let product = self.database_of(&edit.table.product())?;
        let wanted = edit.contract.as_ref().map(convert::core_contract);
        let plan = contract_edit::plan(&actor, &product, &table, wanted.as_ref(), now);
        let grants = self.backend.grants().map_err(from_port)?;
        let relying = consumers::consumers(&*self.index()?, &grants, &[table.qualified_name()], &[]);
        let view = ContractPlan {
            table: edit.table.clone(),
            change: plan.change.as_ref().map(parameter_change),
            problems: plan.problems.clone(),
            consumers: relying.iter().map(consumer).collect(),
        };
        Ok((view, plan))
    }

    /// Every broken contract that concerns the current identity, judged at `now`.
    pub fn contract_alerts(&self, now: i64) -> Result<ContractAlerts, ApiError> {
        let actor = self.current_identity()?;
        let index = self.index()?;
        let broken = broken_contracts(&index, now);
        if broken.is_empty() {
            return Ok(ContractAlerts::default());
        }
        let access = self.access()?;
        let readable: BTreeMap<_, _> =
            access.identity_access(&actor).into_iter().map(|t| (t.table.clone(), t)).collect();
        let mut alerts = ContractAlerts::default();
        for (table, version, violations) in broken {
            let name = table.qualified_name();
            let Some(db) = index.database(&table.account, &table.database).map(|d| &index.catalog().databases[d])
            else {
                continue;
            };
            let mut breach = ContractBreach {
                table: table_ref(&name),
                product: ProductRef::new(table.account.clone(), table.database.clone()),
                version,
                violations,
                owners: db.owners(),
                relied_on_by: Vec::new(),
            };
            if is_owner(&actor, db) {
                alerts.owned.push(breach);
                continue;
            }
            if let Some(access) = readable.get(&name) {
                let grants: std::collections::BTreeSet<&str> =
                    access.columns.iter().flat_map(|c| c.via.iter().map(|p| p.grant_id.as_str())).collect();
                let grants: Vec<&str> = grants.into_iter().collect();
                breach.relied_on_by.push(format!(
                    "you read {} of its columns through {}",
                    access.columns.len(),
                    grants.join(", ")
                ));
            }
            breach.relied_on_by.extend(built_on_by(&index, &actor, &name));
            if !breach.relied_on_by.is_empty() {
                alerts.consumed.push(breach);
            }
        }
        Ok(alerts)
    }
}

/// Every product table whose contract is broken now: the table, the contract's version and the
/// violations.
fn broken_contracts(index: &CatalogIndex, now: i64) -> Vec<(Table, String, Vec<meshdesk_protocol::Violation>)> {
    let mut out = Vec::new();
    for summary in index.products() {
        for table in index.tables_of(summary.database).iter().filter(|t| t.target.is_none()) {
            if let ContractCheck::Checked { contract, violations } = contract::check_table(table, now)
                && !violations.is_empty()
            {
                out.push((table.clone(), contract.version, violations.iter().map(convert::violation).collect()));
            }
        }
    }
    out
}

/// The identity's own products that link to or are built from the table, in words.
fn built_on_by(index: &CatalogIndex, actor: &Identity, table: &meshdesk_core::model::TableName) -> Vec<String> {
    let mut out = Vec::new();
    for c in consumers::consumers(index, &[], std::slice::from_ref(table), &[]) {
        let (Via::ResourceLink { link: t } | Via::Downstream { table: t, .. }) = &c.via else { continue };
        let owned =
            index.database(&t.account, &t.database).is_some_and(|d| is_owner(actor, &index.catalog().databases[d]));
        if owned {
            out.push(match &c.via {
                Via::ResourceLink { .. } => format!("your {} links to it as {t}", c.who),
                _ => format!("your {} builds {t} from it", c.who),
            });
        }
    }
    out
}

impl<B: Backend> Meshdesk<B> {
    /// Saves a table's contract (or removes it) as one audited change, if the current identity
    /// owns the product and the live table keeps the new contract.
    pub fn save_contract(&self, edit: &ContractEdit, now: i64) -> Result<ContractPlan, ApiError> {
        let actor = self.current_identity()?;
        let (view, plan) = self.core_contract_plan(edit, now)?;
        if !plan.allowed {
            return Err(ApiError::forbidden(format!("nothing was saved: {}", plan.problems.join("; "))));
        }
        if !plan.problems.is_empty() {
            return Err(ApiError::invalid_input(format!("nothing was saved: {}", plan.problems.join("; "))));
        }
        let Some(change) = &plan.change else {
            return Err(ApiError::invalid_input("nothing to save: the contract is as it was"));
        };
        let expected = self.table_of(&edit.table)?;
        let (before, after) = convert::audit_states(std::slice::from_ref(change));
        let event = AuditDraft {
            actor: actor.id.clone(),
            action: "contract.updated".to_owned(),
            target: edit.table.to_string(),
            request_id: None,
            before: Some(before),
            after: Some(after),
        };
        self.backend.update_table(&plan.after, &expected, &event, now).map_err(from_port)?;
        self.keep_cached(now)?;
        self.reload_catalog()?;
        Ok(view)
    }
}
