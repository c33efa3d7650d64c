//! How every AWS client of the mesh retries and gives up: the SDK's standard mode (exponential
//! backoff with full jitter, a retry quota, throttling errors told apart), with more attempts
//! than the SDK's default three — a crawl makes hundreds of calls, and one that fails for good
//! costs its whole account — and timeouts, so a call that hangs becomes a timeout the SDK
//! retries instead of a refresh that never ends.
//!
//! The user's own AWS settings still decide: `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` in the
//! environment, else `max_attempts` / `retry_mode` in the profile, as for the AWS CLI. aws-config
//! reads them only when no retry configuration is given (and panics on a bad value), so they are
//! read here, with a bad value an error naming where it was written.

use std::time::Duration;

use aws_config::retry::{RetryConfig, RetryMode};
use aws_config::timeout::TimeoutConfig;

use crate::error::{AwsError, ErrorKind};
use crate::profiles;

/// Attempts per call (the first and five retries) unless the user's settings say otherwise: at a
/// fault rate of 20 %, a call fails all six times about once in 15,000.
pub const MAX_ATTEMPTS: u32 = 6;
/// The base of the exponential backoff: retry `i` waits a random time up to `base × 2^i`
/// (full jitter), at most `MAX_BACKOFF`. 100 ms is the base of the AWS SDK for Java's standard
/// mode; with six attempts a call waits up to 3.1 s in all before it gives up.
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(100);
/// The cap of one wait, as in AWS's standard retry mode.
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);
/// Connecting: the SDK's own default.
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// From sending a request to the first byte of its answer: AWS answers the calls Meshdesk makes
/// (one page of a listing, one item) well within it, so a call past it is taken as hung.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// One attempt, answer read to the end.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Environment variables that override the profile, as for every AWS SDK.
const MAX_ATTEMPTS_ENV: &str = "AWS_MAX_ATTEMPTS";
const RETRY_MODE_ENV: &str = "AWS_RETRY_MODE";

/// The retry and timeout configuration of the clients of `profile`.
pub fn policy(profile: &str) -> Result<(RetryConfig, TimeoutConfig), AwsError> {
    let config_text = std::fs::read_to_string(profiles::config_file()).unwrap_or_default();
    let setting = |env: &str, key: &str| -> Option<(String, String)> {
        match std::env::var(env) {
            Ok(value) if !value.trim().is_empty() => Some((value, format!("the environment variable {env}"))),
            _ => profiles::config_setting(&config_text, profile, key)
                .map(|value| (value, format!("`{key}` of profile {profile:?}"))),
        }
    };
    let attempts = setting(MAX_ATTEMPTS_ENV, "max_attempts").map(|(v, at)| max_attempts(&v, &at)).transpose()?;
    let mode = setting(RETRY_MODE_ENV, "retry_mode").map(|(v, at)| retry_mode(&v, &at)).transpose()?;
    Ok((retry_config(mode, attempts), timeout_config()))
}

/// The retry configuration, with the user's mode and attempts where they set them.
pub fn retry_config(mode: Option<RetryMode>, attempts: Option<u32>) -> RetryConfig {
    RetryConfig::standard()
        .with_retry_mode(mode.unwrap_or(RetryMode::Standard))
        .with_max_attempts(attempts.unwrap_or(MAX_ATTEMPTS))
        .with_initial_backoff(INITIAL_BACKOFF)
        .with_max_backoff(MAX_BACKOFF)
}

pub fn timeout_config() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .build()
}

fn invalid(at: &str, detail: String) -> AwsError {
    AwsError::Call { kind: ErrorKind::Invalid, context: at.to_owned(), detail }
}

/// `max_attempts`: a whole number of at least 1 (1 = no retries).
fn max_attempts(value: &str, at: &str) -> Result<u32, AwsError> {
    match value.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(invalid(at, format!("{value:?} is not a number of attempts: expected a whole number of at least 1"))),
    }
}

/// `retry_mode`: `standard` or `adaptive` (the SDK's `legacy` is not offered by the Rust SDK).
fn retry_mode(value: &str, at: &str) -> Result<RetryMode, AwsError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "standard" => Ok(RetryMode::Standard),
        "adaptive" => Ok(RetryMode::Adaptive),
        _ => Err(invalid(at, format!("{value:?} is not a retry mode: expected standard or adaptive"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_standard_mode_with_six_attempts_and_jittered_backoff_capped_at_twenty_seconds() {
        let config = retry_config(None, None);
        assert_eq!(config.mode(), RetryMode::Standard);
        assert_eq!(config.max_attempts(), MAX_ATTEMPTS);
        assert_eq!((config.initial_backoff(), config.max_backoff()), (INITIAL_BACKOFF, MAX_BACKOFF));
        // Full jitter: the SDK's exponential base stays random unless a test pins it.
        assert!(!config.use_static_exponential_base());
        let timeouts = timeout_config();
        assert_eq!(timeouts.connect_timeout(), Some(CONNECT_TIMEOUT));
        assert_eq!(timeouts.read_timeout(), Some(READ_TIMEOUT));
        assert_eq!(timeouts.operation_attempt_timeout(), Some(ATTEMPT_TIMEOUT));
    }

    #[test]
    fn the_users_mode_and_attempts_win() {
        let config = retry_config(Some(RetryMode::Adaptive), Some(2));
        assert_eq!((config.mode(), config.max_attempts()), (RetryMode::Adaptive, 2));
    }

    #[test]
    fn bad_settings_say_where_they_were_written() {
        for (value, why) in [("0", "at least 1"), ("lots", "whole number"), ("-3", "whole number")] {
            let err = max_attempts(value, "`max_attempts` of profile \"hub\"").expect_err(value).to_string();
            assert!(err.contains("profile \"hub\"") && err.contains(why), "{err}");
        }
        assert_eq!(max_attempts(" 8 ", "x").expect("reads"), 8);
        let err = retry_mode("legacy", "the environment variable AWS_RETRY_MODE").expect_err("legacy").to_string();
        assert!(err.contains("AWS_RETRY_MODE") && err.contains("standard or adaptive"), "{err}");
        assert_eq!(retry_mode("Adaptive", "x").expect("reads"), RetryMode::Adaptive);
    }
}
