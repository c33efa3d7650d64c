//! The OIDC side of Identity Center: registering Meshdesk as a public client, the device
//! authorisation flow a user approves in the browser, and the refresh-token grant.

use std::time::Duration;

use aws_sdk_ssooidc::operation::create_token::CreateTokenError;

use super::secret::Secret;
use super::token::Registration;
use super::{ACCOUNT_ACCESS_SCOPE, SsoConfig, SsoError, now};
use crate::error::{AwsError, ErrorKind, classify};

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const REFRESH_GRANT: &str = "refresh_token";
/// RFC 8628 §3.5: on `slow_down` the interval grows by five seconds for all later polls.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// RFC 8628's default when the service names no interval.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// A started sign-in: what the user must see (the code, the page) and what polling needs.
#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    pub user_code: String,
    pub verification_uri: String,
    /// The page with the code filled in, when Identity Center gives one.
    pub verification_uri_complete: Option<String>,
    /// Unix seconds after which the code no longer works.
    pub expires_at: i64,
    pub interval: Duration,
    pub(crate) device_code: Secret,
}

impl DeviceAuthorization {
    /// The page to open: the one with the code filled in when there is one.
    pub fn page(&self) -> &str {
        self.verification_uri_complete.as_deref().unwrap_or(&self.verification_uri)
    }
}

/// The tokens a grant returns.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub access_token: Secret,
    pub expires_at: i64,
    pub refresh_token: Option<Secret>,
}

/// A refresh that Identity Center refused for good: the session has ended.
#[derive(Debug)]
pub(crate) enum RefreshError {
    Ended,
    Other(AwsError),
}

/// An OIDC client for one Identity Center region.
#[derive(Debug, Clone)]
pub struct Oidc {
    client: aws_sdk_ssooidc::Client,
    config: SsoConfig,
}

impl Oidc {
    pub async fn new(config: &SsoConfig, http: aws_sdk_glue::config::SharedHttpClient) -> Oidc {
        let sdk = config.sdk_config(http).await;
        Oidc { client: aws_sdk_ssooidc::Client::new(&sdk), config: config.clone() }
    }

    /// RegisterClient: a public client allowed the device code and refresh-token grants.
    pub async fn register(&self) -> Result<Registration, SsoError> {
        let out = self
            .client
            .register_client()
            .client_name("meshdesk")
            .client_type("public")
            .scopes(ACCOUNT_ACCESS_SCOPE)
            .grant_types(DEVICE_CODE_GRANT)
            .grant_types(REFRESH_GRANT)
            .send()
            .await
            .map_err(|e| classify(self.context("RegisterClient"), &e))?;
        let client_id = out.client_id().ok_or_else(|| self.missing("RegisterClient", "clientId"))?;
        let client_secret = out.client_secret().ok_or_else(|| self.missing("RegisterClient", "clientSecret"))?;
        Ok(Registration {
            client_id: client_id.to_owned(),
            client_secret: Secret::new(client_secret),
            expires_at: out.client_secret_expires_at(),
        })
    }

    /// StartDeviceAuthorization: the user code and the page where the user approves it.
    pub async fn start(&self, registration: &Registration) -> Result<DeviceAuthorization, SsoError> {
        let out = self
            .client
            .start_device_authorization()
            .client_id(&registration.client_id)
            .client_secret(registration.client_secret.expose())
            .start_url(&self.config.start_url)
            .send()
            .await
            .map_err(|e| classify(self.context("StartDeviceAuthorization"), &e))?;
        let field = |value: Option<&str>, name: &str| {
            value.map(str::to_owned).ok_or_else(|| self.missing("StartDeviceAuthorization", name))
        };
        let interval = u64::try_from(out.interval()).ok().filter(|s| *s > 0).map_or(DEFAULT_INTERVAL, Duration::from_secs);
        Ok(DeviceAuthorization {
            user_code: field(out.user_code(), "userCode")?,
            verification_uri: field(out.verification_uri(), "verificationUri")?,
            verification_uri_complete: out.verification_uri_complete().map(str::to_owned),
            expires_at: now() + i64::from(out.expires_in()),
            interval,
            device_code: Secret::new(field(out.device_code(), "deviceCode")?),
        })
    }

