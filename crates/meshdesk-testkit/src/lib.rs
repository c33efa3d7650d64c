//! The local stand-ins Meshdesk's AWS tests run against, shared by meshdesk-aws's moto tests
//! and the window's end-to-end tests: the moto emulator's process (`moto`) and a double of IAM
//! Identity Center's OIDC and portal endpoints (`sso_double`; moto has neither) whose role
//! credentials are issued by moto's STS, so a signed-in session reads the emulated mesh.
//! Only ever a dev-dependency: nothing here is part of Meshdesk.

pub mod moto;
pub mod sso_double;

/// A loopback port nothing listens on: bound, then released.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}
