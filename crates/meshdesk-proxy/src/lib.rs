//! A loopback HTTP proxy between AWS clients and the moto emulator, so a benchmark or a test
//! sees what real AWS would make it pay: every call waits a configured latency, is counted per
//! API (`service:Operation`), and may fail as configured per API (throttling, server errors,
//! closed connections, timeouts, answers lost after the call was carried out) in the error
//! shape of the call's protocol.
//!
//! Control endpoints on the proxy itself (never forwarded): `GET /__proxy/calls` lists
//! `service:Operation count` lines (and `fault:service:Operation:kind count` for injected
//! faults, `held:service:Operation count` for held writes), `POST /__proxy/reset` zeroes the
//! counts.
//!
//! A hold on writes (`hold_writes_after(Some(n))`, `--hold-after N`) lets the first `n` calls
//! that change state through and holds every later one: never forwarded, never answered, its
//! connection closed only when the hold is lifted or the proxy stops. A crash test kills its
//! client while a call is held — the process dies between two writes, exactly after write `n`.
//! `serialize_writes(true)` (`--serialize-writes`) sends writes upstream one at a time.

pub mod api;
pub mod fault;
pub mod http;

use std::collections::BTreeMap;
use std::io::{self, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::api::{Call, identify};
use crate::fault::{FaultKind, FaultRule, Faults, error_answer};
use crate::http::{Request, read_request, read_response, write_request, write_response};

/// How the proxy behaves (its faults can be changed while it runs: `Proxy::set_faults`).
#[derive(Debug, Clone)]
pub struct Config {
    /// Where calls go (the emulator).
    pub upstream: SocketAddr,
    /// Added to every forwarded or failed call before it is answered.
    pub latency: Duration,
    /// The first rule matching a call decides whether it fails.
    pub faults: Vec<FaultRule>,
    /// Evenly spaced faults, or drawn from a seed.
    pub pattern: Faults,
}

#[derive(Debug)]
struct State {
    calls: BTreeMap<String, u64>,
    /// The rules in force (`Config::faults` until `Proxy::set_faults`).
    rules: Vec<FaultRule>,
    pattern: Faults,
    /// How many calls each rule has matched, to space its faults.
    matched: Vec<u64>,
    /// How many of them it failed, to take its kinds in turn.
    struck: Vec<u64>,
    /// Writes let through before every later one is held; `None`: no hold.
    hold_after: Option<u64>,
    /// Writes forwarded (or failed by a fault) so far.
    writes: u64,
    /// The writes held so far, in the order they came.
    held: Vec<String>,
    stopped: bool,
    /// Set when writes go to the upstream one at a time (`serialize_writes`).
    serial: Option<Arc<Mutex<()>>>,
}

/// A running proxy; it stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

impl Proxy {
    /// Listens on `listen` (port 0 for any free one) and serves each connection on a thread.
    pub fn start(listen: SocketAddr, config: Config) -> io::Result<Proxy> {
        let listener = TcpListener::bind(listen)?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            calls: BTreeMap::new(),
            rules: Vec::new(),
            pattern: config.pattern,
            matched: Vec::new(),
            struck: Vec::new(),
            hold_after: None,
            writes: 0,
            held: Vec::new(),
            stopped: false,
            serial: None,
        }));
        state.lock().unwrap_or_else(PoisonError::into_inner).set_rules(config.faults.clone(), config.pattern);
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopping, config) = (Arc::clone(&state), Arc::clone(&stop), Arc::new(config));
        std::thread::Builder::new().name("proxy-accept".into()).spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let (state, config) = (Arc::clone(&shared), Arc::clone(&config));
                let _ = std::thread::Builder::new().name("proxy-conn".into()).spawn(move || {
                    let _ = serve(stream, &config, &state);
                });
            }
        })?;
        Ok(Proxy { addr, state, stop })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Calls so far by `service:Operation`, and injected faults as `fault:service:Operation:kind`.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).calls.clone()
    }

    pub fn reset(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.clear();
    }

    /// Replaces the fault rules from the next call on, also on connections already open (a
    /// client's pool keeps them), and zeroes their spacing; the counts of calls stay.
    pub fn set_faults(&self, faults: Vec<FaultRule>, pattern: Faults) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).set_rules(faults, pattern);
    }

    /// Lets `after` more writes through, then holds every later one (see the crate's doc);
    /// `None` lifts the hold: calls held until now are dropped unanswered, never forwarded.
    pub fn hold_writes_after(&self, after: Option<u64>) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.hold_after = after.map(|n| state.writes + n);
    }

    /// Forwards writes one at a time (reads still run beside them). moto checks a conditional
    /// write's condition and stores the item without a lock, so two writers racing on one key
    /// can both win; DynamoDB never lets them. One write at a time gives moto DynamoDB's
    /// guarantee, so a race test judges the code racing, not the emulator.
    pub fn serialize_writes(&self, on: bool) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).serial = on.then(|| Arc::new(Mutex::new(())));
    }

    /// The writes held so far (`service:Operation`), in the order they came.
    pub fn held(&self) -> Vec<String> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).held.clone()
    }

    /// Runs until the process ends (for the binary).
    pub fn serve_forever(self) -> ! {
        loop {
            std::thread::park();
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.state.lock().unwrap_or_else(PoisonError::into_inner).stopped = true;
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

impl State {
    fn set_rules(&mut self, rules: Vec<FaultRule>, pattern: Faults) {
        (self.matched, self.struck) = (vec![0; rules.len()], vec![0; rules.len()]);
        (self.rules, self.pattern) = (rules, pattern);
    }

    fn clear(&mut self) {
        self.calls.clear();
        self.matched.iter_mut().chain(self.struck.iter_mut()).for_each(|m| *m = 0);
    }
}

/// The fault the first matching rule decides for this call, counting the call against it.
fn decide(state: &Mutex<State>, call: &Call) -> Option<FaultKind> {
    let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
    *state.calls.entry(call.to_string()).or_default() += 1;
    let rule = state.rules.iter().position(|r| r.selector.matches(call))?;
    let n = state.matched[rule];
    state.matched[rule] += 1;
    let kind = state.pattern.decide(rule, &state.rules[rule], n, state.struck[rule])?;
    state.struck[rule] += 1;
    *state.calls.entry(format!("fault:{call}:{}", kind_name(kind))).or_default() += 1;
    Some(kind)
}

/// Counts a write, or — past the hold — holds it until the hold is lifted or the proxy stops;
/// true when it was held (and must be dropped).
fn held(state: &Mutex<State>, call: &Call) -> bool {
    {
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.hold_after.is_none_or(|n| state.writes < n) {
            state.writes += 1;
            return false;
        }
        state.held.push(call.to_string());
        *state.calls.entry(format!("held:{call}")).or_default() += 1;
    }
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let state = state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.stopped || state.hold_after.is_none() {
            return true;
        }
    }
}

fn kind_name(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Throttle => "throttle",
        FaultKind::ServerError => "5xx",
        FaultKind::Unavailable => "503",
        FaultKind::Reset => "reset",
        FaultKind::Lost => "lost",
        FaultKind::Timeout(_) => "timeout",
    }
}

