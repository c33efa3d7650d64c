//! A mesh of AWS accounts for the window to sign in to: the moto emulator with two domain
//! accounts' products made by ordinary Glue calls, the hub's tables made by `meshdesk setup`,
//! the IAM Identity Center double (`meshdesk_testkit::sso_double`) whose role credentials moto's
//! STS issues, a private keychain, and a mesh file with an `[sso]` section naming the hub and
//! one account. The app reaches the double the way a user's AWS config would redirect Identity
//! Center's clients: a `services` section on the default profile.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, Result, bail, ensure};
use aws_sdk_glue::types::{Column, DatabaseInput, SerDeInfo, StorageDescriptor, TableInput};
use meshdesk_testkit::moto::{self, Moto};
use meshdesk_testkit::sso_double::{self, Answer, Assignment, Double};

use crate::harness::Launch;
use crate::keychain::PrivateKeychain;

pub const START_URL: &str = "https://d-9e2e000001.awsapps.com/start";
pub const REGION: &str = "eu-west-1";
pub const HUB: &str = "310000000001";
pub const IDENTITY: &str = "310000000002";
pub const BILLING: &str = "310000000003";
pub const USER: &str = "mia@telco.example";
pub const MESH_NAME: &str = "Signed-in mesh";

/// Each domain account's product and its tables.
pub const PRODUCTS: [(&str, &str, &[&str]); 2] =
    [(IDENTITY, "customer_profiles", &["customers", "addresses"]), (BILLING, "billing_invoices", &["invoices", "payments"])];

pub struct AwsMesh {
    pub double: Arc<Double>,
    pub mesh_file: PathBuf,
    config_file: PathBuf,
    credentials_file: PathBuf,
    keychain: PrivateKeychain,
    _moto: Moto,
    _dir: tempfile::TempDir,
}

impl AwsMesh {
    pub async fn start() -> Result<AwsMesh> {
        let Some(server) = moto::server_from_env() else { bail!("{}", moto::NOT_SET) };
        let Some(cli) = std::env::var_os("MESHDESK_CLI_BIN").map(PathBuf::from).filter(|p| p.is_file()) else {
            bail!("MESHDESK_CLI_BIN is not set to the built `meshdesk` binary (it sets up the hub's tables): run `cargo xtask test`")
        };
        let moto = Moto::start(&server)?;
        let endpoint = moto.endpoint();
        let double_port = meshdesk_testkit::free_port();
        let double = Double::serve(double_port, sso_double::moto_sts(&endpoint)).context("serving the Identity Center double")?;
        awaiting_approval(&double);
        seed(&endpoint).await?;

        let dir = tempfile::Builder::new().prefix("meshdesk-e2e-aws-").tempdir().context("a directory for the mesh")?;
        let config_file = dir.path().join("aws-config");
        let credentials_file = dir.path().join("aws-credentials");
        std::fs::write(&config_file, aws_config(&endpoint, double_port)).context("writing the AWS config")?;
        std::fs::write(&credentials_file, "").context("writing the AWS credentials")?;
        let keychain = PrivateKeychain::start()?;
        let mesh = AwsMesh { double, mesh_file: dir.path().join("mesh.toml"), config_file, credentials_file, keychain, _moto: moto, _dir: dir };
        mesh.set_up_hub(&cli)?;
        std::fs::write(&mesh.mesh_file, mesh_text()).context("writing the mesh file")?;
        Ok(mesh)
    }

    /// The app on the mesh file, with the AWS config and the keychain of this mesh.
    pub fn launch(&self) -> Launch {
        let mut env = self.aws_env();
        env.extend(self.keychain.env());
        Launch { args: vec!["--mesh".to_owned(), self.mesh_file.display().to_string()], env }
    }

    fn aws_env(&self) -> Vec<(OsString, Option<OsString>)> {
        let mut env: Vec<(OsString, Option<OsString>)> = meshdesk_testkit::CLEARED.iter().map(|name| (OsString::from(name), None)).collect();
        env.push(("AWS_CONFIG_FILE".into(), Some(self.config_file.clone().into())));
        env.push(("AWS_SHARED_CREDENTIALS_FILE".into(), Some(self.credentials_file.clone().into())));
        env.push(("AWS_EC2_METADATA_DISABLED".into(), Some("true".into())));
        env
    }

