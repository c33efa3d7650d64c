//! The demo mesh tells the governance story the screens need: who owns what, requests in every
//! state, grants that mostly agree with them, the drifts the audit views find, and an audit log
//! that verifies.

use std::collections::{BTreeMap, BTreeSet};

use meshdesk_core::governance::audit::verify;
use meshdesk_core::governance::model::{ColumnSelection, Grant, RequestStatus, Resource};
use meshdesk_core::governance::ownership::{is_owner, is_steward};
use meshdesk_core::governance::principal::Principal;
use meshdesk_core::model::{Catalog, LfTag};
use meshdesk_core::ports::{AuditLog, Directory, PolicyStore, RequestStore};
use meshdesk_local::{DemoMesh, SyntheticConfig, demo_mesh, synthetic_mesh};

use crate::fixture::{NOW, demo_sandbox};

fn every_tag(catalog: &Catalog) -> Vec<(String, LfTag)> {
    let mut tags = Vec::new();
    for d in &catalog.databases {
        tags.extend(d.tags.iter().map(|t| (d.account.clone(), t.clone())));
    }
    for t in &catalog.tables {
        let columns = t.columns.iter().chain(&t.partition_keys).flat_map(|c| &c.tags);
        tags.extend(t.tags.iter().chain(columns).map(|tag| (t.account.to_string(), tag.clone())));
    }
    tags
}

#[test]
fn every_tag_in_the_demo_and_synthetic_meshes_is_an_allowed_value_of_its_key() {
    let synthetic = synthetic_mesh(
        &SyntheticConfig {
            accounts: 25,
            databases_per_account: 3,
            tables_per_database: 4,
            columns_per_table: 30,
            seed: 7,
        },
        NOW,
    );
    for mesh in [demo_mesh(NOW), synthetic] {
        let allowed: BTreeMap<(&str, &str), &Vec<String>> =
            mesh.catalog.tag_keys.iter().map(|k| ((k.account.as_str(), k.key.as_str()), &k.values)).collect();
        for account in &mesh.catalog.accounts {
            for key in ["sensitivity", "domain", "pii"] {
                assert!(allowed.contains_key(&(account.id.as_str(), key)), "{} defines {key}", account.id);
            }
            let domains = allowed.get(&(account.id.as_str(), "domain")).expect("domain is defined");
            assert!(mesh.catalog.accounts.iter().all(|a| domains.contains(&a.domain)), "every domain is a value");
        }
        let tags = every_tag(&mesh.catalog);
        assert!(tags.iter().any(|(_, t)| t.key == "pii"), "some columns are tagged pii");
        for (account, tag) in tags {
            let values = allowed.get(&(account.as_str(), tag.key.as_str()));
            assert!(values.is_some_and(|v| v.iter().any(|value| *value == tag.value)), "{account}: {}={} is allowed", tag.key, tag.value);
        }
    }
}

