//! The five actions every resource shares, written once. Permissions are per entity
//! ([`Resource::writable_by`]); visibility is the store's (`Scope`), so an unpublished record
//! is simply absent for those who may not see it.

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::entity::IdType;
use medbridge_store::{Entity, Filter, ListQuery, SortField};
use serde::Deserialize;

/// Query parameters of every list. A filter that does not apply to the resource is a 422.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Words to find in any language of the name, title or description.
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// Organisation kind, event kind or agreement kind.
    pub kind: Option<String>,
    pub cooperation_type: Option<String>,
    /// `need` or `offer`.
    pub direction: Option<String>,
    /// Opportunity or agreement status.
    pub status: Option<String>,
    /// SCHEME:CODE, e.g. FDA:JAK; an EMDN code also matches the codes below it.
    pub device_code: Option<String>,
    /// Organisation id (supplier of products, owner of needs and offers, party, organiser, employer).
    pub organisation: Option<i64>,
    /// Alliance id: its active members.
    pub alliance: Option<i64>,
    /// Event id: its sub-events, agreements signed there, its registrations or meeting requests.
    pub event: Option<i64>,
    /// Person id: delegations they belong to, meeting requests they are party to.
    pub person: Option<i64>,
    /// `name` (default), `-name`, `created`, `-created`.
    pub sort: Option<String>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
}

fn parse<T: std::str::FromStr<Err = FieldError>>(field: &str, v: &str) -> Result<T, FieldError> {
    v.parse().map_err(|e: FieldError| FieldError {
        field: field.to_string(),
        ..e
    })
}

/// What the API layer adds to a stored entity: who may write it, and how `kind` and `status`
/// filters read for it.
pub trait Resource: Entity + utoipa::ToSchema {
    fn kind_filter(v: &str) -> Result<Filter, FieldError> {
        let _ = v;
        Err(FieldError::new(
            "kind",
            ErrorCode::UnknownValue,
            format!("{}s have no kind filter", Self::NAME),
        ))
    }
    fn status_filter(v: &str) -> Result<Filter, FieldError> {
        let _ = v;
        Err(FieldError::new(
            "status",
            ErrorCode::UnknownValue,
            format!("{}s have no status filter", Self::NAME),
        ))
    }
    /// May `viewer` hold a record in this state? Checked on the old and the new state of an
    /// update, so nobody moves a record into or out of an organisation they do not edit.
    fn writable_by(&self, id: Option<i64>, viewer: &Viewer) -> bool;
    /// A change from `old` to `self` that only the secretariat may make, if any.
    fn secretariat_change(&self, old: &Self) -> Option<&'static str> {
        let _ = old;
        None
    }
    /// A change that this viewer may not make although they may write the record (the
    /// requester of a meeting accepting it on the other party's behalf, say).
    fn party_change(&self, old: &Self, viewer: &Viewer) -> Option<&'static str> {
        let _ = (old, viewer);
        None
    }
    /// Whether writes of this kind are made one at a time (under `AppState::meeting_writes`),
    /// because `check_with_others` reads records that a concurrent write could change.
    const ONE_AT_A_TIME: bool = false;
    /// Rules that need other records (a meeting placed at a table another meeting holds),
    /// checked after the permissions; `old` is the record before an update.
    fn check_with_others(
        &self,
        s: &AppState,
        id: Option<i64>,
        old: Option<&Self>,
    ) -> impl std::future::Future<Output = Result<(), ApiError>> + Send {
        let _ = (s, id, old);
        async { Ok(()) }
    }
}

fn own_org(viewer: &Viewer, org: Option<OrgId>, roles: &[Role]) -> bool {
    viewer.is_admin()
        || (org.is_some()
            && viewer.organisation() == org
            && viewer.role().is_some_and(|r| roles.contains(&r)))
}

