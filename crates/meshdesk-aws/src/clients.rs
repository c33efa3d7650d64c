//! One set of AWS clients per account, each loaded through the standard aws-config chain for its
//! profile (so `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `sso_session`, `role_arn` +
//! `source_profile`, `credential_process` and `endpoint_url` all work as in the AWS CLI), and
//! the caller STS says each profile is.

use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_glue::config::SharedCredentialsProvider;
use aws_sdk_glue::config::retry::RetryPartition;
use aws_smithy_http_client::Builder;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};

use crate::error::{AwsError, ErrorKind, classify};
use crate::identity::Caller;

/// One HTTPS client (hyper, rustls on ring) shared by every account's clients, so their
/// connections come from one pool.
pub fn https_client() -> aws_sdk_glue::config::SharedHttpClient {
    Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https()
}

/// The SDK configuration of a profile, with the mesh file's region override.
///
/// Everything but credentials, retries and timeouts comes from the standard loader for the
/// profile (region, `endpoint_url`); retries and timeouts are Meshdesk's (`retry::policy`, which
/// honours the profile's `max_attempts` / `retry_mode`), also for the STS calls that turn a
/// `role_arn` profile into credentials. Credentials come from that profile alone: the default chain would
/// take `AWS_ACCESS_KEY_ID` from the environment first, and every account of the mesh would
/// silently become the same identity. `role_arn`/`source_profile`, `sso_session`, static keys
/// and `credential_process` profiles all resolve through the profile provider.
pub async fn sdk_config(
    profile: &str,
    region: Option<&str>,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<SdkConfig, AwsError> {
    let (retry, timeouts) = crate::retry::policy(profile)?;
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .profile_name(profile)
        .http_client(http.clone())
        .retry_config(retry.clone())
        .timeout_config(timeouts.clone())
        .no_credentials();
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_owned()));
    }
    let base = loader.load().await;
    if base.region().is_none() {
        return Err(AwsError::Call {
            kind: ErrorKind::Invalid,
            context: format!("profile {profile:?}"),
            detail: "it has no region: set `region` in the profile, or in the mesh file's entry".to_owned(),
        });
    }
    let provider_config = ProviderConfig::without_region()
        .with_http_client(http)
        .with_region(base.region().cloned())
        .with_retry_config(retry)
        .with_timeout_config(timeouts);
    let credentials =
        ProfileFileCredentialsProvider::builder().profile_name(profile).configure(&provider_config).build();
    Ok(base.into_builder().credentials_provider(SharedCredentialsProvider::new(credentials)).build())
}

/// The SDK configuration of a role of an account reached through the Identity Center sign-in:
/// region and endpoints from the standard loader (the default profile and the environment),
/// retries and timeouts as for every client (`retry::policy` of the default profile),
/// credentials from the portal's GetRoleCredentials — in memory only, asked for again by the
/// SDK's identity cache before they expire.
pub async fn sso_sdk_config(
    session: &std::sync::Arc<crate::sso::SsoSession>,
    role: &crate::mesh_file::SsoRole,
    region: &str,
    http: aws_sdk_glue::config::SharedHttpClient,
) -> Result<SdkConfig, AwsError> {
    let (retry, timeouts) = crate::retry::policy(&default_profile())?;
    let base = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .http_client(http)
        .retry_config(retry)
        .timeout_config(timeouts)
        .no_credentials()
        .load()
        .await;
    let credentials = session.provider(&role.account_id, &role.role);
    Ok(base.into_builder().credentials_provider(SharedCredentialsProvider::new(credentials)).build())
}

/// The profile the standard loader uses when none is named: `AWS_PROFILE`, else `default`.
pub fn default_profile() -> String {
    std::env::var("AWS_PROFILE").ok().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| "default".to_owned())
}

/// Who the profile's credentials are, by STS `GetCallerIdentity`.
pub async fn caller(profile: &str, config: &SdkConfig) -> Result<Caller, AwsError> {
    let sts = aws_sdk_sts::Client::new(config);
    let context = || format!("STS GetCallerIdentity with profile {profile:?}");
    let out = sts.get_caller_identity().send().await.map_err(|e| classify(context(), &e))?;
    let missing = |what: &str| AwsError::Call {
        kind: ErrorKind::Unavailable,
        context: context(),
        detail: format!("the answer has no {what}"),
    };
    Ok(Caller {
        account: out.account().ok_or_else(|| missing("account"))?.to_owned(),
        arn: out.arn().ok_or_else(|| missing("ARN"))?.to_owned(),
        user_id: out.user_id().unwrap_or_default().to_owned(),
    })
}

/// A domain account's clients and who Meshdesk is there.
#[derive(Debug, Clone)]
pub struct AccountClients {
    pub profile: String,
    pub name: String,
    pub domain: String,
    pub caller: Caller,
    pub glue: aws_sdk_glue::Client,
    pub lakeformation: aws_sdk_lakeformation::Client,
    /// Accepts resource share invitations when this account is a consumer (see `consumer`).
    pub ram: aws_sdk_ram::Client,
}

/// The retry quota of `service` in `account`. The SDK's retry quota (a token bucket that stops
/// retrying once many calls fail, so a failing service is not hammered) is shared by default by
/// every client of a service in the process; AWS throttles each account on its own, so each
/// account gets its own: one account's failures do not end the retries of the others.
pub fn retry_partition(service: &str, account: &str) -> RetryPartition {
    RetryPartition::new(format!("{service}-{account}"))
}

impl AccountClients {
    pub fn new(profile: &str, name: &str, domain: &str, caller: Caller, config: &SdkConfig) -> AccountClients {
        let account = caller.account.clone();
        let glue = aws_sdk_glue::config::Builder::from(config).retry_partition(retry_partition("glue", &account));
        let lakeformation = aws_sdk_lakeformation::config::Builder::from(config)
            .retry_partition(retry_partition("lakeformation", &account));
        let ram = aws_sdk_ram::config::Builder::from(config).retry_partition(retry_partition("ram", &account));
        AccountClients {
            profile: profile.to_owned(),
            name: name.to_owned(),
            domain: domain.to_owned(),
            caller,
            glue: aws_sdk_glue::Client::from_conf(glue.build()),
            lakeformation: aws_sdk_lakeformation::Client::from_conf(lakeformation.build()),
            ram: aws_sdk_ram::Client::from_conf(ram.build()),
        }
    }

    pub fn account(&self) -> &str {
        &self.caller.account
    }

    /// Names a call for messages: "Glue GetTables in account 111111111111 (billing-prod)".
    pub fn context(&self, call: &str) -> String {
        format!("{call} in account {} ({})", self.caller.account, self.name)
    }
}
