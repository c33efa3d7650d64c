//! Why a bench run stopped: the step that failed and what was wrong, as `main` prints it.

use std::fmt;
use std::io;
use std::path::PathBuf;

use meshdesk_local::StoreError;
use meshdesk_protocol::ApiError;

use crate::{ArgError, USAGE};

#[derive(Debug)]
pub enum BenchError {
    /// The command line does not read.
    Args(ArgError),
    /// The synthetic sandbox could not be written to `dir`.
    Seed { dir: PathBuf, error: StoreError },
    /// A Meshdesk call failed (its message names the call's subject).
    Api(ApiError),
    /// The sandbox in `dir` lists no products: nothing to measure.
    NoProducts { dir: PathBuf },
    /// The sandbox lacks something a measurement needs; says what.
    Missing(&'static str),
    /// `/proc/self/status`, where the peak resident set is read, could not be read.
    ProcStatus(io::Error),
    /// `/proc/self/status` has no `VmHWM` line (not Linux, or a kernel without it).
    NoPeakRss,
}

impl From<ApiError> for BenchError {
    fn from(error: ApiError) -> Self {
        BenchError::Api(error)
    }
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::Args(error) => write!(f, "{error}\n{USAGE}"),
            BenchError::Seed { dir, error } => write!(f, "cannot seed {}: {error}", dir.display()),
            BenchError::Api(error) => write!(f, "{error}"),
            BenchError::NoProducts { dir } => write!(f, "the sandbox in {} lists no products", dir.display()),
            BenchError::Missing(what) => f.write_str(what),
            BenchError::ProcStatus(error) => write!(f, "cannot read /proc/self/status: {error}"),
            BenchError::NoPeakRss => f.write_str("no VmHWM in /proc/self/status"),
        }
    }
}

impl std::error::Error for BenchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BenchError::Args(error) => Some(error),
            BenchError::Seed { error, .. } => Some(error),
            BenchError::ProcStatus(error) => Some(error),
            _ => None,
        }
    }
}
