//! The annotations editor's state: each field's value as loaded and as typed, the edit it makes
//! (only the fields changed), and the checks the window can make before the backend answers.

use meshdesk_protocol::{AnnotationEdit, AnnotationField, FieldEdit, FieldState, ProductAnnotations, ProductRef};

/// The fields as loaded and as the user left them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationForm {
    pub product: ProductRef,
    pub fields: Vec<FieldState>,
    values: Vec<String>,
}

impl AnnotationForm {
    pub fn of(annotations: &ProductAnnotations) -> Self {
        Self {
            product: annotations.product.clone(),
            fields: annotations.fields.clone(),
            values: annotations.fields.iter().map(|f| f.value.clone()).collect(),
        }
    }

    pub fn value(&self, field: AnnotationField) -> String {
        self.position(field).map(|i| self.values[i].clone()).unwrap_or_default()
    }

    pub fn set(&mut self, field: AnnotationField, value: String) {
        if let Some(i) = self.position(field) {
            self.values[i] = value;
        }
    }

    fn position(&self, field: AnnotationField) -> Option<usize> {
        self.fields.iter().position(|f| f.field == field)
    }

    /// The fields whose text differs from what was loaded.
    pub fn edit(&self) -> AnnotationEdit {
        let edits = self
            .fields
            .iter()
            .zip(&self.values)
            .filter(|(state, value)| state.value.trim() != value.trim())
            .map(|(state, value)| FieldEdit { field: state.field, value: value.clone() })
            .collect();
        AnnotationEdit { product: self.product.clone(), edits }
    }

    /// What the window can tell at once, before the plan comes back: an SLO is a number.
    pub fn local_problem(&self, field: AnnotationField) -> Option<String> {
        let value = self.value(field);
        let value = value.trim();
        match field {
            AnnotationField::SloFreshnessHours if !value.is_empty() && !value.chars().all(|c| c.is_ascii_digit()) => {
                Some(format!("the freshness SLO is a whole number of hours, not {value:?}"))
            }
            _ => None,
        }
    }
}

/// A parameter value as a plan shows it: "(none)" for an absent one.
pub fn shown(value: &Option<String>) -> String {
    value.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| "(none)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshdesk_protocol::EditorRole;

    fn annotations() -> ProductAnnotations {
        let state = |field, value: &str| FieldState { field, key: String::new(), value: value.into(), editable: true };
        ProductAnnotations {
            product: ProductRef::new("402183775004", "customer_profiles"),
            role: EditorRole::Owner,
            published: true,
            may_publish: true,
            fields: vec![
                state(AnnotationField::Description, "Golden record"),
                state(AnnotationField::SloFreshnessHours, "24"),
            ],
        }
    }

    #[test]
    fn only_changed_fields_are_sent() {
        let mut form = AnnotationForm::of(&annotations());
        assert!(form.edit().edits.is_empty());
        form.set(AnnotationField::SloFreshnessHours, "12".into());
        form.set(AnnotationField::Description, " Golden record ".into());
        assert_eq!(
            form.edit().edits,
            vec![FieldEdit { field: AnnotationField::SloFreshnessHours, value: "12".into() }]
        );
    }

    #[test]
    fn an_slo_that_is_not_a_number_is_flagged_at_once() {
        let mut form = AnnotationForm::of(&annotations());
        form.set(AnnotationField::SloFreshnessHours, "12h".into());
        assert_eq!(
            form.local_problem(AnnotationField::SloFreshnessHours).as_deref(),
            Some("the freshness SLO is a whole number of hours, not \"12h\"")
        );
        assert_eq!(shown(&None), "(none)");
    }
}
