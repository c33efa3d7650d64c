//! A small test runner for the child process: runs the named tests (all, or those whose name
//! contains an argument), several at once, and reports like libtest.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub type Test = (&'static str, fn());

pub fn run(tests: &[Test]) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let exact = args.iter().any(|a| a == "--exact");
    let threads = args
        .iter()
        .find_map(|a| a.strip_prefix("--test-threads=").and_then(|n| n.parse::<usize>().ok()))
        .unwrap_or(4)
        .max(1);
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let chosen: Vec<&Test> = tests
        .iter()
        .filter(|(name, _)| {
            filters.is_empty() || filters.iter().any(|f| if exact { name == f } else { name.contains(f.as_str()) })
        })
        .collect();
    if args.iter().any(|a| a == "--list") {
        for (name, _) in &chosen {
            println!("{name}: test");
        }
        return ExitCode::SUCCESS;
    }

    println!("\nrunning {} tests", chosen.len());
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(chosen.len().max(1)) {
            scope.spawn(|| {
                while let Some((name, test)) = chosen.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let outcome = catch_unwind(AssertUnwindSafe(test));
                    println!("test {name} ... {}", if outcome.is_ok() { "ok" } else { "FAILED" });
                    if outcome.is_err() {
                        failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(*name);
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let verdict = if failed.is_empty() { "ok" } else { "FAILED" };
    println!(
        "\ntest result: {verdict}. {} passed; {} failed; finished in {:.2}s",
        chosen.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("\nfailures:");
        for name in failed {
            println!("    {name}");
        }
        ExitCode::FAILURE
    }
}
