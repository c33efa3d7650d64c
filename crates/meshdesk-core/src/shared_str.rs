//! `SharedStr`: an immutable string that is cheap to clone and can be shared by equal values;
//! `TextSlice`: an immutable piece of a shared string.
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
//! column's texts; and the empty string allocates nothing.
//!
//! Column comments are mostly each column's own, so sharing equal ones saves nothing; what costs
//! is two million allocations of a few dozen bytes, each with its count and the allocator's own
//! overhead. A [`TextSlice`] (two words: an [`ArcStr`] and a range in it) lets a decoder put all
//! the comments of one table in one allocation and hand each column its slice of it.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arcstr::{ArcStr, Substr};

#[derive(Clone, Default)]
pub struct SharedStr(ArcStr);

impl SharedStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A piece of a shared text, read like a `&str`; equal, ordered and hashed as its text.
#[derive(Clone, Default)]
pub struct TextSlice(Substr);

impl TextSlice {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pieces of `whole` at `ranges`, sharing its one allocation; `None` when a range is
    /// not within `whole` on character boundaries, or `whole` is longer than 4 GiB (a slice
    /// counts its bounds in 32 bits).
    pub fn pieces(whole: String, ranges: &[std::ops::Range<usize>]) -> Option<Vec<TextSlice>> {
        if u32::try_from(whole.len()).is_err() || ranges.iter().any(|r| whole.get(r.clone()).is_none()) {
            return None;
        }
        let whole = Substr::full(ArcStr::from(whole));
        Some(ranges.iter().map(|range| TextSlice(if range.is_empty() { Substr::new() } else { whole.substr(range.clone()) })).collect())
    }
}

/// A text on its own (not a piece of a larger one).
fn substr_of(text: &str) -> Substr {
    Substr::full(ArcStr::from(text))
}

/// What both read as their text: `Deref<str>`, `Borrow<str>` (sets of them are looked up by
/// `&str`), `Debug`/`Display`, equality, order and hash as `str`, conversions from and to
/// `String`.
macro_rules! text_traits {
    ($t:ident, $make:expr) => {
        impl Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl Borrow<str> for $t {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self.as_str(), f)
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $t {}

        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $t {
            fn cmp(&self, other: &Self) -> Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        /// Hashes as the `str` it holds, as `Borrow<str>` requires.
        impl Hash for $t {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl From<&str> for $t {
            fn from(text: &str) -> Self {
                Self($make(text))
            }
        }

        impl From<String> for $t {
            fn from(text: String) -> Self {
                Self($make(text.as_str()))
            }
        }

        impl From<&String> for $t {
            fn from(text: &String) -> Self {
                Self($make(text.as_str()))
            }
        }

        impl From<$t> for String {
            fn from(text: $t) -> Self {
                text.as_str().to_owned()
            }
        }

        impl From<&$t> for String {
            fn from(text: &$t) -> Self {
                text.as_str().to_owned()
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$t> for String {
            fn eq(&self, other: &$t) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<$t> for &str {
            fn eq(&self, other: &$t) -> bool {
                *self == other.as_str()
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$t> for str {
            fn eq(&self, other: &$t) -> bool {
                self == other.as_str()
            }
        }
    };
}

text_traits!(SharedStr, ArcStr::from);
text_traits!(TextSlice, substr_of);

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
    fn pieces_of_one_text_share_it_and_read_compare_and_hash_as_their_text() {
        use std::hash::BuildHasher;
        let pieces = TextSlice::pieces("Key of the orderCustomer".to_owned(), &[0..16, 16..24, 3..3]).expect("pieces");
        assert_eq!(pieces, ["Key of the order", "Customer", ""]);
        assert_eq!(pieces[1].as_ptr(), pieces[0].as_ptr().wrapping_add(16), "one allocation");
        assert_eq!(pieces[1], TextSlice::from("Customer"));
        assert_eq!(format!("{} {:?}", pieces[1], pieces[1]), "Customer \"Customer\"");
        assert!(pieces[1] < pieces[0]);
        let state = std::collections::hash_map::RandomState::new();
        assert_eq!(state.hash_one(&pieces[1]), state.hash_one("Customer"));
        assert_eq!(TextSlice::default(), "");
        assert_eq!(std::mem::size_of::<TextSlice>(), 2 * std::mem::size_of::<usize>());
        assert_eq!(TextSlice::pieces("ab".to_owned(), &[1..3]), None, "past the end");
        assert_eq!(TextSlice::pieces("é".to_owned(), &[0..1]), None, "inside a character");
    }

    #[test]
    fn a_set_of_them_is_looked_up_by_str() {
        let set: HashSet<SharedStr> = ["bigint", "string"].into_iter().map(SharedStr::from).collect();
        assert!(set.contains("bigint"));
        assert!(!set.contains("int"));
    }
}
