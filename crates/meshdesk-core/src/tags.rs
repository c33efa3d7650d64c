//! `Tags`: the LF-tags one resource carries, as an immutable list shared by clones.
//!
//! A mesh of 100k tables has two million columns, nearly each with a tag list of its own while
//! the lists themselves repeat endlessly (`sensitivity = internal`, `pii = true`). A `Vec` per
//! column cost a 24-byte field and an allocation each; a `Tags` is one word, allocates nothing
//! when empty, and a backend reading a catalog hands out one `Tags` per distinct list (see
//! `meshdesk-local`'s decoder), so equal lists share one allocation. It reads like a
//! `&[LfTag]` everywhere (`Deref`, comparisons with slices, arrays and vectors); changing it
//! copies the list first when it is shared ([`Tags::edit`]), so no other holder sees the change.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use crate::model::LfTag;

/// `None` for the empty list, so an untagged resource allocates nothing; never `Some` of an
/// empty list, so that is the only empty form.
#[derive(Clone, Default)]
pub struct Tags(Option<Arc<Vec<LfTag>>>);

impl Tags {
    /// The empty list.
    pub const fn new() -> Self {
        Self(None)
    }

    pub fn as_slice(&self) -> &[LfTag] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Changes the list through `change`: on a copy of it when it is shared with other holders,
    /// which keep the list they had.
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut Vec<LfTag>) -> R) -> R {
        let mut list = self.0.take().map(Arc::unwrap_or_clone).unwrap_or_default();
        let out = change(&mut list);
        *self = Self::from(list);
        out
    }

    /// Sets `key` to `value`, replacing another value of that key (in its place) or adding the
    /// tag at the end; `true` when the list changed.
    pub fn assign(&mut self, key: &str, value: &str) -> bool {
        match self.iter().position(|t| t.key == key) {
            Some(at) if self[at].value == value => return false,
            Some(at) => self.edit(|list| list[at].value = value.into()),
            None => self.edit(|list| list.push(LfTag::new(key, value))),
        }
        true
    }

    /// Removes every tag of `key`; `true` when there was one.
    pub fn remove(&mut self, key: &str) -> bool {
        if !self.iter().any(|t| t.key == key) {
            return false;
        }
        self.edit(|list| list.retain(|t| t.key != key));
        true
    }

    pub fn push(&mut self, tag: LfTag) {
        self.edit(|list| list.push(tag));
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }

    pub fn sort(&mut self) {
        if !self.is_sorted() {
            self.edit(|list| list.sort());
        }
    }

    /// Whether the two share one list (as equal lists a backend decoded do).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl Deref for Tags {
    type Target = [LfTag];
    fn deref(&self) -> &[LfTag] {
        self.as_slice()
    }
}

impl AsRef<[LfTag]> for Tags {
    fn as_ref(&self) -> &[LfTag] {
        self.as_slice()
    }
}

/// Lets a set of `Tags` be looked up by a slice.
impl Borrow<[LfTag]> for Tags {
    fn borrow(&self) -> &[LfTag] {
        self.as_slice()
    }
}

impl fmt::Debug for Tags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl PartialEq for Tags {
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other) || self.as_slice() == other.as_slice()
    }
}

impl Eq for Tags {}

