//! Domain colours: a node's colour is its domain's position in the lineage graph's `domains` list.

/// Soft fills that keep dark text readable in both themes and stay apart from the sensitivity
/// chips' green / blue / amber / red meanings by being pastel.
const DOMAIN_FILLS: [&str; 10] =
    ["#cfe3ff", "#ffe1c4", "#d5f2d8", "#f3d3ee", "#fff2b3", "#d6d9ff", "#c9f0ee", "#ffd1d1", "#e4d9c8", "#e0e0e0"];

/// Shown for a domain the graph does not list (it never should, but a reply is not trusted).
pub const UNLISTED_FILL: &str = "#eceff3";

/// The fill for the domain at `index`; the palette repeats past its length.
pub fn domain_fill(index: usize) -> &'static str {
    DOMAIN_FILLS[index % DOMAIN_FILLS.len()]
}

/// The fill for `domain` given the graph's ordered domains.
pub fn fill_for(domains: &[String], domain: &str) -> &'static str {
    domains.iter().position(|d| d == domain).map_or(UNLISTED_FILL, domain_fill)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_domain_position_has_its_own_colour_until_the_palette_repeats() {
        assert_ne!(domain_fill(0), domain_fill(1));
        assert_eq!(domain_fill(0), domain_fill(DOMAIN_FILLS.len()));
    }

    #[test]
    fn a_domain_takes_the_colour_of_its_position() {
        let domains = vec!["billing".to_owned(), "sales".to_owned()];
        assert_eq!(fill_for(&domains, "sales"), domain_fill(1));
        assert_eq!(fill_for(&domains, "marketing"), UNLISTED_FILL);
    }
}
