//! The `meshdesk` command as a user and a script run it: the built binary on a fresh sandbox in
//! a temporary data directory, checked by exit code, by what it says, and by its JSON parsing
//! back into the protocol types.

use meshdesk_protocol::{
    AccessPage, AccessReport, AnnotationPlan, ApiError, AuditPage, CatalogPage, ColumnReaders, ContractState, ErrorCode, Export,
    FindingView, GrantView, LineageGraph, MeshInfo, Plan, ProductDetail, PublishPlan, ReconcileReport, RequestPreview,
    RequestStatus, RequestView, Sensitivity, TableContract, TableDetail, TableHistory, TagSource, VerifyReport,
};
use serde::de::DeserializeOwned;
use std::path::Path;
use std::process::{Command, Stdio};

const PRODUCT: &str = "402183775004:customer_profiles";
const CUSTOMERS: &str = "402183775004:customer_profiles.customers";

/// A fresh sandbox mesh, seeded on the first command.
struct Sandbox {
    dir: tempfile::TempDir,
}

/// What one run of the command left behind.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not the expected JSON ({e}):\n{}", self.stdout))
    }

    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

impl Sandbox {
    fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// Runs `meshdesk --data-dir DIR ARGS…` with no terminal on stdin, stdout or stderr.
    fn run(&self, args: &[&str]) -> Run {
        run_in(Some(self.dir.path()), args)
    }
}

