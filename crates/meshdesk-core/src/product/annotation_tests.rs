//! Annotating a product: validation as typed, before/after per parameter, and who may change what.

use super::*;
use crate::governance::model::Identity;
use crate::model::{Database, params};

const APPROVAL: &str = r#"{"auto_approve_max":"internal","max_duration_days":180}"#;

fn product() -> Database {
    let mut db = Database {
        account: "402183775004".into(),
        name: "customer_profiles".into(),
        description: "Glue's own description".into(),
        ..Database::default()
    };
    for (key, value) in [
        (params::PRODUCT, "true"),
        (params::OWNER, "dana.okafor@telco.example"),
        (params::STEWARD, "lee.steward@telco.example"),
        (params::TIER, "gold"),
        (params::SLO_FRESHNESS_HOURS, "24"),
        (params::APPROVAL, APPROVAL),
        ("classification", "kept"),
    ] {
        db.parameters.insert(key.into(), value.into());
    }
    db
}

fn person(id: &str, email: &str) -> Identity {
    Identity { id: id.into(), email: email.into(), ..Identity::default() }
}

fn dana() -> Identity {
    person("dana", "dana.okafor@telco.example")
}

fn edits(pairs: &[(Field, &str)]) -> Vec<(Field, String)> {
    pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect()
}

/// The whole form as the window sends it: every field with its current value.
fn whole_form(db: &Database) -> Vec<(Field, String)> {
    Field::ALL.iter().map(|f| (*f, current(db, *f))).collect()
}

#[test]
fn an_owner_changes_the_description_and_slo_and_nothing_else_moves() {
    let db = product();
    let mut form = whole_form(&db);
    form[0].1 = "The golden customer record.".into();
    form[5].1 = " 12 ".into();
    let plan = plan(&dana(), &db, &form);
    assert_eq!(plan.editor, Editor::Owner);
    assert_eq!(plan.problems, vec![]);
    assert_eq!(
        plan.changes,
        vec![
            ParamChange {
                field: Some(Field::Description),
                key: params::DESCRIPTION.into(),
                before: None,
                after: Some("The golden customer record.".into()),
            },
            ParamChange {
                field: Some(Field::SloFreshnessHours),
                key: params::SLO_FRESHNESS_HOURS.into(),
                before: Some("24".into()),
                after: Some("12".into()),
            },
        ]
    );
    let mut expected = db.clone();
    expected.parameters.insert(params::DESCRIPTION.into(), "The golden customer record.".into());
    expected.parameters.insert(params::SLO_FRESHNESS_HOURS.into(), "12".into());
    assert_eq!(plan.after, expected, "every other parameter and field is kept");
}

#[test]
fn an_unchanged_form_is_an_empty_plan_for_anyone() {
    let db = product();
    let reader = person("mia", "mia.chen@telco.example");
    let plan = plan(&reader, &db, &whole_form(&db));
    assert_eq!((plan.editor, plan.changes.len(), plan.problems.len()), (Editor::Reader, 0, 0));
    let respaced = edits(&[(Field::Owners, " dana.okafor@telco.example , ")]);
    assert!(super::plan(&dana(), &db, &respaced).changes.is_empty(), "spacing is not a change");
}

#[test]
fn values_are_checked_as_typed() {
    let db = product();
    let plan = plan(
        &dana(),
        &db,
        &edits(&[
            (Field::Owners, "dana.okafor@telco.example, 402183775004"),
            (Field::SloFreshnessHours, "0"),
            (Field::Approval, r#"{"max_duration_days": "soon"}"#),
            (Field::Tier, "gold plus"),
        ]),
    );
    let problems: Vec<(Field, &str)> = plan.problems.iter().map(|p| (p.field, p.message.as_str())).collect();
    assert_eq!(
        problems,
        vec![
            (
                Field::Owners,
                "'402183775004' is a whole account; name a role or a group of it, so that someone answers for the product"
            ),
            (Field::Tier, "a tier is one word of at most 32 letters, digits, '-' or '_', not \"gold plus\""),
            (Field::SloFreshnessHours, "the freshness SLO is a whole number of hours from 1 to 8784, not \"0\""),
            (
                Field::Approval,
                "the approval policy is malformed: max_duration_days must be a whole number of days, not a string"
            ),
        ]
    );
    assert!(plan.changes.is_empty());
    let no_owner = super::plan(&dana(), &db, &edits(&[(Field::Owners, " , ")]));
    assert!(no_owner.problems[0].message.starts_with("a product needs at least one owner"));
}

#[test]
fn clearing_a_field_removes_its_parameter() {
    let db = product();
    let plan = plan(&dana(), &db, &edits(&[(Field::Approval, ""), (Field::Steward, "")]));
    let removed: Vec<(&str, bool)> = plan.changes.iter().map(|c| (c.key.as_str(), c.after.is_none())).collect();
    assert_eq!(removed, [(params::STEWARD, true), (params::APPROVAL, true)]);
    assert!(!plan.after.parameters.contains_key(params::APPROVAL));
}

#[test]
fn a_steward_changes_only_stewardship_fields() {
    let db = product();
    let lee = person("lee", "lee.steward@telco.example");
    let plan = plan(&lee, &db, &edits(&[(Field::Tier, "silver"), (Field::Description, "Mine now")]));
    assert_eq!(plan.editor, Editor::Steward);
    assert_eq!(plan.changes.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), [params::TIER]);
    assert_eq!(
        plan.problems,
        vec![FieldProblem {
            field: Field::Description,
            message: "a steward may change only the steward, tier and domain; the description is the owners'".into(),
            not_allowed: true,
        }]
    );
    let mesh_steward = Identity { steward: true, ..person("sam", "sam@telco.example") };
    assert_eq!(Editor::of(&mesh_steward, &db), Editor::Steward);
}

#[test]
fn a_reader_changes_nothing() {
    let db = product();
    let plan = plan(&person("mia", "mia.chen@telco.example"), &db, &edits(&[(Field::Tier, "silver")]));
    assert_eq!(plan.problems[0].message, "only the product's owners may change its tier");
    assert!(plan.problems[0].not_allowed);
    assert!(plan.changes.is_empty());
    assert_eq!(plan.after, db);
}
