//! Delegations on an event page: who is coming (approved registrations, for everyone), the
//! signed-in organisation's own registration or a form to register its people, the
//! secretariat's approve and reject buttons, and at the door its check-in buttons and the
//! badges (see [`super::badges`]). Writes go through the API's `crud` rules.

use super::{Chrome, OrFail, WebError};
use crate::AppState;
use crate::api::crud;
use crate::api::meetings::everything_in;
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Filter, Scope};
use serde::Deserialize;

pub struct RegistrationView {
    pub id: i64,
    pub version: i64,
    pub organisation: String,
    pub delegates: Vec<DelegateView>,
    pub status: RegistrationStatus,
    /// The viewer may print this delegation's badges (the secretariat, or its organisation).
    pub badges: bool,
}

pub struct DelegateView {
    pub person_id: i64,
    /// Name and role: `Li Na (delegate)`.
    pub label: String,
    pub checked_in: bool,
}

pub struct Delegations {
    pub event_id: i64,
    /// Registrations the viewer may see: approved ones, their own, all for the secretariat.
    pub list: Vec<RegistrationView>,
    /// People of the viewer's organisation, when it has not registered yet.
    pub can_register: Vec<(PersonId, String)>,
}

pub async fn section(s: &AppState, c: &Chrome, event: &Event) -> Result<Delegations, ApiError> {
    let regs =
        everything_in::<RegistrationData>(s, vec![Filter::Event(event.id)], c.viewer.scope())
            .await?;
    let mut list = Vec::new();
    for r in &regs {
        let organisation = s
            .store
            .get::<OrganisationData>(r.data.organisation_id, Scope::All)
            .await
            .map(|o| o.data.name.best(c.code()).to_string())
            .unwrap_or_default();
        let mut delegates = Vec::new();
        for d in &r.data.delegates {
            if let Ok(p) = s.store.get::<PersonData>(d.person_id, Scope::All).await {
                delegates.push(DelegateView {
                    person_id: d.person_id.0,
                    label: format!(
                        "{} ({})",
                        p.data.name,
                        c.v("delegate-role", d.role.as_str())
                    ),
                    checked_in: d.checked_in,
                });
            }
        }
        list.push(RegistrationView {
            id: r.id.0,
            version: r.version,
            organisation,
            delegates,
            status: r.data.status,
            badges: c.viewer.is_admin() || c.viewer.organisation() == Some(r.data.organisation_id),
        });
    }
    let mut can_register = Vec::new();
    if let Some(org) = c.viewer.organisation()
        && !regs.iter().any(|r| r.data.organisation_id == org)
    {
        let people =
            everything_in::<PersonData>(s, vec![Filter::Organisation(org)], c.viewer.scope())
                .await?;
        can_register = people.into_iter().map(|p| (p.id, p.data.name)).collect();
    }
    Ok(Delegations {
        event_id: event.id.0,
        list,
        can_register,
    })
}

fn guard(c: &Chrome, csrf: &str) -> Result<(), WebError> {
    c.viewer.account().or_fail(c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(csrf)).or_fail(c)
}

/// Registers the viewer's organisation with the ticked people (repeated `people` fields).
pub async fn register(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let mut csrf = String::new();
    let mut people = Vec::new();
    let mut role = String::from("delegate");
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "people" => people.push(v.into_owned()),
            "role" => role = v.into_owned(),
            _ => {}
        }
    }
    guard(&c, &csrf)?;
    let org = c
        .viewer
        .organisation()
        .ok_or_else(|| c.fail(ApiError::forbidden("you do not belong to an organisation")))?;
    let role: DelegateRole = role
        .parse()
        .map_err(|e: FieldError| c.fail(ApiError::invalid(e.into())))?;
    let delegates = people
        .iter()
        .filter_map(|p| p.parse::<i64>().ok())
        .map(|p| Delegate {
            person_id: PersonId(p),
            role,
            languages: Vec::new(),
            unavailable_slots: Vec::new(),
            checked_in: false,
        })
        .collect();
    let data = RegistrationData {
        event_id: EventId(id),
        organisation_id: org,
        delegates,
        status: RegistrationStatus::Pending,
        note: None,
    };
    crud::create(&s, &c.viewer, data).await.or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{id}#delegations")).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecideForm {
    csrf: String,
    version: String,
    status: String,
}

/// The secretariat approves or rejects a registration.
pub async fn decide(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<DecideForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let current = s
        .store
        .get::<RegistrationData>(RegistrationId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let mut data = current.data.clone();
    data.status = f
        .status
        .parse()
        .map_err(|e: FieldError| c.fail(ApiError::invalid(e.into())))?;
    let version = f.version.parse().unwrap_or(0);
    crud::update(&s, &c.viewer, id, version, data)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{}#delegations", current.data.event_id.0)).into_response())
}
