//! The catalog page: search text, facet filters and the virtualised list of matching products.

use crate::app::Mesh;
use crate::components::error_banner::{ErrorBanner, Loading, Problem, error_fallback};
use crate::components::facets::FacetsSidebar;
use crate::components::result_row::ResultRow;
use crate::filters::Filters;
use crate::freshness::{count_of, format_took};
use crate::ipc;
use crate::session::use_data_version;
use crate::virtual_window::{RowLayout, Viewport, pages_covering};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use meshdesk_protocol::{ApiError, CatalogPage, CatalogQuery, ProductHit};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Hits asked for per request; the list fetches further pages as it scrolls.
const PAGE_SIZE: u32 = 100;
/// Must match `.result-row { height }` in style.css.
const ROWS: RowLayout = RowLayout { row_height: 96.0, overscan: 8 };
/// Long enough to skip the searches a fast typist would throw away, short enough to feel live.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// Used until the scroll container has been measured.
const DEFAULT_VIEWPORT: f64 = 720.0;

/// The catalog's search: kept for the window's lifetime so that it survives visiting a product.
#[derive(Debug, Clone, Copy)]
pub struct CatalogState {
    /// What is in the search box, updated on every keystroke.
    pub draft: RwSignal<String>,
    /// The text searched for: `draft` once typing pauses.
    pub text: RwSignal<String>,
    pub filters: RwSignal<Filters>,
    /// The result list's scroll position, restored when coming back to the catalog.
    pub scroll_top: RwSignal<f64>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl CatalogState {
    pub fn new() -> Self {
        Self {
            draft: RwSignal::new(String::new()),
            text: RwSignal::new(String::new()),
            filters: RwSignal::new(Filters::default()),
            scroll_top: RwSignal::new(0.0),
            pending: StoredValue::new(None),
        }
    }

    /// Records a keystroke; the search runs when no other follows within the debounce delay.
    pub fn type_text(&self, value: String) {
        self.draft.set(value.clone());
        if let Some(previous) = self.pending.get_value() {
            previous.clear();
        }
        let state = *self;
        let handle = set_timeout_with_handle(
            move || {
                state.pending.set_value(None);
                if state.text.get_untracked() != value {
                    state.scroll_top.set(0.0);
                    state.text.set(value);
                }
            },
            DEBOUNCE,
        );
        self.pending.set_value(handle.ok());
    }

    pub fn clear_filters(&self) {
        self.scroll_top.set(0.0);
        self.filters.set(Filters::default());
    }

    fn clear_search(&self) {
        self.type_text(String::new());
        self.clear_filters();
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let state = expect_context::<CatalogState>();
    let mesh = expect_context::<Mesh>();
    let query = Memo::new(move |_| state.filters.with(|f| f.query(&state.text.get(), 0, PAGE_SIZE)));
    let version = use_data_version();
    // The query travels with its answer, so later pages are asked with exactly the same filters.
    let first_page = LocalResource::new(move || {
        version.track();
        let query = query.get();
        async move { ipc::search_catalog(&query).await.map(|page| (query, page)) }
    });
    let (searching, set_searching) = signal(false);

    let input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        // Focus the search box on arrival, unless the user is already typing somewhere (the top
        // bar's quick search brings them here mid-word).
        if let Some(input) = input.get() {
            let idle = document().active_element().is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
            if idle {
                let _ = input.focus();
            }
        }
    });

