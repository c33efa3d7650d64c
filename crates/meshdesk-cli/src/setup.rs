//! `meshdesk setup`: creates the hub's DynamoDB tables an AWS mesh keeps its share requests, audit
//! log and grant names in, with the hub profile's credentials. Safe to run again.

use crate::output::{self, Out};
use crate::session::{Failure, Outcome};
use meshdesk_api::{TableSetup, default_mesh_file, setup_aws_hub_as};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "Reads the mesh file, connects to the hub account with its profile and creates the tables
that are missing (requests, audit, grant names, with their indexes); tables already there are
left as they are. Run it once per mesh, as someone allowed to create DynamoDB tables in the hub.

Examples:
  meshdesk setup
  meshdesk setup --mesh ~/meshes/telco.toml")]
pub struct SetupArgs {
    /// The mesh file [default: $MESHDESK_MESH_FILE, else ~/.config/meshdesk/mesh.toml]
    #[arg(long, value_name = "FILE")]
    mesh: Option<PathBuf>,
}

/// `profile` (`--profile`) creates the tables as that profile instead of the hub profile, e.g. a
/// platform administrator's.
pub fn setup(args: SetupArgs, profile: Option<&str>, out: Out) -> Result<Outcome, Failure> {
    let file = args.mesh.unwrap_or_else(default_mesh_file);
    let report = setup_aws_hub_as(&file, profile)?;
    let lines: Vec<String> = report
        .tables
        .iter()
        .map(|(name, done)| match done {
            TableSetup::Created => format!("created  {name}"),
            TableSetup::AlreadyThere => format!("present  {name}"),
        })
        .collect();
    let text = if out.json {
        let tables: Vec<serde_json::Value> = report
            .tables
            .iter()
            .map(|(name, done)| serde_json::json!({ "table": name, "created": *done == TableSetup::Created }))
            .collect();
        serde_json::json!({ "mesh_file": file.display().to_string(), "tables": tables }).to_string() + "\n"
    } else {
        format!("The hub of {} is ready:\n{}\n", file.display(), lines.join("\n"))
    };
    output::print_stdout(&text).map(|()| Outcome::Done).map_err(Failure::Output)
}
