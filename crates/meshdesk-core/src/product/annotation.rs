//! Annotating a product: the `meshdesk:` parameters people edit (description, owners, steward,
//! domain, tier, freshness SLO, approval policy), each checked as it is typed, the edit planned as
//! before/after per parameter, and who may change which.
//!
//! Owners edit everything; a steward (of the product, or mesh-wide) only the stewardship fields —
//! who stewards it, its tier and its domain; everyone else reads. An edit touches only the
//! parameters whose value it changes: every other parameter, and the database itself, stay as
//! they are.

use super::entries;
use crate::problem::Problem;
use crate::governance::approval::ApprovalPolicy;
use crate::governance::model::Identity;
use crate::governance::ownership::{is_owner, is_steward};
use crate::model::{Database, params, split_list};

/// The longest description Glue stores (`Description`, 2048 characters).
pub const MAX_DESCRIPTION_CHARS: usize = 2048;
/// The longest freshness SLO accepted, in hours (a leap year): longer is a typo.
pub const LONGEST_SLO_HOURS: u32 = 8784;

/// A field of the product an owner or steward annotates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Description,
    Owners,
    Steward,
    Domain,
    Tier,
    SloFreshnessHours,
    Approval,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Description,
        Field::Owners,
        Field::Steward,
        Field::Domain,
        Field::Tier,
        Field::SloFreshnessHours,
        Field::Approval,
    ];

    /// The database parameter the field is kept in.
    pub fn key(self) -> &'static str {
        match self {
            Field::Description => params::DESCRIPTION,
            Field::Owners => params::OWNER,
            Field::Steward => params::STEWARD,
            Field::Domain => params::DOMAIN,
            Field::Tier => params::TIER,
            Field::SloFreshnessHours => params::SLO_FRESHNESS_HOURS,
            Field::Approval => params::APPROVAL,
        }
    }

    /// The field's name in messages.
    pub fn label(self) -> &'static str {
        match self {
            Field::Description => "description",
            Field::Owners => "owners",
            Field::Steward => "steward",
            Field::Domain => "domain",
            Field::Tier => "tier",
            Field::SloFreshnessHours => "freshness SLO",
            Field::Approval => "approval policy",
        }
    }

    /// Stewardship: what data governance decides about a product, not what it contains.
    pub fn is_stewardship(self) -> bool {
        matches!(self, Field::Steward | Field::Tier | Field::Domain)
    }
}

/// In which capacity someone looks at a product's annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Editor {
    /// Edits every field.
    Owner,
    /// Edits the stewardship fields.
    Steward,
    /// Reads only.
    Reader,
}

impl Editor {
    /// The verified identity's capacity on the product: owning wins over stewarding.
    pub fn of(identity: &Identity, product: &Database) -> Editor {
        if is_owner(identity, product) {
            Editor::Owner
        } else if is_steward(identity, product) {
            Editor::Steward
        } else {
            Editor::Reader
        }
    }

    pub fn may_edit(self, field: Field) -> bool {
        match self {
            Editor::Owner => true,
            Editor::Steward => field.is_stewardship(),
            Editor::Reader => false,
        }
    }
}

/// The value a field shows now: the description falls back to Glue's, as the catalog shows it.
pub fn current(product: &Database, field: Field) -> String {
    match field {
        Field::Description => product.product_description().to_owned(),
        _ => product.parameters.get(field.key()).cloned().unwrap_or_default(),
    }
}

