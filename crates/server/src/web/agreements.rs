//! Agreements and outcomes: the list, the detail page with parties, signatories and
//! milestones, and the cooperation dashboard with charts drawn on the server.

use super::charts;
use super::forms::FormErrors;
use super::listing::{self, Filters, Frame, Listing, all, org_names};
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use crate::api::crud;
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::AgreementStats;
use serde::Deserialize;
use std::collections::BTreeMap;

const FRAME: Frame = Frame {
    path: "/agreements",
    heading: "agreements-title",
    intro: "agreements-intro",
    count: "count-agreements",
};

#[derive(Template)]
#[template(path = "agreements.html")]
struct ListPage {
    c: Chrome,
    frame: Frame,
    f: Filters,
    list: Listing<AgreementData>,
    names: BTreeMap<OrgId, String>,
}

impl ListPage {
    /// This list's filters, for the export link.
    fn query(&self) -> String {
        let f = Filters {
            cursor: String::new(),
            ..self.f.clone()
        };
        serde_urlencoded::to_string(&f)
            .unwrap_or_default()
            .split('&')
            .filter(|kv| !kv.ends_with('='))
            .collect::<Vec<_>>()
            .join("&")
    }

    fn name(&self, id: &OrgId) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("#{}", id.0))
    }
}

pub async fn list(
    State(s): State<AppState>,
    c: Chrome,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let list = listing::load::<AgreementData>(&s, &c, FRAME.path, &f)
        .await
        .or_fail(&c)?;
    let ids: Vec<OrgId> = list
        .items
        .iter()
        .flat_map(|a| a.data.parties.iter().map(|p| p.organisation_id))
        .collect();
    let names = org_names(&s, &c, ids.into_iter()).await;
    Ok(render(&ListPage {
        c,
        frame: FRAME,
        f,
        list,
        names,
    }))
}

#[derive(Template)]
#[template(path = "agreement.html")]
struct ShowPage {
    c: Chrome,
    agreement: Agreement,
    names: BTreeMap<OrgId, String>,
    event: Option<Event>,
    today: NaiveDate,
    documents: Vec<medbridge_store::Document>,
    may_attach: bool,
    /// An upload just refused, translated, for the upload form.
    upload_error: Option<String>,
    uploaded: bool,
    max_mib: u64,
}

/// Why the document page was reloaded: `?uploaded=true`, or a refused upload's code.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    uploaded: bool,
    upload_error: String,
}

fn size_label(bytes: &i64) -> String {
    match *bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1 << 20 => format!("{:.0} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
    }
}

impl ShowPage {
    fn name(&self, id: &OrgId) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("#{}", id.0))
    }
    fn overdue(&self, m: &Milestone) -> bool {
        m.completed_on.is_none() && m.due_on < self.today
    }
}

