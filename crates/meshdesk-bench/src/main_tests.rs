//! The command line: what each command reads, and which argument a refusal names.

use super::*;

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

#[test]
fn seed_reads_the_mesh_size_in_order() {
    let command = parse(&args(&["seed", "/tmp/s", "2", "3", "4", "5", "6"])).expect("valid");
    let config = SyntheticConfig {
        accounts: 2,
        databases_per_account: 3,
        tables_per_database: 4,
        columns_per_table: 5,
        seed: 8,
    };
    assert_eq!(command, Command::Seed { dir: "/tmp/s".into(), config, grants: 6 });
}

#[test]
fn measure_repeats_searches_five_times_unless_told() {
    assert_eq!(parse(&args(&["measure", "/tmp/s"])), Ok(Command::Measure { dir: "/tmp/s".into(), repeats: 5 }));
    assert_eq!(parse(&args(&["measure", "/tmp/s", "9"])), Ok(Command::Measure { dir: "/tmp/s".into(), repeats: 9 }));
}

#[test]
fn a_refusal_names_the_argument_and_what_was_wrong() {
    let refused = |words: &[&str]| parse(&args(words)).expect_err("refused");
    assert_eq!(refused(&[]).to_string(), "no command: seed or measure");
    assert_eq!(refused(&["time", "/tmp/s"]), ArgError::UnknownCommand(Some("time".into())));
    assert_eq!(
        refused(&["seed", "/tmp/s", "2"]).to_string(),
        "seed takes DIR ACCOUNTS DATABASES TABLES COLUMNS GRANTS, not 2 argument(s)"
    );
    assert_eq!(refused(&["measure"]), ArgError::Count { command: "measure", expected: MEASURE_ARGS, given: 0 });
    assert_eq!(
        refused(&["seed", "/tmp/s", "2", "3", "many", "5", "6"]),
        ArgError::NotANumber { what: "TABLES", text: "many".into() }
    );
    assert_eq!(refused(&["measure", "/tmp/s", "-1"]).to_string(), r#"SEARCH_REPEATS "-1" is not a whole number"#);
}

#[test]
fn a_failed_run_says_which_step_and_why() {
    let refused = BenchError::Args(parse(&args(&["time"])).expect_err("refused")).to_string();
    assert!(refused.starts_with("unknown command \"time\": seed or measure\nusage: meshdesk-bench seed"), "{refused}");

    // A directory that cannot be made: it would sit under a file.
    let under_a_file = std::env::current_exe().expect("the test binary").join("sandbox");
    let cfg = SyntheticConfig { accounts: 1, databases_per_account: 1, tables_per_database: 1, columns_per_table: 1, seed: 8 };
    let error = seed(&under_a_file, &cfg, 0).expect_err("nothing can be written under a file");
    assert!(matches!(error, BenchError::Seed { .. }), "{error:?}");
    assert!(error.to_string().starts_with(&format!("cannot seed {}: ", under_a_file.display())), "{error}");
}
