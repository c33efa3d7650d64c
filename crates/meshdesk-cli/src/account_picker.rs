//! The account picker of `meshdesk login` on a terminal: which of the accounts Identity Center
//! lists to add to the mesh file, the role to use in each, and — for a new mesh file — the hub.
//! A few numbered questions on stderr rather than a prompt library: the answers are numbers or
//! names, and reading them from any `BufRead` keeps the logic testable without a terminal.

use std::io::{BufRead, Write};

use meshdesk_protocol::{SsoAccountChoice, SsoAccountPick};

/// How many times a question is asked again after an answer that does not read.
const ATTEMPTS: usize = 5;

/// What the person chose. `picks` is empty when they added nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub picks: Vec<SsoAccountPick>,
    /// An index into `picks`: asked only for a new mesh file with several accounts picked.
    pub hub: usize,
}

/// Why the picker stopped without an answer; nothing has been written.
#[derive(Debug, thiserror::Error)]
pub enum PickError {
    #[error("no answer (the input ended): nothing was added to the mesh file")]
    Ended,
    #[error("{0}: nothing was added to the mesh file")]
    Unreadable(BadAnswer),
    #[error("could not read the answer ({0}): nothing was added to the mesh file")]
    Io(#[from] std::io::Error),
}

/// Why one answer was not taken; the question is asked again with this said.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadAnswer {
    #[error("{text:?} is not a number from 1 to {count}")]
    NotANumber { text: String, count: usize },
    #[error("{part:?} runs backwards: write the smaller number first")]
    Backwards { part: String },
    #[error("pick a role: its number or its name")]
    NoRole,
    #[error("{answer:?} is none of the roles: pick one by its number or its name")]
    NotARole { answer: String },
}

/// Asks which accounts to add (those not yet in the mesh), a role for each with several roles
/// (`preferred` when the account has it, else none, is what Enter takes), and, when `ask_hub`,
/// which of several picked accounts is the hub.
pub fn pick(
    accounts: &[SsoAccountChoice],
    preferred: Option<&str>,
    ask_hub: bool,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> Result<Picked, PickError> {
    let offered: Vec<&SsoAccountChoice> = accounts.iter().filter(|a| !a.in_mesh && !a.roles.is_empty()).collect();
    let in_mesh = accounts.iter().filter(|a| a.in_mesh).count();
    if offered.is_empty() {
        writeln!(output, "Every account you have a role in is in the mesh file already ({in_mesh}).")?;
        return Ok(Picked { picks: Vec::new(), hub: 0 });
    }
    writeln!(output, "Accounts you have that the mesh file does not name yet:")?;
    for (i, account) in offered.iter().enumerate() {
        writeln!(output, "  {:>2}. {} ({})  roles: {}", i + 1, account.name, account.account_id, account.roles.join(", "))?;
    }
    if in_mesh > 0 {
        writeln!(output, "  ({in_mesh} more already in the mesh file)")?;
    }
    let chosen = ask(input, output, "Add which? Numbers or ranges (1,3-4), \"all\", or Enter for none: ", |answer| {
        selection(answer, offered.len())
    })?;
    let mut picks = Vec::new();
    for i in chosen {
        let account = offered[i];
        let role = match account.roles.as_slice() {
            [only] => only.clone(),
            roles => {
                let default = preferred.and_then(|p| roles.iter().find(|r| r.as_str() == p));
                let listed: Vec<String> = roles.iter().enumerate().map(|(n, r)| format!("{}. {r}", n + 1)).collect();
                let enter = default.map_or_else(String::new, |d| format!(" [Enter: {d}]"));
                let question = format!("Role in {} ({}): {}{enter}: ", account.name, account.account_id, listed.join("  "));
                ask(input, output, &question, |answer| role(answer, roles, default))?
            }
        };
        picks.push(SsoAccountPick { account_id: account.account_id.clone(), name: account.name.clone(), role, domain: String::new() });
    }
    let hub = if ask_hub && picks.len() > 1 {
        writeln!(output, "The hub account keeps the mesh's requests and audit log:")?;
        for (i, p) in picks.iter().enumerate() {
            writeln!(output, "  {:>2}. {} ({})", i + 1, p.name, p.account_id)?;
        }
        let count = picks.len();
        ask(input, output, "Which is the hub? [Enter: 1]: ", |answer| match answer {
            "" => Ok(0),
            _ => number(answer, count),
        })?
    } else {
        0
    };
    Ok(Picked { picks, hub })
}

/// Asks `question` until `read` takes the answer, at most [`ATTEMPTS`] times.
fn ask<T>(
    input: &mut impl BufRead,
    output: &mut impl Write,
    question: &str,
    read: impl Fn(&str) -> Result<T, BadAnswer>,
) -> Result<T, PickError> {
    let mut last = None;
    for _ in 0..ATTEMPTS {
        write!(output, "{question}")?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(output)?;
            return Err(PickError::Ended);
        }
        match read(line.trim()) {
            Ok(value) => return Ok(value),
            Err(why) => {
                writeln!(output, "  {why}")?;
                last = Some(why);
            }
        }
    }
    Err(last.map_or(PickError::Ended, PickError::Unreadable))
}

/// "1,3-4", "all", or nothing: indices into a list of `count`, in order, each once.
fn selection(answer: &str, count: usize) -> Result<Vec<usize>, BadAnswer> {
    if answer.is_empty() || answer.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    if answer.eq_ignore_ascii_case("all") {
        return Ok((0..count).collect());
    }
    let mut chosen = Vec::new();
    for part in answer.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        let (from, to) = match part.split_once('-') {
            Some((from, to)) => (number(from.trim(), count)?, number(to.trim(), count)?),
            None => {
                let n = number(part, count)?;
                (n, n)
            }
        };
        if from > to {
            return Err(BadAnswer::Backwards { part: part.to_owned() });
        }
        chosen.extend(from..=to);
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

/// A number from 1 to `count`, as an index.
fn number(text: &str, count: usize) -> Result<usize, BadAnswer> {
    match text.parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(n - 1),
        _ => Err(BadAnswer::NotANumber { text: text.to_owned(), count }),
    }
}

/// A role by its number or its name (any case); Enter takes `default`.
fn role(answer: &str, roles: &[String], default: Option<&String>) -> Result<String, BadAnswer> {
    if answer.is_empty() {
        return default.cloned().ok_or(BadAnswer::NoRole);
    }
    if let Some(found) = roles.iter().find(|r| r.eq_ignore_ascii_case(answer)) {
        return Ok(found.clone());
    }
    number(answer, roles.len()).map(|i| roles[i].clone()).map_err(|_| BadAnswer::NotARole { answer: answer.to_owned() })
}

#[cfg(test)]
#[path = "account_picker_tests.rs"]
mod tests;
