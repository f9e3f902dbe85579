//! Sign-in and sign-out pages.
//!
//! The sign-in form has no session yet to hold a CSRF token, so it uses a double-submit
//! cookie: the form and a `SameSite=Strict` cookie carry the same random value, and a forged
//! cross-site POST cannot read or set the cookie. Sign-out, like every signed-in form, sends
//! the session's own token. Rate limiting is [`auth::sign_in`]'s; this page only explains it.

use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use crate::auth;
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use serde::Deserialize;

const SIGNIN_COOKIE: &str = "medbridge_signin";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Next {
    next: String,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf: String,
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    c: Chrome,
    csrf: String,
    email: String,
    next: String,
    error: Option<String>,
}

/// Only paths on this site, so the form cannot be used to send people elsewhere.
fn local(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

/// The form with a fresh double-submit token.
fn page(
    s: &AppState,
    c: Chrome,
    email: String,
    next: String,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = auth::new_secret();
    let cookie = format!(
        "{SIGNIN_COOKIE}={csrf}; Path=/sign-in; HttpOnly; SameSite=Strict{}",
        if s.secure_cookies { "; Secure" } else { "" }
    );
    (
        status,
        [(header::SET_COOKIE, cookie)],
        render(&SignInPage {
            c,
            csrf,
            email,
            next,
            error,
        }),
    )
        .into_response()
}

pub async fn form(State(s): State<AppState>, c: Chrome, Query(n): Query<Next>) -> Response {
    page(&s, c, String::new(), n.next, None, StatusCode::OK)
}

pub async fn sign_in(
    State(s): State<AppState>,
    c: Chrome,
    parts: Parts,
    Form(f): Form<SignInForm>,
) -> Response {
    let cookie = auth::cookie(&parts, SIGNIN_COOKIE).unwrap_or("");
    let result = if cookie.is_empty() || cookie != f.csrf {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "the sign-in form expired",
        ))
    } else {
        auth::sign_in(&s, &f.email, &f.password).await
    };
    match result {
        Ok(signed) => {
            let session = auth::session_cookie(&signed.secret, s.secure_cookies);
            let spent =
                format!("{SIGNIN_COOKIE}=; Path=/sign-in; HttpOnly; SameSite=Strict; Max-Age=0");
            (
                AppendHeaders([(header::SET_COOKIE, session), (header::SET_COOKIE, spent)]),
                Redirect::to(local(&f.next)),
            )
                .into_response()
        }
        Err(e) => {
            let minutes = e.retry_after.map(|secs| secs.div_ceil(60) as i64);
            let message = c.problem(e.code, minutes, &e.detail);
            page(&s, c, f.email, f.next, Some(message), e.status)
        }
    }
}

pub async fn sign_out(
    State(s): State<AppState>,
    c: Chrome,
    parts: Parts,
    Form(f): Form<SignOutForm>,
) -> Result<Response, WebError> {
    auth::check_csrf(&c.viewer, &Method::POST, Some(&f.csrf)).or_fail(&c)?;
    if let Some(secret) = auth::cookie(&parts, auth::SESSION_COOKIE) {
        s.store
            .delete_session(&auth::digest(secret))
            .await
            .or_fail(&c)?;
    }
    Ok((
        [(header::SET_COOKIE, auth::clear_session_cookie())],
        Redirect::to("/"),
    )
        .into_response())
}
