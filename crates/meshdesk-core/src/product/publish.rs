//! Publishing a database as a data product (`meshdesk:product = true`), and unpublishing it.
//!
//! Only an owner publishes or unpublishes. A database that names no owner yet may be published by
//! someone working in its account, who becomes its owner: a product nobody answers for would be a
//! finding the moment it appears. A resource-link database is a consumer's view of another
//! product and is never published.

use super::annotation::ParamChange;
use crate::governance::model::Identity;
use crate::governance::ownership::is_owner;
use crate::governance::principal::Principal;
use crate::model::{Database, params};

/// Publishing or unpublishing, as it would be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishPlan {
    pub publish: bool,
    pub changes: Vec<ParamChange>,
    /// Why it cannot be done; empty when it can.
    pub problems: Vec<String>,
    /// Whether the actor may do it at all (the problems may still say the product is already so).
    pub allowed: bool,
    pub after: Database,
}

/// Whether `actor` works in `account`: it is their account, or they act in it as one of their
/// principals (on AWS one person signs in to every account of the mesh, with a role in each).
fn works_in(actor: &Identity, account: &str) -> bool {
    actor.account == account
        || actor.principals.iter().any(|p| Principal::parse(p).ok().as_ref().and_then(Principal::account) == Some(account))
}

/// Plans publishing (`publish`) or unpublishing `db` by `actor`.
pub fn plan(actor: &Identity, db: &Database, publish: bool) -> PublishPlan {
    let mut problems = Vec::new();
    let name = format!("{}:{}", db.account, db.name);
    if db.target.is_some() {
        problems.push(format!(
            "{name} is a resource link to another account's product; only the product itself is published"
        ));
    }
    match (publish, db.is_product()) {
        (true, true) => problems.push(format!("{name} is already published")),
        (false, false) => problems.push(format!("{name} is not published")),
        _ => {}
    }
    let unowned = db.owners().is_empty();
    let may = is_owner(actor, db) || (publish && unowned && works_in(actor, &db.account));
    if !may {
        problems.push(if unowned {
            format!(
                "{name} names no owner: only someone working in account {} may publish it, and becomes its owner",
                db.account
            )
        } else {
            format!("only the owners of {name} may {} it", if publish { "publish" } else { "unpublish" })
        });
    }
    let mut after = db.clone();
    let mut changes = Vec::new();
    let mut set = |key: &str, value: Option<String>| {
        let before = after.parameters.get(key).cloned();
        if before == value {
            return;
        }
        match &value {
            Some(v) => after.parameters.insert(key.into(), v.clone()),
            None => after.parameters.remove(key),
        };
        changes.push(ParamChange { field: None, key: key.to_owned(), before, after: value });
    };
    if publish {
        set(params::PRODUCT, Some("true".to_owned()));
        if unowned {
            let me = if actor.email.trim().is_empty() {
                actor.principals.first().cloned()
            } else {
                Some(actor.email.trim().to_owned())
            };
            set(params::OWNER, me);
        }
    } else {
        set(params::PRODUCT, None);
    }
    PublishPlan { publish, changes, problems, allowed: may, after }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(owner: Option<&str>, published: bool) -> Database {
        let mut db =
            Database { account: "402183775004".into(), name: "customer_risk_signals".into(), ..Database::default() };
        if let Some(owner) = owner {
            db.parameters.insert(params::OWNER.into(), owner.into());
        }
        if published {
            db.parameters.insert(params::PRODUCT.into(), "true".into());
        }
        db.parameters.insert("classification".into(), "kept".into());
        db
    }

    fn person(email: &str, account: &str) -> Identity {
        Identity { id: email.into(), email: email.into(), account: account.into(), ..Identity::default() }
    }

    #[test]
    fn an_owner_publishes_and_only_the_product_flag_moves() {
        let db = database(Some("dana@telco.example"), false);
        let plan = plan(&person("dana@telco.example", "402183775004"), &db, true);
        assert_eq!(plan.problems, Vec::<String>::new());
        assert_eq!(plan.changes.len(), 1);
        assert!(plan.after.is_product());
        assert_eq!(plan.after.parameters.get("classification").map(String::as_str), Some("kept"));
        let back = super::plan(&person("dana@telco.example", "402183775004"), &plan.after, false);
        assert_eq!(back.after, db, "unpublishing restores the database as it was");
    }

    #[test]
    fn someone_of_the_account_publishes_an_unowned_database_and_owns_it() {
        let plan = plan(&person("dana@telco.example", "402183775004"), &database(None, false), true);
        assert_eq!(plan.problems, Vec::<String>::new());
        assert_eq!(plan.after.owners(), ["dana@telco.example"]);
        let outsider = super::plan(&person("mia@telco.example", "402183775007"), &database(None, false), true);
        assert_eq!(outsider.problems.len(), 1, "{:?}", outsider.problems);
        assert!(!outsider.allowed);
        // On AWS the person signs in to the hub's account and acts in this one through a role.
        let signed_in = Identity {
            principals: vec!["arn:aws:iam::402183775004:role/DataOwner".into()],
            ..person("omar@telco.example", "402183775000")
        };
        let plan = super::plan(&signed_in, &database(None, false), true);
        assert_eq!((plan.allowed, plan.after.owners()), (true, vec!["omar@telco.example".to_owned()]));
    }

    #[test]
    fn others_may_not_publish_or_unpublish_and_links_are_never_products() {
        let mia = person("mia@telco.example", "402183775004");
        let refused = plan(&mia, &database(Some("dana@telco.example"), true), false);
        assert_eq!(refused.problems, ["only the owners of 402183775004:customer_risk_signals may unpublish it"]);
        let mut link = database(Some("mia@telco.example"), false);
        link.target = Some(("402183775001".into(), "message_events_curated".into()));
        assert!(plan(&mia, &link, true).problems[0].contains("is a resource link"));
        let twice = plan(&person("dana@telco.example", "x"), &database(Some("dana@telco.example"), true), true);
        assert_eq!(twice.problems, ["402183775004:customer_risk_signals is already published"]);
    }
}