impl Resource for OrganisationData {
    fn kind_filter(v: &str) -> Result<Filter, FieldError> {
        parse("kind", v).map(Filter::OrgKind)
    }
    fn writable_by(&self, id: Option<i64>, viewer: &Viewer) -> bool {
        // Creating organisations is the secretariat's; editors maintain their own profile.
        own_org(viewer, id.map(OrgId), &[Role::Editor])
    }
    fn secretariat_change(&self, old: &Self) -> Option<&'static str> {
        (self.memberships != old.memberships).then_some("memberships")
    }
}

impl Resource for PersonData {
    fn writable_by(&self, _: Option<i64>, viewer: &Viewer) -> bool {
        self.role != Role::Admin && own_org(viewer, self.organisation_id, &[Role::Editor])
            || viewer.is_admin()
    }
}

impl Resource for ProductData {
    fn writable_by(&self, _: Option<i64>, viewer: &Viewer) -> bool {
        own_org(viewer, Some(self.supplier_id), &[Role::Editor])
    }
}

impl Resource for OpportunityData {
    fn status_filter(v: &str) -> Result<Filter, FieldError> {
        parse("status", v).map(Filter::OpportunityStatus)
    }
    fn writable_by(&self, _: Option<i64>, viewer: &Viewer) -> bool {
        own_org(
            viewer,
            Some(self.organisation_id),
            &[Role::Editor, Role::Member],
        )
    }
}

impl Resource for EventData {
    fn kind_filter(v: &str) -> Result<Filter, FieldError> {
        parse("kind", v).map(Filter::EventKind)
    }
    fn writable_by(&self, _: Option<i64>, viewer: &Viewer) -> bool {
        viewer.is_admin()
    }
}

impl Resource for AgreementData {
    fn kind_filter(v: &str) -> Result<Filter, FieldError> {
        parse("kind", v).map(Filter::AgreementKind)
    }
    fn status_filter(v: &str) -> Result<Filter, FieldError> {
        parse("status", v).map(Filter::AgreementStatus)
    }
    fn writable_by(&self, _: Option<i64>, viewer: &Viewer) -> bool {
        viewer.is_admin()
    }
}

impl Resource for RegistrationData {
    fn status_filter(v: &str) -> Result<Filter, FieldError> {
        parse("status", v).map(Filter::RegistrationStatus)
    }
    fn writable_by(&self, id: Option<i64>, viewer: &Viewer) -> bool {
        // Organisations register themselves (as pending); the organiser decides.
        own_org(
            viewer,
            Some(self.organisation_id),
            &[Role::Editor, Role::Member],
        ) && (id.is_some() || self.status == RegistrationStatus::Pending || viewer.is_admin())
    }
    fn secretariat_change(&self, old: &Self) -> Option<&'static str> {
        let checked =
            |r: &Self| -> Vec<bool> { r.delegates.iter().map(|d| d.checked_in).collect() };
        if self.status != old.status && self.status != RegistrationStatus::Cancelled {
            Some("the status of a registration")
        } else if self.delegates.iter().any(|d| d.checked_in) && checked(self) != checked(old) {
            Some("check-in")
        } else {
            None
        }
    }
}

impl Resource for MeetingRequestData {
    const ONE_AT_A_TIME: bool = true;
    fn status_filter(v: &str) -> Result<Filter, FieldError> {
        parse("status", v).map(Filter::MeetingStatus)
    }
    fn writable_by(&self, id: Option<i64>, viewer: &Viewer) -> bool {
        let roles = [Role::Editor, Role::Member];
        match id {
            // A new request comes from the viewer's organisation, unanswered and unplaced.
            None => {
                own_org(viewer, Some(self.from_organisation), &roles)
                    && (viewer.is_admin()
                        || (self.status == MeetingRequestStatus::Pending
                            && self.placement.is_none()
                            && self.unscheduled.is_none()
                            && !self.locked))
            }
            Some(_) => {
                own_org(viewer, Some(self.from_organisation), &roles)
                    || own_org(viewer, Some(self.to_organisation), &roles)
            }
        }
    }
    fn secretariat_change(&self, old: &Self) -> Option<&'static str> {
        if self.placement != old.placement {
            Some("placement")
        } else if self.unscheduled != old.unscheduled {
            Some("the scheduler's note")
        } else if self.locked != old.locked {
            Some("locked")
        } else if self.status == MeetingRequestStatus::Confirmed && old.status != self.status {
            Some("confirmation")
        } else {
            None
        }
    }
    async fn check_with_others(
        &self,
        s: &AppState,
        id: Option<i64>,
        old: Option<&Self>,
    ) -> Result<(), ApiError> {
        match self.placement {
            Some(p) if old.and_then(|o| o.placement) != Some(p) => {
                crate::api::meetings::check_placement(s, self, id.map(MeetingRequestId), p).await
            }
            _ => Ok(()),
        }
    }
    fn party_change(&self, old: &Self, viewer: &Viewer) -> Option<&'static str> {
        let answered = matches!(
            self.status,
            MeetingRequestStatus::Accepted | MeetingRequestStatus::Declined
        ) && self.status != old.status;
        (answered && viewer.organisation() != Some(self.to_organisation))
            .then_some("only the invited party accepts or declines a meeting request")
    }
}

