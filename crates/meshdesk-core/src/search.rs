//! Catalog search: an inverted index over names, descriptions, columns, owners, domains and tags,
//! ranked by where a word matched, with facet counts and the matches to show.

use crate::format::Format;
use crate::freshness::{self, State};
use crate::index::{CatalogIndex, ProductSummary};
use crate::sensitivity::Sensitivity;
use crate::text::{each_word, prefix_len_in_original, tokenize};
use std::collections::{BTreeMap, HashMap};

/// Where in a product a word was found. Earlier fields rank higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    ProductName,
    TableName,
    Domain,
    Owner,
    Tag,
    ColumnName,
    Description,
    TableDescription,
    ColumnComment,
}

impl Field {
    fn weight(self) -> f32 {
        match self {
            Field::ProductName => 10.0,
            Field::TableName => 6.0,
            Field::Domain => 5.0,
            Field::Owner => 4.0,
            Field::Tag => 4.0,
            Field::ColumnName => 3.0,
            Field::Description => 2.0,
            Field::TableDescription => 1.5,
            Field::ColumnComment => 1.0,
        }
    }
}

const NONE: u32 = u32::MAX;

/// One occurrence of a word: the first place it stands in a product's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    product: u32,
    field: Field,
    /// Index into `Catalog::tables`, or `NONE` for product-level fields.
    table: u32,
    /// Column index within the table (partition keys follow the columns), or `NONE`.
    column: u32,
    /// Which owner or tag of the resource, for those fields.
    item: u32,
}

/// Where a match is: enough to fetch the text that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub field: Field,
    pub table: Option<usize>,
    pub column: Option<usize>,
    pub item: usize,
}

/// The words index: a sorted vocabulary (so prefixes are a range) and its postings.
#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    words: Vec<String>,
    postings: Vec<Vec<Posting>>,
}

impl SearchIndex {
    pub(crate) fn build(index: &CatalogIndex) -> Self {
        // Words get an id on first sight; a word already known costs a hash lookup, no allocation.
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut lists: Vec<(String, Vec<Posting>)> = Vec::new();
        let mut buffer = String::new();
        for (p, summary) in index.products().iter().enumerate() {
            let mut add = |text: &str, field: Field, table: u32, column: u32, item: u32| {
                each_word(text, &mut buffer, |word| {
                    let id = match ids.get(word) {
                        Some(&id) => id,
                        None => {
                            ids.insert(word.to_owned(), lists.len());
                            lists.push((word.to_owned(), Vec::new()));
                            lists.len() - 1
                        }
                    };
                    let list = &mut lists[id].1;
                    // Only the first place per product and field is kept: enough to rank and to
                    // show why it matched, and it keeps the index small on wide tables.
                    // Products are indexed one after another, so this product's postings are last.
                    let seen = list.iter().rev().take_while(|q| q.product == p as u32).any(|q| q.field == field);
                    if !seen {
                        list.push(Posting { product: p as u32, field, table, column, item });
                    }
                })
            };
            let db = &index.catalog().databases[summary.database];
            add(&db.name, Field::ProductName, NONE, NONE, 0);
            add(db.product_description(), Field::Description, NONE, NONE, 0);
            add(&summary.domain, Field::Domain, NONE, NONE, 0);
            for (i, owner) in summary.owners.iter().enumerate() {
                add(owner, Field::Owner, NONE, NONE, i as u32);
            }
            for (i, t) in db.tags.iter().enumerate() {
                add(&format!("{} {}", t.key, t.value), Field::Tag, NONE, NONE, i as u32);
            }
            for t in index.table_range(summary.database) {
                let table = &index.catalog().tables[t];
                let t = t as u32;
                add(&table.name, Field::TableName, t, NONE, 0);
                add(&table.description, Field::TableDescription, t, NONE, 0);
                for (i, tg) in table.tags.iter().enumerate() {
                    add(&format!("{} {}", tg.key, tg.value), Field::Tag, t, NONE, i as u32);
                }
                for (c, column) in table.columns.iter().chain(&table.partition_keys).enumerate() {
                    add(&column.name, Field::ColumnName, t, c as u32, 0);
                    add(&column.comment, Field::ColumnComment, t, c as u32, 0);
                    for (i, tg) in column.tags.iter().enumerate() {
                        add(&format!("{} {}", tg.key, tg.value), Field::Tag, t, c as u32, i as u32);
                    }
                }
            }
        }
        lists.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (words, postings) = lists.into_iter().unzip();
        SearchIndex { words, postings }
    }

