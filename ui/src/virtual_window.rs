//! Window arithmetic for the virtualised result list: which rows to render and which pages to fetch.

use std::ops::Range;

/// A list of fixed-height rows seen through a scroll container.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub scroll_top: f64,
    pub height: f64,
}

/// The geometry of the list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowLayout {
    pub row_height: f64,
    /// Rows rendered beyond each edge of the viewport, so fast scrolling does not show blanks.
    pub overscan: u32,
}

impl RowLayout {
    /// The rows to render for `total` rows seen through `viewport`.
    pub fn visible_rows(&self, viewport: Viewport, total: u32) -> Range<u32> {
        if total == 0 || self.row_height <= 0.0 || !self.row_height.is_finite() {
            return 0..0;
        }
        let top = if viewport.scroll_top.is_finite() { viewport.scroll_top.max(0.0) } else { 0.0 };
        let height = if viewport.height.is_finite() { viewport.height.max(0.0) } else { 0.0 };
        let first_seen = (top / self.row_height).floor() as u64;
        let last_seen = ((top + height) / self.row_height).ceil() as u64;
        let start = first_seen.saturating_sub(u64::from(self.overscan)).min(u64::from(total));
        let end = (last_seen + u64::from(self.overscan)).min(u64::from(total)).max(start);
        start as u32..end as u32
    }

    /// Where row `index` starts, in pixels from the top of the list.
    pub fn offset_of(&self, index: u32) -> f64 {
        f64::from(index) * self.row_height
    }

    /// The height of the whole list, so the scrollbar is right before every row is loaded.
    pub fn total_height(&self, total: u32) -> f64 {
        self.offset_of(total)
    }
}

/// The page indices (of `page_size` rows each) that hold `rows`.
pub fn pages_covering(rows: Range<u32>, page_size: u32) -> Range<u32> {
    if rows.is_empty() || page_size == 0 {
        return 0..0;
    }
    rows.start / page_size..(rows.end - 1) / page_size + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: RowLayout = RowLayout { row_height: 100.0, overscan: 3 };

    #[test]
    fn the_top_of_the_list_renders_what_fits_plus_overscan_below() {
        let rows = LAYOUT.visible_rows(Viewport { scroll_top: 0.0, height: 450.0 }, 100_000);
        assert_eq!(rows, 0..8);
    }

    #[test]
    fn scrolling_moves_the_window_with_overscan_on_both_sides() {
        let rows = LAYOUT.visible_rows(Viewport { scroll_top: 50_000.0, height: 400.0 }, 100_000);
        assert_eq!(rows, 497..507);
    }

    #[test]
    fn the_window_never_runs_past_the_end_or_exists_for_an_empty_list() {
        assert_eq!(LAYOUT.visible_rows(Viewport { scroll_top: 900.0, height: 400.0 }, 10), 6..10);
        assert_eq!(LAYOUT.visible_rows(Viewport { scroll_top: 99_999.0, height: 400.0 }, 10), 10..10);
        assert_eq!(LAYOUT.visible_rows(Viewport { scroll_top: 0.0, height: 400.0 }, 0), 0..0);
    }

    #[test]
    fn nonsense_measurements_fall_back_to_the_top() {
        let rows = LAYOUT.visible_rows(Viewport { scroll_top: f64::NAN, height: -5.0 }, 50);
        assert_eq!(rows, 0..3);
    }

    #[test]
    fn rows_are_placed_at_fixed_offsets() {
        assert_eq!(LAYOUT.offset_of(7), 700.0);
        assert_eq!(LAYOUT.total_height(100_000), 10_000_000.0);
    }

    #[test]
    fn pages_cover_the_rows_rendered() {
        assert_eq!(pages_covering(0..8, 100), 0..1);
        assert_eq!(pages_covering(97..107, 100), 0..2);
        assert_eq!(pages_covering(200..300, 100), 2..3);
        assert_eq!(pages_covering(5..5, 100), 0..0);
    }
}
