//! The compact binary form in which the store keeps parameters, LF-tags and a table's columns.
//!
//! One blob per table instead of one row per column keeps a catalog of two million columns
//! loadable in a few hundred milliseconds. Every string is written as its LEB128 length followed
//! by its UTF-8 bytes, so any text round-trips exactly, separators and all.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use meshdesk_core::model::{params, Column, LfTag, Parameters, SharedStr, Tags, TextSlice};
use meshdesk_core::sensitivity::{ColumnsSummary, Sensitivity};

/// Hands out one [`SharedStr`] per distinct text and one [`Tags`] per distinct tag list among
/// those it is asked for: a catalog's column names, types and LF-tags repeat across thousands of
/// tables, and sharing them is most of what keeps two million columns small in memory and quick
/// to read. One lives for one catalog read.
#[derive(Default)]
pub(crate) struct Interner {
    texts: HashSet<SharedStr, BuildHasherDefault<Fnv>>,
    /// Tag lists by their encoded bytes: equal lists encode alike, so a list met before is found
    /// without decoding (or interning) its texts again.
    tag_lists: HashMap<Box<[u8]>, Tags, BuildHasherDefault<Fnv>>,
}

impl Interner {
    pub(crate) fn get(&mut self, text: &str) -> SharedStr {
        if let Some(shared) = self.texts.get(text) {
            return shared.clone();
        }
        let shared = SharedStr::from(text);
        self.texts.insert(shared.clone());
        shared
    }
}

/// FNV-1a: the interner hashes millions of short names, where it is several times quicker than
/// the standard SipHash (whose resistance to crafted collisions a local file does not need).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

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

