//! Which AWS API a request calls, and in which protocol it must be answered.
//!
//! The service comes from the SigV4 credential scope (`Credential=KEY/DATE/REGION/SERVICE/...`),
//! which every SDK sends; the operation from the protocol: `X-Amz-Target` for the JSON
//! protocols (Glue, DynamoDB), the `Action` parameter for the query protocol (STS), the last
//! path segment for REST-JSON (Lake Formation: `POST /GetResourceLFTags`).

/// The wire protocol of a call, which decides the shape of an injected error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `awsJson1_0` / `awsJson1_1`: the content type names the version.
    AwsJson { minor: u8 },
    RestJson,
    /// `awsQuery`: form-encoded requests, XML answers.
    Query,
}

/// One AWS call: `service` as in the signing scope (`glue`, `lakeformation`, `sts`, `dynamodb`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Call {
    pub service: String,
    pub operation: String,
}

impl std::fmt::Display for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.service, self.operation)
    }
}

/// Operation names that only read (`GetTables`, `ListPermissions`, `Query`, `BatchGetItem`…).
const READS: [&str; 9] = ["Get", "List", "Describe", "Query", "Scan", "Search", "BatchGet", "TransactGet", "AssumeRole"];

impl Call {
    /// Whether the call may change what the service stores: everything but the reads, STS
    /// (credentials only) and unsigned calls. A hold on writes (`Proxy::hold_writes_after`)
    /// stops exactly these.
    pub fn is_write(&self) -> bool {
        !matches!(self.service.as_str(), "sts" | "unknown") && !READS.iter().any(|r| self.operation.starts_with(r))
    }
}

/// Identifies a call from its request line, headers and body.
pub fn identify(path: &str, headers: &[(String, String)], body: &[u8]) -> (Call, Protocol) {
    let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let service = header("authorization").and_then(scope_service).unwrap_or("unknown").to_owned();
    let (path_only, query) = path.split_once('?').unwrap_or((path, ""));
    let (operation, protocol) = if let Some(target) = header("x-amz-target") {
        let operation = target.rsplit('.').next().unwrap_or(target).to_owned();
        let minor = if header("content-type").is_some_and(|c| c.contains("1.0")) { 0 } else { 1 };
        (operation, Protocol::AwsJson { minor })
    } else if let Some(action) = form_value(query, "Action") {
        (action, Protocol::Query)
    } else if header("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
        && let Some(action) = form_value(&String::from_utf8_lossy(body), "Action")
    {
        (action, Protocol::Query)
    } else {
        let last = path_only.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        (if last.is_empty() { "/".to_owned() } else { last.to_owned() }, Protocol::RestJson)
    };
    (Call { service, operation }, protocol)
}

/// `AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/glue/aws4_request, ...` → `glue`.
fn scope_service(authorization: &str) -> Option<&str> {
    let credential = authorization.split("Credential=").nth(1)?;
    let scope = credential.split([',', ' ']).next()?;
    scope.split('/').nth(3).filter(|s| !s.is_empty())
}

fn form_value(form: &str, key: &str) -> Option<String> {
    form.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| v.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    const GLUE_AUTH: &str =
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/glue/aws4_request, SignedHeaders=host, Signature=ab";

    #[test]
    fn json_protocol_calls_are_named_by_their_target() {
        let h = headers(&[
            ("Authorization", GLUE_AUTH),
            ("X-Amz-Target", "AWSGlue.GetTables"),
            ("Content-Type", "application/x-amz-json-1.1"),
        ]);
        let (call, protocol) = identify("/", &h, b"{}");
        assert_eq!(call.to_string(), "glue:GetTables");
        assert_eq!(protocol, Protocol::AwsJson { minor: 1 });
    }

    #[test]
    fn query_protocol_calls_are_named_by_their_action_in_the_body_or_the_query() {
        let auth = GLUE_AUTH.replace("/glue/", "/sts/");
        let h = headers(&[("Authorization", &auth), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]);
        let (call, protocol) = identify("/", &h, b"Version=2011-06-15&Action=AssumeRole&RoleArn=x");
        assert_eq!((call.to_string(), protocol), ("sts:AssumeRole".to_owned(), Protocol::Query));
        let (call, _) = identify("/?Action=GetCallerIdentity&Version=2011-06-15", &h, b"");
        assert_eq!(call.operation, "GetCallerIdentity");
    }

    #[test]
    fn rest_json_calls_are_named_by_their_path_and_unsigned_ones_by_an_unknown_service() {
        let auth = GLUE_AUTH.replace("/glue/", "/lakeformation/");
        let (call, protocol) = identify("/GetResourceLFTags", &headers(&[("Authorization", &auth)]), b"{}");
        assert_eq!((call.to_string(), protocol), ("lakeformation:GetResourceLFTags".to_owned(), Protocol::RestJson));
        let (call, _) = identify("/moto-api/reset", &[], b"");
        assert_eq!(call.to_string(), "unknown:reset");
    }

    #[test]
    fn writes_are_the_calls_that_change_what_a_service_stores() {
        let call = |service: &str, operation: &str| Call { service: service.into(), operation: operation.into() };
        for (service, operation) in [
            ("dynamodb", "TransactWriteItems"),
            ("dynamodb", "PutItem"),
            ("dynamodb", "DeleteItem"),
            ("lakeformation", "GrantPermissions"),
            ("lakeformation", "RevokePermissions"),
            ("lakeformation", "AddLFTagsToResource"),
            ("glue", "UpdateTable"),
        ] {
            assert!(call(service, operation).is_write(), "{service}:{operation}");
        }
        for (service, operation) in [
            ("dynamodb", "Query"),
            ("dynamodb", "Scan"),
            ("dynamodb", "GetItem"),
            ("dynamodb", "TransactGetItems"),
            ("lakeformation", "ListPermissions"),
            ("glue", "GetTables"),
            ("glue", "SearchTables"),
            ("sts", "GetCallerIdentity"),
            ("unknown", "reset"),
        ] {
            assert!(!call(service, operation).is_write(), "{service}:{operation}");
        }
    }
}
