//! Suggestions and saved searches: the matches the platform keeps for a need's organisation
//! and for a person's saved searches, with where their owner is with each (new, seen,
//! contacted, dismissed). New suggestions are alerts.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery};
use crate::api::matches::MatchRequest;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{
    SavedSearch, Subject, Suggested, Suggestion, SuggestionOwner, SuggestionQuery,
};
use serde::{Deserialize, Serialize};

/// One suggestion, ready to show.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestionView {
    pub id: i64,
    pub status: SuggestionStatus,
    pub score: f64,
    /// `need` or `saved_search`: what it was suggested for.
    pub for_kind: &'static str,
    pub for_id: i64,
    /// The need's title or the saved search's name.
    pub for_title: String,
    /// `product` or `opportunity` (an offer).
    pub kind: &'static str,
    pub item_id: i64,
    /// The product's name or offer's title in the reader's language; empty when it is no
    /// longer visible (unpublished or closed since).
    pub title: String,
    pub href: String,
    pub available: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Who follows what: the viewer's organisation's needs (every need for the secretariat) and
/// the viewer's own saved searches.
pub fn owner(viewer: &Viewer) -> Result<SuggestionOwner, ApiError> {
    let a = viewer.account()?;
    Ok(SuggestionOwner {
        person: a.login.person,
        organisation: a.login.organisation,
        all_needs: viewer.is_admin(),
    })
}

