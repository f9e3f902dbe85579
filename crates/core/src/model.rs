//! The entities of the cooperation registry.
//!
//! Each entity is a `*Data` struct (what a client writes) wrapped in a [`Record`] (what the
//! store adds: id, version, timestamps). Keeping the writable part as one struct means the API
//! body, the CSV row, the stored document and the form all describe the same thing, and the
//! cross-field rules live in one `check` per entity.

use crate::error::{ErrorCode, FieldError, FieldErrors};
use crate::ids::*;
use crate::values::*;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stored entity: the data plus what the store keeps about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Record<I, T> {
    pub id: I,
    /// Incremented on every write; send it back (or as `If-Match`) to update.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten)]
    pub data: T,
}

pub type Organisation = Record<OrgId, OrganisationData>;
pub type Person = Record<PersonId, PersonData>;
pub type Product = Record<ProductId, ProductData>;
pub type Opportunity = Record<OpportunityId, OpportunityData>;
pub type Event = Record<EventId, EventData>;
pub type Agreement = Record<AgreementId, AgreementData>;
pub type EventRegistration = Record<RegistrationId, RegistrationData>;
pub type MeetingRequest = Record<MeetingRequestId, MeetingRequestData>;

/// Declares a closed set of values with a stable snake_case wire name, parsing from text with an
/// error that lists what is allowed (CSV cells and query strings need that as much as JSON).
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $wire)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, FieldError> {
                let t = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == t).ok_or_else(|| {
                    let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    FieldError::new("", ErrorCode::UnknownValue, format!("'{t}' is not one of: {}", allowed.join(", ")))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What kind of body an organisation is.
    OrgKind {
        Manufacturer = "manufacturer",
        Distributor = "distributor",
        Hospital = "hospital",
        University = "university",
        ResearchInstitute = "research_institute",
        GovernmentBody = "government_body",
        Association = "association",
        Other = "other",
    }
);

vocabulary!(
    /// Standing of a member in an alliance or association.
    MembershipStatus { Active = "active", Suspended = "suspended", Former = "former" }
);

vocabulary!(
    /// What a person may do. Anonymous visitors (public) have no person record.
    Role {
        /// Secretariat of the alliance: may write everything.
        Admin = "admin",
        /// May edit their organisation's profile, people, products, needs and offers.
        Editor = "editor",
        /// May post and edit their organisation's needs and offers.
        Member = "member",
        /// A contact with no sign-in.
        Contact = "contact",
    }
);

vocabulary!(
    /// Device risk class (EU MDR I/IIa/IIb/III; NMPA and FDA classes I/II/III map onto them).
    RiskClass { I = "I", IIa = "IIa", IIb = "IIb", III = "III" }
);

vocabulary!(
    /// Who granted a market registration.
    Authority {
        /// China's National Medical Products Administration.
        Nmpa = "nmpa",
        /// EU MDR / CE marking.
        EuMdr = "eu_mdr",
        /// US FDA (510(k), PMA, De Novo).
        UsFda = "us_fda",
        /// Eurasian Economic Union single registration (AM, BY, KZ, KG, RU).
        Eaeu = "eaeu",
        /// A national authority; `country` says which.
        National = "national",
    }
);

vocabulary!(
    /// A need (someone wants something) or an offer (someone provides something).
    Direction { Need = "need", Offer = "offer" }
);

vocabulary!(
    /// The form of cooperation sought or offered.
    CooperationType {
        EquipmentSupply = "equipment_supply",
        Distribution = "distribution",
        TechnologyTransfer = "technology_transfer",
        JointRnd = "joint_rnd",
        ClinicalCooperation = "clinical_cooperation",
        EducationTraining = "education_training",
        MaintenanceService = "maintenance_service",
        Investment = "investment",
    }
);

vocabulary!(
    /// Life cycle of a need or offer; `expired` is set automatically once the deadline passes.
    OpportunityStatus { Draft = "draft", Open = "open", Matched = "matched", Closed = "closed", Expired = "expired" }
);

vocabulary!(
    EventKind {
        Conference = "conference",
        Exhibition = "exhibition",
        Forum = "forum",
        SubForum = "sub_forum",
        Matchmaking = "matchmaking_session",
    }
);

vocabulary!(
    /// What a delegate does at an event.
    DelegateRole {
        Delegate = "delegate",
        Speaker = "speaker",
        Exhibitor = "exhibitor",
        Official = "official",
        Press = "press",
        Interpreter = "interpreter",
    }
);

vocabulary!(
    /// An organisation's registration for an event, as the organiser decides on it.
    RegistrationStatus { Pending = "pending", Approved = "approved", Rejected = "rejected", Cancelled = "cancelled" }
);

vocabulary!(
    /// Who makes a meeting request final at a matchmaking session.
    ConfirmationRule {
        /// The invited party's acceptance is enough.
        Participant = "participant",
        /// Accepted requests wait for the organiser's confirmation.
        Organiser = "organiser",
    }
);

vocabulary!(
    /// Life cycle of a meeting request.
    MeetingRequestStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
        Confirmed = "confirmed",
        Cancelled = "cancelled",
        Expired = "expired",
    }
);

