//! Faults injected per API at a configured rate: throttling and server errors answered in the
//! error shape of the call's protocol (so the SDK classifies them as AWS would send them), a
//! connection closed without an answer, and a request left unanswered for a while.

use std::time::Duration;

use crate::api::{Call, Protocol};

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 400 with the service's throttling error code (retryable, with backoff).
    Throttle,
    /// HTTP 500 with the service's internal error code.
    ServerError,
    /// HTTP 503 `ServiceUnavailable`.
    Unavailable,
    /// The connection is closed without an answer.
    Reset,
    /// The call is carried out upstream, then its answer is dropped and the connection closed:
    /// the client cannot tell it from a reset, but the write happened.
    Lost,
    /// No answer for this long, then the connection is closed.
    Timeout(Duration),
}

/// Which calls a rule applies to: `*`, `OPERATION` (any service) or `service:OPERATION`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    service: Option<String>,
    operation: Option<String>,
}

impl Selector {
    pub fn matches(&self, call: &Call) -> bool {
        self.service.as_ref().is_none_or(|s| s.eq_ignore_ascii_case(&call.service))
            && self.operation.as_ref().is_none_or(|o| o.eq_ignore_ascii_case(&call.operation))
    }
}

/// One fault rule: `rate` of the matching calls (0 < rate ≤ 1) fail, each with one of `kinds`
/// (in turn, or drawn from the seed; see `Faults`).
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    pub selector: Selector,
    pub kinds: Vec<FaultKind>,
    pub rate: f64,
}

/// A rule that does not read, with what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRule(pub String);

impl std::fmt::Display for BadRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadRule {}

impl std::str::FromStr for FaultRule {
    type Err = BadRule;

    /// `SELECTOR=KIND@RATE`, e.g. `glue:GetTables=throttle@0.2`, `*=reset@0.01`,
    /// `GetResourceLFTags=timeout:5s@0.1`, `*=throttle|5xx|reset@0.2` (several kinds share the
    /// rule's faults). Kinds: throttle, 5xx, 503, reset, lost (carried out, answer dropped),
    /// timeout:DURATION (`500ms`, `5s`).
    fn from_str(text: &str) -> Result<Self, BadRule> {
        let bad = |why: &str| BadRule(format!("fault rule {text:?}: {why} (expected SELECTOR=KIND@RATE, e.g. glue:GetTables=throttle@0.2)"));
        let (selector, rest) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let (kind, rate) = rest.rsplit_once('@').ok_or_else(|| bad("no `@RATE`"))?;
        let rate: f64 = rate.trim().parse().map_err(|_| bad("the rate is not a number"))?;
        if !(rate > 0.0 && rate <= 1.0) {
            return Err(bad("the rate must be above 0 and at most 1"));
        }
        let kinds = kind
            .split('|')
            .map(|kind| match kind.trim() {
                "throttle" => Ok(FaultKind::Throttle),
                "5xx" | "500" => Ok(FaultKind::ServerError),
                "503" => Ok(FaultKind::Unavailable),
                "reset" => Ok(FaultKind::Reset),
                "lost" => Ok(FaultKind::Lost),
                other => match other.strip_prefix("timeout:") {
                    Some(d) => duration(d).map(FaultKind::Timeout).ok_or_else(|| bad("the timeout is not like 500ms or 5s")),
                    None => Err(bad("unknown kind (throttle, 5xx, 503, reset, lost, timeout:DURATION)")),
                },
            })
            .collect::<Result<Vec<_>, _>>()?;
        let selector = selector.trim();
        let selector = match selector.split_once(':') {
            _ if selector == "*" => Selector { service: None, operation: None },
            Some((s, o)) if !s.is_empty() && !o.is_empty() => {
                Selector { service: Some(s.to_owned()), operation: (o != "*").then(|| o.to_owned()) }
            }
            None if !selector.is_empty() => Selector { service: None, operation: Some(selector.to_owned()) },
            _ => return Err(bad("the selector is empty")),
        };
        Ok(FaultRule { selector, kinds, rate })
    }
}

/// `250ms`, `5s`.
pub fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Some(ms) = text.strip_suffix("ms") {
        ms.parse().ok().map(Duration::from_millis)
    } else {
        text.strip_suffix('s')?.parse::<f64>().ok().filter(|s| *s >= 0.0).map(Duration::from_secs_f64)
    }
}

/// Whether the `n`th matching call (from 0) of a rule of this rate fails: evenly spaced, so a
/// run is reproducible — rate 0.25 fails calls 3, 7, 11, …
pub fn strikes(rate: f64, n: u64) -> bool {
    ((n + 1) as f64 * rate).floor() > (n as f64 * rate).floor()
}

