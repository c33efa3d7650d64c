//! Stewards' views: the audit timeline, verifying the chain, findings with their repairs, and
//! exports (CSV or JSON) saved under the data directory.

use crate::convert;
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::governance::audit;
use meshdesk_core::governance::findings::{self, Severity as CoreSeverity};
use meshdesk_core::governance::model::AuditEvent;
use meshdesk_core::governance::ownership::{is_owner, is_steward};
use meshdesk_protocol::{
    ApiError, AuditEventView, AuditPage, AuditQuery, Export, ExportFormat, ExportKind, FindingView, Plan, RequestFilter,
    RequestScope, Severity, VerifyReport,
};

const DEFAULT_PAGE: u32 = 100;
const MAX_PAGE: u32 = 1_000;

impl<B: Backend> Meshdesk<B> {
    pub(crate) fn event_view(&self, e: &AuditEvent) -> AuditEventView {
        AuditEventView {
            seq: e.seq,
            at: e.at,
            actor: e.actor.clone(),
            actor_name: self.name_of(&e.actor),
            action: e.action.clone(),
            target: e.target.clone(),
            request_id: e.request_id.clone(),
            before: e.before.clone(),
            after: e.after.clone(),
            prev_hash: e.prev_hash.clone(),
            hash: e.hash.clone(),
        }
    }

    /// The audit timeline, newest first, filtered and paged.
    pub fn audit_events(&self, query: &AuditQuery) -> Result<AuditPage, ApiError> {
        if query.limit > MAX_PAGE {
            return Err(ApiError::invalid_input(format!("at most {MAX_PAGE} events are returned at once")));
        }
        let events = self.backend.events().map_err(from_port)?;
        let text = |f: &Option<String>| f.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
        let (actor, action, target, request) = (text(&query.actor), text(&query.action), text(&query.target), text(&query.request_id));
        let matching: Vec<&AuditEvent> = events
            .iter()
            .rev()
            .filter(|e| actor.as_ref().is_none_or(|a| e.actor.to_lowercase() == *a || self.name_of(&e.actor).to_lowercase().contains(a)))
            .filter(|e| action.as_ref().is_none_or(|a| e.action.to_lowercase().starts_with(a)))
            .filter(|e| target.as_ref().is_none_or(|t| e.target.to_lowercase().contains(t)))
            .filter(|e| request.as_ref().is_none_or(|r| e.request_id.as_deref().is_some_and(|id| id.to_lowercase() == *r)))
            .filter(|e| query.from.is_none_or(|from| e.at >= from) && query.to.is_none_or(|to| e.at <= to))
            .collect();
        let limit = if query.limit == 0 { DEFAULT_PAGE } else { query.limit } as usize;
        Ok(AuditPage {
            total: matching.len() as u32,
            events: matching.iter().skip(query.offset as usize).take(limit).map(|e| self.event_view(e)).collect(),
        })
    }

    /// Checks the whole audit chain and says where it was tampered with, if it was.
    pub fn verify_audit(&self) -> Result<VerifyReport, ApiError> {
        let events = self.backend.events().map_err(from_port)?;
        Ok(match audit::verify(&events) {
            Ok(n) => VerifyReport { intact: true, events_checked: n as u64, problem: None, problem_seq: None },
            Err(t) => {
                let seq = match t {
                    audit::Tampering::Edited { seq } | audit::Tampering::Inserted { seq } | audit::Tampering::Reordered { seq } => seq,
                    audit::Tampering::Deleted { expected, .. } => expected,
                };
                VerifyReport { intact: false, events_checked: events.len() as u64, problem: Some(t.to_string()), problem_seq: Some(seq) }
            }
        })
    }

    /// The core's findings on the catalog, grants and requests, and those on the accounts'
    /// data lake settings, most severe first.
    fn all_findings(&self, now: i64) -> Result<Vec<findings::Finding>, ApiError> {
        let index = self.index()?;
        let state = self.access_state()?;
        let mut all = findings::findings(&index, &state.grants, &state.requests, now);
        let bypass = self.backend.lake_formation_bypass().map_err(from_port)?;
        let accounts = &index.catalog().accounts;
        // Only accounts of the mesh as it is now: one taken out of the mesh file is no concern.
        all.extend(findings::lake_formation_bypass(
            bypass.iter().filter_map(|id| accounts.iter().find(|a| &a.id == id).map(|a| (id.as_str(), a.name.as_str()))),
        ));
        findings::sort(&mut all);
        Ok(all)
    }

    /// Everything a steward should look at, most severe first.
    pub fn findings(&self, now: i64) -> Result<Vec<FindingView>, ApiError> {
        Ok(self
            .all_findings(now)?
            .iter()
            .map(|f| FindingView {
                id: f.id.clone(),
                kind: f.kind.as_str().to_owned(),
                severity: match f.severity {
                    CoreSeverity::High => Severity::High,
                    CoreSeverity::Medium => Severity::Medium,
                    CoreSeverity::Low => Severity::Low,
                },
                target: f.target.clone(),
                explanation: f.explanation.clone(),
                repair: f.repair.iter().map(convert::planned).collect(),
            })
            .collect())
    }

