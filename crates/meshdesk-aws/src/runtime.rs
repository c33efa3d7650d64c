//! The bridge from the core's synchronous ports to the asynchronous AWS SDK: the backend owns a
//! small tokio runtime and runs each port call's future on it, from any thread.
//!
//! `Runtime::block_on` panics when the calling thread is already inside a runtime — which it is
//! in the desktop shell, whose IPC commands are `async fn`s on Tauri's runtime. There the future
//! is spawned on the backend's runtime and the calling thread waits for its result on a channel
//! instead. Either way a panic in the future reaches the caller as a panic.

use std::future::Future;

use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::AwsError;

/// Two workers: a desktop app's calls are few and mostly waiting on the network; the crawler's
/// parallelism comes from concurrent requests, not threads.
const WORKERS: usize = 2;

#[derive(Debug)]
pub struct Bridge {
    /// Always `Some` until dropped (see `Drop`).
    runtime: Option<Runtime>,
}

impl Bridge {
    pub fn new() -> Result<Bridge, AwsError> {
        let runtime = Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .thread_name("meshdesk-aws")
            .enable_all()
            .build()
            .map_err(AwsError::Runtime)?;
        Ok(Bridge { runtime: Some(runtime) })
    }

    fn runtime(&self) -> &Runtime {
        // The option is emptied only by `drop`, after which `self` is gone.
        match &self.runtime {
            Some(runtime) => runtime,
            None => unreachable!("the runtime is taken only when the bridge is dropped"),
        }
    }

    pub fn handle(&self) -> &Handle {
        self.runtime().handle()
    }

    /// Runs `future` to completion on the backend's runtime and returns its output.
    pub fn run<F>(&self, future: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        if Handle::try_current().is_err() {
            return self.runtime().block_on(future);
        }
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let task = self.runtime().spawn(future);
        self.runtime().spawn(async move {
            // The receiver waits until this is sent; it cannot be gone.
            let _ = sender.send(task.await);
        });
        match receiver.recv() {
            Ok(Ok(output)) => output,
            Ok(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            // Cancelled, or the runtime shut down under us: both happen only while the bridge
            // is being dropped, which cannot be while `self` is borrowed here.
            Ok(Err(join)) => unreachable!("a bridge task was cancelled while the bridge is alive: {join}"),
            Err(_) => unreachable!("a bridge task ended without sending its result"),
        }
    }
}

impl Drop for Bridge {
    /// Dropping a runtime blocks until its tasks end, which tokio refuses inside another runtime
    /// (the shell may drop the backend from an async command); shutting down in the background
    /// is allowed anywhere.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer() -> u32 {
        tokio::task::yield_now().await;
        42
    }

    #[test]
    fn a_future_runs_from_a_plain_thread() {
        let bridge = Bridge::new().expect("a runtime");
        assert_eq!(bridge.run(answer()), 42);
        let from_threads: Vec<u32> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(|| bridge.run(answer()))).collect();
            handles.into_iter().map(|h| h.join().expect("no panic")).collect()
        });
        assert_eq!(from_threads, [42; 4]);
    }

    #[test]
    fn a_future_runs_from_inside_another_runtime_and_the_bridge_drops_there() {
        let shell = Builder::new_current_thread().enable_all().build().expect("the shell's runtime");
        let bridge = Bridge::new().expect("a runtime");
        let (answer, bridge) = shell.block_on(async move { (bridge.run(answer()), bridge) });
        assert_eq!(answer, 42);
        shell.block_on(async move { drop(bridge) });
    }

    #[test]
    fn a_panic_in_the_future_reaches_the_caller_on_both_paths() {
        let bridge = Bridge::new().expect("a runtime");
        let outside = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bridge.run(async { panic!("boom") })));
        assert!(outside.is_err());
        let shell = Builder::new_current_thread().build().expect("the shell's runtime");
        let inside = shell.block_on(async {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bridge.run(async { panic!("boom") })))
        });
        assert!(inside.is_err());
    }
}