/// Turns query parameters into a store query, collecting every bad parameter.
pub fn list_query<E: Resource>(p: ListParams) -> Result<ListQuery, FieldErrors> {
    let mut errs = FieldErrors::default();
    let mut filters = Vec::new();
    let mut add = |r: Result<Filter, FieldError>| match r {
        Ok(f) => filters.push(f),
        Err(e) => errs.push(e),
    };
    if let Some(q) = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        add(if q.chars().count() > 200 {
            Err(FieldError::new(
                "q",
                ErrorCode::TooLong,
                "at most 200 characters",
            ))
        } else {
            Ok(Filter::Text(q.to_string()))
        });
    }
    if let Some(v) = &p.country {
        add(parse("country", v).map(Filter::Country));
    }
    if let Some(v) = &p.kind {
        add(E::kind_filter(v));
    }
    if let Some(v) = &p.status {
        add(E::status_filter(v));
    }
    if let Some(v) = &p.cooperation_type {
        add(parse("cooperation_type", v).map(Filter::Cooperation));
    }
    if let Some(v) = &p.direction {
        add(parse("direction", v).map(Filter::Direction));
    }
    if let Some(v) = &p.device_code {
        add(parse("device_code", v).map(Filter::DeviceCode));
    }
    if let Some(v) = p.organisation {
        add(Ok(Filter::Organisation(OrgId(v))));
    }
    if let Some(v) = p.alliance {
        add(Ok(Filter::Alliance(OrgId(v))));
    }
    if let Some(v) = p.event {
        add(Ok(Filter::Event(EventId(v))));
    }
    if let Some(v) = p.person {
        add(Ok(Filter::Person(PersonId(v))));
    }
    let (sort, order) = match p.sort.as_deref().unwrap_or("name") {
        "name" => (SortField::Name, SortOrder::Asc),
        "-name" => (SortField::Name, SortOrder::Desc),
        "created" => (SortField::Created, SortOrder::Asc),
        "-created" => (SortField::Created, SortOrder::Desc),
        other => {
            errs.push(FieldError::new(
                "sort",
                ErrorCode::UnknownValue,
                format!("'{other}' is not one of: name, -name, created, -created"),
            ));
            (SortField::Name, SortOrder::Asc)
        }
    };
    let cursor = match p.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => match Cursor::decode(c) {
            Some(c) => Some(c),
            None => {
                errs.push(FieldError::new(
                    "cursor",
                    ErrorCode::InvalidFormat,
                    "not a cursor this API issued; start again from the first page",
                ));
                None
            }
        },
    };
    let limit = p.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        errs.push(FieldError::new(
            "limit",
            ErrorCode::OutOfRange,
            format!("{limit} is not between 1 and 200"),
        ));
    }
    errs.into_result()?;
    Ok(ListQuery {
        filters,
        sort,
        order,
        cursor,
        limit,
    })
}

