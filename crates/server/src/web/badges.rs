//! At the door: printable badges with a QR code, and checking delegates in.
//!
//! Each badge's QR code encodes the delegate's check-in page (`/check-in/{registration}/
//! {person}`), so a steward signed in as the secretariat scans it with a phone and taps one
//! button; the page itself changes nothing on GET. The QR is an SVG drawn on the server by
//! the pure-Rust `qrcode` crate (no image crate, no script), so badges print sharp at any
//! size and work offline.

use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use crate::api::check_in::check_in;
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::Scope;
use serde::Deserialize;

/// One printed badge.
pub struct Badge {
    pub person_id: i64,
    pub name: String,
    pub position: String,
    pub organisation: String,
    pub country: String,
    pub role: DelegateRole,
    pub languages: String,
    pub checked_in: bool,
    /// The check-in page the QR code leads to.
    pub url: String,
    /// The QR code, an inline SVG.
    pub qr: String,
}

/// `scheme://host` of this request, for absolute URLs printed on paper. The scheme is
/// https when the server runs behind HTTPS (secure cookies), as a QR code must open as is.
fn origin(s: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if s.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The QR code of `text` as SVG, or nothing if it does not fit a QR code (a URL this short
/// always does).
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
        Err(e) => {
            tracing::warn!("no QR code for {text}: {e}");
            String::new()
        }
    }
}

/// The registration `id` if the viewer may print its badges: the secretariat, or the
/// delegation's own organisation.
async fn own_registration(
    s: &AppState,
    c: &Chrome,
    id: i64,
) -> Result<EventRegistration, WebError> {
    c.viewer.account().or_fail(c)?;
    let reg = s
        .store
        .get::<RegistrationData>(RegistrationId(id), c.viewer.scope())
        .await
        .or_fail(c)?;
    if !c.viewer.is_admin() && c.viewer.organisation() != Some(reg.data.organisation_id) {
        return Err(c.fail(ApiError::forbidden(
            "badges are printed by the secretariat or the delegation's organisation",
        )));
    }
    Ok(reg)
}

async fn badges_of(
    s: &AppState,
    c: &Chrome,
    origin: &str,
    reg: &EventRegistration,
    only: Option<i64>,
) -> Vec<Badge> {
    let org = s
        .store
        .get::<OrganisationData>(reg.data.organisation_id, Scope::All)
        .await
        .ok();
    let mut out = Vec::new();
    for d in &reg.data.delegates {
        if only.is_some_and(|p| p != d.person_id.0) {
            continue;
        }
        let Ok(p) = s.store.get::<PersonData>(d.person_id, Scope::All).await else {
            continue;
        };
        let url = format!("{origin}/check-in/{}/{}", reg.id, d.person_id);
        out.push(Badge {
            person_id: d.person_id.0,
            name: p.data.name,
            position: p.data.position.unwrap_or_default(),
            organisation: org
                .as_ref()
                .map(|o| o.data.name.best(c.code()).to_string())
                .unwrap_or_default(),
            country: org
                .as_ref()
                .map(|o| o.data.country.as_str().to_string())
                .unwrap_or_default(),
            role: d.role,
            languages: d
                .languages
                .iter()
                .map(|l| l.primary().to_uppercase())
                .collect::<Vec<_>>()
                .join(" · "),
            checked_in: d.checked_in,
            qr: qr_svg(&url),
            url,
        });
    }
    out
}

#[derive(Template)]
#[template(path = "badges.html")]
struct BadgesPage {
    c: Chrome,
    event: Event,
    registration: EventRegistration,
    badges: Vec<Badge>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BadgeQuery {
    /// One delegate's badge only.
    person: Option<i64>,
}

/// The badges of a delegation, one card per delegate, laid out for printing.
pub async fn badges(
    State(s): State<AppState>,
    c: Chrome,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<BadgeQuery>,
) -> Result<Response, WebError> {
    let registration = own_registration(&s, &c, id).await?;
    let event = s
        .store
        .get::<EventData>(registration.data.event_id, Scope::All)
        .await
        .or_fail(&c)?;
    let badges = badges_of(&s, &c, &origin(&s, &headers), &registration, q.person).await;
    if badges.is_empty() {
        return Err(c.fail(ApiError::not_found("no such delegate in this delegation")));
    }
    Ok(render(&BadgesPage {
        c,
        event,
        registration,
        badges,
    }))
}

#[derive(Template)]
#[template(path = "check_in.html")]
struct CheckInPage {
    c: Chrome,
    event: Event,
    registration: EventRegistration,
    badge: Badge,
}

/// What the QR code opens: who this is, whether their delegation is approved, whether they
/// are in, and (for the secretariat) the button that checks them in.
pub async fn page(
    State(s): State<AppState>,
    c: Chrome,
    headers: HeaderMap,
    Path((id, person)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    c.viewer.account().or_fail(&c)?;
    if !c.viewer.is_admin() {
        return Err(c.fail(ApiError::forbidden(
            "delegates are checked in by the secretariat",
        )));
    }
    let registration = own_registration(&s, &c, id).await?;
    let event = s
        .store
        .get::<EventData>(registration.data.event_id, Scope::All)
        .await
        .or_fail(&c)?;
    let Some(badge) = badges_of(&s, &c, &origin(&s, &headers), &registration, Some(person))
        .await
        .pop()
    else {
        return Err(c.fail(ApiError::not_found("no such delegate in this delegation")));
    };
    Ok(render(&CheckInPage {
        c,
        event,
        registration,
        badge,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckInForm {
    csrf: String,
    person: String,
    /// `true` to check in, `false` to undo a mistaken check-in.
    checked_in: String,
    /// `page` to return to the check-in page (after a scan), else the event page.
    back: String,
}

/// The secretariat checks a delegate in (or undoes it).
pub async fn submit(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<CheckInForm>,
) -> Result<Response, WebError> {
    c.viewer.account().or_fail(&c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(&f.csrf)).or_fail(&c)?;
    let person: i64 = f.person.trim().parse().map_err(|_| {
        c.fail(ApiError::field(
            "person",
            ErrorCode::InvalidFormat,
            "choose a delegate",
        ))
    })?;
    let reg = check_in(&s, &c.viewer, id, PersonId(person), f.checked_in != "false")
        .await
        .or_fail(&c)?;
    let to = if f.back == "page" {
        format!("/check-in/{id}/{person}")
    } else {
        format!("/events/{}#delegations", reg.data.event_id)
    };
    Ok(Redirect::to(&to).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_svg_of_dark_modules() {
        let svg = qr_svg("http://127.0.0.1:8080/check-in/12/345");
        assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
        assert!(svg.contains("<path"), "modules are drawn: {svg}");
        // A longer text needs a larger code (more modules), so the encoding depends on it.
        let longer = qr_svg(&format!(
            "http://127.0.0.1:8080/check-in/12/345?{}",
            "x".repeat(200)
        ));
        assert!(longer.len() > svg.len());
    }
}
