//! Needs and offers: list, detail, and the create/edit form.
//!
//! The form is parsed with the core value types (each input's error names that input), then
//! written through the API's `crud::create`/`crud::update`, which apply the permission rule
//! and `check()`; so the web cannot accept what the API would refuse. On any error the form
//! comes back with what the reader typed. Edits carry the record's version; a stale version
//! is reported as a conflict instead of overwriting someone else's change.
//!
//! Titles and descriptions are multilingual: the form edits one language version at a time
//! (chosen in the form) and keeps the others unchanged.

use super::forms::FormErrors;
use super::listing::{self, Filters, Frame, Listing, all, org_names};
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use crate::api::crud::{self, Resource};
use crate::auth::Viewer;
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use medbridge_core::model::*;
use medbridge_core::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;

const FRAME: Frame = Frame {
    path: "/opportunities",
    heading: "opps-title",
    intro: "opps-intro",
    count: "count-opportunities",
};

/// A need as the viewer would start one: asked of the API's permission rule to decide
/// whether to offer "post a need or offer" at all.
fn draft(org: OrgId) -> OpportunityData {
    OpportunityData {
        organisation_id: org,
        direction: Direction::Need,
        cooperation_type: CooperationType::EquipmentSupply,
        title: MultilingualText::default(),
        description: MultilingualText::default(),
        countries: Vec::new(),
        device_codes: Vec::new(),
        quantity: None,
        budget: None,
        deadline: None,
        status: OpportunityStatus::Open,
    }
}

fn may_post(v: &Viewer) -> bool {
    v.is_admin()
        || v.organisation()
            .is_some_and(|org| draft(org).writable_by(None, v))
}

#[derive(Template)]
#[template(path = "opportunities.html")]
struct ListPage {
    c: Chrome,
    frame: Frame,
    f: Filters,
    list: Listing<OpportunityData>,
    orgs: BTreeMap<OrgId, String>,
    may_post: bool,
}

impl ListPage {
    fn org(&self, id: &OrgId) -> &str {
        self.orgs.get(id).map(String::as_str).unwrap_or("")
    }
}

