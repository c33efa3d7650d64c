//! The window's shell: which page is shown, the state every page shares, and the layout around them.

use crate::components::nav_rail::NavRail;
use crate::components::top_bar::TopBar;
use crate::ipc;
use crate::pages::audit::AuditPage;
use crate::pages::catalog::{CatalogPage, CatalogState};
use crate::pages::my_access::MyAccessPage;
use crate::pages::new_request::NewRequestPage;
use crate::pages::policies::PoliciesPage;
use crate::pages::product::ProductPage;
use crate::pages::request::RequestPage;
use crate::pages::requests::{RequestsPage, RequestsState};
use crate::pages::settings::SettingsPage;
use crate::session::{DataVersion, SignInRequest, Viewer};
use crate::theme::{self, Theme};
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, MeshInfo, ProductRef};

/// What the main area shows. Navigation is a value in a signal: no routes, no URLs.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Catalog,
    Product {
        product: ProductRef,
        tab: ProductTab,
        table: Option<String>,
    },
    /// The form asking for access to one product.
    NewRequest {
        product: ProductRef,
    },
    Requests,
    Request {
        id: String,
    },
    MyAccess,
    Policies,
    Audit,
    Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductTab {
    Overview,
    Schema,
    Lineage,
    Access,
    History,
}

impl ProductTab {
    pub const ALL: [ProductTab; 5] =
        [ProductTab::Overview, ProductTab::Schema, ProductTab::Lineage, ProductTab::Access, ProductTab::History];

    /// The tab button's DOM id.
    pub fn id(self) -> &'static str {
        match self {
            ProductTab::Overview => "tab-overview",
            ProductTab::Schema => "tab-schema",
            ProductTab::Lineage => "tab-lineage",
            ProductTab::Access => "tab-access",
            ProductTab::History => "tab-history",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProductTab::Overview => "Overview",
            ProductTab::Schema => "Schema",
            ProductTab::Lineage => "Lineage",
            ProductTab::Access => "Access",
            ProductTab::History => "History",
        }
    }
}

/// Which page component is mounted; switching tabs or tables within a product keeps the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Catalog,
    Product,
    NewRequest,
    Requests,
    Request,
    MyAccess,
    Policies,
    Audit,
    Settings,
}

impl Page {
    fn screen(&self) -> Screen {
        match self {
            Page::Catalog => Screen::Catalog,
            Page::Product { .. } => Screen::Product,
            Page::NewRequest { .. } => Screen::NewRequest,
            Page::Requests => Screen::Requests,
            Page::Request { .. } => Screen::Request,
            Page::MyAccess => Screen::MyAccess,
            Page::Policies => Screen::Policies,
            Page::Audit => Screen::Audit,
            Page::Settings => Screen::Settings,
        }
    }
}

/// The current page, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Navigation(RwSignal<Page>);

impl Navigation {
    pub fn go(&self, page: Page) {
        self.0.set(page);
    }

    pub fn with<T>(&self, f: impl FnOnce(&Page) -> T) -> T {
        self.0.with(f)
    }

    /// Switches the product page's tab, keeping its product and table.
    pub fn select_tab(&self, new_tab: ProductTab) {
        self.0.update(|page| {
            if let Page::Product { tab, .. } = page {
                *tab = new_tab;
            }
        });
    }

    /// Selects one table of the product page (or all with `None`), keeping its tab.
    pub fn select_table(&self, new_table: Option<String>) {
        self.0.update(|page| {
            if let Page::Product { table, .. } = page {
                *table = new_table;
            }
        });
    }
}

pub fn use_navigation() -> Navigation {
    expect_context::<Navigation>()
}

/// The mesh the window is on and who the window acts as, read by the top bar, the facets,
/// settings and every page that depends on the identity; read again when the data version moves.
#[derive(Clone, Copy)]
pub struct Mesh(LocalResource<Result<MeshInfo, ApiError>>);

impl Mesh {
    pub fn resource(&self) -> LocalResource<Result<MeshInfo, ApiError>> {
        self.0
    }

    /// The account's configured name, once the mesh is loaded.
    pub fn account_name(&self, id: &str) -> Option<String> {
        self.0.with(|info| {
            let info = info.as_ref()?.as_ref().ok()?;
            info.accounts.iter().find(|a| a.id == id).map(|a| a.name.clone())
        })
    }
}

#[component]
pub fn App() -> impl IntoView {
    let page = RwSignal::new(Page::Catalog);
    provide_context(Navigation(page));
    let version = DataVersion::new();
    provide_context(version);
    let mesh = Mesh(LocalResource::new(move || {
        version.track();
        ipc::mesh_info()
    }));
    provide_context(mesh);
    provide_context(Viewer::new(mesh, version));
    provide_context(SignInRequest::new());
    // The catalog's search and the requests' tab live here, not in their pages, so coming back
    // from a product or a request keeps them.
    provide_context(CatalogState::new());
    provide_context(RequestsState::new());

    let theme = RwSignal::new(theme::load());
    provide_context(theme);
    Effect::new(move |_| theme::apply(theme.get()));

    let screen = Memo::new(move |_| page.with(Page::screen));
    view! {
        <div class="app">
            <TopBar/>
            <div class="workspace">
                <NavRail/>
                <main class="main" id="main">
                    {move || match screen.get() {
                        Screen::Catalog => view! { <CatalogPage/> }.into_any(),
                        Screen::Product => view! { <ProductPage/> }.into_any(),
                        Screen::NewRequest => view! { <NewRequestPage/> }.into_any(),
                        Screen::Requests => view! { <RequestsPage/> }.into_any(),
                        Screen::Request => view! { <RequestPage/> }.into_any(),
                        Screen::MyAccess => view! { <MyAccessPage/> }.into_any(),
                        Screen::Policies => view! { <PoliciesPage/> }.into_any(),
                        Screen::Audit => view! { <AuditPage/> }.into_any(),
                        Screen::Settings => view! { <SettingsPage/> }.into_any(),
                    }}
                </main>
            </div>
        </div>
    }
}

/// The theme signal shared with the settings page.
pub fn use_theme() -> RwSignal<Theme> {
    expect_context::<RwSignal<Theme>>()
}
