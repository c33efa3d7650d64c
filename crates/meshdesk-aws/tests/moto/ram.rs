//! A stand-in for AWS RAM beside moto, which has no resource share invitations (its RAM answers
//! `GetResourceShareInvitations` with a 404). It answers as RAM does for accounts of one
//! organisation, where Lake Formation shares without invitations: none pending. The profiles
//! reach it the way any AWS user points one service elsewhere, a `[services]` section with its
//! `endpoint_url` (see `server::config`). Accepting invitations is tested on realistic answers
//! with aws-smithy-mocks in `src/consumer_tests.rs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

/// Serves on a free loopback port until the process ends; returns its endpoint.
pub fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the RAM stand-in");
    let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream));
        }
    });
    endpoint
}

/// Answers the requests of one connection (the SDK keeps connections alive).
fn serve(stream: TcpStream) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or_default();
        let (status, body) = match path.split('?').next().unwrap_or_default() {
            "/getresourceshareinvitations" => ("200 OK", r#"{"resourceShareInvitations":[]}"#.to_owned()),
            other => (
                "404 Not Found",
                format!(r#"{{"message":"the RAM stand-in answers GetResourceShareInvitations only, not {other}"}}"#),
            ),
        };
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
