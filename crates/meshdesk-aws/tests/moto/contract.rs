//! The ports' contract (`meshdesk-contract`) on AWS: the suites the sandbox runs, here against
//! moto through `AwsMesh`. Each suite gets a slot of its own, seeded with the contract's catalog
//! through ordinary Glue and Lake Formation calls, as a domain team would make it.
//!
//! Where moto cannot do what AWS does, the harness declares the limitation and the suite prints
//! the check it skips with the reason (see `/work/shared/notes/moto.md`).

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_glue::types::{
    DatabaseIdentifier, DatabaseInput, SerDeInfo, StorageDescriptor, TableIdentifier, TableInput,
};
use meshdesk_aws::{AwsMesh, ConnectOptions, MeshFile};
use meshdesk_contract::{Harness, Limitation};
use meshdesk_core::model::{Account, Catalog, Column, LfTag, Table};

use crate::fixture::{Admin, BILLING, HUB, IDENTITY, Person, TestMesh, VOICE, hub_profile};
use crate::seed::{column, column_resource, database_resource, table_resource, tag};

/// One slot of moto accounts, seeded once with the catalog a suite asks for.
struct Moto {
    mesh: TestMesh,
}

impl Moto {
    fn new() -> Moto {
        let mesh = TestMesh::empty();
        meshdesk_api::setup_aws_hub(&mesh.mesh_file(Person::Dana)).expect("the hub is set up");
        Moto { mesh }
    }

    /// The slot's account number of account id `id`.
    fn k(&self, id: &str) -> u32 {
        [IDENTITY, VOICE, BILLING]
            .into_iter()
            .find(|k| self.mesh.account(*k) == id)
            .unwrap_or_else(|| panic!("{id} is not an account of slot {}", self.mesh.slot))
    }

    /// Connects as `person` from a desktop of their own and reads every account.
    fn connect(&self, person: Person) -> AwsMesh {
        let file = MeshFile::load(&self.mesh.mesh_file(person)).expect("the mesh file loads");
        let mesh = AwsMesh::connect(file, ConnectOptions::default()).expect("the mesh connects");
        mesh.refresh(Arc::new(|_| {})).expect("the accounts are read");
        mesh
    }

    fn seed(&self, catalog: &Catalog) {
        for account in &catalog.accounts {
            let admin = self.mesh.clients(self.k(&account.id));
            self.mesh.block_on(seed_account(&admin, catalog, &account.id));
        }
    }
}

fn glue_column(c: &Column) -> aws_sdk_glue::types::Column {
    column(&c.name, &c.data_type, &c.comment)
}

