//! A demo persona: the verified identity Meshdesk acts as on the sandbox, and the role the UI
//! shows beside its name.

use meshdesk_core::governance::model::Identity;
use meshdesk_core::governance::principal::Principal;

/// Someone the sandbox can act as.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Persona {
    /// Who the persona is to the governance code. Its `groups` are the store's memberships of
    /// its principals (see [`Persona::member`]).
    pub identity: Identity,
    /// What the persona does in the mesh, for people, e.g. "consumer, marketing analyst".
    pub role: String,
}

impl Persona {
    /// The principal the persona's group memberships are recorded for: its Identity Center
    /// user, else its first principal (groups belong to users, not to roles).
    pub fn member(&self) -> Option<&str> {
        let principals = &self.identity.principals;
        let user = principals.iter().find(|p| matches!(Principal::parse(p), Ok(Principal::IdcUser { .. })));
        user.or(principals.first()).map(String::as_str)
    }
}
