//! Typed identifiers: an `OrgId` cannot be passed where a `ProductId` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    )*};
}

id_type!(
    /// An organisation (manufacturer, hospital, ministry, alliance, ...).
    OrgId,
    /// A person, who may also hold an account.
    PersonId,
    /// A product or capability in the catalogue.
    ProductId,
    /// A need or an offer.
    OpportunityId,
    /// A conference, exhibition, forum, sub-forum or matchmaking session.
    EventId,
    /// A signed or planned cooperation agreement.
    AgreementId,
    /// An entry of the audit log.
    AuditId,
    /// An organisation's registration of its delegation for an event.
    RegistrationId,
    /// A request for a one-to-one meeting at a matchmaking session.
    MeetingRequestId,
    /// A person's saved search, which raises alerts when new offers match it.
    SavedSearchId,
    /// A match the platform suggested for a need or a saved search.
    SuggestionId,
    /// A file attached to an agreement.
    DocumentId,
);
