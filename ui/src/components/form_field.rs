//! One labelled text box of a form held in a signal: the request form's, the decision panel's and
//! the contract editor's fields are all this, bound to one `String` of their form; and the bare
//! box of a row (a principal, a row filter) that is named by `aria-label` instead of a caption.

use leptos::prelude::*;

/// Which box the field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// One line of text.
    Line,
    /// A whole number of at least 1 (days); the form still keeps the text as typed.
    Count,
    /// A few lines of prose (a reason, a justification).
    Prose,
}

/// Where a field's text lives: the form's signal and the one `String` of it the box shows and edits.
pub struct Binding<F: Send + Sync + 'static> {
    form: RwSignal<F>,
    read: fn(&F) -> &String,
    write: fn(&mut F) -> &mut String,
}

impl<F: Send + Sync + 'static> Clone for Binding<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for Binding<F> {}

impl<F: Send + Sync + 'static> Binding<F> {
    pub fn new(form: RwSignal<F>, read: fn(&F) -> &String, write: fn(&mut F) -> &mut String) -> Self {
        Self { form, read, write }
    }

    fn value(self) -> String {
        self.form.with(|f| (self.read)(f).clone())
    }

    fn set(self, value: String) {
        self.form.update(|f| *(self.write)(f) = value);
    }
}

#[component]
pub fn FormField<F: Send + Sync + 'static>(
    id: &'static str,
    label: &'static str,
    bind: Binding<F>,
    #[prop(default = Entry::Line)] entry: Entry,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let input = match entry {
        Entry::Prose => view! {
            <textarea
                id=id
                rows="3"
                placeholder=placeholder
                prop:value=move || bind.value()
                on:input=move |ev| bind.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        Entry::Line | Entry::Count => {
            let (kind, min) = if entry == Entry::Count { ("number", Some("1")) } else { ("text", None) };
            view! {
                <input
                    id=id
                    type=kind
                    min=min
                    placeholder=placeholder
                    prop:value=move || bind.value()
                    on:input=move |ev| bind.set(event_target_value(&ev))
                />
            }
            .into_any()
        }
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {input}
        </label>
    }
}

/// A one-line box that takes the rest of its row, named for screen readers by `aria_label`.
#[component]
pub fn RowTextBox<F: Send + Sync + 'static>(
    id: &'static str,
    aria_label: &'static str,
    bind: Binding<F>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    view! {
        <input
            id=id
            type="text"
            class="grow"
            placeholder=placeholder
            aria-label=aria_label
            prop:value=move || bind.value()
            on:input=move |ev| bind.set(event_target_value(&ev))
        />
    }
}
