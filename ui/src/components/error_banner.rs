//! The error banner: what went wrong, in the backend's words, and a way to try again.

use leptos::error::Errors;
use leptos::prelude::*;
use meshdesk_protocol::{ApiError, ErrorCode};

/// A failure as the banner shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub title: &'static str,
    pub message: String,
    pub code: Option<ErrorCode>,
}

impl Problem {
    pub fn from_api(error: &ApiError) -> Self {
        let title = match error.code {
            ErrorCode::NotFound => "Not found",
            ErrorCode::InvalidInput => "The request was not accepted",
            ErrorCode::Unavailable => "The mesh cannot be reached",
            ErrorCode::Forbidden => "Not allowed",
            ErrorCode::Conflict => "Changed by someone else",
            ErrorCode::Internal => "Something went wrong",
        };
        Problem { title, message: error.message.clone(), code: Some(error.code) }
    }

    /// Reads the errors an `ErrorBoundary` caught; they are `ApiError`s unless a bug threw another kind.
    pub fn from_errors(errors: &Errors) -> Self {
        let mut problems = errors.iter().map(|(_, error)| {
            let inner: &(dyn std::error::Error + Send + Sync) = &***error;
            match inner.downcast_ref::<ApiError>() {
                Some(api) => Problem::from_api(api),
                None => Problem { title: "Something went wrong", message: inner.to_string(), code: None },
            }
        });
        problems.next().unwrap_or(Problem {
            title: "Something went wrong",
            message: "An unknown error occurred.".to_owned(),
            code: None,
        })
    }
}

pub fn code_name(code: Option<ErrorCode>) -> &'static str {
    match code {
        Some(ErrorCode::NotFound) => "not_found",
        Some(ErrorCode::InvalidInput) => "invalid_input",
        Some(ErrorCode::Unavailable) => "unavailable",
        Some(ErrorCode::Forbidden) => "forbidden",
        Some(ErrorCode::Conflict) => "conflict",
        Some(ErrorCode::Internal) | None => "internal",
    }
}

#[component]
pub fn ErrorBanner(
    #[prop(into)] problem: Signal<Problem>,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="error-banner" role="alert" data-code=move || code_name(problem.get().code)>
            <div class="error-text">
                <strong class="error-title">{move || problem.get().title}</strong>
                <span class="error-message">{move || problem.get().message}</span>
            </div>
            {on_retry.map(|retry| {
                view! {
                    <button class="button retry-button" on:click=move |_| retry.run(())>
                        "Try again"
                    </button>
                }
            })}
        </div>
    }
}

/// The fallback for an `ErrorBoundary` around an async region: the banner, with "Try again"
/// running `retry` (usually the region's resource's `refetch`).
pub fn error_fallback<R>(retry: R) -> impl FnMut(ArcRwSignal<Errors>) -> AnyView + Send + 'static
where
    R: Fn() + Send + Sync + Copy + 'static,
{
    move |errors: ArcRwSignal<Errors>| {
        let problem = Signal::derive(move || errors.with(Problem::from_errors));
        view! { <ErrorBanner problem on_retry=Callback::new(move |()| retry())/> }.into_any()
    }
}

/// What a region shows while its first answer is on the way.
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <div class="loading" role="status">
            <span class="spinner"></span>
            {format!("Loading {what}…")}
        </div>
    }
}
