//! Discovery: the crawl reads every account with its own credentials — products, columns,
//! sensitivity down to columns, lineage through links and `meshdesk:upstream` — caches it for
//! the next start, and one broken account leaves the others readable.

use std::sync::{Arc, Mutex};

use meshdesk_api::{AccountOutcome, AccountProgress, AwsConfig, AwsErrorKind, Meshdesk, Stage};
use meshdesk_core::model::{LfTag, Table};
use meshdesk_core::ports::CatalogSource;
use meshdesk_protocol::{EdgeKind, ErrorCode, LineageQuery, ProductRef, Sensitivity, TableRef, TagSource};

use crate::fixture::{BILLING, DANA, IDENTITY, NOW, Person, TestMesh, VOICE, account, hub_profile, person_profile};

pub fn the_crawl_finds_products_columns_sensitivity_and_lineage() {
    let mesh = TestMesh::seeded();
    let progress: Arc<Mutex<Vec<AccountProgress>>> = Arc::default();
    let seen = Arc::clone(&progress);
    let meshdesk = Meshdesk::open_aws_with_progress(
        &mesh.config(Person::Mia),
        Arc::new(move |p| seen.lock().expect("lock").push(p)),
        NOW,
    )
    .expect("the mesh opens");

    let info = meshdesk.mesh_info();
    assert_eq!(info.name, format!("Telco mesh {}", mesh.slot));
    assert_eq!((info.accounts.len(), info.product_count, info.table_count), (3, 3, 5), "{info:#?}");
    let me = info.identity.expect("signed in");
    assert_eq!((me.name.as_str(), me.email.as_str()), ("mia@telco.example", "mia@telco.example"));
    assert!(me.principals.contains(&format!("arn:aws:iam::{}:role/Analyst", mesh.account(0))), "{:?}", me.principals);

    let finished: Vec<String> =
        progress.lock().expect("lock").iter().filter(|p| p.stage == Stage::Done).map(|p| p.profile.clone()).collect();
    assert_eq!(finished.len(), 3, "each account reports that it is done: {finished:?}");

    let product =
        meshdesk.product(&ProductRef::new(mesh.account(IDENTITY), "customer_profiles"), NOW).expect("the product");
    assert_eq!(product.owners, [DANA, "omar@telco.example"]);
    assert_eq!(product.description, "Who our customers are");
    let customers = product.tables.iter().find(|t| t.table.table == "customers").expect("customers");
    let column = |name: &str| customers.columns.iter().find(|c| c.name == name).expect("the column");
    assert_eq!(column("email").comment, "primary email");
    assert_eq!(
        column("email").sensitivity.map(|s| (s.value, s.source)),
        Some((Sensitivity::Restricted, TagSource::Column))
    );
    assert_eq!(
        column("id").sensitivity.map(|s| (s.value, s.source)),
        Some((Sensitivity::Internal, TagSource::Database))
    );
    assert_eq!(column("country").sensitivity.map(|s| s.value), Some(Sensitivity::Public));
    assert!(column("dt").partition_key);
    assert!(column("email").tags.iter().any(|t| t.key == "pii" && t.value == "true"), "other column tags are read too");
    assert_eq!(customers.location.as_deref(), Some("s3://identity-lake/customers/"));

    let link = TableRef::new(mesh.account(VOICE), "customer_links", "customers");
    let graph = meshdesk.lineage(&LineageQuery { table: link.clone(), upstream: 2, downstream: 0 }).expect("lineage");
    let index = |t: &TableRef| graph.nodes.iter().find(|n| n.table == *t).expect("a node").id;
    let source = TableRef::new(mesh.account(IDENTITY), "customer_profiles", "customers");
    let edge = graph
        .edges
        .iter()
        .find(|e| e.from == index(&source) && e.to == index(&link))
        .expect("the resource link is an edge");
    assert!(edge.cross_account && edge.kind == EdgeKind::ResourceLink, "{edge:?}");

    let lines = TableRef::new(mesh.account(BILLING), "invoices", "invoice_lines");
    let graph = meshdesk.lineage(&LineageQuery { table: lines.clone(), upstream: 1, downstream: 0 }).expect("lineage");
    assert!(graph.nodes.iter().any(|n| n.table == source), "meshdesk:upstream is an edge too");

    let statuses = meshdesk.account_statuses();
    assert!(statuses.iter().all(|s| matches!(s.outcome, AccountOutcome::Loaded { .. })), "{statuses:#?}");
    let settings = meshdesk.backend().lake_settings();
    assert!(
        settings.values().all(|s| s.iam_allowed_principals_by_default),
        "a new account still lets IAM through: {settings:?}"
    );
}