pub async fn list<E: Resource>(
    s: &AppState,
    viewer: &Viewer,
    p: ListParams,
) -> Result<Json<Page<Record<E::Id, E>>>, ApiError> {
    let q = list_query::<E>(p)?;
    Ok(Json(s.store.list::<E>(&q, viewer.scope()).await?))
}

/// A record with its version as the ETag.
pub struct Tagged<I, T>(pub Record<I, T>);

impl<I: serde::Serialize, T: serde::Serialize> IntoResponse for Tagged<I, T> {
    fn into_response(self) -> Response {
        let etag = HeaderValue::from_str(&format!("\"{}\"", self.0.version)).expect("digits");
        let mut res = Json(self.0).into_response();
        res.headers_mut().insert(header::ETAG, etag);
        res
    }
}

pub async fn get<E: Resource>(
    s: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<Tagged<E::Id, E>, ApiError> {
    Ok(Tagged(
        s.store
            .get::<E>(E::Id::from_raw(id), viewer.scope())
            .await?,
    ))
}

fn refuse<E: Resource>(viewer: &Viewer) -> ApiError {
    match viewer.0 {
        None => ApiError::unauthorized(),
        Some(_) => ApiError::forbidden(format!(
            "your role or organisation may not change this {}",
            E::NAME
        )),
    }
}

/// The guard that keeps a checked write of `E` alone until it is stored, if `E` needs one.
async fn one_at_a_time<E: Resource>(s: &AppState) -> Option<tokio::sync::MutexGuard<'_, ()>> {
    if E::ONE_AT_A_TIME {
        Some(s.meeting_writes.lock().await)
    } else {
        None
    }
}

pub async fn create<E: Resource>(
    s: &AppState,
    viewer: &Viewer,
    data: E,
) -> Result<Tagged<E::Id, E>, ApiError> {
    viewer.account()?;
    if !data.writable_by(None, viewer) {
        return Err(refuse::<E>(viewer));
    }
    let _one_at_a_time = one_at_a_time::<E>(s).await;
    data.check_with_others(s, None, None).await?;
    let rec = s.store.create(&viewer.actor(), data).await?;
    s.matcher.changed(&s.store, E::NAME, rec.id.raw()).await;
    Ok(Tagged(rec))
}

pub async fn update<E: Resource>(
    s: &AppState,
    viewer: &Viewer,
    id: i64,
    version: i64,
    data: E,
) -> Result<Tagged<E::Id, E>, ApiError> {
    viewer.account()?;
    let current = s
        .store
        .get::<E>(E::Id::from_raw(id), viewer.scope())
        .await?;
    if !current.data.writable_by(Some(id), viewer) || !data.writable_by(Some(id), viewer) {
        return Err(refuse::<E>(viewer));
    }
    if let Some(field) = data
        .secretariat_change(&current.data)
        .filter(|_| !viewer.is_admin())
    {
        return Err(ApiError::forbidden(format!(
            "only the secretariat changes {field}"
        )));
    }
    if let Some(why) = data
        .party_change(&current.data, viewer)
        .filter(|_| !viewer.is_admin())
    {
        return Err(ApiError::forbidden(why));
    }
    let _one_at_a_time = one_at_a_time::<E>(s).await;
    data.check_with_others(s, Some(id), Some(&current.data))
        .await?;
    let rec = s
        .store
        .update(&viewer.actor(), E::Id::from_raw(id), version, data)
        .await?;
    s.matcher.changed(&s.store, E::NAME, id).await;
    Ok(Tagged(rec))
}

pub async fn delete<E: Resource>(
    s: &AppState,
    viewer: &Viewer,
    id: i64,
    version: Option<i64>,
) -> Result<(), ApiError> {
    viewer.account()?;
    let current = s
        .store
        .get::<E>(E::Id::from_raw(id), viewer.scope())
        .await?;
    if !current.data.writable_by(Some(id), viewer) {
        return Err(refuse::<E>(viewer));
    }
    s.store
        .delete::<E>(&viewer.actor(), E::Id::from_raw(id), version)
        .await?;
    s.matcher.changed(&s.store, E::NAME, id).await;
    Ok(())
}