vocabulary!(
    /// Where the owner of a need or a saved search is with a suggested match.
    SuggestionStatus {
        /// Not looked at yet: an alert.
        New = "new",
        Seen = "seen",
        /// The owner got in touch with the supplier or buyer.
        Contacted = "contacted",
        /// Not of interest; never suggested again.
        Dismissed = "dismissed",
    }
);

vocabulary!(
    OrganiserRole { Host = "host", CoHost = "co_host", Organiser = "organiser", Supporter = "supporter" }
);

vocabulary!(
    AgreementKind {
        Memorandum = "memorandum",
        Framework = "framework",
        JointTraining = "joint_training",
        ClinicalCooperation = "clinical_cooperation",
        DeviceInnovation = "device_innovation",
        Distribution = "distribution",
        Supply = "supply",
        Service = "service",
    }
);

vocabulary!(
    AgreementStatus {
        Draft = "draft",
        Signed = "signed",
        InForce = "in_force",
        Completed = "completed",
        Terminated = "terminated",
        Expired = "expired",
    }
);

// ---------------------------------------------------------------- checks shared by all entities

fn yes() -> bool {
    true
}

fn check_name(errs: &mut FieldErrors, field: &str, text: &MultilingualText) {
    if text.is_empty() {
        errs.push(FieldError::new(
            field,
            ErrorCode::Required,
            "give it in at least one language",
        ));
    }
    for (lang, v) in text.iter() {
        if v.chars().count() > MAX_SHORT_TEXT {
            errs.push(FieldError::new(
                format!("{field}.{lang}"),
                ErrorCode::TooLong,
                format!(
                    "{} characters; at most {MAX_SHORT_TEXT} allowed",
                    v.chars().count()
                ),
            ));
        }
    }
}

fn check_plain(errs: &mut FieldErrors, field: &str, value: &Option<String>, max: usize) {
    if let Some(v) = value
        && v.chars().count() > max
    {
        errs.push(FieldError::new(
            field,
            ErrorCode::TooLong,
            format!("{} characters; at most {max} allowed", v.chars().count()),
        ));
    }
}

fn check_list_len<T>(errs: &mut FieldErrors, field: &str, list: &[T], max: usize) {
    if list.len() > max {
        errs.push(FieldError::new(
            field,
            ErrorCode::TooMany,
            format!("{} entries; at most {max} allowed", list.len()),
        ));
    }
}

fn check_dates(
    errs: &mut FieldErrors,
    field: &str,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) {
    if let (Some(a), Some(b)) = (from, until)
        && b < a
    {
        errs.push(FieldError::new(
            field,
            ErrorCode::DateOrder,
            format!("ends {b} before it starts {a}"),
        ));
    }
}

// ---------------------------------------------------------------- organisation

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    /// The alliance or association (itself an organisation of kind `association`).
    pub alliance_id: OrgId,
    pub since: Option<NaiveDate>,
    pub status: MembershipStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationData {
    /// The name in zh/en/ru/fr and the original language.
    pub name: MultilingualText,
    pub kind: OrgKind,
    pub country: CountryCode,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub website: Option<WebUrl>,
    /// Languages the organisation works in.
    #[serde(default)]
    pub languages: Vec<LanguageTag>,
    #[serde(default)]
    pub description: MultilingualText,
    #[serde(default)]
    pub memberships: Vec<Membership>,
    /// Visible to the public when true.
    #[serde(default = "yes")]
    pub published: bool,
    /// Part of the demonstration data set.
    #[serde(default)]
    pub demo: bool,
}

impl OrganisationData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_name(&mut e, "name", &self.name);
        check_plain(&mut e, "city", &self.city, 200);
        check_list_len(&mut e, "languages", &self.languages, 20);
        check_list_len(&mut e, "memberships", &self.memberships, 50);
        e.into_result()
    }
}

// ---------------------------------------------------------------- person

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonData {
    pub name: String,
    #[serde(default)]
    pub email: Option<Email>,
    #[serde(default)]
    pub organisation_id: Option<OrgId>,
    /// Job title, e.g. "Head of international office".
    #[serde(default)]
    pub position: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub languages: Vec<LanguageTag>,
}

impl PersonData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.name.trim().is_empty() {
            e.push(FieldError::new(
                "name",
                ErrorCode::Required,
                "a name is required",
            ));
        }
        check_plain(&mut e, "name", &Some(self.name.clone()), 200);
        check_plain(&mut e, "position", &self.position, 200);
        if matches!(self.role, Role::Editor | Role::Member) && self.organisation_id.is_none() {
            e.push(FieldError::new(
                "organisation_id",
                ErrorCode::Required,
                "editors and members belong to an organisation",
            ));
        }
        if self.role != Role::Contact && self.email.is_none() {
            e.push(FieldError::new(
                "email",
                ErrorCode::Required,
                "people who sign in need an e-mail address",
            ));
        }
        check_list_len(&mut e, "languages", &self.languages, 20);
        e.into_result()
    }
}