pub async fn list(
    State(s): State<AppState>,
    c: Chrome,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let list = listing::load::<OpportunityData>(&s, &c, FRAME.path, &f)
        .await
        .or_fail(&c)?;
    let orgs = org_names(&s, &c, list.items.iter().map(|o| o.data.organisation_id)).await;
    let may_post = may_post(&c.viewer);
    Ok(render(&ListPage {
        c,
        frame: FRAME,
        f,
        list,
        orgs,
        may_post,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Shown {
    saved: bool,
    relaxed: bool,
}

#[derive(Template)]
#[template(path = "opportunity.html")]
struct ShowPage {
    c: Chrome,
    opp: Opportunity,
    org: Option<Organisation>,
    may_edit: bool,
    saved: bool,
    matches: Vec<crate::api::matches::MatchView>,
    relaxed: bool,
    matches_heading: &'static str,
    /// For a need: how it was read (see `medbridge_match::render_reading`).
    reading: Option<String>,
    /// Why it cannot be matched at all (a deadline past), instead of an empty list.
    matches_problem: Option<String>,
}

pub async fn show(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<Shown>,
) -> Result<Response, WebError> {
    let opp = s
        .store
        .get::<OpportunityData>(OpportunityId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let org = s
        .store
        .get::<OrganisationData>(opp.data.organisation_id, c.viewer.scope())
        .await
        .ok();
    let may_edit = opp.data.writable_by(Some(id), &c.viewer);
    let options = medbridge_match::Options {
        limit: 10,
        relaxed: q.relaxed,
        ..medbridge_match::Options::default()
    };
    // A need or offer that cannot be matched (its deadline past) says why, rather than
    // showing an empty list as if nothing answered it.
    let (read, mut matches, matches_problem) =
        match crate::api::matches::for_opportunity(&s, &c.viewer, id, &options, c.tr.0).await {
            Ok((read, matches)) => (read, matches, None),
            Err(e) => {
                let problem = match (
                    &opp.data.deadline,
                    e.errors.iter().any(|f| f.field == "deadline"),
                ) {
                    (Some(deadline), true) => {
                        c.tr.a("matches-deadline-past", "date", &deadline.to_string())
                    }
                    _ => c.tr.a("matches-unavailable", "reason", &e.detail),
                };
                (None, Vec::new(), Some(problem))
            }
        };
    let reading = read.map(|r| medbridge_match::render_reading(&r, c.tr.0));
    // Its owners see where they are with each match, and have now seen the new ones.
    let follows = opp.data.direction == Direction::Need
        && (c.viewer.is_admin() || c.viewer.organisation() == Some(opp.data.organisation_id));
    if follows {
        let subject = medbridge_store::Subject::Need(OpportunityId(id));
        let kept = s.store.suggestions_of(subject).await.or_fail(&c)?;
        for m in &mut matches {
            m.suggestion = kept
                .iter()
                .find(|k| match k.item {
                    medbridge_store::Suggested::Product(p) => m.kind == "product" && p.0 == m.id,
                    medbridge_store::Suggested::Opportunity(o) => {
                        m.kind == "opportunity" && o.0 == m.id
                    }
                })
                .map(|k| (k.id.0, k.status));
        }
        s.store.mark_suggestions_seen(subject).await.or_fail(&c)?;
    }
    let matches_heading = match opp.data.direction {
        Direction::Need => "matches-for-need",
        Direction::Offer => "matches-for-offer",
    };
    Ok(render(&ShowPage {
        c,
        opp,
        org,
        may_edit,
        saved: q.saved,
        matches,
        relaxed: q.relaxed,
        matches_heading,
        reading,
        matches_problem,
    }))
}

/// The form's fields as typed: text, so a wrong value can be shown back as it was.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OpportunityForm {
    csrf: String,
    version: String,
    organisation_id: String,
    direction: String,
    cooperation_type: String,
    text_lang: String,
    title: String,
    description: String,
    countries: String,
    device_codes: String,
    quantity: String,
    budget_amount: String,
    budget_currency: String,
    deadline: String,
    status: String,
}

fn joined<T: ToString>(items: &[T]) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(" ")
}

fn shown<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// Parses one input, naming it in the error.
fn parse_into<T: FromStr<Err = FieldError>>(
    errs: &mut FieldErrors,
    input: &str,
    text: &str,
) -> Option<T> {
    text.parse()
        .map_err(|e: FieldError| {
            errs.push(FieldError {
                field: input.to_string(),
                ..e
            })
        })
        .ok()
}

/// Several values in one input, separated by spaces, commas or semicolons.
fn parse_list<T: FromStr<Err = FieldError>>(
    errs: &mut FieldErrors,
    input: &str,
    text: &str,
) -> Vec<T> {
    text.split([' ', ',', ';', '\n', '\t'])
        .filter(|s| !s.is_empty())
        .filter_map(|s| parse_into(errs, input, s))
        .collect()
}

/// `text` with the version in `lang` replaced by `value` (or removed when blank).
fn with_version(
    errs: &mut FieldErrors,
    input: &str,
    text: Option<&MultilingualText>,
    lang: &LanguageTag,
    value: &str,
    max: usize,
) -> MultilingualText {
    let mut entries: Vec<(String, String)> = text
        .into_iter()
        .flat_map(|t| t.iter())
        .filter(|(tag, _)| tag.primary() != lang.primary())
        .map(|(tag, v)| (tag.to_string(), v.to_string()))
        .collect();
    entries.push((lang.to_string(), value.to_string()));
    MultilingualText::parse(entries, max).unwrap_or_else(|e| {
        errs.push(e.under(input));
        text.cloned().unwrap_or_default()
    })
}

impl OpportunityForm {
    fn blank(lang: UiLang, org: Option<OrgId>) -> OpportunityForm {
        OpportunityForm {
            organisation_id: shown(&org),
            direction: Direction::Need.as_str().into(),
            cooperation_type: CooperationType::EquipmentSupply.as_str().into(),
            text_lang: lang.code().into(),
            status: OpportunityStatus::Open.as_str().into(),
            ..OpportunityForm::default()
        }
    }

    /// A stored record as the form shows it, in the reader's language version if it has one.
    fn of(rec: &Opportunity, lang: UiLang) -> OpportunityForm {
        let d = &rec.data;
        let text_lang = match d.title.get(lang.code()) {
            Some(_) => lang.code().to_string(),
            None => d
                .title
                .iter()
                .next()
                .map(|(tag, _)| tag.to_string())
                .unwrap_or_else(|| lang.code().into()),
        };
        let primary = text_lang
            .split('-')
            .next()
            .unwrap_or(&text_lang)
            .to_string();
        OpportunityForm {
            csrf: String::new(),
            version: rec.version.to_string(),
            organisation_id: d.organisation_id.to_string(),
            direction: d.direction.as_str().into(),
            cooperation_type: d.cooperation_type.as_str().into(),
            title: d.title.get(&primary).unwrap_or("").into(),
            description: d.description.get(&primary).unwrap_or("").into(),
            text_lang,
            countries: joined(&d.countries),
            device_codes: joined(&d.device_codes),
            quantity: shown(&d.quantity),
            budget_amount: shown(&d.budget.map(|b| b.amount)),
            budget_currency: shown(&d.budget.map(|b| b.currency)),
            deadline: shown(&d.deadline),
            status: d.status.as_str().into(),
        }
    }

    /// The record this form describes, or every problem with it. `previous` supplies the
    /// language versions not edited here and the owner, which only the secretariat changes.
    fn parse(
        &self,
        viewer: &Viewer,
        previous: Option<&OpportunityData>,
    ) -> Result<OpportunityData, FieldErrors> {
        let mut errs = FieldErrors::default();
        let organisation = if viewer.is_admin() {
            self.organisation_id.trim().parse().ok().map(OrgId)
        } else {
            previous
                .map(|p| p.organisation_id)
                .or(viewer.organisation())
        };
        if organisation.is_none() {
            errs.push(FieldError::new(
                "organisation_id",
                ErrorCode::Required,
                "choose the organisation",
            ));
        }
        let direction = parse_into::<Direction>(&mut errs, "direction", &self.direction);
        let cooperation =
            parse_into::<CooperationType>(&mut errs, "cooperation_type", &self.cooperation_type);
        let status = parse_into::<OpportunityStatus>(&mut errs, "status", &self.status);
        let lang = parse_into::<LanguageTag>(&mut errs, "text_lang", &self.text_lang);
        let (title, description) = match &lang {
            Some(l) => (
                with_version(
                    &mut errs,
                    "title",
                    previous.map(|p| &p.title),
                    l,
                    &self.title,
                    MAX_SHORT_TEXT,
                ),
                with_version(
                    &mut errs,
                    "description",
                    previous.map(|p| &p.description),
                    l,
                    &self.description,
                    MAX_LONG_TEXT,
                ),
            ),
            None => Default::default(),
        };
        let countries = parse_list(&mut errs, "countries", &self.countries);
        let device_codes = parse_list(&mut errs, "device_codes", &self.device_codes);
        let quantity = match self.quantity.trim() {
            "" => None,
            q => q
                .parse::<u32>()
                .map_err(|_| {
                    errs.push(FieldError::new(
                        "quantity",
                        ErrorCode::InvalidFormat,
                        format!("'{q}' is not a whole number"),
                    ))
                })
                .ok(),
        };
        let budget = match (self.budget_amount.trim(), self.budget_currency.trim()) {
            ("", "") => None,
            ("", _) => {
                errs.push(FieldError::new(
                    "budget_amount",
                    ErrorCode::Required,
                    "give the amount with its currency",
                ));
                None
            }
            (_, "") => {
                errs.push(FieldError::new(
                    "budget_currency",
                    ErrorCode::Required,
                    "give the currency of the amount",
                ));
                None
            }
            (a, c) => match (
                parse_into(&mut errs, "budget_amount", a),
                parse_into(&mut errs, "budget_currency", c),
            ) {
                (Some(amount), Some(currency)) => Some(Money { amount, currency }),
                _ => None,
            },
        };
        let deadline = match self.deadline.trim() {
            "" => None,
            d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| {
                    errs.push(FieldError::new(
                        "deadline",
                        ErrorCode::InvalidFormat,
                        format!("'{d}' is not a date (YYYY-MM-DD)"),
                    ))
                })
                .ok(),
        };
        let (Some(organisation_id), Some(direction), Some(cooperation_type), Some(status)) =
            (organisation, direction, cooperation, status)
        else {
            return Err(errs);
        };
        let data = OpportunityData {
            organisation_id,
            direction,
            cooperation_type,
            title,
            description,
            countries,
            device_codes,
            quantity,
            budget,
            deadline,
            status,
        };
        if let Err(e) = data.check() {
            errs.0.extend(e.0);
        }
        errs.into_result().map(|()| data)
    }
}

#[derive(Template)]
#[template(path = "opportunity_form.html")]
struct FormPage {
    c: Chrome,
    form: OpportunityForm,
    errors: FormErrors,
    action: String,
    heading: &'static str,
    submit: &'static str,
    cancel: String,
    /// After a version conflict: the link to the current version.
    conflict: Option<String>,
    /// Organisations to post for: only the secretariat chooses.
    orgs: Vec<Organisation>,
}

impl FormPage {
    /// The text-language choices: the interface languages, plus the one being edited.
    fn text_langs(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = UiLang::ALL
            .iter()
            .map(|l| (l.code().to_string(), l.endonym().to_string()))
            .collect();
        if !v.iter().any(|(code, _)| *code == self.form.text_lang) {
            v.push((self.form.text_lang.clone(), self.form.text_lang.clone()));
        }
        v
    }
}

/// Renders the form for `id` (None: a new one), with errors and an optional conflict.
async fn form_page(
    s: &AppState,
    c: Chrome,
    id: Option<i64>,
    form: OpportunityForm,
    errs: &FieldErrors,
    conflict: bool,
) -> Result<Response, WebError> {
    let orgs = if c.viewer.is_admin() {
        all::<OrganisationData>(s, &c, Vec::new()).await?
    } else {
        Vec::new()
    };
    let errors = FormErrors::new(c.tr, "opp", errs);
    let status = if conflict {
        StatusCode::CONFLICT
    } else if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = match id {
        None => FormPage {
            c,
            form,
            errors,
            action: "/opportunities".into(),
            heading: "opp-new-title",
            submit: "form-publish",
            cancel: "/opportunities".into(),
            conflict: None,
            orgs,
        },
        Some(id) => FormPage {
            c,
            form,
            errors,
            action: format!("/opportunities/{id}"),
            heading: "opp-edit-title",
            submit: "form-save",
            cancel: format!("/opportunities/{id}"),
            conflict: conflict.then(|| format!("/opportunities/{id}/edit")),
            orgs,
        },
    };
    Ok((status, render(&page)).into_response())
}

/// Where a write ends: the record, or the form again with what went wrong.
async fn finish(
    s: &AppState,
    c: Chrome,
    id: Option<i64>,
    form: OpportunityForm,
    written: Result<Opportunity, ApiError>,
) -> Result<Response, WebError> {
    match written {
        Ok(rec) => {
            Ok(Redirect::to(&format!("/opportunities/{}?saved=true", rec.id)).into_response())
        }
        Err(e) if e.code == "validation_failed" => {
            form_page(s, c, id, form, &FieldErrors(e.errors), false).await
        }
        Err(e) if e.code == "version_conflict" => {
            form_page(s, c, id, form, &FieldErrors::default(), true).await
        }
        Err(e) => Err(c.fail(e)),
    }
}

/// Signed-in forms carry the session's CSRF token; anonymous posts are sent to sign in.
fn guard(c: &Chrome, form: &OpportunityForm) -> Result<(), WebError> {
    c.viewer.account().or_fail(c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(&form.csrf)).or_fail(c)
}

pub async fn new(State(s): State<AppState>, c: Chrome) -> Result<Response, WebError> {
    c.viewer.account().or_fail(&c)?;
    if !may_post(&c.viewer) {
        return Err(c.fail(ApiError::forbidden(
            "your role may not post needs or offers",
        )));
    }
    let form = OpportunityForm::blank(c.tr.0, c.viewer.organisation());
    form_page(&s, c, None, form, &FieldErrors::default(), false).await
}

pub async fn create(
    State(s): State<AppState>,
    c: Chrome,
    Form(form): Form<OpportunityForm>,
) -> Result<Response, WebError> {
    guard(&c, &form)?;
    let written = match form.parse(&c.viewer, None) {
        Ok(data) => crud::create(&s, &c.viewer, data).await.map(|t| t.0),
        Err(errs) => return form_page(&s, c, None, form, &errs, false).await,
    };
    finish(&s, c, None, form, written).await
}

pub async fn edit(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let rec = s
        .store
        .get::<OpportunityData>(OpportunityId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    if !rec.data.writable_by(Some(id), &c.viewer) {
        c.viewer.account().or_fail(&c)?;
        return Err(c.fail(ApiError::forbidden(
            "your role or organisation may not change this",
        )));
    }
    let form = OpportunityForm::of(&rec, c.tr.0);
    form_page(&s, c, Some(id), form, &FieldErrors::default(), false).await
}

pub async fn update(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<OpportunityForm>,
) -> Result<Response, WebError> {
    guard(&c, &form)?;
    let current = s
        .store
        .get::<OpportunityData>(OpportunityId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    // A missing or mangled version cannot match any stored one: it reports as a conflict.
    let version = form.version.trim().parse().unwrap_or(0);
    let written = match form.parse(&c.viewer, Some(&current.data)) {
        Ok(data) => crud::update(&s, &c.viewer, id, version, data)
            .await
            .map(|t| t.0),
        Err(errs) => return form_page(&s, c, Some(id), form, &errs, false).await,
    };
    finish(&s, c, Some(id), form, written).await
}