pub fn the_catalog_holds_what_the_domain_teams_wrote() {
    let mesh = TestMesh::seeded();
    let meshdesk = mesh.open(Person::Dana);
    let catalog = meshdesk.backend().load_catalog().expect("the catalog");
    let identity = mesh.account(IDENTITY);

    let db = catalog
        .databases
        .iter()
        .find(|d| d.account == identity && d.name == "customer_profiles")
        .expect("the database");
    assert!(db.is_product());
    assert_eq!(db.description, "Customer master data");
    let mut tags = db.tags.clone();
    tags.sort();
    assert_eq!(tags, [LfTag::new("domain", "identity"), LfTag::new("sensitivity", "internal")]);

    let table: &Table =
        catalog.tables.iter().find(|t| t.account == identity && t.name == "customers").expect("the table");
    let columns: Vec<(&str, &str, &str)> =
        table.columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str(), c.comment.as_str())).collect();
    assert_eq!(
        columns,
        [
            ("id", "bigint", "customer id"),
            ("email", "string", "primary email"),
            ("segment", "string", ""),
            ("country", "string", "ISO 3166 code")
        ]
    );
    assert_eq!(table.partition_keys.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["dt"]);
    assert_eq!(table.table_type.as_deref(), Some("EXTERNAL_TABLE"));
    assert_eq!(table.serde_library.as_deref(), Some("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"));
    assert_eq!(table.parameters.get("classification").map(String::as_str), Some("parquet"));
    let mut email = table.columns[1].tags.clone();
    email.sort();
    assert_eq!(email, [LfTag::new("pii", "true"), LfTag::new("sensitivity", "restricted")]);
    assert!(table.tags.is_empty(), "the table itself carries no tag");

    let link = catalog.tables.iter().find(|t| t.database == "customer_links").expect("the link");
    assert_eq!(link.target.as_ref().map(ToString::to_string), Some(format!("{identity}:customer_profiles.customers")));
    let keys: Vec<&str> = catalog.tag_keys.iter().filter(|k| k.account == identity).map(|k| k.key.as_str()).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(
        catalog
            .tag_keys
            .iter()
            .any(|k| k.key == "sensitivity" && k.values == ["public", "internal", "confidential", "restricted"])
    );
}

pub fn the_next_start_shows_the_cached_catalog_until_a_refresh() {
    let mesh = TestMesh::seeded();
    drop(mesh.open(Person::Dana));
    let admin = mesh.clients(IDENTITY);
    mesh.block_on(admin.glue.delete_table().database_name("customer_profiles").name("addresses").send())
        .expect("DeleteTable");

    let meshdesk = mesh.open(Person::Dana);
    let has_addresses = |m: &Meshdesk<meshdesk_api::AwsMesh>| {
        m.backend().load_catalog().expect("catalog").tables.iter().any(|t| t.name == "addresses")
    };
    assert!(has_addresses(&meshdesk), "the second start shows the cache without crawling");
    assert!(meshdesk.account_statuses().iter().all(|s| s.outcome == AccountOutcome::Cached));

    let statuses = meshdesk.refresh_aws(Arc::new(|_| {}), NOW + 60).expect("refreshed");
    assert!(statuses.iter().all(|s| matches!(s.outcome, AccountOutcome::Loaded { .. })));
    assert!(!has_addresses(&meshdesk), "a refresh reads AWS again");
    assert_eq!(meshdesk.mesh_info().table_count, 4);
    drop(meshdesk);
    assert!(!has_addresses(&mesh.open(Person::Dana)), "and the cache keeps what the refresh read");
}

pub fn an_account_with_a_broken_profile_is_marked_failed_while_the_others_load() {
    let mesh = TestMesh::seeded();
    let extra = "\n[[account]]\nprofile = \"broken\"\nname = \"lost-prod\"\ndomain = \"lost\"\n";
    std::fs::write(mesh.mesh_file(Person::Dana), mesh.mesh_text(Person::Dana, extra)).expect("the mesh file");
    let meshdesk = mesh.open(Person::Dana);

    let statuses = meshdesk.account_statuses();
    assert_eq!(statuses.len(), 4);
    let lost = statuses.iter().find(|s| s.profile == "broken").expect("the broken account is listed");
    let AccountOutcome::Failed { kind, message, cached } = &lost.outcome else { panic!("not failed: {lost:?}") };
    assert_eq!((*kind, *cached, lost.account.as_deref()), (AwsErrorKind::Unavailable, false, None), "{message}");
    assert!(message.contains("broken"), "the message names the profile: {message}");
    let loaded = statuses.iter().filter(|s| matches!(s.outcome, AccountOutcome::Loaded { .. })).count();
    assert_eq!(loaded, 3, "{statuses:#?}");
    assert_eq!(meshdesk.mesh_info().product_count, 3);
}

pub fn two_profiles_reaching_one_account_are_refused_with_the_line() {
    let mesh = TestMesh::seeded();
    let extra = format!(
        "\n[[account]]\nprofile = \"{}\"\ndomain = \"x\"\n\n[[account]]\nprofile = \"{}\"\ndomain = \"y\"\n",
        hub_profile(mesh.slot, Person::Mia),
        hub_profile(mesh.slot, Person::Omar)
    );
    std::fs::write(mesh.mesh_file(Person::Dana), mesh.mesh_text(Person::Dana, &extra)).expect("the mesh file");
    let error = Meshdesk::open_aws(&mesh.config(Person::Dana), NOW).expect_err("refused");
    assert_eq!(error.code, ErrorCode::InvalidInput, "{}", error.message);
    assert!(
        error.message.contains(":25: profile") && error.message.contains(&account(mesh.slot, 0)),
        "{}",
        error.message
    );

    let typo = AwsConfig { mesh_file: mesh.dir.path().join("typo.toml"), data_dir: mesh.dir.path().join("data") };
    std::fs::write(
        &typo.mesh_file,
        mesh.mesh_text(Person::Dana, "").replace(&person_profile(mesh.slot, Person::Dana, BILLING), "billing-prd"),
    )
    .expect("written");
    let error = Meshdesk::open_aws(&typo, NOW).expect_err("unknown profile");
    assert!(error.message.contains("typo.toml:12: profile \"billing-prd\" is not in"), "{}", error.message);
}
