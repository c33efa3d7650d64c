//! Who the window acts as, in the forms' terms: the persona's label, the principals it can
//! request access for, and the names that make it an owner.

use meshdesk_protocol::Persona;

/// "Dana Okafor — owner of identity", as the identity switcher lists it.
pub fn persona_label(persona: &Persona) -> String {
    if persona.role.is_empty() { persona.name.clone() } else { format!("{} — {}", persona.name, persona.role) }
}

/// The principals a request can name: the persona's own principals first (the narrowest grant),
/// then its whole account.
pub fn principal_choices(persona: &Persona) -> Vec<String> {
    let mut choices: Vec<String> = Vec::new();
    for candidate in persona.principals.iter().chain(std::iter::once(&persona.account)) {
        if !candidate.is_empty() && !choices.contains(candidate) {
            choices.push(candidate.clone());
        }
    }
    choices
}

/// The principal a new request starts with.
pub fn default_principal(persona: &Persona) -> String {
    principal_choices(persona).into_iter().next().unwrap_or_default()
}

/// Everything a product's `meshdesk:owner` may name this persona by: its email, its principals
/// and its groups. Used to find the products it owns.
pub fn owner_keys(persona: &Persona) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let all = std::iter::once(&persona.email).chain(&persona.principals).chain(&persona.groups);
    for key in all {
        if !key.is_empty() && !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}

#[cfg(test)]
pub mod fixture {
    use meshdesk_protocol::Persona;

    /// A consumer persona with one role and one group.
    pub fn persona() -> Persona {
        Persona {
            id: "kim".into(),
            name: "Kim Analyst".into(),
            role: "analyst in marketing".into(),
            account: "402183775006".into(),
            email: "kim@telco.example".into(),
            principals: vec!["arn:aws:iam::402183775006:role/analyst".into()],
            groups: vec!["marketing-analysts".into()],
            steward: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::persona;
    use super::*;

    #[test]
    fn a_persona_is_listed_with_its_role() {
        assert_eq!(persona_label(&persona()), "Kim Analyst — analyst in marketing");
        let no_role = Persona { role: String::new(), ..persona() };
        assert_eq!(persona_label(&no_role), "Kim Analyst");
    }

    #[test]
    fn requests_default_to_the_personas_own_role_and_can_name_its_account() {
        let kim = persona();
        assert_eq!(default_principal(&kim), "arn:aws:iam::402183775006:role/analyst");
        assert_eq!(principal_choices(&kim), vec!["arn:aws:iam::402183775006:role/analyst", "402183775006"]);
    }

    #[test]
    fn without_principals_the_account_is_the_default() {
        let bare = Persona { principals: vec![], ..persona() };
        assert_eq!(default_principal(&bare), "402183775006");
    }

    #[test]
    fn ownership_is_looked_up_by_email_principals_and_groups() {
        assert_eq!(
            owner_keys(&persona()),
            vec!["kim@telco.example", "arn:aws:iam::402183775006:role/analyst", "marketing-analysts"]
        );
    }
}