impl PartialOrd for Tags {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tags {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

/// Hashes as the slice it holds, as `Borrow<[LfTag]>` requires.
impl Hash for Tags {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl From<Vec<LfTag>> for Tags {
    fn from(mut list: Vec<LfTag>) -> Self {
        if list.is_empty() {
            return Self(None);
        }
        list.shrink_to_fit();
        Self(Some(Arc::new(list)))
    }
}

impl From<&[LfTag]> for Tags {
    fn from(list: &[LfTag]) -> Self {
        Self::from(list.to_vec())
    }
}

impl<const N: usize> From<[LfTag; N]> for Tags {
    fn from(list: [LfTag; N]) -> Self {
        Self::from(Vec::from(list))
    }
}

impl From<Tags> for Vec<LfTag> {
    fn from(tags: Tags) -> Self {
        tags.0.map(Arc::unwrap_or_clone).unwrap_or_default()
    }
}

impl FromIterator<LfTag> for Tags {
    fn from_iter<I: IntoIterator<Item = LfTag>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Tags {
    type Item = &'a LfTag;
    type IntoIter = std::slice::Iter<'a, LfTag>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for Tags {
            fn eq(&self, other: &$other) -> bool {
                self.as_slice() == &other[..]
            }
        }
        impl PartialEq<Tags> for $other {
            fn eq(&self, other: &Tags) -> bool {
                &self[..] == other.as_slice()
            }
        }
    )*};
}

eq_with!(Vec<LfTag>, [LfTag], &[LfTag]);

impl<const N: usize> PartialEq<[LfTag; N]> for Tags {
    fn eq(&self, other: &[LfTag; N]) -> bool {
        self.as_slice() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn tag(key: &str, value: &str) -> LfTag {
        LfTag::new(key, value)
    }

    #[test]
    fn is_one_word_and_the_empty_list_allocates_nothing() {
        assert_eq!(std::mem::size_of::<Tags>(), std::mem::size_of::<usize>());
        assert!(Tags::default().0.is_none());
        assert!(Tags::from(Vec::new()).0.is_none(), "an empty vector is the empty form too");
        assert!(Tags::from_iter([]).0.is_none());
        let mut emptied = Tags::from([tag("pii", "true")]);
        emptied.edit(Vec::clear);
        assert!(emptied.0.is_none(), "a list emptied by a change holds nothing");
        assert_eq!(emptied, Tags::new());
    }

    #[test]
    fn reads_compares_orders_and_hashes_as_its_slice() {
        use std::hash::BuildHasher;
        let list = vec![tag("sensitivity", "internal"), tag("pii", "true")];
        let tags = Tags::from(list.clone());
        assert_eq!(tags, list);
        assert_eq!(list, tags);
        assert_eq!(tags, [tag("sensitivity", "internal"), tag("pii", "true")]);
        assert_eq!(tags, list.as_slice());
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[1].key, "pii");
        assert_eq!(format!("{tags:?}"), format!("{list:?}"));
        assert_eq!(Vec::from(tags.clone()), list);
        assert!(Tags::from([tag("a", "1")]) < Tags::from([tag("b", "0")]));
        assert!(Tags::new() < Tags::from([tag("a", "1")]));
        let state = std::collections::hash_map::RandomState::new();
        assert_eq!(state.hash_one(&tags), state.hash_one(list.as_slice()));
        let set: HashSet<Tags> = [tags.clone(), Tags::new()].into_iter().collect();
        assert!(set.contains(list.as_slice()));
        assert!(set.contains(&[][..]));
        assert_eq!(tags.iter().chain(&tags).count(), 4);
    }

    #[test]
    fn a_change_copies_a_shared_list_and_leaves_other_holders_theirs() {
        let original = Tags::from([tag("sensitivity", "internal")]);
        let mut changed = original.clone();
        assert!(changed.ptr_eq(&original), "a clone shares the list");
        assert!(changed.assign("pii", "true"));
        assert_eq!(original, [tag("sensitivity", "internal")]);
        assert_eq!(changed, [tag("sensitivity", "internal"), tag("pii", "true")]);
        assert!(!changed.ptr_eq(&original));
    }

    #[test]
    fn assign_replaces_in_place_and_remove_drops_every_tag_of_the_key() {
        let mut tags = Tags::from([tag("sensitivity", "internal"), tag("pii", "true")]);
        assert!(!tags.assign("pii", "true"), "the same value is no change");
        assert!(tags.assign("sensitivity", "restricted"));
        assert_eq!(tags, [tag("sensitivity", "restricted"), tag("pii", "true")]);
        tags.push(tag("pii", "false"));
        assert!(tags.remove("pii"));
        assert!(!tags.remove("pii"));
        assert_eq!(tags, [tag("sensitivity", "restricted")]);
        tags.push(tag("domain", "sales"));
        tags.sort();
        assert_eq!(tags, [tag("domain", "sales"), tag("sensitivity", "restricted")]);
        tags.clear();
        assert!(tags.is_empty());
    }
}
