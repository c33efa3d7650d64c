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
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::{Builder, Runtime};

/// What the window's commands work on: the opened mesh, or why it could not be opened (the
/// window then shows that message instead of a blank page).
pub struct AppState {
    pub mesh: Result<AnyMesh, ApiError>,
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
        commands::my_access,
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
    if let Err(error) = &mesh {
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
        build::<tauri::Wry>(AppState { mesh }).run(tauri::generate_context!())
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