// ---------------------------------------------------------------- product

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub authority: Authority,
    /// The country of a national authority.
    #[serde(default)]
    pub country: Option<CountryCode>,
    pub number: String,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductData {
    pub supplier_id: OrgId,
    pub name: MultilingualText,
    #[serde(default)]
    pub description: MultilingualText,
    /// Codes in device nomenclatures, written SCHEME:CODE.
    #[serde(default)]
    pub device_codes: Vec<DeviceCode>,
    #[serde(default)]
    pub risk_class: Option<RiskClass>,
    #[serde(default)]
    pub registrations: Vec<Registration>,
    #[serde(default)]
    pub price: Option<PriceRange>,
    #[serde(default)]
    pub lead_time_days: Option<u32>,
    /// Countries where the supplier can install and service it.
    #[serde(default)]
    pub service_countries: Vec<CountryCode>,
    /// Languages of manuals and training.
    #[serde(default)]
    pub documentation_languages: Vec<LanguageTag>,
    #[serde(default = "yes")]
    pub published: bool,
}

impl ProductData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_name(&mut e, "name", &self.name);
        check_list_len(&mut e, "device_codes", &self.device_codes, 50);
        check_list_len(&mut e, "registrations", &self.registrations, 50);
        check_list_len(&mut e, "service_countries", &self.service_countries, 250);
        for (i, r) in self.registrations.iter().enumerate() {
            let f = format!("registrations[{i}]");
            if r.number.trim().is_empty() {
                e.push(FieldError::new(
                    format!("{f}.number"),
                    ErrorCode::Required,
                    "the registration number is required",
                ));
            }
            check_plain(&mut e, &format!("{f}.number"), &Some(r.number.clone()), 100);
            if r.authority == Authority::National && r.country.is_none() {
                e.push(FieldError::new(
                    format!("{f}.country"),
                    ErrorCode::Required,
                    "a national registration names its country",
                ));
            }
            check_dates(
                &mut e,
                &format!("{f}.valid_until"),
                r.valid_from,
                r.valid_until,
            );
        }
        if let Some(p) = &self.price
            && p.max < p.min
        {
            e.push(FieldError::new(
                "price.max",
                ErrorCode::OutOfRange,
                format!("maximum {} is below minimum {}", p.max, p.min),
            ));
        }
        if self.lead_time_days.is_some_and(|d| d > 3650) {
            e.push(FieldError::new(
                "lead_time_days",
                ErrorCode::OutOfRange,
                "at most 3650 days",
            ));
        }
        e.into_result()
    }

    /// Registrations valid on `day` (open-ended dates count as valid).
    pub fn registrations_valid_on(&self, day: NaiveDate) -> impl Iterator<Item = &Registration> {
        self.registrations.iter().filter(move |r| {
            r.valid_from.is_none_or(|f| f <= day) && r.valid_until.is_none_or(|u| day <= u)
        })
    }
}

// ---------------------------------------------------------------- opportunity

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityData {
    pub organisation_id: OrgId,
    pub direction: Direction,
    pub cooperation_type: CooperationType,
    /// Title in the languages it was written in (tagged).
    pub title: MultilingualText,
    #[serde(default)]
    pub description: MultilingualText,
    /// Countries where the need arises or the offer applies.
    #[serde(default)]
    pub countries: Vec<CountryCode>,
    #[serde(default)]
    pub device_codes: Vec<DeviceCode>,
    #[serde(default)]
    pub quantity: Option<u32>,
    #[serde(default)]
    pub budget: Option<Money>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    #[serde(default = "open")]
    pub status: OpportunityStatus,
}

fn open() -> OpportunityStatus {
    OpportunityStatus::Open
}

impl OpportunityData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_name(&mut e, "title", &self.title);
        check_list_len(&mut e, "countries", &self.countries, 250);
        check_list_len(&mut e, "device_codes", &self.device_codes, 50);
        if self.quantity == Some(0) {
            e.push(FieldError::new(
                "quantity",
                ErrorCode::OutOfRange,
                "at least 1 when given",
            ));
        }
        e.into_result()
    }
}

// ---------------------------------------------------------------- event

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Organiser {
    pub organisation_id: OrgId,
    pub role: OrganiserRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventData {
    pub name: MultilingualText,
    pub kind: EventKind,
    /// The conference a sub-forum or session belongs to.
    #[serde(default)]
    pub parent_id: Option<EventId>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub country: CountryCode,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    /// Theme and description.
    #[serde(default)]
    pub description: MultilingualText,
    #[serde(default)]
    pub organisers: Vec<Organiser>,
    /// The venue's offset from UTC in minutes (Bishkek +360, Minsk +180), for showing
    /// times in the event's local time. Times are stored in UTC.
    #[serde(default)]
    pub utc_offset_minutes: Option<i16>,
    /// Slots and tables, for a matchmaking session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matchmaking: Option<MatchmakingSetup>,
    /// The programme: talks, panels and ceremonies, in any order (pages sort them by time).
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default = "yes")]
    pub published: bool,
    #[serde(default)]
    pub demo: bool,
}

