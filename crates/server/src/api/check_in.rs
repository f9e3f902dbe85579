//! Check-in at the door: the secretariat marks one delegate of an approved delegation as
//! arrived. A dedicated action rather than a PUT of the whole registration, because the
//! steward at the door has a badge (registration and person), not the registration's
//! current document and version; the read-modify-write here still goes through the
//! registration's version, so a concurrent edit is never overwritten.

use crate::AppState;
use crate::api::crud::{self, Tagged};
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use axum::extract::{Path, State};
use medbridge_core::model::*;
use medbridge_core::*;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// A delegate of this registration.
    pub person_id: PersonId,
    /// `false` undoes a mistaken check-in.
    #[serde(default = "yes")]
    pub checked_in: bool,
}

fn yes() -> bool {
    true
}

/// Checks `person` of registration `id` in (or out); the registration as stored after.
pub async fn check_in(
    s: &AppState,
    viewer: &Viewer,
    id: i64,
    person: PersonId,
    checked_in: bool,
) -> Result<EventRegistration, ApiError> {
    viewer.account()?;
    if !viewer.is_admin() {
        return Err(ApiError::forbidden(
            "delegates are checked in by the secretariat",
        ));
    }
    let current = s
        .store
        .get::<RegistrationData>(RegistrationId(id), viewer.scope())
        .await?;
    let mut data = current.data.clone();
    let Some(d) = data.delegates.iter_mut().find(|d| d.person_id == person) else {
        return Err(ApiError::field(
            "person_id",
            ErrorCode::UnknownValue,
            format!("person {person} is not a delegate of this registration"),
        ));
    };
    if checked_in && current.data.status != RegistrationStatus::Approved {
        return Err(ApiError::field(
            "person_id",
            ErrorCode::IllegalTransition,
            format!(
                "this delegation is {}; the organiser approves it before anyone checks in",
                current.data.status
            ),
        ));
    }
    d.checked_in = checked_in;
    crud::update(s, viewer, id, current.version, data)
        .await
        .map(|t| t.0)
}

/// Marks a delegate as arrived at the event (the secretariat, at the door).
#[utoipa::path(post, path = "/registrations/{id}/check-in", tag = "events",
    params(("id" = i64, Path, description = "A registration (delegation)")),
    request_body = CheckIn,
    responses((status = 200, description = "The registration with the delegate checked in", body = Record<RegistrationId, RegistrationData>),
              (status = 403, description = "Only the secretariat checks delegates in", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "No such registration", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "The person is not a delegate of this registration, or it is not approved", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn check_in_delegate(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    crate::api::extract::ApiJson(body): crate::api::extract::ApiJson<CheckIn>,
) -> Result<Tagged<RegistrationId, RegistrationData>, ApiError> {
    check_in(&s, &viewer, id, body.person_id, body.checked_in)
        .await
        .map(Tagged)
}