pub(crate) fn encode_parameters(parameters: &Parameters) -> Vec<u8> {
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

pub(crate) fn decode_tags(bytes: &[u8], interner: &mut Interner) -> Result<Tags, DecodeError> {
    let mut reader = Reader { bytes, what: "tag list" };
    let tags = reader.tags(interner)?;
    reader.end()?;
    Ok(tags)
}

/// Parameters with their keys shared through `interner` (a catalog's tables use a handful of
/// keys); values are each their own.
pub(crate) fn decode_parameters(bytes: &[u8], interner: &mut Interner) -> Result<Parameters, DecodeError> {
    let mut reader = Reader { bytes, what: "parameter map" };
    let count = reader.len()?;
    let mut parameters = Parameters::with_capacity(reader.capacity_for(count));
    for _ in 0..count {
        let key = interner.get(reader.str()?);
        let value = reader.string()?;
        parameters.insert(key, value);
    }
    reader.end()?;
    Ok(parameters)
}

/// Columns with their names, types and tags shared through `interner`. Comments are not
/// interned: they are mostly each column's own, and remembering them would only cost memory;
/// instead the list's comments are put in one text, each column's comment a slice of it (one
/// allocation per list rather than one per column).
pub(crate) fn decode_columns(bytes: &[u8], interner: &mut Interner) -> Result<Vec<Column>, DecodeError> {
    let mut reader = Reader { bytes, what: "column list" };
    let count = reader.len()?;
    let mut columns = Vec::with_capacity(reader.capacity_for(count));
    let mut comments = String::new();
    let mut ranges = Vec::with_capacity(reader.capacity_for(count));
    for _ in 0..count {
        let name = interner.get(reader.str()?);
        let data_type = interner.get(reader.str()?);
        let comment = reader.str()?;
        ranges.push(comments.len()..comments.len() + comment.len());
        comments.push_str(comment);
        let tags = reader.tags(interner)?;
        columns.push(Column { name, data_type, comment: TextSlice::default(), tags });
    }
    reader.end()?;
    let pieces = TextSlice::pieces(comments, &ranges).ok_or_else(|| reader.fail("its comments are too long"))?;
    for (column, comment) in columns.iter_mut().zip(pieces) {
        column.comment = comment;
    }
    Ok(columns)
}

/// Adds the columns of a column list to `summary` without decoding them: names, types and
/// comments are skipped over, and of each column's tags only a `sensitivity` one is looked at.
pub(crate) fn summarise_columns(bytes: &[u8], summary: &mut ColumnsSummary) -> Result<(), DecodeError> {
    let mut reader = Reader { bytes, what: "column list" };
    let count = reader.len()?;
    for _ in 0..count {
        for _ in 0..3 {
            reader.skip()?;
        }
        let mut own = None;
        let mut found = false;
        for _ in 0..reader.len()? {
            let (key, value) = (reader.str()?, reader.str()?);
            // The first `sensitivity` tag counts, as in `sensitivity::own_sensitivity`.
            if !found && key == params::SENSITIVITY_TAG {
                found = true;
                own = Sensitivity::parse(value);
            }
        }
        summary.add(own);
    }
    reader.end()
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

impl<'a> Reader<'a> {
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

    /// The next string, borrowed from the blob.
    fn str(&mut self) -> Result<&'a str, DecodeError> {
        let len = self.len()?;
        if len > self.bytes.len() {
            return Err(self.fail("a string runs past its end"));
        }
        let (text, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        std::str::from_utf8(text).map_err(|_| self.fail("a string is not UTF-8"))
    }

    /// Steps over the next string without checking its text (the whole read checks it).
    fn skip(&mut self) -> Result<(), DecodeError> {
        let len = self.len()?;
        if len > self.bytes.len() {
            return Err(self.fail("a string runs past its end"));
        }
        self.bytes = &self.bytes[len..];
        Ok(())
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        self.str().map(str::to_owned)
    }

    /// The next tag list, shared with an equal one `interner` handed out before.
    fn tags(&mut self, interner: &mut Interner) -> Result<Tags, DecodeError> {
        let start = self.bytes;
        let count = self.len()?;
        if count == 0 {
            return Ok(Tags::new());
        }
        for _ in 0..count {
            self.skip()?;
            self.skip()?;
        }
        let encoded = &start[..start.len() - self.bytes.len()];
        if let Some(shared) = interner.tag_lists.get(encoded) {
            return Ok(shared.clone());
        }
        let mut list = Reader { bytes: encoded, what: self.what };
        list.len()?;
        let mut tags = Vec::with_capacity(count);
        for _ in 0..count {
            let key = interner.get(list.str()?);
            let value = interner.get(list.str()?);
            tags.push(LfTag { key, value });
        }
        let tags = Tags::from(tags);
        interner.tag_lists.insert(encoded.into(), tags.clone());
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
                comment: "".into(),
                tags: [LfTag::new("sensitivity", "restricted"), LfTag::new("pii", "\u{1e}\u{1f}")].into(),
            },
            Column { name: "x".repeat(300).into(), data_type: "bigint".into(), comment: "∑ 🚀".into(), tags: Tags::new() },
        ];
        assert_eq!(decode_columns(&encode_columns(&columns), &mut Interner::default()), Ok(columns));
    }

    #[test]
    fn a_summary_of_columns_matches_the_columns_decoded() {
        let column = |name: &str, tags: &[(&str, &str)]| Column {
            name: name.into(),
            data_type: "string".into(),
            comment: "c".into(),
            tags: tags.iter().map(|(k, v)| LfTag::new(*k, *v)).collect(),
        };
        let lists = [
            vec![],
            vec![column("a", &[])],
            vec![column("a", &[("pii", "true"), ("sensitivity", " Confidential ")]), column("b", &[])],
            vec![column("a", &[("sensitivity", "secret")]), column("b", &[("sensitivity", "public")])],
            vec![column("a", &[("sensitivity", "restricted"), ("sensitivity", "public")])],
        ];
        for columns in lists {
            let mut summary = ColumnsSummary::default();
            summarise_columns(&encode_columns(&columns), &mut summary).expect("summarised");
            let table = meshdesk_core::model::Table { columns: columns.clone(), ..Default::default() };
            assert_eq!(summary, ColumnsSummary::of(&table), "{columns:?}");
        }
        let good = encode_columns(&[column("id", &[("sensitivity", "public")])]);
        for cut in 0..good.len() {
            assert!(summarise_columns(&good[..cut], &mut ColumnsSummary::default()).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn parameters_and_tags_round_trip() {
        let parameters = Parameters::from([("meshdesk:owner", "a@b.example,c@d.example"), ("", "")]);
        let mut interner = Interner::default();
        let decoded = decode_parameters(&encode_parameters(&parameters), &mut interner).expect("decoded");
        assert_eq!(decoded, parameters);
        let again = decode_parameters(&encode_parameters(&parameters), &mut interner).expect("decoded");
        let key = |p: &Parameters| p.keys().nth(1).map(|k| k.as_ptr());
        assert_eq!(key(&decoded), key(&again), "keys are shared");
        let cut = encode_parameters(&parameters);
        for end in 0..cut.len() {
            assert!(decode_parameters(&cut[..end], &mut Interner::default()).is_err(), "cut at {end}");
        }
        assert_eq!(decode_tags(&encode_tags(&[]), &mut Interner::default()), Ok(Tags::new()));
    }

    #[test]
    fn equal_names_types_and_tags_are_shared_but_comments_are_not() {
        let column = Column {
            name: "id".into(),
            data_type: "bigint".into(),
            comment: "Key".into(),
            tags: [LfTag::new("pii", "true")].into(),
        };
        let blob = encode_columns(&[column.clone(), column]);
        let mut interner = Interner::default();
        let first = decode_columns(&blob, &mut interner).unwrap();
        let again = decode_columns(&blob, &mut interner).unwrap();
        assert_eq!(first, again);
        assert_eq!(first[0].name.as_ptr(), again[1].name.as_ptr());
        assert_eq!(first[0].data_type.as_ptr(), again[1].data_type.as_ptr());
        assert_eq!(first[0].tags[0].value.as_ptr(), again[1].tags[0].value.as_ptr());
        assert_ne!(first[0].comment.as_ptr(), first[1].comment.as_ptr());
        assert_eq!(first[1].comment.as_ptr(), first[0].comment.as_ptr().wrapping_add(3), "one text per list");
    }

    #[test]
    fn equal_tag_lists_share_one_list_wherever_they_are_read() {
        let column = |name: &str, tags: &[(&str, &str)]| Column {
            name: name.into(),
            tags: tags.iter().map(|(k, v)| LfTag::new(*k, *v)).collect(),
            ..Column::default()
        };
        let pii = [("sensitivity", "restricted"), ("pii", "true")];
        let blob = encode_columns(&[column("email", &pii), column("phone", &pii), column("x", &pii[..1]), column("y", &[])]);
        let mut interner = Interner::default();
        let columns = decode_columns(&blob, &mut interner).unwrap();
        let table_tags = decode_tags(&encode_tags(&columns[0].tags), &mut interner).unwrap();
        assert_eq!(columns[0].tags, [LfTag::new("sensitivity", "restricted"), LfTag::new("pii", "true")]);
        assert!(columns[0].tags.ptr_eq(&columns[1].tags), "equal lists in one blob");
        assert!(table_tags.ptr_eq(&columns[0].tags), "equal lists in another blob");
        assert!(!columns[2].tags.ptr_eq(&columns[0].tags), "a shorter list is its own");
        assert_eq!(columns[2].tags, [LfTag::new("sensitivity", "restricted")]);
        assert_eq!(columns[2].tags[0].key.as_ptr(), columns[0].tags[0].key.as_ptr(), "its texts are shared still");
        assert!(columns[3].tags.is_empty());
    }

    #[test]
    fn a_damaged_tag_list_is_an_error_even_after_a_good_one_was_shared() {
        let good = encode_tags(&[LfTag::new("pii", "true")]);
        let mut interner = Interner::default();
        assert_eq!(decode_tags(&good, &mut interner), Ok([LfTag::new("pii", "true")].into()));
        let mut bad = good.clone();
        let last = bad.len() - 1;
        bad[last] = 0xff;
        assert!(decode_tags(&bad, &mut interner).is_err(), "not UTF-8");
        assert!(decode_tags(&good[..good.len() - 1], &mut interner).is_err(), "cut short");
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let good = encode_columns(&[Column { name: "id".into(), ..Column::default() }]);
        for cut in 0..good.len() {
            assert!(decode_columns(&good[..cut], &mut Interner::default()).is_err(), "cut at {cut}");
        }
        assert!(decode_columns(&[0xff; 12], &mut Interner::default()).is_err());
        assert!(decode_tags(&[1, 2, 0xc3, 0x28, 0], &mut Interner::default()).is_err());
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode_columns(&trailing, &mut Interner::default()).is_err());
    }
}
