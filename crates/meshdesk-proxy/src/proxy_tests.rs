//! Tests of the loopback proxy: forwarding, latency, counts per API and each kind of injected fault.

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::*;
use crate::http::read_response;

/// An upstream that answers every request with its own operation in the body, then closes.
fn upstream() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let Ok(Some(request)) = read_request(&mut reader) else { return };
                let target = request.header("x-amz-target").unwrap_or("none").to_owned();
                let body = format!(r#"{{"target":"{target}","got":{}}}"#, request.body.len());
                let mut out = stream;
                let _ = write!(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n", body.len());
            });
        }
    });
    addr
}

fn glue(operation: &str) -> String {
    let body = "{\"DatabaseName\":\"sales\"}";
    format!(
        "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=K/20260101/eu-west-1/glue/aws4_request, Signature=s\r\nX-Amz-Target: AWSGlue.{operation}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn start(latency_ms: u64, faults: &[&str]) -> Proxy {
    let config = Config {
        upstream: upstream(),
        latency: Duration::from_millis(latency_ms),
        faults: faults.iter().map(|f| f.parse().expect("a rule")).collect(),
        pattern: crate::fault::Faults::Spaced,
    };
    Proxy::start("127.0.0.1:0".parse().expect("an address"), config).expect("starts")
}

fn send(conn: &mut BufReader<TcpStream>, request: &str) -> std::io::Result<http::Response> {
    conn.get_mut().write_all(request.as_bytes())?;
    read_response(conn, "POST")
}

fn connect(proxy: &Proxy) -> BufReader<TcpStream> {
    BufReader::new(TcpStream::connect(proxy.addr()).expect("connects"))
}

#[test]
fn calls_are_forwarded_on_one_kept_alive_connection_delayed_and_counted_per_api() {
    let proxy = start(30, &[]);
    let mut conn = connect(&proxy);
    let started = Instant::now();
    for operation in ["GetTables", "GetTables", "GetDatabases"] {
        let answer = send(&mut conn, &glue(operation)).expect("answered");
        assert!(answer.status_line.contains("200"), "{}", answer.status_line);
        assert_eq!(String::from_utf8_lossy(&answer.body), format!(r#"{{"target":"AWSGlue.{operation}","got":24}}"#));
    }
    assert!(started.elapsed() >= Duration::from_millis(90), "every call waits the latency");
    let calls = proxy.calls();
    assert_eq!((calls["glue:GetTables"], calls["glue:GetDatabases"]), (2, 1));

    let listing = send(&mut conn, "GET /__proxy/calls HTTP/1.1\r\nHost: x\r\n\r\n").expect("the counts");
    assert_eq!(String::from_utf8_lossy(&listing.body), "glue:GetDatabases 1\nglue:GetTables 2\n");
    send(&mut conn, "POST /__proxy/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").expect("reset");
    assert!(proxy.calls().is_empty());

    // A client that asks to close reads the answer to the end of the connection.
    conn.get_mut().write_all(b"GET /__proxy/calls HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("sent");
    let mut rest = String::new();
    conn.read_to_string(&mut rest).expect("closed after the answer");
    assert!(rest.starts_with("HTTP/1.1 200 OK"), "{rest}");
}

#[test]
fn a_throttled_api_fails_at_its_rate_in_the_json_shape_and_others_pass() {
    let proxy = start(0, &["glue:GetTables=throttle@0.5"]);
    let mut conn = connect(&proxy);
    let statuses: Vec<String> = (0..4)
        .map(|_| send(&mut conn, &glue("GetTables")).expect("answered"))
        .map(|a| {
            if a.status_line.contains("400") {
                assert_eq!(String::from_utf8_lossy(&a.body), r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#);
            }
            a.status_line.split(' ').nth(1).unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(statuses, ["200", "400", "200", "400"]);
    assert!(send(&mut conn, &glue("GetDatabases")).expect("answered").status_line.contains("200"));
    assert_eq!(proxy.calls()["fault:glue:GetTables:throttle"], 2);
}

#[test]
fn faults_set_while_running_apply_on_open_connections() {
    let proxy = start(0, &[]);
    let mut conn = connect(&proxy);
    assert!(send(&mut conn, &glue("GetTables")).expect("answered").status_line.contains("200"));
    proxy.set_faults(vec!["glue:*=503@1".parse().expect("a rule")], crate::fault::Faults::Seeded(1));
    assert!(send(&mut conn, &glue("GetTables")).expect("answered").status_line.contains("503"));
    proxy.set_faults(Vec::new(), crate::fault::Faults::Spaced);
    assert!(send(&mut conn, &glue("GetTables")).expect("answered").status_line.contains("200"));
    let calls = proxy.calls();
    assert_eq!((calls["glue:GetTables"], calls["fault:glue:GetTables:503"]), (3, 1));
}

#[test]
fn a_lost_answer_reaches_the_upstream_but_the_client_gets_nothing() {
    let (seen_tx, seen_rx) = std::sync::mpsc::channel();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let upstream = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            if let Ok(Some(request)) = read_request(&mut reader) {
                let _ = seen_tx.send(request.header("x-amz-target").unwrap_or_default().to_owned());
            }
            let mut out = stream;
            let _ = out.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        }
    });
    let config = Config {
        upstream,
        latency: Duration::ZERO,
        faults: vec!["glue:PutItem=lost@1".parse().expect("a rule")],
        pattern: crate::fault::Faults::Spaced,
    };
    let proxy = Proxy::start("127.0.0.1:0".parse().expect("an address"), config).expect("starts");
    let mut conn = connect(&proxy);
    assert!(send(&mut conn, &glue("PutItem")).is_err(), "no answer reaches the client");
    assert_eq!(seen_rx.recv_timeout(Duration::from_secs(5)).expect("the upstream got the call"), "AWSGlue.PutItem");
    assert_eq!(proxy.calls()["fault:glue:PutItem:lost"], 1);
}

#[test]
fn a_reset_closes_the_connection_and_a_timeout_answers_nothing_for_its_time() {
    let proxy = start(0, &["GetTables=reset@1", "GetDatabases=timeout:200ms@1"]);
    let mut conn = connect(&proxy);
    assert!(send(&mut conn, &glue("GetTables")).is_err(), "no answer on a reset connection");
    let mut rest = Vec::new();
    assert_eq!(conn.read_to_end(&mut rest).map(|_| rest.len()).unwrap_or(0), 0);

    let mut conn = connect(&proxy);
    let started = Instant::now();
    assert!(send(&mut conn, &glue("GetDatabases")).is_err());
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[test]
fn an_upstream_that_is_down_is_a_502_naming_it() {
    let closed = TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("its address");
    let proxy = Proxy::start(
        "127.0.0.1:0".parse().expect("an address"),
        Config { upstream: closed, latency: Duration::ZERO, faults: Vec::new(), pattern: crate::fault::Faults::Spaced },
    )
    .expect("starts");
    let answer = send(&mut connect(&proxy), &glue("GetTables")).expect("answered");
    assert!(answer.status_line.contains("502"));
    assert!(String::from_utf8_lossy(&answer.body).contains(&closed.to_string()));
}

#[test]
fn a_hold_lets_n_writes_through_and_never_forwards_or_answers_a_later_one() {
    let proxy = start(0, &[]);
    proxy.hold_writes_after(Some(1));
    let mut conn = connect(&proxy);
    for operation in ["GetTables", "UpdateTable", "GetTables"] {
        let answer = send(&mut conn, &glue(operation)).expect("answered");
        assert!(answer.status_line.contains("200"), "{operation}: {}", answer.status_line);
    }
    // The second write waits unanswered while the hold stands…
    let mut held = connect(&proxy);
    held.get_mut().set_read_timeout(Some(Duration::from_millis(300))).expect("timeout");
    held.get_mut().write_all(glue("UpdateTable").as_bytes()).expect("sent");
    let mut byte = [0u8; 1];
    let waited = held.get_mut().read(&mut byte);
    assert!(waited.is_err(), "a held write got an answer: {waited:?}");
    assert_eq!(proxy.held(), ["glue:UpdateTable"]);
    // …and lifting the hold drops it: the connection closes without an answer.
    proxy.hold_writes_after(None);
    held.get_mut().set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
    assert_eq!(held.get_mut().read(&mut byte).expect("closed"), 0, "closed, no answer");
    let calls = proxy.calls();
    assert_eq!(calls.get("glue:UpdateTable"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("held:glue:UpdateTable"), Some(&1), "{calls:?}");
    // Reads pass a hold.
    proxy.hold_writes_after(Some(0));
    let answer = send(&mut conn, &glue("GetDatabases")).expect("a read passes");
    assert!(answer.status_line.contains("200"));
}

#[test]
fn serialized_writes_reach_the_upstream_one_at_a_time() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // An upstream that takes 100 ms per request and notes how many it served at once.
    static NOW: AtomicUsize = AtomicUsize::new(0);
    static MOST: AtomicUsize = AtomicUsize::new(0);
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let upstream = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let Ok(Some(_)) = read_request(&mut reader) else { return };
                MOST.fetch_max(NOW.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(100));
                NOW.fetch_sub(1, Ordering::SeqCst);
                let mut out = stream;
                let _ = write!(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}");
            });
        }
    });
    let proxy = Proxy::start("127.0.0.1:0".parse().expect("an address"), Config { upstream, latency: Duration::ZERO, faults: vec![], pattern: crate::fault::Faults::Spaced })
        .expect("starts");
    proxy.serialize_writes(true);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| send(&mut connect(&proxy), &glue("UpdateTable")).expect("answered"));
        }
    });
    assert_eq!(MOST.load(Ordering::SeqCst), 1, "never two writes upstream at once");
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
}
