//! The Identity Center double of this test process (`meshdesk_testkit::sso_double`: OIDC and
//! portal endpoints after the published API shapes, role credentials from moto's STS). The
//! supervisor reserves its port and names it in the `[default]` profile's `services` section
//! (see `server::config`); the runner process serves it on first use.

use std::sync::{Arc, OnceLock};

pub use meshdesk_testkit::sso_double::{Answer, Assignment, Double};

/// Set by the supervisor in the runner: the port the double serves.
pub const PORT_ENV: &str = "MESHDESK_SSO_DOUBLE_PORT";

/// The double of this process, serving on the reserved port.
pub fn double() -> Arc<Double> {
    static DOUBLE: OnceLock<Arc<Double>> = OnceLock::new();
    Arc::clone(DOUBLE.get_or_init(|| {
        let port: u16 = std::env::var(PORT_ENV).ok().and_then(|p| p.parse().ok()).expect("the supervisor reserves the double's port");
        let endpoint = std::env::var(crate::server::ENDPOINT_ENV).expect("the runner knows moto's endpoint");
        Double::serve(port, meshdesk_testkit::sso_double::moto_sts(&endpoint)).expect("the double's port is free")
    }))
}
