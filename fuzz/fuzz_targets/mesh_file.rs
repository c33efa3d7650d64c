//! The mesh file (`mesh.toml`): any text is read or refused with problems naming the file,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshdesk_aws::mesh_file::MeshFile;
use meshdesk_aws::profiles::KnownProfiles;
use std::path::Path;

fuzz_target!(|text: &str| {
    let known = KnownProfiles {
        config_file: "/fuzz/.aws/config".into(),
        credentials_file: "/fuzz/.aws/credentials".into(),
        names: ["hub", "identity-prod", "billing-prod"].into_iter().map(str::to_owned).collect(),
    };
    if let Err(error) = MeshFile::parse(text, Path::new("mesh.toml"), &known) {
        assert!(error.to_string().contains("mesh.toml"), "{error}");
    }
});
