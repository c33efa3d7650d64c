//! A small, strict JSON reader for the documents owners write into Glue parameters (the approval
//! policy): the core has no serde, and these documents are a few hundred bytes.
//!
//! It reads RFC 8259 JSON into a [`Json`] value, refusing input larger than [`MAX_BYTES`], nesting
//! deeper than [`MAX_DEPTH`] and objects that repeat a key (which value would win is ambiguous,
//! and a policy must not be).

use std::fmt;

/// The largest document read, in bytes. Glue parameter values are capped at 512 KiB; a policy is
/// far smaller, so anything bigger is a mistake.
pub const MAX_BYTES: usize = 16 * 1024;
/// The deepest nesting of arrays and objects read.
pub const MAX_DEPTH: usize = 16;

/// A JSON value. Object members keep their written order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// What kind of value this is, as a message names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON this reader accepts, and at which byte.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} at byte {at}")]
pub struct JsonError {
    pub at: usize,
    pub what: JsonProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonProblem {
    TooLarge,
    TooDeep,
    UnexpectedEnd,
    Unexpected(char),
    BadEscape,
    BadNumber,
    ControlCharacter,
    DuplicateKey,
    TrailingText,
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonProblem::TooLarge => write!(f, "the document is larger than {MAX_BYTES} bytes"),
            JsonProblem::TooDeep => write!(f, "arrays and objects nest deeper than {MAX_DEPTH} levels"),
            JsonProblem::UnexpectedEnd => f.write_str("the document ends too early"),
            JsonProblem::Unexpected(c) => write!(f, "unexpected {c:?}"),
            JsonProblem::BadEscape => f.write_str("invalid escape in a string"),
            JsonProblem::BadNumber => f.write_str("invalid number"),
            JsonProblem::ControlCharacter => f.write_str("unescaped control character in a string"),
            JsonProblem::DuplicateKey => f.write_str("a key appears twice in one object"),
            JsonProblem::TrailingText => f.write_str("text after the end of the document"),
        }
    }
}

