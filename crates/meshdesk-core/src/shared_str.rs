//! `SharedStr`: an immutable string that is cheap to clone and can be shared by equal values.
//!
//! A mesh of 100k tables has two million columns whose names, types and LF-tags repeat
//! endlessly (`id`, `bigint`, `sensitivity = internal`). Holding each as its own `String` made
//! millions of small allocations at every start and most of the backend's memory; a backend
//! reading a catalog hands out one `SharedStr` per distinct text instead (see
//! `meshdesk-local`'s decoder). It reads like a `&str` everywhere (`Deref`, comparisons with
//! `str` and `String`), so code that only looks at the text does not change.
//!
//! It is one word wide (an [`ArcStr`]: a thin pointer to one allocation holding the count, the
//! length and the bytes) rather than the two of an `Arc<str>`, which takes 8 bytes off each of a
//! column's three texts; and the empty string, what most comments are, allocates nothing.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arcstr::ArcStr;

#[derive(Clone)]
pub struct SharedStr(ArcStr);

impl SharedStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The empty string, which allocates nothing.
impl Default for SharedStr {
    fn default() -> Self {
        Self(ArcStr::new())
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lets a set of `SharedStr` be looked up by `&str` (how a decoder interns).
impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        ArcStr::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashes as the `str` it holds, as `Borrow<str>` requires.
impl Hash for SharedStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (*self.0).hash(state);
    }
}

impl From<&str> for SharedStr {
    fn from(text: &str) -> Self {
        Self(ArcStr::from(text))
    }
}

impl From<String> for SharedStr {
    fn from(text: String) -> Self {
        Self(ArcStr::from(text))
    }
}

impl From<&String> for SharedStr {
    fn from(text: &String) -> Self {
        Self(ArcStr::from(text.as_str()))
    }
}

impl From<SharedStr> for String {
    fn from(text: SharedStr) -> Self {
        text.0.to_string()
    }
}

impl From<&SharedStr> for String {
    fn from(text: &SharedStr) -> Self {
        text.0.to_string()
    }
}

macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for SharedStr {
            fn eq(&self, other: &$other) -> bool {
                *self.0 == **other
            }
        }
        impl PartialEq<SharedStr> for $other {
            fn eq(&self, other: &SharedStr) -> bool {
                **self == *other.0
            }
        }
    )*};
}

eq_with!(String, &str);

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == *other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn reads_compares_and_orders_as_its_text() {
        let a = SharedStr::from("order_id");
        assert_eq!(a, "order_id");
        assert_eq!("order_id", a);
        assert_eq!(a, String::from("order_id"));
        assert_eq!(a, SharedStr::from(String::from("order_id")));
        assert!(SharedStr::from("a") < SharedStr::from("b"));
        assert_eq!(format!("{a} {a:?}"), "order_id \"order_id\"");
        assert_eq!(String::from(a.clone()), "order_id");
        assert!(a.starts_with("order"));
        assert_eq!(SharedStr::default(), "");
    }

    #[test]
    fn hashes_as_its_text() {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        assert_eq!(state.hash_one(SharedStr::from("bigint")), state.hash_one("bigint"));
        assert_eq!(state.hash_one(SharedStr::default()), state.hash_one(""));
    }

    #[test]
    fn is_one_word_and_the_empty_string_allocates_nothing() {
        assert_eq!(std::mem::size_of::<SharedStr>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Option<SharedStr>>(), std::mem::size_of::<usize>());
        assert!(ArcStr::is_static(&SharedStr::default().0));
        assert!(ArcStr::is_static(&SharedStr::from("").0));
        assert!(ArcStr::is_static(&SharedStr::from(String::new()).0));
        assert!(!ArcStr::is_static(&SharedStr::from("id").0));
    }

    #[test]
    fn a_clone_shares_the_text_and_equal_texts_are_equal_however_made() {
        let a = SharedStr::from("order_id");
        assert_eq!(a.clone().as_ptr(), a.as_ptr());
        let b = SharedStr::from(String::from("order_id"));
        assert_ne!(a.as_ptr(), b.as_ptr());
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), std::cmp::Ordering::Equal);
        let mut sorted: Vec<SharedStr> = ["b", "", "ab", "a"].into_iter().map(SharedStr::from).collect();
        sorted.sort();
        assert_eq!(sorted, ["", "a", "ab", "b"]);
    }

    #[test]
    fn a_set_of_them_is_looked_up_by_str() {
        let set: HashSet<SharedStr> = ["bigint", "string"].into_iter().map(SharedStr::from).collect();
        assert!(set.contains("bigint"));
        assert!(!set.contains("int"));
    }
}
