//! Stewards' views on the seeded sandbox: findings for every kind of drift the demo carries,
//! repairs that clear them, the access matrix, exports, and tamper detection.

use crate::fixture::*;
use meshdesk_core::ports::PolicyStore;
use meshdesk_protocol::{ErrorCode, ExportFormat, ExportKind};

#[test]
fn the_seeded_drift_is_found_and_a_repair_clears_it() {
    let (_dir, mesh) = sandbox();
    let findings = mesh.findings(NOW).expect("findings");
    let kinds: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
    for kind in ["grant-option-across-accounts", "unexplained-grant", "missing-grant", "expired-not-revoked", "write-optimised-format"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let unexplained = findings.iter().find(|f| f.target == "lf-manual-0016").expect("the unexplained grant is named");

    act_as(&mesh, "mia");
    let refused = mesh.repair_finding(&unexplained.id, NOW).expect_err("a consumer may not repair");
    assert_eq!(refused.code, ErrorCode::Forbidden);

    act_as(&mesh, "lee");
    mesh.repair_finding(&unexplained.id, NOW).expect("steward repairs");
    assert!(!mesh.backend().grants().expect("grants").iter().any(|g| g.id == "lf-manual-0016"));
    assert!(!mesh.findings(NOW).expect("findings").iter().any(|f| f.id == unexplained.id), "gone once repaired");
    assert!(mesh.verify_audit().expect("verify").intact);
}

#[test]
fn the_access_matrix_and_exports_show_who_can_read_what() {
    let (dir, mesh) = sandbox();
    act_as(&mesh, "lee");
    let matrix = mesh.access_matrix().expect("matrix");
    assert!(matrix.grantees.len() >= 3);
    assert!(matrix.rows.iter().any(|r| r.table.database == "customer_profiles"));
    for (kind, format) in [(ExportKind::AuditLog, ExportFormat::Csv), (ExportKind::AccessMatrix, ExportFormat::Json), (ExportKind::Findings, ExportFormat::Csv), (ExportKind::Requests, ExportFormat::Json)] {
        let export = mesh.export(kind, format, NOW).expect("export");
        assert!(export.saved_to.starts_with(&dir.path().display().to_string()));
        assert_eq!(std::fs::read_to_string(&export.saved_to).expect("saved"), export.content);
        assert!(export.content.len() > 100, "{kind:?} has content");
    }
}

#[test]
fn an_edited_audit_event_is_detected_and_named() {
    let (dir, mesh) = sandbox();
    assert!(mesh.verify_audit().expect("verify").intact);
    let db = rusqlite_free_edit(dir.path());
    let report = mesh.verify_audit().expect("verify");
    assert!(!report.intact);
    assert_eq!(report.problem_seq, Some(db));
    assert!(report.problem.as_deref().is_some_and(|p| p.contains("edited")), "{report:?}");
}

/// Someone with the file edits event 2 behind Meshdesk's back, dropping the triggers that
/// forbid it: what anyone with write access to the file could do.
fn rusqlite_free_edit(dir: &std::path::Path) -> u64 {
    let path = dir.join("sandbox.sqlite");
    let conn = rusqlite::Connection::open(path).expect("open");
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for t in triggers {
        conn.execute(&format!("DROP TRIGGER \"{t}\""), []).expect("drop trigger");
    }
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('audit')")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(columns.iter().any(|c| c == "actor"), "audit columns: {columns:?}");
    let changed = conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2", []).expect("edit");
    assert_eq!(changed, 1);
    2
}
