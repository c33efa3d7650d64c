//! The mesh file's checks, each error with the line a user would look at.

use super::*;
use std::collections::BTreeSet;

fn known() -> KnownProfiles {
    KnownProfiles {
        config_file: PathBuf::from("/root/.aws/config"),
        credentials_file: PathBuf::from("/root/.aws/credentials"),
        names: ["hub", "identity-prod", "billing-prod", "voice-prod"]
            .into_iter()
            .map(str::to_owned)
            .collect::<BTreeSet<_>>(),
    }
}

/// Parses `text` and returns the problems as `line: message` (empty when the file is valid).
fn problems(text: &str) -> Vec<String> {
    match MeshFile::parse(text, Path::new("mesh.toml"), &known()) {
        Ok(_) => Vec::new(),
        Err(MeshFileError::Invalid { problems, .. }) => {
            problems.iter().map(|p| format!("{}: {}", p.line, p.message)).collect()
        }
        Err(other) => vec![other.to_string()],
    }
}

fn check(text: &str, expected: &[&str]) {
    let actual = problems(text);
    assert_eq!(actual.len(), expected.len(), "problems: {actual:#?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(a.starts_with(e), "expected a problem starting {e:?}, got {a:?}");
    }
}

const VALID: &str = r#"name = "Telco mesh"
[hub]
profile = "hub"
[[account]]
profile = "identity-prod"
name = "identity-prod"
domain = "identity"
[[account]]
profile = "billing-prod"
domain = "billing"
region = "eu-central-1"
"#;

#[test]
fn a_valid_file_reads_with_its_defaults() {
    let file = MeshFile::parse(VALID, Path::new("mesh.toml"), &known()).expect("valid");
    assert_eq!(file.name, "Telco mesh");
    assert_eq!(file.hub.profile, "hub");
    assert_eq!(file.hub.tables, HubTables::default());
    assert_eq!(file.hub.tables.requests, "meshdesk-requests");
    let accounts: Vec<(&str, &str, &str, Option<&str>, usize)> = file
        .accounts
        .iter()
        .map(|a| (a.profile.as_str(), a.name.as_str(), a.domain.as_str(), a.region.as_deref(), a.line))
        .collect();
    assert_eq!(
        accounts,
        [
            ("identity-prod", "identity-prod", "identity", None, 4),
            ("billing-prod", "billing-prod", "billing", Some("eu-central-1"), 8)
        ]
    );
}

#[test]
fn an_unknown_profile_is_named_with_its_line_and_the_profiles_that_exist() {
    let text = VALID.replace("profile = \"identity-prod\"", "profile = \"identity-prd\"");
    let found = problems(&text);
    assert_eq!(
        found,
        [
            "5: profile \"identity-prd\" is not in /root/.aws/config or /root/.aws/credentials (known: billing-prod, hub, identity-prod, voice-prod)"
        ]
    );
    let rendered = MeshFile::parse(&text, Path::new("mesh.toml"), &known()).expect_err("invalid").to_string();
    assert!(rendered.starts_with("mesh.toml:5: profile \"identity-prd\" is not in /root/.aws/config"), "{rendered}");
}

#[test]
fn an_unknown_hub_profile_is_named() {
    check(&VALID.replace("profile = \"hub\"", "profile = \"central\""), &["3: profile \"central\" is not in"]);
}

#[test]
fn a_profile_used_twice_is_a_duplicate_account() {
    let text = format!("{VALID}[[account]]\nprofile = \"identity-prod\"\nname = \"again\"\ndomain = \"identity\"\n");
    check(&text, &["13: profile \"identity-prod\" is already used by the account at line 4"]);
}

#[test]
fn a_display_name_used_twice_is_refused() {
    let text = format!("{VALID}[[account]]\nprofile = \"voice-prod\"\nname = \"billing-prod\"\ndomain = \"voice\"\n");
    check(&text, &["14: the name \"billing-prod\" is already used by the account at line 8"]);
}

#[test]
fn a_bad_region_is_named_with_what_is_expected() {
    check(
        &VALID.replace("eu-central-1", "Frankfurt"),
        &["11: \"Frankfurt\" is not an AWS region: expected one like \"eu-west-1\""],
    );
    check(&VALID.replace("eu-central-1", "eu-central"), &["11: \"eu-central\" is not an AWS region"]);
    for good in ["us-gov-west-1", "ap-southeast-2", "us-isob-east-1", "cn-north-1"] {
        check(&VALID.replace("eu-central-1", good), &[]);
    }
}

#[test]
fn missing_fields_are_named() {
    check(&VALID.replace("domain = \"billing\"\n", ""), &["8: missing field `domain`"]);
    check(&VALID.replace("name = \"Telco mesh\"\n", ""), &["1: missing field `name`"]);
    check("name = \"x\"\n[[account]]\nprofile = \"hub\"\ndomain = \"d\"\n", &["1: missing field `hub`"]);
    check("name = \"x\"\n[hub]\nprofile = \"hub\"\n", &["1: the mesh names no account"]);
}

#[test]
fn unknown_keys_and_wrong_types_are_refused_at_their_line() {
    check(&VALID.replace("domain = \"identity\"", "domian = \"identity\""), &["7: unknown field `domian`"]);
    check(&VALID.replace("name = \"Telco mesh\"", "name = 3"), &["1: invalid type: integer `3`, expected a string"]);
    check(&format!("{VALID}oops"), &["12: key with no value"]);
}

