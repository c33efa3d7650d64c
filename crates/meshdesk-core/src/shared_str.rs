//! `SharedStr`: an immutable string that is cheap to clone and can be shared by equal values.
//!
//! A mesh of 100k tables has two million columns whose names, types and LF-tags repeat
//! endlessly (`id`, `bigint`, `sensitivity = internal`). Holding each as its own `String` made
//! millions of small allocations at every start and most of the backend's memory; a backend
//! reading a catalog hands out one `SharedStr` per distinct text instead (see
//! `meshdesk-local`'s decoder). It reads like a `&str` everywhere (`Deref`, comparisons with
//! `str` and `String`), so code that only looks at the text does not change.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        Self(Arc::from(""))
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
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
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
        self.0.cmp(&other.0)
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
        Self(Arc::from(text))
    }
}

impl From<String> for SharedStr {
    fn from(text: String) -> Self {
        Self(Arc::from(text))
    }
}

impl From<&String> for SharedStr {
    fn from(text: &String) -> Self {
        Self(Arc::from(text.as_str()))
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
    fn a_set_of_them_is_looked_up_by_str() {
        let set: HashSet<SharedStr> = ["bigint", "string"].into_iter().map(SharedStr::from).collect();
        assert!(set.contains("bigint"));
        assert!(!set.contains("int"));
    }
}
