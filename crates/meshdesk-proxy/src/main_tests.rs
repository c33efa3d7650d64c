//! The command line: what each option sets, and which argument a refusal names.

use super::*;

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

fn refused(words: &[&str]) -> ArgError {
    parse(args(words)).expect_err("refused")
}

#[test]
fn every_option_is_read() {
    let options = parse(args(&[
        "--upstream",
        "127.0.0.1:5000",
        "--listen",
        "127.0.0.1:7000",
        "--latency",
        "30ms",
        "--fault",
        "glue:GetTables=throttle@0.5",
        "--fault",
        "*=reset@0.01",
    ]))
    .expect("valid")
    .expect("not help");
    assert_eq!(options.listen, "127.0.0.1:7000".parse().expect("addr"));
    assert_eq!(options.config.upstream, "127.0.0.1:5000".parse().expect("addr"));
    assert_eq!(options.config.latency, Duration::from_millis(30));
    assert_eq!(options.config.faults.len(), 2);
}

#[test]
fn only_the_upstream_is_needed_and_the_proxy_listens_on_a_free_loopback_port() {
    let options = parse(args(&["--upstream", "127.0.0.1:5000"])).expect("valid").expect("not help");
    assert_eq!(options.listen, "127.0.0.1:0".parse().expect("addr"));
    assert_eq!(options.config.latency, Duration::ZERO);
    assert!(options.config.faults.is_empty());
    assert!(parse(args(&["--upstream", "127.0.0.1:5000", "--help"])).expect("help").is_none());
}

#[test]
fn a_refusal_names_the_argument_and_what_was_wrong() {
    assert_eq!(refused(&[]), ArgError::Required { flag: "--upstream" });
    assert_eq!(refused(&["--upstream"]), ArgError::NoValue { flag: "--upstream".into() });
    assert_eq!(refused(&["--upstream", "x", "--verbose"]), ArgError::Unknown { argument: "--verbose".into() });
    assert_eq!(refused(&["--upstream", "localhost"]).to_string(), r#"--upstream "localhost" is not HOST:PORT"#);
    assert_eq!(
        refused(&["--upstream", "127.0.0.1:5000", "--listen", ":80"]).to_string(),
        r#"--listen ":80" is not HOST:PORT"#
    );
    assert_eq!(
        refused(&["--upstream", "127.0.0.1:5000", "--latency", "fast"]).to_string(),
        r#"--latency "fast" is not a duration like 30ms or 0.03s"#
    );
    let fault = refused(&["--upstream", "127.0.0.1:5000", "--fault", "glue=throttle@2"]);
    assert!(matches!(fault, ArgError::BadFault(_)), "{fault:?}");
    assert!(fault.to_string().starts_with(r#"--fault: fault rule "glue=throttle@2": the rate"#), "{fault}");
}