#[test]
fn empty_values_and_bad_table_names_are_refused() {
    check(&VALID.replace("domain = \"identity\"", "domain = \" \""), &["7: an account's `domain` is empty"]);
    let tables = VALID.replace("profile = \"hub\"", "profile = \"hub\"\nrequests_table = \"x\"\naudit_table = \"a b\"");
    check(&tables, &["4: \"x\" is not a DynamoDB table name", "5: \"a b\" is not a DynamoDB table name"]);
    let same = VALID.replace("profile = \"hub\"", "profile = \"hub\"\naudit_table = \"meshdesk-requests\"");
    check(&same, &["2: the hub's requests, audit and grants tables must be three different tables"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = VALID.replace("identity-prod", "nope").replace("eu-central-1", "moon-1");
    assert_eq!(problems(&text).len(), 2, "{:?}", problems(&text));
}

#[test]
fn stewards_and_the_identity_store_are_read_and_checked_at_their_lines() {
    let text = VALID.replace(
        "name = \"Telco mesh\"\n",
        "name = \"Telco mesh\"\nstewards = [\"data-stewards\", \"arn:aws:iam::*:role/AWSReservedSSO_DataSteward_*\"]\n",
    ) + "[identity_center]\nidentity_store_id = \"d-9067b4c3a1\"\nregion = \"us-east-1\"\n";
    let file = MeshFile::parse(&text, Path::new("mesh.toml"), &known()).expect("valid");
    assert_eq!(file.stewards, ["data-stewards", "arn:aws:iam::*:role/AWSReservedSSO_DataSteward_*"]);
    let center = file.identity_center.expect("the section");
    assert_eq!(
        (center.profile, center.identity_store_id.as_str(), center.region.as_deref(), center.line),
        (None, "d-9067b4c3a1", Some("us-east-1"), 13)
    );

    let without = VALID.replace("name = \"Telco mesh\"\n", "name = \"Telco mesh\"\nstewards = [\"sam@telco.example\",\n  \"data-stewards\"]\n");
    check(&without, &["3: \"data-stewards\" names an Identity Center group, which needs an [identity_center] section"]);
    let bad = format!("{VALID}[identity_center]\nprofile = \"sso\"\nidentity_store_id = \"d 1\"\n");
    check(&bad, &["13: profile \"sso\" is not in", "14: \"d 1\" is not an identity store id"]);
}

#[test]
fn another_acting_profile_replaces_the_hub_profile_only_when_it_exists() {
    let file = MeshFile::parse(VALID, Path::new("mesh.toml"), &known()).expect("valid");
    let as_owner = file.clone().acting_as("identity-prod", &known()).expect("a known profile");
    assert_eq!((as_owner.hub.profile.as_str(), as_owner.accounts), ("identity-prod", file.accounts.clone()));
    let error = file.acting_as("dana-admin", &known()).expect_err("unknown");
    assert!(error.to_string().starts_with("--profile \"dana-admin\" is not a profile in /root/.aws/config"), "{error}");
}

const SSO: &str = r#"name = "Signed-in mesh"
[sso]
start_url = "https://d-1234567890.awsapps.com/start"
region = "eu-west-1"
[hub]
sso_account_id = "111111111111"
sso_role = "MeshdeskHub"
[[account]]
sso_account_id = "402183775004"
sso_role = "MeshReader"
domain = "identity"
[[account]]
profile = "billing-prod"
domain = "billing"
"#;

#[test]
fn identity_center_entries_name_an_account_and_role_next_to_profiles() {
    let file = MeshFile::parse(SSO, Path::new("mesh.toml"), &known()).expect("valid");
    let sso = file.sso.expect("an [sso] section");
    assert_eq!((sso.start_url.as_str(), sso.region.as_str(), sso.line), ("https://d-1234567890.awsapps.com/start", "eu-west-1", 2));
    assert_eq!(file.hub.sso, Some(SsoRole { account_id: "111111111111".into(), role: "MeshdeskHub".into() }));
    assert_eq!(file.hub.profile, "sso:111111111111/MeshdeskHub");
    assert_eq!(file.accounts[0].sso.as_ref().map(|r| r.role.as_str()), Some("MeshReader"));
    assert_eq!(file.accounts[0].name, "402183775004", "an unnamed Identity Center account is named by its id");
    assert_eq!(file.accounts[1].sso, None);
    assert_eq!(file.accounts[1].profile, "billing-prod");
}

#[test]
fn identity_center_entries_are_checked_line_by_line() {
    let text = r#"name = "m"
[hub]
sso_account_id = "1111"
sso_role = "Hub"
[[account]]
sso_account_id = "402183775004"
domain = "identity"
[[account]]
profile = "billing-prod"
sso_role = "Reader"
domain = "billing"
[[account]]
domain = "voice"
"#;
    check(
        text,
        &[
            "3: \"1111\" is not an AWS account id",
            "3: `sso_account_id` needs an [sso] section",
            "6: `sso_account_id` and `sso_role` go together",
            "9: give either a `profile` or `sso_account_id` and `sso_role`, not both",
            "12: missing `profile` (or `sso_account_id` and `sso_role`)",
        ],
    );
    let bad_section = "name = \"m\"\n[sso]\nstart_url = \"d-1.awsapps.com\"\nregion = \"europe\"\n[hub]\nprofile = \"hub\"\n[[account]]\nprofile = \"billing-prod\"\ndomain = \"b\"\n";
    check(bad_section, &["3: \"d-1.awsapps.com\" is not a start URL", "4: \"europe\" is not an AWS region"]);
    let twice = format!("{SSO}[[account]]\nsso_account_id = \"402183775004\"\nsso_role = \"MeshReader\"\ndomain = \"again\"\nname = \"other\"\n");
    check(&twice, &["16: role MeshReader of account 402183775004 is already used by the account at line 8"]);
}
