//! The policy editors' behaviour: what each form sends and what it refuses.

use super::*;

fn product() -> ProductRef {
    ProductRef::new("402183775001", "billing")
}

#[test]
fn a_column_tag_names_its_table_and_column() {
    let form = TagForm { table: "invoices".into(), column: "email".into(), ..TagForm::default() };
    assert_eq!(
        form.assign(&product()),
        Ok(PolicyChange::AssignTag {
            target: TagTarget::Column {
                account: "402183775001".into(),
                database: "billing".into(),
                table: "invoices".into(),
                column: "email".into()
            },
            key: "sensitivity".into(),
            value: "restricted".into(),
        })
    );
}

#[test]
fn a_tag_needs_its_target_and_an_allowed_value() {
    let no_table = TagForm { target: TargetKind::Table, ..TagForm::default() };
    assert_eq!(no_table.assign(&product()).expect_err("no table").field, "table");
    let no_column = TagForm { table: "invoices".into(), ..TagForm::default() };
    assert_eq!(no_column.assign(&product()).expect_err("no column").field, "column");
    let mut bad = TagForm { target: TargetKind::Database, ..TagForm::default() };
    bad.value = "secret".into();
    let error = bad.assign(&product()).expect_err("not a level");
    assert_eq!(error.field, "value");
    assert!(error.message.contains("public, internal, confidential, restricted"), "{error}");
    assert!(error.message.contains("\"secret\""), "the refused value is named: {error}");
    bad.set_key(TagKey::Domain);
    assert_eq!(bad.value, "");
    assert_eq!(bad.assign(&product()).expect_err("empty domain").field, "value");
    bad.value = "billing".into();
    assert!(bad.assign(&product()).is_ok());
}

#[test]
fn switching_the_key_offers_its_first_value() {
    let mut form = TagForm::default();
    form.set_key(TagKey::Pii);
    assert_eq!(form.value, "true");
}

#[test]
fn removing_a_tag_needs_no_value() {
    let form = TagForm { target: TargetKind::Database, value: String::new(), ..TagForm::default() };
    assert!(matches!(form.remove(&product()), Ok(PolicyChange::RemoveTag { key, .. }) if key == "sensitivity"));
}

fn grant_form() -> GrantForm {
    GrantForm { principal: "402183775006".into(), table: "invoices".into(), ..GrantForm::default() }
}

#[test]
fn a_plain_grant_is_on_the_table_and_carries_no_grant_option() {
    let Ok(PolicyChange::Grant { resource, permissions, grantable, .. }) = grant_form().grant(&product()) else {
        panic!("expected a grant");
    };
    assert_eq!(
        resource,
        GrantResource::Table {
            account: "402183775001".into(),
            database: "billing".into(),
            table: Some("invoices".into()),
            columns: None,
            excluded: vec![]
        }
    );
    assert_eq!(permissions, vec![Permission::Select]);
    assert!(grantable.is_empty());
}

#[test]
fn ticking_grantable_asks_for_the_option_and_leaves_refusing_it_to_the_backend() {
    let form = GrantForm { grantable: true, ..grant_form() };
    let Ok(PolicyChange::Grant { grantable, .. }) = form.grant(&product()) else { panic!("expected a grant") };
    assert_eq!(grantable, vec![Permission::Select]);
}

#[test]
fn column_modes_become_a_column_list_or_exclusions() {
    let mut form = grant_form();
    form.columns = BTreeSet::from(["email".to_owned()]);
    form.mode = ColumnMode::AllExcept;
    let Ok(PolicyChange::Grant { resource: GrantResource::Table { columns, excluded, .. }, .. }) =
        form.grant(&product())
    else {
        panic!("expected a table grant");
    };
    assert_eq!((columns, excluded), (None, vec!["email".to_owned()]));
    form.mode = ColumnMode::Only;
    let Ok(PolicyChange::Grant { resource: GrantResource::Table { columns, .. }, .. }) = form.grant(&product()) else {
        panic!("expected a table grant");
    };
    assert_eq!(columns, Some(vec!["email".to_owned()]));
}

#[test]
fn a_row_filter_makes_a_named_data_cells_filter_on_one_table() {
    let form = GrantForm { row_filter: "region = 'north'".into(), ..grant_form() };
    let Ok(PolicyChange::Grant { resource: GrantResource::DataCellsFilter { name, row_filter, table, .. }, .. }) =
        form.grant(&product())
    else {
        panic!("expected a data cells filter");
    };
    assert_eq!(table, "invoices");
    assert_eq!(row_filter.as_deref(), Some("region = 'north'"));
    assert!(name.starts_with("md_invoices_402183775006_"), "{name}");
    let all_tables = GrantForm { table: String::new(), ..form };
    let error = all_tables.grant(&product()).expect_err("needs a table");
    assert_eq!(error.field, "table");
    assert!(error.message.contains("row filter"), "{error}");
}

#[test]
fn every_table_is_a_grant_without_a_table_name() {
    let mut form = grant_form();
    form.set_table(String::new());
    let Ok(PolicyChange::Grant { resource: GrantResource::Table { table, .. }, .. }) = form.grant(&product()) else {
        panic!("expected a table grant");
    };
    assert_eq!(table, None);
}

#[test]
fn a_grant_needs_a_principal_permissions_and_picked_columns() {
    let refused = |form: GrantForm| form.grant(&product()).expect_err("refused");
    assert_eq!(refused(GrantForm { principal: " ".into(), ..grant_form() }).field, "principal");
    assert_eq!(refused(GrantForm { permissions: BTreeSet::new(), ..grant_form() }).field, "permissions");
    let none_picked = refused(GrantForm { mode: ColumnMode::Only, ..grant_form() });
    assert_eq!((none_picked.field, none_picked.message.as_str()), ("columns", "Pick the columns to grant."));
    let none_left_out = refused(GrantForm { mode: ColumnMode::AllExcept, ..grant_form() });
    assert_eq!(none_left_out.message, "Pick the columns to leave out.");
    let no_table = refused(GrantForm { table: String::new(), mode: ColumnMode::Only, ..grant_form() });
    assert_eq!(no_table.field, "table");
}

#[test]
fn filter_names_are_safe_and_differ_by_filter() {
    let a = filter_name("invoices", "arn:aws:iam::4:role/Data-Analyst", "x = 1");
    let b = filter_name("invoices", "arn:aws:iam::4:role/Data-Analyst", "x = 2");
    assert!(a.starts_with("md_invoices_data_analyst_"), "{a}");
    assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    assert_ne!(a, b);
}

#[test]
fn pending_changes_are_described_in_words() {
    let form = GrantForm { grantable: true, ..grant_form() };
    let grant = form.grant(&product()).expect("valid");
    assert_eq!(describe(&grant), "grant SELECT on table billing.invoices to 402183775006 with grant option");
    assert_eq!(describe(&PolicyChange::Revoke { grant_id: "g-7".into() }), "revoke grant g-7");
}
