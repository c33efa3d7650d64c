//! Writes a [`Json`] value as compact RFC 8259 text, so documents Meshdesk stores in Glue
//! parameters (a data contract) read back exactly with [`super::json::parse`].

use super::json::Json;
use std::fmt::Write;

/// The value as compact JSON: no spaces, object members in their order, whole numbers without a
/// fraction. Non-finite numbers (which `parse` never produces) are written as `null`.
pub fn render(value: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Json) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) if !n.is_finite() => out.push_str("null"),
        Json::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            let _ = write!(out, "{}", *n as i64);
        }
        Json::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::json::parse;

    #[test]
    fn what_is_written_reads_back_the_same() {
        let value = Json::Object(vec![
            ("version".into(), Json::String("1.3 \"beta\"\n\u{1}é".into())),
            ("hours".into(), Json::Number(24.0)),
            ("ratio".into(), Json::Number(0.25)),
            ("columns".into(), Json::Array(vec![Json::Null, Json::Bool(false), Json::Object(vec![])])),
        ]);
        let text = render(&value);
        assert_eq!(text, r#"{"version":"1.3 \"beta\"\n\u0001é","hours":24,"ratio":0.25,"columns":[null,false,{}]}"#);
        assert_eq!(parse(&text), Ok(value));
    }
}
