//! A small mesh to test the ports on, and the sandboxes the tests open.

use meshdesk_contract::fixture::tag_keys;
use meshdesk_core::governance::audit::seal;
use meshdesk_core::governance::model::{
    AuditDraft, ColumnSelection, Grant, Identity, Permission, Resource, ShareRequest, TagClause, TagExpression,
};
use meshdesk_core::model::{Account, Catalog, Column, Database, LfTag, Parameters, Table, params};
use meshdesk_local::{DemoMesh, Persona, SandboxStore};

pub const NOW: i64 = 1_790_000_000;
pub const SALES: &str = "111111111111";
pub const RETAIL: &str = "222222222222";
pub const OWNER_ROLE: &str = "arn:aws:iam::111111111111:role/sales-owners";
pub const BUYER_ROLE: &str = "arn:aws:iam::222222222222:role/buyers";
pub const BUYER_USER: &str = "arn:aws:identitystore:::user/0b1c2d3e-0000-4000-8000-000000000001";
pub const BUYERS_GROUP: &str = "arn:aws:identitystore:::group/0b1c2d3e-0000-4000-8000-000000000002";

pub fn sandbox_with(mesh: &DemoMesh) -> (tempfile::TempDir, SandboxStore) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SandboxStore::create_with(dir.path(), mesh).expect("the store is created");
    (dir, store)
}

pub fn demo_sandbox() -> (tempfile::TempDir, SandboxStore) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SandboxStore::open(dir.path(), NOW).expect("the demo sandbox opens");
    (dir, store)
}

fn column(name: &str, tags: &[(&str, &str)]) -> Column {
    meshdesk_contract::fixture::column(name, "string", "", tags)
}

/// Two accounts; `sales` publishes `orders` (tables `lines` and `refunds`), owned by the
/// sales-owners role; `retail` is a consumer.
pub fn catalog() -> Catalog {
    let product = Database {
        account: SALES.into(),
        name: "orders".into(),
        description: "Orders".into(),
        parameters: Parameters::from([
            (params::PRODUCT.to_owned(), "true".to_owned()),
            (params::OWNER.to_owned(), OWNER_ROLE.to_owned()),
        ]),
        target: None,
        tags: [LfTag::new("sensitivity", "internal"), LfTag::new("domain", "sales")].into(),
    };
    let table = |name: &str, columns: Vec<Column>| Table {
        account: SALES.into(),
        database: "orders".into(),
        name: name.into(),
        columns,
        partition_keys: vec![column("dt", &[])],
        ..Table::default()
    };
    Catalog {
        accounts: vec![
            Account { id: SALES.into(), name: "sales-prod".into(), domain: "sales".into() },
            Account { id: RETAIL.into(), name: "retail-prod".into(), domain: "retail".into() },
        ],
        tag_keys: [tag_keys(SALES), tag_keys(RETAIL)].concat(),
        databases: vec![product],
        tables: vec![
            table(
                "lines",
                vec![
                    column("id", &[]),
                    column("amount", &[("sensitivity", "confidential")]),
                    column("email", &[("sensitivity", "restricted"), ("pii", "true")]),
                ],
            ),
            table("refunds", vec![column("id", &[]), column("reason", &[])]),
        ],
    }
}

pub fn personas() -> Vec<Persona> {
    vec![
        Persona {
            identity: Identity {
                id: "buyer".into(),
                name: "Bea Buyer".into(),
                email: "bea@retail.example".into(),
                account: RETAIL.into(),
                principals: vec![BUYER_ROLE.into(), BUYER_USER.into()],
                groups: vec![BUYERS_GROUP.into()],
                group_names: Vec::new(),
                steward: false,
            },
            role: "consumer".into(),
        },
        Persona {
            identity: Identity {
                id: "owner".into(),
                name: "Otto Owner".into(),
                email: "otto@sales.example".into(),
                account: SALES.into(),
                principals: vec![OWNER_ROLE.into()],
                groups: Vec::new(),
                group_names: Vec::new(),
                steward: false,
            },
            role: "owner of orders".into(),
        },
    ]
}

pub fn permissions(list: &[Permission]) -> std::collections::BTreeSet<Permission> {
    list.iter().copied().collect()
}

