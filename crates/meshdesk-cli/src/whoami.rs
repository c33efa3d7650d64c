//! `meshdesk whoami`: who Meshdesk acts as — the persona on the sandbox; on an AWS mesh the
//! person STS and Identity Center say is signed in, with the principals and groups that decide
//! what they own, steward and can read.

use crate::output::{Paint, note};
use crate::session::{Failure, Outcome, Session};
use meshdesk_api::{AwsMesh, Backend};
use meshdesk_protocol::{ApiError, Persona};

#[derive(Debug, clap::Args)]
#[command(after_help = "On an AWS mesh the identity is the hub profile's STS caller (or --profile's), its roles in
every account, and — with an [identity_center] section in the mesh file — its Identity Center
user and groups. When groups cannot be read, a note on stderr says why.

Examples:
  meshdesk whoami
  meshdesk --profile dana-admin whoami
  meshdesk --as dana whoami --json | jq .steward")]
pub struct WhoamiArgs {}

fn acting<B: Backend>(s: &Session<B>) -> Result<Persona, Failure> {
    let identity = s.mesh.mesh_info().identity;
    Ok(identity.ok_or_else(|| ApiError::forbidden("nobody is signed in: choose who to act as first"))?)
}

pub fn whoami<B: Backend>(s: &Session<B>, _args: WhoamiArgs) -> Result<Outcome, Failure> {
    let me = acting(s)?;
    s.out.show(&me, |me, paint| render(me, &[], paint))?;
    Ok(Outcome::Done)
}

/// On an AWS mesh, also the groups' display names, and why groups are missing if they are.
pub fn whoami_aws(s: &Session<AwsMesh>, _args: WhoamiArgs) -> Result<Outcome, Failure> {
    let me = acting(s)?;
    let names: Vec<(String, String)> =
        s.mesh.backend().groups().iter().map(|g| (g.arn.clone(), g.name.clone())).collect();
    s.out.show(&me, |me, paint| render(me, &names, paint))?;
    if let Some(notice) = s.mesh.backend().identity_notice() {
        note(&format!("note: {notice}"));
    }
    Ok(Outcome::Done)
}

fn render(me: &Persona, group_names: &[(String, String)], paint: &Paint) -> String {
    let mut out = format!("{} ({})\n", paint.bold(&me.name), me.id);
    let mut field = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("  {:<12} {value}\n", format!("{label}:")));
        }
    };
    field("role", me.role.clone());
    field("account", me.account.clone());
    field("email", me.email.clone());
    field("steward", if me.steward { "yes, mesh-wide".to_owned() } else { "no".to_owned() });
    for principal in &me.principals {
        field("acts as", principal.clone());
    }
    for group in &me.groups {
        let named = group_names.iter().find(|(arn, _)| arn == group).map(|(_, name)| format!("{name}  ({group})"));
        field("group", named.unwrap_or_else(|| group.clone()));
    }
    out
}
