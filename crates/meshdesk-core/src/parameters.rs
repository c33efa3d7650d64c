//! `Parameters`: a Glue `Parameters` map, kept as one sorted vector of entries.
//!
//! A mesh of 100k tables holds 100k small maps of three to six entries whose keys repeat
//! (`classification`, `meshdesk:last_updated`, …). As `BTreeMap`s each cost a ~500-byte node plus
//! a `String` per key; as one exactly-sized vector with [`SharedStr`] keys (shared by a backend
//! reading a catalog, see `meshdesk-local`'s decoder) they cost their entries and the values'
//! text. Lookups are binary searches, as quick as a B-tree's at this size. The methods are those
//! of `BTreeMap` that the code uses, with the same meaning: iteration is in key order, inserting
//! an existing key replaces its value.

use std::fmt;
use std::ops::Index;

use crate::shared_str::SharedStr;

/// Entries sorted by key, each key once.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Parameters(Vec<(SharedStr, String)>);

/// The entries of a [`Parameters`] in key order.
pub type Iter<'a> = std::iter::Map<std::slice::Iter<'a, (SharedStr, String)>, fn(&'a (SharedStr, String)) -> (&'a SharedStr, &'a String)>;

impl Parameters {
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// An empty map with room for `capacity` entries (what a decoder that knows the count uses,
    /// so the vector holds no spare room).
    pub fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
        self.find(key).ok().map(|at| &mut self.0[at].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; the value it had before, if any.
    pub fn insert(&mut self, key: SharedStr, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.find(key).ok().map(|at| self.0.remove(at).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0 = Vec::new();
    }

    pub fn iter(&self) -> Iter<'_> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &SharedStr> + ExactSizeIterator {
        self.0.iter().map(|(key, _)| key)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(_, value)| value)
    }

    /// Gives back spare room (after a map was built entry by entry).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl fmt::Debug for Parameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// `parameters[key]`, which panics when the key is missing, as a `BTreeMap`'s does.
impl Index<&str> for Parameters {
    type Output = String;
    fn index(&self, key: &str) -> &String {
        self.get(key).unwrap_or_else(|| panic!("no parameter {key:?}"))
    }
}

impl<'a> IntoIterator for &'a Parameters {
    type Item = (&'a SharedStr, &'a String);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// A later entry of the same key replaces an earlier one, as collecting into a `BTreeMap` does.
impl<K: Into<SharedStr>, V: Into<String>> Extend<(K, V)> for Parameters {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key.into(), value.into());
        }
    }
}

impl<K: Into<SharedStr>, V: Into<String>> FromIterator<(K, V)> for Parameters {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut parameters = Self::new();
        parameters.extend(entries);
        parameters.shrink_to_fit();
        parameters
    }
}

impl<K: Into<SharedStr>, V: Into<String>, const N: usize> From<[(K, V); N]> for Parameters {
    fn from(entries: [(K, V); N]) -> Self {
        Self::from_iter(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btreemap_of_the_same_operations() {
        let ops: [(&str, Option<&str>); 9] = [
            ("meshdesk:owner", Some("a@x.example")),
            ("classification", Some("parquet")),
            ("", Some("")),
            ("meshdesk:owner", Some("b@x.example")),
            ("zeta", Some("1")),
            ("classification", None),
            ("missing", None),
            ("alpha", Some("2")),
            ("zeta", None),
        ];
        let mut map = BTreeMap::new();
        let mut parameters = Parameters::new();
        for (key, value) in ops {
            match value {
                Some(v) => assert_eq!(parameters.insert(key.into(), v.into()), map.insert(key.to_owned(), v.to_owned()), "{key}"),
                None => assert_eq!(parameters.remove(key), map.remove(key), "{key}"),
            }
            let entries: Vec<(&str, &str)> = parameters.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let expected: Vec<(&str, &str)> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(entries, expected, "in key order after {key}");
            assert_eq!(parameters.len(), map.len());
        }
        assert_eq!(parameters.get("meshdesk:owner").map(String::as_str), Some("b@x.example"));
        assert_eq!(parameters["alpha"], "2");
        assert!(parameters.contains_key("") && !parameters.contains_key("zeta"));
        assert_eq!(parameters.keys().map(SharedStr::as_str).collect::<Vec<_>>(), ["", "alpha", "meshdesk:owner"]);
        *parameters.get_mut("alpha").expect("alpha") = "3".into();
        assert_eq!(parameters.values().map(String::as_str).collect::<Vec<_>>(), ["", "3", "b@x.example"]);
        assert_eq!(format!("{parameters:?}"), r#"{"": "", "alpha": "3", "meshdesk:owner": "b@x.example"}"#);
        parameters.clear();
        assert!(parameters.is_empty());
    }

    #[test]
    fn equal_maps_are_equal_however_built_and_a_later_duplicate_wins() {
        let built = Parameters::from([("b", "2"), ("a", "0"), ("a", "1")]);
        let mut inserted = Parameters::new();
        inserted.insert(String::from("a").into(), "1".into());
        inserted.insert(SharedStr::from("b"), String::from("2"));
        assert_eq!(built, inserted);
        assert_eq!(built.len(), 2);
        assert_eq!(built.0.capacity(), 2, "collected maps hold no spare room");
        assert_ne!(built, Parameters::from([("a", "1")]));
        let collected: Parameters = built.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(collected, built);
    }

    #[test]
    fn an_entry_is_a_word_for_its_key_and_the_value() {
        assert_eq!(std::mem::size_of::<Parameters>(), std::mem::size_of::<Vec<(SharedStr, String)>>());
        assert_eq!(std::mem::size_of::<(SharedStr, String)>(), std::mem::size_of::<usize>() + std::mem::size_of::<String>());
    }
}
