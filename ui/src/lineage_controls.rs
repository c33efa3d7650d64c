//! The lineage tab's controls: zoom steps and the hop counts typed by the user.

/// Zoom steps for the lineage drawing.
pub const ZOOM_MIN: f32 = 0.25;
pub const ZOOM_MAX: f32 = 3.0;
const ZOOM_STEP: f32 = 1.25;

pub fn zoom_in(scale: f32) -> f32 {
    (scale * ZOOM_STEP).min(ZOOM_MAX)
}

pub fn zoom_out(scale: f32) -> f32 {
    (scale / ZOOM_STEP).max(ZOOM_MIN)
}

/// The most hops the lineage tab asks for, either way.
pub const MAX_HOPS: u32 = 10;

/// Reads a hop count typed into a number input: clamped to `0..=MAX_HOPS`; anything that is not a
/// number (an emptied field mid-edit) keeps `previous`.
pub fn parse_hops(input: &str, previous: u32) -> u32 {
    match input.trim().parse::<i64>() {
        Ok(n) => n.clamp(0, i64::from(MAX_HOPS)) as u32,
        Err(_) => previous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_stays_within_its_bounds() {
        assert!(zoom_in(1.0) > 1.0);
        assert!(zoom_out(1.0) < 1.0);
        assert_eq!(zoom_in(ZOOM_MAX), ZOOM_MAX);
        assert_eq!(zoom_out(ZOOM_MIN), ZOOM_MIN);
    }

    #[test]
    fn hop_counts_are_clamped_and_garbage_keeps_the_last_value() {
        assert_eq!(parse_hops("3", 2), 3);
        assert_eq!(parse_hops("99", 2), MAX_HOPS);
        assert_eq!(parse_hops("-1", 2), 0);
        assert_eq!(parse_hops("", 2), 2);
        assert_eq!(parse_hops("two", 4), 4);
    }
}
