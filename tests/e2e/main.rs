//! End-to-end tests of the real Meshdesk window, driven through tauri-driver under Xvfb.
//!
//! Run them with `cargo xtask test`, which builds the app and points `MESHDESK_APP_BIN` at it.

mod accounts;
mod driver;
mod governance;
mod harness;
mod product_management;
mod sign_in;
mod window;