/// Reads one JSON document (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    if text.len() > MAX_BYTES {
        return Err(JsonError { at: MAX_BYTES, what: JsonProblem::TooLarge });
    }
    let mut reader = Reader { text, pos: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < text.len() {
        return Err(reader.error(JsonProblem::TrailingText));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, what: JsonProblem) -> JsonError {
        JsonError { at: self.pos, what }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn next(&mut self) -> Result<char, JsonError> {
        let c = self.peek().ok_or_else(|| self.error(JsonProblem::UnexpectedEnd))?;
        self.pos += c.len_utf8();
        Ok(c)
    }

    fn expect(&mut self, wanted: char) -> Result<(), JsonError> {
        let at = self.pos;
        match self.next()? {
            c if c == wanted => Ok(()),
            c => Err(JsonError { at, what: JsonProblem::Unexpected(c) }),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(c @ (' ' | '\t' | '\n' | '\r')) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error(JsonProblem::UnexpectedEnd)),
            Some('{') | Some('[') if depth >= MAX_DEPTH => Err(self.error(JsonProblem::TooDeep)),
            Some('{') => self.object(depth + 1),
            Some('[') => self.array(depth + 1),
            Some('"') => self.string().map(Json::String),
            Some('t') => self.literal("true", Json::Bool(true)),
            Some('f') => self.literal("false", Json::Bool(false)),
            Some('n') => self.literal("null", Json::Null),
            Some('-' | '0'..='9') => self.number(),
            Some(c) => Err(self.error(JsonProblem::Unexpected(c))),
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            let c = self.peek().unwrap_or(' ');
            Err(self.error(JsonProblem::Unexpected(c)))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.expect('{')?;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_at = self.pos;
            if self.peek() != Some('"') {
                return Err(match self.peek() {
                    Some(c) => self.error(JsonProblem::Unexpected(c)),
                    None => self.error(JsonProblem::UnexpectedEnd),
                });
            }
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(JsonError { at: key_at, what: JsonProblem::DuplicateKey });
            }
            self.skip_whitespace();
            self.expect(':')?;
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.next()? {
                ',' => continue,
                '}' => return Ok(Json::Object(members)),
                c => return Err(JsonError { at: self.pos - c.len_utf8(), what: JsonProblem::Unexpected(c) }),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.expect('[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.next()? {
                ',' => continue,
                ']' => return Ok(Json::Array(items)),
                c => return Err(JsonError { at: self.pos - c.len_utf8(), what: JsonProblem::Unexpected(c) }),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            match self.next()? {
                '"' => return Ok(out),
                '\\' => {
                    let escape_at = self.pos - 1;
                    let bad = JsonError { at: escape_at, what: JsonProblem::BadEscape };
                    match self.next()? {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let first = self.hex4().ok_or_else(|| bad.clone())?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                // A high surrogate must be followed by `\u` and a low one.
                                if !self.text[self.pos..].starts_with("\\u") {
                                    return Err(bad);
                                }
                                self.pos += 2;
                                let second = self.hex4().filter(|s| (0xDC00..0xE000).contains(s)).ok_or_else(|| bad.clone())?;
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).ok_or(bad)?);
                        }
                        _ => return Err(bad),
                    }
                }
                c if u32::from(c) < 0x20 => {
                    return Err(JsonError { at: self.pos - 1, what: JsonProblem::ControlCharacter });
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos - from
        };
        let mut pos = start;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        let int_start = pos;
        let int_digits = digits(&mut pos);
        let leading_zero = int_digits > 1 && bytes[int_start] == b'0';
        let mut valid = int_digits > 0 && !leading_zero;
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            valid &= digits(&mut pos) > 0;
        }
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            if matches!(bytes.get(pos), Some(b'+' | b'-')) {
                pos += 1;
            }
            valid &= digits(&mut pos) > 0;
        }
        let number = self.text[start..pos].parse::<f64>().ok().filter(|n| valid && n.is_finite());
        match number {
            Some(n) => {
                self.pos = pos;
                Ok(Json::Number(n))
            }
            None => Err(self.error(JsonProblem::BadNumber)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<Json, JsonProblem>) {
        assert_eq!(parse(text).map_err(|e| e.what), expected, "{text}");
    }

    #[test]
    fn documents_read_as_written() {
        check(" null ", Ok(Json::Null));
        check("[true, false, -1.5e2, 0]", Ok(Json::Array(vec![Json::Bool(true), Json::Bool(false), Json::Number(-150.0), Json::Number(0.0)])));
        check(
            r#"{"a": "x\n\u00e9\ud83d\ude00", "b": {}}"#,
            Ok(Json::Object(vec![("a".into(), Json::String("x\né😀".into())), ("b".into(), Json::Object(vec![]))])),
        );
    }

    #[test]
    fn malformed_documents_name_the_problem() {
        check("", Err(JsonProblem::UnexpectedEnd));
        check("{\"a\": 1,}", Err(JsonProblem::Unexpected('}')));
        check("{\"a\": 1} x", Err(JsonProblem::TrailingText));
        check("{\"a\": 1, \"a\": 2}", Err(JsonProblem::DuplicateKey));
        check("[01]", Err(JsonProblem::BadNumber));
        check("[1.]", Err(JsonProblem::BadNumber));
        check("\"\\x\"", Err(JsonProblem::BadEscape));
        check("\"\\ud800\"", Err(JsonProblem::BadEscape));
        check("\"a\tb\"", Err(JsonProblem::ControlCharacter));
        check("tru", Err(JsonProblem::Unexpected('t')));
        check("{'a': 1}", Err(JsonProblem::Unexpected('\'')));
    }

    #[test]
    fn size_and_depth_are_bounded() {
        check(&format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)), Ok(nested(MAX_DEPTH)));
        check(&format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1)), Err(JsonProblem::TooDeep));
        check(&format!("\"{}\"", "a".repeat(MAX_BYTES)), Err(JsonProblem::TooLarge));
    }

    fn nested(depth: usize) -> Json {
        (1..depth).fold(Json::Array(vec![]), |inner, _| Json::Array(vec![inner]))
    }
}
