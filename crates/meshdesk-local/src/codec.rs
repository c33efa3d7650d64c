//! The compact binary form in which the store keeps parameters, LF-tags and a table's columns.
//!
//! One blob per table instead of one row per column keeps a catalog of two million columns
//! loadable in a few hundred milliseconds. Every string is written as its LEB128 length followed
//! by its UTF-8 bytes, so any text round-trips exactly, separators and all.

use std::collections::BTreeMap;

use meshdesk_core::model::{Column, LfTag};

/// A blob that does not decode: the file was changed by something other than Meshdesk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored {what} does not decode: {problem}")]
pub(crate) struct DecodeError {
    what: &'static str,
    problem: &'static str,
}

pub(crate) fn encode_tags(tags: &[LfTag]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + tags.len() * 24);
    put_tags(&mut out, tags);
    out
}

pub(crate) fn encode_parameters(parameters: &BTreeMap<String, String>) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + parameters.len() * 48);
    put_len(&mut out, parameters.len());
    for (key, value) in parameters {
        put_str(&mut out, key);
        put_str(&mut out, value);
    }
    out
}

pub(crate) fn encode_columns(columns: &[Column]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + columns.len() * 48);
    put_len(&mut out, columns.len());
    for column in columns {
        put_str(&mut out, &column.name);
        put_str(&mut out, &column.data_type);
        put_str(&mut out, &column.comment);
        put_tags(&mut out, &column.tags);
    }
    out
}

pub(crate) fn decode_tags(bytes: &[u8]) -> Result<Vec<LfTag>, DecodeError> {
    let mut reader = Reader { bytes, what: "tag list" };
    let tags = reader.tags()?;
    reader.end()?;
    Ok(tags)
}

pub(crate) fn decode_parameters(bytes: &[u8]) -> Result<BTreeMap<String, String>, DecodeError> {
    let mut reader = Reader { bytes, what: "parameter map" };
    let count = reader.len()?;
    let mut parameters = BTreeMap::new();
    for _ in 0..count {
        let key = reader.string()?;
        let value = reader.string()?;
        parameters.insert(key, value);
    }
    reader.end()?;
    Ok(parameters)
}

pub(crate) fn decode_columns(bytes: &[u8]) -> Result<Vec<Column>, DecodeError> {
    let mut reader = Reader { bytes, what: "column list" };
    let count = reader.len()?;
    let mut columns = Vec::with_capacity(reader.capacity_for(count));
    for _ in 0..count {
        let name = reader.string()?;
        let data_type = reader.string()?;
        let comment = reader.string()?;
        let tags = reader.tags()?;
        columns.push(Column { name, data_type, comment, tags });
    }
    reader.end()?;
    Ok(columns)
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    let mut rest = len;
    loop {
        // The low seven bits of `rest` always fit in a byte.
        let byte = (rest & 0x7f) as u8;
        rest >>= 7;
        if rest == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn put_tags(out: &mut Vec<u8>, tags: &[LfTag]) {
    put_len(out, tags.len());
    for tag in tags {
        put_str(out, &tag.key);
        put_str(out, &tag.value);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl Reader<'_> {
    fn fail(&self, problem: &'static str) -> DecodeError {
        DecodeError { what: self.what, problem }
    }

    fn len(&mut self) -> Result<usize, DecodeError> {
        let mut value: usize = 0;
        let mut shift = 0u32;
        loop {
            let (&byte, rest) = self.bytes.split_first().ok_or_else(|| self.fail("it ends early"))?;
            self.bytes = rest;
            let bits = usize::from(byte & 0x7f);
            if shift >= usize::BITS || (bits << shift) >> shift != bits {
                return Err(self.fail("a length is too large"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    /// A capacity to reserve for `count` items: never more than the bytes left could hold, so a
    /// damaged count cannot make us allocate gigabytes.
    fn capacity_for(&self, count: usize) -> usize {
        count.min(self.bytes.len())
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let len = self.len()?;
        if len > self.bytes.len() {
            return Err(self.fail("a string runs past its end"));
        }
        let (text, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        std::str::from_utf8(text).map(str::to_owned).map_err(|_| self.fail("a string is not UTF-8"))
    }

    fn tags(&mut self) -> Result<Vec<LfTag>, DecodeError> {
        let count = self.len()?;
        let mut tags = Vec::with_capacity(self.capacity_for(count));
        for _ in 0..count {
            let key = self.string()?;
            let value = self.string()?;
            tags.push(LfTag { key, value });
        }
        Ok(tags)
    }

    fn end(&self) -> Result<(), DecodeError> {
        if self.bytes.is_empty() { Ok(()) } else { Err(self.fail("it has bytes after its end")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_with_any_text_round_trip() {
        let columns = vec![
            Column {
                name: "naïve|name,with:separators".into(),
                data_type: "struct<a:string,b:array<int>>".into(),
                comment: String::new(),
                tags: vec![LfTag::new("sensitivity", "restricted"), LfTag::new("pii", "\u{1e}\u{1f}")],
            },
            Column { name: "x".repeat(300), data_type: "bigint".into(), comment: "∑ 🚀".into(), tags: vec![] },
        ];
        assert_eq!(decode_columns(&encode_columns(&columns)), Ok(columns));
    }

    #[test]
    fn parameters_and_tags_round_trip() {
        let parameters: BTreeMap<String, String> =
            [("meshdesk:owner".to_owned(), "a@b.example,c@d.example".to_owned()), (String::new(), String::new())]
                .into_iter()
                .collect();
        assert_eq!(decode_parameters(&encode_parameters(&parameters)), Ok(parameters));
        assert_eq!(decode_tags(&encode_tags(&[])), Ok(vec![]));
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let good = encode_columns(&[Column { name: "id".into(), ..Column::default() }]);
        for cut in 0..good.len() {
            assert!(decode_columns(&good[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_columns(&[0xff; 12]).is_err());
        assert!(decode_tags(&[1, 2, 0xc3, 0x28, 0]).is_err());
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode_columns(&trailing).is_err());
    }
}
