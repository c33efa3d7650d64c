//! One Meshdesk window per test, on a fresh sandbox, with waits that name what they waited for.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};

use crate::driver::TauriDriver;

/// How long the window gets to show something before a test fails.
const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(200);

/// The viewport point at the centre of `arguments[0]`, scrolled into view if need be, or `null`
/// when something else is drawn there (the element is hidden or covered).
const VISIBLE_CENTRE: &str = "
    const element = arguments[0];
    element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const shown = document.elementFromPoint(x, y);
    return box.width > 0 && box.height > 0 && shown !== null && element.contains(shown)
        ? [x, y]
        : null;
";

/// The descendants of `document.querySelector(arguments[0])` whose text is cut short or which are
/// drawn outside a box that clips them (or the window), as "`#id` or `.class`: text"; `null` when
/// nothing matches.
const CUT_PARTS: &str = "
    const root = document.querySelector(arguments[0]);
    if (root === null) return null;
    const name = (e) => e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.classList.length ? '.' + [...e.classList].join('.') : '');
    const cut = [];
    for (const e of [root, ...root.querySelectorAll('*')]) {
        const box = e.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || e.tagName === 'OPTION') continue;
        const style = getComputedStyle(e);
        if (e.tagName === 'SELECT') {
            // A select draws its chosen option's text beside its arrow (some 16 px).
            const shown = e.selectedOptions.length ? e.selectedOptions[0].textContent : '';
            const measure = document.createElement('canvas').getContext('2d');
            measure.font = style.font;
            const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
            if (measure.measureText(shown).width > room) {
                cut.push(name(e) + ' is cut short: ' + shown);
                continue;
            }
        }
        const text = (e.textContent || '').trim().slice(0, 60);
        if (style.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) {
            cut.push(name(e) + ' is cut short: ' + text);
            continue;
        }
        if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
            cut.push(name(e) + ' is outside the window: ' + text);
            continue;
        }
        for (let a = e.parentElement; a !== null && a !== document.body; a = a.parentElement) {
            const clip = a.getBoundingClientRect();
            if (getComputedStyle(a).overflowX !== 'visible' && (box.left < clip.left - 0.5 || box.right > clip.right + 0.5)) {
                cut.push(name(e) + ' is clipped by ' + name(a) + ': ' + text);
                break;
            }
        }
    }
    return cut;
";

const SCROLL_TO_CENTRE: &str = "arguments[0].scrollIntoView({ block: 'center', inline: 'center' });";

/// Xvfb has one screen and WebKitWebDriver drives one app: windows are opened one at a time.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A running Meshdesk window and where its test keeps screenshots.
#[derive(Debug)]
pub struct Window {
    client: Client,
    test: &'static str,
    screenshots: PathBuf,
    steps: u32,
    data_dir: PathBuf,
}

/// How the app is started: its command line and the environment it gets besides the test's.
#[derive(Debug, Default)]
pub struct Launch {
    pub args: Vec<String>,
    /// A variable set (`Some`) or removed (`None`) for the app.
    pub env: Vec<(OsString, Option<OsString>)>,
}

impl Launch {
    /// The sandbox always, even on a machine whose user configured a mesh file.
    pub fn sandbox() -> Launch {
        Launch { args: vec!["--sandbox".to_owned()], env: Vec::new() }
    }
}

/// Opens Meshdesk on a fresh sandbox, runs `body` against its window, then closes it.
///
/// A failing test leaves a `failure` screenshot and names tauri-driver's log.
pub async fn with_window(test: &'static str, body: impl AsyncFnOnce(&mut Window) -> Result<()>) -> Result<()> {
    with_app(test, Launch::sandbox(), body).await
}

/// Opens Meshdesk as `launch` says, with a fresh data directory, runs `body` against its
/// window, then closes it.
pub async fn with_app(test: &'static str, launch: Launch, body: impl AsyncFnOnce(&mut Window) -> Result<()>) -> Result<()> {
    let _one_window = ONE_WINDOW.lock().await;
    let app = app_binary()?;
    let screenshots = screenshot_dir()?;
    let data_dir = tempfile::Builder::new()
        .prefix("meshdesk-e2e-")
        .tempdir()
        .context("creating a data directory for the sandbox")?;
    let mut driver = TauriDriver::start(data_dir.path(), screenshots.join(format!("{test}-tauri-driver.log")), &launch.env)?;
    let client = driver.connect(&app, &launch.args).await?;
    let mut window = Window { client, test, screenshots, steps: 0, data_dir: data_dir.path().to_path_buf() };
    let outcome = body(&mut window).await;
    if outcome.is_err() {
        // The picture of a failure is worth more than an error about taking it.
        let _ = window.step("failure").await;
    }
    let closed = window.client.close().await;
    driver.stop();
    outcome.with_context(|| {
        format!("test `{test}` failed; screenshots and tauri-driver's log are in {}", window.screenshots.display())
    })?;
    closed.context("closing the WebDriver session")?;
    Ok(())
}

