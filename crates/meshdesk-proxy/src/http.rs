//! Just enough HTTP/1.1 to forward AWS calls: requests with a `Content-Length` or chunked body,
//! answers read to the end of an upstream connection that was asked to close.

use std::io::{self, BufRead, BufReader, Read, Write};

/// A request as read from a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn invalid(what: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.into())
}

/// The head's lines up to the blank line; `None` when the peer closed before a new request.
fn read_head(reader: &mut impl BufRead) -> io::Result<Option<Vec<String>>> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return if lines.is_empty() { Ok(None) } else { Err(invalid("the connection closed mid-head")) };
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            if lines.is_empty() {
                continue;
            }
            return Ok(Some(lines));
        }
        lines.push(line);
    }
}

fn parse_headers(lines: &[String]) -> io::Result<Vec<(String, String)>> {
    lines
        .iter()
        .map(|l| {
            let (n, v) = l.split_once(':').ok_or_else(|| invalid(format!("a header without `:`: {l:?}")))?;
            Ok((n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect()
}

/// Reads one request; `None` when the client closed the connection between requests. Answers
/// `Expect: 100-continue` before reading the body.
pub fn read_request<S: Read + Write>(reader: &mut BufReader<S>) -> io::Result<Option<Request>> {
    let Some(lines) = read_head(reader)? else { return Ok(None) };
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return Err(invalid(format!("not a request line: {:?}", lines[0])));
    };
    let headers = parse_headers(&lines[1..])?;
    if header(&headers, "expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue")) {
        reader.get_mut().write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let body = read_body(reader, &headers)?;
    Ok(Some(Request { method: method.to_owned(), path: path.to_owned(), headers, body }))
}

fn read_body(reader: &mut impl BufRead, headers: &[(String, String)]) -> io::Result<Vec<u8>> {
    if header(headers, "transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        return dechunk(reader);
    }
    let length: usize = match header(headers, "content-length") {
        Some(l) => l.parse().map_err(|_| invalid(format!("Content-Length {l:?}")))?,
        None => 0,
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(body)
}

fn dechunk(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size)?;
        let hex = size.trim().split(';').next().unwrap_or("");
        let n = usize::from_str_radix(hex, 16).map_err(|_| invalid(format!("a chunk size {hex:?}")))?;
        if n == 0 {
            // Trailers, up to the blank line.
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + n, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf)?;
    }
}

/// Headers that belong to one connection and are not forwarded.
const HOP_BY_HOP: [&str; 5] = ["connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection"];

/// Sends `request` on a fresh upstream connection (which is asked to close after answering).
pub fn write_request(out: &mut impl Write, request: &Request) -> io::Result<()> {
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.path);
    for (n, v) in request.headers.iter().filter(|(n, _)| !HOP_BY_HOP.contains(&n.to_ascii_lowercase().as_str())) {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", request.body.len()));
    out.write_all(head.as_bytes())?;
    out.write_all(&request.body)?;
    out.flush()
}

/// An answer: status line, headers without the hop-by-hop ones, and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Reads an upstream answer to its end (the request asked the server to close).
pub fn read_response(reader: &mut impl BufRead, method: &str) -> io::Result<Response> {
    let lines = read_head(reader)?.ok_or_else(|| invalid("the upstream closed without answering"))?;
    let headers = parse_headers(&lines[1..])?;
    let status: u16 = lines[0].split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = if method == "HEAD" || status == 204 || status == 304 || (100..200).contains(&status) {
        Vec::new()
    } else if header(&headers, "transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        dechunk(reader)?
    } else if let Some(length) = header(&headers, "content-length").and_then(|l| l.parse::<usize>().ok()) {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    } else {
        let mut body = Vec::new();
        reader.read_to_end(&mut body)?;
        body
    };
    let headers = headers.into_iter().filter(|(n, _)| !HOP_BY_HOP.contains(&n.to_ascii_lowercase().as_str())).collect();
    Ok(Response { status_line: lines[0].clone(), headers, body })
}

/// Writes an answer to a client whose connection stays open.
pub fn write_response(out: &mut impl Write, status_line: &str, headers: &[(String, String)], body: &[u8]) -> io::Result<()> {
    let mut head = format!("{status_line}\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    struct Duplex(Cursor<Vec<u8>>, Vec<u8>);
    impl Read for Duplex {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.0.read(buf)
        }
    }
    impl Write for Duplex {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.1.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn requests_with_length_or_chunks_read_whole_one_after_another() {
        let wire = b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let mut reader = BufReader::new(Duplex(Cursor::new(wire.to_vec()), Vec::new()));
        let first = read_request(&mut reader).expect("reads").expect("a request");
        assert_eq!((first.path.as_str(), first.body.as_slice()), ("/", &b"{}"[..]));
        let second = read_request(&mut reader).expect("reads").expect("a request");
        assert_eq!(second.body, b"abcde");
        assert_eq!(reader.get_ref().1, b"HTTP/1.1 100 Continue\r\n\r\n");
        assert!(read_request(&mut reader).expect("reads").is_none(), "closed between requests");
    }

    #[test]
    fn answers_read_by_length_chunks_or_to_the_end() {
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nok\r\n0\r\n\r\n";
        let r = read_response(&mut Cursor::new(chunked.to_vec()), "POST").expect("reads");
        assert_eq!((r.body.as_slice(), r.headers.len()), (&b"ok"[..], 0), "hop-by-hop headers dropped");
        let to_end = b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<a/>";
        let r = read_response(&mut Cursor::new(to_end.to_vec()), "POST").expect("reads");
        assert_eq!(r.body, b"<a/>");
        assert!(read_response(&mut Cursor::new(b"HTTP/1.1 200 OK\r\n".to_vec()), "GET").is_err());
    }
}