/// One item of an event's programme. Kept inside the event (not an entity of its own):
/// it is always read and edited with its event, and the scheduler reads the programmes of
/// a conference's events together to keep speakers free while they speak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// Start, in UTC.
    pub starts_at: DateTime<Utc>,
    /// End, in UTC; after the start.
    pub ends_at: DateTime<Utc>,
    #[serde(default)]
    pub room: Option<String>,
    pub title: MultilingualText,
    /// The people who speak; their matchmaking slots that overlap this item are blocked.
    #[serde(default)]
    pub speakers: Vec<PersonId>,
    /// The language it is held in.
    #[serde(default)]
    pub language: Option<LanguageTag>,
    /// Languages of simultaneous interpretation offered.
    #[serde(default)]
    pub interpretation: Vec<LanguageTag>,
}

impl AgendaItem {
    /// Whether this item and the span `[from, until)` share any time.
    pub fn overlaps(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> bool {
        self.starts_at < until && from < self.ends_at
    }
}

/// The most agenda items an event may have.
pub const MAX_AGENDA_ITEMS: usize = 500;

/// One time slot of a matchmaking session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeSlot {
    /// Start, in UTC.
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub minutes: u16,
}

impl TimeSlot {
    pub fn ends_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.starts_at + chrono::Duration::minutes(self.minutes.into())
    }
}

/// An exhibitor's fixed booth: all its meetings happen at this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Booth {
    pub organisation_id: OrgId,
    /// Table number, from 1.
    pub table: u16,
}

/// How a matchmaking session runs: its slots in time order, its numbered tables, fixed
/// booths, and who confirms requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchmakingSetup {
    pub slots: Vec<TimeSlot>,
    pub tables: u16,
    #[serde(default)]
    pub booths: Vec<Booth>,
    #[serde(default = "by_participant")]
    pub rule: ConfirmationRule,
    /// Fairness bound d on the spread of idle gaps between delegates.
    #[serde(default)]
    pub fairness: Option<u32>,
}

fn by_participant() -> ConfirmationRule {
    ConfirmationRule::Participant
}

/// The most slots a session may have (the scheduler's limit).
pub const MAX_SESSION_SLOTS: usize = 64;

impl MatchmakingSetup {
    pub fn check(&self, e: &mut FieldErrors) {
        if self.slots.is_empty() {
            e.push(FieldError::new(
                "matchmaking.slots",
                ErrorCode::Required,
                "a matchmaking session has at least one time slot",
            ));
        }
        check_list_len(e, "matchmaking.slots", &self.slots, MAX_SESSION_SLOTS);
        for (i, w) in self.slots.windows(2).enumerate() {
            if w[1].starts_at < w[0].ends_at() {
                e.push(FieldError::new(
                    format!("matchmaking.slots[{}].starts_at", i + 1),
                    ErrorCode::DateOrder,
                    format!(
                        "starts {} before slot {} ends {}; slots are in time order and do not overlap",
                        w[1].starts_at,
                        i + 1,
                        w[0].ends_at()
                    ),
                ));
            }
        }
        for (i, s) in self.slots.iter().enumerate() {
            if s.minutes == 0 || s.minutes > 240 {
                e.push(FieldError::new(
                    format!("matchmaking.slots[{i}].minutes"),
                    ErrorCode::OutOfRange,
                    "between 1 and 240 minutes",
                ));
            }
        }
        if self.tables == 0 || self.tables > 5000 {
            e.push(FieldError::new(
                "matchmaking.tables",
                ErrorCode::OutOfRange,
                "between 1 and 5000 tables",
            ));
        }
        let mut used = std::collections::HashSet::new();
        let mut holders = std::collections::HashSet::new();
        for (i, b) in self.booths.iter().enumerate() {
            if b.table == 0 || b.table > self.tables {
                e.push(FieldError::new(
                    format!("matchmaking.booths[{i}].table"),
                    ErrorCode::OutOfRange,
                    format!("table {} is not among tables 1 to {}", b.table, self.tables),
                ));
            } else if !used.insert(b.table) {
                e.push(FieldError::new(
                    format!("matchmaking.booths[{i}].table"),
                    ErrorCode::Duplicate,
                    format!("table {} is already another exhibitor's booth", b.table),
                ));
            }
            if !holders.insert(b.organisation_id) {
                e.push(FieldError::new(
                    format!("matchmaking.booths[{i}].organisation_id"),
                    ErrorCode::Duplicate,
                    "this organisation already has a booth",
                ));
            }
        }
    }

    /// The 1-based slot number a start time belongs to.
    pub fn slot_at(&self, starts_at: chrono::DateTime<chrono::Utc>) -> Option<u16> {
        self.slots
            .iter()
            .position(|s| s.starts_at == starts_at)
            .map(|i| i as u16 + 1)
    }
}

