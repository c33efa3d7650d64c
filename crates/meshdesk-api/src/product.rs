//! Owners' product management: the annotations editor (what it shows, the plan of an edit,
//! saving it as one audited change) and publishing or unpublishing a product. Who may do what is
//! decided in the core, for the verified identity, here on the backend.
//!
//! Planning needs only the catalog; saving goes through the backend's `ProductStore`.

use crate::convert_product::{self as convert, consumer, parameter_change};
use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};
use meshdesk_core::governance::model::AuditDraft;
use meshdesk_core::model::Database;
use meshdesk_core::product::annotation::{self, Editor, Field};
use meshdesk_core::product::{consumers, publish};
use meshdesk_protocol::{
    AnnotationEdit, AnnotationPlan, ApiError, FieldProblem, FieldState, ProductAnnotations, ProductRef, PublishInput,
    PublishPlan,
};

impl<B: Backend> Meshdesk<B> {
    /// The database of a product (or of any database of the mesh), as loaded.
    pub(crate) fn database_of(&self, product: &ProductRef) -> Result<Database, ApiError> {
        let index = self.index()?;
        let db = index.database(&product.account, &product.database).ok_or_else(|| {
            ApiError::not_found(format!("account {} has no database named '{}'", product.account, product.database))
        })?;
        Ok(index.catalog().databases[db].clone())
    }

    /// The product's annotations as the current identity may edit them.
    pub fn product_annotations(&self, product: &ProductRef) -> Result<ProductAnnotations, ApiError> {
        let actor = self.current_identity()?;
        let db = self.database_of(product)?;
        let editor = Editor::of(&actor, &db);
        let published = db.is_product();
        Ok(ProductAnnotations {
            product: product.clone(),
            role: convert::role(editor),
            published,
            may_publish: publish::plan(&actor, &db, !published).problems.is_empty(),
            fields: Field::ALL
                .into_iter()
                .map(|f| FieldState {
                    field: convert::field(f),
                    key: f.key().to_owned(),
                    value: annotation::current(&db, f),
                    editable: editor.may_edit(f),
                })
                .collect(),
        })
    }

    /// The databases the current identity may publish: not yet products, not resource links,
    /// and owned by it (or of its account and naming no owner), by account and name.
    pub fn unpublished_databases(&self) -> Result<Vec<ProductRef>, ApiError> {
        let actor = self.current_identity()?;
        let index = self.index()?;
        Ok(index
            .catalog()
            .databases
            .iter()
            .filter(|db| !db.is_product() && publish::plan(&actor, db, true).problems.is_empty())
            .map(|db| ProductRef::new(db.account.clone(), db.name.clone()))
            .collect())
    }

    /// What saving `edit` would change, parameter by parameter, and what is wrong with it.
    pub fn plan_annotation(&self, edit: &AnnotationEdit) -> Result<AnnotationPlan, ApiError> {
        let (plan, _) = self.core_annotation_plan(edit)?;
        Ok(plan)
    }

    fn core_annotation_plan(
        &self,
        edit: &AnnotationEdit,
    ) -> Result<(AnnotationPlan, annotation::AnnotationPlan), ApiError> {
        let actor = self.current_identity()?;
        let db = self.database_of(&edit.product)?;
        let edits: Vec<(Field, String)> =
            edit.edits.iter().map(|e| (convert::core_field(e.field), e.value.clone())).collect();
        let plan = annotation::plan(&actor, &db, &edits);
        let view = AnnotationPlan {
            product: edit.product.clone(),
            role: convert::role(plan.editor),
            changes: plan.changes.iter().map(parameter_change).collect(),
            problems: plan
                .problems
                .iter()
                .map(|p| FieldProblem { field: convert::field(p.field), message: p.message.clone() })
                .collect(),
        };
        Ok((view, plan))
    }

    /// Whether publishing (or unpublishing) would be allowed, what it changes, and every consumer
    /// that unpublishing would leave without the product.
    pub fn plan_publish(&self, product: &ProductRef, publish: bool) -> Result<PublishPlan, ApiError> {
        let (view, _, _) = self.core_publish_plan(product, publish)?;
        Ok(view)
    }