fn app_binary() -> Result<PathBuf> {
    let Some(app) = std::env::var_os("MESHDESK_APP_BIN") else {
        bail!(
            "MESHDESK_APP_BIN is not set: run the end-to-end tests through `cargo xtask test`, \
             which builds the app and sets MESHDESK_APP_BIN"
        );
    };
    let app = PathBuf::from(app);
    if !app.is_file() {
        bail!("MESHDESK_APP_BIN is {}, which is not a file: run `cargo xtask test`", app.display());
    }
    std::path::absolute(&app).context("making MESHDESK_APP_BIN absolute")
}

fn screenshot_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os("MESHDESK_SCREENSHOT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots"),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

impl Window {
    /// Saves `<test>-<NN>-<name>.png`, numbered so a directory listing reads as the story.
    pub async fn step(&mut self, name: &str) -> Result<()> {
        self.steps += 1;
        let path = self.screenshots.join(format!("{}-{:02}-{name}.png", self.test, self.steps));
        let png = self.client.screenshot().await.context("taking a screenshot")?;
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))
    }

    /// The directory this window's sandbox lives in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The first element matching `css`, once there is one.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        self.poll(&format!("`{css}` to appear"), async || {
            Ok(self.client.find_all(Locator::Css(css)).await?.into_iter().next())
        })
        .await
    }

    /// All elements matching `css`, once there are at least `count`.
    pub async fn wait_for_at_least(&self, count: usize, css: &str) -> Result<Vec<Element>> {
        self.poll(&format!("at least {count} `{css}`"), async || {
            let found = self.client.find_all(Locator::Css(css)).await?;
            Ok((found.len() >= count).then_some(found))
        })
        .await
    }

    /// Returns once nothing matches `css`.
    pub async fn wait_for_none(&self, css: &str) -> Result<()> {
        self.poll(&format!("no `{css}` left"), async || {
            let found = self.client.find_all(Locator::Css(css)).await?;
            Ok(found.is_empty().then_some(()))
        })
        .await
    }

    /// Returns once the text of `css` is `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> Result<()> {
        let waited = self
            .poll(&format!("`{css}` to read {expected:?}"), async || {
                Ok(match self.client.find_all(Locator::Css(css)).await?.first() {
                    Some(element) => (element.text().await?.trim() == expected).then_some(()),
                    None => None,
                })
            })
            .await;
        // Say what it read instead, so a failure explains itself.
        if waited.is_err() {
            if let Some(element) = self.client.find_all(Locator::Css(css)).await.ok().and_then(|all| all.into_iter().next()) {
                let read = element.text().await.unwrap_or_default();
                return waited.map_err(|e| e.context(format!("`{css}` read {read:?}")));
            }
        }
        waited
    }

    /// Returns once the text content of `css` is `expected`. For the top bar's parts that give way
    /// with an ellipsis when the window is narrow: WebKitWebDriver reads an element styled
    /// `overflow: hidden` as "" even when all of its text is shown, so this reads the DOM's text
    /// instead of the rendered one — pair it with `cut_parts`, which says whether all of it shows.
    pub async fn wait_for_content(&self, css: &str, expected: &str) -> Result<()> {
        self.content_where(css, &format!("to hold {expected:?}"), |text| text == expected).await
    }

    /// As `wait_for_content`, once the text content of `css` contains `part`.
    pub async fn wait_for_content_containing(&self, css: &str, part: &str) -> Result<()> {
        self.content_where(css, &format!("to contain {part:?}"), |text| text.contains(part)).await
    }

    async fn content_where(&self, css: &str, what: &str, wanted: impl Fn(&str) -> bool) -> Result<()> {
        let script = "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;";
        self.poll(&format!("`{css}` {what}"), async || {
            let content = self.client.execute(script, vec![css.into()]).await?;
            Ok(content.as_str().is_some_and(&wanted).then_some(()))
        })
        .await
    }

    /// Scrolls the page until `css` is in view, as a user would before a screenshot of it.
    pub async fn scroll_to(&self, css: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        let script = "arguments[0].scrollIntoView({block: 'center'});";
        self.client.execute(script, vec![serde_json::to_value(&element)?]).await.with_context(|| format!("scrolling to `{css}`"))?;
        Ok(())
    }

    /// The attribute `name` of every element matching `css`, in document order, read in one
    /// call (reading a hundred elements one by one over WebDriver is slow).
    pub async fn attrs_of(&self, css: &str, name: &str) -> Result<Vec<String>> {
        let script = "return Array.from(document.querySelectorAll(arguments[0]), e => e.getAttribute(arguments[1]) ?? '');";
        let values = self.client.execute(script, vec![css.into(), name.into()]).await.with_context(|| format!("reading {name} of `{css}`"))?;
        serde_json::from_value(values).with_context(|| format!("{name} of `{css}` as text"))
    }

    /// The parts of `css` a user cannot read whole: text cut short (an ellipsis, or clipped by
    /// its box) and parts drawn outside a box that clips them or outside the window. Each is
    /// named by its id or class and its text.
    pub async fn cut_parts(&self, css: &str) -> Result<Vec<String>> {
        let found = self.client.execute(CUT_PARTS, vec![css.into()]).await.with_context(|| format!("measuring `{css}`"))?;
        let Some(parts) = found.as_array() else { bail!("`{css}` is not in the window") };
        Ok(parts.iter().map(|p| p.as_str().unwrap_or_default().to_owned()).collect())
    }

    /// The width of the window's page, in CSS pixels.
    pub async fn width(&self) -> Result<u64> {
        let inner = self.client.execute("return window.innerWidth;", vec![]).await.context("reading the window's width")?;
        inner.as_u64().context("the window's width is not a number")
    }

    /// Makes the window `width` × `height` CSS pixels, as a user dragging its edge would, and
    /// waits until the page is laid out at that width.
    pub async fn resize(&self, width: u32, height: u32) -> Result<()> {
        self.client.set_window_size(width, height).await.with_context(|| format!("resizing the window to {width}×{height}"))?;
        self.poll(&format!("the window to be {width} px wide"), async || {
            Ok((self.width().await? == u64::from(width)).then_some(()))
        })
        .await
    }

    /// Returns the text of `css` once it contains `part`.
    pub async fn wait_for_text_containing(&self, css: &str, part: &str) -> Result<String> {
        self.poll(&format!("`{css}` to contain {part:?}"), async || {
            Ok(match self.client.find_all(Locator::Css(css)).await?.first() {
                Some(element) => Some(element.text().await?).filter(|text| text.contains(part)),
                None => None,
            })
        })
        .await
    }

    /// Returns the text of `css` once it is there (read again if the page re-rendered it).
    pub async fn text_of(&self, css: &str) -> Result<String> {
        self.poll(&format!("the text of `{css}`"), async || {
            Ok(match self.client.find_all(Locator::Css(css)).await?.first() {
                Some(element) => Some(element.text().await?),
                None => None,
            })
        })
        .await
    }

    /// Returns once the attribute `name` of `css` is `expected`.
    pub async fn wait_for_attr(&self, css: &str, name: &str, expected: &str) -> Result<()> {
        self.poll(&format!("`{css}` to have {name}={expected:?}"), async || {
            Ok(match self.client.find_all(Locator::Css(css)).await?.first() {
                Some(element) => (element.attr(name).await?.as_deref() == Some(expected)).then_some(()),
                None => None,
            })
        })
        .await
    }

    /// Clicks `css` as a user would; a page that re-renders between finding and clicking is
    /// simply looked at again.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.poll(&format!("`{css}` to take a click"), async || {
            let Some(element) = self.client.find_all(Locator::Css(css)).await?.into_iter().next() else {
                return Ok(None);
            };
            // A user scrolls what they click into the middle of the view; WebDriver would
            // scroll it to the top edge, under the window's fixed top bar, and click that.
            self.client.execute(SCROLL_TO_CENTRE, vec![serde_json::to_value(&element)?]).await?;
            match element.click().await {
                Ok(()) => Ok(Some(())),
                // WebKitWebDriver calls an SVG group (a lineage node) not interactable, though a
                // user clicks it fine: press the pointer where it is drawn instead.
                Err(error) if error.is_element_not_interactable() => self.press_pointer_on(&element).await,
                Err(error) => Err(error.into()),
            }
        })
        .await
    }

    /// Presses the mouse at the centre of `element`, if that point shows the element.
    async fn press_pointer_on(&self, element: &Element) -> Result<Option<()>> {
        let centre = self.client.execute(VISIBLE_CENTRE, vec![serde_json::to_value(element)?]).await?;
        let (Some(x), Some(y)) = (centre[0].as_f64(), centre[1].as_f64()) else {
            return Ok(None);
        };
        let press = MouseActions::new("mouse".to_owned())
            .then(PointerAction::MoveTo { duration: None, x: x.round(), y: y.round() })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.client.perform_actions(press).await?;
        Ok(Some(()))
    }

    /// Chooses `value` in the `<select>` at `css`, as picking it from the list does: the value
    /// changes and a `change` event fires. (WebKitWebDriver's option click does not reliably
    /// fire `change` on a select that re-renders its options.)
    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        self.wait_for(&format!("{css} option[value=\"{value}\"]")).await?;
        let script = "arguments[0].value = arguments[1]; \
                      arguments[0].dispatchEvent(new Event('change', { bubbles: true })); \
                      return arguments[0].value;";
        let chosen = self.client.execute(script, vec![serde_json::to_value(&element)?, value.into()]).await?;
        anyhow::ensure!(chosen.as_str() == Some(value), "`{css}` has no option {value:?} (it shows {chosen})");
        Ok(())
    }

    /// Clicks `css` if it is there; says whether it was.
    pub async fn try_click(&self, css: &str) -> Result<bool> {
        if self.client.find_all(Locator::Css(css)).await?.is_empty() {
            return Ok(false);
        }
        self.click(css).await.map(|()| true)
    }

    /// Whether `css` appears within a few seconds (for looking in more than one place).
    pub async fn appears(&self, css: &str) -> Result<bool> {
        let deadline = Instant::now() + std::time::Duration::from_secs(3);
        while Instant::now() < deadline {
            if !self.client.find_all(Locator::Css(css)).await?.is_empty() {
                return Ok(true);
            }
            tokio::time::sleep(POLL).await;
        }
        Ok(false)
    }

    /// Types `text` into `css` as a user would, key by key.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        element.send_keys(text).await.with_context(|| format!("typing {text:?} into `{css}`"))
    }

    /// Replaces the text of the field at `css` with `text`, typed key by key as a user would
    /// after selecting what was there. A field the page re-renders meanwhile is found again.
    pub async fn replace_text(&self, css: &str, text: &str) -> Result<()> {
        self.poll(&format!("`{css}` to take {text:?}"), async || {
            let Some(element) = self.client.find_all(Locator::Css(css)).await?.into_iter().next() else {
                return Ok(None);
            };
            // As for a click: a field WebDriver scrolls to the top edge sits under the top bar.
            self.client.execute(SCROLL_TO_CENTRE, vec![serde_json::to_value(&element)?]).await?;
            element.clear().await?;
            element.send_keys(text).await?;
            Ok(Some(()))
        })
        .await
    }

    /// Asks `probe` every 200 ms until it returns something, for at most 20 s.
    async fn poll<T>(&self, what: &str, mut probe: impl AsyncFnMut() -> Result<Option<T>>) -> Result<T> {
        let deadline = Instant::now() + WAIT;
        loop {
            // A stale element between find and read is just another reason to look again.
            let last = match probe().await {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => None,
                Err(error) => Some(error),
            };
            if Instant::now() >= deadline {
                let cause = last.map(|error| format!(" (last error: {})", describe(&error)));
                bail!("waited {} s for {what} in the Meshdesk window{}", WAIT.as_secs(), cause.unwrap_or_default());
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// An error with the WebDriver status spelled out: WebKitWebDriver sends empty messages, which
/// fantoccini would print as just "webdriver returned error: ".
fn describe(error: &anyhow::Error) -> String {
    match error.downcast_ref::<CmdError>() {
        Some(CmdError::Standard(webdriver)) if webdriver.message.is_empty() => {
            format!("{error:#}{}", webdriver.error)
        }
        _ => format!("{error:#}"),
    }
}
