//! Matches: ranked offers for a need (stored, or typed ad hoc), and ranked needs for a
//! product or an offer, each with its score, device codes as SCHEME:CODE and reasons in the
//! reader's language. Only what the public may see is ever matched.

use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_match::{ItemRef, Match, NeedDoc, NeedForm, Options, TypeRead};
use serde::{Deserialize, Serialize};

/// One result, ready to show.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MatchView {
    /// `product` or `opportunity`.
    pub kind: &'static str,
    pub id: i64,
    /// Its name or title in the reader's language (or the best available).
    pub title: String,
    /// The page of the matched record.
    pub href: String,
    pub score: f32,
    /// How well each side suits the other, when both said what they want.
    pub mutual: Option<f32>,
    /// Device codes, SCHEME:CODE.
    #[schema(value_type = Vec<String>)]
    pub codes: Vec<DeviceCode>,
    /// Why it matched, in the reader's language.
    pub reasons: Vec<String>,
    /// In relaxed mode: what would make it a match ("would match if registered in KG").
    pub failed: Vec<String>,
    /// For the owner of the need on its page: the stored suggestion and its status.
    #[serde(skip)]
    pub suggestion: Option<(i64, SuggestionStatus)>,
}

/// One device type a need was read as.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReadAs {
    /// The taxonomy's id of the type, e.g. `imaging.ct`.
    pub concept: &'static str,
    /// Its name in the reader's language.
    pub name: String,
    /// Where it was read from: `code`, `name`, `similar_offers` or `description`.
    pub from: &'static str,
    /// Named after the thing asked, as what it goes with or where it is used ("lead
    /// apron for the CT room"): its offers still match, ranked after.
    pub secondary: bool,
}

/// What an ad-hoc need was read as, and what answers it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AdHocMatches {
    /// The device types the need was read as; empty when it names or describes none and
    /// is matched by its words only.
    pub read_as: Vec<ReadAs>,
    /// The same as one line in the reader's language, e.g. "read as: CT scanner (from its
    /// name)". Shown also when nothing matches, so that a misreading can be told from an
    /// empty catalogue.
    pub reading: String,
    /// Best first, with reasons.
    pub results: Vec<MatchView>,
}

/// How a need was read, as the API shows it.
pub fn read_as(read: &[TypeRead], ui: UiLang) -> Vec<ReadAs> {
    read.iter()
        .map(|r| ReadAs {
            concept: r.concept,
            name: medbridge_match::concept_name(r.concept, ui),
            from: r.from.as_str(),
            secondary: r.secondary,
        })
        .collect()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// How many results, 1 to 50 (default 10).
    pub limit: Option<usize>,
    /// Also show near misses with the constraint they fail.
    pub relaxed: Option<bool>,
    /// Language of the reasons: zh, en, ru or fr (default: from Accept-Language).
    pub lang: Option<String>,
}

/// An ad-hoc need, as a buyer would describe it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    /// What is needed, in any language.
    #[serde(default)]
    pub text: String,
    /// Language of the text, when known (otherwise detected).
    pub lang: Option<String>,
    /// The buyer's country (ISO 3166-1 alpha-2): offers must be registered there.
    pub country: Option<String>,
    /// Device codes, SCHEME:CODE.
    #[serde(default)]
    pub device_codes: Vec<String>,
    pub budget: Option<BudgetInput>,
    pub quantity: Option<u32>,
    /// YYYY-MM-DD: offers must be deliverable by then.
    pub deadline: Option<String>,
    pub cooperation_type: Option<String>,
    pub limit: Option<usize>,
    pub relaxed: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    /// A number, e.g. "250000" or 250000.
    #[schema(value_type = String)]
    pub amount: serde_json::Value,
    pub currency: String,
}

fn ui_lang(p: Option<&str>, headers: &HeaderMap) -> Result<UiLang, ApiError> {
    match p {
        Some(l) => UiLang::parse(l).ok_or_else(|| {
            ApiError::invalid(
                FieldError::new("lang", ErrorCode::UnknownLanguage, "zh, en, ru or fr").into(),
            )
        }),
        None => Ok(crate::web::i18n::negotiate(
            None,
            None,
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )),
    }
}