#[test]
fn dana_owns_identity_raj_billing_omar_analytics_lee_stewards_and_mia_owns_nothing() {
    let mesh = demo_mesh(NOW);
    let persona = |id: &str| mesh.personas.iter().find(|p| p.identity.id == id).expect("persona").identity.clone();
    let products: Vec<_> = mesh.catalog.databases.iter().filter(|d| d.is_product()).collect();
    let domain_of =
        |account: &str| mesh.catalog.accounts.iter().find(|a| a.id == account).expect("account").domain.clone();
    for (who, domain) in [("dana", "identity"), ("raj", "billing"), ("omar", "analytics")] {
        let identity = persona(who);
        let owned: BTreeSet<String> =
            products.iter().filter(|p| is_owner(&identity, p)).map(|p| domain_of(&p.account)).collect();
        assert_eq!(owned, BTreeSet::from([domain.to_owned()]), "{who} owns only {domain} products");
        let all = products.iter().filter(|p| domain_of(&p.account) == domain).all(|p| is_owner(&identity, p));
        assert!(all, "{who} owns every {domain} product");
    }
    let mia = persona("mia");
    assert!(products.iter().all(|p| !is_owner(&mia, p) && !is_steward(&mia, p)), "mia owns and stewards nothing");
    assert_eq!(mia.account, "402183775007");
    assert!(mia.principals.contains(&"arn:aws:iam::402183775007:role/marketing-analysts".to_owned()));
    let lee = persona("lee");
    assert!(lee.steward && products.iter().all(|p| is_steward(&lee, p)));
    let stewards: Vec<&str> =
        mesh.personas.iter().filter(|p| p.identity.steward).map(|p| p.identity.id.as_str()).collect();
    assert_eq!(stewards, ["lee"]);

    // Some ownership goes through a role, some through a group: both forms are exercised.
    let through = |entry: &str| products.iter().any(|p| p.owners().iter().any(|o| o.starts_with(entry)));
    assert!(through("arn:aws:iam::") && through("arn:aws:identitystore:::group/"));
}

#[test]
fn the_directory_knows_the_personas_with_their_groups_and_roles() {
    let (_dir, store) = demo_sandbox();
    let personas = store.personas().expect("personas");
    let ids: Vec<&str> = personas.iter().map(|p| p.identity.id.as_str()).collect();
    assert_eq!(ids, ["dana", "lee", "mia", "omar", "raj"]);
    let identities = store.identities().expect("identities");
    assert_eq!(identities, personas.iter().map(|p| p.identity.clone()).collect::<Vec<_>>());
    let mia = &personas[2];
    assert_eq!(mia.role, "consumer, marketing analyst");
    let memberships = store.memberships().expect("memberships");
    for persona in &personas {
        assert_eq!(persona.identity.groups.len(), 1, "{} is in one group", persona.identity.id);
        let user = persona.identity.principals.iter().find(|p| p.contains(":user/")).expect("an Identity Center user");
        assert!(memberships.contains(&(user.clone(), persona.identity.groups[0].clone())));
    }
    assert!(memberships.len() > personas.len(), "colleagues who are not personas are members too");
}

fn ids_with(mesh: &DemoMesh, status: RequestStatus) -> Vec<&str> {
    mesh.requests.iter().filter(|r| r.status == status).map(|r| r.id.as_str()).collect()
}

fn grant<'m>(mesh: &'m DemoMesh, id: &str) -> Option<&'m Grant> {
    mesh.grants.iter().find(|g| g.id == id)
}

