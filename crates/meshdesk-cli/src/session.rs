//! One run of the command: the opened mesh, the moment it runs at, how it prints; and how a run
//! ends — its outcome or its failure, each with its exit code.

use crate::output::Out;
use meshdesk_api::{
    AwsConfig, AwsMesh, Backend, Meshdesk, SandboxConfig, SandboxStore, chosen_mesh_file, resolve_data_dir,
};
use meshdesk_protocol::{ApiError, ErrorCode, MeshKind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// The mesh opened for this run, the current time (read once, here: the API never reads the
/// clock) and the output settings. `B` is the backend: the sandbox, or an AWS mesh.
pub struct Session<B = SandboxStore> {
    pub mesh: Meshdesk<B>,
    pub now: i64,
    pub out: Out,
}

/// The session of this run, on whichever backend the options chose.
pub enum Opened {
    Sandbox(Session),
    Aws(Session<AwsMesh>),
}

/// Which mesh to open and as whom.
pub struct MeshChoice {
    pub data_dir: Option<PathBuf>,
    pub mesh_file: Option<PathBuf>,
    pub sandbox: bool,
    pub persona: Option<String>,
    /// The AWS profile to act through instead of the mesh file's hub profile.
    pub profile: Option<String>,
}

impl Opened {
    /// Opens the mesh the options choose (see `meshdesk_api::chosen_mesh_file`): an AWS mesh
    /// from its mesh file, else the sandbox in the data directory (`--data-dir`, else
    /// `MESHDESK_DATA_DIR`, else the platform's); acts as `persona` when one is named.
    pub fn open(choice: MeshChoice, out: Out) -> Result<Opened, Failure> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| ApiError::internal("the system clock is set before 1970: set it right and run again"))?
            .as_secs() as i64;
        let data_dir = resolve_data_dir(choice.data_dir)?;
        let opened = match chosen_mesh_file(choice.mesh_file, choice.sandbox) {
            Some(mesh_file) => {
                let config = AwsConfig { mesh_file, data_dir };
                let mesh = Meshdesk::open_aws_as(&config, choice.profile.as_deref(), Arc::new(|_| {}), now)?;
                // On stderr, so scripts reading --json on stdout are not disturbed.
                if let Some(notice) = mesh.cache_notice() {
                    crate::output::note(&format!("meshdesk: note: {notice}"));
                }
                Opened::Aws(Session { mesh, now, out })
            }
            None if choice.profile.is_some() => {
                return Err(Failure::Usage {
                    command: &[],
                    message: "--profile chooses the AWS profile that acts on an AWS mesh; on the sandbox, act as \
                              someone with --as PERSONA (e.g. --as dana)"
                        .to_owned(),
                });
            }
            None => Opened::Sandbox(Session { mesh: Meshdesk::open_sandbox(&SandboxConfig { data_dir }, now)?, now, out }),
        };
        if let Some(persona) = &choice.persona {
            match &opened {
                Opened::Sandbox(s) => s.mesh.switch_identity(persona).map(drop)?,
                Opened::Aws(s) => s.mesh.switch_identity(persona).map(drop)?,
            }
        }
        Ok(opened)
    }
}

impl<B: Backend> Session<B> {
    /// Adds what the person can do about a failure, knowing who is acting.
    pub fn explain(&self, failure: Failure) -> Failure {
        let Failure::Api { error, hint: None } = failure else { return failure };
        let info = self.mesh.mesh_info();
        let hint = match error.code {
            ErrorCode::Forbidden => match (info.kind, info.identity) {
                (MeshKind::Sandbox, Some(me)) => {
                    Some(format!("you are acting as {} ({}); act as someone else with --as PERSONA", me.name, me.id))
                }
                (MeshKind::Aws, Some(me)) => Some(format!(
                    "you are signed in as {} ({}); act through another AWS profile with --profile NAME",
                    me.name, me.id
                )),
                _ => None,
            },
            ErrorCode::Unavailable => Some(format!("the mesh's store is {}", info.store_path)),
            ErrorCode::Internal => {
                Some("this is a bug in Meshdesk: please report it with the command you ran".to_owned())
            }
            ErrorCode::NotFound | ErrorCode::InvalidInput | ErrorCode::Conflict => None,
        };
        Failure::Api { error, hint }
    }
}

impl Session<AwsMesh> {
    /// As [`Session::explain`], adding why the signed-in person's groups are unknown when a
    /// refusal may come from that (an owner or steward named by a group).
    pub fn explain_aws(&self, failure: Failure) -> Failure {
        match self.explain(failure) {
            Failure::Api { error, hint: Some(hint) } if error.code == ErrorCode::Forbidden => {
                let hint = match self.mesh.backend().identity_notice() {
                    Some(notice) => format!("{hint}\nnote: {notice}"),
                    None => hint,
                };
                Failure::Api { error, hint: Some(hint) }
            }
            other => other,
        }
    }
}

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Done,
    /// Exit 1, with the result printed all the same: e.g. a dry run whose plan has problems.
    Refused,
    /// Exit 3: the command worked and found problems (findings, a tampered audit log, requests
    /// that could not be completed), so a CI job can fail on it.
    ProblemsFound,
}

impl Outcome {
    pub fn problems_if(found: bool) -> Outcome {
        if found { Outcome::ProblemsFound } else { Outcome::Done }
    }

    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Done => ExitCode::SUCCESS,
            Outcome::Refused => ExitCode::FAILURE,
            Outcome::ProblemsFound => ExitCode::from(3),
        }
    }
}

/// Why a command did not do what was asked.
#[derive(Debug)]
pub enum Failure {
    /// Refused or failed (exit 1): by the API, or by the command itself (e.g. no confirmation).
    Api { error: ApiError, hint: Option<String> },
    /// Arguments that parse one by one but do not fit together (exit 2, like clap's own), with
    /// the subcommand whose usage to show, e.g. `["policy", "grant"]`.
    Usage { command: &'static [&'static str], message: String },
    /// Stdout could not be written.
    Output(std::io::Error),
}

impl Failure {
    /// A refusal by the command itself, e.g. "nothing was applied: …".
    pub fn refused(message: impl Into<String>) -> Failure {
        Failure::Api { error: ApiError::invalid_input(message), hint: None }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure::Api { error, hint: None }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Output(error)
    }
}
