//! The people and the product the governance tests act on: `customer_profiles` from the core's
//! test mesh, owned by Dana, stewarded by Sam, with the demo approval policy; Omar asks for
//! access from the analytics account, Lee has no part in it.

use super::approval::ApprovalPolicy;
use super::decide::{decide, Action, DecideContext};
use super::model::{Identity, Permission, ShareRequest};
use super::preview::sensitivity_of;
use super::request::{new_request, RequestInput};
use super::transition::{Refusal, Transition};
use crate::fixture;
use crate::model::{params, Database, Table};

pub(crate) use crate::fixture::NOW;
pub(crate) const DAY: i64 = super::request::DAY;
pub(crate) const IDENT: &str = "100000000001";
pub(crate) const ANALYTICS: &str = "100000000003";
pub(crate) const OMAR_ROLE: &str = "arn:aws:iam::100000000003:role/Analysts";
pub(crate) const DEMO_POLICY: &str =
    r#"{"auto_approve_max":"internal","quorum_for_restricted":["owner","steward"],"max_duration_days":180}"#;

fn person(id: &str, account: &str) -> Identity {
    Identity {
        id: id.into(),
        name: id.into(),
        email: format!("{id}@telco.example"),
        account: account.into(),
        ..Identity::default()
    }
}

/// Owner of `customer_profiles`.
pub(crate) fn dana() -> Identity {
    person("dana", IDENT)
}

/// Steward named by `customer_profiles`.
pub(crate) fn sam() -> Identity {
    person("sam", IDENT)
}

/// A consumer in the analytics account, acting as its Analysts role.
pub(crate) fn omar() -> Identity {
    Identity { principals: vec![OMAR_ROLE.into()], ..person("omar", ANALYTICS) }
}

/// Neither owner nor steward.
pub(crate) fn lee() -> Identity {
    person("lee", ANALYTICS)
}

/// A product, its tables and its approval policy.
pub(crate) struct World {
    pub product: Database,
    pub tables: Vec<Table>,
    pub policy: ApprovalPolicy,
}

impl World {
    /// `customer_profiles` with the given `meshdesk:approval` (`None`: no policy set).
    pub(crate) fn with_policy(approval: Option<&str>) -> World {
        let catalog = fixture::mesh();
        let mut product =
            catalog.databases.iter().find(|d| d.name == "customer_profiles").cloned().unwrap_or_default();
        product.parameters.insert(params::STEWARD.into(), "sam@telco.example".into());
        if let Some(text) = approval {
            product.parameters.insert(params::APPROVAL.into(), text.into());
        }
        let tables = catalog.tables.into_iter().filter(|t| t.database == "customer_profiles").collect();
        let policy = ApprovalPolicy::of(&product).unwrap_or_else(|e| panic!("{e}"));
        World { product, tables, policy }
    }

    pub(crate) fn demo() -> World {
        World::with_policy(Some(DEMO_POLICY))
    }

    /// Omar's request `req-7` for the given `table.column`s of `customers` (all when empty).
    pub(crate) fn request(&self, columns: &[&str]) -> ShareRequest {
        self.request_by(&omar(), OMAR_ROLE, columns)
    }

    pub(crate) fn request_by(&self, requester: &Identity, principal: &str, columns: &[&str]) -> ShareRequest {
        let input = RequestInput {
            principal: principal.into(),
            tables: vec!["customers".into()],
            columns: columns.iter().map(|c| c.to_string()).collect(),
            row_filter: None,
            permissions: [Permission::Select].into(),
            duration_days: 90,
            justification: "Churn model features".into(),
        };
        new_request(input, requester, &self.product, &self.tables, &self.policy, NOW, "req-7".into())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub(crate) fn ctx<'a>(&'a self, request: &ShareRequest, original: Option<&'a ShareRequest>, now: i64) -> DecideContext<'a> {
        DecideContext {
            product: &self.product,
            product_tables: &self.tables,
            policy: &self.policy,
            highest_requested: sensitivity_of(request, &self.product, &self.tables),
            original,
            now,
        }
    }

    pub(crate) fn decide(&self, request: &ShareRequest, actor: &Identity, action: Action) -> Result<Transition, Refusal> {
        decide(request, actor, action, &self.ctx(request, None, NOW))
    }

    /// Decides and expects it to be allowed.
    pub(crate) fn apply(&self, request: &ShareRequest, actor: &Identity, action: Action) -> ShareRequest {
        self.decide(request, actor, action).unwrap_or_else(|r| panic!("{}", r.message)).request
    }

    /// The refusal's message, expecting a refusal.
    pub(crate) fn refusal(&self, request: &ShareRequest, actor: &Identity, action: Action) -> String {
        match self.decide(request, actor, action) {
            Ok(t) => panic!("expected a refusal, got {:?}", t.request.status),
            Err(r) => r.message,
        }
    }
}