pub async fn show(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let agreement = s
        .store
        .get::<AgreementData>(AgreementId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let ids: Vec<OrgId> = agreement
        .data
        .parties
        .iter()
        .map(|p| p.organisation_id)
        .collect();
    let names = org_names(&s, &c, ids.into_iter()).await;
    let event = match agreement.data.event_id {
        Some(e) => s.store.get::<EventData>(e, c.viewer.scope()).await.ok(),
        None => None,
    };
    let documents = s.store.documents(AgreementId(id)).await.or_fail(&c)?;
    let may_attach = crate::api::documents::may_attach(&agreement.data, &c.viewer);
    let upload_error = (!q.upload_error.is_empty()).then(|| {
        let limit = (s.files.max_bytes >> 20).to_string();
        match q.upload_error.as_str() {
            "file_too_large" => c.a("document-too-large", "limit", &limit),
            "unsupported_file_type" => c.t("document-unsupported"),
            "file" | "file_name" => c.t("document-empty"),
            _ => c.t("document-failed"),
        }
    });
    Ok(render(&ShowPage {
        c,
        agreement,
        names,
        event,
        today: Utc::now().date_naive(),
        documents,
        may_attach,
        upload_error,
        uploaded: q.uploaded,
        max_mib: s.files.max_bytes >> 20,
    }))
}

/// The upload form: the CSRF token first, then the file, streamed to the file store.
pub async fn upload(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    mut form: axum::extract::Multipart,
) -> Result<Response, WebError> {
    c.viewer.account().or_fail(&c)?;
    let back = |code: &str| {
        Redirect::to(&format!("/agreements/{id}?upload_error={code}#documents")).into_response()
    };
    let mut csrf_ok = false;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Ok(back("upload_interrupted")),
        };
        match field.name() {
            Some("csrf") => {
                let token = field.text().await.unwrap_or_default();
                crate::auth::check_csrf(&c.viewer, &axum::http::Method::POST, Some(&token))
                    .or_fail(&c)?;
                csrf_ok = true;
            }
            Some("file") if csrf_ok => {
                let name = field.file_name().unwrap_or_default().to_string();
                let mut field = field;
                return match crate::api::documents::attach(
                    &s,
                    &c.viewer,
                    AgreementId(id),
                    &name,
                    &mut field,
                )
                .await
                {
                    Ok(_) => Ok(
                        Redirect::to(&format!("/agreements/{id}?uploaded=true#documents"))
                            .into_response(),
                    ),
                    // Refusals of the file itself come back to the form; the rest are errors.
                    Err(e) if e.status.is_client_error() && e.status != StatusCode::FORBIDDEN => {
                        let code = e.errors.first().map_or(e.code, |f| {
                            if f.field == "file_name" {
                                "file_name"
                            } else {
                                "file"
                            }
                        });
                        Ok(back(code))
                    }
                    Err(e) => Err(c.fail(e)),
                };
            }
            _ => {}
        }
    }
    Err(c.fail(crate::error::ApiError::field(
        if csrf_ok { "file" } else { "csrf" },
        ErrorCode::Required,
        "send the form's token, then the file",
    )))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn remove_document(
    State(s): State<AppState>,
    c: Chrome,
    Path((id, doc)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    c.viewer.account().or_fail(&c)?;
    crate::auth::check_csrf(&c.viewer, &axum::http::Method::POST, Some(&f.csrf)).or_fail(&c)?;
    crate::api::documents::detach(&s, &c.viewer, AgreementId(id), DocumentId(doc))
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/agreements/{id}#documents")).into_response())
}

pub async fn download(
    State(s): State<AppState>,
    c: Chrome,
    Path((id, doc)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    crate::api::documents::download(&s, &c.viewer, AgreementId(id), DocumentId(doc))
        .await
        .or_fail(&c)
}

/// The charts and figure tables of a set of agreements: the whole platform on the
/// dashboard, one event in its report.
pub struct Outcomes {
    pub total: i64,
    pub by_kind: String,
    pub by_country: String,
    pub by_year: String,
    /// (label, count) rows for the table beside the charts.
    pub kinds: Vec<(String, i64)>,
    pub countries: Vec<(String, i64)>,
    pub statuses: Vec<(String, i64)>,
}

impl Outcomes {
    pub fn new(c: &Chrome, stats: &AgreementStats, link: impl Fn(&str, &str) -> String) -> Self {
        let mut kinds: BTreeMap<&str, i64> = BTreeMap::new();
        let mut years: Vec<String> = Vec::new();
        for (year, kind, n) in &stats.by_year_kind {
            *kinds.entry(kind.as_str()).or_default() += n;
            if !years.contains(year) {
                years.push(year.clone());
            }
        }
        let mut kind_rows: Vec<(String, i64, Option<String>)> = kinds
            .iter()
            .map(|(k, n)| (c.v("agreement-kind", k), *n, Some(link("kind", k))))
            .collect();
        kind_rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let country_rows: Vec<(String, i64, Option<String>)> = stats
            .by_country
            .iter()
            .take(15)
            .map(|(cc, n)| (cc.clone(), *n, Some(link("country", cc))))
            .collect();
        let series: Vec<(String, Vec<i64>)> = kinds
            .keys()
            .map(|k| {
                let values = years
                    .iter()
                    .map(|y| {
                        stats
                            .by_year_kind
                            .iter()
                            .filter(|(yy, kk, _)| yy == y && kk == k)
                            .map(|r| r.2)
                            .sum()
                    })
                    .collect();
                (c.v("agreement-kind", k), values)
            })
            .collect();
        let year_labels: Vec<String> = years
            .iter()
            .map(|y| if y.is_empty() { "?".into() } else { y.clone() })
            .collect();
        Outcomes {
            total: stats.by_status.iter().map(|s| s.1).sum(),
            by_kind: charts::bars(&c.t("dashboard-by-kind"), &kind_rows),
            by_country: charts::bars(&c.t("dashboard-by-country"), &country_rows),
            by_year: charts::stacked(&c.t("dashboard-by-year"), &year_labels, &series),
            kinds: kind_rows.into_iter().map(|(l, n, _)| (l, n)).collect(),
            countries: country_rows.into_iter().map(|(l, n, _)| (l, n)).collect(),
            statuses: stats
                .by_status
                .iter()
                .map(|(s, n)| (c.v("agreement-status", s), *n))
                .collect(),
        }
    }
}

/// One row of the funnel as the dashboard shows it.
pub struct StageView {
    pub label: String,
    pub count: usize,
    pub conversion: String,
    pub median_days: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Chrome,
    funnel: Vec<StageView>,
    funnel_chart: String,
    outcomes: Outcomes,
    overdue: Vec<(Agreement, Vec<(usize, Milestone)>)>,
    expiring: Vec<Agreement>,
    today: NaiveDate,
}

pub async fn dashboard(State(s): State<AppState>, c: Chrome) -> Result<Response, WebError> {
    let scope = c.viewer.scope();
    let stats = s.store.agreement_stats(scope, None).await.or_fail(&c)?;
    let outcomes = Outcomes::new(&c, &stats, |k, v| format!("/agreements?{k}={v}"));
    let f = s
        .store
        .funnel(scope, &medbridge_store::FunnelFilter::default())
        .await
        .or_fail(&c)?;
    let funnel: Vec<StageView> = f
        .stages
        .iter()
        .map(|st| StageView {
            label: c.v("funnel", st.name),
            count: st.count,
            conversion: st
                .conversion
                .map(|x| format!("{:.0}%", x * 100.0))
                .unwrap_or_else(|| "–".into()),
            median_days: st
                .median_days
                .map(|d| format!("{d:.1}"))
                .unwrap_or_else(|| "–".into()),
        })
        .collect();
    let funnel_chart = charts::bars(
        &c.t("dashboard-funnel"),
        &funnel
            .iter()
            .map(|st| (st.label.clone(), st.count as i64, None))
            .collect::<Vec<_>>(),
    );
    let today = Utc::now().date_naive();
    let digest = s
        .store
        .agreement_digest(today, 60, scope, 50)
        .await
        .or_fail(&c)?;
    let overdue = digest
        .overdue
        .into_iter()
        .map(|a| {
            let ms = a
                .data
                .overdue_on(today)
                .map(|(i, m)| (i, m.clone()))
                .collect();
            (a, ms)
        })
        .collect();
    Ok(render(&DashboardPage {
        c,
        funnel,
        funnel_chart,
        outcomes,
        overdue,
        expiring: digest.expiring,
        today,
    }))
}

/// The secretariat's form to record an agreement: what was signed, between whom, where and
/// when, with its first milestone. Written through the API's `crud::create`, so the web
/// cannot accept what the API would refuse.
#[derive(Debug, Clone, Default)]
pub struct AgreementForm {
    csrf: String,
    text_lang: String,
    title: String,
    kind: String,
    status: String,
    /// Repeated `parties` inputs (checkboxes), as ids.
    parties: Vec<String>,
    signed_on: String,
    place: String,
    event_id: String,
    ends_on: String,
    confidential: String,
    milestone_title: String,
    milestone_due: String,
    milestone_owner: String,
}

fn date_input(errs: &mut FieldErrors, input: &str, text: &str) -> Option<NaiveDate> {
    match text.trim() {
        "" => None,
        d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| {
                errs.push(FieldError::new(
                    input,
                    ErrorCode::InvalidFormat,
                    format!("'{d}' is not a date (YYYY-MM-DD)"),
                ))
            })
            .ok(),
    }
}

fn id_input(errs: &mut FieldErrors, input: &str, text: &str) -> Option<i64> {
    match text.trim() {
        "" => None,
        t => t
            .parse()
            .map_err(|_| {
                errs.push(FieldError::new(
                    input,
                    ErrorCode::InvalidFormat,
                    format!("'{t}' is not an id"),
                ))
            })
            .ok(),
    }
}

impl AgreementForm {
    /// Reads an urlencoded body; `parties` may repeat (one per ticked box), which the
    /// generic form extractor cannot express.
    fn from_body(body: &[u8]) -> AgreementForm {
        let mut f = AgreementForm::default();
        for (k, v) in form_urlencoded::parse(body) {
            let v = v.into_owned();
            match k.as_ref() {
                "csrf" => f.csrf = v,
                "text_lang" => f.text_lang = v,
                "title" => f.title = v,
                "kind" => f.kind = v,
                "status" => f.status = v,
                "parties" => f.parties.push(v),
                "signed_on" => f.signed_on = v,
                "place" => f.place = v,
                "event_id" => f.event_id = v,
                "ends_on" => f.ends_on = v,
                "confidential" => f.confidential = v,
                "milestone_title" => f.milestone_title = v,
                "milestone_due" => f.milestone_due = v,
                "milestone_owner" => f.milestone_owner = v,
                _ => {}
            }
        }
        f
    }

    fn blank(lang: UiLang) -> AgreementForm {
        AgreementForm {
            text_lang: lang.code().into(),
            kind: AgreementKind::Memorandum.as_str().into(),
            status: AgreementStatus::Signed.as_str().into(),
            ..AgreementForm::default()
        }
    }

    fn has_party(&self, id: &OrgId) -> bool {
        self.parties.iter().any(|p| p.trim() == id.0.to_string())
    }

    fn parse(&self) -> Result<AgreementData, FieldErrors> {
        let mut errs = FieldErrors::default();
        let lang: Option<LanguageTag> = self
            .text_lang
            .parse()
            .map_err(|e: FieldError| errs.push(e.under("text_lang")))
            .ok();
        let title = match &lang {
            Some(l) => {
                MultilingualText::parse([(l.to_string(), self.title.clone())], MAX_SHORT_TEXT)
                    .unwrap_or_else(|e| {
                        errs.push(e.under("title"));
                        MultilingualText::default()
                    })
            }
            None => MultilingualText::default(),
        };
        let kind = self
            .kind
            .parse::<AgreementKind>()
            .map_err(|e| {
                errs.push(FieldError {
                    field: "kind".into(),
                    ..e
                })
            })
            .ok();
        let status = self
            .status
            .parse::<AgreementStatus>()
            .map_err(|e| {
                errs.push(FieldError {
                    field: "status".into(),
                    ..e
                })
            })
            .ok();
        let parties: Vec<Party> = self
            .parties
            .iter()
            .filter_map(|p| id_input(&mut errs, "parties", p))
            .map(|id| Party {
                organisation_id: OrgId(id),
                role: None,
            })
            .collect();
        let signed_on = date_input(&mut errs, "signed_on", &self.signed_on);
        let ends_on = date_input(&mut errs, "ends_on", &self.ends_on);
        let event_id = id_input(&mut errs, "event_id", &self.event_id).map(EventId);
        let mut milestones = Vec::new();
        let due = date_input(&mut errs, "milestone_due", &self.milestone_due);
        let owner = id_input(&mut errs, "milestone_owner", &self.milestone_owner).map(OrgId);
        if !self.milestone_title.trim().is_empty() || due.is_some() {
            match (&lang, due) {
                (_, None) => errs.push(FieldError::new(
                    "milestone_due",
                    ErrorCode::Required,
                    "a milestone needs a due date",
                )),
                (Some(l), Some(due_on)) => milestones.push(Milestone {
                    title: MultilingualText::parse(
                        [(l.to_string(), self.milestone_title.clone())],
                        MAX_SHORT_TEXT,
                    )
                    .unwrap_or_else(|e| {
                        errs.push(e.under("milestone_title"));
                        MultilingualText::default()
                    }),
                    owner_id: owner,
                    due_on,
                    completed_on: None,
                }),
                (None, Some(_)) => {}
            }
        }
        let (Some(kind), Some(status)) = (kind, status) else {
            return Err(errs);
        };
        let place = Some(self.place.trim().to_string()).filter(|p| !p.is_empty());
        let data = AgreementData {
            title,
            kind,
            parties,
            signatories: Vec::new(),
            signed_on,
            place,
            event_id,
            status,
            description: MultilingualText::default(),
            value: None,
            starts_on: None,
            ends_on,
            milestones,
            origin: Origin::default(),
            confidential: !self.confidential.is_empty(),
            demo: false,
        };
        if let Err(e) = data.check() {
            // The form edits the first milestone in flat inputs: show its errors there.
            errs.0.extend(e.0.into_iter().map(|mut f| {
                if let Some(rest) = f.field.strip_prefix("milestones[0].") {
                    f.field = match rest {
                        "due_on" => "milestone_due".into(),
                        "owner_id" => "milestone_owner".into(),
                        _ => "milestone_title".into(),
                    };
                }
                f
            }));
        }
        errs.into_result().map(|()| data)
    }
}

#[derive(Template)]
#[template(path = "agreement_form.html")]
struct FormPage {
    c: Chrome,
    form: AgreementForm,
    errors: FormErrors,
    orgs: Vec<Organisation>,
    events: Vec<Event>,
}

async fn form_page(
    s: &AppState,
    c: Chrome,
    form: AgreementForm,
    errs: &FieldErrors,
) -> Result<Response, WebError> {
    let orgs = all::<OrganisationData>(s, &c, Vec::new()).await?;
    let events = all::<EventData>(s, &c, Vec::new()).await?;
    let errors = FormErrors::new(c.tr, "agreement-form", errs);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&FormPage {
            c,
            form,
            errors,
            orgs,
            events,
        }),
    )
        .into_response())
}