    /// Applies a finding's proposed repair as the current identity (a steward, or an owner of
    /// what it touches), as one audited action.
    pub fn repair_finding(&self, id: &str, now: i64) -> Result<Plan, ApiError> {
        let actor = self.current_identity()?;
        let index = self.index()?;
        let all = self.all_findings(now)?;
        let finding = all.iter().find(|f| f.id == id).ok_or_else(|| {
            ApiError::not_found(format!("no finding '{id}' now: it may have been repaired already; reload the findings"))
        })?;
        if finding.repair.is_empty() {
            return Err(ApiError::invalid_input(format!(
                "{}: Meshdesk has no automatic repair for this; {}",
                finding.id, finding.explanation
            )));
        }
        let involved = index.catalog().databases.iter().any(|d| {
            finding.target.starts_with(&format!("{}:{}", d.account, d.name)) && (is_owner(&actor, d) || is_steward(&actor, d))
        });
        if !(actor.steward || involved) {
            return Err(ApiError::forbidden(format!("{} may not repair {}: only a steward or the product's owners may", actor.name, finding.id)));
        }
        self.apply_ops(&actor, &finding.repair, "finding.repaired", Some(finding.id.clone()), now)
    }

    /// Writes an export to `<data dir>/exports/` and returns it.
    pub fn export(&self, kind: ExportKind, format: ExportFormat, now: i64) -> Result<Export, ApiError> {
        let json = |value: Result<String, serde_json::Error>| value.map_err(|e| ApiError::internal(format!("export failed: {e}")));
        let (name, content) = match kind {
            ExportKind::AuditLog => {
                let events: Vec<AuditEventView> = self.backend.events().map_err(from_port)?.iter().map(|e| self.event_view(e)).collect();
                let content = match format {
                    ExportFormat::Json => json(serde_json::to_string_pretty(&events))?,
                    ExportFormat::Csv => csv(
                        &["seq", "at", "actor", "action", "target", "request_id", "before", "after", "prev_hash", "hash"],
                        events.iter().map(|e| {
                            vec![
                                e.seq.to_string(),
                                e.at.to_string(),
                                e.actor.clone(),
                                e.action.clone(),
                                e.target.clone(),
                                e.request_id.clone().unwrap_or_default(),
                                e.before.clone().unwrap_or_default(),
                                e.after.clone().unwrap_or_default(),
                                e.prev_hash.clone(),
                                e.hash.clone(),
                            ]
                        }),
                    ),
                };
                ("audit-log", content)
            }
            ExportKind::AccessMatrix => {
                let matrix = self.access_matrix()?;
                let content = match format {
                    ExportFormat::Json => json(serde_json::to_string_pretty(&matrix))?,
                    ExportFormat::Csv => csv(
                        &["table", "domain", "grantee", "readable_columns", "column_total", "filtered", "highest_sensitivity"],
                        matrix.rows.iter().flat_map(|r| {
                            r.cells.iter().map(move |c| {
                                vec![
                                    r.table.to_string(),
                                    r.domain.clone(),
                                    c.grantee.clone(),
                                    c.readable_columns.to_string(),
                                    r.column_total.to_string(),
                                    c.filtered.to_string(),
                                    c.highest.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                                ]
                            })
                        }),
                    ),
                };
                ("access-matrix", content)
            }
            ExportKind::Requests => {
                let requests = self.requests(&RequestFilter { scope: RequestScope::All, status: None }, now)?;
                let content = match format {
                    ExportFormat::Json => json(serde_json::to_string_pretty(&requests))?,
                    ExportFormat::Csv => csv(
                        &["id", "status", "requester", "principal", "product", "columns", "duration_days", "justification", "decisions"],
                        requests.iter().map(|r| {
                            vec![
                                r.id.clone(),
                                r.status.as_str().to_owned(),
                                r.requester.clone(),
                                r.principal.clone(),
                                r.product.to_string(),
                                r.columns.iter().map(|c| format!("{}.{}", c.table, c.column)).collect::<Vec<_>>().join(" "),
                                r.duration_days.to_string(),
                                r.justification.clone(),
                                r.decisions
                                    .iter()
                                    .map(|d| format!("{} {} as {}{}", d.by, d.verdict, d.capacity, d.reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default()))
                                    .collect::<Vec<_>>()
                                    .join("; "),
                            ]
                        }),
                    ),
                };
                ("requests", content)
            }
            ExportKind::Findings => {
                let findings = self.findings(now)?;
                let content = match format {
                    ExportFormat::Json => json(serde_json::to_string_pretty(&findings))?,
                    ExportFormat::Csv => csv(
                        &["id", "kind", "severity", "target", "explanation", "repair"],
                        findings.iter().map(|f| {
                            vec![
                                f.id.clone(),
                                f.kind.clone(),
                                format!("{:?}", f.severity).to_lowercase(),
                                f.target.clone(),
                                f.explanation.clone(),
                                f.repair.iter().map(|c| c.description.as_str()).collect::<Vec<_>>().join("; "),
                            ]
                        }),
                    ),
                };
                ("findings", content)
            }
        };
        let extension = match format {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        };
        let file_name = format!("{name}-{now}.{extension}");
        let dir = self.setup.data_dir.join("exports");
        let path = dir.join(&file_name);
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, &content))
            .map_err(|e| ApiError::unavailable(format!("could not save the export to {}: {e}", path.display())))?;
        Ok(Export { file_name, content, saved_to: path.display().to_string() })
    }
}

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. A field
/// starting with `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it.
pub(crate) fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let field = |f: &str| {
        let f = if f.starts_with(['=', '+', '-', '@']) { format!("'{f}") } else { f.to_owned() };
        if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f }
    };
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::csv;

    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        let out = csv(&["a", "b"], [vec!["x,y".to_owned(), "say \"hi\"".to_owned()], vec!["=1+1".to_owned(), "plain".to_owned()]].into_iter());
        assert_eq!(out, "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n'=1+1,plain\r\n");
    }
}
