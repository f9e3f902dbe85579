//! Sign-in for API clients and browsers, API tokens, and the audit log.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery};
use crate::auth::{self, Viewer};
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use medbridge_core::model::Role;
use medbridge_core::{OrgId, PersonId};
use medbridge_store::AuditEntry;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// Who is signed in. `csrf_token` must accompany cookie-authenticated writes (`X-CSRF-Token`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Whoami {
    pub person_id: PersonId,
    pub name: String,
    pub role: Role,
    pub organisation_id: Option<OrgId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

fn whoami_of(a: &auth::Account) -> Whoami {
    Whoami {
        person_id: a.login.person,
        name: a.login.name.clone(),
        role: a.login.role,
        organisation_id: a.login.organisation,
        csrf_token: a.csrf.clone(),
    }
}

#[utoipa::path(post, path = "/session", tag = "session", request_body = Credentials,
    responses((status = 200, description = "Signed in; the session cookie is set", body = Whoami),
              (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
              (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json")))]
pub async fn sign_in(
    State(s): State<AppState>,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<impl IntoResponse, ApiError> {
    let signed = auth::sign_in(&s, &c.email, &c.password).await?;
    let cookie = auth::session_cookie(&signed.secret, s.secure_cookies);
    let body = Whoami {
        person_id: signed.login.person,
        name: signed.login.name,
        role: signed.login.role,
        organisation_id: signed.login.organisation,
        csrf_token: Some(signed.csrf),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(body)))
}

#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, description = "The signed-in person", body = Whoami), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")))]
pub async fn whoami(viewer: Viewer) -> Result<Json<Whoami>, ApiError> {
    Ok(Json(whoami_of(viewer.account()?)))
}

#[utoipa::path(delete, path = "/session", tag = "session", responses((status = 204, description = "Signed out")))]
pub async fn sign_out(
    State(s): State<AppState>,
    parts: axum::http::request::Parts,
) -> Result<impl IntoResponse, ApiError> {
    if let Some(secret) = auth::cookie(&parts, auth::SESSION_COOKIE) {
        s.store.delete_session(&auth::digest(secret)).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::clear_session_cookie())],
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    /// What the token is for, e.g. "CRM sync".
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedToken {
    /// Shown once; send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[utoipa::path(post, path = "/tokens", tag = "session", request_body = NewToken,
    responses((status = 201, description = "A new API token acting as you", body = IssuedToken), (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_token(
    State(s): State<AppState>,
    viewer: Viewer,
    ApiJson(t): ApiJson<NewToken>,
) -> Result<impl IntoResponse, ApiError> {
    let a = viewer.account()?;
    let name = t.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            "name",
            medbridge_core::ErrorCode::Required,
            "give the token a name of 1 to 100 characters",
        ));
    }
    let token = auth::new_secret();
    s.store
        .create_api_token(&auth::digest(&token), a.login.person, name)
        .await?;
    Ok((StatusCode::CREATED, Json(IssuedToken { token })))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// organisation, person, product, opportunity, event, agreement
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    /// At most 1000 (default 100).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditParams),
    responses((status = 200, description = "Newest first", body = Vec<AuditEntry>), (status = 403, description = "Secretariat only", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn audit(
    State(s): State<AppState>,
    viewer: Viewer,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    viewer.account()?;
    if viewer.role() != Some(Role::Admin) {
        return Err(ApiError::forbidden("the audit log is for the secretariat"));
    }
    Ok(Json(
        s.store
            .audit_log(p.entity.as_deref(), p.entity_id, p.limit.unwrap_or(100))
            .await?,
    ))
}