fn some(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn table_input(t: &Table) -> TableInput {
    let has_storage =
        t.location.is_some() || t.input_format.is_some() || t.serde_library.is_some() || !t.columns.is_empty();
    let storage = has_storage.then(|| {
        StorageDescriptor::builder()
            .set_location(t.location.clone())
            .set_input_format(t.input_format.as_deref().map(str::to_owned))
            .set_serde_info(t.serde_library.as_ref().map(|l| SerDeInfo::builder().serialization_library(l).build()))
            .set_columns(Some(t.columns.iter().map(glue_column).collect()))
            .build()
    });
    let target = t.target.as_ref().map(|to| {
        TableIdentifier::builder().catalog_id(&to.account).database_name(&to.database).name(&to.table).build()
    });
    TableInput::builder()
        .name(&t.name)
        .set_description(some(&t.description))
        .set_table_type(t.table_type.as_deref().map(str::to_owned))
        .set_parameters((!t.parameters.is_empty()).then(|| t.parameters.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<HashMap<_, _>>()))
        .set_storage_descriptor(storage)
        .set_partition_keys((!t.partition_keys.is_empty()).then(|| t.partition_keys.iter().map(glue_column).collect()))
        .set_target_table(target)
        .build()
        .expect("a table")
}

fn pairs(tags: &[LfTag]) -> Vec<(&str, &str)> {
    tags.iter().map(|t| (t.key.as_str(), t.value.as_str())).collect()
}

/// Makes `account`'s part of `catalog` with the calls its administrator would: tag keys,
/// databases (and links), tables (and links), then each resource's LF-tags in one call.
async fn seed_account(admin: &Admin, catalog: &Catalog, account: &str) {
    for key in catalog.tag_keys.iter().filter(|k| k.account == account) {
        let call = admin.lf.create_lf_tag().tag_key(&key.key).set_tag_values(Some(key.values.clone()));
        call.send().await.expect("CreateLFTag");
    }
    for d in catalog.databases.iter().filter(|d| d.account == account) {
        let target = d
            .target
            .as_ref()
            .map(|(to, name)| DatabaseIdentifier::builder().catalog_id(to).database_name(name).build());
        let input = DatabaseInput::builder()
            .name(&d.name)
            .set_description(some(&d.description))
            .set_parameters((!d.parameters.is_empty()).then(|| d.parameters.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()))
            .set_target_database(target)
            .build()
            .expect("a database");
        admin.glue.create_database().database_input(input).send().await.expect("CreateDatabase");
    }
    for t in catalog.tables.iter().filter(|t| t.account == account) {
        let call = admin.glue.create_table().database_name(&t.database).table_input(table_input(t));
        call.send().await.expect("CreateTable");
    }
    for d in catalog.databases.iter().filter(|d| d.account == account && !d.tags.is_empty()) {
        tag(admin, database_resource(&d.name), &pairs(&d.tags)).await;
    }
    for t in catalog.tables.iter().filter(|t| t.account == account) {
        if !t.tags.is_empty() {
            tag(admin, table_resource(&t.database, &t.name), &pairs(&t.tags)).await;
        }
        for c in t.columns.iter().chain(&t.partition_keys).filter(|c| !c.tags.is_empty()) {
            tag(admin, column_resource(&t.database, &t.name, &[&c.name]), &pairs(&c.tags)).await;
        }
    }
}

const PEOPLE: [Person; 3] = [Person::Dana, Person::Omar, Person::Mia];

impl Harness for Moto {
    type Store = AwsMesh;
    type Address = ();

    fn backend(&self) -> &str {
        "aws (moto)"
    }

    /// The slot's domain accounts as the mesh file names them: identity produces, voice consumes.
    fn accounts(&self) -> Vec<Account> {
        [(IDENTITY, "identity-prod", "identity"), (VOICE, "voice-prod", "voice"), (BILLING, "billing-prod", "billing")]
            .into_iter()
            .map(|(k, name, domain)| Account { id: self.mesh.account(k), name: name.into(), domain: domain.into() })
            .collect()
    }

    fn seeded(&self, catalog: &Catalog) -> AwsMesh {
        self.seed(catalog);
        self.connect(Person::Dana)
    }

    fn address(&self, _store: &AwsMesh) {}

    /// Dana, Omar and Mia each on their own desktop.
    fn open_again(&self, _address: &(), writer: usize) -> AwsMesh {
        self.connect(PEOPLE[writer % PEOPLE.len()])
    }

    fn reread(&self, store: &AwsMesh) {
        store.refresh(Arc::new(|_| {})).expect("the accounts are read again");
    }

    /// Someone with write access to the hub's audit table edits an item.
    fn tamper(&self, store: &AwsMesh, seq: u64) {
        let table = store.mesh_file().hub.tables.audit.clone();
        let profile = hub_profile(self.mesh.slot, Person::Dana);
        self.mesh.block_on(async {
            let config = meshdesk_aws::clients::sdk_config(&profile, None, meshdesk_aws::clients::https_client())
                .await
                .expect("the hub profile");
            aws_sdk_dynamodb::Client::new(&config)
                .update_item()
                .table_name(table)
                .key("pk", AttributeValue::S("chain".into()))
                .key("sk", AttributeValue::N(seq.to_string()))
                .update_expression("SET actor = :who")
                .expression_attribute_values(":who", AttributeValue::S("mallory".into()))
                .send()
                .await
                .expect("UpdateItem behind the log's back");
        });
    }

    fn limitation(&self, limitation: Limitation) -> Option<String> {
        match limitation {
            Limitation::UpdateTimeSetByService => {
                Some("Glue stamps a table's UpdateTime itself, so a seeded time cannot be written".into())
            }
            Limitation::NoDataCellsFilters => Some("moto 5.2.5 has no CreateDataCellsFilter".into()),
            // Seen here: two racers both won one request, and (under load) two audit appends
            // both took one place in the chain. moto serves requests on threads without a lock:
            // two conditional puts on one key can both succeed, and a cancelled
            // TransactWriteItems restores a copy of the tables taken before it ran, erasing what
            // another request committed meanwhile; DynamoDB does neither. The races are judged on
            // the sandbox, and on the hub through a proxy that sends writes one at a time
            // (`race_hub.rs`).
            Limitation::RacingWritesNotIsolated => Some(
                "moto 5.2.5 does not isolate racing conditional writes (two puts conditioned on one key can both \
                 succeed) and rolls a cancelled TransactWriteItems back by restoring a copy of the whole table, \
                 erasing writes other threads committed meanwhile"
                    .into(),
            ),
            Limitation::TagAssignmentReplaces | Limitation::EventsCannotBeEdited => None,
        }
    }

    fn acting_principal(&self) -> String {
        format!("arn:aws:iam::{}:role/DataOwner", self.mesh.account(HUB))
    }
}

pub fn catalog_source_contract() {
    meshdesk_contract::catalog::run(&Moto::new());
}

pub fn request_store_contract() {
    meshdesk_contract::requests::run(&Moto::new());
}

pub fn audit_log_contract() {
    meshdesk_contract::audit::run(&Moto::new());
}

pub fn policy_store_contract() {
    meshdesk_contract::policy::run(&Moto::new());
}

pub fn product_store_contract() {
    meshdesk_contract::product::run(&Moto::new());
}
