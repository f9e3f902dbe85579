//! What callers ask the store for, and plain records it answers with.

use chrono::{DateTime, NaiveDate, Utc};
use medbridge_core::model::*;
use medbridge_core::{CountryCode, Cursor, DeviceCode, OrgId, PersonId, SortOrder};
use serde::Serialize;

/// Who is looking: decides which unpublished records a list or read may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anonymous visitors: published data only.
    Public,
    /// A signed-in member of an organisation: published data plus their own organisation's.
    Member(OrgId),
    /// The secretariat: everything.
    All,
}

/// One filter of a list. Each entity accepts the filters that make sense for it and rejects
/// the others with a field error (so `?cooperation_type=` on organisations is an error, not a
/// silently ignored parameter).
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Words that must all appear in any language of the name, title or description.
    Text(String),
    Country(CountryCode),
    OrgKind(OrgKind),
    EventKind(EventKind),
    AgreementKind(AgreementKind),
    Cooperation(CooperationType),
    Direction(Direction),
    OpportunityStatus(OpportunityStatus),
    AgreementStatus(AgreementStatus),
    /// An exact code; for EMDN, the code and everything below it in the tree.
    DeviceCode(DeviceCode),
    Organisation(OrgId),
    /// Members of this alliance.
    Alliance(OrgId),
    Event(EventId),
    /// Delegations in a given state.
    RegistrationStatus(RegistrationStatus),
    /// Meeting requests in a given state.
    MeetingStatus(MeetingRequestStatus),
    /// Records naming this person (a delegate, a meeting's party).
    Person(PersonId),
}

use medbridge_core::EventId;

impl Filter {
    /// The query parameter that carries this filter, for error messages.
    pub fn param(&self) -> &'static str {
        match self {
            Filter::Text(_) => "q",
            Filter::Country(_) => "country",
            Filter::OrgKind(_) | Filter::EventKind(_) | Filter::AgreementKind(_) => "kind",
            Filter::Cooperation(_) => "cooperation_type",
            Filter::Direction(_) => "direction",
            Filter::OpportunityStatus(_)
            | Filter::AgreementStatus(_)
            | Filter::RegistrationStatus(_)
            | Filter::MeetingStatus(_) => "status",
            Filter::Person(_) => "person",
            Filter::DeviceCode(_) => "device_code",
            Filter::Organisation(_) => "organisation",
            Filter::Alliance(_) => "alliance",
            Filter::Event(_) => "event",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortField {
    #[default]
    Name,
    Created,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filters: Vec<Filter>,
    pub sort: SortField,
    pub order: SortOrder,
    pub cursor: Option<Cursor>,
    /// Page size; the store caps it at 200.
    pub limit: u32,
}

impl ListQuery {
    pub fn new(filters: Vec<Filter>) -> ListQuery {
        ListQuery {
            filters,
            limit: 50,
            ..Default::default()
        }
    }
}

/// An entry of the audit log.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<PersonId>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// What sign-in needs to know about a person.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub person: PersonId,
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub organisation: Option<OrgId>,
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub login: LoginRecord,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// A value bound to a `$n` placeholder. Nulls are typed because PostgreSQL needs to know.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(bool),
    Date(Option<NaiveDate>),
    OptBool(Option<bool>),
    Timestamp(DateTime<Utc>),
}

/// A statement under construction: text plus its arguments, numbered as they are added.
#[derive(Debug, Default)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            args: Vec::new(),
        }
    }
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }
    /// Appends a placeholder for `a`.
    pub fn arg(&mut self, a: Arg) -> &mut Self {
        self.args.push(a);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }
}