    /// Postings of every word that starts with `term`, with whether the word is `term` itself.
    fn matching(&self, term: &str) -> impl Iterator<Item = (bool, usize, &Posting)> {
        let start = self.words.partition_point(|w| w.as_str() < term);
        self.words[start..]
            .iter()
            .take_while(move |w| w.starts_with(term))
            .zip(&self.postings[start..])
            .flat_map(move |(word, list)| list.iter().map(move |p| (word.len() == term.len(), word.len(), p)))
    }
}

/// A search: text plus facet filters (see `meshdesk_protocol::CatalogQuery`).
#[derive(Debug, Clone, Default)]
pub struct Query<'a> {
    pub text: &'a str,
    pub domains: &'a [String],
    pub accounts: &'a [String],
    pub sensitivities: &'a [Sensitivity],
    pub formats: &'a [Format],
    pub freshness: &'a [State],
    pub owners: &'a [String],
    pub offset: usize,
    pub limit: usize,
}

/// A matching product and why it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into `CatalogIndex::products()`.
    pub product: usize,
    pub score: f32,
    /// The best place each query word matched, in query order, without repeats.
    pub matches: Vec<Place>,
}

/// How many products each facet value would give.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FacetCounts {
    pub domains: Vec<(String, u32)>,
    pub accounts: Vec<(String, u32)>,
    pub sensitivities: Vec<(Sensitivity, u32)>,
    pub formats: Vec<(Format, u32)>,
    pub freshness: Vec<(State, u32)>,
    pub owners: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: FacetCounts,
}

/// The query's words, lower-cased, without repeats.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for t in tokenize(text) {
        if !terms.contains(&t.text) {
            terms.push(t.text);
        }
    }
    terms
}

/// Byte ranges of `text` to highlight for `terms`: each word of `text` that starts with a term.
pub fn highlights(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    tokenize(text)
        .into_iter()
        .filter_map(|token| {
            let term = terms.iter().filter(|t| token.text.starts_with(t.as_str())).max_by_key(|t| t.len())?;
            Some((token.start, token.start + prefix_len_in_original(&text[token.start..token.end], term)))
        })
        .collect()
}

const FACETS: usize = 6;

