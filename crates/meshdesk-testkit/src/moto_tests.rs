//! Starting moto: a start that fails says which executable and what happened.

use super::*;

#[test]
fn a_server_that_is_not_there_is_named() {
    let server = Path::new("/nonexistent/moto_server");
    let Err(error) = Moto::start(server) else { panic!("started a server that does not exist") };
    assert!(matches!(&error, MotoError::Spawn { error, .. } if error.kind() == io::ErrorKind::NotFound), "{error:?}");
    assert!(error.to_string().starts_with("cannot start /nonexistent/moto_server: "), "{error}");
}

#[test]
fn a_server_that_exits_at_once_says_so_with_its_log() {
    // `false` stands for a moto that cannot run (a broken install): it exits without answering.
    let Err(error) = Moto::start(Path::new("false")) else { panic!("`false` answered HTTP") };
    assert!(matches!(&error, MotoError::Exited { status, .. } if !status.success()), "{error:?}");
    assert!(error.to_string().starts_with("moto_server exited (exit status: 1) before answering:"), "{error}");
}