#[test]
fn the_demo_requests_are_in_every_state_with_the_drifts_the_audit_views_find() {
    let mesh = demo_mesh(NOW);
    use RequestStatus::*;
    assert_eq!(ids_with(&mesh, Pending), ["req-0015", "req-0016"]);
    assert_eq!(ids_with(&mesh, Approved), ["req-0017"]);
    assert_eq!(ids_with(&mesh, Rejected), ["req-0018"]);
    assert_eq!(ids_with(&mesh, Withdrawn), ["req-0019"]);
    assert_eq!(ids_with(&mesh, Revoked), ["req-0020"]);
    assert_eq!(ids_with(&mesh, Expired), ["req-0021"]);
    assert_eq!(ids_with(&mesh, Provisioned).len(), 16);

    // Provisioned grants are named after their request and table; owners' are `policy:…`.
    let provisioned = mesh.requests.iter().filter(|r| r.status == Provisioned);
    let explained: BTreeSet<&str> = provisioned.flat_map(|r| r.grant_ids.iter().map(String::as_str)).collect();
    for id in &explained {
        let (request, table) = id.split_once('/').expect("<request id>/<table>");
        let request = mesh.requests.iter().find(|r| r.id == request).expect("the request");
        assert!(request.tables.iter().any(|t| t == table), "{id}");
    }
    let unexplained: Vec<&str> = mesh
        .grants
        .iter()
        .map(|g| g.id.as_str())
        .filter(|id| !explained.contains(id) && !id.starts_with("policy:"))
        .collect();
    assert_eq!(unexplained, ["lf-manual-0015", "lf-manual-0016"], "grants no request or policy explains");

    let option = grant(&mesh, "lf-manual-0015").expect("the grant with grant option");
    let principal_account = Principal::parse(&option.principal).expect("a principal").account().map(str::to_owned);
    assert_ne!(principal_account.as_deref(), Some(option.resource.account()), "it crosses accounts");
    assert!(!option.grantable.is_empty(), "with grant option");

    let request = |id: &str| mesh.requests.iter().find(|r| r.id == id).expect("the request");
    let overdue = request("req-0011");
    assert!(overdue.status == Provisioned && overdue.expires_at.is_some_and(|end| end < NOW), "past its end");
    assert!(overdue.grant_ids.iter().all(|id| grant(&mesh, id).is_some()), "still granted");
    let lost = request("req-0023");
    assert_eq!(lost.grant_ids, ["req-0023/cell_kpis_hourly"]);
    assert!(grant(&mesh, "req-0023/cell_kpis_hourly").is_none(), "its grant is gone");
    let failed = request("req-0017");
    assert!(failed.last_error.is_some() && failed.grant_ids.is_empty());
    assert!(mesh.grants.iter().all(|g| !g.id.starts_with("req-0017/")), "no grant was made");
    for ended in ["req-0020", "req-0021"] {
        assert!(mesh.grants.iter().all(|g| !g.id.starts_with(&format!("{ended}/"))), "{ended}'s grants are revoked");
    }
    let quorum = request("req-0001");
    assert_eq!(quorum.decisions.len(), 2, "an owner and a steward approved");
}

#[test]
fn the_demo_grants_cover_every_kind_of_resource_and_each_exists_in_the_catalog() {
    let mesh = demo_mesh(NOW);
    let catalog = &mesh.catalog;
    let table = |account: &str, database: &str, name: &str| {
        catalog.tables.iter().find(|t| t.account == account && t.database == database && t.name == name)
    };
    let mut kinds = BTreeSet::new();
    for g in &mesh.grants {
        let columns = |selection: &ColumnSelection, account: &str, database: &str, name: &str| {
            let t = table(account, database, name).unwrap_or_else(|| panic!("{}: the table exists", g.id));
            let known = |c: &String| t.columns.iter().chain(&t.partition_keys).any(|k| &k.name == c);
            match selection {
                ColumnSelection::All => "all",
                ColumnSelection::Only(names) => {
                    assert!(names.iter().all(known), "{}: its columns exist", g.id);
                    "only"
                }
                ColumnSelection::AllExcept(names) => {
                    assert!(names.iter().all(known), "{}: its columns exist", g.id);
                    "all_except"
                }
            }
        };
        let kind = match &g.resource {
            Resource::Database { account, database } => {
                assert!(catalog.databases.iter().any(|d| &d.account == account && &d.name == database), "{}", g.id);
                "database".to_owned()
            }
            Resource::Table { table: None, .. } => "every table".to_owned(),
            Resource::Table { account, database, table: Some(name), columns: selection } => {
                format!("table, {} columns", columns(selection, account, database, name))
            }
            Resource::DataCellsFilter { account, database, table: name, columns: selection, .. } => {
                columns(selection, account, database, name);
                "data cells filter".to_owned()
            }
            Resource::TagPolicy { account, expression } => {
                for clause in &expression.clauses {
                    let key = catalog.tag_keys.iter().find(|k| &k.account == account && k.key == clause.key);
                    assert!(key.is_some_and(|k| clause.values.iter().all(|v| k.values.contains(v))), "{}", g.id);
                }
                "tag policy".to_owned()
            }
        };
        kinds.insert(kind);
    }
    let expected = [
        "data cells filter",
        "database",
        "every table",
        "table, all columns",
        "table, all_except columns",
        "table, only columns",
        "tag policy",
    ];
    assert_eq!(kinds, expected.into_iter().map(String::from).collect());
}