fn secretariat_only(c: &Chrome) -> Result<(), WebError> {
    c.viewer.account().or_fail(c)?;
    if !c.viewer.is_admin() {
        return Err(c.fail(ApiError::forbidden(
            "only the secretariat records agreements",
        )));
    }
    Ok(())
}

pub async fn new(State(s): State<AppState>, c: Chrome) -> Result<Response, WebError> {
    secretariat_only(&c)?;
    let form = AgreementForm::blank(c.tr.0);
    form_page(&s, c, form, &FieldErrors::default()).await
}

pub async fn create(
    State(s): State<AppState>,
    c: Chrome,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    secretariat_only(&c)?;
    let form = AgreementForm::from_body(&body);
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(&form.csrf)).or_fail(&c)?;
    let data = match form.parse() {
        Ok(d) => d,
        Err(errs) => return form_page(&s, c, form, &errs).await,
    };
    match crud::create(&s, &c.viewer, data).await {
        Ok(rec) => Ok(Redirect::to(&format!("/agreements/{}", rec.0.id)).into_response()),
        Err(e) if e.code == "validation_failed" => {
            form_page(&s, c, form, &FieldErrors(e.errors)).await
        }
        Err(e) => Err(c.fail(e)),
    }
}

/// The agreements list as CSV (the list's filters apply; every page), for spreadsheets.
pub async fn export_csv(
    State(s): State<AppState>,
    c: Chrome,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let mut params = f.params().map_err(|e| c.fail(ApiError::invalid(e)))?;
    params.limit = Some(200);
    let mut q = crate::api::crud::list_query::<AgreementData>(params)
        .map_err(|e| c.fail(ApiError::invalid(e)))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "title",
        "kind",
        "status",
        "signed_on",
        "place",
        "event_id",
        "parties",
        "countries",
        "value",
        "currency",
        "starts_on",
        "ends_on",
        "milestones",
        "milestones_completed",
        "confidential",
    ];
    w.write_record(header)
        .map_err(|e| c.fail(ApiError::internal(e)))?;
    let mut countries: std::collections::HashMap<OrgId, (String, String)> = Default::default();
    loop {
        let page = s
            .store
            .list::<AgreementData>(&q, c.viewer.scope())
            .await
            .or_fail(&c)?;
        for a in &page.items {
            let mut names = Vec::new();
            let mut ccs = Vec::new();
            for p in &a.data.parties {
                let known = match countries.get(&p.organisation_id) {
                    Some(v) => v.clone(),
                    None => {
                        let v = s
                            .store
                            .get::<OrganisationData>(p.organisation_id, c.viewer.scope())
                            .await
                            .map(|o| {
                                (
                                    o.data.name.best(c.code()).to_string(),
                                    o.data.country.to_string(),
                                )
                            })
                            .unwrap_or_else(|_| {
                                (format!("#{}", p.organisation_id.0), String::new())
                            });
                        countries.insert(p.organisation_id, v.clone());
                        v
                    }
                };
                let (n, cc) = &known;
                names.push(n.clone());
                if !cc.is_empty() && !ccs.contains(cc) {
                    ccs.push(cc.clone());
                }
            }
            let d = &a.data;
            let opt = |v: Option<String>| v.unwrap_or_default();
            w.write_record([
                a.id.0.to_string(),
                d.title.best(c.code()).to_string(),
                d.kind.as_str().to_string(),
                d.status.as_str().to_string(),
                opt(d.signed_on.map(|x| x.to_string())),
                opt(d.place.clone()),
                opt(d.event_id.map(|x| x.0.to_string())),
                names.join("; "),
                ccs.join(";"),
                opt(d.value.map(|v| v.amount.to_string())),
                opt(d.value.map(|v| v.currency.to_string())),
                opt(d.starts_on.map(|x| x.to_string())),
                opt(d.ends_on.map(|x| x.to_string())),
                d.milestones.len().to_string(),
                d.milestones
                    .iter()
                    .filter(|m| m.completed_on.is_some())
                    .count()
                    .to_string(),
                d.confidential.to_string(),
            ])
            .map_err(|e| c.fail(ApiError::internal(e)))?;
        }
        match page.next_cursor.and_then(|cur| Cursor::decode(&cur)) {
            Some(cur) => q.cursor = Some(cur),
            None => break,
        }
    }
    let bytes = w.into_inner().map_err(|e| c.fail(ApiError::internal(e)))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"agreements.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