impl EventData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_name(&mut e, "name", &self.name);
        check_dates(&mut e, "ends_on", Some(self.starts_on), Some(self.ends_on));
        check_plain(&mut e, "city", &self.city, 200);
        check_plain(&mut e, "venue", &self.venue, 300);
        check_list_len(&mut e, "organisers", &self.organisers, 100);
        if self
            .utc_offset_minutes
            .is_some_and(|m| !(-720..=840).contains(&m))
        {
            e.push(FieldError::new(
                "utc_offset_minutes",
                ErrorCode::OutOfRange,
                "between -720 and +840 minutes",
            ));
        }
        self.check_agenda(&mut e);
        if let Some(m) = &self.matchmaking {
            if self.kind != EventKind::Matchmaking {
                e.push(FieldError::new(
                    "matchmaking",
                    ErrorCode::UnknownValue,
                    "only a matchmaking_session has slots and tables",
                ));
            }
            m.check(&mut e);
            let offset = chrono::Duration::minutes(self.utc_offset_minutes.unwrap_or(0).into());
            for (i, slot) in m.slots.iter().enumerate() {
                let day = (slot.starts_at + offset).date_naive();
                if day < self.starts_on || day > self.ends_on {
                    e.push(FieldError::new(
                        format!("matchmaking.slots[{i}].starts_at"),
                        ErrorCode::OutOfRange,
                        format!(
                            "on {day} (local time), outside the event ({} to {})",
                            self.starts_on, self.ends_on
                        ),
                    ));
                }
            }
        }
        e.into_result()
    }
}

impl EventData {
    /// The venue's offset from UTC.
    pub fn offset(&self) -> chrono::Duration {
        chrono::Duration::minutes(self.utc_offset_minutes.unwrap_or(0).into())
    }

    /// Agenda items end after they start and fall on the event's days (in local time), so
    /// a typo in a date cannot silently block a speaker's slots on another day.
    fn check_agenda(&self, e: &mut FieldErrors) {
        check_list_len(e, "agenda", &self.agenda, MAX_AGENDA_ITEMS);
        let offset = self.offset();
        for (i, item) in self.agenda.iter().enumerate() {
            let f = format!("agenda[{i}]");
            check_name(e, &format!("{f}.title"), &item.title);
            check_plain(e, &format!("{f}.room"), &item.room, 200);
            check_list_len(e, &format!("{f}.speakers"), &item.speakers, 50);
            check_list_len(e, &format!("{f}.interpretation"), &item.interpretation, 10);
            if item.ends_at <= item.starts_at {
                e.push(FieldError::new(
                    format!("{f}.ends_at"),
                    ErrorCode::DateOrder,
                    format!(
                        "ends {} before (or when) it starts {}",
                        item.ends_at, item.starts_at
                    ),
                ));
            }
            for (field, at) in [("starts_at", item.starts_at), ("ends_at", item.ends_at)] {
                let local = at + offset;
                // An item may end at midnight closing the last day.
                let day = if field == "ends_at" && local.time() == chrono::NaiveTime::MIN {
                    local.date_naive().pred_opt().unwrap_or(local.date_naive())
                } else {
                    local.date_naive()
                };
                if day < self.starts_on || day > self.ends_on {
                    e.push(FieldError::new(
                        format!("{f}.{field}"),
                        ErrorCode::OutOfRange,
                        format!(
                            "on {day} (local time), outside the event ({} to {})",
                            self.starts_on, self.ends_on
                        ),
                    ));
                }
            }
            let mut seen = std::collections::HashSet::new();
            for (k, p) in item.speakers.iter().enumerate() {
                if !seen.insert(*p) {
                    e.push(FieldError::new(
                        format!("{f}.speakers[{k}]"),
                        ErrorCode::Duplicate,
                        format!("person {} is already a speaker of this item", p.0),
                    ));
                }
            }
        }
    }
}

// ---------------------------------------------------------------- registration

/// One member of a delegation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegate {
    pub person_id: PersonId,
    pub role: DelegateRole,
    /// Languages the delegate can meet in, most fluent first.
    #[serde(default)]
    pub languages: Vec<LanguageTag>,
    /// Matchmaking slots (numbered from 1) the delegate cannot attend, for instance while
    /// speaking in a session.
    #[serde(default)]
    pub unavailable_slots: Vec<u16>,
    #[serde(default)]
    pub checked_in: bool,
}

/// An organisation's delegation to an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationData {
    pub event_id: EventId,
    pub organisation_id: OrgId,
    pub delegates: Vec<Delegate>,
    #[serde(default = "pending")]
    pub status: RegistrationStatus,
    #[serde(default)]
    pub note: Option<String>,
}

fn pending() -> RegistrationStatus {
    RegistrationStatus::Pending
}

impl RegistrationData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.delegates.is_empty() {
            e.push(FieldError::new(
                "delegates",
                ErrorCode::Required,
                "a delegation has at least one delegate",
            ));
        }
        check_list_len(&mut e, "delegates", &self.delegates, 200);
        let mut seen = std::collections::HashSet::new();
        for (i, d) in self.delegates.iter().enumerate() {
            if !seen.insert(d.person_id) {
                e.push(FieldError::new(
                    format!("delegates[{i}].person_id"),
                    ErrorCode::Duplicate,
                    format!("person {} is already in this delegation", d.person_id.0),
                ));
            }
            check_list_len(
                &mut e,
                &format!("delegates[{i}].languages"),
                &d.languages,
                10,
            );
            for (k, s) in d.unavailable_slots.iter().enumerate() {
                if *s == 0 || usize::from(*s) > MAX_SESSION_SLOTS {
                    e.push(FieldError::new(
                        format!("delegates[{i}].unavailable_slots[{k}]"),
                        ErrorCode::OutOfRange,
                        format!("slots are numbered 1 to {MAX_SESSION_SLOTS}"),
                    ));
                }
            }
        }
        check_plain(&mut e, "note", &self.note, 2000);
        e.into_result()
    }
}

