//! A local stand-in for IAM Identity Center's OIDC and portal endpoints (moto has neither),
//! following the published restJson1 shapes the SDK speaks (aws-sdk-ssooidc / aws-sdk-sso
//! 1.12x): OIDC `POST /client/register`, `POST /device_authorization`, `POST /token`; portal
//! `GET /assignment/accounts`, `GET /assignment/roles`, `GET /federation/credentials` (token in
//! `x-amz-sso_bearer_token`), `POST /logout`. Errors carry `x-amzn-ErrorType` and the OAuth
//! `{error, error_description}` body. Role credentials are issued by moto's STS AssumeRole
//! for the chosen account and role, so the signed-in session then reads the emulated mesh.
//!
//! Each test signs in to a start URL of its own, whose script (what CreateToken answers to
//! each poll) and assignments the test sets first. The tests name the double's port in their
//! AWS config (a `services` section with `sso-oidc` and `sso` endpoints), as a user's config
//! would redirect Identity Center's clients.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What CreateToken answers to one device-code poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Pending,
    SlowDown,
    Expired,
    Denied,
    Approve,
    /// Pending, and staying at this point of the script until [`Double::approve`]: the user
    /// takes their time on the verification page (a window test approves once it saw the code).
    Hold,
}

/// An account the user is assigned, with its roles.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub account_id: String,
    pub name: String,
    pub roles: Vec<String>,
}

#[derive(Default)]
struct Instance {
    script: VecDeque<Answer>,
    interval_secs: u64,
    token_lifetime_secs: i64,
    assignments: Vec<Assignment>,
    /// The role session name moto's credentials carry (who the user is).
    user: String,
    polls: Vec<Instant>,
    refreshes: usize,
    revoked: bool,
    approved: bool,
}

#[derive(Default)]
struct State {
    next: u64,
    instances: BTreeMap<String, Instance>,
    clients: BTreeMap<String, String>,
    devices: BTreeMap<String, (String, String)>,
    access: BTreeMap<String, String>,
    refresh: BTreeMap<String, String>,
    /// Every secret handed out, for the tests that look for leaks.
    issued: Vec<String>,
}

pub struct Double {
    state: Mutex<State>,
    sts: aws_sdk_sts::Client,
    runtime: tokio::runtime::Runtime,
}

/// An HTTP client for the SDK's clients of the tests (rustls on ring, as Meshdesk's own).
pub fn http_client() -> aws_sdk_sts::config::SharedHttpClient {
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https()
}

/// An STS client on moto with the tests' static keys: its AssumeRole makes credentials that act
/// as any account and role (moto creates neither).
pub fn moto_sts(endpoint: &str) -> aws_sdk_sts::Client {
    let credentials = aws_sdk_sts::config::Credentials::new("meshdesk-test", "meshdesk-test", None, None, "meshdesk-testkit");
    let config = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new("eu-west-1"))
        .endpoint_url(endpoint)
        .credentials_provider(credentials)
        .http_client(http_client())
        .build();
    aws_sdk_sts::Client::from_conf(config)
}

