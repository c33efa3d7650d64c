//! Splitting names and prose into search tokens: `customer_email`, `customerEmail` and
//! "Customer e-mail" all yield `customer` and `email`.

/// A token of a text: its normalised (lower-case) form and where it stands in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    /// Byte offsets in the original text; always on character boundaries.
    pub start: usize,
    pub end: usize,
}

/// Splits on anything that is not a letter or digit, and at lower-to-upper case changes
/// (`customerEmail`), so identifiers and prose tokenize alike.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    spans(text, |start, end| tokens.push(Token { text: text[start..end].to_lowercase(), start, end }));
    tokens
}

/// Calls `word` with each token's normal form, as [`tokenize`] would give it, lower-cased into
/// `buffer` instead of a new string: building the search index visits millions of words, most
/// of them already known, and allocating each one is most of the cost.
pub(crate) fn each_word(text: &str, buffer: &mut String, mut word: impl FnMut(&str)) {
    spans(text, |start, end| {
        let original = &text[start..end];
        buffer.clear();
        if original.is_ascii() {
            buffer.extend(original.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            // Unicode lower-casing depends on context (a final sigma): leave it to `str`.
            buffer.push_str(&original.to_lowercase());
        }
        word(buffer);
    });
}

/// The byte ranges of the words of `text`, in order.
fn spans(text: &str, mut span: impl FnMut(usize, usize)) {
    let mut start: Option<usize> = None;
    let mut prev_lower = false;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric();
        let camel_break = word_char && c.is_uppercase() && prev_lower;
        if let Some(s) = start.filter(|_| !word_char || camel_break) {
            span(s, i);
            start = None;
        }
        if word_char && start.is_none() {
            start = Some(i);
        }
        prev_lower = word_char && (c.is_lowercase() || c.is_numeric());
    }
    if let Some(s) = start {
        span(s, text.len());
    }
}

/// The part of `token` (a slice of an original text) that a query term of `term_len` bytes
/// (lower-cased) matched as a prefix, as a byte length on a character boundary.
pub(crate) fn prefix_len_in_original(original: &str, term_lower: &str) -> usize {
    if original.to_lowercase().len() == original.len() {
        // Lower-casing kept every byte length, so the offsets carry over.
        let mut n = term_lower.len().min(original.len());
        while !original.is_char_boundary(n) {
            n -= 1;
        }
        n
    } else {
        original.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_lowered_in_place_are_the_tokens() {
        let mut buffer = String::new();
        for text in ["customerEmail_v2 Größe", "ΣΊΣΥΦΟΣ odd", "402183775004:billing.invoice_lines", ""] {
            let mut seen = Vec::new();
            each_word(text, &mut buffer, |w| seen.push(w.to_owned()));
            assert_eq!(seen, words(text), "{text}");
        }
    }

    #[test]
    fn identifiers_and_prose_split_into_the_same_words() {
        assert_eq!(words("customer_email"), ["customer", "email"]);
        assert_eq!(words("customerEmail"), ["customer", "email"]);
        assert_eq!(words("Customer e-mail, v2"), ["customer", "e", "mail", "v2"]);
        assert_eq!(words("402183775004:billing.invoice_lines"), ["402183775004", "billing", "invoice", "lines"]);
        assert_eq!(words("  "), Vec::<String>::new());
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Größe der Kündigung";
        for t in tokenize(text) {
            assert_eq!(text[t.start..t.end].to_lowercase(), t.text);
        }
    }

    #[test]
    fn highlight_lengths_stay_on_character_boundaries() {
        assert_eq!(prefix_len_in_original("Email", "em"), 2);
        assert_eq!(prefix_len_in_original("ÉTAT", "é"), 2);
        assert_eq!(prefix_len_in_original("İstanbul", "i"), "İstanbul".len());
    }
}