#[test]
fn the_seeded_audit_log_verifies_and_holds_one_event_per_request_version() {
    let mesh = demo_mesh(NOW);
    let (_dir, store) = demo_sandbox();
    let events = store.events().expect("events");
    assert_eq!(events, mesh.audit);
    assert_eq!(verify(&events), Ok(events.len()));
    assert!(events.windows(2).all(|pair| pair[0].at <= pair[1].at), "in time order");
    assert!(events.iter().all(|e| e.at <= NOW));
    for request in store.requests().expect("requests") {
        let versions = events
            .iter()
            .filter(|e| e.request_id.as_deref() == Some(&request.id) && e.action.starts_with("request."))
            .count();
        assert_eq!(versions as u64, request.version, "{}: one event per committed version", request.id);
    }
    let policy = events.iter().filter(|e| e.action == "policy.applied").count();
    assert!(policy >= 3, "owners' own grants are audited");
    assert!(store.grants().expect("grants").len() >= 20);
}

#[test]
fn a_synthetic_mesh_has_requests_grants_and_a_verifying_audit_log() {
    let cfg = SyntheticConfig {
        accounts: 4,
        databases_per_account: 2,
        tables_per_database: 2,
        columns_per_table: 3,
        seed: 1,
    };
    let mesh = synthetic_mesh(&cfg, NOW);
    assert_eq!((mesh.requests.len(), mesh.grants.len()), (8, 4));
    assert_eq!(verify(&mesh.audit), Ok(4 * 4 + 4));
    let stewards = mesh.personas.iter().filter(|p| p.identity.steward).count();
    assert_eq!(stewards, 1);
    let (_dir, store) = crate::fixture::sandbox_with(&mesh);
    assert_eq!(store.grants().expect("grants"), mesh.grants);
    assert_eq!(store.requests().expect("requests"), mesh.requests);
}

#[test]
fn synthetic_grants_come_in_every_shape_to_every_kind_of_principal_and_store_exactly() {
    use meshdesk_core::governance::model::{ColumnSelection, Resource};
    let cfg = SyntheticConfig { accounts: 3, databases_per_account: 2, tables_per_database: 5, columns_per_table: 6, seed: 2 };
    let mut mesh = synthetic_mesh(&cfg, NOW);
    let grants = meshdesk_local::synthetic_grants(&mesh.catalog, 2000, 2);
    assert_eq!(grants, meshdesk_local::synthetic_grants(&mesh.catalog, 2000, 2), "reproducible");
    let shape = |g: &&meshdesk_core::governance::model::Grant| match &g.resource {
        Resource::Database { .. } => "database",
        Resource::Table { table: None, .. } => "wildcard",
        Resource::Table { columns: ColumnSelection::All, .. } => "table",
        Resource::Table { columns: ColumnSelection::Only(_), .. } => "columns",
        Resource::Table { columns: ColumnSelection::AllExcept(_), .. } => "all-but",
        Resource::DataCellsFilter { .. } => "filter",
        Resource::TagPolicy { .. } => "tag-policy",
    };
    let shapes: std::collections::BTreeSet<&str> = grants.iter().map(|g| shape(&g)).collect();
    assert_eq!(shapes.len(), 7, "{shapes:?}");
    for kind in [":role/consumer", ":role/analyst", ":user/", ":group/"] {
        assert!(grants.iter().any(|g| g.principal.contains(kind)), "{kind}");
    }
    assert!(grants.iter().any(|g| g.principal.len() == 12), "whole accounts");
    mesh.grants.extend(grants);
    let (_dir, store) = crate::fixture::sandbox_with(&mesh);
    assert_eq!(store.grants().expect("grants").len(), mesh.grants.len());
}
