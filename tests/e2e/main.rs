//! End-to-end tests of the real Meshdesk window, driven through tauri-driver under Xvfb.
//!
//! Run them with `cargo xtask test`, which builds the app and points `MESHDESK_APP_BIN` at it
//! (and, for the sign-in to an AWS mesh, `MESHDESK_MOTO_SERVER` and `MESHDESK_CLI_BIN`).

mod access_pages;
mod accounts;
mod aws_mesh;
mod driver;
mod governance;
mod harness;
mod keychain;
mod product_management;
mod sign_in;
mod sign_in_aws;
mod window;
