//! The web shell: server-rendered pages in Chinese, English, Russian and French.
//!
//! Pages are askama templates (checked at compile time) that extend one `base.html`; every
//! page struct carries a [`Chrome`], which holds what the layout needs (translator, who is
//! signed in, the language links, the demo banner). Handlers are thin and reuse the API's
//! rules rather than restating them: list filters go through [`crate::api::crud::list_query`],
//! writes through [`crate::api::crud::create`]/[`update`](crate::api::crud::update) (which
//! check [`Resource::writable_by`](crate::api::crud::Resource::writable_by) and `check()`), and
//! errors are the API's [`ApiError`] codes, translated here.
//!
//! No JavaScript is needed to use any page: forms are plain POSTs protected by CSRF tokens,
//! filters are GET forms, pagination is a link. `static/app.js` only adds conveniences.

mod agenda;
mod agreements;
mod alerts;
mod assets;
mod badges;
mod charts;
mod delegations;
mod directory;
mod events;
mod forms;
pub mod i18n;
mod listing;
mod matchmaking;
mod opportunities;
mod products;
mod session;

use crate::AppState;
use crate::auth::{self, Viewer};
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use i18n::Tr;
use medbridge_core::UiLang;

/// Name of the cookie that remembers the chosen interface language.
pub const LANG_COOKIE: &str = "lang";

/// The web routes; merged beside `/api/v1` by [`crate::app`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/organisations") }))
        .route("/organisations", get(directory::list))
        .route("/organisations/{id}", get(directory::show))
        .route("/products", get(products::list))
        .route("/products/{id}", get(products::show))
        .route(
            "/opportunities",
            get(opportunities::list).post(opportunities::create),
        )
        .route("/opportunities/new", get(opportunities::new))
        .route(
            "/opportunities/{id}",
            get(opportunities::show).post(opportunities::update),
        )
        .route("/opportunities/{id}/edit", get(opportunities::edit))
        .route(
            "/agreements",
            get(agreements::list).post(agreements::create),
        )
        .route("/agreements/new", get(agreements::new))
        .route("/agreements.csv", get(agreements::export_csv))
        .route("/events/{id}/meetings.csv", get(matchmaking::meetings_csv))
        .route("/agreements/{id}", get(agreements::show))
        .route(
            "/agreements/{id}/documents",
            axum::routing::post(agreements::upload)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/agreements/{id}/documents/{doc}",
            get(agreements::download),
        )
        .route(
            "/agreements/{id}/documents/{doc}/delete",
            axum::routing::post(agreements::remove_document),
        )
        .route("/dashboard", get(agreements::dashboard))
        .route("/events", get(events::list))
        .route("/events/{id}", get(events::show))
        .route(
            "/events/{id}/requests",
            axum::routing::post(matchmaking::request),
        )
        .route("/events/{id}/agenda/new", get(agenda::new))
        .route("/events/{id}/agenda", axum::routing::post(agenda::create))
        .route("/events/{id}/agenda/{index}/edit", get(agenda::edit))
        .route(
            "/events/{id}/agenda/{index}",
            axum::routing::post(agenda::replace),
        )
        .route(
            "/events/{id}/agenda/{index}/delete",
            axum::routing::post(agenda::delete),
        )
        .route(
            "/events/{id}/setup",
            axum::routing::post(matchmaking::setup),
        )
        .route(
            "/events/{id}/registrations",
            axum::routing::post(delegations::register),
        )
        .route(
            "/registrations/{id}/decide",
            axum::routing::post(delegations::decide),
        )
        .route(
            "/events/{id}/schedule",
            axum::routing::post(matchmaking::schedule),
        )
        .route(
            "/meeting-requests/{id}/answer",
            axum::routing::post(matchmaking::answer),
        )
        .route(
            "/meeting-requests/{id}/outcome",
            axum::routing::post(matchmaking::outcome),
        )
        .route(
            "/meeting-requests/{id}/lock",
            axum::routing::post(matchmaking::lock),
        )
        .route("/events/{id}/table-plan", get(matchmaking::table_plan))
        .route("/registrations/{id}/badges", get(badges::badges))
        .route(
            "/registrations/{id}/check-in",
            axum::routing::post(badges::submit),
        )
        .route("/check-in/{id}/{person}", get(badges::page))
        .route("/search", get(alerts::search))
        .route("/alerts", get(alerts::alerts))
        .route(
            "/suggestions/{id}/status",
            axum::routing::post(alerts::set_status),
        )
        .route("/saved-searches", axum::routing::post(alerts::save))
        .route(
            "/saved-searches/{id}/delete",
            axum::routing::post(alerts::delete_saved),
        )
        .route("/sign-in", get(session::form).post(session::sign_in))
        .route("/sign-out", axum::routing::post(session::sign_out))
        .route("/static/{file}", get(assets::serve))
        .fallback(not_found)
        .layer(middleware::from_fn(remember_language))
}

async fn not_found(c: Chrome) -> WebError {
    c.fail(ApiError::not_found("no such page"))
}