    fn core_publish_plan(
        &self,
        product: &ProductRef,
        publish: bool,
    ) -> Result<(PublishPlan, publish::PublishPlan, Database), ApiError> {
        let actor = self.current_identity()?;
        let db = self.database_of(product)?;
        let plan = publish::plan(&actor, &db, publish);
        let consumers = if publish {
            Vec::new()
        } else {
            let grants = self.backend.grants().map_err(from_port)?;
            consumers::of_product(&*self.index()?, &grants, &db.account, &db.name).iter().map(consumer).collect()
        };
        let view = PublishPlan {
            product: product.clone(),
            publish,
            changes: plan.changes.iter().map(parameter_change).collect(),
            problems: plan.problems.clone(),
            needs_confirmation: !publish && !consumers.is_empty(),
            consumers,
        };
        Ok((view, plan, db))
    }

    /// Saves an annotation edit as one audited change of the product's database, if the current
    /// identity may make every part of it and every value is valid; otherwise nothing is saved.
    pub fn annotate(&self, edit: &AnnotationEdit, now: i64) -> Result<AnnotationPlan, ApiError> {
        let actor = self.current_identity()?;
        let (view, plan) = self.core_annotation_plan(edit)?;
        let listed = |problems: &[annotation::FieldProblem]| {
            problems.iter().map(|p| format!("{}: {}", p.field.label(), p.message)).collect::<Vec<_>>().join("; ")
        };
        if plan.problems.iter().any(|p| p.not_allowed) {
            return Err(ApiError::forbidden(format!("nothing was saved: {}", listed(&plan.problems))));
        }
        if !plan.problems.is_empty() {
            return Err(ApiError::invalid_input(format!("nothing was saved: {}", listed(&plan.problems))));
        }
        if plan.changes.is_empty() {
            return Err(ApiError::invalid_input("nothing to save: no field was changed"));
        }
        let expected = self.database_of(&edit.product)?;
        let (before, after) = convert::audit_states(&plan.changes);
        let event = AuditDraft {
            actor: actor.id.clone(),
            action: "product.annotated".to_owned(),
            target: edit.product.to_string(),
            request_id: None,
            before: Some(before),
            after: Some(after),
        };
        self.backend.update_database(&plan.after, &expected, &event, now).map_err(from_port)?;
        self.keep_cached(now)?;
        self.reload_catalog()?;
        Ok(view)
    }

    /// Publishes or unpublishes a product of the current identity. Unpublishing a product that
    /// has consumers is refused unless `confirm` is set; the refusal names them.
    pub fn publish(&self, input: &PublishInput, now: i64) -> Result<PublishPlan, ApiError> {
        let actor = self.current_identity()?;
        let (view, plan, expected) = self.core_publish_plan(&input.product, input.publish)?;
        if !plan.allowed {
            return Err(ApiError::forbidden(format!("nothing was changed: {}", view.problems.join("; "))));
        }
        if !view.problems.is_empty() {
            return Err(ApiError::invalid_input(format!("nothing was changed: {}", view.problems.join("; "))));
        }
        if view.needs_confirmation && !input.confirm {
            let who: std::collections::BTreeSet<&str> = view.consumers.iter().map(|c| c.who.as_str()).collect();
            return Err(ApiError::invalid_input(format!(
                "unpublishing {} leaves {} consumer(s) without it: {}. Confirm to unpublish anyway",
                input.product,
                who.len(),
                who.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
        let (before, after) = convert::audit_states(&plan.changes);
        let event = AuditDraft {
            actor: actor.id.clone(),
            action: if input.publish { "product.published" } else { "product.unpublished" }.to_owned(),
            target: input.product.to_string(),
            request_id: None,
            before: Some(before),
            after: Some(after),
        };
        self.backend.update_database(&plan.after, &expected, &event, now).map_err(from_port)?;
        self.keep_cached(now)?;
        self.reload_catalog()?;
        Ok(view)
    }
}
