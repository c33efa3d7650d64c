//! Waiting for the user to pause: a value is passed on only when no newer one follows within a delay.

use leptos::prelude::*;
use std::time::Duration;

/// Holds the pending timeout; a new `push` cancels the previous one.
pub struct Debounced<T: Send + Sync + 'static> {
    settled: RwSignal<Option<T>>,
    pending: StoredValue<Option<TimeoutHandle>>,
    delay: Duration,
}

// Written out because a derive would ask `T: Copy`, and only the signal handles are copied.
impl<T: Send + Sync + 'static> Clone for Debounced<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Debounced<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Debounced<T> {
    pub fn new(delay: Duration) -> Self {
        Self { settled: RwSignal::new(None), pending: StoredValue::new(None), delay }
    }

    /// `value` becomes the settled value after the delay, unless another push comes first.
    pub fn push(&self, value: T) {
        self.cancel();
        let settled = self.settled;
        let pending = self.pending;
        let handle = set_timeout_with_handle(
            move || {
                pending.try_set_value(None);
                if settled.try_with_untracked(|v| v.as_ref() != Some(&value)).unwrap_or(false) {
                    settled.try_set(Some(value));
                }
            },
            self.delay,
        );
        self.pending.set_value(handle.ok());
    }

    /// Drops a value still waiting, and the settled one: there is nothing to act on.
    pub fn clear(&self) {
        self.cancel();
        self.settled.set(None);
    }

    fn cancel(&self) {
        if let Some(previous) = self.pending.get_value() {
            previous.clear();
        }
    }

    /// The last value the user paused on; reading it subscribes.
    pub fn settled(&self) -> Option<T> {
        self.settled.get()
    }
}