impl Double {
    /// Serves the double on `port` (127.0.0.1), with role credentials from `sts`'s AssumeRole.
    pub fn serve(port: u16, sts: aws_sdk_sts::Client) -> std::io::Result<Arc<Double>> {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
        let double = Arc::new(Double { state: Mutex::default(), sts, runtime });
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let server = Arc::clone(&double);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = Arc::clone(&server);
                std::thread::spawn(move || server.serve_one(stream));
            }
        });
        Ok(double)
    }

    /// Prepares `start_url`: CreateToken's answers in order, the poll interval it asks for,
    /// how long tokens last, the user's assignments and name.
    pub fn instance(&self, start_url: &str, script: &[Answer], interval_secs: u64, token_lifetime_secs: i64, user: &str, assignments: Vec<Assignment>) {
        self.lock().instances.insert(
            start_url.to_owned(),
            Instance {
                script: script.iter().copied().collect(),
                interval_secs,
                token_lifetime_secs,
                assignments,
                user: user.to_owned(),
                ..Instance::default()
            },
        );
    }

    /// Identity Center ends the session: its refresh and access tokens stop working.
    pub fn revoke(&self, start_url: &str) {
        if let Some(i) = self.lock().instances.get_mut(start_url) {
            i.revoked = true;
        }
    }

    /// The user approves the sign-in on the verification page: a [`Answer::Hold`] in the
    /// script answers the next poll with a token.
    pub fn approve(&self, start_url: &str) {
        if let Some(i) = self.lock().instances.get_mut(start_url) {
            i.approved = true;
        }
    }

    /// When each device-code poll arrived.
    pub fn polls(&self, start_url: &str) -> Vec<Instant> {
        self.lock().instances.get(start_url).map(|i| i.polls.clone()).unwrap_or_default()
    }

    pub fn refreshes(&self, start_url: &str) -> usize {
        self.lock().instances.get(start_url).map_or(0, |i| i.refreshes)
    }

    /// Every token, client secret and AWS secret handed out so far.
    pub fn issued_secrets(&self) -> Vec<String> {
        self.lock().issued.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn serve_one(&self, mut stream: TcpStream) {
        let Some((method, target, headers, body)) = read_request(&stream) else { return };
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let query: BTreeMap<String, String> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_owned(), percent_decode(v)))
            .collect();
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let bearer = headers.get("x-amz-sso_bearer_token").cloned().unwrap_or_default();
        let (status, error_type, answer) = match (method.as_str(), path) {
            ("POST", "/client/register") => self.register(),
            ("POST", "/device_authorization") => self.device_authorization(&body),
            ("POST", "/token") => self.token(&body),
            ("GET", "/assignment/accounts") => self.accounts(&bearer, &query),
            ("GET", "/assignment/roles") => self.roles(&bearer, &query),
            ("GET", "/federation/credentials") => self.credentials(&bearer, &query),
            ("POST", "/logout") => (200, None, json!({})),
            _ => (404, Some("ResourceNotFoundException"), json!({"message": format!("no {method} {path} here")})),
        };
        let text = answer.to_string();
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
            if status == 200 { "OK" } else { "Error" },
            text.len()
        );
        if let Some(error_type) = error_type {
            head.push_str(&format!("x-amzn-errortype: {error_type}\r\n"));
        }
        head.push_str("\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(text.as_bytes());
    }

    fn secret(&self, state: &mut State, prefix: &str) -> String {
        state.next += 1;
        let value = format!("{prefix}-{:016x}{:08x}", state.next.wrapping_mul(0x9e37_79b9_7f4a_7c15), state.next);
        state.issued.push(value.clone());
        value
    }

    fn register(&self) -> Reply {
        let mut state = self.lock();
        let id = format!("client-{}", state.next + 1);
        let secret = self.secret(&mut state, "clientsecret");
        state.clients.insert(id.clone(), secret.clone());
        let now = unix_now();
        (200, None, json!({"clientId": id, "clientSecret": secret, "clientIdIssuedAt": now, "clientSecretExpiresAt": now + 90 * 86_400}))
    }

    fn client_ok(state: &State, body: &Value) -> bool {
        let id = body["clientId"].as_str().unwrap_or_default();
        state.clients.get(id).is_some_and(|s| Some(s.as_str()) == body["clientSecret"].as_str())
    }

    fn device_authorization(&self, body: &Value) -> Reply {
        let mut state = self.lock();
        if !Double::client_ok(&state, body) {
            return oauth(400, "InvalidClientException", "invalid_client");
        }
        let start_url = body["startUrl"].as_str().unwrap_or_default().to_owned();
        let Some(interval) = state.instances.get(&start_url).map(|i| i.interval_secs) else {
            return oauth(400, "InvalidRequestException", "invalid_request");
        };
        let device = self.secret(&mut state, "devicecode");
        let client = body["clientId"].as_str().unwrap_or_default().to_owned();
        state.devices.insert(device.clone(), (start_url, client));
        let code = format!("WXYZ-{:04}", state.next);
        (
            200,
            None,
            json!({
                "deviceCode": device, "userCode": code,
                "verificationUri": "https://device.sso.eu-west-1.amazonaws.com/",
                "verificationUriComplete": format!("https://device.sso.eu-west-1.amazonaws.com/?user_code={code}"),
                "expiresIn": 600, "interval": interval,
            }),
        )
    }

    fn token(&self, body: &Value) -> Reply {
        let mut state = self.lock();
        if !Double::client_ok(&state, body) {
            return oauth(400, "InvalidClientException", "invalid_client");
        }
        let start_url = match body["grantType"].as_str() {
            Some("urn:ietf:params:oauth:grant-type:device_code") => {
                let code = body["deviceCode"].as_str().unwrap_or_default();
                let Some((start_url, _)) = state.devices.get(code).cloned() else {
                    return oauth(400, "InvalidGrantException", "invalid_grant");
                };
                let Some(instance) = state.instances.get_mut(&start_url) else {
                    return oauth(400, "InvalidGrantException", "invalid_grant");
                };
                instance.polls.push(Instant::now());
                let held = instance.script.front() == Some(&Answer::Hold);
                if held && !instance.approved {
                    return oauth(400, "AuthorizationPendingException", "authorization_pending");
                }
                match instance.script.pop_front().unwrap_or(Answer::Expired) {
                    Answer::Pending => return oauth(400, "AuthorizationPendingException", "authorization_pending"),
                    Answer::SlowDown => return oauth(400, "SlowDownException", "slow_down"),
                    Answer::Expired => return oauth(400, "ExpiredTokenException", "expired_token"),
                    Answer::Denied => return oauth(400, "AccessDeniedException", "access_denied"),
                    Answer::Approve | Answer::Hold => start_url,
                }
            }
            Some("refresh_token") => {
                let token = body["refreshToken"].as_str().unwrap_or_default();
                let Some(start_url) = state.refresh.get(token).cloned() else {
                    return oauth(400, "InvalidGrantException", "invalid_grant");
                };
                match state.instances.get_mut(&start_url) {
                    Some(instance) if !instance.revoked => instance.refreshes += 1,
                    _ => return oauth(400, "InvalidGrantException", "invalid_grant"),
                }
                start_url
            }
            _ => return oauth(400, "UnsupportedGrantTypeException", "unsupported_grant_type"),
        };
        let lifetime = state.instances.get(&start_url).map_or(3600, |i| i.token_lifetime_secs);
        let access = self.secret(&mut state, "accesstoken");
        let refresh = self.secret(&mut state, "refreshtoken");
        state.access.insert(access.clone(), start_url.clone());
        state.refresh.insert(refresh.clone(), start_url);
        (200, None, json!({"accessToken": access, "tokenType": "Bearer", "expiresIn": lifetime, "refreshToken": refresh}))
    }

    /// The instance a bearer token belongs to, unless revoked.
    fn signed_in(&self, bearer: &str) -> Option<(String, Vec<Assignment>, String)> {
        let state = self.lock();
        let start_url = state.access.get(bearer)?;
        let instance = state.instances.get(start_url).filter(|i| !i.revoked)?;
        Some((start_url.clone(), instance.assignments.clone(), instance.user.clone()))
    }

    /// One account per page, so paging is exercised.
    fn accounts(&self, bearer: &str, query: &BTreeMap<String, String>) -> Reply {
        let Some((_, assignments, _)) = self.signed_in(bearer) else { return unauthorized() };
        let at: usize = query.get("next_token").and_then(|t| t.strip_prefix("page-")).and_then(|n| n.parse().ok()).unwrap_or(0);
        let list: Vec<Value> = assignments
            .get(at)
            .map(|a| json!({"accountId": a.account_id, "accountName": a.name, "emailAddress": format!("aws+{}@telco.example", a.account_id)}))
            .into_iter()
            .collect();
        let next = if at + 1 < assignments.len() { json!(format!("page-{}", at + 1)) } else { Value::Null };
        (200, None, json!({"accountList": list, "nextToken": next}))
    }

    /// One role per page.
    fn roles(&self, bearer: &str, query: &BTreeMap<String, String>) -> Reply {
        let Some((_, assignments, _)) = self.signed_in(bearer) else { return unauthorized() };
        let account = query.get("account_id").cloned().unwrap_or_default();
        let roles = assignments.iter().find(|a| a.account_id == account).map(|a| a.roles.clone()).unwrap_or_default();
        let at: usize = query.get("next_token").and_then(|t| t.strip_prefix("page-")).and_then(|n| n.parse().ok()).unwrap_or(0);
        let list: Vec<Value> = roles.get(at).map(|r| json!({"roleName": r, "accountId": account})).into_iter().collect();
        let next = if at + 1 < roles.len() { json!(format!("page-{}", at + 1)) } else { Value::Null };
        (200, None, json!({"roleList": list, "nextToken": next}))
    }

    fn credentials(&self, bearer: &str, query: &BTreeMap<String, String>) -> Reply {
        let Some((_, assignments, user)) = self.signed_in(bearer) else { return unauthorized() };
        let (account, role) = (query.get("account_id").cloned().unwrap_or_default(), query.get("role_name").cloned().unwrap_or_default());
        if !assignments.iter().any(|a| a.account_id == account && a.roles.contains(&role)) {
            return (403, Some("ForbiddenException"), json!({"message": "No access"}));
        }
        let arn = format!("arn:aws:iam::{account}:role/{role}");
        let assumed = self.runtime.block_on(self.sts.assume_role().role_arn(&arn).role_session_name(&user).send());
        let Some(creds) = assumed.ok().and_then(|o| o.credentials) else {
            return (500, Some("InternalServerException"), json!({"message": "moto's STS did not answer"}));
        };
        let mut state = self.lock();
        state.issued.push(creds.access_key_id.clone());
        state.issued.push(creds.secret_access_key.clone());
        state.issued.push(creds.session_token.clone());
        let expiration = (unix_now() + 3600) * 1000;
        (
            200,
            None,
            json!({"roleCredentials": {
                "accessKeyId": creds.access_key_id, "secretAccessKey": creds.secret_access_key,
                "sessionToken": creds.session_token, "expiration": expiration,
            }}),
        )
    }
}

type Reply = (u16, Option<&'static str>, Value);

fn oauth(status: u16, error_type: &'static str, error: &str) -> Reply {
    (status, Some(error_type), json!({"error": error, "error_description": format!("{error} (test double)")}))
}

fn unauthorized() -> Reply {
    (401, Some("UnauthorizedException"), json!({"message": "Session token not found or invalid"}))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One HTTP/1.1 request: method, target, lower-cased headers, body.
fn read_request(stream: &TcpStream) -> Option<(String, String, BTreeMap<String, String>, Vec<u8>)> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((method, target, headers, body))
}