/// `?lang=xx` on any page also sets the `lang` cookie, so the choice sticks for later pages.
async fn remember_language(req: Request, next: Next) -> Response {
    let chosen = query_param(req.uri().query(), "lang").and_then(|l| UiLang::parse(&l));
    let mut res = next.run(req).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).expect("ASCII cookie"),
        );
    }
    // The same URL renders differently per language and account; caches must know.
    res.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
    res
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A link in the main navigation or the language switch.
pub struct Link {
    pub href: String,
    pub label: String,
    pub current: bool,
    /// The link's language, for `lang`/`hreflang` on the language switch.
    pub lang: &'static str,
}

/// What the base layout needs, built once per request.
#[derive(Clone)]
pub struct Chrome {
    pub tr: Tr,
    pub viewer: Viewer,
    /// The signed-in person's name.
    pub user: Option<String>,
    /// The session's CSRF token, for the hidden `csrf` field of signed-in forms.
    pub csrf: String,
    pub demo: bool,
    /// New suggestions (alerts) for the signed-in person.
    pub alerts: i64,
    /// Path and query of this page, for "sign in and come back".
    pub here: String,
    path: String,
    query: String,
}

impl std::ops::Deref for Chrome {
    type Target = Tr;
    /// Templates translate with `c.t("key")`.
    fn deref(&self) -> &Tr {
        &self.tr
    }
}

impl FromRequestParts<AppState> for Chrome {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let lang = i18n::negotiate(
            query_param(parts.uri.query(), "lang").as_deref(),
            auth::cookie(parts, LANG_COOKIE),
            accept,
        );
        let demo = state.store.setting("demo").await?.as_deref() == Some("true");
        let account = viewer.0.as_ref();
        let alerts = match crate::api::suggestions::owner(&viewer) {
            Ok(owner) => state.store.count_new_suggestions(owner).await?,
            Err(_) => 0,
        };
        Ok(Chrome {
            alerts,
            tr: Tr(lang),
            user: account.map(|a| a.login.name.clone()),
            csrf: account.and_then(|a| a.csrf.clone()).unwrap_or_default(),
            viewer,
            demo,
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
        })
    }
}

impl Chrome {
    pub fn nav(&self) -> Vec<Link> {
        let mut links: Vec<Link> = [
            ("/search", "nav-search"),
            ("/organisations", "nav-directory"),
            ("/products", "nav-products"),
            ("/opportunities", "nav-opportunities"),
            ("/events", "nav-events"),
            ("/agreements", "nav-agreements"),
            ("/dashboard", "nav-dashboard"),
        ]
        .into_iter()
        .map(|(href, key)| Link {
            href: href.into(),
            label: self.t(key),
            current: self.path.starts_with(href),
            lang: "",
        })
        .collect();
        if self.user.is_some() {
            links.push(Link {
                href: "/alerts".into(),
                label: if self.alerts > 0 {
                    self.n("nav-alerts-count", self.alerts)
                } else {
                    self.t("nav-alerts")
                },
                current: self.path.starts_with("/alerts"),
                lang: "",
            });
        }
        links
    }

    /// This page in each language: the same URL with `lang` replaced (and no cursor, since a
    /// page of results is not a place to come back to).
    pub fn languages(&self) -> Vec<Link> {
        UiLang::ALL
            .into_iter()
            .map(|l| {
                let mut q = form_urlencoded::Serializer::new(String::new());
                for (k, v) in form_urlencoded::parse(self.query.as_bytes()) {
                    if k != "lang" && k != "cursor" {
                        q.append_pair(&k, &v);
                    }
                }
                q.append_pair("lang", l.code());
                Link {
                    href: format!("{}?{}", self.path, q.finish()),
                    label: l.endonym().into(),
                    current: l == self.tr.0,
                    lang: l.code(),
                }
            })
            .collect()
    }

    /// The sign-in link, returning here afterwards.
    pub fn sign_in_href(&self) -> String {
        let next: String = form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        format!("/sign-in?next={next}")
    }

    /// An error page (or, for "not signed in", the way to sign in).
    pub fn fail(&self, e: impl Into<ApiError>) -> WebError {
        WebError(Box::new((self.clone(), e.into())))
    }
}

/// Renders a page, or a plain 500 if the template fails (it cannot show a layout then).
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// A page that could not be shown, rendered in the reader's language. Boxed: it travels in
/// every handler's `Result`, and the chrome is large.
pub struct WebError(Box<(Chrome, ApiError)>);

#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage {
    c: Chrome,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (c, e) = *self.0;
        if e.status == StatusCode::UNAUTHORIZED {
            return Redirect::to(&c.sign_in_href()).into_response();
        }
        let message = c.problem(e.code, None, &e.detail);
        (e.status, render(&ProblemPage { c, message })).into_response()
    }
}

/// `?` for handlers: turns any store or API error into a translated error page.
pub trait OrFail<T> {
    fn or_fail(self, c: &Chrome) -> Result<T, WebError>;
}

impl<T, E: Into<ApiError>> OrFail<T> for Result<T, E> {
    fn or_fail(self, c: &Chrome) -> Result<T, WebError> {
        self.map_err(|e| c.fail(e))
    }
}
