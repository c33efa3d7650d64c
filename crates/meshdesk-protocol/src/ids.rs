//! Names of things in the mesh: products (`ACCOUNT:database`) and tables (`ACCOUNT:database.table`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A data product: a Glue database in a domain account.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProductRef {
    pub account: String,
    pub database: String,
}

/// A table (an output port of a product, or a resource link in a consumer account).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TableRef {
    pub account: String,
    pub database: String,
    pub table: String,
}

/// Why a reference string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefParseError {
    pub input: String,
    pub expected: &'static str,
}

impl fmt::Display for RefParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a valid reference: expected {}", self.input, self.expected)
    }
}

impl std::error::Error for RefParseError {}

impl ProductRef {
    pub fn new(account: impl Into<String>, database: impl Into<String>) -> Self {
        Self { account: account.into(), database: database.into() }
    }

    pub fn table(&self, table: impl Into<String>) -> TableRef {
        TableRef { account: self.account.clone(), database: self.database.clone(), table: table.into() }
    }

    /// Reads `ACCOUNT:database`.
    pub fn parse(input: &str) -> Result<Self, RefParseError> {
        const EXPECTED: &str = "ACCOUNT:database, e.g. 111122223333:sales";
        let err = || RefParseError { input: input.to_owned(), expected: EXPECTED };
        let (account, database) = input.split_once(':').ok_or_else(err)?;
        if account.is_empty() || database.is_empty() || database.contains(['.', ':']) {
            return Err(err());
        }
        Ok(Self::new(account, database))
    }
}

impl TableRef {
    pub fn new(account: impl Into<String>, database: impl Into<String>, table: impl Into<String>) -> Self {
        Self { account: account.into(), database: database.into(), table: table.into() }
    }

    pub fn product(&self) -> ProductRef {
        ProductRef::new(self.account.clone(), self.database.clone())
    }

    /// Reads `ACCOUNT:database.table`.
    pub fn parse(input: &str) -> Result<Self, RefParseError> {
        const EXPECTED: &str = "ACCOUNT:database.table, e.g. 111122223333:sales.orders";
        let err = || RefParseError { input: input.to_owned(), expected: EXPECTED };
        let (account, rest) = input.split_once(':').ok_or_else(err)?;
        let (database, table) = rest.split_once('.').ok_or_else(err)?;
        if account.is_empty() || database.is_empty() || table.is_empty() || table.contains([':', '.']) {
            return Err(err());
        }
        Ok(Self::new(account, database, table))
    }
}

impl fmt::Display for ProductRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.account, self.database)
    }
}

impl fmt::Display for TableRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}.{}", self.account, self.database, self.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_refs_round_trip_through_their_text_form() {
        let t = TableRef::parse("111122223333:billing.invoices").expect("valid");
        assert_eq!(t, TableRef::new("111122223333", "billing", "invoices"));
        assert_eq!(t.to_string(), "111122223333:billing.invoices");
        assert_eq!(t.product().to_string(), "111122223333:billing");
    }

    #[test]
    fn malformed_refs_say_what_was_expected() {
        for bad in ["", "billing.invoices", "1:billing", ":a.b", "1:.b", "1:a.", "1:a.b.c"] {
            let e = TableRef::parse(bad).expect_err(bad);
            assert!(e.to_string().contains("ACCOUNT:database.table"), "{e}");
        }
        assert!(ProductRef::parse("1:a.b").is_err());
        assert_eq!(ProductRef::parse("1:a").expect("valid").database, "a");
    }
}
