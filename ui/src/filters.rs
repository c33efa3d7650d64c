//! The catalog's facet filters: which values are checked, toggling them, and the query they make.

use meshdesk_protocol::{CatalogQuery, FacetCount, FreshnessState, Sensitivity, TableFormat};

/// One checkbox of the facets sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FacetValue {
    Domain(String),
    Account(String),
    Sensitivity(Sensitivity),
    Format(TableFormat),
    Freshness(FreshnessState),
    Owner(String),
}

/// The checked values of every facet. Within a facet values are alternatives; facets combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub domains: Vec<String>,
    pub accounts: Vec<String>,
    pub sensitivities: Vec<Sensitivity>,
    pub formats: Vec<TableFormat>,
    pub freshness: Vec<FreshnessState>,
    pub owners: Vec<String>,
}

impl Filters {
    /// Checks the value if it was unchecked, unchecks it otherwise.
    pub fn toggle(&mut self, value: &FacetValue) {
        match value {
            FacetValue::Domain(v) => toggle_in(&mut self.domains, v),
            FacetValue::Account(v) => toggle_in(&mut self.accounts, v),
            FacetValue::Sensitivity(v) => toggle_in(&mut self.sensitivities, v),
            FacetValue::Format(v) => toggle_in(&mut self.formats, v),
            FacetValue::Freshness(v) => toggle_in(&mut self.freshness, v),
            FacetValue::Owner(v) => toggle_in(&mut self.owners, v),
        }
    }

    /// How many values are checked across all facets.
    pub fn len(&self) -> usize {
        self.domains.len()
            + self.accounts.len()
            + self.sensitivities.len()
            + self.formats.len()
            + self.freshness.len()
            + self.owners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The search for `text` with these filters, one page of `limit` hits from `offset`.
    pub fn query(&self, text: &str, offset: u32, limit: u32) -> CatalogQuery {
        CatalogQuery {
            text: text.trim().to_owned(),
            domains: self.domains.clone(),
            accounts: self.accounts.clone(),
            sensitivities: self.sensitivities.clone(),
            formats: self.formats.clone(),
            freshness: self.freshness.clone(),
            owners: self.owners.clone(),
            offset,
            limit,
        }
    }
}

fn toggle_in<T: PartialEq + Clone>(values: &mut Vec<T>, value: &T) {
    if let Some(index) = values.iter().position(|v| v == value) {
        values.remove(index);
    } else {
        values.push(value.clone());
    }
}

/// One line of a facet list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetEntry<T> {
    pub value: T,
    pub count: u32,
    pub checked: bool,
}

/// The lines of one facet: the backend's counts, plus any checked value the counts no longer
/// mention (a new search text can make it match nothing), so that it can still be unchecked.
pub fn facet_entries<T: PartialEq + Clone>(counts: &[FacetCount<T>], checked: &[T]) -> Vec<FacetEntry<T>> {
    let mut entries: Vec<FacetEntry<T>> = counts
        .iter()
        .map(|c| FacetEntry { value: c.value.clone(), count: c.count, checked: checked.contains(&c.value) })
        .collect();
    for value in checked {
        if !counts.iter().any(|c| &c.value == value) {
            entries.push(FacetEntry { value: value.clone(), count: 0, checked: true });
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_a_value_twice_unchecks_it() {
        let mut filters = Filters::default();
        let billing = FacetValue::Domain("billing".into());
        filters.toggle(&billing);
        assert_eq!(filters.domains, vec!["billing".to_owned()]);
        filters.toggle(&billing);
        assert!(filters.domains.is_empty());
        assert!(filters.is_empty());
    }

    #[test]
    fn each_facet_keeps_its_own_values() {
        let mut filters = Filters::default();
        filters.toggle(&FacetValue::Sensitivity(Sensitivity::Restricted));
        filters.toggle(&FacetValue::Format(TableFormat::Csv));
        filters.toggle(&FacetValue::Freshness(FreshnessState::Breached));
        filters.toggle(&FacetValue::Account("111122223333".into()));
        filters.toggle(&FacetValue::Owner("ana@example.com".into()));
        assert_eq!(filters.len(), 5);
        assert_eq!(filters.sensitivities, vec![Sensitivity::Restricted]);
        assert_eq!(filters.formats, vec![TableFormat::Csv]);
        assert_eq!(filters.owners, vec!["ana@example.com".to_owned()]);
    }

    #[test]
    fn the_query_carries_text_filters_and_paging() {
        let mut filters = Filters::default();
        filters.toggle(&FacetValue::Domain("sales".into()));
        let q = filters.query("  orders ", 200, 100);
        assert_eq!(q.text, "orders");
        assert_eq!(q.domains, vec!["sales".to_owned()]);
        assert_eq!((q.offset, q.limit), (200, 100));
    }

    #[test]
    fn a_checked_value_missing_from_the_counts_is_still_listed() {
        let counts = vec![FacetCount { value: "sales".to_owned(), count: 4 }];
        let entries = facet_entries(&counts, &["billing".to_owned()]);
        assert_eq!(
            entries,
            vec![
                FacetEntry { value: "sales".to_owned(), count: 4, checked: false },
                FacetEntry { value: "billing".to_owned(), count: 0, checked: true },
            ]
        );
    }
}
