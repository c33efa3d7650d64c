//! LF-tag expressions as owners write them (`sensitivity in (public, internal) AND domain = billing`):
//! reading, printing, checking against an account's tag keys, and matching a column's tags.

use super::model::{TagClause, TagExpression};
use crate::model::{LfTag, TagKey};
use std::fmt;

/// The longest expression text accepted.
pub const MAX_LEN: usize = 4096;

/// Why an expression cannot be read, or does not fit the account's tag keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExprError {
    #[error("the LF-tag expression is empty")]
    Empty,
    #[error("the LF-tag expression is {len} bytes long; the longest accepted is {MAX_LEN}")]
    TooLong { len: usize },
    #[error("at byte {position}: expected {expected}, found {found}")]
    Syntax { position: usize, expected: &'static str, found: String },
    #[error("at byte {position}: the key '{key}' appears twice; list every value in one clause")]
    RepeatedKey { position: usize, key: String },
    #[error("unknown LF-tag key '{key}'; the account defines {}", list(known))]
    UnknownKey { key: String, known: Vec<String> },
    #[error("'{value}' is not a value of the LF-tag '{key}'; allowed: {}", list(allowed))]
    ValueNotAllowed { key: String, value: String, allowed: Vec<String> },
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}

/// Characters a key or value may use without quotes.
fn is_bare(c: char) -> bool {
    c.is_alphanumeric() || "_.:/+@%-".contains(c)
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Open,
    Close,
    Comma,
    Equals,
    End,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

/// A token shown in an error, shortened.
fn found(token: &Token) -> String {
    let cut = |s: &str| {
        let short: String = s.chars().take(40).collect();
        if short.len() < s.len() { format!("'{short}…'") } else { format!("'{short}'") }
    };
    match token {
        Token::Word(w) => cut(w),
        Token::Quoted(q) => cut(q),
        Token::Open => "'('".into(),
        Token::Close => "')'".into(),
        Token::Comma => "','".into(),
        Token::Equals => "'='".into(),
        Token::End => "the end".into(),
    }
}

impl Lexer<'_> {
    /// The next token and the byte it starts at.
    fn next(&mut self) -> Result<(usize, Token), ExprError> {
        let rest = &self.text[self.pos..];
        let skipped = rest.len() - rest.trim_start().len();
        self.pos += skipped;
        let start = self.pos;
        let Some(c) = self.text[start..].chars().next() else { return Ok((start, Token::End)) };
        let single = match c {
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            ',' => Some(Token::Comma),
            '=' => Some(Token::Equals),
            _ => None,
        };
        if let Some(token) = single {
            self.pos += 1;
            return Ok((start, token));
        }
        if c == '\'' {
            return self.quoted(start).map(|q| (start, Token::Quoted(q)));
        }
        if is_bare(c) {
            let len = self.text[start..].find(|c: char| !is_bare(c)).unwrap_or(self.text.len() - start);
            self.pos += len;
            return Ok((start, Token::Word(self.text[start..self.pos].to_owned())));
        }
        Err(ExprError::Syntax {
            position: start,
            expected: "a key, a value, 'in', '=', '(', ')' or ','",
            found: format!("'{}'", c.escape_debug()),
        })
    }

    /// A `'…'` text with `''` standing for one quote.
    fn quoted(&mut self, start: usize) -> Result<String, ExprError> {
        let mut out = String::new();
        let mut chars = self.text[start + 1..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                self.pos = start + 1 + i + 1;
                return Ok(out);
            }
            out.push(c);
        }
        Err(ExprError::Syntax { position: start, expected: "a closing quote", found: "the end".into() })
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<(usize, Token)>,
}

impl Parser<'_> {
    fn peek(&mut self) -> Result<&(usize, Token), ExprError> {
        let next = match self.peeked.take() {
            Some(token) => token,
            None => self.lexer.next()?,
        };
        Ok(self.peeked.insert(next))
    }

    fn take(&mut self) -> Result<(usize, Token), ExprError> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lexer.next(),
        }
    }

    fn fail<T>(position: usize, expected: &'static str, token: &Token) -> Result<T, ExprError> {
        Err(ExprError::Syntax { position, expected, found: found(token) })
    }

    fn text(&mut self, expected: &'static str) -> Result<String, ExprError> {
        match self.take()? {
            (_, Token::Word(w) | Token::Quoted(w)) if !w.is_empty() => Ok(w),
            (position, token) => Self::fail(position, expected, &token),
        }
    }

    fn clause(&mut self) -> Result<TagClause, ExprError> {
        let key = self.text("an LF-tag key")?;
        match self.take()? {
            (_, Token::Equals) => Ok(TagClause { key, values: vec![self.text("a value")?] }),
            (_, Token::Word(w)) if w.eq_ignore_ascii_case("in") => {
                match self.take()? {
                    (_, Token::Open) => {}
                    (position, token) => return Self::fail(position, "'(' after 'in'", &token),
                }
                let mut values = vec![self.text("a value")?];
                loop {
                    match self.take()? {
                        (_, Token::Comma) => values.push(self.text("a value")?),
                        (_, Token::Close) => return Ok(TagClause { key, values }),
                        (position, token) => return Self::fail(position, "',' or ')'", &token),
                    }
                }
            }
            (position, token) => Self::fail(position, "'in' or '=' after the key", &token),
        }
    }
}