/// Serves one client connection, request after request, until it closes or a fault closes it.
fn serve(stream: TcpStream, config: &Config, state: &Mutex<State>) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    while let Some(request) = read_request(&mut reader)? {
        // The client asked to close after this answer (and may read to the end to find it).
        let last = request.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close"));
        if let Some(answer) = control(&request, state) {
            write_response(&mut out, "HTTP/1.1 200 OK", &[("Content-Type".into(), "text/plain".into())], &answer)?;
            if last {
                return out.shutdown(Shutdown::Both);
            }
            continue;
        }
        let (call, protocol) = identify(&request.path, &request.headers, &request.body);
        if call.is_write() && held(state, &call) {
            return out.shutdown(Shutdown::Both);
        }
        let fault = decide(state, &call);
        std::thread::sleep(config.latency);
        let request_id = format!("meshdesk-proxy-{}", REQUEST_IDS.fetch_add(1, Ordering::Relaxed));
        match fault {
            Some(FaultKind::Reset) => return out.shutdown(Shutdown::Both),
            Some(FaultKind::Lost) => {
                forward(&request, config.upstream, &mut io::sink())?;
                return out.shutdown(Shutdown::Both);
            }
            Some(FaultKind::Timeout(wait)) => {
                std::thread::sleep(wait);
                return out.shutdown(Shutdown::Both);
            }
            Some(kind) => {
                if let Some(a) = error_answer(kind, &call, protocol, &request_id) {
                    write_response(&mut out, &format!("HTTP/1.1 {} {}", a.status, a.reason), &a.headers, &a.body)?;
                }
            }
            None => {
                let serial = call.is_write().then(|| state.lock().unwrap_or_else(PoisonError::into_inner).serial.clone());
                let serial = serial.flatten();
                let _one_at_a_time = serial.as_ref().map(|s| s.lock().unwrap_or_else(PoisonError::into_inner));
                forward(&request, config.upstream, &mut out)?;
            }
        }
        if last {
            return out.shutdown(Shutdown::Both);
        }
    }
    Ok(())
}

fn forward(request: &Request, upstream: SocketAddr, out: &mut impl Write) -> io::Result<()> {
    let answer = TcpStream::connect(upstream).and_then(|mut up| {
        write_request(&mut up, request)?;
        read_response(&mut BufReader::new(up), &request.method)
    });
    match answer {
        Ok(r) => write_response(out, &r.status_line, &r.headers, &r.body),
        Err(e) => {
            let body = format!("meshdesk-proxy: the upstream {upstream} did not answer: {e}");
            write_response(out, "HTTP/1.1 502 Bad Gateway", &[("Content-Type".into(), "text/plain".into())], body.as_bytes())
        }
    }
}

fn control(request: &Request, state: &Mutex<State>) -> Option<Vec<u8>> {
    let path = request.path.split('?').next().unwrap_or("");
    let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
    match (request.method.as_str(), path) {
        ("GET", "/__proxy/calls") => {
            Some(state.calls.iter().map(|(k, v)| format!("{k} {v}\n")).collect::<String>().into_bytes())
        }
        ("POST", "/__proxy/reset") => {
            state.clear();
            Some(b"reset\n".to_vec())
        }
        // `?after=N` holds writes after N more; no value lifts the hold.
        ("POST", "/__proxy/hold") => {
            let after = request.path.split_once("?after=").and_then(|(_, n)| n.parse::<u64>().ok());
            state.hold_after = after.map(|n| state.writes + n);
            Some(format!("hold after {after:?}\n").into_bytes())
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "proxy_tests.rs"]
mod tests;
