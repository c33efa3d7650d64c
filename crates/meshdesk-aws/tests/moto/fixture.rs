//! A test's own mesh on the shared emulator: a slot of accounts (a hub and three domain
//! accounts) that no other test touches, the AWS profiles of the people who use it, their mesh
//! files, and SDK clients to seed and inspect the accounts as an administrator would.

use std::path::PathBuf;

use meshdesk_api::{AwsConfig, AwsMesh, Meshdesk};

pub const REGION: &str = "eu-west-1";
/// How many tests may hold a mesh of their own at once.
pub const SLOTS: u32 = 64;
pub const NOW: i64 = 1_790_000_000;

/// Account numbers within a slot.
pub const HUB: u32 = 0;
pub const IDENTITY: u32 = 1;
pub const BILLING: u32 = 2;
/// The voice domain, which also consumes the identity domain's customers.
pub const VOICE: u32 = 3;

pub const DANA: &str = "dana@telco.example";
pub const OMAR: &str = "omar@telco.example";
pub const MIA: &str = "mia@telco.example";

/// The twelve-digit id of account `k` of `slot`.
pub fn account(slot: u32, k: u32) -> String {
    format!("1{slot:02}{k:09}")
}

pub struct ProfileSpec {
    pub name: String,
    pub account: u32,
    pub role: &'static str,
    pub session: &'static str,
}

/// The people of the tests, each signed in to the hub through their own role session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    /// Owns the identity domain's customer profiles.
    Dana,
    /// Owns them too.
    Omar,
    /// An analyst in the voice domain, who asks for access.
    Mia,
}

impl Person {
    pub fn key(self) -> &'static str {
        match self {
            Person::Dana => "dana",
            Person::Omar => "omar",
            Person::Mia => "mia",
        }
    }

    /// The role the person signs in to every account with.
    pub fn role(self) -> &'static str {
        match self {
            Person::Dana | Person::Omar => "DataOwner",
            Person::Mia => "Analyst",
        }
    }

    pub fn email(self) -> &'static str {
        match self {
            Person::Dana => DANA,
            Person::Omar => OMAR,
            Person::Mia => MIA,
        }
    }
}

const PEOPLE: [Person; 3] = [Person::Dana, Person::Omar, Person::Mia];

pub fn hub_profile(slot: u32, person: Person) -> String {
    format!("s{slot:02}-hub-{}", person.key())
}

fn domain_name(k: u32) -> &'static str {
    match k {
        IDENTITY => "identity",
        BILLING => "billing",
        _ => "voice",
    }
}

/// The profile the platform team's administrator uses in the hub account (to seed its Identity
/// Center identity store).
pub fn hub_admin_profile(slot: u32) -> String {
    format!("s{slot:02}-hub-admin")
}

/// The profile a domain team's administrator uses (to seed and inspect the account).
pub fn domain_profile(slot: u32, k: u32) -> String {
    format!("s{slot:02}-{}", domain_name(k))
}

/// The profile `person` reaches domain account `k` with.
pub fn person_profile(slot: u32, person: Person, k: u32) -> String {
    format!("s{slot:02}-{}-{}", person.key(), domain_name(k))
}

pub fn profiles(slot: u32) -> Vec<ProfileSpec> {
    let mut all =
        vec![ProfileSpec { name: hub_admin_profile(slot), account: HUB, role: "meshdesk", session: "meshdesk" }];
    for k in [IDENTITY, BILLING, VOICE] {
        all.push(ProfileSpec { name: domain_profile(slot, k), account: k, role: "meshdesk", session: "meshdesk" });
    }
    for person in PEOPLE {
        all.push(ProfileSpec {
            name: hub_profile(slot, person),
            account: HUB,
            role: person.role(),
            session: person.email(),
        });
        for k in [IDENTITY, BILLING, VOICE] {
            all.push(ProfileSpec {
                name: person_profile(slot, person, k),
                account: k,
                role: person.role(),
                session: person.email(),
            });
        }
    }
    all
}

/// A mesh of one slot's accounts, seeded.
pub struct TestMesh {
    pub slot: u32,
    pub dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

/// Slots handed out so far in this process.
static NEXT_SLOT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

impl TestMesh {
    /// A fresh slot: its hub set up and its domain accounts seeded with the demo catalog.
    pub fn seeded() -> TestMesh {
        let mesh = TestMesh::empty();
        meshdesk_api::setup_aws_hub(&mesh.mesh_file(Person::Dana)).expect("the hub is set up");
        mesh.block_on(crate::seed::seed(mesh.slot));
        mesh
    }

    /// A fresh slot with nothing created in it yet.
    pub fn empty() -> TestMesh {
        let slot = NEXT_SLOT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert!(slot <= SLOTS, "more meshes than slots: raise SLOTS");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let mesh = TestMesh { slot, dir, runtime };
        for person in PEOPLE {
            std::fs::write(mesh.mesh_file(person), mesh.mesh_text(person, "")).expect("the mesh file");
        }
        mesh
    }

    pub fn account(&self, k: u32) -> String {
        account(self.slot, k)
    }

    /// The mesh file as `person` writes it, with `extra` appended.
    pub fn mesh_text(&self, person: Person, extra: &str) -> String {
        let slot = self.slot;
        let mut text = format!("name = \"Telco mesh {slot}\"\n\n[hub]\nprofile = \"{}\"\n", hub_profile(slot, person));
        for (k, name, domain) in [
            (IDENTITY, "identity-prod", "identity"),
            (BILLING, "billing-prod", "billing"),
            (VOICE, "voice-prod", "voice"),
        ] {
            text.push_str(&format!(
                "\n[[account]]\nprofile = \"{}\"\nname = \"{name}\"\ndomain = \"{domain}\"\n",
                person_profile(slot, person, k)
            ));
        }
        text.push_str(extra);
        text
    }

    pub fn mesh_file(&self, person: Person) -> PathBuf {
        self.dir.path().join(format!("mesh-{}.toml", person.key()))
    }

    pub fn config(&self, person: Person) -> AwsConfig {
        AwsConfig {
            mesh_file: self.mesh_file(person),
            data_dir: self.dir.path().join(format!("data-{}", person.key())),
        }
    }

    /// Opens the mesh as `person` would in the window.
    pub fn open(&self, person: Person) -> Meshdesk<AwsMesh> {
        Meshdesk::open_aws(&self.config(person), NOW)
            .unwrap_or_else(|e| panic!("{person:?} opens the mesh: {} ({:?})", e.message, e.code))
    }

    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Clients acting in account `k` as its administrator, as a person with the AWS CLI would.
    pub fn clients(&self, k: u32) -> Admin {
        let profile = domain_profile(self.slot, k);
        self.block_on(async {
            let config = meshdesk_aws::clients::sdk_config(&profile, None, meshdesk_aws::clients::https_client())
                .await
                .expect("the profile loads");
            Admin { glue: aws_sdk_glue::Client::new(&config), lf: aws_sdk_lakeformation::Client::new(&config) }
        })
    }

    /// Every Lake Formation permission listed in account `k`.
    pub fn permissions(&self, k: u32) -> Vec<aws_sdk_lakeformation::types::PrincipalResourcePermissions> {
        let admin = self.clients(k);
        self.block_on(async move {
            admin.lf.list_permissions().send().await.expect("ListPermissions").principal_resource_permissions().to_vec()
        })
    }
}

pub struct Admin {
    pub glue: aws_sdk_glue::Client,
    pub lf: aws_sdk_lakeformation::Client,
}