// ---------------------------------------------------------------- meeting request

/// Where and when the scheduler put a meeting (slot and table numbered from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingPlacement {
    pub slot: u16,
    pub table: u16,
}

/// What happened at a meeting, recorded afterwards; feeds the agreements funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingOutcome {
    pub held: bool,
    #[serde(default)]
    pub follow_up: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// A request by one delegate to meet another at a matchmaking session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingRequestData {
    /// The matchmaking session.
    pub event_id: EventId,
    pub from_person: PersonId,
    pub from_organisation: OrgId,
    pub to_person: PersonId,
    pub to_organisation: OrgId,
    #[serde(default)]
    pub message: Option<String>,
    /// 1 (nice to have) to 3 (must meet).
    #[serde(default = "one")]
    pub priority: u8,
    #[serde(default = "requested")]
    pub status: MeetingRequestStatus,
    /// Set by the organiser: the scheduler keeps it where it is.
    #[serde(default)]
    pub locked: bool,
    /// Set by the scheduler.
    #[serde(default)]
    pub placement: Option<MeetingPlacement>,
    /// Set by the scheduler: why its last run could not place this request, which it
    /// should have (cleared when a run places it or leaves it out by its status).
    #[serde(default)]
    pub unscheduled: Option<String>,
    #[serde(default)]
    pub outcome: Option<MeetingOutcome>,
    /// The need or offer the meeting is about.
    #[serde(default)]
    pub opportunity_id: Option<OpportunityId>,
}

fn one() -> u8 {
    1
}

fn requested() -> MeetingRequestStatus {
    MeetingRequestStatus::Pending
}

impl MeetingRequestStatus {
    /// The statuses a request may move to from this one (staying put is always allowed).
    pub fn next(self) -> &'static [MeetingRequestStatus] {
        use MeetingRequestStatus::*;
        match self {
            Pending => &[Accepted, Declined, Confirmed, Cancelled, Expired],
            Accepted => &[Confirmed, Cancelled],
            Confirmed => &[Cancelled],
            Declined | Cancelled | Expired => &[],
        }
    }

    /// Whether the meeting should take place (and be scheduled) under `rule`.
    pub fn schedulable(self, rule: ConfirmationRule) -> bool {
        match rule {
            ConfirmationRule::Participant => {
                matches!(
                    self,
                    MeetingRequestStatus::Accepted | MeetingRequestStatus::Confirmed
                )
            }
            ConfirmationRule::Organiser => self == MeetingRequestStatus::Confirmed,
        }
    }
}

impl MeetingRequestData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.from_person == self.to_person {
            e.push(FieldError::new(
                "to_person",
                ErrorCode::UnknownValue,
                "a delegate cannot request a meeting with themselves",
            ));
        }
        if !(1..=3).contains(&self.priority) {
            e.push(FieldError::new(
                "priority",
                ErrorCode::OutOfRange,
                "1 (nice to have), 2 or 3 (must meet)",
            ));
        }
        check_plain(&mut e, "message", &self.message, 2000);
        if let Some(o) = &self.outcome {
            check_plain(&mut e, "outcome.note", &o.note, 2000);
        }
        if let Some(p) = self.placement
            && (p.slot == 0 || p.table == 0)
        {
            e.push(FieldError::new(
                "placement",
                ErrorCode::OutOfRange,
                "slots and tables are numbered from 1",
            ));
        }
        e.into_result()
    }

    pub fn check_change(&self, before: &MeetingRequestData) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if before.status != self.status && !before.status.next().contains(&self.status) {
            e.push(FieldError::new(
                "status",
                ErrorCode::IllegalTransition,
                format!("cannot go from {} to {}", before.status, self.status),
            ));
        }
        for (field, same) in [
            ("event_id", before.event_id == self.event_id),
            ("from_person", before.from_person == self.from_person),
            ("to_person", before.to_person == self.to_person),
        ] {
            if !same {
                e.push(FieldError::new(
                    field,
                    ErrorCode::IllegalTransition,
                    "who meets whom, and where, is fixed once requested; cancel and ask again",
                ));
            }
        }
        e.into_result()
    }
}

// ---------------------------------------------------------------- agreement

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Party {
    pub organisation_id: OrgId,
    /// Free role such as "host university", "clinical partner".
    #[serde(default)]
    pub role: Option<String>,
}

/// A person who signed for one of the parties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub name: String,
    /// The party they signed for.
    pub organisation_id: OrgId,
    #[serde(default)]
    pub position: Option<String>,
}

/// Something an agreement commits a party to do by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub title: MultilingualText,
    /// The party responsible for it.
    #[serde(default)]
    pub owner_id: Option<OrgId>,
    pub due_on: NaiveDate,
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
}

