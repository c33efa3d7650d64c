//! The AWS access portal: which accounts and roles the signed-in user has, and a role's
//! short-lived credentials — handed to the SDK as a credentials provider, so they stay in
//! memory and the SDK's identity cache asks again before they expire.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, future};
use aws_sdk_sso::operation::get_role_credentials::GetRoleCredentialsError;

use super::SsoError;
use super::session::SsoSession;

/// An account the user may sign in to, with the roles they have there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoAccount {
    pub account_id: String,
    pub name: String,
    pub email: Option<String>,
    /// Sorted.
    pub roles: Vec<String>,
}

/// ListAccounts then ListAccountRoles for each, every page of both.
pub(crate) async fn accounts(client: &aws_sdk_sso::Client, token: &str, start_url: &str) -> Result<Vec<SsoAccount>, SsoError> {
    let context = |call: &str| format!("Identity Center portal {call} for {start_url}");
    let mut accounts = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let out = client
            .list_accounts()
            .access_token(token)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| ended_or(start_url, e.as_service_error().is_some_and(|e| e.is_unauthorized_exception()), crate::error::classify(context("ListAccounts"), &e)))?;
        for account in out.account_list() {
            let Some(id) = account.account_id() else { continue };
            accounts.push(SsoAccount {
                account_id: id.to_owned(),
                name: account.account_name().unwrap_or(id).to_owned(),
                email: account.email_address().map(str::to_owned),
                roles: Vec::new(),
            });
        }
        match out.next_token() {
            Some(token) if !token.is_empty() => next = Some(token.to_owned()),
            _ => break,
        }
    }
    for account in &mut accounts {
        let mut next: Option<String> = None;
        loop {
            let out = client
                .list_account_roles()
                .access_token(token)
                .account_id(&account.account_id)
                .set_next_token(next.take())
                .send()
                .await
                .map_err(|e| {
                    let what = context(&format!("ListAccountRoles in account {}", account.account_id));
                    ended_or(start_url, e.as_service_error().is_some_and(|e| e.is_unauthorized_exception()), crate::error::classify(what, &e))
                })?;
            account.roles.extend(out.role_list().iter().filter_map(|r| r.role_name().map(str::to_owned)));
            match out.next_token() {
                Some(token) if !token.is_empty() => next = Some(token.to_owned()),
                _ => break,
            }
        }
        account.roles.sort();
        account.roles.dedup();
    }
    accounts.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.account_id.cmp(&b.account_id)));
    Ok(accounts)
}

/// An `UnauthorizedException` from the portal means the token no longer works: the session ended.
fn ended_or(start_url: &str, unauthorized: bool, error: crate::error::AwsError) -> SsoError {
    if unauthorized { SsoError::SessionEnded { start_url: start_url.to_owned() } } else { error.into() }
}

/// GetRoleCredentials for one role of one account.
pub(crate) async fn role_credentials(
    client: &aws_sdk_sso::Client,
    token: &str,
    start_url: &str,
    account_id: &str,
    role: &str,
) -> Result<Credentials, SsoError> {
    let context = format!("Identity Center portal GetRoleCredentials for role {role} in account {account_id}");
    let out = client
        .get_role_credentials()
        .access_token(token)
        .account_id(account_id)
        .role_name(role)
        .send()
        .await
        .map_err(|e| {
            let unauthorized = matches!(e.as_service_error(), Some(GetRoleCredentialsError::UnauthorizedException(_)));
            ended_or(start_url, unauthorized, crate::error::classify(context.clone(), &e))
        })?;
    let missing = |field: &str| {
        SsoError::Call(crate::error::AwsError::Call {
            kind: crate::error::ErrorKind::Unavailable,
            context: context.clone(),
            detail: format!("the answer has no {field}"),
        })
    };
    let creds = out.role_credentials().ok_or_else(|| missing("roleCredentials"))?;
    let expiry = u64::try_from(creds.expiration()).ok().map(|ms| UNIX_EPOCH + Duration::from_millis(ms));
    Ok(Credentials::new(
        creds.access_key_id().ok_or_else(|| missing("accessKeyId"))?,
        creds.secret_access_key().ok_or_else(|| missing("secretAccessKey"))?,
        creds.session_token().map(str::to_owned),
        expiry,
        "meshdesk-identity-center",
    ))
}

/// The credentials of one role in one account, from a signed-in session: what an account's
/// SDK clients sign with. The SDK caches them and asks again shortly before they expire; the
/// session renews its own token as needed.
#[derive(Debug, Clone)]
pub struct SsoRoleCredentialsProvider {
    session: Arc<SsoSession>,
    account_id: String,
    role: String,
}

impl SsoRoleCredentialsProvider {
    pub fn new(session: Arc<SsoSession>, account_id: &str, role: &str) -> Self {
        SsoRoleCredentialsProvider { session, account_id: account_id.to_owned(), role: role.to_owned() }
    }

    async fn credentials(&self) -> provider::Result {
        self.session
            .role_credentials(&self.account_id, &self.role)
            .await
            .map_err(|e| provider::error::CredentialsError::provider_error(e.to_string()))
    }
}

impl ProvideCredentials for SsoRoleCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.credentials())
    }
}
