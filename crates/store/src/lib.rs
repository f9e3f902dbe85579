//! medbridge store: where SQL lives.
//!
//! One [`Store`] with two backends: SQLite (the embedded default, a single file) and
//! PostgreSQL (production, many server processes). The query code is written once, in
//! `sql/queries.rs`, and compiled twice, once per backend (`sql/sqlite.rs`, `sql/postgres.rs`):
//! sqlx's runtime queries with `$1` placeholders and the types we use (i64, text, bool, dates,
//! timestamps, JSON) mean the same source is valid for both. That gives one code path above
//! the database without `sqlx::Any` (which has no dates or JSON) and without a generic `Store`
//! trait threaded through every handler; the enum below dispatches.
//!
//! Entities are stored as a JSON document plus projected columns (see [`entity`]); every write
//! runs in one transaction with its audit-log entry, so a failed write leaves nothing behind.

pub mod entity;
mod error;
pub mod follow_up;
mod query;
mod sql;
#[cfg(feature = "testing")]
pub mod testing;

pub use entity::Entity;
pub use error::StoreError;
pub use follow_up::{
    Document, Mail, NewDocument, OutboxMessage, SavedSearch, Subject, Suggested, Suggestion,
    SuggestionOwner, SuggestionQuery,
};
pub use query::{
    Arg, AuditEntry, Filter, ListQuery, LoginRecord, Scope, SessionRecord, SortField, Sql,
};

use chrono::{DateTime, NaiveDate, Utc};
use medbridge_core::model::Record;
use medbridge_core::{Email, OrgId, Page, PersonId};

/// Who made a write, for the audit log.
/// Counts of signed agreements for the dashboard and event reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgreementStats {
    /// (year signed, kind, count), by year then kind; year is empty when no date is known.
    pub by_year_kind: Vec<(String, String, i64)>,
    /// (ISO country of a party, agreements with a party there), most first.
    pub by_country: Vec<(String, i64)>,
    /// (status, count).
    pub by_status: Vec<(String, i64)>,
}

/// Which needs the funnel follows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelFilter {
    pub country: Option<medbridge_core::CountryCode>,
    pub cooperation_type: Option<medbridge_core::model::CooperationType>,
    /// Needs discussed at meetings of this event.
    pub event: Option<medbridge_core::EventId>,
    /// The other side of the country pair: needs discussed at a meeting (or in a meeting
    /// request) with an organisation of this country.
    pub partner_country: Option<medbridge_core::CountryCode>,
    /// Device category: needs naming this code (an EMDN code also takes the codes below it).
    pub device_code: Option<medbridge_core::DeviceCode>,
    /// Needs posted at or after this instant, and before `until`.
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// The path from a posted need to a completed milestone: how many needs reached each stage,
/// the conversion from the stage before, and the median days from the stage before.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub stages: Vec<FunnelStage>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStage {
    pub name: &'static str,
    pub count: usize,
    /// count / previous stage's count (None for the first stage or after an empty one).
    pub conversion: Option<f64>,
    /// Median days from the previous stage, over needs that reached this one.
    pub median_days: Option<f64>,
}

impl Funnel {
    /// Stage names, in order.
    pub const STAGES: [&'static str; 7] = [
        "posted",
        "matched",
        "meeting_requested",
        "meeting_held",
        "follow_up",
        "agreement_signed",
        "milestone_completed",
    ];

    /// The funnel from `reached[k]`, how many needs reached stage `k` through every stage
    /// before it (a need with an agreement but no recorded meeting stops at "posted"), and
    /// `median_seconds[k]`, the median of the whole seconds from stage `k - 1` to stage `k`
    /// over those needs.
    pub fn from_counts(reached: [usize; 7], median_seconds: [Option<f64>; 7]) -> Funnel {
        let mut stages = Vec::new();
        let mut previous: Option<usize> = None;
        for (k, name) in Self::STAGES.iter().enumerate() {
            let count = reached[k];
            stages.push(FunnelStage {
                name,
                count,
                conversion: previous.filter(|p| *p > 0).map(|p| count as f64 / p as f64),
                median_days: if k == 0 {
                    None
                } else {
                    median_seconds[k].map(|s| s / 86_400.0)
                },
            });
            previous = Some(count);
        }
        Funnel { stages }
    }
}

/// The median of `v` (the mean of the middle two for an even count), in linear time.
pub(crate) fn median_of(v: &mut [i64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let (below, &mut upper, _) = v.select_nth_unstable(n / 2);
    Some(if n % 2 == 1 {
        upper as f64
    } else {
        // The lower middle is the largest of the values below the upper one.
        let lower = *below.iter().max().expect("n >= 2");
        (lower + upper) as f64 / 2.0
    })
}

/// What the reminder digest lists.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    /// Signed or in-force agreements with at least one milestone overdue.
    pub overdue: Vec<Record<medbridge_core::AgreementId, medbridge_core::model::AgreementData>>,
    /// Signed or in-force agreements whose term ends within the horizon.
    pub expiring: Vec<Record<medbridge_core::AgreementId, medbridge_core::model::AgreementData>>,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub person: Option<PersonId>,
    /// A readable label: the person's e-mail, `cli`, `system`, `demo`.
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor {
            person: None,
            label: label.to_string(),
        }
    }
}

