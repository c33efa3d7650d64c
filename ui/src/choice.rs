//! What ticking a box does to the set it stands in, and the forms that hold chosen permissions
//! (the request form, the grant editor), so that one row of permission boxes serves both.

use meshdesk_protocol::Permission;
use std::collections::BTreeSet;

/// Adds `item` if it is missing, takes it out if present.
pub fn toggle<T: Ord>(set: &mut BTreeSet<T>, item: T) {
    if !set.remove(&item) {
        set.insert(item);
    }
}

/// A form that holds a set of chosen permissions.
pub trait ChosenPermissions: Send + Sync + 'static {
    fn permissions(&self) -> &BTreeSet<Permission>;

    fn permissions_mut(&mut self) -> &mut BTreeSet<Permission>;

    fn toggle_permission(&mut self, permission: Permission) {
        toggle(self.permissions_mut(), permission);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticking_twice_leaves_the_set_as_it_was() {
        let mut set = BTreeSet::from([1]);
        toggle(&mut set, 2);
        assert_eq!(set, BTreeSet::from([1, 2]));
        toggle(&mut set, 2);
        toggle(&mut set, 1);
        assert!(set.is_empty());
    }
}
