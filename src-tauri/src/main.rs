//! The `meshdesk-app` binary: hands over to `meshdesk_app::run`, which returns the exit code.

fn main() {
    std::process::exit(meshdesk_app::run());
}
