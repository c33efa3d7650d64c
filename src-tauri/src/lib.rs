//! The Meshdesk window: Tauri wiring around `meshdesk-api`. No rules live here — each command
//! calls one API function and passes its result (or `ApiError`) back over IPC.

mod commands;
mod mesh_choice;
mod options;
mod status_commands;
mod sign_in;

pub use options::{Options, OptionsError};

use mesh_choice::AnyMesh;
use meshdesk_protocol::ApiError;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::{Builder, Runtime};

/// The opened mesh, or why it could not be opened (the window then shows that message
/// instead of a blank page).
pub type OpenedMesh = Result<AnyMesh, ApiError>;

/// What the window's commands work on: the mesh opened last, and the options it was opened
/// with, so that it can be opened again after signing in or choosing accounts.
///
/// A command takes its own handle on the mesh (`current`) and lets go of the lock at once: a
/// refresh running for minutes keeps the mesh it started on, and a reopen swaps in the new one
/// without waiting for it. The old mesh goes when its last command finishes.
pub struct AppState {
    mesh: RwLock<Arc<OpenedMesh>>,
    options: Options,
}

impl AppState {
    pub fn new(options: Options, mesh: OpenedMesh) -> AppState {
        AppState { mesh: RwLock::new(Arc::new(mesh)), options }
    }

    /// The mesh commands run on now.
    pub fn current(&self) -> Arc<OpenedMesh> {
        Arc::clone(&self.mesh.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Opens the mesh again from the window's options (the mesh file may have gained accounts,
    /// a sign-in may have made it reachable). Blocks on AWS: call it off the command runtime.
    /// Only an opened mesh replaces the current one; a failure leaves it as it was and says why.
    pub fn reopen(&self) -> Result<(), ApiError> {
        let opened = mesh_choice::open(&self.options, now())?;
        *self.mesh.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(Ok(opened));
        Ok(())
    }
}

/// Seconds since the Unix epoch: the one place the window reads the clock.
pub(crate) fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The Tauri builder with Meshdesk's state and commands, for any runtime (tests use the mock one).
pub fn build<R: Runtime>(state: AppState) -> Builder<R> {
    Builder::<R>::new().manage(state).invoke_handler(tauri::generate_handler![
        commands::mesh_info,
        commands::switch_identity,
        commands::search_catalog,
        commands::product,
        commands::lineage,
        commands::preview_request,
        commands::submit_request,
        commands::requests,
        commands::request,
        commands::decide,
        commands::my_access_page,
        commands::who_can_read,
        commands::grants,
        commands::plan_policy,
        commands::apply_policy,
        commands::audit_events,
        commands::verify_audit,
        commands::access_matrix,
        commands::findings,
        commands::repair_finding,
        commands::export,
        commands::reconcile,
        commands::product_annotations,
        commands::plan_annotation,
        commands::annotate,
        commands::plan_publish,
        commands::publish,
        commands::plan_contract,
        commands::save_contract,
        commands::table_history,
        commands::contract_alerts,
        commands::unpublished_databases,
        status_commands::mesh_status,
        status_commands::refresh_mesh,
        status_commands::refresh_progress,
        status_commands::reopen_mesh,
        commands::sign_in_targets,
        commands::sign_in_state,
        commands::sign_in_start,
        commands::open_sign_in_page,
        commands::sign_in_wait,
        commands::sign_out,
        commands::sso_accounts,
        commands::add_sso_accounts,
    ])
}

/// Parses the command line, opens the mesh and runs the window. Returns the process exit code.
pub fn run() -> i32 {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(OptionsError::Help) => {
            println!("{}", options::USAGE);
            return 0;
        }
        Err(error) => {
            eprintln!("meshdesk-app: {error}\n\n{}", options::USAGE);
            return 2;
        }
    };
    if let Some(problem) = options::missing_display() {
        eprintln!("meshdesk-app: {problem}");
        return 1;
    }
    sign_in::set_mesh_file(mesh_choice::mesh_file(&options));
    let mesh = mesh_choice::open(&options, now());
    let state = AppState::new(options, mesh);
    if let Err(error) = state.current().as_ref() {
        // The window opens anyway and shows this; the terminal gets it too.
        eprintln!("meshdesk-app: {error}");
    }
    // GTK aborts with a panic when the display exists but cannot be opened (no X authority,
    // a dead Xvfb): report that as a failure to start, not as a stack trace.
    std::panic::set_hook(Box::new(|info| {
        let reason = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("unknown reason");
        eprintln!("meshdesk-app: the window could not be started: {reason}");
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build::<tauri::Wry>(state).run(tauri::generate_context!())
    }));
    match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(error)) => {
            eprintln!("meshdesk-app: the window could not be started: {error}");
            1
        }
        Err(_) => {
            let display = std::env::var("DISPLAY").unwrap_or_default();
            eprintln!(
                "meshdesk-app: check that the display '{display}' is running and that this user may use it \
                 (on a headless machine: xvfb-run -a meshdesk-app)"
            );
            1
        }
    }
}