fn options(limit: Option<usize>, relaxed: Option<bool>) -> Result<Options, ApiError> {
    let limit = limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(ApiError::invalid(
            FieldError::new(
                "limit",
                ErrorCode::OutOfRange,
                format!("{limit} is not between 1 and 50"),
            )
            .into(),
        ));
    }
    Ok(Options {
        limit,
        relaxed: relaxed.unwrap_or(false),
        ..Options::default()
    })
}

/// Results as the viewer may see them, with titles and rendered reasons.
pub async fn views(s: &AppState, viewer: &Viewer, found: Vec<Match>, ui: UiLang) -> Vec<MatchView> {
    let mut out = Vec::with_capacity(found.len());
    for m in found {
        let (kind, id, title) = match m.item {
            ItemRef::Product(p) => match s.store.get::<ProductData>(p, viewer.scope()).await {
                Ok(r) => ("product", p.0, r.data.name.best(ui.code()).to_string()),
                Err(_) => continue,
            },
            ItemRef::Opportunity(o) => {
                match s.store.get::<OpportunityData>(o, viewer.scope()).await {
                    Ok(r) => ("opportunity", o.0, r.data.title.best(ui.code()).to_string()),
                    Err(_) => continue,
                }
            }
            // Saved searches are private: they raise their owner's alerts, nobody sees them.
            ItemRef::SavedSearch(_) => continue,
        };
        out.push(MatchView {
            kind,
            id,
            title,
            href: format!(
                "/{}s/{id}",
                if kind == "product" {
                    "product"
                } else {
                    "opportunitie"
                }
            ),
            score: m.score,
            mutual: m.mutual,
            codes: m.codes.clone(),
            reasons: m.render_reasons(ui),
            failed: m.failed.iter().map(|f| f.render(ui)).collect(),
            suggestion: None,
        });
    }
    out
}

/// Matches for a stored need (offers and products) or a stored offer (needs); for a need,
/// also the device types it was read as.
pub async fn for_opportunity(
    s: &AppState,
    viewer: &Viewer,
    id: i64,
    opts: &Options,
    ui: UiLang,
) -> Result<(Option<Vec<TypeRead>>, Vec<MatchView>), ApiError> {
    let rec = s
        .store
        .get::<OpportunityData>(OpportunityId(id), viewer.scope())
        .await?;
    let engine = s.matcher.ready(&s.store).await?;
    let country = s
        .store
        .get::<OrganisationData>(rec.data.organisation_id, medbridge_store::Scope::All)
        .await
        .ok()
        .map(|o| o.data.country);
    let (read, found) = match rec.data.direction {
        Direction::Need => {
            let doc = NeedDoc::from_opportunity(
                rec.id,
                &rec.data,
                country,
                chrono::Utc::now().date_naive(),
            )
            .expect("a need");
            (
                Some(engine.device_types_read(&doc.need)),
                engine.match_need(&doc.need, opts),
            )
        }
        Direction::Offer => {
            let offer = medbridge_match::Offer::from_opportunity(rec.id, &rec.data, country)
                .expect("an offer");
            (None, engine.match_offer(&offer, opts))
        }
    };
    let found = found.map_err(ApiError::invalid)?;
    Ok((read, views(s, viewer, found, ui).await))
}

/// Needs for a stored product.
pub async fn for_product(
    s: &AppState,
    viewer: &Viewer,
    id: i64,
    opts: &Options,
    ui: UiLang,
) -> Result<Vec<MatchView>, ApiError> {
    let rec = s
        .store
        .get::<ProductData>(ProductId(id), viewer.scope())
        .await?;
    let engine = s.matcher.ready(&s.store).await?;
    let country = s
        .store
        .get::<OrganisationData>(rec.data.supplier_id, medbridge_store::Scope::All)
        .await
        .ok()
        .map(|o| o.data.country);
    let offer = medbridge_match::Offer::from_product(rec.id, &rec.data, country);
    let found = engine
        .match_offer(&offer, opts)
        .map_err(ApiError::invalid)?;
    Ok(views(s, viewer, found, ui).await)
}