    /// Polls CreateToken until the user approves, waiting `interval` before each poll and five
    /// seconds more after every `slow_down`. Ends with [`SsoError::Denied`] or
    /// [`SsoError::CodeExpired`] when the user refuses or lets the code run out.
    pub(crate) async fn wait_for_approval(
        &self,
        registration: &Registration,
        authorization: &DeviceAuthorization,
    ) -> Result<Grant, SsoError> {
        let mut interval = authorization.interval;
        loop {
            tokio::time::sleep(interval).await;
            let asked = now();
            let result = self
                .create_token(registration)
                .grant_type(DEVICE_CODE_GRANT)
                .device_code(authorization.device_code.expose())
                .send()
                .await;
            match result {
                Ok(out) => return self.grant(asked, out).map_err(SsoError::from),
                Err(error) => match error.as_service_error() {
                    Some(CreateTokenError::AuthorizationPendingException(_)) => {}
                    Some(CreateTokenError::SlowDownException(_)) => interval += SLOW_DOWN_STEP,
                    Some(CreateTokenError::ExpiredTokenException(_)) => return Err(SsoError::CodeExpired),
                    Some(CreateTokenError::AccessDeniedException(_)) => return Err(SsoError::Denied),
                    _ => return Err(classify(self.context("CreateToken"), &error).into()),
                },
            }
            if now() >= authorization.expires_at {
                return Err(SsoError::CodeExpired);
            }
        }
    }

    /// CreateToken with the refresh-token grant. `InvalidGrant`, `UnauthorizedClient`,
    /// `InvalidClient` and `ExpiredToken` mean Identity Center ended the session.
    pub(crate) async fn refresh(&self, registration: &Registration, refresh_token: &Secret) -> Result<Grant, RefreshError> {
        let asked = now();
        let result = self
            .create_token(registration)
            .grant_type(REFRESH_GRANT)
            .refresh_token(refresh_token.expose())
            .send()
            .await;
        match result {
            Ok(out) => self.grant(asked, out).map_err(|e| RefreshError::Other(e.into())),
            Err(error) => match error.as_service_error() {
                Some(
                    CreateTokenError::InvalidGrantException(_)
                    | CreateTokenError::UnauthorizedClientException(_)
                    | CreateTokenError::InvalidClientException(_)
                    | CreateTokenError::ExpiredTokenException(_)
                    | CreateTokenError::AccessDeniedException(_),
                ) => Err(RefreshError::Ended),
                _ => Err(RefreshError::Other(classify(self.context("CreateToken (refresh)"), &error))),
            },
        }
    }

    /// CreateToken as Meshdesk's registered client.
    fn create_token(&self, registration: &Registration) -> aws_sdk_ssooidc::operation::create_token::builders::CreateTokenFluentBuilder {
        self.client.create_token().client_id(&registration.client_id).client_secret(registration.client_secret.expose())
    }

    fn grant(&self, asked: i64, out: aws_sdk_ssooidc::operation::create_token::CreateTokenOutput) -> Result<Grant, AwsError> {
        let access_token = out.access_token().ok_or_else(|| self.missing_call("CreateToken", "accessToken"))?;
        Ok(Grant {
            access_token: Secret::new(access_token),
            expires_at: asked + i64::from(out.expires_in()),
            refresh_token: out.refresh_token().map(Secret::new),
        })
    }

    fn context(&self, call: &str) -> String {
        format!("Identity Center OIDC {call} for {}", self.config.start_url)
    }

    fn missing(&self, call: &str, field: &str) -> SsoError {
        self.missing_call(call, field).into()
    }

    fn missing_call(&self, call: &str, field: &str) -> AwsError {
        AwsError::Call {
            kind: ErrorKind::Unavailable,
            context: self.context(call),
            detail: format!("the answer has no {field}"),
        }
    }
}