/// A grant of SELECT on `sales:orders.<table>` (all columns) to the retail account.
pub fn table_grant(id: &str, table: &str) -> Grant {
    Grant {
        id: id.into(),
        principal: RETAIL.into(),
        resource: Resource::Table {
            account: SALES.into(),
            database: "orders".into(),
            table: Some(table.into()),
            columns: ColumnSelection::All,
        },
        permissions: permissions(&[Permission::Select]),
        grantable: permissions(&[]),
    }
}

/// One grant of every kind of resource Lake Formation has, with text that needs care.
pub fn grants() -> Vec<Grant> {
    use Permission::{All, Describe, Select};
    let orders = || (SALES.to_owned(), "orders".to_owned());
    let (account, database) = orders();
    vec![
        Grant {
            id: "g-database".into(),
            principal: OWNER_ROLE.into(),
            resource: Resource::Database { account, database },
            permissions: permissions(&[All]),
            grantable: permissions(&[All]),
        },
        Grant {
            id: "g-filter".into(),
            principal: BUYERS_GROUP.into(),
            resource: Resource::DataCellsFilter {
                account: SALES.into(),
                database: "orders".into(),
                table: "lines".into(),
                name: "meshdesk-req-1".into(),
                row_filter: Some("region = 'EU' AND note = 'it''s \"quoted\"'".into()),
                columns: ColumnSelection::Only(vec!["id".into(), "amount".into()]),
            },
            permissions: permissions(&[Select]),
            grantable: permissions(&[]),
        },
        Grant {
            id: "g-all-rows-filter".into(),
            principal: BUYER_USER.into(),
            resource: Resource::DataCellsFilter {
                account: SALES.into(),
                database: "orders".into(),
                table: "lines".into(),
                name: "all rows".into(),
                row_filter: None,
                columns: ColumnSelection::AllExcept(vec!["email".into()]),
            },
            permissions: permissions(&[Select, Describe]),
            grantable: permissions(&[]),
        },
        Grant {
            id: "g-tag-policy".into(),
            principal: BUYER_ROLE.into(),
            resource: Resource::TagPolicy {
                account: SALES.into(),
                expression: TagExpression {
                    clauses: vec![
                        TagClause { key: "sensitivity".into(), values: vec!["public".into(), "internal".into()] },
                        TagClause { key: "domain".into(), values: vec!["sales".into()] },
                    ],
                },
            },
            permissions: permissions(&[Describe, Select]),
            grantable: permissions(&[]),
        },
        Grant {
            id: "g-wildcard".into(),
            principal: OWNER_ROLE.into(),
            resource: Resource::Table {
                account: SALES.into(),
                database: "orders".into(),
                table: None,
                columns: ColumnSelection::All,
            },
            permissions: permissions(&[Select]),
            grantable: permissions(&[Select]),
        },
        Grant {
            id: "req-1/lines".into(),
            principal: RETAIL.into(),
            resource: Resource::Table {
                account: SALES.into(),
                database: "orders".into(),
                table: Some("lines".into()),
                columns: ColumnSelection::Only(vec!["id".into(), "dt".into()]),
            },
            permissions: permissions(&[Select, Describe]),
            grantable: permissions(&[]),
        },
    ]
}

/// A pending request by the buyer for the `lines` table, version 1 (the contract's).
pub fn pending(id: &str) -> ShareRequest {
    meshdesk_contract::fixture::pending(&catalog().accounts, id, "buyer")
}

pub fn draft(action: &str, request_id: &str) -> AuditDraft {
    AuditDraft {
        actor: "owner".into(),
        action: action.into(),
        target: request_id.into(),
        request_id: Some(request_id.into()),
        before: None,
        after: None,
    }
}

/// The small mesh with its grants, the given requests and one audit event per request.
pub fn mesh(requests: Vec<ShareRequest>) -> DemoMesh {
    let mut audit = Vec::new();
    for request in &requests {
        let event = seal(audit.last(), &draft("request.created", &request.id), request.created_at);
        audit.push(event);
    }
    DemoMesh {
        catalog: catalog(),
        personas: personas(),
        memberships: vec![("arn:aws:identitystore:::user/someone-else".into(), BUYERS_GROUP.into())],
        grants: grants(),
        requests,
        audit,
        table_versions: Vec::new(),
        lake_formation_bypass: Vec::new(),
    }
}