#[utoipa::path(get, path = "/opportunities/{id}/matches", tag = "opportunities",
    params(("id" = i64, Path), MatchParams),
    responses((status = 200, description = "For a need: products and offers that answer it; for an offer: needs it answers. Best first, with reasons", body = Vec<MatchView>),
              (status = 404, description = "No such need or offer, or not visible to you", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "A bad parameter", body = Problem, content_type = "application/problem+json")))]
pub async fn opportunity_matches(
    State(s): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<i64>,
    crate::api::extract::ApiQuery(p): crate::api::extract::ApiQuery<MatchParams>,
) -> Result<Json<Vec<MatchView>>, ApiError> {
    let ui = ui_lang(p.lang.as_deref(), &headers)?;
    let opts = options(p.limit, p.relaxed)?;
    let (_, found) = for_opportunity(&s, &viewer, id, &opts, ui).await?;
    Ok(Json(found))
}

#[utoipa::path(get, path = "/products/{id}/matches", tag = "products",
    params(("id" = i64, Path), MatchParams),
    responses((status = 200, description = "Open needs this product answers, best first, with reasons", body = Vec<MatchView>),
              (status = 404, description = "No such product, or not visible to you", body = Problem, content_type = "application/problem+json")))]
pub async fn product_matches(
    State(s): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<i64>,
    crate::api::extract::ApiQuery(p): crate::api::extract::ApiQuery<MatchParams>,
) -> Result<Json<Vec<MatchView>>, ApiError> {
    let ui = ui_lang(p.lang.as_deref(), &headers)?;
    let opts = options(p.limit, p.relaxed)?;
    for_product(&s, &viewer, id, &opts, ui).await.map(Json)
}

/// Parses an ad-hoc need, naming every bad field.
pub fn parse_request(r: &MatchRequest) -> Result<medbridge_match::Need, ApiError> {
    let form = NeedForm {
        text: r.text.clone(),
        lang: r.lang.clone(),
        country: r.country.clone(),
        codes: r.device_codes.clone(),
        budget_amount: r.budget.as_ref().map(|b| match &b.amount {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        budget_currency: r.budget.as_ref().map(|b| b.currency.clone()),
        quantity: r.quantity,
        deadline: r.deadline.clone(),
        cooperation: r.cooperation_type.clone(),
    };
    form.parse(chrono::Utc::now().date_naive()).map_err(|errs| {
        // Name the fields as this request spells them.
        ApiError::invalid(FieldErrors(
            errs.0
                .into_iter()
                .map(|mut e| {
                    for (from, to) in [
                        ("codes", "device_codes"),
                        ("cooperation", "cooperation_type"),
                    ] {
                        if let Some(rest) = e.field.strip_prefix(from)
                            && (rest.is_empty() || rest.starts_with(['[', '.']))
                        {
                            e.field = format!("{to}{rest}");
                        }
                    }
                    e
                })
                .collect(),
        ))
    })
}

#[utoipa::path(post, path = "/match", tag = "opportunities", request_body = MatchRequest,
    params(("lang" = Option<String>, Query, description = "Language of the reasons")),
    responses((status = 200, description = "How the need was read, and the products and offers that answer it, best first, with reasons", body = AdHocMatches),
              (status = 422, description = "Invalid need; `errors` names each field", body = Problem, content_type = "application/problem+json")))]
pub async fn ad_hoc(
    State(s): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    crate::api::extract::ApiQuery(p): crate::api::extract::ApiQuery<MatchParams>,
    crate::api::extract::ApiJson(r): crate::api::extract::ApiJson<MatchRequest>,
) -> Result<Json<AdHocMatches>, ApiError> {
    let ui = ui_lang(p.lang.as_deref(), &headers)?;
    let opts = options(r.limit.or(p.limit), r.relaxed.or(p.relaxed))?;
    let need = parse_request(&r)?;
    let engine = s.matcher.ready(&s.store).await?;
    let found = engine.match_need(&need, &opts).map_err(ApiError::invalid)?;
    let read = engine.device_types_read(&need);
    Ok(Json(AdHocMatches {
        read_as: read_as(&read, ui),
        reading: medbridge_match::render_reading(&read, ui),
        results: views(&s, &viewer, found, ui).await,
    }))
}
