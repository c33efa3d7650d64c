//! Where results go: one JSON document on stdout with `--json`, else text for people, with
//! colours only on a terminal and never when `NO_COLOR` is set. Notes and prompts go to stderr
//! so that stdout stays exactly the result.

use serde::Serialize;
use std::io::{self, IsTerminal, Write};

/// A colour or weight for a piece of text, written as an ANSI SGR sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Dim => "2",
            Style::Red => "1;31",
            Style::Green => "32",
            Style::Yellow => "33",
            Style::Blue => "34",
            Style::Magenta => "35",
        }
    }
}

/// Whether text is painted: decided once, from the terminal and the environment.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub colour: bool,
}

impl Paint {
    pub fn paint(&self, text: &str, style: Option<Style>) -> String {
        match style {
            Some(style) if self.colour && !text.is_empty() => format!("\x1b[{}m{text}\x1b[0m", style.code()),
            _ => text.to_owned(),
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint(text, Some(Style::Bold))
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(text, Some(Style::Dim))
    }
}

/// How this run prints its result.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub json: bool,
    pub paint: Paint,
}

impl Out {
    /// JSON when asked; colours only when stdout is a terminal and `NO_COLOR` is unset or empty
    /// (<https://no-color.org>), and not for `TERM=dumb`.
    pub fn new(json: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let colour = !json && !no_color && !dumb && io::stdout().is_terminal();
        Out { json, paint: Paint { colour } }
    }

    /// Prints `value` as one JSON document, or as `human(value)` for people.
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce(&T, &Paint) -> String) -> io::Result<()> {
        if self.json {
            let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
            print_stdout(&text)
        } else {
            print_stdout(&human(value, &self.paint))
        }
    }
}

/// Writes `text` to stdout with a final line break (added if missing). When the reader has
/// gone (`| head`) the rest is dropped without error, so that the command's outcome still picks
/// the exit code (`findings | head` still exits 3).
pub fn print_stdout(text: &str) -> io::Result<()> {
    if text.ends_with('\n') { stream_stdout(text) } else { stream_stdout(&format!("{text}\n")) }.map(drop)
}

/// Writes one part of a result printed as it is worked out, as is. `false` when the reader has
/// gone (`| head`), so the command can stop working out the rest.
pub fn stream_stdout(text: &str) -> io::Result<bool> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
    }
}

/// A line for the person at the terminal that is not part of the result. A closed stderr is no
/// reason to fail the command, so a write error is dropped.
pub fn note(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}
