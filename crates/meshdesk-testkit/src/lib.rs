//! The local stand-ins Meshdesk's AWS tests run against, shared by meshdesk-aws's moto tests
//! and the window's end-to-end tests: the moto emulator's process (`moto`) and a double of IAM
//! Identity Center's OIDC and portal endpoints (`sso_double`; moto has neither) whose role
//! credentials are issued by moto's STS, so a signed-in session reads the emulated mesh.
//! Only ever a dev-dependency: nothing here is part of Meshdesk.

pub mod moto;
pub mod sso_double;

/// Variables of the developer's shell that would change which credentials or region the SDK
/// uses: the processes of the tests run without them.
pub const CLEARED: [&str; 9] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ROLE_ARN",
];

/// A loopback port nothing listens on: bound, then released.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("its address").port()
}