fn run_in(data_dir: Option<&Path>, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_meshdesk"));
    if let Some(dir) = data_dir {
        command.arg("--data-dir").arg(dir);
    }
    let output = command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("MESHDESK_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .expect("the meshdesk binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Mia's request from the story: three columns of customers, one of them restricted.
fn mia_asks_for_three_columns(mesh: &Sandbox) -> RequestView {
    let run = mesh.run(&[
        "--as",
        "mia",
        "request",
        PRODUCT,
        "--table",
        "customers",
        "--column",
        "customers.customer_id",
        "--column",
        "customers.segment",
        "--column",
        "customers.email",
        "--days",
        "90",
        "--justification",
        "Q3 churn campaign: target lapsed customers by segment",
        "--json",
    ]);
    run.expect_code(0).json()
}

#[test]
fn a_search_finds_customer_profiles_by_a_word() {
    let mesh = Sandbox::new();
    let page: CatalogPage = mesh.run(&["products", "customer", "--json"]).expect_code(0).json();
    assert!(
        page.hits.iter().any(|h| h.product.to_string() == PRODUCT),
        "{:?}",
        page.hits.iter().map(|h| &h.product).collect::<Vec<_>>()
    );

    let restricted: CatalogPage =
        mesh.run(&["products", "--sensitivity", "restricted", "--limit", "3", "--json"]).expect_code(0).json();
    assert!(restricted.hits.len() <= 3);
    assert!(restricted.hits.iter().all(|h| h.highest_sensitivity == Some(Sensitivity::Restricted)));
}

#[test]
fn a_table_shows_each_columns_sensitivity_and_where_it_comes_from() {
    let mesh = Sandbox::new();
    let run = mesh.run(&["show", CUSTOMERS]);
    run.expect_code(0);
    let email = run.stdout.lines().find(|l| l.trim_start().starts_with("email ")).expect("an email row");
    assert!(email.contains("restricted") && email.contains("column"), "{email}");
    assert!(!run.stdout.contains('\x1b'), "no colours when piped");

    let table: TableDetail = mesh.run(&["show", CUSTOMERS, "--json"]).expect_code(0).json();
    let email =
        table.columns.iter().find(|c| c.name == "email").and_then(|c| c.sensitivity).expect("email is classified");
    assert_eq!((email.value, email.source), (Sensitivity::Restricted, TagSource::Column));

    let product: ProductDetail = mesh.run(&["show", PRODUCT, "--json"]).expect_code(0).json();
    assert!(product.tables.iter().any(|t| t.table.table == "customers"));
}

#[test]
fn a_request_goes_from_ask_to_quorum_to_access_and_every_step_is_audited() {
    let mesh = Sandbox::new();
    let sent = mia_asks_for_three_columns(&mesh);
    assert_eq!(sent.status, RequestStatus::Pending);
    let id = sent.id.as_str();

    let own = mesh.run(&["--as", "mia", "approve", id]);
    own.expect_code(1);
    assert!(own.stderr.contains("cannot approve"), "{}", own.stderr);
    assert!(own.stderr.contains("--as"), "the hint says how to act as someone else: {}", own.stderr);

    let after_owner: RequestView = mesh.run(&["--as", "dana", "approve", id, "--json"]).expect_code(0).json();
    assert_eq!(after_owner.status, RequestStatus::Pending, "restricted data needs the steward too");
    assert_eq!(after_owner.approvals_needed.len(), 1, "{:?}", after_owner.approvals_needed);

    let done = mesh.run(&["--as", "lee", "approve", id]);
    done.expect_code(0);
    assert!(done.stdout.contains("provisioned"), "{}", done.stdout);
    let view: RequestView = mesh.run(&["--as", "lee", "show-request", id, "--json"]).expect_code(0).json();
    assert_eq!(view.status, RequestStatus::Provisioned, "{:?}", view.last_error);

    let access: AccessReport = mesh.run(&["--as", "mia", "access", "--json"]).expect_code(0).json();
    let customers = access.tables.iter().find(|t| t.table.to_string() == CUSTOMERS).expect("customers is readable");
    let mut columns: Vec<&str> = customers.columns.iter().map(|c| c.column.as_str()).collect();
    columns.sort();
    assert_eq!(columns, ["customer_id", "email", "segment"]);
    assert!(
        customers.columns.iter().all(|c| c.via.iter().any(|p| p.request_id.as_deref() == Some(id))),
        "each column says which grant gives it"
    );

    let log: AuditPage = mesh.run(&["audit", "log", "--request", id, "--json"]).expect_code(0).json();
    let actions: Vec<&str> = log.events.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.first(), Some(&"request.created"), "{actions:?}");
    assert!(actions.contains(&"grant.created"), "{actions:?}");
    assert!(log.events.iter().any(|e| e.actor == "dana") && log.events.iter().any(|e| e.actor == "lee"));

    let verify = mesh.run(&["audit", "verify"]);
    verify.expect_code(0);
    assert!(verify.stdout.contains("intact"), "{}", verify.stdout);

    let mine: Vec<RequestView> = mesh.run(&["--as", "mia", "requests", "--json"]).expect_code(0).json();
    assert!(mine.iter().any(|r| r.id == id));
}

#[test]
fn the_requester_withdraws_and_a_rejection_needs_a_reason() {
    let mesh = Sandbox::new();
    let id = mia_asks_for_three_columns(&mesh).id;
    mesh.run(&["--as", "dana", "reject", &id]).expect_code(2);
    let inbox: Vec<RequestView> =
        mesh.run(&["--as", "dana", "requests", "--inbox", "--status", "pending", "--json"]).expect_code(0).json();
    assert!(inbox.iter().any(|r| r.id == id));
    let withdrawn: RequestView = mesh.run(&["--as", "mia", "withdraw", &id, "--json"]).expect_code(0).json();
    assert_eq!(withdrawn.status, RequestStatus::Withdrawn);
}

#[test]
fn a_preview_sends_nothing() {
    let mesh = Sandbox::new();
    let before: Vec<RequestView> = mesh.run(&["requests", "--all", "--json"]).expect_code(0).json();
    let preview: RequestPreview = mesh
        .run(&[
            "request",
            PRODUCT,
            "--table",
            "customers",
            "--days",
            "30",
            "--justification",
            "look",
            "--preview",
            "--json",
        ])
        .expect_code(0)
        .json();
    assert_eq!(preview.highest, Some(Sensitivity::Restricted));
    let after: Vec<RequestView> = mesh.run(&["requests", "--all", "--json"]).expect_code(0).json();
    assert_eq!(before.len(), after.len());
}

#[test]
fn findings_on_the_seeded_demo_exit_3_so_ci_can_gate_on_them() {
    let mesh = Sandbox::new();
    let run = mesh.run(&["findings", "--json"]);
    let findings: Vec<FindingView> = run.expect_code(3).json();
    let kinds: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
    assert!(kinds.contains(&"unexplained-grant") && kinds.contains(&"missing-grant"), "{kinds:?}");

    let unexplained = findings.iter().find(|f| f.target == "lf-manual-0016").expect("the unexplained grant");
    mesh.run(&["--as", "mia", "repair", &unexplained.id, "--yes"]).expect_code(1);
    mesh.run(&["--as", "lee", "repair", &unexplained.id]).expect_code(1);
    let _: Plan = mesh.run(&["--as", "lee", "repair", &unexplained.id, "--yes", "--json"]).expect_code(0).json();
    let left: Vec<FindingView> = mesh.run(&["findings", "--json"]).json();
    assert!(!left.iter().any(|f| f.id == unexplained.id), "repaired");
}

#[test]
fn a_cross_account_grant_with_grant_option_is_refused_with_the_charter_reason() {
    let mesh = Sandbox::new();
    let grants_before: Vec<GrantView> = mesh.run(&["policy", "grants", PRODUCT, "--json"]).expect_code(0).json();
    let run = mesh.run(&[
        "--as",
        "dana",
        "policy",
        "grant",
        "402183775007",
        "--on",
        CUSTOMERS,
        "--column",
        "segment",
        "--permission",
        "SELECT",
        "--grantable",
        "SELECT",
        "--yes",
    ]);
    run.expect_code(1);
    assert!(run.stderr.contains("grant option") && run.stderr.contains("nothing was applied"), "{}", run.stderr);
    let dry_run: Plan = mesh
        .run(&[
            "--as",
            "dana",
            "policy",
            "grant",
            "402183775007",
            "--on",
            CUSTOMERS,
            "--column",
            "segment",
            "--permission",
            "SELECT",
            "--grantable",
            "SELECT",
            "--dry-run",
            "--json",
        ])
        .expect_code(1)
        .json();
    assert!(dry_run.problems.iter().any(|p| p.message.contains("grant option")), "{:?}", dry_run.problems);
    let grants_after: Vec<GrantView> = mesh.run(&["policy", "grants", PRODUCT, "--json"]).json();
    assert_eq!(grants_before.len(), grants_after.len());
}

#[test]
fn a_policy_change_is_planned_then_applied_only_when_confirmed() {
    let mesh = Sandbox::new();
    let tag = [
        "--as",
        "dana",
        "policy",
        "tag",
        "402183775004:customer_profiles.customers.segment",
        "sensitivity=confidential",
    ];

    let plan: Plan = mesh.run(&[&tag[..], &["--dry-run", "--json"]].concat()).expect_code(0).json();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let unconfirmed = mesh.run(&tag);
    unconfirmed.expect_code(1);
    assert!(unconfirmed.stderr.contains("--yes"), "{}", unconfirmed.stderr);
    let segment = |mesh: &Sandbox| {
        let table: TableDetail = mesh.run(&["show", CUSTOMERS, "--json"]).json();
        table.columns.iter().find(|c| c.name == "segment").and_then(|c| c.sensitivity).map(|s| s.value)
    };
    assert_eq!(segment(&mesh), Some(Sensitivity::Internal), "nothing changed yet");

    mesh.run(&[&tag[..], &["--yes"]].concat()).expect_code(0);
    assert_eq!(segment(&mesh), Some(Sensitivity::Confidential));
    let log: AuditPage = mesh.run(&["audit", "log", "--action", "policy.applied", "--json"]).json();
    assert_eq!(log.events.first().map(|e| e.actor.as_str()), Some("dana"));
}

#[test]
fn bad_arguments_are_usage_errors_with_exit_2() {
    let mesh = Sandbox::new();
    let cases: &[&[&str]] = &[
        &[],
        &["no-such-command"],
        &["show", "customer_profiles"],
        &["lineage", PRODUCT],
        &["products", "--sensitivity", "secret"],
        &["requests", "--mine", "--inbox"],
        &["requests", "--status", "lost"],
        &["request", PRODUCT, "--justification", "no duration"],
        &["request", PRODUCT, "--days", "many", "--justification", "x"],
        &["request", PRODUCT, "--days", "9", "--justification", "x", "--permission", "DROP"],
        &["policy", "tag", PRODUCT, "sensitivity"],
        &["policy", "grant", "402183775007", "--permission", "SELECT"],
        &["policy", "grant", "402183775007", "--on", PRODUCT, "--column", "segment", "--permission", "SELECT"],
        &["policy", "revoke", "x", "--yes", "--dry-run"],
        &["audit", "export", "--kind", "everything", "--format", "csv"],
        &["completions", "tcsh"],
    ];
    for args in cases {
        let run = mesh.run(args);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.stderr);
        assert!(
            run.stderr.contains("Usage:") || run.stderr.contains("try '--help'"),
            "{args:?} points to the usage:\n{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn what_does_not_exist_is_named_with_exit_1() {
    let mesh = Sandbox::new();
    let product = mesh.run(&["show", "402183775004:no_such_product"]);
    product.expect_code(1);
    assert!(product.stderr.contains("no_such_product"), "{}", product.stderr);

    let as_json = mesh.run(&["show", "402183775004:no_such_product", "--json"]);
    let error: ApiError = as_json.expect_code(1).json();
    assert_eq!(error.code, ErrorCode::NotFound);

    let table = mesh.run(&["show", "402183775004:customer_profiles.no_such_table"]);
    assert!(
        table.expect_code(1).stderr.contains("no_such_table") && table.stderr.contains("customers"),
        "{}",
        table.stderr
    );
    let column = mesh.run(&["who-can-read", "402183775004:customer_profiles.customers.no_such_column"]);
    assert!(column.expect_code(1).stderr.contains("no_such_column"), "{}", column.stderr);
    let persona = mesh.run(&["--as", "nobody", "access"]);
    assert!(persona.expect_code(1).stderr.contains("mia"), "the known personas are listed: {}", persona.stderr);
    let request = mesh.run(&["approve", "req-9999"]);
    assert!(request.expect_code(1).stderr.contains("req-9999"), "{}", request.stderr);
}

#[test]
fn every_json_document_parses_back_into_its_protocol_type() {
    fn parses<T: DeserializeOwned>(text: &str) -> Result<(), String> {
        serde_json::from_str::<T>(text).map(|_| ()).map_err(|e| e.to_string())
    }
    type Check = fn(&str) -> Result<(), String>;
    let mesh = Sandbox::new();
    let cases: &[(&[&str], i32, Check)] = &[
        (&["products"], 0, parses::<CatalogPage>),
        (&["show", PRODUCT], 0, parses::<ProductDetail>),
        (&["show", CUSTOMERS], 0, parses::<TableDetail>),
        (&["lineage", CUSTOMERS, "--depth", "1"], 0, parses::<LineageGraph>),
        (&["access"], 0, parses::<AccessReport>),
        (&["who-can-read", CUSTOMERS], 0, parses::<Vec<ColumnReaders>>),
        (&["requests", "--all"], 0, parses::<Vec<RequestView>>),
        (&["policy", "grants", PRODUCT], 0, parses::<Vec<GrantView>>),
        (&["audit", "log", "--limit", "5"], 0, parses::<AuditPage>),
        (&["audit", "verify"], 0, parses::<VerifyReport>),
        (&["audit", "export", "--kind", "requests", "--format", "json"], 0, parses::<Export>),
        (&["findings"], 3, parses::<Vec<FindingView>>),
        // The demo has access past its end still granted: out of step, so CI jobs are told.
        (&["reconcile"], 3, parses::<ReconcileReport>),
        (&["expire"], 0, parses::<ReconcileReport>),
        (&["refresh"], 0, parses::<MeshInfo>),
        (&["--as", "lee", "reconcile", "--apply"], 0, parses::<ReconcileReport>),
        (&["reconcile"], 0, parses::<ReconcileReport>),
    ];
    for (args, code, check) in cases {
        let run = mesh.run(&[*args, &["--json"][..]].concat());
        assert_eq!(run.code, *code, "{args:?}: {}", run.stderr);
        if let Err(e) = check(&run.stdout) {
            panic!("{args:?} printed JSON that does not parse: {e}\n{}", run.stdout);
        }
    }
}

#[test]
fn lineage_reads_hop_by_hop_and_marks_edges_across_accounts() {
    let mesh = Sandbox::new();
    let run = mesh.run(&["lineage", CUSTOMERS, "--upstream", "0", "--downstream", "1"]);
    run.expect_code(0);
    assert!(run.stdout.contains("focus") && run.stdout.contains("down 1"), "{}", run.stdout);
    assert!(run.stdout.contains("==>") && run.stdout.contains("cross-account"), "{}", run.stdout);
    let graph: LineageGraph =
        mesh.run(&["lineage", CUSTOMERS, "--upstream", "0", "--downstream", "1", "--json"]).json();
    assert!(graph.nodes.iter().all(|n| (0..=1).contains(&n.hops)));
}

#[test]
fn an_export_goes_to_stdout_or_a_file_and_a_copy_is_kept() {
    let mesh = Sandbox::new();
    let run = mesh.run(&["audit", "export", "--kind", "audit-log", "--format", "csv"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("seq,at,actor,action"), "{}", &run.stdout[..run.stdout.len().min(200)]);
    assert!(run.stderr.contains("saved a copy to"), "{}", run.stderr);

    let file = mesh.dir.path().join("matrix.csv");
    let to_file = mesh.run(&[
        "audit",
        "export",
        "--kind",
        "access-matrix",
        "--format",
        "csv",
        "--output",
        &file.display().to_string(),
    ]);
    to_file.expect_code(0);
    assert!(to_file.stdout.is_empty());
    let written = std::fs::read_to_string(&file).expect("the export file");
    assert!(written.starts_with("table,domain,grantee"), "{written}");
}

#[test]
fn a_tampered_audit_log_exits_3_and_names_the_event() {
    let mesh = Sandbox::new();
    mesh.run(&["audit", "verify"]).expect_code(0);
    let conn = rusqlite::Connection::open(mesh.dir.path().join("sandbox.sqlite")).expect("open the store");
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("triggers");
    for t in triggers {
        conn.execute(&format!("DROP TRIGGER \"{t}\""), []).expect("drop trigger");
    }
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2", []).expect("edit event 2");
    drop(conn);

    let report: VerifyReport = mesh.run(&["audit", "verify", "--json"]).expect_code(3).json();
    assert_eq!(report.problem_seq, Some(2), "{report:?}");
}

#[test]
fn completions_are_printed_for_each_shell_without_opening_a_mesh() {
    for (shell, marker) in [("bash", "_meshdesk()"), ("zsh", "#compdef meshdesk"), ("fish", "complete -c meshdesk")] {
        let run = run_in(None, &["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.contains(marker), "{shell}");
    }
}

#[test]
fn the_help_documents_the_exit_codes_and_every_command_has_examples() {
    let help = run_in(None, &["--help"]);
    help.expect_code(0);
    assert!(help.stdout.contains("Exit codes:") && help.stdout.contains("3  problems found"), "{}", help.stdout);
    for command in [
        "products",
        "show",
        "lineage",
        "access",
        "who-can-read",
        "request",
        "requests",
        "show-request",
        "approve",
        "reject",
        "withdraw",
        "revoke",
        "extend",
        "retry",
        "findings",
        "repair",
        "reconcile",
        "expire",
        "refresh",
        "whoami",
        "completions",
    ] {
        let run = run_in(None, &[command, "--help"]);
        assert!(run.expect_code(0).stdout.contains("Examples:"), "{command} --help has examples");
    }
    for sub in [
        ["policy", "tag"],
        ["policy", "untag"],
        ["policy", "grant"],
        ["policy", "revoke"],
        ["policy", "grants"],
        ["audit", "log"],
        ["audit", "verify"],
        ["audit", "export"],
    ] {
        let run = run_in(None, &[sub[0], sub[1], "--help"]);
        assert!(run.expect_code(0).stdout.contains("Examples:"), "{sub:?} --help has examples");
    }
}

#[test]
fn a_steward_looks_up_a_principals_access_and_a_consumer_only_their_own() {
    let mesh = Sandbox::new();
    let role = "arn:aws:iam::402183775007:role/marketing-analysts";
    let report: AccessReport = mesh.run(&["--as", "lee", "access", role, "--json"]).expect_code(0).json();
    assert_eq!(report.principals, [role]);
    assert!(!report.tables.is_empty(), "the marketing analysts' role has provisioned access in the demo");

    let one = "402183775006:customer_360.customer_360";
    let narrowed: AccessReport =
        mesh.run(&["--as", "lee", "access", role, "--table", one, "--json"]).expect_code(0).json();
    assert!(narrowed.tables.iter().all(|t| t.table.to_string() == one));

    let own = mesh.run(&["--as", "mia", "access", role]);
    own.expect_code(0);
    let someone_else = mesh.run(&["--as", "mia", "access", "402183775003"]);
    someone_else.expect_code(1);
    assert!(someone_else.stderr.contains("steward"), "{}", someone_else.stderr);
    let malformed = mesh.run(&["--as", "lee", "access", "arn:aws:ec2::1:instance/x"]);
    malformed.expect_code(1);
    assert!(malformed.stderr.contains("ec2"), "{}", malformed.stderr);
}

/// `access` comes a page at a time: `--limit` stops after N tables and names where to go on,
/// `--after` goes on from there (or from any name, readable, existing or not), and the pieces
/// add up to the whole answer; `--json` is one document shaped as `AccessPage`.
#[test]
fn access_goes_on_with_limit_and_after_and_adds_up_to_the_whole() {
    let mesh = Sandbox::new();
    let principal = "402183775007";
    let whole: AccessPage = mesh.run(&["--as", "lee", "access", principal, "--json"]).expect_code(0).json();
    assert!(whole.tables.len() >= 3, "the marketing account reads several tables in the demo: {}", whole.tables.len());
    assert_eq!((whole.readable_tables as usize, &whole.next), (whole.tables.len(), &None));
    // The old shape still reads: principals and tables.
    let report: AccessReport = mesh.run(&["--as", "lee", "access", principal, "--json"]).json();
    assert_eq!(report.tables, whole.tables);

    let mut pieces = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut args = vec!["--as", "lee", "access", principal, "--limit", "2", "--json"];
        if let Some(after) = &after {
            args.extend(["--after", after.as_str()]);
        }
        let page: AccessPage = mesh.run(&args).expect_code(0).json();
        assert_eq!(page.readable_tables, whole.readable_tables, "the count is of every table");
        assert!(page.tables.len() <= 2);
        pieces.extend(page.tables.clone());
        match page.next {
            Some(next) => {
                assert_eq!(Some(&next), page.tables.last().map(|t| &t.table));
                after = Some(next.to_string());
            }
            None => break,
        }
    }
    assert_eq!(pieces, whole.tables, "--limit and --after walk the whole answer in order");

    // For people: the tables shown, then how many of how many and where the rest starts.
    let text = mesh.run(&["--as", "lee", "access", principal, "--limit", "1"]);
    text.expect_code(0);
    let first = whole.tables[0].table.to_string();
    assert!(text.stdout.contains(&first) && !text.stdout.contains(&whole.tables[1].table.to_string()), "{}", text.stdout);
    let rest = format!("1 of {} tables shown; for the rest: --after {first}", whole.tables.len());
    assert!(text.stdout.contains(&rest), "{}", text.stdout);

    // After a table that is not there: from the next name on.
    let second = &whole.tables[1].table;
    let gone = format!("{}:{}.{}_dropped", second.account, second.database, second.table);
    let from_gone: AccessPage = mesh.run(&["--as", "lee", "access", principal, "--after", &gone, "--json"]).expect_code(0).json();
    assert_eq!(from_gone.tables, whole.tables[2..]);
    let last = whole.tables.last().expect("a table").table.to_string();
    let past_the_end = mesh.run(&["--as", "lee", "access", principal, "--after", &last]);
    assert!(past_the_end.expect_code(0).stdout.contains(&format!("None of the {} tables readable comes after {last}", whole.tables.len())), "{}", past_the_end.stdout);

    // The acting identity's own access pages the same way.
    let mine: AccessPage = mesh.run(&["--as", "mia", "access", "--json"]).expect_code(0).json();
    let mine_first: AccessPage = mesh.run(&["--as", "mia", "access", "--limit", "1", "--json"]).expect_code(0).json();
    assert_eq!((mine_first.tables.as_slice(), mine_first.readable_tables), (&mine.tables[..1], mine.readable_tables));
    assert_eq!(mine_first.next, Some(mine.tables[0].table.clone()));

    // One table of one's own access, and one the catalog does not hold.
    let one = mine.tables[1].table.to_string();
    let narrowed: AccessReport = mesh.run(&["--as", "mia", "access", "--table", &one, "--json"]).expect_code(0).json();
    assert_eq!(narrowed.tables, mine.tables[1..2]);
    let missing = mesh.run(&["--as", "mia", "access", "--table", "402183775004:customer_profiles.nope"]);
    assert!(missing.expect_code(1).stderr.contains("402183775004:customer_profiles.nope"), "{}", missing.stderr);
}

#[test]
fn a_bad_after_or_limit_is_refused_saying_what_is_expected() {
    let mesh = Sandbox::new();
    for (args, says) in [
        (&["access", "--after", "customers"][..], "customers"),
        (&["access", "--after", "402183775004:customer_profiles"][..], "402183775004:customer_profiles"),
        (&["access", "--limit", "0"][..], "0"),
        (&["access", "--limit", "many"][..], "many"),
        (&["access", "--table", CUSTOMERS, "--limit", "1"][..], "--limit"),
    ] {
        let run = mesh.run(args);
        run.expect_code(2);
        assert!(run.stderr.contains(says) && run.stdout.is_empty(), "{args:?}: {}", run.stderr);
    }
    let expected = mesh.run(&["access", "--after", "customers"]);
    assert!(expected.stderr.contains("ACCOUNT:database.table"), "{}", expected.stderr);
}

const DAILY_COUNTS: &str = "402183775001:message_events_curated.daily_message_counts";

#[test]
fn an_owner_annotates_a_product_after_seeing_the_plan_and_others_are_refused() {
    let mesh = Sandbox::new();
    let dry = mesh.run(&["--as", "dana", "product", "annotate", PRODUCT, "--set", "slo_freshness_hours=12", "--dry-run"]);
    dry.expect_code(0);
    assert!(dry.stdout.contains("meshdesk:slo.freshness_hours") && dry.stdout.contains("24") && dry.stdout.contains("12"), "{}", dry.stdout);
    let unconfirmed = mesh.run(&["--as", "dana", "product", "annotate", PRODUCT, "--set", "slo_freshness_hours=12"]);
    assert!(unconfirmed.expect_code(1).stderr.contains("nothing was changed"), "{}", unconfirmed.stderr);

    let saved: AnnotationPlan =
        mesh.run(&["--as", "dana", "product", "annotate", PRODUCT, "--set", "slo_freshness_hours=12", "--yes", "--json"]).expect_code(0).json();
    assert_eq!(saved.changes.len(), 1);
    let product: ProductDetail = mesh.run(&["show", PRODUCT, "--json"]).expect_code(0).json();
    assert_eq!(product.slo_freshness_hours, Some(12));

    let invalid = mesh.run(&["--as", "dana", "product", "annotate", PRODUCT, "--set", "owners=dana", "--dry-run"]);
    assert!(invalid.expect_code(1).stdout.contains("neither an email"), "{}", invalid.stdout);
    let refused = mesh.run(&["--as", "mia", "product", "annotate", PRODUCT, "--set", "tier=silver", "--yes", "--json"]);
    assert_eq!(refused.expect_code(1).json::<ApiError>().code, ErrorCode::Forbidden);
    assert!(refused.stderr.contains("only the product's owners"), "{}", refused.stderr);
    mesh.run(&["product", "annotate", PRODUCT, "--set", "colour=blue", "--dry-run"]).expect_code(2);
}

#[test]
fn unpublishing_names_the_consumers_and_publishing_a_draft_lists_it() {
    let mesh = Sandbox::new();
    let plan: PublishPlan = mesh.run(&["--as", "dana", "product", "unpublish", PRODUCT, "--dry-run", "--json"]).expect_code(0).json();
    assert!(plan.needs_confirmation && plan.consumers.iter().any(|c| c.who == "402183775006:customer_360"), "{plan:?}");
    let text = mesh.run(&["--as", "dana", "product", "unpublish", PRODUCT, "--dry-run"]);
    assert!(text.expect_code(0).stdout.contains("consumer(s) rely on it"), "{}", text.stdout);

    let draft = "402183775004:customer_risk_signals";
    mesh.run(&["--as", "dana", "product", "publish", draft, "--yes"]).expect_code(0);
    let page: CatalogPage = mesh.run(&["--as", "mia", "products", "risk", "--json"]).expect_code(0).json();
    assert!(page.hits.iter().any(|h| h.product.to_string() == draft));
}

#[test]
fn a_broken_contract_exits_3_and_the_history_marks_the_breaking_version() {
    let mesh = Sandbox::new();
    let shown = mesh.run(&["product", "contract", DAILY_COUNTS]);
    assert!(shown.expect_code(3).stdout.contains("BROKEN"), "{}", shown.stdout);
    assert!(shown.stdout.contains("mms_sent is int, not the promised bigint"), "{}", shown.stdout);
    let contract: Option<TableContract> = mesh.run(&["product", "contract", DAILY_COUNTS, "--json"]).expect_code(3).json();
    assert_eq!(contract.map(|c| c.state), Some(ContractState::Broken));
    mesh.run(&["product", "contract", CUSTOMERS]).expect_code(0);

    let history: TableHistory = mesh.run(&["product", "history", DAILY_COUNTS, "--json"]).expect_code(0).json();
    assert_eq!(history.versions.len(), 4);
    assert!(!history.versions[0].breaks.is_empty() && history.versions[1].breaks.is_empty());
    let text = mesh.run(&["product", "history", DAILY_COUNTS]);
    assert!(text.expect_code(0).stdout.contains("~ mms_sent bigint -> int"), "{}", text.stdout);
}

#[test]
fn an_owner_sets_a_contract_the_table_keeps() {
    let mesh = Sandbox::new();
    let args = ["product", "contract", CUSTOMERS, "--contract-version", "2.5", "--column", "customer_id:bigint", "--not-null", "customer_id", "--freshness-hours", "24"];
    let refused = mesh.run(&[&["--as", "mia"], &args[..], &["--yes"]].concat());
    assert!(refused.expect_code(1).stderr.contains("only the owners"), "{}", refused.stderr);
    mesh.run(&[&["--as", "dana"], &args[..], &["--yes"]].concat()).expect_code(0);
    let contract: Option<TableContract> = mesh.run(&["product", "contract", CUSTOMERS, "--json"]).expect_code(0).json();
    let spec = contract.and_then(|c| c.spec).expect("a readable contract");
    assert_eq!((spec.version.as_str(), spec.columns.len(), spec.columns[0].nullable), ("2.5", 1, false));
}

#[test]
fn setting_up_a_hub_names_what_is_wrong_in_the_mesh_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mesh.toml");
    std::fs::write(&file, "name = \"telco\"\n").expect("write");
    let run = run_in(None, &["setup", "--mesh", file.to_str().expect("utf-8 path")]);
    run.expect_code(1);
    assert!(run.stderr.contains("mesh.toml:1") && run.stderr.contains("hub"), "{}", run.stderr);
    let missing = run_in(None, &["setup", "--mesh", "/nonexistent/mesh.toml"]);
    missing.expect_code(1);
    assert!(missing.stderr.contains("/nonexistent/mesh.toml"), "{}", missing.stderr);
}

#[test]
fn on_the_sandbox_profile_is_a_usage_error_that_points_to_as_persona() {
    let mesh = Sandbox::new();
    let run = mesh.run(&["--sandbox", "--profile", "dana-admin", "whoami"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--as PERSONA") && run.stderr.contains("Usage:"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let help = run_in(None, &["--help"]);
    assert!(help.stdout.contains("--profile <NAME>") && help.stdout.contains("--profile dana-admin approve"), "{}", help.stdout);
}

#[test]
fn whoami_says_which_persona_acts_and_whether_they_are_a_steward() {
    let mesh = Sandbox::new();
    let dana: meshdesk_protocol::Persona = mesh.run(&["--as", "dana", "whoami", "--json"]).expect_code(0).json();
    assert_eq!((dana.id.as_str(), dana.email.as_str()), ("dana", "dana.okafor@telco.example"));
    let text = mesh.run(&["whoami"]);
    assert!(text.expect_code(0).stdout.starts_with("Mia Chen (mia)") && text.stdout.contains("steward:"), "{}", text.stdout);
}

#[test]
fn accounts_lists_every_sandbox_account_and_warns_of_the_one_bypassing_lake_formation() {
    let mesh = Sandbox::new();
    let human = mesh.run(&["accounts"]);
    human.expect_code(0);
    for name in ["messaging-prod", "billing-prod", "nimbus-legacy"] {
        assert!(human.stdout.contains(name), "{name} missing:\n{}", human.stdout);
    }
    assert!(human.stdout.contains("warning: nimbus-legacy: IAM_ALLOWED_PRINCIPALS"), "{}", human.stdout);
    assert!(human.stdout.contains("1 grant\n") || human.stdout.contains("1 grant "), "singular grant:\n{}", human.stdout);

    let status: meshdesk_protocol::MeshStatus = mesh.run(&["accounts", "--json"]).expect_code(0).json();
    assert_eq!(status.accounts.len(), 7);
    assert!(!status.refreshable);
    assert!(status.accounts.iter().all(|a| matches!(a.state, meshdesk_protocol::AccountState::Sandbox { .. })));
    let warned: Vec<&str> = status
        .accounts
        .iter()
        .filter(|a| a.warnings.iter().any(|w| w.kind == meshdesk_protocol::WarningKind::LakeFormationBypass))
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(warned, vec!["nimbus-legacy"]);

    let findings: Vec<FindingView> = mesh.run(&["findings", "--json"]).expect_code(3).json();
    assert!(findings.iter().any(|f| f.id == "lake-formation-bypass:588812340017"), "{findings:#?}");
}

#[test]
fn refresh_into_a_pipe_draws_no_progress_bars() {
    let mesh = Sandbox::new();
    let run = mesh.run(&["refresh"]);
    run.expect_code(0);
    // Bars redraw with carriage returns and cursor movement; a pipe gets plain lines only.
    for trace in ['\r', '\u{1b}', '✓', '[', ']'] {
        assert!(!run.stderr.contains(trace), "{trace:?} on stderr:\n{}", run.stderr);
    }
    assert!(run.stdout.contains("7 accounts"), "{}", run.stdout);
}