/// Reads `key in (v1, v2) AND key2 = v3`. `AND` and `IN` are case-insensitive; keys and values
/// may be quoted (`'a b'`, with `''` for a quote).
pub fn parse(text: &str) -> Result<TagExpression, ExprError> {
    if text.len() > MAX_LEN {
        return Err(ExprError::TooLong { len: text.len() });
    }
    if text.trim().is_empty() {
        return Err(ExprError::Empty);
    }
    let mut parser = Parser { lexer: Lexer { text, pos: 0 }, peeked: None };
    let mut clauses: Vec<TagClause> = Vec::new();
    loop {
        let (position, _) = *parser.peek()?;
        let clause = parser.clause()?;
        if clauses.iter().any(|c| c.key == clause.key) {
            return Err(ExprError::RepeatedKey { position, key: clause.key });
        }
        clauses.push(clause);
        match parser.take()? {
            (_, Token::End) => {
                // The canonical form (`key in (a, b)`, quotes where needed) can be longer than
                // what was typed; it is what gets stored and read again, so it must fit too.
                let expression = TagExpression { clauses };
                let len = expression.to_string().len();
                return if len > MAX_LEN { Err(ExprError::TooLong { len }) } else { Ok(expression) };
            }
            (_, Token::Word(w)) if w.eq_ignore_ascii_case("and") => {}
            (position, token) => return Parser::fail(position, "'AND' or the end", &token),
        }
    }
}

/// A key or value as it must be written to read back the same.
struct Written<'a>(&'a str);

impl fmt::Display for Written<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keyword = ["and", "in"].iter().any(|k| self.0.eq_ignore_ascii_case(k));
        if !self.0.is_empty() && !keyword && self.0.chars().all(is_bare) {
            f.write_str(self.0)
        } else {
            write!(f, "'{}'", self.0.replace('\'', "''"))
        }
    }
}

impl fmt::Display for TagExpression {
    /// The canonical form: `key in (v1, v2) AND key2 in (v3)`, quoting only where needed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                f.write_str(" AND ")?;
            }
            write!(f, "{} in (", Written(&clause.key))?;
            for (j, value) in clause.values.iter().enumerate() {
                if j > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", Written(value))?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Checks every key and value against the tag keys the account defines.
pub fn validate(expr: &TagExpression, keys: &[TagKey]) -> Result<(), ExprError> {
    for clause in &expr.clauses {
        let Some(defined) = keys.iter().find(|k| k.key == clause.key) else {
            return Err(ExprError::UnknownKey {
                key: clause.key.clone(),
                known: keys.iter().map(|k| k.key.clone()).collect(),
            });
        };
        if let Some(value) = clause.values.iter().find(|v| !defined.values.contains(v)) {
            return Err(ExprError::ValueNotAllowed {
                key: clause.key.clone(),
                value: value.clone(),
                allowed: defined.values.clone(),
            });
        }
    }
    Ok(())
}

/// Whether every clause holds for a resource whose effective value of a key is `value_of(key)`.
pub fn matches_with<'a>(expr: &TagExpression, value_of: impl Fn(&str) -> Option<&'a str>) -> bool {
    expr.clauses.iter().all(|clause| value_of(&clause.key).is_some_and(|v| clause.values.iter().any(|w| w == v)))
}

/// Whether every clause holds for a resource with these effective tags (see [`effective_tags`]).
pub fn matches(expr: &TagExpression, effective: &[LfTag]) -> bool {
    matches_with(expr, |key| effective.iter().find(|t| t.key == key).map(|t| t.value.as_str()))
}

/// A column's effective value of `key`, with Lake Formation's inheritance: the column's own,
/// else its table's, else its database's.
pub fn effective_value<'a>(
    key: &str,
    column: &'a [LfTag],
    table: &'a [LfTag],
    database: &'a [LfTag],
) -> Option<&'a str> {
    [column, table, database].into_iter().find_map(|tags| tags.iter().find(|t| t.key == key)).map(|t| t.value.as_str())
}

