//! `meshdesk-proxy --upstream HOST:PORT [--listen HOST:PORT] [--latency 30ms] [--seed N] [--fault RULE]... [--hold-after N] [--serialize-writes]`
//! Prints `listening on HOST:PORT` once ready, then serves until killed.

use std::fmt;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use meshdesk_proxy::fault::{BadRule, FaultRule, Faults, duration};
use meshdesk_proxy::{Config, Proxy};

const USAGE: &str = "usage: meshdesk-proxy --upstream HOST:PORT [--listen HOST:PORT] [--latency 30ms] [--seed N] [--fault SELECTOR=KIND@RATE]...
       [--hold-after N] [--serialize-writes]
  SELECTOR: *, OPERATION or service:OPERATION (glue:GetTables, lakeformation:*, sts:AssumeRole)
  KIND: throttle | 5xx | 503 | reset | lost | timeout:DURATION, or several as KIND|KIND|...
        (lost: carried out upstream, the answer dropped)
  RATE: 0 < rate <= 1; evenly spaced, kinds in turn, unless --seed N draws each call (reproducibly)
  --serialize-writes: send calls that write to the upstream one at a time (moto does not isolate racing conditional writes)
  --hold-after N: forward the first N calls that write, hold every later one unanswered (a crash test kills its client then)
  GET /__proxy/calls lists calls per API; POST /__proxy/reset zeroes them; POST /__proxy/hold?after=N moves the hold, without N lifts it.";

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1).collect()) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("meshdesk-proxy: {error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match Proxy::start(options.listen, options.config) {
        Ok(proxy) => {
            proxy.hold_writes_after(options.hold_after);
            proxy.serialize_writes(options.serialize);
            println!("listening on {}", proxy.addr());
            proxy.serve_forever()
        }
        Err(error) => {
            eprintln!("meshdesk-proxy: cannot listen on {}: {error}", options.listen);
            ExitCode::from(2)
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
struct Options {
    listen: SocketAddr,
    config: Config,
    /// `--hold-after N`: writes let through before every later one is held.
    hold_after: Option<u64>,
    /// `--serialize-writes`.
    serialize: bool,
}

/// A command line the proxy cannot run with: which argument, and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ArgError {
    /// The option came last, without its value.
    NoValue { flag: String },
    /// The option's value does not read; `expected` says what would.
    BadValue { flag: String, value: String, expected: &'static str },
    /// A `--fault` rule that does not read (the rule's own error says where).
    BadFault(BadRule),
    /// Not an option the proxy knows.
    Unknown { argument: String },
    /// An option the proxy cannot run without.
    Required { flag: &'static str },
}

impl ArgError {
    fn bad(flag: &str, value: &str, expected: &'static str) -> Self {
        ArgError::BadValue { flag: flag.to_owned(), value: value.to_owned(), expected }
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::NoValue { flag } => write!(f, "{flag} needs a value"),
            ArgError::BadValue { flag, value, expected } => write!(f, "{flag} {value:?} is not {expected}"),
            ArgError::BadFault(rule) => write!(f, "--fault: {rule}"),
            ArgError::Unknown { argument } => write!(f, "unknown argument {argument:?}"),
            ArgError::Required { flag } => write!(f, "{flag} is required"),
        }
    }
}

impl std::error::Error for ArgError {}

/// The options, or `None` when help was asked for. One arm per option: a new option is a new arm.
fn parse(args: Vec<String>) -> Result<Option<Options>, ArgError> {
    let mut upstream = None;
    let mut listen = "127.0.0.1:0".to_owned();
    let mut latency = Duration::ZERO;
    let mut faults: Vec<FaultRule> = Vec::new();
    let mut hold_after = None;
    let mut serialize = false;
    let mut pattern = Faults::Spaced;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| ArgError::NoValue { flag: flag.clone() });
        match flag.as_str() {
            "--upstream" => upstream = Some(value()?),
            "--listen" => listen = value()?,
            "--latency" => {
                let v = value()?;
                latency = duration(&v).ok_or_else(|| ArgError::bad(&flag, &v, "a duration like 30ms or 0.03s"))?;
            }
            "--fault" => faults.push(value()?.parse().map_err(ArgError::BadFault)?),
            "--serialize-writes" => serialize = true,
            "--hold-after" => {
                let v = value()?;
                hold_after = Some(v.parse::<u64>().map_err(|_| ArgError::bad(&flag, &v, "a number of writes"))?);
            }
            "--seed" => {
                let v = value()?;
                pattern = Faults::Seeded(v.parse().map_err(|_| ArgError::bad(&flag, &v, "a whole number"))?);
            }
            "-h" | "--help" => return Ok(None),
            other => return Err(ArgError::Unknown { argument: other.to_owned() }),
        }
    }
    let upstream = upstream.ok_or(ArgError::Required { flag: "--upstream" })?;
    let upstream = upstream.parse().map_err(|_| ArgError::bad("--upstream", &upstream, "HOST:PORT"))?;
    let listen = listen.parse().map_err(|_| ArgError::bad("--listen", &listen, "HOST:PORT"))?;
    Ok(Some(Options { listen, config: Config { upstream, latency, faults, pattern }, hold_after, serialize }))
}

#[cfg(test)]
#[path = "main_tests.rs"]
mod tests;