    view! {
        <section class="catalog-page">
            <div class="search-bar">
                <input
                    id="search-input"
                    class="search-input"
                    type="search"
                    placeholder="Search products, tables, columns, owners, tags…"
                    aria-label="Search the catalog"
                    autocomplete="off"
                    spellcheck="false"
                    node_ref=input
                    prop:value=move || state.draft.get()
                    on:input=move |event| state.type_text(event_target_value(&event))
                />
                <span class="searching" class:visible=searching>"Searching…"</span>
                {move || {
                    (!state.filters.with(Filters::is_empty)).then(|| view! {
                        <button id="clear-filters" class="link" on:click=move |_| state.clear_filters()>
                            {format!("Clear {}", count_of(state.filters.with(Filters::len), "filter", "filters"))}
                        </button>
                    })
                }}
            </div>
            <Transition fallback=|| view! { <Loading what="products"/> } set_pending=set_searching>
                <ErrorBoundary fallback=error_fallback(move || first_page.refetch())>
                    {move || Suspend::new(async move {
                        let answer = first_page.await;
                        // The account facet shows account names: wait for the mesh too. If it
                        // failed, the top bar says so and the facet falls back to account ids.
                        let _ = mesh.resource().await;
                        answer.map(|(query, page)| view! { <CatalogResults query page/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Facets and results for one search.
#[component]
fn CatalogResults(query: CatalogQuery, page: CatalogPage) -> impl IntoView {
    let state = expect_context::<CatalogState>();
    let on_filter_change = Callback::new(move |()| state.scroll_top.set(0.0));
    let header =
        format!("{} (took {})", count_of(page.total as usize, "product", "products"), format_took(page.took_us));
    let body = if page.total == 0 {
        view! { <EmptyResults text=query.text.clone()/> }.into_any()
    } else {
        view! { <ResultList query page=page.clone()/> }.into_any()
    };
    view! {
        <div class="catalog-body">
            <FacetsSidebar facets=page.facets filters=state.filters on_change=on_filter_change/>
            <div class="results">
                <div id="results-header" class="results-header">{header}</div>
                {body}
            </div>
        </div>
    }
}

#[component]
fn EmptyResults(text: String) -> impl IntoView {
    let state = expect_context::<CatalogState>();
    let filtered = !state.filters.with_untracked(Filters::is_empty);
    let headline = match (text.is_empty(), filtered) {
        (false, _) => format!("No products match '{text}'"),
        (true, true) => "No products match these filters".to_owned(),
        (true, false) => "This mesh has no products yet".to_owned(),
    };
    let hint = if filtered {
        "Clear the filters or try fewer words to see more products."
    } else {
        "Try another word: search looks in product, table and column names, owners, tags and descriptions."
    };
    view! {
        <div id="empty-state" class="empty-state">
            <p class="empty-headline">{headline}</p>
            <p class="hint">{hint}</p>
            {(filtered || !text.is_empty()).then(|| view! {
                <button class="button" on:click=move |_| state.clear_search()>"Clear search and filters"</button>
            })}
        </div>
    }
}

/// The virtualised list: only rows in (or near) the viewport exist in the DOM, and pages beyond
/// the first are fetched when the viewport reaches them.
#[component]
fn ResultList(query: CatalogQuery, page: CatalogPage) -> impl IntoView {
    let state = expect_context::<CatalogState>();
    let total = page.total;
    // The backend may cap a page below what was asked: later pages are cut to the size it gave.
    let page_size = match page.hits.len() as u32 {
        0 => PAGE_SIZE,
        n if n < total => n,
        _ => PAGE_SIZE,
    };
    let loaded: RwSignal<HashMap<u32, Vec<ProductHit>>> = RwSignal::new(HashMap::from([(0, page.hits)]));
    let in_flight: StoredValue<HashSet<u32>> = StoredValue::new(HashSet::new());
    let failure: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let viewport_height = RwSignal::new(DEFAULT_VIEWPORT);
    let scroller = NodeRef::<html::Div>::new();

    let window = Memo::new(move |_| {
        let viewport = Viewport { scroll_top: state.scroll_top.get(), height: viewport_height.get() };
        ROWS.visible_rows(viewport, total)
    });

    Effect::new(move |_| {
        let rows = window.get();
        if failure.with(Option::is_some) {
            return;
        }
        for index in pages_covering(rows, page_size) {
            let wanted =
                !loaded.with_untracked(|l| l.contains_key(&index)) && !in_flight.with_value(|f| f.contains(&index));
            if !wanted {
                continue;
            }
            in_flight.update_value(|f| {
                f.insert(index);
            });
            let query = CatalogQuery { offset: index * page_size, limit: page_size, ..query.clone() };
            spawn_local(async move {
                let result = ipc::search_catalog(&query).await;
                // The list may be gone by now (a new search replaced it): then these are no-ops.
                in_flight.try_update_value(|f| f.remove(&index));
                match result {
                    Ok(more) => {
                        loaded.try_update(|l| l.insert(index, more.hits));
                    }
                    Err(error) => {
                        failure.try_set(Some(error));
                    }
                }
            });
        }
    });

    let measure = move || {
        if let Some(el) = scroller.try_get_untracked().flatten() {
            let height = el.client_height();
            if height > 0 {
                viewport_height.set(f64::from(height));
            }
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            // Read now: before the next frame, the browser may clamp the reused container's
            // scroll position to the new, shorter list and report that as a scroll.
            let target = state.scroll_top.get_untracked();
            // The container may not be laid out yet when its ref is set (a Suspense mounts its
            // children after this runs): measuring and scrolling wait for the next frame.
            request_animation_frame(move || {
                if let Some(el) = scroller.try_get_untracked().flatten() {
                    measure();
                    // A new search reuses the previous list's scroll container, still scrolled
                    // where the old results were: put it where the state says (the top, or where
                    // the user left it before opening a product), then keep what the browser
                    // allowed, so the rendered window and the scroll position agree.
                    el.set_scroll_top(target as i32);
                    state.scroll_top.set(f64::from(el.scroll_top()));
                }
            });
        }
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let visible = move || {
        let rows = window.get();
        loaded.with(|l| {
            rows.map(|i| {
                let hit = l.get(&(i / page_size)).and_then(|p| p.get((i % page_size) as usize)).cloned();
                (i, hit)
            })
            .collect::<Vec<_>>()
        })
    };

    view! {
        {move || failure.get().map(|error| {
            view! {
                <ErrorBanner
                    problem=Problem::from_api(&error)
                    on_retry=Callback::new(move |()| failure.set(None))
                />
            }
        })}
        <div
            class="results-scroll"
            node_ref=scroller
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    state.scroll_top.set(f64::from(el.scroll_top()));
                }
            }
        >
            <div class="results-canvas" style:height=format!("{}px", ROWS.total_height(total))>
                <For
                    each=visible
                    key=|(i, hit)| (*i, hit.as_ref().map(|h| h.product.to_string()))
                    children=move |(i, hit)| match hit {
                        Some(hit) => view! { <ResultRow hit top=ROWS.offset_of(i)/> }.into_any(),
                        None => view! {
                            <div class="result-placeholder" style:top=format!("{}px", ROWS.offset_of(i))>
                                {move || if failure.with(Option::is_some) { "Not loaded" } else { "Loading…" }}
                            </div>
                        }
                        .into_any(),
                    }
                />
            </div>
        </div>
    }
}