/// When and how a rule's matching calls fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Faults {
    /// Evenly spaced (`strikes`), the kinds taken in turn: the same calls fail on every run, and
    /// a retry right after a fault always gets through.
    Spaced,
    /// Each call independently with the rule's rate, the kind drawn too, from this seed: faults
    /// come in bursts (a retry may fail again) as a real service's do, and the `n`th call of a
    /// rule fails the same way on every run with the seed.
    Seeded(u64),
}

impl Faults {
    /// The kind the `n`th matching call of rule `rule` fails with, if it does; `struck` is how
    /// many of the rule's calls failed before it.
    pub fn decide(self, rule: usize, spec: &FaultRule, n: u64, struck: u64) -> Option<FaultKind> {
        let count = spec.kinds.len() as u64;
        let pick = |i: u64| spec.kinds.get(usize::try_from(i % count.max(1)).unwrap_or(0)).copied();
        match self {
            Faults::Spaced => strikes(spec.rate, n).then(|| pick(struck)).flatten(),
            Faults::Seeded(seed) => {
                let draw = mix(seed ^ mix(rule as u64 ^ mix(n)));
                // The top 53 bits as a number in [0, 1).
                let chance = (draw >> 11) as f64 / (1u64 << 53) as f64;
                (chance < spec.rate).then(|| pick(mix(draw))).flatten()
            }
        }
    }
}

