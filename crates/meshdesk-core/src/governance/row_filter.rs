//! Row filters of data cells filters (the PartiQL subset Lake Formation accepts): reading them
//! with positioned errors, the columns they use, checking them against a table, a canonical form.

use std::fmt;

/// The longest filter text accepted.
pub const MAX_LEN: usize = 4096;
/// How deeply parentheses and `NOT`s may nest; deeper input is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// A row filter: `None` inside means every row (`TRUE` or nothing written).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowFilter {
    condition: Option<Condition>,
}

/// A condition on a row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// At least two alternatives, none itself an `Or`.
    Or(Vec<Condition>),
    /// At least two conditions, none itself an `And`.
    And(Vec<Condition>),
    Not(Box<Condition>),
    Compare {
        left: Operand,
        op: CompareOp,
        right: Operand,
    },
    In {
        operand: Operand,
        list: Vec<Operand>,
        negated: bool,
    },
    Like {
        operand: Operand,
        pattern: Operand,
        negated: bool,
    },
    Between {
        operand: Operand,
        low: Operand,
        high: Operand,
        negated: bool,
    },
    IsNull {
        operand: Operand,
        negated: bool,
    },
    /// A boolean column or literal standing alone.
    Value(Operand),
}

/// A column or a literal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operand {
    Column(String),
    Text(String),
    /// A number as written (`-12`, `3.5`, `1e6`).
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// Why a filter cannot be read, or does not fit its table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowFilterError {
    #[error("the row filter is {len} bytes long; the longest accepted is {MAX_LEN}")]
    TooLong { len: usize },
    #[error("at byte {position}: expected {expected}, found {found}")]
    Syntax { position: usize, expected: &'static str, found: String },
    #[error("at byte {position}: the row filter nests deeper than {MAX_DEPTH} levels")]
    TooDeep { position: usize },
    #[error("unknown column '{column}'; the table's columns are {}", known.join(", "))]
    UnknownColumn { column: String, known: Vec<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    And,
    Or,
    Not,
    In,
    Like,
    Is,
    Null,
    Between,
    True,
    False,
}

const KEYWORDS: [(&str, Keyword); 10] = [
    ("AND", Keyword::And),
    ("OR", Keyword::Or),
    ("NOT", Keyword::Not),
    ("IN", Keyword::In),
    ("LIKE", Keyword::Like),
    ("IS", Keyword::Is),
    ("NULL", Keyword::Null),
    ("BETWEEN", Keyword::Between),
    ("TRUE", Keyword::True),
    ("FALSE", Keyword::False),
];

fn keyword(word: &str) -> Option<Keyword> {
    KEYWORDS.iter().find(|(k, _)| k.eq_ignore_ascii_case(word)).map(|&(_, kw)| kw)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    QuotedName(String),
    Keyword(Keyword),
    Text(String),
    Number(String),
    Compare(CompareOp),
    Open,
    Close,
    Comma,
    End,
}

/// A token as an error shows it, shortened.
fn found(token: &Token) -> String {
    let cut = |s: &str, quote: char| {
        let short: String = s.chars().take(40).flat_map(char::escape_debug).collect();
        let more = if s.chars().nth(40).is_some() { "…" } else { "" };
        format!("{quote}{short}{more}{quote}")
    };
    match token {
        Token::Word(w) | Token::Number(w) => cut(w, '\''),
        Token::QuotedName(n) => cut(n, '"'),
        Token::Text(t) => format!("the text {}", cut(t, '\'')),
        Token::Keyword(k) => {
            KEYWORDS.iter().find(|(_, kw)| kw == k).map_or_else(String::new, |(name, _)| (*name).to_owned())
        }
        Token::Compare(op) => format!("'{}'", op.as_str()),
        Token::Open => "'('".into(),
        Token::Close => "')'".into(),
        Token::Comma => "','".into(),
        Token::End => "the end".into(),
    }
}

fn syntax<T>(position: usize, expected: &'static str, token: &Token) -> Result<T, RowFilterError> {
    Err(RowFilterError::Syntax { position, expected, found: found(token) })
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn next(&mut self) -> Result<(usize, Token), RowFilterError> {
        let skipped = self.rest().len() - self.rest().trim_start().len();
        self.pos += skipped;
        let start = self.pos;
        let mut chars = self.rest().chars();
        let Some(c) = chars.next() else { return Ok((start, Token::End)) };
        let second = chars.next();
        let (len, token) = match (c, second) {
            ('(', _) => (1, Token::Open),
            (')', _) => (1, Token::Close),
            (',', _) => (1, Token::Comma),
            ('=', _) => (1, Token::Compare(CompareOp::Eq)),
            ('!', Some('=')) | ('<', Some('>')) => (2, Token::Compare(CompareOp::Ne)),
            ('<', Some('=')) => (2, Token::Compare(CompareOp::Le)),
            ('>', Some('=')) => (2, Token::Compare(CompareOp::Ge)),
            ('<', _) => (1, Token::Compare(CompareOp::Lt)),
            ('>', _) => (1, Token::Compare(CompareOp::Gt)),
            ('\'', _) => return self.quoted(start, '\'').map(|t| (start, Token::Text(t))),
            ('"', _) => return self.quoted_name(start),
            (c, second) if c.is_ascii_digit() || (c == '-' && second.is_some_and(|d| d.is_ascii_digit())) => {
                let len = self.number_len();
                (len, Token::Number(self.rest()[..len].to_owned()))
            }
            (c, _) if is_name_start(c) => {
                let len = self.rest().find(|c: char| !is_name(c)).unwrap_or(self.rest().len());
                let word = &self.rest()[..len];
                (len, keyword(word).map_or_else(|| Token::Word(word.to_owned()), Token::Keyword))
            }
            (c, _) => {
                return Err(RowFilterError::Syntax {
                    position: start,
                    expected: "a column, a value, an operator or a parenthesis",
                    found: format!("'{}'", c.escape_debug()),
                });
            }
        };
        self.pos += len;
        Ok((start, token))
    }

    /// The length of `-?digits(.digits)?([eE][+-]?digits)?` at the current position.
    fn number_len(&self) -> usize {
        let bytes = self.rest().as_bytes();
        let digits = |from: usize| bytes[from.min(bytes.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
        let mut len = usize::from(bytes.first() == Some(&b'-'));
        len += digits(len);
        if bytes.get(len) == Some(&b'.') && digits(len + 1) > 0 {
            len += 1 + digits(len + 1);
        }
        if matches!(bytes.get(len), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(bytes.get(len + 1), Some(b'+' | b'-')));
            let exponent = digits(len + 1 + sign);
            if exponent > 0 {
                len += 1 + sign + exponent;
            }
        }
        len
    }

    /// Text between `quote`s, a doubled quote standing for one.
    fn quoted(&mut self, start: usize, quote: char) -> Result<String, RowFilterError> {
        let mut out = String::new();
        let mut chars = self.text[start + 1..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                if chars.peek().is_some_and(|&(_, n)| n == quote) {
                    chars.next();
                    out.push(quote);
                    continue;
                }
                self.pos = start + 1 + i + 1;
                return Ok(out);
            }
            out.push(c);
        }
        syntax(start, "a closing quote", &Token::End)
    }

    fn quoted_name(&mut self, start: usize) -> Result<(usize, Token), RowFilterError> {
        let name = self.quoted(start, '"')?;
        if name.is_empty() {
            return syntax(start, "a column name between the double quotes", &Token::QuotedName(name));
        }
        Ok((start, Token::QuotedName(name)))
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<(usize, Token)>,
}

impl Parser<'_> {
    fn peek(&mut self) -> Result<&(usize, Token), RowFilterError> {
        let next = match self.peeked.take() {
            Some(token) => token,
            None => self.lexer.next()?,
        };
        Ok(self.peeked.insert(next))
    }

    fn take(&mut self) -> Result<(usize, Token), RowFilterError> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lexer.next(),
        }
    }

    fn next_is(&mut self, keyword: Keyword) -> Result<bool, RowFilterError> {
        if self.peek()?.1 == Token::Keyword(keyword) {
            self.take()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn expect(&mut self, wanted: &Token, expected: &'static str) -> Result<(), RowFilterError> {
        match self.take()? {
            (_, token) if &token == wanted => Ok(()),
            (position, token) => syntax(position, expected, &token),
        }
    }

    fn deeper(&mut self, depth: usize) -> Result<usize, RowFilterError> {
        if depth >= MAX_DEPTH {
            let position = self.peek()?.0;
            return Err(RowFilterError::TooDeep { position });
        }
        Ok(depth + 1)
    }

    fn or(&mut self, depth: usize) -> Result<Condition, RowFilterError> {
        let mut items = vec![self.and(depth)?];
        while self.next_is(Keyword::Or)? {
            items.push(self.and(depth)?);
        }
        Ok(joined(items, Condition::Or, |c| match c {
            Condition::Or(inner) => Ok(inner),
            other => Err(other),
        }))
    }

    fn and(&mut self, depth: usize) -> Result<Condition, RowFilterError> {
        let mut items = vec![self.not(depth)?];
        while self.next_is(Keyword::And)? {
            items.push(self.not(depth)?);
        }
        Ok(joined(items, Condition::And, |c| match c {
            Condition::And(inner) => Ok(inner),
            other => Err(other),
        }))
    }

    fn not(&mut self, depth: usize) -> Result<Condition, RowFilterError> {
        if self.next_is(Keyword::Not)? {
            let depth = self.deeper(depth)?;
            return Ok(Condition::Not(Box::new(self.not(depth)?)));
        }
        if self.peek()?.1 == Token::Open {
            let depth = self.deeper(depth)?;
            self.take()?;
            let inner = self.or(depth)?;
            self.expect(&Token::Close, "')'")?;
            return Ok(inner);
        }
        self.predicate()
    }

    fn operand(&mut self, expected: &'static str) -> Result<Operand, RowFilterError> {
        match self.take()? {
            (_, Token::Word(name) | Token::QuotedName(name)) => Ok(Operand::Column(name)),
            (_, Token::Text(text)) => Ok(Operand::Text(text)),
            (_, Token::Number(number)) => Ok(Operand::Number(number)),
            (_, Token::Keyword(Keyword::True)) => Ok(Operand::Bool(true)),
            (_, Token::Keyword(Keyword::False)) => Ok(Operand::Bool(false)),
            (_, Token::Keyword(Keyword::Null)) => Ok(Operand::Null),
            (position, token) => syntax(position, expected, &token),
        }
    }

    fn predicate(&mut self) -> Result<Condition, RowFilterError> {
        let operand = self.operand("a column, a value, NOT or '('")?;
        let negated = self.next_is(Keyword::Not)?;
        let (position, token) = self.take()?;
        let condition = match token {
            Token::Compare(op) if !negated => {
                Condition::Compare { left: operand, op, right: self.operand("a column or a value")? }
            }
            Token::Keyword(Keyword::In) => {
                self.expect(&Token::Open, "'(' after IN")?;
                let mut list = vec![self.operand("a value")?];
                loop {
                    match self.take()? {
                        (_, Token::Comma) => list.push(self.operand("a value")?),
                        (_, Token::Close) => break,
                        (position, token) => return syntax(position, "',' or ')'", &token),
                    }
                }
                Condition::In { operand, list, negated }
            }
            Token::Keyword(Keyword::Like) => Condition::Like { operand, pattern: self.operand("a pattern")?, negated },
            Token::Keyword(Keyword::Between) => {
                let low = self.operand("a lower bound")?;
                self.expect(&Token::Keyword(Keyword::And), "AND between the bounds")?;
                let high = self.operand("an upper bound")?;
                Condition::Between { operand, low, high, negated }
            }
            Token::Keyword(Keyword::Is) if !negated => {
                let negated = self.next_is(Keyword::Not)?;
                self.expect(&Token::Keyword(Keyword::Null), "NULL or NOT NULL after IS")?;
                Condition::IsNull { operand, negated }
            }
            _ if negated => return syntax(position, "IN, LIKE or BETWEEN after NOT", &token),
            // A lone boolean column or literal is a condition; anything else needs an operator.
            token => match operand {
                Operand::Column(_) | Operand::Bool(_) => {
                    self.peeked = Some((position, token));
                    Condition::Value(operand)
                }
                _ => return syntax(position, "an operator (=, <>, <, IN, LIKE, BETWEEN, IS)", &token),
            },
        };
        Ok(condition)
    }
}

/// One condition, or the `wrap`ped list of several with nested lists of the same kind spliced in
/// (`a AND (b AND c)` is `a AND b AND c`).
fn joined(
    items: Vec<Condition>,
    wrap: fn(Vec<Condition>) -> Condition,
    unwrap: fn(Condition) -> Result<Vec<Condition>, Condition>,
) -> Condition {
    let mut items = items;
    if items.len() == 1 {
        return items.swap_remove(0);
    }
    let mut flat = Vec::with_capacity(items.len());
    for item in items {
        match unwrap(item) {
            Ok(inner) => flat.extend(inner),
            Err(single) => flat.push(single),
        }
    }
    wrap(flat)
}

/// Reads a row filter. An empty text or `TRUE` is every row.
pub fn parse(text: &str) -> Result<RowFilter, RowFilterError> {
    if text.len() > MAX_LEN {
        return Err(RowFilterError::TooLong { len: text.len() });
    }
    if text.trim().is_empty() {
        return Ok(RowFilter::all());
    }
    let mut parser = Parser { lexer: Lexer { text, pos: 0 }, peeked: None };
    let condition = parser.or(0)?;
    match parser.take()? {
        (_, Token::End) => {}
        (position, token) => return syntax(position, "AND, OR or the end", &token),
    }
    let every_row = condition == Condition::Value(Operand::Bool(true));
    Ok(RowFilter { condition: (!every_row).then_some(condition) })
}

impl std::str::FromStr for RowFilter {
    type Err = RowFilterError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text)
    }
}

