//! Geometry of the lineage drawing: edge curves between node boxes and labels that fit them.

/// A node's box in drawing units, origin top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// A cubic Bézier from one box's right edge to another's left edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeCurve {
    pub start: Point,
    pub c1: Point,
    pub c2: Point,
    pub end: Point,
}

/// The smallest horizontal pull of a control point: with less, edges between boxes that are
/// close, stacked in one layer or drawn leftwards would leave and enter their boxes sideways.
const MIN_PULL: f32 = 40.0;

impl EdgeCurve {
    /// The curve for data flowing from `from` to `to`. Control points always pull rightwards out
    /// of `from` and come in from the left of `to`, so an edge going leftwards (a cycle) or within
    /// one layer loops around instead of cutting through its own boxes.
    pub fn between(from: Rect, to: Rect) -> Self {
        let start = Point { x: from.x + from.width, y: from.y + from.height / 2.0 };
        let end = Point { x: to.x, y: to.y + to.height / 2.0 };
        let dx = end.x - start.x;
        if dx > 0.0 {
            let pull = (dx / 2.0).max(MIN_PULL.min(dx));
            return EdgeCurve {
                start,
                c1: Point { x: start.x + pull, y: start.y },
                c2: Point { x: end.x - pull, y: end.y },
                end,
            };
        }
        // Leftwards or within a layer: loop below both boxes, so the edge does not run straight
        // back through the boxes between its ends.
        let pull = MIN_PULL * 1.5;
        // The longer the way back, the deeper the loop, to stay clear of the boxes it passes.
        let lift = from.height.max(to.height) + MIN_PULL / 2.0 - dx / 8.0;
        EdgeCurve {
            start,
            c1: Point { x: start.x + pull, y: start.y + lift },
            c2: Point { x: end.x - pull, y: end.y + lift },
            end,
        }
    }

    /// The SVG path data.
    pub fn path_data(&self) -> String {
        format!(
            "M {} {} C {} {}, {} {}, {} {}",
            self.start.x, self.start.y, self.c1.x, self.c1.y, self.c2.x, self.c2.y, self.end.x, self.end.y
        )
    }

    /// The point halfway along the curve (t = 0.5), where an edge's label goes.
    pub fn midpoint(&self) -> Point {
        Point {
            x: (self.start.x + 3.0 * self.c1.x + 3.0 * self.c2.x + self.end.x) / 8.0,
            y: (self.start.y + 3.0 * self.c1.y + 3.0 * self.c2.y + self.end.y) / 8.0,
        }
    }
}

/// The area an SVG `viewBox` must show: the laid-out graph, every edge's control points (a
/// curve never leaves their hull, so none is clipped) and a margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl ViewBox {
    pub fn around(width: f32, height: f32, curves: &[EdgeCurve], margin: f32) -> Self {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (0.0_f32, 0.0_f32, width.max(1.0), height.max(1.0));
        for point in curves.iter().flat_map(|c| [c.start, c.c1, c.c2, c.end]) {
            min_x = min_x.min(point.x);
            min_y = min_y.min(point.y);
            max_x = max_x.max(point.x);
            max_y = max_y.max(point.y);
        }
        ViewBox {
            x: min_x - margin,
            y: min_y - margin,
            width: max_x - min_x + 2.0 * margin,
            height: max_y - min_y + 2.0 * margin,
        }
    }

    /// The `viewBox` attribute's value.
    pub fn attribute(&self) -> String {
        format!("{} {} {} {}", self.x, self.y, self.width, self.height)
    }
}

/// Shortens `text` to at most `max_chars` characters, ending in "…" when cut.
pub fn fit_label(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// How many characters of a label at `font_px` fit in `width` drawing units, after padding.
pub fn label_capacity(width: f32, font_px: f32) -> usize {
    // An average glyph of the system sans-serif fonts is a little over half the font size wide.
    let usable = (width - 20.0).max(0.0);
    (usable / (font_px * 0.58)).floor() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Rect = Rect { x: 0.0, y: 0.0, width: 200.0, height: 50.0 };

    #[test]
    fn a_forward_edge_runs_from_the_right_edge_to_the_left_edge() {
        let b = Rect { x: 300.0, y: 100.0, width: 200.0, height: 50.0 };
        let curve = EdgeCurve::between(A, b);
        assert_eq!(curve.start, Point { x: 200.0, y: 25.0 });
        assert_eq!(curve.end, Point { x: 300.0, y: 125.0 });
        assert_eq!(curve.c1, Point { x: 250.0, y: 25.0 });
        assert_eq!(curve.c2, Point { x: 250.0, y: 125.0 });
        assert_eq!(curve.path_data(), "M 200 25 C 250 25, 250 125, 300 125");
    }

    #[test]
    fn a_leftward_edge_loops_out_to_the_right_and_back_in_from_the_left() {
        let upstream_layer = Rect { x: -400.0, y: 0.0, width: 200.0, height: 50.0 };
        let curve = EdgeCurve::between(A, upstream_layer);
        assert!(curve.c1.x > curve.start.x, "leaves rightwards: {curve:?}");
        assert!(curve.c2.x < curve.end.x, "enters from the left: {curve:?}");
    }

    #[test]
    fn an_edge_within_one_layer_still_leaves_and_enters_sideways() {
        let below = Rect { x: 0.0, y: 100.0, width: 200.0, height: 50.0 };
        let curve = EdgeCurve::between(A, below);
        assert!(curve.c1.x >= curve.start.x + MIN_PULL);
        assert!(curve.c2.x <= curve.end.x - MIN_PULL);
    }

    #[test]
    fn a_backward_edge_dips_below_both_of_its_boxes() {
        let upstream_layer = Rect { x: -400.0, y: 0.0, width: 200.0, height: 50.0 };
        let curve = EdgeCurve::between(A, upstream_layer);
        assert!(curve.c1.y > A.y + A.height && curve.c2.y > upstream_layer.y + upstream_layer.height);
    }

    #[test]
    fn the_view_box_holds_the_graph_and_every_curve_with_a_margin() {
        let leftwards = EdgeCurve::between(A, Rect { x: -400.0, y: 0.0, width: 200.0, height: 50.0 });
        let view = ViewBox::around(200.0, 50.0, &[leftwards], 10.0);
        assert!(view.x <= leftwards.c2.x - 10.0);
        assert!(view.y + view.height >= leftwards.c1.y + 10.0);
        assert_eq!(ViewBox::around(300.0, 100.0, &[], 16.0).attribute(), "-16 -16 332 132");
    }

    #[test]
    fn the_midpoint_of_a_symmetric_edge_is_between_its_ends() {
        let b = Rect { x: 300.0, y: 100.0, width: 200.0, height: 50.0 };
        assert_eq!(EdgeCurve::between(A, b).midpoint(), Point { x: 250.0, y: 75.0 });
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(fit_label("orders", 10), "orders");
        assert_eq!(fit_label("customer_addresses", 10), "customer_…");
        assert_eq!(fit_label("anything", 0), "…");
        assert!(label_capacity(200.0, 13.0) >= 20);
    }
}