impl CatalogIndex {
    /// Runs a search at `now` (Unix seconds; freshness is judged then).
    pub fn search(&self, query: &Query<'_>, now: i64) -> SearchResult {
        let terms = query_terms(query.text);
        let products = self.products();
        let mut score = vec![0.0f32; products.len()];
        let mut matched = vec![0u16; products.len()];
        let mut best: Vec<Vec<(f32, Posting)>> = Vec::with_capacity(terms.len());
        for term in &terms {
            let mut term_best: Vec<(f32, Posting)> =
                vec![(0.0, Posting { product: NONE, field: Field::ColumnComment, table: NONE, column: NONE, item: 0 }); products.len()];
            for (exact, word_len, posting) in self.search_index().matching(term) {
                let closeness = if exact { 1.0 } else { 0.5 + 0.4 * term.len() as f32 / word_len as f32 };
                let s = posting.field.weight() * closeness;
                let slot = &mut term_best[posting.product as usize];
                if s > slot.0 {
                    *slot = (s, *posting);
                }
            }
            for (p, (s, _)) in term_best.iter().enumerate() {
                if *s > 0.0 {
                    score[p] += s;
                    matched[p] += 1;
                }
            }
            best.push(term_best);
        }
        let whole = terms.join(" ");
        let candidates: Vec<usize> = (0..products.len()).filter(|&p| matched[p] as usize == terms.len()).collect();

        let filters = |p: &ProductSummary| -> [bool; FACETS] {
            let account = &self.catalog().databases[p.database].account;
            [
                query.domains.is_empty() || query.domains.contains(&p.domain),
                query.accounts.is_empty() || query.accounts.contains(account),
                query.sensitivities.is_empty() || p.highest.is_some_and(|s| query.sensitivities.contains(&s)),
                query.formats.is_empty() || p.formats.iter().any(|f| query.formats.contains(f)),
                query.freshness.is_empty() || query.freshness.contains(&freshness::assess(p.stalest, p.slo_hours, now).state),
                query.owners.is_empty() || p.owners.iter().any(|o| query.owners.contains(o)),
            ]
        };

        let mut facets = FacetTally::default();
        let mut hits: Vec<Hit> = Vec::new();
        for &p in &candidates {
            let summary = &products[p];
            let pass = filters(summary);
            let passes_all_but = |k: usize| pass.iter().enumerate().all(|(i, ok)| i == k || *ok);
            facets.count(self, summary, now, passes_all_but);
            if pass.iter().all(|ok| *ok) {
                let db = &self.catalog().databases[summary.database];
                let exact_name = !whole.is_empty() && query_terms(&db.name).join(" ") == whole;
                hits.push(Hit { product: p, score: score[p] + if exact_name { 20.0 } else { 0.0 }, matches: Vec::new() });
            }
        }
        hits.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then_with(|| {
                let (da, db) = (&self.catalog().databases[products[a.product].database], &self.catalog().databases[products[b.product].database]);
                (&da.name, &da.account).cmp(&(&db.name, &db.account))
            })
        });
        let total = hits.len();
        let limit = if query.limit == 0 { 50 } else { query.limit };
        let mut page: Vec<Hit> = hits.into_iter().skip(query.offset).take(limit).collect();
        for hit in &mut page {
            for term_best in &best {
                let posting = term_best[hit.product].1;
                let place = Place {
                    field: posting.field,
                    table: (posting.table != NONE).then_some(posting.table as usize),
                    column: (posting.column != NONE).then_some(posting.column as usize),
                    item: posting.item as usize,
                };
                if !hit.matches.contains(&place) {
                    hit.matches.push(place);
                }
            }
        }
        SearchResult { total, hits: page, facets: facets.finish() }
    }
}

#[derive(Default)]
struct FacetTally {
    domains: BTreeMap<String, u32>,
    accounts: BTreeMap<String, u32>,
    sensitivities: BTreeMap<Sensitivity, u32>,
    formats: BTreeMap<Format, u32>,
    freshness: BTreeMap<State, u32>,
    owners: BTreeMap<String, u32>,
}

impl FacetTally {
    fn count(&mut self, index: &CatalogIndex, p: &ProductSummary, now: i64, passes_all_but: impl Fn(usize) -> bool) {
        if passes_all_but(0) {
            *self.domains.entry(p.domain.clone()).or_default() += 1;
        }
        if passes_all_but(1) {
            *self.accounts.entry(index.catalog().databases[p.database].account.clone()).or_default() += 1;
        }
        if let Some(s) = p.highest.filter(|_| passes_all_but(2)) {
            *self.sensitivities.entry(s).or_default() += 1;
        }
        if passes_all_but(3) {
            for f in &p.formats {
                *self.formats.entry(*f).or_default() += 1;
            }
        }
        if passes_all_but(4) {
            *self.freshness.entry(freshness::assess(p.stalest, p.slo_hours, now).state).or_default() += 1;
        }
        if passes_all_but(5) {
            for o in &p.owners {
                *self.owners.entry(o.clone()).or_default() += 1;
            }
        }
    }

    fn finish(self) -> FacetCounts {
        fn by_count<T: Ord>(map: BTreeMap<T, u32>) -> Vec<(T, u32)> {
            let mut v: Vec<(T, u32)> = map.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        }
        fn in_order<T: Ord>(map: BTreeMap<T, u32>) -> Vec<(T, u32)> {
            map.into_iter().collect()
        }
        FacetCounts {
            domains: by_count(self.domains),
            accounts: by_count(self.accounts),
            sensitivities: in_order(self.sensitivities),
            formats: in_order(self.formats),
            freshness: in_order(self.freshness),
            owners: by_count(self.owners),
        }
    }
}
