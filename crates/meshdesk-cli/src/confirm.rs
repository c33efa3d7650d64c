//! Asking before a change: `--yes` answers for scripts; on a terminal the person is asked; with
//! no terminal and no `--yes` nothing is changed, since nobody could have seen what would be.

use crate::output::note;
use crate::session::Failure;
use std::io::{self, BufRead, IsTerminal, Write};

/// Whether to go ahead with `what` ("apply 2 changes"). Refuses (exit 1) when stdin is not a
/// terminal and `yes` is not given, or when the person does not answer yes; `otherwise` says
/// what else the person can do (e.g. "--dry-run shows the plan only").
pub fn confirm(what: &str, yes: bool, otherwise: &str) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(Failure::refused(format!(
            "nothing was changed: stdin is not a terminal, so nobody confirmed. Pass --yes to {what} without asking; {otherwise}"
        )));
    }
    let mut stderr = io::stderr().lock();
    let _ = write!(stderr, "{}? [y/N] ", capitalised(what));
    let _ = stderr.flush();
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::refused(format!("nothing was changed: could not read the answer ({e})")))?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        note("Nothing was changed.");
        Err(Failure::refused("nothing was changed: not confirmed"))
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
