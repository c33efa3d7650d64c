//! A search match rendered with its highlighted ranges in `<mark>`.

use crate::highlight::{Segment, match_line};
use leptos::prelude::*;
use meshdesk_protocol::SearchMatch;

/// Text with highlighted segments.
#[component]
pub fn Highlighted(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|s| {
            if s.highlighted {
                view! { <mark>{s.text}</mark> }.into_any()
            } else {
                view! { <span>{s.text}</span> }.into_any()
            }
        })
        .collect_view()
}

/// "column customers.<mark>email</mark>": why a product is in the results.
#[component]
pub fn MatchView(m: SearchMatch) -> impl IntoView {
    let line = match_line(&m);
    view! {
        <span class="match" data-field=line.label>
            <span class="match-label">{line.label}</span>
            " "
            <span class="match-prefix">{line.prefix}</span>
            <Highlighted segments=line.body/>
        </span>
    }
}
