//! A fresh sandbox per test, and the demo's people and product the tests use.

use meshdesk_api::{Meshdesk, SandboxConfig};
use meshdesk_protocol::{GrantResource, Permission, PolicyChange, ProductRef, RequestDraft};

pub const NOW: i64 = 1_800_000_000;
pub const DAY: i64 = 86_400;
pub const MIA_ROLE: &str = "arn:aws:iam::402183775007:role/marketing-analysts";

pub fn sandbox() -> (tempfile::TempDir, Meshdesk) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mesh = Meshdesk::open_sandbox(&SandboxConfig { data_dir: dir.path().to_owned() }, NOW).expect("sandbox opens");
    (dir, mesh)
}

pub fn customer_profiles() -> ProductRef {
    ProductRef::new("402183775004", "customer_profiles")
}

/// Mia's request from the story: three columns of customers, 90 days, with a reason.
pub fn three_columns() -> RequestDraft {
    RequestDraft {
        product: customer_profiles(),
        principal: MIA_ROLE.to_owned(),
        tables: vec!["customers".into()],
        columns: vec!["customers.customer_id".into(), "customers.segment".into(), "customers.email".into()],
        row_filter: None,
        permissions: vec![Permission::Select],
        duration_days: 90,
        justification: "Q3 churn campaign: target lapsed customers by segment".into(),
    }
}

pub fn act_as(mesh: &Meshdesk, id: &str) {
    mesh.switch_identity(id).expect("known persona");
}

/// Confidential columns (consents inherit the table's tag): above the auto-approval ceiling,
/// below the restricted quorum, so one owner decides.
pub fn owner_decides() -> RequestDraft {
    RequestDraft {
        tables: vec!["consents".into()],
        columns: vec!["consents.purpose".into(), "consents.channel".into()],
        justification: "consent coverage by channel".into(),
        ..three_columns()
    }
}

/// Dana grants the marketing account one column of customers (with `grantable` as asked).
pub fn grant_segment_to_marketing(grantable: Vec<Permission>) -> PolicyChange {
    PolicyChange::Grant {
        principal: "402183775007".into(),
        resource: GrantResource::Table {
            account: "402183775004".into(),
            database: "customer_profiles".into(),
            table: Some("customers".into()),
            columns: Some(vec!["segment".into()]),
            excluded: vec![],
        },
        permissions: vec![Permission::Select],
        grantable,
    }
}