/// A column's effective tags, one per key, each from the nearest level that sets it.
pub fn effective_tags(column: &[LfTag], table: &[LfTag], database: &[LfTag]) -> Vec<LfTag> {
    let mut out: Vec<LfTag> = Vec::new();
    for tag in column.iter().chain(table).chain(database) {
        if !out.iter().any(|t| t.key == tag.key) {
            out.push(tag.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, canonical: &str) {
        let expr = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(expr.to_string(), canonical, "{input}");
        assert_eq!(parse(canonical), Ok(expr), "{canonical} reads back the same");
    }

    fn error(input: &str) -> String {
        match parse(input) {
            Ok(e) => panic!("{input} parsed as {e:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn tags(pairs: &[(&str, &str)]) -> Vec<LfTag> {
        pairs.iter().map(|(k, v)| LfTag::new(*k, *v)).collect()
    }

    #[test]
    fn expressions_print_in_one_canonical_form() {
        check(
            "sensitivity in (public,internal) AND domain in (billing)",
            "sensitivity in (public, internal) AND domain in (billing)",
        );
        check("sensitivity IN ( public )  and  pii = false", "sensitivity in (public) AND pii in (false)");
        check("team = 'data platform'", "team in ('data platform')");
        check("owner in ('it''s', 'and')", "owner in ('it''s', 'and')");
        check("'my key' in (x)", "'my key' in (x)");
        check("région in (île-de-france)", "région in (île-de-france)");
    }

    #[test]
    fn syntax_errors_name_the_position_and_what_was_expected() {
        assert_eq!(error(""), "the LF-tag expression is empty");
        assert_eq!(error("sensitivity (public)"), "at byte 12: expected 'in' or '=' after the key, found '('");
        assert_eq!(error("sensitivity in public"), "at byte 15: expected '(' after 'in', found 'public'");
        assert_eq!(error("sensitivity in ()"), "at byte 16: expected a value, found ')'");
        assert_eq!(error("sensitivity in (a b)"), "at byte 18: expected ',' or ')', found 'b'");
        assert_eq!(error("a = 1 OR b = 2"), "at byte 6: expected 'AND' or the end, found 'OR'");
        assert_eq!(error("a = 'open"), "at byte 4: expected a closing quote, found the end");
        assert_eq!(error("a = 1 AND"), "at byte 9: expected an LF-tag key, found the end");
        assert_eq!(error("a = ;"), "at byte 4: expected a key, a value, 'in', '=', '(', ')' or ',', found ';'");
        assert_eq!(error("a = 1 AND a = 2"), "at byte 10: the key 'a' appears twice; list every value in one clause");
    }

    #[test]
    fn oversized_expressions_are_refused() {
        let huge = format!("a in ({})", vec!["v"; 3000].join(","));
        assert_eq!(
            error(&huge),
            format!("the LF-tag expression is {} bytes long; the longest accepted is 4096", huge.len())
        );
    }

    #[test]
    fn validation_names_the_unknown_key_or_value_and_lists_what_is_allowed() {
        let keys = [
            TagKey { account: "1".into(), key: "sensitivity".into(), values: vec!["public".into(), "internal".into()] },
            TagKey { account: "1".into(), key: "pii".into(), values: vec!["true".into(), "false".into()] },
        ];
        let check = |text: &str| parse(text).map(|e| validate(&e, &keys)).and_then(|r| r).map_err(|e| e.to_string());
        assert_eq!(check("sensitivity in (public) AND pii = true"), Ok(()));
        assert_eq!(
            check("domain = billing"),
            Err("unknown LF-tag key 'domain'; the account defines sensitivity, pii".into())
        );
        assert_eq!(
            check("sensitivity in (public, secret)"),
            Err("'secret' is not a value of the LF-tag 'sensitivity'; allowed: public, internal".into())
        );
    }

    #[test]
    fn a_column_matches_when_every_clause_holds_for_its_effective_tags() {
        let expr = parse("sensitivity in (public, internal) AND pii = false").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches(&expr, &tags(&[("sensitivity", "internal"), ("pii", "false")])));
        assert!(!matches(&expr, &tags(&[("sensitivity", "internal")])), "a missing key fails its clause");
        assert!(!matches(&expr, &tags(&[("sensitivity", "restricted"), ("pii", "false")])));
        assert!(!matches(&expr, &tags(&[("sensitivity", "Internal"), ("pii", "false")])), "values match exactly");
    }

    #[test]
    fn effective_tags_come_from_the_column_else_the_table_else_the_database_per_key() {
        let column = tags(&[("pii", "true")]);
        let table = tags(&[("sensitivity", "confidential"), ("pii", "false")]);
        let database = tags(&[("sensitivity", "internal"), ("domain", "billing")]);
        assert_eq!(
            effective_tags(&column, &table, &database),
            tags(&[("pii", "true"), ("sensitivity", "confidential"), ("domain", "billing")])
        );
        assert_eq!(effective_value("domain", &column, &table, &database), Some("billing"));
        assert_eq!(effective_value("tier", &column, &table, &database), None);
    }
}
