//! The light / dark theme: kept in localStorage, applied as the `dark` class on `<html>`.

const STORAGE_KEY: &str = "meshdesk.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored value; anything unknown (or nothing stored) is the default light theme.
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some("dark") => Theme::Dark,
            _ => Theme::Light,
        }
    }

    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The theme chosen last time. Storage can be unavailable (a locked-down webview): then the default.
pub fn load() -> Theme {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    Theme::parse(stored.as_deref())
}

/// Applies `theme` to the document and remembers it. Failing to remember is not worth an error:
/// the theme still applies for this session.
pub fn apply(theme: Theme) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let classes = root.class_list();
        let _ = match theme {
            Theme::Dark => classes.add_1("dark"),
            Theme::Light => classes.remove_1("dark"),
        };
    }
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, theme.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_stored_dark_gives_the_dark_theme() {
        assert_eq!(Theme::parse(Some("dark")), Theme::Dark);
        assert_eq!(Theme::parse(Some("light")), Theme::Light);
        assert_eq!(Theme::parse(Some("purple")), Theme::Light);
        assert_eq!(Theme::parse(None), Theme::Light);
    }

    #[test]
    fn toggling_switches_between_the_two_themes() {
        assert_eq!(Theme::Light.toggled(), Theme::Dark);
        assert_eq!(Theme::Dark.toggled().as_str(), "light");
    }
}