    /// The hub's DynamoDB tables, made by the platform team's administrator with `meshdesk setup`
    /// through a profile of the hub account (the tables a signed-in mesh of this name uses).
    fn set_up_hub(&self, cli: &Path) -> Result<()> {
        let setup_file = self.mesh_file.with_file_name("setup.toml");
        let text = format!("name = \"{MESH_NAME}\"\n\n[hub]\nprofile = \"hub-admin\"\n\n[[account]]\nprofile = \"hub-admin\"\ndomain = \"platform\"\n");
        std::fs::write(&setup_file, text).context("writing the setup mesh file")?;
        let mut command = Command::new(cli);
        command.args(["setup", "--mesh"]).arg(&setup_file);
        for (name, value) in self.aws_env() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let out = command.output().with_context(|| format!("running {}", cli.display()))?;
        ensure!(
            out.status.success(),
            "`meshdesk setup` failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    }
}

/// The sign-in to expect: the user approves on the verification page only when the test says
/// so. Tokens last a minute, inside the renewal margin, so every use renews them with the
/// refresh-token grant — until Identity Center ends the session.
pub fn awaiting_approval(double: &Double) {
    double.instance(START_URL, &[Answer::Hold], 1, 60, USER, assignments());
}

/// Mia's assignments: the hub with its own roles (so it is not picked as a domain account by
/// the preferred role), the two domain accounts as an analyst.
fn assignments() -> Vec<Assignment> {
    let roles = |r: &[&str]| r.iter().map(|s| (*s).to_owned()).collect();
    vec![
        Assignment { account_id: HUB.into(), name: "Mesh hub".into(), roles: roles(&["MeshdeskHub", "Admin"]) },
        Assignment { account_id: IDENTITY.into(), name: "Identity Prod".into(), roles: roles(&["Analyst", "ReadOnly"]) },
        Assignment { account_id: BILLING.into(), name: "Billing Prod".into(), roles: roles(&["Analyst", "ReadOnly"]) },
    ]
}

/// The mesh file the window starts on: the `[sso]` section, the hub and one domain account.
fn mesh_text() -> String {
    format!(
        "name = \"{MESH_NAME}\"\n\n[sso]\nstart_url = \"{START_URL}\"\nregion = \"{REGION}\"\n\n\
         [hub]\nsso_account_id = \"{HUB}\"\nsso_role = \"MeshdeskHub\"\n\n\
         [[account]]\nsso_account_id = \"{IDENTITY}\"\nsso_role = \"Analyst\"\nname = \"Identity Prod\"\ndomain = \"identity\"\n"
    )
}

fn aws_config(endpoint: &str, double_port: u16) -> String {
    format!(
        "[default]\nregion = {REGION}\nendpoint_url = {endpoint}\nservices = stand-ins\n\n\
         [profile base]\naws_access_key_id = meshdesk-test\naws_secret_access_key = meshdesk-test\nregion = {REGION}\nendpoint_url = {endpoint}\n\n\
         [profile hub-admin]\nrole_arn = arn:aws:iam::{HUB}:role/meshdesk\nrole_session_name = meshdesk\nsource_profile = base\nregion = {REGION}\nendpoint_url = {endpoint}\n\n\
         [services stand-ins]\nsso-oidc =\n  endpoint_url = http://127.0.0.1:{double_port}\nsso =\n  endpoint_url = http://127.0.0.1:{double_port}\n"
    )
}

/// Each domain team's product, made in its account as the team would: a database marked as a
/// product and Parquet tables with columns.
async fn seed(endpoint: &str) -> Result<()> {
    let sts = sso_double::moto_sts(endpoint);
    for (account, database, tables) in PRODUCTS {
        let assumed = sts
            .assume_role()
            .role_arn(format!("arn:aws:iam::{account}:role/data-team"))
            .role_session_name("data-team")
            .send()
            .await
            .context("moto's STS AssumeRole")?;
        let credentials = assumed.credentials.context("AssumeRole gave no credentials")?;
        let config = aws_sdk_glue::Config::builder()
            .behavior_version(aws_sdk_glue::config::BehaviorVersion::latest())
            .region(aws_sdk_glue::config::Region::new(REGION))
            .endpoint_url(endpoint)
            .credentials_provider(aws_sdk_glue::config::Credentials::new(
                credentials.access_key_id,
                credentials.secret_access_key,
                Some(credentials.session_token),
                None,
                "moto",
            ))
            .http_client(sso_double::http_client())
            .build();
        let glue = aws_sdk_glue::Client::from_conf(config);
        let input = DatabaseInput::builder()
            .name(database)
            .description(format!("{database}, as its domain team publishes it"))
            .parameters("meshdesk:product", "true")
            .parameters("meshdesk:owner", "dana@telco.example")
            .build()?;
        glue.create_database().database_input(input).send().await.with_context(|| format!("CreateDatabase {database}"))?;
        for table in tables {
            let columns = vec![
                Column::builder().name("id").r#type("bigint").build()?,
                Column::builder().name("updated_at").r#type("timestamp").build()?,
            ];
            let storage = StorageDescriptor::builder()
                .location(format!("s3://{account}-lake/{database}/{table}/"))
                .input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .serde_info(SerDeInfo::builder().serialization_library("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe").build())
                .set_columns(Some(columns))
                .build();
            let input = TableInput::builder().name(*table).storage_descriptor(storage).build()?;
            glue.create_table().database_name(database).table_input(input).send().await.with_context(|| format!("CreateTable {table}"))?;
        }
    }
    Ok(())
}