/// What an agreement came out of: the need, offer, product and meeting that led to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_id: Option<OpportunityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_id: Option<OpportunityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<ProductId>,
}

impl Origin {
    pub fn is_empty(&self) -> bool {
        self.need_id.is_none() && self.offer_id.is_none() && self.product_id.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementData {
    pub title: MultilingualText,
    pub kind: AgreementKind,
    pub parties: Vec<Party>,
    #[serde(default)]
    pub signatories: Vec<Signatory>,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    #[serde(default)]
    pub place: Option<String>,
    /// The event where it was signed.
    #[serde(default)]
    pub event_id: Option<EventId>,
    #[serde(default = "draft")]
    pub status: AgreementStatus,
    #[serde(default)]
    pub description: MultilingualText,
    /// Total value, when the parties disclose it.
    #[serde(default)]
    pub value: Option<Money>,
    /// Term: in force from `starts_on` until `ends_on`.
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default, skip_serializing_if = "Origin::is_empty")]
    pub origin: Origin,
    /// Visible to the parties and the secretariat only.
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub demo: bool,
}

fn draft() -> AgreementStatus {
    AgreementStatus::Draft
}

impl AgreementStatus {
    /// The statuses an agreement may move to from this one (staying put is always allowed).
    pub fn next(self) -> &'static [AgreementStatus] {
        use AgreementStatus::*;
        match self {
            Draft => &[Signed, InForce],
            Signed => &[InForce, Terminated, Expired],
            InForce => &[Completed, Terminated, Expired],
            Completed | Terminated | Expired => &[],
        }
    }

    pub fn can_become(self, to: AgreementStatus) -> bool {
        self == to || self.next().contains(&to)
    }
}