/// SplitMix64's finaliser: a well-spread 64-bit hash, enough for reproducible fault draws.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An HTTP answer built here rather than forwarded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub reason: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The error AWS sends for `kind` on `call`, in its protocol's shape; `None` for the faults that
/// send nothing.
pub fn error_answer(kind: FaultKind, call: &Call, protocol: Protocol, request_id: &str) -> Option<Answer> {
    let (status, reason, json_code, query_code, message) = match kind {
        FaultKind::Throttle => (400, "Bad Request", "ThrottlingException", "Throttling", "Rate exceeded"),
        FaultKind::ServerError => {
            let code = match call.service.as_str() {
                "dynamodb" => "InternalServerError",
                "glue" | "lakeformation" => "InternalServiceException",
                _ => "InternalFailure",
            };
            (500, "Internal Server Error", code, "InternalFailure", "An internal error occurred (injected)")
        }
        FaultKind::Unavailable => {
            (503, "Service Unavailable", "ServiceUnavailable", "ServiceUnavailable", "Service unavailable (injected)")
        }
        FaultKind::Reset | FaultKind::Lost | FaultKind::Timeout(_) => return None,
    };
    let mut headers = vec![("x-amzn-RequestId".to_owned(), request_id.to_owned())];
    let body = match protocol {
        Protocol::AwsJson { minor } => {
            headers.push(("Content-Type".into(), format!("application/x-amz-json-1.{minor}")));
            headers.push(("x-amzn-ErrorType".into(), json_code.to_owned()));
            format!(r#"{{"__type":"{json_code}","message":"{message}"}}"#)
        }
        Protocol::RestJson => {
            headers.push(("Content-Type".into(), "application/json".to_owned()));
            headers.push(("x-amzn-ErrorType".into(), format!("{json_code}:")));
            format!(r#"{{"message":"{message}"}}"#)
        }
        Protocol::Query => {
            headers.push(("Content-Type".into(), "text/xml".to_owned()));
            let party = if status < 500 { "Sender" } else { "Receiver" };
            format!(
                "<ErrorResponse><Error><Type>{party}</Type><Code>{query_code}</Code><Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
            )
        }
    };
    Some(Answer { status, reason, headers, body: body.into_bytes() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(service: &str, operation: &str) -> Call {
        Call { service: service.into(), operation: operation.into() }
    }

    #[test]
    fn rules_read_with_selectors_kinds_and_rates() {
        let rule: FaultRule = "glue:GetTables=throttle@0.2".parse().expect("reads");
        assert_eq!(rule.kinds, [FaultKind::Throttle]);
        assert!(rule.selector.matches(&call("glue", "GetTables")));
        assert!(!rule.selector.matches(&call("glue", "GetDatabases")));
        let any: FaultRule = "*=timeout:250ms@1".parse().expect("reads");
        assert_eq!(any.kinds, [FaultKind::Timeout(Duration::from_millis(250))]);
        assert!(any.selector.matches(&call("sts", "AssumeRole")));
        let op: FaultRule = "GetResourceLFTags=reset@0.5".parse().expect("reads");
        assert!(op.selector.matches(&call("lakeformation", "GetResourceLFTags")));
        let service: FaultRule = "dynamodb:*=5xx@0.1".parse().expect("reads");
        assert!(service.selector.matches(&call("dynamodb", "PutItem")));
        let mixed: FaultRule = "*=throttle|503 | reset|lost|timeout:2s@0.2".parse().expect("reads");
        assert_eq!(
            mixed.kinds,
            [
                FaultKind::Throttle,
                FaultKind::Unavailable,
                FaultKind::Reset,
                FaultKind::Lost,
                FaultKind::Timeout(Duration::from_secs(2))
            ]
        );
    }

    #[test]
    fn bad_rules_say_what_is_wrong() {
        for (text, why) in [
            ("glue:GetTables", "no `=`"),
            ("glue:GetTables=throttle", "no `@RATE`"),
            ("x=throttle@2", "at most 1"),
            ("x=throttle@lots", "not a number"),
            ("x=melt@0.1", "unknown kind"),
            ("x=throttle|melt@0.1", "unknown kind"),
            ("x=throttle|@0.1", "unknown kind"),
            ("x=timeout:soon@0.1", "timeout"),
            ("=throttle@0.1", "selector is empty"),
        ] {
            let err = text.parse::<FaultRule>().expect_err(text);
            assert!(err.0.contains(why), "{text}: {err}");
        }
    }

    #[test]
    fn a_rate_strikes_that_share_of_calls_evenly() {
        let struck: Vec<u64> = (0..12).filter(|n| strikes(0.25, *n)).collect();
        assert_eq!(struck, vec![3, 7, 11]);
        assert_eq!((0..1000).filter(|n| strikes(0.1, *n)).count(), 100);
        assert!((0..5).all(|n| strikes(1.0, n)));
    }

    #[test]
    fn spaced_faults_take_the_kinds_in_turn() {
        let rule: FaultRule = "*=throttle|reset@0.5".parse().expect("reads");
        let kinds: Vec<Option<FaultKind>> = (0..6).map(|n| Faults::Spaced.decide(0, &rule, n, n / 2)).collect();
        let (t, r) = (Some(FaultKind::Throttle), Some(FaultKind::Reset));
        assert_eq!(kinds, [None, t, None, r, None, t]);
    }

    #[test]
    fn seeded_faults_keep_the_rate_come_in_bursts_and_repeat_with_the_seed() {
        let rule: FaultRule = "*=throttle|5xx|503|reset@0.2".parse().expect("reads");
        let run = |seed| (0..10_000).map(|n| Faults::Seeded(seed).decide(0, &rule, n, 0)).collect::<Vec<_>>();
        let first = run(7);
        assert_eq!(first, run(7), "the same seed fails the same calls the same way");
        assert_ne!(first, run(8));
        let failed = first.iter().flatten().count();
        assert!((1800..2200).contains(&failed), "about 20 %: {failed}");
        for kind in [FaultKind::Throttle, FaultKind::ServerError, FaultKind::Unavailable, FaultKind::Reset] {
            let share = first.iter().flatten().filter(|k| **k == kind).count();
            assert!((350..650).contains(&share), "{kind:?}: {share}");
        }
        assert!(first.windows(2).any(|w| w[0].is_some() && w[1].is_some()), "two calls in a row fail somewhere");
        // Another rule draws apart from the first.
        let other: Vec<_> = (0..10_000).map(|n| Faults::Seeded(7).decide(1, &rule, n, 0)).collect();
        assert_ne!(first, other);
    }

    #[test]
    fn throttling_takes_the_shape_of_each_protocol() {
        let glue = error_answer(FaultKind::Throttle, &call("glue", "GetTables"), Protocol::AwsJson { minor: 1 }, "r1")
            .expect("an answer");
        assert_eq!(glue.status, 400);
        assert_eq!(String::from_utf8_lossy(&glue.body), r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#);
        assert!(glue.headers.contains(&("Content-Type".into(), "application/x-amz-json-1.1".into())));

        let lf = error_answer(FaultKind::Throttle, &call("lakeformation", "ListPermissions"), Protocol::RestJson, "r2")
            .expect("an answer");
        assert!(lf.headers.contains(&("x-amzn-ErrorType".into(), "ThrottlingException:".into())));

        let sts = error_answer(FaultKind::Throttle, &call("sts", "AssumeRole"), Protocol::Query, "r3").expect("an answer");
        let xml = String::from_utf8_lossy(&sts.body);
        assert!(xml.contains("<Code>Throttling</Code>") && xml.contains("<Type>Sender</Type>"), "{xml}");
    }

    #[test]
    fn server_errors_use_each_services_code_and_silent_faults_send_nothing() {
        let ddb = error_answer(FaultKind::ServerError, &call("dynamodb", "PutItem"), Protocol::AwsJson { minor: 0 }, "r")
            .expect("an answer");
        assert_eq!(ddb.status, 500);
        assert!(String::from_utf8_lossy(&ddb.body).contains("InternalServerError"));
        let glue = error_answer(FaultKind::Unavailable, &call("glue", "GetTables"), Protocol::AwsJson { minor: 1 }, "r")
            .expect("an answer");
        assert_eq!(glue.status, 503);
        assert!(error_answer(FaultKind::Reset, &call("glue", "GetTables"), Protocol::AwsJson { minor: 1 }, "r").is_none());
    }
}