/// Titles for a page of suggestions, looked up once per distinct record.
pub async fn views(
    s: &AppState,
    viewer: &Viewer,
    items: Vec<Suggestion>,
    lang: &str,
) -> Result<Vec<SuggestionView>, ApiError> {
    let scope = viewer.scope();
    let mut titles: std::collections::HashMap<(&'static str, i64), Option<String>> =
        Default::default();
    let mut searches: std::collections::HashMap<SavedSearchId, String> = Default::default();
    let mut out = Vec::with_capacity(items.len());
    for sg in items {
        let (for_kind, for_id, for_title) = match sg.subject {
            Subject::Need(n) => {
                let t = title(s, &mut titles, "opportunity", n.0, scope, lang).await?;
                ("need", n.0, t.unwrap_or_default())
            }
            Subject::SavedSearch(id) => {
                let name = match searches.get(&id) {
                    Some(n) => n.clone(),
                    None => {
                        let n = s.store.saved_search(id).await.map(|x| x.name);
                        let n = n.unwrap_or_default();
                        searches.insert(id, n.clone());
                        n
                    }
                };
                ("saved_search", id.0, name)
            }
        };
        let (kind, item_id) = match sg.item {
            Suggested::Product(p) => ("product", p.0),
            Suggested::Opportunity(o) => ("opportunity", o.0),
        };
        let item_title = title(s, &mut titles, kind, item_id, scope, lang).await?;
        out.push(SuggestionView {
            id: sg.id.0,
            status: sg.status,
            score: sg.score,
            for_kind,
            for_id,
            for_title,
            kind,
            item_id,
            available: item_title.is_some(),
            title: item_title.unwrap_or_default(),
            href: if kind == "product" {
                format!("/products/{item_id}")
            } else {
                format!("/opportunities/{item_id}")
            },
            created_at: sg.created_at,
            updated_at: sg.updated_at,
        });
    }
    Ok(out)
}

async fn title(
    s: &AppState,
    cache: &mut std::collections::HashMap<(&'static str, i64), Option<String>>,
    kind: &'static str,
    id: i64,
    scope: medbridge_store::Scope,
    lang: &str,
) -> Result<Option<String>, ApiError> {
    if let Some(t) = cache.get(&(kind, id)) {
        return Ok(t.clone());
    }
    let found = if kind == "product" {
        s.store
            .get::<ProductData>(ProductId(id), scope)
            .await
            .map(|r| r.data.name.best(lang).to_string())
    } else {
        s.store
            .get::<OpportunityData>(OpportunityId(id), scope)
            .await
            .map(|r| r.data.title.best(lang).to_string())
    };
    let t = match found {
        Ok(t) => Some(t),
        Err(medbridge_store::StoreError::NotFound { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    cache.insert((kind, id), t.clone());
    Ok(t)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestionParams {
    /// new, seen, contacted or dismissed.
    pub status: Option<String>,
    /// Only the suggestions of this need.
    pub need: Option<i64>,
    /// Only the suggestions of this saved search.
    pub saved_search: Option<i64>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// Language of the titles: zh, en, ru or fr (default en).
    pub lang: Option<String>,
}

impl SuggestionParams {
    pub fn query(&self) -> Result<SuggestionQuery, ApiError> {
        let mut errs = FieldErrors::default();
        let status = match self.status.as_deref() {
            None => None,
            Some(v) => v
                .parse::<SuggestionStatus>()
                .map_err(|e| {
                    errs.push(FieldError {
                        field: "status".into(),
                        ..e
                    })
                })
                .ok(),
        };
        let before = match self.cursor.as_deref() {
            None => None,
            Some(c) => c
                .parse::<i64>()
                .map_err(|_| {
                    errs.push(FieldError::new(
                        "cursor",
                        ErrorCode::InvalidFormat,
                        "pass next_cursor from the previous page",
                    ))
                })
                .ok()
                .map(SuggestionId),
        };
        let limit = self.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            errs.push(FieldError::new(
                "limit",
                ErrorCode::OutOfRange,
                format!("{limit} is not between 1 and 200"),
            ));
        }
        let subject = match (self.need, self.saved_search) {
            (Some(_), Some(_)) => {
                errs.push(FieldError::new(
                    "saved_search",
                    ErrorCode::UnknownValue,
                    "give need or saved_search, not both",
                ));
                None
            }
            (Some(n), None) => Some(Subject::Need(OpportunityId(n))),
            (None, Some(id)) => Some(Subject::SavedSearch(SavedSearchId(id))),
            (None, None) => None,
        };
        errs.into_result()?;
        Ok(SuggestionQuery {
            status,
            subject,
            before,
            limit,
        })
    }
}

fn lang_of(p: Option<&str>) -> Result<&str, ApiError> {
    match p {
        None => Ok("en"),
        Some(l @ ("zh" | "en" | "ru" | "fr")) => Ok(l),
        Some(_) => Err(ApiError::field(
            "lang",
            ErrorCode::UnknownLanguage,
            "zh, en, ru or fr",
        )),
    }
}

#[utoipa::path(get, path = "/suggestions", tag = "suggestions", params(SuggestionParams),
    responses((status = 200, description = "The suggestions you follow, newest first: for your organisation's needs (every need for the secretariat) and your saved searches", body = Page<SuggestionView>),
              (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "A bad parameter", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(
    State(s): State<AppState>,
    viewer: Viewer,
    ApiQuery(p): ApiQuery<SuggestionParams>,
) -> Result<Json<Page<SuggestionView>>, ApiError> {
    let owner = owner(&viewer)?;
    let q = p.query()?;
    let lang = lang_of(p.lang.as_deref())?;
    let (items, more) = s.store.suggestions(owner, &q).await?;
    let next_cursor = more
        .then(|| items.last().map(|x| x.id.0.to_string()))
        .flatten();
    Ok(Json(Page {
        items: views(&s, &viewer, items, lang).await?,
        next_cursor,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// seen, contacted or dismissed (`new` is the platform's).
    pub status: String,
}

/// Parses a status an owner may set.
pub fn settable(v: &str) -> Result<SuggestionStatus, ApiError> {
    let st: SuggestionStatus = v.parse().map_err(|e: FieldError| {
        ApiError::invalid(
            FieldError {
                field: "status".into(),
                ..e
            }
            .into(),
        )
    })?;
    if st == SuggestionStatus::New {
        return Err(ApiError::field(
            "status",
            ErrorCode::IllegalTransition,
            "a suggestion becomes new only when the platform makes it; use seen, contacted or dismissed",
        ));
    }
    Ok(st)
}

#[utoipa::path(patch, path = "/suggestions/{id}", tag = "suggestions", request_body = StatusChange,
    params(("id" = i64, Path)),
    responses((status = 200, description = "The suggestion with its new status", body = SuggestionView),
              (status = 404, description = "No such suggestion among those you follow", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Not a status you can set", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn update(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(change): ApiJson<StatusChange>,
) -> Result<Json<SuggestionView>, ApiError> {
    let owner = owner(&viewer)?;
    let status = settable(&change.status)?;
    let sg = s
        .store
        .set_suggestion_status(&viewer.actor(), owner, SuggestionId(id), status)
        .await?;
    let mut v = views(&s, &viewer, vec![sg], "en").await?;
    Ok(Json(v.remove(0)))
}

/// The most saved searches one person keeps.
pub const MAX_SAVED_SEARCHES: usize = 50;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedSearch {
    /// What to call it, 1 to 100 characters.
    pub name: String,
    /// The search, as for `POST /match`.
    pub query: serde_json::Value,
}

/// Checks a saved search: its name, and its query as `POST /match` would (fields named
/// `query.text`, `query.country`, ...).
pub fn check_saved(name: &str, query: &serde_json::Value) -> Result<(), ApiError> {
    let mut errs = FieldErrors::default();
    let n = name.trim().chars().count();
    if n == 0 || n > 100 {
        errs.push(FieldError::new(
            "name",
            ErrorCode::Required,
            "give the search a name of 1 to 100 characters",
        ));
    }
    let request: Result<MatchRequest, _> = serde_json::from_value(query.clone());
    match request {
        Err(e) => errs.push(FieldError::from_serde("query", &e.to_string())),
        Ok(r) => {
            if r.limit.is_some() || r.relaxed.is_some() {
                errs.push(FieldError::new(
                    "query",
                    ErrorCode::UnknownValue,
                    "a saved search keeps what is searched for; limit and relaxed are for one search",
                ));
            }
            if let Err(e) = crate::api::matches::parse_request(&r) {
                errs.0
                    .extend(e.errors.into_iter().map(|f| f.under("query")));
            }
        }
    }
    errs.into_result().map_err(ApiError::invalid)
}

/// Saves a search for the viewer and indexes it; what it finds now is marked seen.
pub async fn save(
    s: &AppState,
    viewer: &Viewer,
    name: &str,
    query: &serde_json::Value,
) -> Result<SavedSearch, ApiError> {
    let a = viewer.account()?;
    check_saved(name, query)?;
    if s.store.saved_searches(Some(a.login.person)).await?.len() >= MAX_SAVED_SEARCHES {
        return Err(ApiError::field(
            "name",
            ErrorCode::OutOfRange,
            format!("you already keep {MAX_SAVED_SEARCHES} saved searches; delete one first"),
        ));
    }
    let search = s
        .store
        .create_saved_search(&viewer.actor(), a.login.person, name.trim(), query)
        .await?;
    s.matcher.search_saved(&s.store, &search).await?;
    Ok(search)
}

#[utoipa::path(get, path = "/saved-searches", tag = "suggestions",
    responses((status = 200, description = "Your saved searches", body = Vec<SavedSearchView>),
              (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_saved(
    State(s): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<SavedSearchView>>, ApiError> {
    let a = viewer.account()?;
    let all = s.store.saved_searches(Some(a.login.person)).await?;
    Ok(Json(all.into_iter().map(SavedSearchView::from).collect()))
}

/// A saved search as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SavedSearchView {
    pub id: i64,
    pub name: String,
    pub query: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

impl From<SavedSearch> for SavedSearchView {
    fn from(s: SavedSearch) -> Self {
        SavedSearchView {
            id: s.id.0,
            name: s.name,
            query: s.query,
            created_at: s.created_at,
        }
    }
}

#[utoipa::path(post, path = "/saved-searches", tag = "suggestions", request_body = NewSavedSearch,
    responses((status = 201, description = "Saved; new matching offers and products will be suggested to it", body = SavedSearchView),
              (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Invalid name or query; `errors` names each field (query.country, ...)", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_saved(
    State(s): State<AppState>,
    viewer: Viewer,
    ApiJson(new): ApiJson<NewSavedSearch>,
) -> Result<impl IntoResponse, ApiError> {
    let search = save(&s, &viewer, &new.name, &new.query).await?;
    Ok((StatusCode::CREATED, Json(SavedSearchView::from(search))))
}

#[utoipa::path(delete, path = "/saved-searches/{id}", tag = "suggestions", params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted, with its suggestions"),
              (status = 404, description = "No such saved search of yours", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete_saved(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let a = viewer.account()?;
    let id = SavedSearchId(id);
    s.store
        .delete_saved_search(&viewer.actor(), a.login.person, id)
        .await?;
    s.matcher.search_deleted(id);
    Ok(StatusCode::NO_CONTENT)
}