/// The database, SQLite or PostgreSQL. Cheap to clone (a pool handle).
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(sql::sqlite::Backend),
    Postgres(sql::postgres::Backend),
}

macro_rules! dispatch {
    ($self:ident.$method:ident$(::<$t:ty>)?($($arg:expr),*)) => {
        match $self {
            Store::Sqlite(b) => b.$method$(::<$t>)?($($arg),*).await,
            Store::Postgres(b) => b.$method$(::<$t>)?($($arg),*).await,
        }
    };
}

impl Store {
    /// Opens (creating if missing) the database at `url` and brings its schema up to date.
    /// `sqlite://path/to/file.db`, `sqlite::memory:`, or `postgres://user@host/db`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Store::Postgres(sql::postgres::Backend::connect(url).await?)
        } else if url.starts_with("sqlite:") {
            Store::Sqlite(sql::sqlite::Backend::connect(url).await?)
        } else {
            return Err(StoreError::BadUrl(url.to_string()));
        };
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "SQLite",
            Store::Postgres(_) => "PostgreSQL",
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        dispatch!(self.migrate())
    }

    pub async fn close(&self) {
        dispatch!(self.close())
    }

    // ---------------------------------------------------------------- entities

    pub async fn create<E: Entity>(
        &self,
        actor: &Actor,
        data: E,
    ) -> Result<Record<E::Id, E>, StoreError> {
        dispatch!(self.create(actor, data))
    }

    /// Creates many records in ONE transaction: all of them or none (imports). A rejected row
    /// is named in the error's field paths as `[index].field`.
    pub async fn create_many<E: Entity>(
        &self,
        actor: &Actor,
        rows: Vec<E>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<E::Id>, StoreError> {
        dispatch!(self.create_many(actor, rows, progress))
    }

    /// Loads many records fast for generators and benchmarks: one transaction, no audit
    /// entries, `created_at` given per record. A rejected row is named `[index].field`.
    pub async fn bulk_load<E: Entity>(
        &self,
        rows: &[(E, DateTime<Utc>)],
    ) -> Result<Vec<E::Id>, StoreError> {
        dispatch!(self.bulk_load(rows))
    }

    /// Recomputes the funnel of every need (or only of needs without a funnel row), after
    /// bulk loads. Returns how many needs it computed.
    pub async fn rebuild_funnel(&self, only_missing: bool) -> Result<usize, StoreError> {
        dispatch!(self.rebuild_funnel(only_missing))
    }

    /// Planner statistics, after bulk writes.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        dispatch!(self.optimize())
    }

    /// Reads one record if `scope` may see it; an invisible record is `NotFound`, so its
    /// existence is not revealed.
    pub async fn get<E: Entity>(
        &self,
        id: E::Id,
        scope: Scope,
    ) -> Result<Record<E::Id, E>, StoreError> {
        dispatch!(self.get(id, scope))
    }

    /// Replaces the data if the stored version is still `expected_version`.
    pub async fn update<E: Entity>(
        &self,
        actor: &Actor,
        id: E::Id,
        expected_version: i64,
        data: E,
    ) -> Result<Record<E::Id, E>, StoreError> {
        dispatch!(self.update(actor, id, expected_version, data))
    }

    /// Several updates in one transaction: all or none.
    pub async fn update_many<E: Entity>(
        &self,
        actor: &Actor,
        rows: Vec<(E::Id, i64, E)>,
    ) -> Result<Vec<Record<E::Id, E>>, StoreError> {
        dispatch!(self.update_many(actor, rows))
    }

    pub async fn delete<E: Entity>(
        &self,
        actor: &Actor,
        id: E::Id,
        expected_version: Option<i64>,
    ) -> Result<(), StoreError> {
        dispatch!(self.delete::<E>(actor, id, expected_version))
    }

    pub async fn list<E: Entity>(
        &self,
        q: &ListQuery,
        scope: Scope,
    ) -> Result<Page<Record<E::Id, E>>, StoreError> {
        dispatch!(self.list(q, scope))
    }

    pub async fn count<E: Entity>(&self) -> Result<i64, StoreError> {
        dispatch!(self.count::<E>())
    }

    /// Needs and offers still open after their deadline become `expired`; returns how many.
    pub async fn expire_opportunities(&self, today: NaiveDate) -> Result<u64, StoreError> {
        dispatch!(self.expire_opportunities(today))
    }

    /// Signed or in-force agreements past their end date become `expired`; returns how many.
    pub async fn expire_agreements(&self, today: NaiveDate) -> Result<u64, StoreError> {
        dispatch!(self.expire_agreements(today))
    }

    /// The funnel of the needs `scope` may see, narrowed by `filter`.
    pub async fn funnel(&self, scope: Scope, filter: &FunnelFilter) -> Result<Funnel, StoreError> {
        dispatch!(self.funnel(scope, filter))
    }

    /// Agreement counts by year and kind, by party country and by status.
    pub async fn agreement_stats(
        &self,
        scope: Scope,
        event: Option<i64>,
    ) -> Result<AgreementStats, StoreError> {
        dispatch!(self.agreement_stats(scope, event))
    }

    /// Overdue milestones and agreements ending within `horizon_days`, for the digest.
    pub async fn agreement_digest(
        &self,
        today: NaiveDate,
        horizon_days: u32,
        scope: Scope,
        limit: i64,
    ) -> Result<Digest, StoreError> {
        dispatch!(self.agreement_digest(today, horizon_days, scope, limit))
    }

    pub async fn audit_log(
        &self,
        entity: Option<&str>,
        entity_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        dispatch!(self.audit_log(entity, entity_id, limit))
    }

    // ---------------------------------------------------------------- accounts

    pub async fn set_password_hash(&self, person: PersonId, hash: &str) -> Result<(), StoreError> {
        dispatch!(self.set_password_hash(person, hash))
    }

    pub async fn find_login(&self, email: &Email) -> Result<Option<LoginRecord>, StoreError> {
        dispatch!(self.find_login(email))
    }

    pub async fn login_record(&self, person: PersonId) -> Result<Option<LoginRecord>, StoreError> {
        dispatch!(self.login_record(person))
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        person: PersonId,
        csrf: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        dispatch!(self.create_session(token_hash, person, csrf, expires_at))
    }

    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionRecord>, StoreError> {
        dispatch!(self.session(token_hash, now))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        dispatch!(self.delete_session(token_hash))
    }

    pub async fn create_api_token(
        &self,
        token_hash: &str,
        person: PersonId,
        name: &str,
    ) -> Result<(), StoreError> {
        dispatch!(self.create_api_token(token_hash, person, name))
    }

    pub async fn api_token(&self, token_hash: &str) -> Result<Option<LoginRecord>, StoreError> {
        dispatch!(self.api_token(token_hash))
    }

    /// Records a failed sign-in for `key` and returns how many failures it had since `since`.
    pub async fn record_login_failure(
        &self,
        key: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        dispatch!(self.record_login_failure(key, now, since))
    }

    pub async fn login_failures(&self, key: &str, since: DateTime<Utc>) -> Result<i64, StoreError> {
        dispatch!(self.login_failures(key, since))
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        dispatch!(self.clear_login_failures(key))
    }

    // ---------------------------------------------------------------- settings

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        dispatch!(self.setting(key))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        dispatch!(self.set_setting(key, value))
    }

    // ---------------------------------------------------------------- suggestions

    /// Makes `items` the current suggestions of a need or saved search; new ones get
    /// `status`, existing ones keep theirs, unseen ones no longer matching are dropped.
    /// Returns how many were new.
    pub async fn replace_suggestions(
        &self,
        subject: Subject,
        items: &[(Suggested, f64)],
        status: medbridge_core::model::SuggestionStatus,
    ) -> Result<usize, StoreError> {
        dispatch!(self.replace_suggestions(subject, items, status))
    }

    /// Adds suggestions to many needs and saved searches (a new offer's); returns the
    /// subjects that gained a new one.
    pub async fn add_suggestions(
        &self,
        rows: &[(Subject, Suggested, f64)],
    ) -> Result<Vec<Subject>, StoreError> {
        dispatch!(self.add_suggestions(rows))
    }

    /// Bulk load without per-row checks, for benchmarks and generators.
    pub async fn load_suggestions(
        &self,
        rows: &[(
            Subject,
            Suggested,
            f64,
            medbridge_core::model::SuggestionStatus,
            DateTime<Utc>,
        )],
    ) -> Result<(), StoreError> {
        dispatch!(self.load_suggestions(rows))
    }

    /// One page of the suggestions `owner` follows, newest first; true when there are more.
    pub async fn suggestions(
        &self,
        owner: SuggestionOwner,
        q: &SuggestionQuery,
    ) -> Result<(Vec<Suggestion>, bool), StoreError> {
        dispatch!(self.suggestions(owner, q))
    }

    pub async fn needs_with_suggestions(
        &self,
    ) -> Result<std::collections::HashSet<medbridge_core::OpportunityId>, StoreError> {
        dispatch!(self.needs_with_suggestions())
    }

    pub async fn count_new_suggestions(&self, owner: SuggestionOwner) -> Result<i64, StoreError> {
        dispatch!(self.count_new_suggestions(owner))
    }

    pub async fn suggestions_of(&self, subject: Subject) -> Result<Vec<Suggestion>, StoreError> {
        dispatch!(self.suggestions_of(subject))
    }

    pub async fn mark_suggestions_seen(&self, subject: Subject) -> Result<u64, StoreError> {
        dispatch!(self.mark_suggestions_seen(subject))
    }

    pub async fn set_suggestion_status(
        &self,
        actor: &Actor,
        owner: SuggestionOwner,
        id: medbridge_core::SuggestionId,
        status: medbridge_core::model::SuggestionStatus,
    ) -> Result<Suggestion, StoreError> {
        dispatch!(self.set_suggestion_status(actor, owner, id, status))
    }

    // ---------------------------------------------------------------- saved searches

    pub async fn create_saved_search(
        &self,
        actor: &Actor,
        person: PersonId,
        name: &str,
        query: &serde_json::Value,
    ) -> Result<SavedSearch, StoreError> {
        dispatch!(self.create_saved_search(actor, person, name, query))
    }

    /// One person's saved searches, or everyone's.
    pub async fn saved_searches(
        &self,
        person: Option<PersonId>,
    ) -> Result<Vec<SavedSearch>, StoreError> {
        dispatch!(self.saved_searches(person))
    }

    pub async fn saved_search(
        &self,
        id: medbridge_core::SavedSearchId,
    ) -> Result<SavedSearch, StoreError> {
        dispatch!(self.saved_search(id))
    }

    pub async fn delete_saved_search(
        &self,
        actor: &Actor,
        person: PersonId,
        id: medbridge_core::SavedSearchId,
    ) -> Result<(), StoreError> {
        dispatch!(self.delete_saved_search(actor, person, id))
    }

    // ---------------------------------------------------------------- documents

    pub async fn add_document(
        &self,
        actor: &Actor,
        doc: &NewDocument,
    ) -> Result<Document, StoreError> {
        dispatch!(self.add_document(actor, doc))
    }

    pub async fn documents(
        &self,
        agreement: medbridge_core::AgreementId,
    ) -> Result<Vec<Document>, StoreError> {
        dispatch!(self.documents(agreement))
    }

    pub async fn document(
        &self,
        agreement: medbridge_core::AgreementId,
        id: medbridge_core::DocumentId,
    ) -> Result<Document, StoreError> {
        dispatch!(self.document(agreement, id))
    }

    /// Removes a document's record; also says whether another record shares its bytes.
    pub async fn delete_document(
        &self,
        actor: &Actor,
        agreement: medbridge_core::AgreementId,
        id: medbridge_core::DocumentId,
    ) -> Result<(Document, bool), StoreError> {
        dispatch!(self.delete_document(actor, agreement, id))
    }

    // ---------------------------------------------------------------- outbox

    /// Queues mails once per `dedup_key`; returns how many were new.
    pub async fn queue_mail(&self, mails: &[Mail]) -> Result<usize, StoreError> {
        dispatch!(self.queue_mail(mails))
    }

    pub async fn due_mail(
        &self,
        at: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        dispatch!(self.due_mail(at, limit))
    }

    pub async fn outbox(&self, limit: i64) -> Result<Vec<OutboxMessage>, StoreError> {
        dispatch!(self.outbox(limit))
    }

    pub async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        dispatch!(self.mail_sent(id, at))
    }

    pub async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        dispatch!(self.mail_failed(id, error, retry_at))
    }

    /// Which organisation owns the alliance memberships, for the directory filter.
    pub async fn members_of(&self, alliance: OrgId) -> Result<Vec<OrgId>, StoreError> {
        dispatch!(self.members_of(alliance))
    }
}

#[cfg(test)]
mod tests {
    use super::median_of;

    #[test]
    fn median_of_odd_even_and_empty_lists() {
        assert_eq!(median_of(&mut []), None);
        assert_eq!(median_of(&mut [7]), Some(7.0));
        assert_eq!(median_of(&mut [9, -3, 4]), Some(4.0));
        assert_eq!(median_of(&mut [10, 1, 4, 3]), Some(3.5));
        assert_eq!(median_of(&mut [5, 5, 1, 5]), Some(5.0));
        // Against sorting, on lists of every length up to 40.
        let mut x = 12345u64;
        for n in 1..40usize {
            let mut v: Vec<i64> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 50) as i64 - 10
                })
                .collect();
            let mut sorted = v.clone();
            sorted.sort();
            let want = if n % 2 == 1 {
                sorted[n / 2] as f64
            } else {
                (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
            };
            assert_eq!(median_of(&mut v), Some(want), "{sorted:?}");
        }
    }
}