impl AgreementData {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_name(&mut e, "title", &self.title);
        if self.parties.len() < 2 {
            e.push(FieldError::new(
                "parties",
                ErrorCode::Required,
                "an agreement has at least two parties",
            ));
        }
        check_list_len(&mut e, "parties", &self.parties, 100);
        let mut seen = std::collections::HashSet::new();
        for (i, p) in self.parties.iter().enumerate() {
            if !seen.insert(p.organisation_id) {
                e.push(FieldError::new(
                    format!("parties[{i}].organisation_id"),
                    ErrorCode::Duplicate,
                    format!("organisation {} is already a party", p.organisation_id.0),
                ));
            }
            check_plain(&mut e, &format!("parties[{i}].role"), &p.role, 200);
        }
        check_list_len(&mut e, "signatories", &self.signatories, 100);
        for (i, s) in self.signatories.iter().enumerate() {
            if s.name.trim().is_empty() {
                e.push(FieldError::new(
                    format!("signatories[{i}].name"),
                    ErrorCode::Required,
                    "the signatory's name is required",
                ));
            }
            check_plain(
                &mut e,
                &format!("signatories[{i}].name"),
                &Some(s.name.clone()),
                200,
            );
            check_plain(
                &mut e,
                &format!("signatories[{i}].position"),
                &s.position,
                200,
            );
            if !seen.contains(&s.organisation_id) {
                e.push(FieldError::new(
                    format!("signatories[{i}].organisation_id"),
                    ErrorCode::UnknownValue,
                    format!(
                        "organisation {} is not a party to this agreement",
                        s.organisation_id.0
                    ),
                ));
            }
        }
        check_plain(&mut e, "place", &self.place, 300);
        if self.status != AgreementStatus::Draft && self.signed_on.is_none() {
            e.push(FieldError::new(
                "signed_on",
                ErrorCode::Required,
                "a signed agreement has a signing date",
            ));
        }
        check_dates(&mut e, "ends_on", self.starts_on, self.ends_on);
        check_dates(&mut e, "starts_on", self.signed_on, self.starts_on);
        check_list_len(&mut e, "milestones", &self.milestones, 200);
        for (i, m) in self.milestones.iter().enumerate() {
            let f = format!("milestones[{i}]");
            check_name(&mut e, &format!("{f}.title"), &m.title);
            if let Some(signed) = self.signed_on
                && m.due_on < signed
            {
                e.push(FieldError::new(
                    format!("{f}.due_on"),
                    ErrorCode::DateOrder,
                    format!(
                        "due {} before the agreement was signed on {signed}",
                        m.due_on
                    ),
                ));
            }
            if let Some(done) = m.completed_on
                && let Some(signed) = self.signed_on
                && done < signed
            {
                e.push(FieldError::new(
                    format!("{f}.completed_on"),
                    ErrorCode::DateOrder,
                    format!("completed {done} before the agreement was signed on {signed}"),
                ));
            }
            if let Some(o) = m.owner_id
                && !seen.contains(&o)
            {
                e.push(FieldError::new(
                    format!("{f}.owner_id"),
                    ErrorCode::UnknownValue,
                    format!("organisation {} is not a party to this agreement", o.0),
                ));
            }
        }
        e.into_result()
    }

    /// Rules about going from `before` to `self`: only legal status transitions.
    pub fn check_change(&self, before: &AgreementData) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if !before.status.can_become(self.status) {
            let allowed: Vec<&str> = before.status.next().iter().map(|s| s.as_str()).collect();
            e.push(FieldError::new(
                "status",
                ErrorCode::IllegalTransition,
                if allowed.is_empty() {
                    format!("a {} agreement cannot change status", before.status)
                } else {
                    format!(
                        "cannot go from {} to {}; allowed: {}",
                        before.status,
                        self.status,
                        allowed.join(", ")
                    )
                },
            ));
        }
        e.into_result()
    }

    /// Milestones not completed and due before `day`.
    pub fn overdue_on(&self, day: NaiveDate) -> impl Iterator<Item = (usize, &Milestone)> {
        self.milestones
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.completed_on.is_none() && m.due_on < day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> ProductData {
        serde_json::from_value(serde_json::json!({
            "supplier_id": 1,
            "name": {"en": "uCT 550", "zh": "uCT 550 CT"},
            "device_codes": ["FDA:JAK"],
            "registrations": [{"authority": "eaeu", "number": "РЗН 2023/1", "valid_from": "2023-01-01", "valid_until": "2028-01-01"}],
            "price": {"min": 300000, "max": 450000, "currency": "USD"}
        }))
        .unwrap()
    }

    #[test]
    fn a_good_product_passes_its_checks() {
        product().check().unwrap();
    }

    #[test]
    fn cross_field_rules_name_the_field() {
        let mut p = product();
        p.registrations[0].valid_until = NaiveDate::from_ymd_opt(2020, 1, 1);
        p.price.as_mut().unwrap().max = "1".parse().unwrap();
        p.name = MultilingualText::default();
        let errs = p.check().unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "registrations[0].valid_until", "price.max"]
        );
        assert_eq!(errs.0[1].code, ErrorCode::DateOrder);
    }

    #[test]
    fn unknown_fields_and_values_are_rejected() {
        let e = serde_json::from_value::<ProductData>(
            serde_json::json!({"supplier_id": 1, "name": {"en": "x"}, "colour": "red"}),
        )
        .unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
        let e = "ministry".parse::<OrgKind>().unwrap_err();
        assert!(e.message.contains("government_body"), "{}", e.message);
    }

    #[test]
    fn registrations_valid_on_a_day() {
        let p = product();
        let d = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
        assert_eq!(p.registrations_valid_on(d(2025)).count(), 1);
        assert_eq!(p.registrations_valid_on(d(2029)).count(), 0);
    }

    fn conference() -> EventData {
        serde_json::from_value(serde_json::json!({
            "name": {"en": "ISPC 2023"}, "kind": "conference", "starts_on": "2023-10-19",
            "ends_on": "2023-10-20", "country": "KG", "utc_offset_minutes": 360,
            "agenda": [{"starts_at": "2023-10-19T03:00:00Z", "ends_at": "2023-10-19T04:00:00Z",
                        "title": {"en": "Opening", "ru": "Открытие"}, "speakers": [7],
                        "language": "ru", "interpretation": ["zh", "en"]}]
        }))
        .unwrap()
    }

    #[test]
    fn agenda_items_end_after_they_start_and_fall_on_the_event_days() {
        let mut ev = conference();
        ev.check().unwrap();
        // 18:00 UTC on the 20th is midnight in Bishkek, the end of the last day: allowed.
        ev.agenda[0].ends_at = "2023-10-20T18:00:00Z".parse().unwrap();
        ev.check().unwrap();
        ev.agenda[0].ends_at = "2023-10-19T02:00:00Z".parse().unwrap();
        let mut late = ev.agenda[0].clone();
        // 20:00 UTC on the 20th is 02:00 on the 21st in Bishkek: after the event.
        late.starts_at = "2023-10-20T20:00:00Z".parse().unwrap();
        late.ends_at = "2023-10-20T21:00:00Z".parse().unwrap();
        late.speakers = vec![PersonId(7), PersonId(7)];
        ev.agenda.push(late);
        let errs = ev.check().unwrap_err();
        let fields: Vec<(&str, ErrorCode)> =
            errs.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("agenda[0].ends_at", ErrorCode::DateOrder),
                ("agenda[1].starts_at", ErrorCode::OutOfRange),
                ("agenda[1].ends_at", ErrorCode::OutOfRange),
                ("agenda[1].speakers[1]", ErrorCode::Duplicate),
            ]
        );
    }

    #[test]
    fn agenda_items_overlap_half_open_spans() {
        let item = &conference().agenda[0];
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert!(item.overlaps(t("2023-10-19T03:40:00Z"), t("2023-10-19T04:00:00Z")));
        assert!(!item.overlaps(t("2023-10-19T04:00:00Z"), t("2023-10-19T04:20:00Z")));
        assert!(!item.overlaps(t("2023-10-19T02:40:00Z"), t("2023-10-19T03:00:00Z")));
    }

    #[test]
    fn events_end_after_they_start() {
        let ev: EventData = serde_json::from_value(serde_json::json!({
            "name": {"en": "ISPC"}, "kind": "conference", "starts_on": "2023-10-19", "ends_on": "2023-10-18", "country": "KG"
        }))
        .unwrap();
        assert_eq!(ev.check().unwrap_err().0[0].field, "ends_on");
    }
}
