//! medbridge server: the JSON API, its OpenAPI document, and the web pages, over one [`Store`].
//!
//! Handlers are thin: parse the request (extractors that answer problem+json), check who is
//! asking ([`auth::Viewer`]), call the store, render. The process keeps no state of its own
//! (sessions are in the database), so several can run against one PostgreSQL.

pub mod api;
pub mod auth;
pub mod error;
pub mod files;
pub mod mail;
pub mod matching;
pub mod web;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use medbridge_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Set the `Secure` flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// A hash checked against when an e-mail is unknown, so timing does not reveal accounts.
    pub dummy_hash: Arc<String>,
    /// The matching index of what the public may see.
    pub matcher: Arc<matching::Matcher>,
    /// Where uploaded documents are kept, and how large one may be.
    pub files: files::FileStore,
    /// Held while a meeting request is checked against the others and written, and while
    /// the scheduler reads a session and stores its placements: two placements made at once
    /// cannot both pass a check that the other breaks (one table, one person per slot).
    /// One process only: servers sharing a database do not see each other's lock.
    pub meeting_writes: Arc<tokio::sync::Mutex<()>>,
    openapi: Arc<String>,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        let (_, doc) = api::router();
        AppState {
            store,
            secure_cookies: false,
            dummy_hash: Arc::new(auth::hash_password("not a real password")),
            matcher: Arc::new(matching::Matcher::default()),
            files: files::FileStore::new("medbridge-data/files", files::DEFAULT_MAX_BYTES),
            meeting_writes: Arc::default(),
            openapi: Arc::new(doc.to_pretty_json().expect("OpenAPI serialises")),
        }
    }
}

/// The OpenAPI 3.1 document, as served at `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    api::router()
        .1
        .to_pretty_json()
        .expect("OpenAPI serialises")
}

/// Writes through a session cookie must carry the session's CSRF token in `X-CSRF-Token`.
async fn csrf_guard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.uri().path().ends_with("/session")
    {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let viewer =
        match <auth::Viewer as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, &s,
        )
        .await
        {
            Ok(v) => v,
            Err(e) => return e.into_response(),
        };
    let sent = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Err(e) = auth::check_csrf(&viewer, &parts.method, sent.as_deref()) {
        return e.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

async fn openapi(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        s.openapi.as_str().to_string(),
    )
}

async fn health(State(s): State<AppState>) -> impl IntoResponse {
    let ok = s.store.setting("schema").await.is_ok();
    let body = serde_json::json!({"status": if ok { "ok" } else { "degraded" }, "database": s.store.backend_name(), "version": env!("CARGO_PKG_VERSION")});
    (
        if ok {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        },
        axum::Json(body),
    )
}

async fn api_not_found() -> error::ApiError {
    error::ApiError::not_found("no such API endpoint; see /api/v1/openapi.json")
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api_routes, _) = api::router();
    let api = api_routes
        .route("/openapi.json", axum::routing::get(openapi))
        .route("/health", axum::routing::get(health))
        .fallback(api_not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf_guard));
    Router::new()
        .nest("/api/v1", api)
        .merge(web::router())
        .with_state(state)
}

/// How the server sends reminders.
#[derive(Debug, Clone, Default)]
pub struct Mailing {
    /// The relay; `None` keeps reminders queued in the outbox (visible with
    /// `medbridge outbox list`) until one is configured.
    pub smtp: Option<mail::SmtpConfig>,
    /// This server's address as people reach it, for links in e-mails.
    pub public_url: String,
}

/// Serves until Ctrl-C. Every hour: expires past-deadline needs and offers and agreements
/// past their term, and queues the day's reminders; every minute, when a relay is configured,
/// sends the mail that is due.
pub async fn serve(state: AppState, listen: SocketAddr, mailing: Mailing) -> anyhow::Result<()> {
    // Build the matching index now rather than on the first search.
    let warm = state.clone();
    tokio::spawn(async move {
        // Then suggest matches to needs that came in by import or the demo loader.
        match warm.matcher.suggest_missing(&warm.store).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("suggested matches to {n} needs that had none"),
            Err(e) => tracing::warn!("matching index not built: {}", e.detail),
        }
    });
    let store = state.store.clone();
    let mailing_for_sweep = mailing.clone();
    tokio::spawn(async move {
        let mailing = mailing_for_sweep;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match store
                .expire_opportunities(chrono::Utc::now().date_naive())
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!("{n} needs and offers passed their deadline and expired"),
                Err(e) => tracing::warn!("expiry sweep failed: {e}"),
            }
            match store
                .expire_agreements(chrono::Utc::now().date_naive())
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!("{n} agreements passed their end date and expired"),
                Err(e) => tracing::warn!("agreement expiry sweep failed: {e}"),
            }
            let today = chrono::Utc::now().date_naive();
            match mail::reminders(&store, today, 60, &mailing.public_url).await {
                Ok(mails) => match store.queue_mail(&mails).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!("{n} reminder e-mails queued"),
                    Err(e) => tracing::warn!("reminders not queued: {e}"),
                },
                Err(e) => tracing::warn!("reminders not computed: {e}"),
            }
        }
    });
    if let Some(smtp) = mailing.smtp.clone() {
        let store = state.store.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                match mail::deliver_due(&store, &smtp, chrono::Utc::now(), 200).await {
                    Ok(d) if d.sent + d.failed > 0 => {
                        tracing::info!("outbox: {} sent, {} failed", d.sent, d.failed)
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!("outbox not read: {e}"),
                }
            }
        });
    } else {
        tracing::info!("no SMTP relay configured: reminders wait in the outbox");
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
    tracing::info!("medbridge listening on http://{listen}");
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