impl RowFilter {
    /// The filter that keeps every row.
    pub fn all() -> Self {
        RowFilter { condition: None }
    }

    pub fn is_all(&self) -> bool {
        self.condition.is_none()
    }

    pub fn condition(&self) -> Option<&Condition> {
        self.condition.as_ref()
    }

    /// The columns the filter reads, once each, in order of first use.
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut pending: Vec<&Condition> = self.condition.iter().collect();
        while let Some(condition) = pending.pop() {
            let operands: Vec<&Operand> = match condition {
                Condition::Or(items) | Condition::And(items) => {
                    pending.extend(items.iter().rev());
                    continue;
                }
                Condition::Not(inner) => {
                    pending.push(inner);
                    continue;
                }
                Condition::Compare { left, right, .. } => vec![left, right],
                Condition::In { operand, list, .. } => std::iter::once(operand).chain(list).collect(),
                Condition::Like { operand, pattern, .. } => vec![operand, pattern],
                Condition::Between { operand, low, high, .. } => vec![operand, low, high],
                Condition::IsNull { operand, .. } | Condition::Value(operand) => vec![operand],
            };
            for operand in operands {
                if let Operand::Column(name) = operand
                    && !out.contains(&name.as_str())
                {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// Checks that every column the filter reads is one of the table's (ignoring ASCII case, as
/// Glue and Athena do).
pub fn validate<'a>(filter: &RowFilter, columns: impl IntoIterator<Item = &'a str>) -> Result<(), RowFilterError> {
    let known: Vec<&str> = columns.into_iter().collect();
    match filter.columns().into_iter().find(|used| !known.iter().any(|k| k.eq_ignore_ascii_case(used))) {
        Some(column) => Err(RowFilterError::UnknownColumn {
            column: column.to_owned(),
            known: known.iter().map(|k| (*k).to_owned()).collect(),
        }),
        None => Ok(()),
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Column(name) => {
                let bare = name.starts_with(is_name_start) && name.chars().all(is_name) && keyword(name).is_none();
                if bare { f.write_str(name) } else { write!(f, "\"{}\"", name.replace('"', "\"\"")) }
            }
            Operand::Text(text) => write!(f, "'{}'", text.replace('\'', "''")),
            Operand::Number(number) => f.write_str(number),
            Operand::Bool(true) => f.write_str("TRUE"),
            Operand::Bool(false) => f.write_str("FALSE"),
            Operand::Null => f.write_str("NULL"),
        }
    }
}

impl Condition {
    /// Binding strength: OR < AND < NOT < a predicate.
    fn strength(&self) -> u8 {
        match self {
            Condition::Or(_) => 1,
            Condition::And(_) => 2,
            Condition::Not(_) => 3,
            _ => 4,
        }
    }

    fn write_within(&self, f: &mut fmt::Formatter<'_>, at_least: u8) -> fmt::Result {
        if self.strength() < at_least { write!(f, "({self})") } else { write!(f, "{self}") }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = |negated: &bool| if *negated { "NOT " } else { "" };
        match self {
            Condition::Or(items) | Condition::And(items) => {
                let (separator, at_least) = if matches!(self, Condition::Or(_)) { (" OR ", 1) } else { (" AND ", 2) };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(separator)?;
                    }
                    item.write_within(f, at_least)?;
                }
                Ok(())
            }
            Condition::Not(inner) => {
                f.write_str("NOT ")?;
                inner.write_within(f, 3)
            }
            Condition::Compare { left, op, right } => write!(f, "{left} {} {right}", op.as_str()),
            Condition::In { operand, list, negated } => {
                write!(f, "{operand} {}IN (", not(negated))?;
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str(")")
            }
            Condition::Like { operand, pattern, negated } => write!(f, "{operand} {}LIKE {pattern}", not(negated)),
            Condition::Between { operand, low, high, negated } => {
                write!(f, "{operand} {}BETWEEN {low} AND {high}", not(negated))
            }
            Condition::IsNull { operand, negated } => write!(f, "{operand} IS {}NULL", not(negated)),
            Condition::Value(operand) => write!(f, "{operand}"),
        }
    }
}

impl fmt::Display for RowFilter {
    /// The canonical form: keywords in capitals, one space around operators, parentheses only
    /// where precedence needs them; `TRUE` for every row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.condition {
            Some(condition) => write!(f, "{condition}"),
            None => f.write_str("TRUE"),
        }
    }
}

#[cfg(test)]
#[path = "row_filter_tests.rs"]
mod tests;
