//! Search and alerts: the search page over everything that can answer a need (products and
//! offers, across languages, with facets), saving a search, and the alerts page where a
//! signed-in person follows the suggestions for their organisation's needs and their saved
//! searches.

use super::forms::FormErrors;
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use crate::api::matches::{MatchRequest, MatchView};
use crate::api::suggestions::{self, SuggestionParams, SuggestionView};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::SavedSearch;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

fn guard(c: &Chrome, csrf: &str) -> Result<(), WebError> {
    c.viewer.account().or_fail(c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(csrf)).or_fail(c)
}

// ---------------------------------------------------------------- search

/// The search form as a GET sends it; the four facets narrow the results.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    pub q: String,
    /// The buyer's country: results must be legal to sell there.
    pub country: String,
    /// Facets.
    pub supplier_country: String,
    pub cooperation_type: String,
    pub category: String,
    pub market: String,
}

impl SearchForm {
    fn request(&self) -> MatchRequest {
        let given = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        MatchRequest {
            text: self.q.trim().to_string(),
            country: given(&self.country).map(|c| c.to_uppercase()),
            ..MatchRequest::default()
        }
    }

    /// Each facet with its chosen value ("" when none).
    pub fn chosen(&self) -> [(&'static str, &str); 4] {
        [
            ("supplier_country", &self.supplier_country),
            ("cooperation_type", &self.cooperation_type),
            ("category", &self.category),
            ("market", &self.market),
        ]
    }

    /// This search with one facet set to `value` (or cleared when it is already set).
    fn with(&self, facet: &str, value: &str) -> String {
        let mut f = self.clone();
        let slot = match facet {
            "supplier_country" => &mut f.supplier_country,
            "cooperation_type" => &mut f.cooperation_type,
            "category" => &mut f.category,
            _ => &mut f.market,
        };
        *slot = if slot == value {
            String::new()
        } else {
            value.to_string()
        };
        f.href()
    }

    /// The search page running this search.
    fn href(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("country", &self.country),
            ("supplier_country", &self.supplier_country),
            ("cooperation_type", &self.cooperation_type),
            ("category", &self.category),
            ("market", &self.market),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        format!("/search?{}", q.finish())
    }
}

/// A result with what the facets count.
pub struct Hit {
    pub view: MatchView,
    pub supplier_country: Option<CountryCode>,
    pub cooperation: CooperationType,
    /// Top-level device categories of its codes: (concept id, name in the reader's language).
    pub categories: Vec<(String, String)>,
    /// Registration markets: an authority (`eaeu`) or a national one (`national:KG`).
    pub markets: Vec<String>,
}

impl Hit {
    fn value(&self, facet: &str) -> Vec<String> {
        match facet {
            "supplier_country" => self
                .supplier_country
                .iter()
                .map(|c| c.to_string())
                .collect(),
            "cooperation_type" => vec![self.cooperation.as_str().to_string()],
            "category" => self.categories.iter().map(|(id, _)| id.clone()).collect(),
            _ => self.markets.clone(),
        }
    }
}

/// One value of a facet, with how many results have it.
pub struct FacetValue {
    pub label: String,
    pub count: usize,
    pub href: String,
    pub selected: bool,
}

pub struct Facet {
    pub heading: &'static str,
    pub values: Vec<FacetValue>,
}

const FACETS: [(&str, &str); 4] = [
    ("supplier_country", "search-facet-country"),
    ("cooperation_type", "search-facet-cooperation"),
    ("category", "search-facet-category"),
    ("market", "search-facet-market"),
];

fn market_of(r: &Registration) -> String {
    match (r.authority, r.country) {
        (Authority::National, Some(c)) => format!("national:{c}"),
        (a, _) => a.as_str().to_string(),
    }
}

fn category_of(code: &DeviceCode, lang: medbridge_taxonomy::Lang) -> Option<(String, String)> {
    let t = medbridge_taxonomy::Taxonomy::active();
    // A code only an imported nomenclature holds goes under the built-in concept it links to.
    let concept = t
        .by_code(code)
        .find(|c| c.imported_from().is_none())
        .or_else(|| t.by_code(code).flat_map(|c| t.links(c.id())).next())?;
    let root = t.ancestors(concept.id()).last().unwrap_or(concept);
    Some((root.id().to_string(), root.name(lang).to_string()))
}

fn taxonomy_lang(c: &Chrome) -> medbridge_taxonomy::Lang {
    match c.tr.0 {
        UiLang::Zh => medbridge_taxonomy::Lang::Zh,
        UiLang::Ru => medbridge_taxonomy::Lang::Ru,
        UiLang::Fr => medbridge_taxonomy::Lang::Fr,
        UiLang::En => medbridge_taxonomy::Lang::En,
    }
}

/// How `form`'s need was read, and its results with their facet values, best first.
async fn hits(
    s: &AppState,
    c: &Chrome,
    form: &SearchForm,
) -> Result<(String, Vec<Hit>), crate::error::ApiError> {
    let need = crate::api::matches::parse_request(&form.request())?;
    let engine = s.matcher.ready(&s.store).await?;
    let options = medbridge_match::Options {
        limit: 50,
        ..medbridge_match::Options::default()
    };
    let found = engine
        .match_need(&need, &options)
        .map_err(crate::error::ApiError::invalid)?;
    let reading = medbridge_match::render_reading(&engine.device_types_read(&need), c.tr.0);
    let views = crate::api::matches::views(s, &c.viewer, found, c.tr.0).await;
    let lang = taxonomy_lang(c);
    let mut countries: HashMap<OrgId, Option<CountryCode>> = HashMap::new();
    let mut out = Vec::with_capacity(views.len());
    for view in views {
        let scope = c.viewer.scope();
        let (org, cooperation, markets) = if view.kind == "product" {
            let p = s
                .store
                .get::<ProductData>(ProductId(view.id), scope)
                .await?;
            let mut markets: Vec<String> = p.data.registrations.iter().map(market_of).collect();
            markets.sort();
            markets.dedup();
            (
                p.data.supplier_id,
                CooperationType::EquipmentSupply,
                markets,
            )
        } else {
            let o = s
                .store
                .get::<OpportunityData>(OpportunityId(view.id), scope)
                .await?;
            (o.data.organisation_id, o.data.cooperation_type, Vec::new())
        };
        let supplier_country = match countries.get(&org) {
            Some(c) => *c,
            None => {
                let c = s
                    .store
                    .get::<OrganisationData>(org, scope)
                    .await
                    .ok()
                    .map(|o| o.data.country);
                countries.insert(org, c);
                c
            }
        };
        let mut categories: Vec<(String, String)> = view
            .codes
            .iter()
            .filter_map(|code| category_of(code, lang))
            .collect();
        categories.sort();
        categories.dedup();
        out.push(Hit {
            view,
            supplier_country,
            cooperation,
            categories,
            markets,
        });
    }
    Ok((reading, out))
}

/// Counts each facet's values over the results that pass the *other* facets, so choosing a
/// country still shows how many results each other country would give.
fn facets(c: &Chrome, form: &SearchForm, hits: &[Hit]) -> Vec<Facet> {
    let picks = form.chosen();
    let chosen = |facet: &str| {
        picks
            .iter()
            .find(|(f, _)| *f == facet)
            .map_or("", |(_, v)| *v)
    };
    let passes = |h: &Hit, except: &str| {
        FACETS.iter().all(|(f, _)| {
            *f == except || chosen(f).is_empty() || h.value(f).iter().any(|v| v == chosen(f))
        })
    };
    FACETS
        .iter()
        .map(|(facet, heading)| {
            let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
            for h in hits.iter().filter(|h| passes(h, facet)) {
                for v in h.value(facet) {
                    let label = match *facet {
                        "cooperation_type" => c.v("cooperation", &v),
                        "category" => h
                            .categories
                            .iter()
                            .find(|(id, _)| *id == v)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_else(|| v.clone()),
                        "market" => match v.strip_prefix("national:") {
                            Some(cc) => format!("{} {cc}", c.v("authority", "national")),
                            None => c.v("authority", &v),
                        },
                        _ => v.clone(),
                    };
                    counts.entry(v).or_insert((0, label)).0 += 1;
                }
            }
            let mut values: Vec<FacetValue> = counts
                .into_iter()
                .map(|(v, (count, label))| FacetValue {
                    selected: chosen(facet) == v,
                    href: form.with(facet, &v),
                    label,
                    count,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
            Facet { heading, values }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    form: SearchForm,
    errors: FormErrors,
    searched: bool,
    /// How the search was read (see `medbridge_match::render_reading`).
    reading: String,
    results: Vec<MatchView>,
    total: usize,
    facets: Vec<Facet>,
}

pub async fn search(
    State(s): State<AppState>,
    c: Chrome,
    Query(form): Query<SearchForm>,
) -> Result<Response, WebError> {
    let searched = !form.q.trim().is_empty() || !form.country.trim().is_empty();
    let ((reading, found), errors) = if searched {
        match hits(&s, &c, &form).await {
            Ok(h) => (h, FormErrors::default()),
            Err(e) if !e.errors.is_empty() => {
                // The engine names the text `text`; this form calls it `q`.
                let errs = e
                    .errors
                    .into_iter()
                    .map(|mut f| {
                        if f.field == "text" {
                            f.field = "q".into();
                        }
                        f
                    })
                    .collect();
                (
                    Default::default(),
                    FormErrors::new(c.tr, "search", &FieldErrors(errs)),
                )
            }
            Err(e) => return Err(c.fail(e)),
        }
    } else {
        Default::default()
    };
    let facets = facets(&c, &form, &found);
    let chosen = form.chosen();
    let total = found.len();
    let results = found
        .into_iter()
        .filter(|h| {
            chosen
                .iter()
                .all(|(f, v)| v.is_empty() || h.value(f).iter().any(|x| x == v))
        })
        .map(|h| h.view)
        .collect();
    Ok(render(&SearchPage {
        c,
        form,
        errors,
        searched,
        reading,
        results,
        total,
        facets,
    }))
}

// ---------------------------------------------------------------- saved searches

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SaveForm {
    csrf: String,
    name: String,
    q: String,
    country: String,
}

pub async fn save(
    State(s): State<AppState>,
    c: Chrome,
    Form(f): Form<SaveForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let form = SearchForm {
        q: f.q.clone(),
        country: f.country.clone(),
        ..SearchForm::default()
    };
    let query = serde_json::to_value(form.request()).expect("a request serialises");
    let name = if f.name.trim().is_empty() {
        f.q.trim()
    } else {
        f.name.trim()
    };
    suggestions::save(&s, &c.viewer, name, &query)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to("/alerts?saved=true").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn delete_saved(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let person = c.viewer.account().or_fail(&c)?.login.person;
    s.store
        .delete_saved_search(&c.viewer.actor(), person, SavedSearchId(id))
        .await
        .or_fail(&c)?;
    s.matcher.search_deleted(SavedSearchId(id));
    Ok(Redirect::to("/alerts").into_response())
}

// ---------------------------------------------------------------- alerts

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AlertsQuery {
    /// new (default), seen, contacted, dismissed or all.
    status: String,
    cursor: String,
    saved: bool,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    c: Chrome,
    status: String,
    items: Vec<SuggestionView>,
    next: Option<String>,
    searches: Vec<SearchRow>,
    saved: bool,
}

/// A saved search in the list, linked to the search page that runs it again.
struct SearchRow {
    id: i64,
    name: String,
    created_at: chrono::DateTime<chrono::Utc>,
    href: String,
}

impl SearchRow {
    fn of(s: SavedSearch) -> SearchRow {
        let field = |k: &str| {
            s.query
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let form = SearchForm {
            q: field("text"),
            country: field("country"),
            ..SearchForm::default()
        };
        SearchRow {
            id: s.id.0,
            href: form.href(),
            name: s.name,
            created_at: s.created_at,
        }
    }
}

impl AlertsPage {
    fn tabs(&self) -> Vec<(&'static str, bool)> {
        ["new", "contacted", "seen", "dismissed", "all"]
            .into_iter()
            .map(|t| (t, self.status == t))
            .collect()
    }
}

pub async fn alerts(
    State(s): State<AppState>,
    c: Chrome,
    Query(q): Query<AlertsQuery>,
) -> Result<Response, WebError> {
    let owner = suggestions::owner(&c.viewer).or_fail(&c)?;
    let status = if q.status.is_empty() {
        "new".to_string()
    } else {
        q.status.clone()
    };
    let params = SuggestionParams {
        status: (status != "all").then(|| status.clone()),
        cursor: (!q.cursor.is_empty()).then(|| q.cursor.clone()),
        limit: Some(20),
        ..SuggestionParams::default()
    };
    let query = params.query().or_fail(&c)?;
    let (items, more) = s.store.suggestions(owner, &query).await.or_fail(&c)?;
    let next = more
        .then(|| {
            items
                .last()
                .map(|x| format!("/alerts?status={status}&cursor={}", x.id.0))
        })
        .flatten();
    let items = suggestions::views(&s, &c.viewer, items, c.tr.code())
        .await
        .or_fail(&c)?;
    let searches = s
        .store
        .saved_searches(Some(owner.person))
        .await
        .or_fail(&c)?
        .into_iter()
        .map(SearchRow::of)
        .collect();
    Ok(render(&AlertsPage {
        c,
        status,
        items,
        next,
        searches,
        saved: q.saved,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    csrf: String,
    status: String,
    /// Where to go back to (a path on this site).
    next: String,
}

pub async fn set_status(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let owner = suggestions::owner(&c.viewer).or_fail(&c)?;
    let status = suggestions::settable(&f.status).or_fail(&c)?;
    s.store
        .set_suggestion_status(&c.viewer.actor(), owner, SuggestionId(id), status)
        .await
        .or_fail(&c)?;
    // Only back to a page of this site, never to another host.
    let next = if f.next.starts_with('/') && !f.next.starts_with("//") {
        f.next
    } else {
        "/alerts".into()
    };
    Ok(Redirect::to(&next).into_response())
}