/// A field's text checked and put in the form it is stored in; `Ok(None)` removes the parameter
/// (an empty description falls back to Glue's, an empty SLO or approval policy means none).
pub fn normalise(field: Field, text: &str) -> Result<Option<String>, Problem> {
    let text = text.trim();
    match field {
        Field::Description if text.chars().count() > MAX_DESCRIPTION_CHARS => Err(Problem::from(format!(
            "the description is {} characters long; Glue keeps at most {MAX_DESCRIPTION_CHARS}",
            text.chars().count()
        ))),
        Field::Owners if split_list(text).is_empty() => {
            Err("a product needs at least one owner: an email, an IAM role ARN or an Identity Center group ARN"
                .into())
        }
        Field::Owners | Field::Steward => entries::normalise_list(text).map(|list| (!list.is_empty()).then_some(list)),
        Field::Domain if !text.is_empty() => name(text, "a domain", 64).map(Some),
        Field::Tier if !text.is_empty() => name(text, "a tier", 32).map(Some),
        Field::SloFreshnessHours if !text.is_empty() => match text.parse::<u32>() {
            Ok(hours) if (1..=LONGEST_SLO_HOURS).contains(&hours) => Ok(Some(hours.to_string())),
            _ => {
                Err(Problem::from(format!("the freshness SLO is a whole number of hours from 1 to {LONGEST_SLO_HOURS}, not {text:?}")))
            }
        },
        Field::Approval if !text.is_empty() => ApprovalPolicy::parse(text)
            .map(|_| Some(text.to_owned()))
            .map_err(|problem| Problem::from(format!("the approval policy is malformed: {problem}"))),
        _ => Ok((!text.is_empty()).then(|| text.to_owned())),
    }
}

/// A short name: letters, digits, `-` and `_`.
fn name(text: &str, what: &str, longest: usize) -> Result<String, Problem> {
    let valid = text.chars().count() <= longest && text.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(text.to_owned())
    } else {
        Err(Problem::from(format!("{what} is one word of at most {longest} letters, digits, '-' or '_', not {text:?}")))
    }
}

/// One parameter an edit changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamChange {
    pub field: Option<Field>,
    pub key: String,
    /// `None`: the parameter is absent.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Why a field's new value cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: Field,
    pub message: String,
    /// The editor may not change the field (rather than the value being invalid).
    pub not_allowed: bool,
}

/// An edit of a product's annotations, as it would be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationPlan {
    pub editor: Editor,
    /// The parameters whose value changes, in field order.
    pub changes: Vec<ParamChange>,
    /// Problems per field: invalid values and fields the editor may not change. A plan with
    /// problems is not saved.
    pub problems: Vec<FieldProblem>,
    /// The database as it would be after the edit.
    pub after: Database,
}

/// Plans `edits` (a field and its new text; fields left out keep their value) by `actor`.
/// A field whose new text means its current value is no change, so a form sent back whole
/// changes only what was edited, and a reader sending it unchanged meets no refusal.
pub fn plan(actor: &Identity, product: &Database, edits: &[(Field, String)]) -> AnnotationPlan {
    let editor = Editor::of(actor, product);
    let mut after = product.clone();
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    for field in Field::ALL {
        let Some((_, text)) = edits.iter().rev().find(|(f, _)| *f == field) else { continue };
        let key = field.key();
        let before = product.parameters.get(key).cloned();
        let unchanged_text = text.trim() == current(product, field).trim();
        let wanted = match normalise(field, text) {
            Ok(_) if unchanged_text => continue,
            Ok(wanted) => wanted,
            Err(Problem(message)) => {
                problems.push(FieldProblem { field, message, not_allowed: false });
                continue;
            }
        };
        let same = match (&before, &wanted) {
            (Some(b), Some(w)) => normalise(field, b).ok().flatten().as_ref() == Some(w),
            (None, None) => true,
            _ => false,
        };
        if same {
            continue;
        }
        if !editor.may_edit(field) {
            let message = match editor {
                Editor::Steward => format!(
                    "a steward may change only the steward, tier and domain; the {} is the owners'",
                    field.label()
                ),
                _ => format!("only the product's owners may change its {}", field.label()),
            };
            problems.push(FieldProblem { field, message, not_allowed: true });
            continue;
        }
        match &wanted {
            Some(value) => after.parameters.insert(key.into(), value.clone()),
            None => after.parameters.remove(key),
        };
        changes.push(ParamChange { field: Some(field), key: key.to_owned(), before, after: wanted });
    }
    AnnotationPlan { editor, changes, problems, after }
}

#[cfg(test)]
#[path = "annotation_tests.rs"]
mod tests;
