//! What follows a match or a signature: suggestions kept with their status, saved searches,
//! documents attached to agreements, and the e-mail outbox.
//!
//! These are plain rows, not JSON-document entities: suggestions are derived data written in
//! bulk by the matching engine (a million of them is an ordinary size), and documents and
//! outbox messages are records *about* other records. Writes a person makes (saving a search,
//! changing a suggestion's status, uploading a document) still go to the audit log.

use chrono::{DateTime, Utc};
use medbridge_core::model::SuggestionStatus;
use medbridge_core::{
    AgreementId, DocumentId, OpportunityId, OrgId, PersonId, ProductId, SavedSearchId, SuggestionId,
};
use serde::Serialize;

/// What a suggestion is for: a need, or a person's saved search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Need(OpportunityId),
    SavedSearch(SavedSearchId),
}

/// What was suggested: a product, or an offer (an opportunity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Suggested {
    Product(ProductId),
    Opportunity(OpportunityId),
}

impl Suggested {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Suggested::Product(_) => "product",
            Suggested::Opportunity(_) => "opportunity",
        }
    }

    pub(crate) fn raw(self) -> i64 {
        match self {
            Suggested::Product(p) => p.0,
            Suggested::Opportunity(o) => o.0,
        }
    }

    pub(crate) fn from_row(kind: &str, id: i64) -> Suggested {
        if kind == "product" {
            Suggested::Product(ProductId(id))
        } else {
            Suggested::Opportunity(OpportunityId(id))
        }
    }
}

/// A match the platform suggested, and where its owner is with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub id: SuggestionId,
    pub subject: Subject,
    pub item: Suggested,
    pub score: f64,
    pub status: SuggestionStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Whose suggestions a list shows: those of the needs of `organisation` (all needs for the
/// secretariat) and of the saved searches of `person`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestionOwner {
    pub person: PersonId,
    pub organisation: Option<OrgId>,
    /// The secretariat follows the suggestions of every need.
    pub all_needs: bool,
}

/// Which suggestions a list shows, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuggestionQuery {
    pub status: Option<SuggestionStatus>,
    pub subject: Option<Subject>,
    /// Only ids below this one (the next page).
    pub before: Option<SuggestionId>,
    pub limit: u32,
}

/// A person's saved search: the ad-hoc need they typed (as the API's match request, JSON),
/// kept so that new matching offers raise alerts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedSearch {
    pub id: SavedSearchId,
    pub person: PersonId,
    pub name: String,
    pub query: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// A file attached to an agreement. The bytes are kept by the caller under `sha256`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub id: DocumentId,
    pub agreement: AgreementId,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<PersonId>,
    pub uploaded_at: DateTime<Utc>,
}

/// A document about to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    pub agreement: AgreementId,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// An e-mail to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mail {
    /// Queued at most once per key ("milestone:12:0:2026-12-01").
    pub dedup_key: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An e-mail in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub mail: Mail,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}
