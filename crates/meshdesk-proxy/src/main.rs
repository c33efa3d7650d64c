//! `meshdesk-proxy --upstream HOST:PORT [--listen HOST:PORT] [--latency 30ms] [--seed N] [--fault RULE]... [--hold-after N] [--serialize-writes]`
//! Prints `listening on HOST:PORT` once ready, then serves until killed.

use std::process::ExitCode;
use std::time::Duration;

use meshdesk_proxy::fault::{FaultRule, Faults, duration};
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
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("meshdesk-proxy: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut upstream = None;
    let mut listen = "127.0.0.1:0".to_owned();
    let mut latency = Duration::ZERO;
    let mut faults: Vec<FaultRule> = Vec::new();
    let mut hold_after = None;
    let mut serialize = false;
    let mut pattern = Faults::Spaced;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--upstream" => upstream = Some(value()?),
            "--listen" => listen = value()?,
            "--latency" => {
                let v = value()?;
                latency = duration(&v).ok_or_else(|| format!("--latency {v:?} is not like 30ms or 0.03s"))?;
            }
            "--fault" => faults.push(value()?.parse().map_err(|e| format!("{e}"))?),
            "--serialize-writes" => serialize = true,
            "--hold-after" => {
                let v = value()?;
                hold_after = Some(v.parse::<u64>().map_err(|_| format!("--hold-after {v:?} is not a number of writes"))?);
            }
            "--seed" => {
                let v = value()?;
                pattern = Faults::Seeded(v.parse().map_err(|_| format!("--seed {v:?} is not a whole number"))?);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let upstream = upstream.ok_or("--upstream is required")?;
    let upstream = upstream.parse().map_err(|_| format!("--upstream {upstream:?} is not HOST:PORT"))?;
    let listen = listen.parse().map_err(|_| format!("--listen {listen:?} is not HOST:PORT"))?;
    let proxy = Proxy::start(listen, Config { upstream, latency, faults, pattern }).map_err(|e| format!("cannot listen: {e}"))?;
    proxy.hold_writes_after(hold_after);
    proxy.serialize_writes(serialize);
    println!("listening on {}", proxy.addr());
    proxy.serve_forever()
}
