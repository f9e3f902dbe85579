//! An event's programme: shown on the event page in the reader's language, each time in
//! the event's local time with UTC beside it (and, where a script runs, the reader's own
//! time), and the secretariat's form to add or remove an item.
//!
//! Items live in the event document, so adding one is an update of the event through the
//! API's `crud` rules: the version guards against two organisers editing at once, and the
//! event's own `check` (end after start, on the event's days) names the field that is wrong.

use super::forms::FormErrors;
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use crate::api::crud;
use crate::api::meetings::everything_in;
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Filter, Scope};
use serde::Deserialize;

/// One agenda item as the page shows it.
pub struct ItemView {
    /// Position in the event's `agenda`, for the delete button.
    pub index: usize,
    /// The local day, `YYYY-MM-DD`.
    pub day: String,
    /// Start and end in the event's local time, `HH:MM–HH:MM`.
    pub local: String,
    pub utc: String,
    /// The start in RFC 3339 UTC, for `<time datetime>` and the reader's-time script.
    pub starts_at: String,
    pub ends_at: String,
    pub room: String,
    pub title: String,
    pub speakers: Vec<String>,
    pub language: String,
    pub interpretation: Vec<String>,
}

/// A language's name in itself for the four interface languages, its code otherwise.
fn language_name(tag: &LanguageTag) -> String {
    UiLang::parse(tag.primary())
        .map(|l| l.endonym().to_string())
        .unwrap_or_else(|| tag.as_str().to_string())
}

/// UTC offset as `UTC+06:00`.
pub fn offset_label(minutes: i16) -> String {
    format!(
        "UTC{}{:02}:{:02}",
        if minutes < 0 { '-' } else { '+' },
        minutes.abs() / 60,
        minutes.abs() % 60
    )
}

/// The programme of `event` in time order, speakers by name.
pub async fn programme(s: &AppState, c: &Chrome, event: &Event) -> Vec<ItemView> {
    let offset = event.data.offset();
    let mut items: Vec<(usize, &AgendaItem)> = event.data.agenda.iter().enumerate().collect();
    items.sort_by_key(|(i, a)| (a.starts_at, a.ends_at, *i));
    let mut out = Vec::with_capacity(items.len());
    for (index, a) in items {
        let mut speakers = Vec::new();
        for p in &a.speakers {
            // Speakers are named on a published programme, whoever reads it; nothing else
            // about them (e-mail, position) is shown.
            if let Ok(person) = s.store.get::<PersonData>(*p, Scope::All).await {
                speakers.push(person.data.name);
            }
        }
        let local = |t: DateTime<Utc>| (t + offset).format("%H:%M").to_string();
        out.push(ItemView {
            index,
            day: (a.starts_at + offset).format("%Y-%m-%d").to_string(),
            local: format!("{}–{}", local(a.starts_at), local(a.ends_at)),
            utc: format!(
                "{}–{}Z",
                a.starts_at.format("%H:%M"),
                a.ends_at.format("%H:%M")
            ),
            starts_at: a
                .starts_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ends_at: a.ends_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            room: a.room.clone().unwrap_or_default(),
            title: a.title.best(c.code()).to_string(),
            speakers,
            language: a.language.as_ref().map(language_name).unwrap_or_default(),
            interpretation: a.interpretation.iter().map(language_name).collect(),
        });
    }
    out
}

/// The form as the browser sends it; kept as typed so a refused form shows it again.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    csrf: String,
    version: String,
    /// Local time of the venue, `YYYY-MM-DDTHH:MM` (a `datetime-local` input).
    starts_at: String,
    ends_at: String,
    room: String,
    title_lang: String,
    title: String,
    /// Person ids, comma-separated by the browser's repeated fields (see [`parse_form`]).
    #[serde(skip)]
    speakers: Vec<String>,
    language: String,
    /// Space- or comma-separated language codes.
    interpretation: String,
}

/// Reads the urlencoded body: `speakers` repeats, which `serde_urlencoded` cannot collect.
fn parse_form(body: &[u8]) -> ItemForm {
    let mut f: ItemForm = serde_urlencoded::from_bytes(body).unwrap_or_default();
    f.speakers = form_urlencoded::parse(body)
        .filter(|(k, _)| k == "speakers")
        .map(|(_, v)| v.into_owned())
        .collect();
    f
}

fn local_time(
    field: &str,
    v: &str,
    offset: Duration,
    e: &mut FieldErrors,
) -> Option<DateTime<Utc>> {
    match NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%dT%H:%M") {
        Ok(t) => Some(t.and_utc() - offset),
        Err(_) => {
            e.push(FieldError::new(
                field,
                ErrorCode::InvalidFormat,
                format!("'{v}' is not a date and time (YYYY-MM-DDTHH:MM, local time)"),
            ));
            None
        }
    }
}

impl ItemForm {
    /// The form filled with `item` as it stands, its title in `lang` where it has one.
    fn of_item(item: &AgendaItem, event: &Event, lang: UiLang) -> ItemForm {
        let offset = event.data.offset();
        let local = |t: DateTime<Utc>| (t + offset).format("%Y-%m-%dT%H:%M").to_string();
        let title_lang = match item.title.get(lang.code()) {
            Some(_) => lang.code().to_string(),
            None => item
                .title
                .iter()
                .next()
                .map(|(l, _)| l.as_str().to_string())
                .unwrap_or_else(|| lang.code().to_string()),
        };
        ItemForm {
            csrf: String::new(),
            version: event.version.to_string(),
            starts_at: local(item.starts_at),
            ends_at: local(item.ends_at),
            room: item.room.clone().unwrap_or_default(),
            title: item.title.get(&title_lang).unwrap_or_default().to_string(),
            title_lang,
            speakers: item.speakers.iter().map(|p| p.0.to_string()).collect(),
            language: item
                .language
                .as_ref()
                .map(|l| l.as_str().to_string())
                .unwrap_or_default(),
            interpretation: item
                .interpretation
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    fn blank(event: &EventData, lang: UiLang) -> ItemForm {
        ItemForm {
            title_lang: lang.code().into(),
            starts_at: format!("{}T09:00", event.starts_on),
            ends_at: format!("{}T10:00", event.starts_on),
            ..ItemForm::default()
        }
    }

    /// Whether `p` was ticked as a speaker.
    fn speaks(&self, p: &PersonId) -> bool {
        self.speakers.iter().any(|v| v.trim() == p.0.to_string())
    }

    /// The item, or every field that is wrong (as the input names them).
    fn parse(&self, event: &EventData) -> Result<AgendaItem, FieldErrors> {
        let mut e = FieldErrors::default();
        let offset = event.offset();
        let starts_at = local_time("starts_at", &self.starts_at, offset, &mut e);
        let ends_at = local_time("ends_at", &self.ends_at, offset, &mut e);
        let title = MultilingualText::parse(
            [(self.title_lang.trim(), self.title.trim())],
            MAX_SHORT_TEXT,
        )
        .unwrap_or_else(|err| {
            e.push(FieldError {
                field: "title".into(),
                ..err
            });
            MultilingualText::default()
        });
        let mut speakers = Vec::new();
        for v in self.speakers.iter().filter(|v| !v.trim().is_empty()) {
            match v.trim().parse::<i64>() {
                Ok(p) => speakers.push(PersonId(p)),
                Err(_) => e.push(FieldError::new(
                    "speakers",
                    ErrorCode::InvalidFormat,
                    format!("'{v}' is not a person"),
                )),
            }
        }
        let language = match self.language.trim() {
            "" => None,
            v => v
                .parse::<LanguageTag>()
                .map_err(|err| {
                    e.push(FieldError {
                        field: "language".into(),
                        ..err
                    })
                })
                .ok(),
        };
        let mut interpretation = Vec::new();
        for v in self
            .interpretation
            .split([' ', ','])
            .filter(|v| !v.is_empty())
        {
            match v.parse::<LanguageTag>() {
                Ok(l) => interpretation.push(l),
                Err(err) => e.push(FieldError {
                    field: "interpretation".into(),
                    ..err
                }),
            }
        }
        e.into_result()?;
        let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) else {
            return Err(FieldErrors::default());
        };
        Ok(AgendaItem {
            starts_at,
            ends_at,
            room: Some(self.room.trim().to_string()).filter(|r| !r.is_empty()),
            title,
            speakers,
            language,
            interpretation,
        })
    }
}

#[derive(Template)]
#[template(path = "agenda_form.html")]
struct FormPage {
    c: Chrome,
    event: Event,
    /// Where the form posts, and its heading and button (message keys): adding an item or
    /// changing one.
    action: String,
    heading: &'static str,
    submit: &'static str,
    form: ItemForm,
    errors: FormErrors,
    /// People who may speak: the delegates registered for this event or the one above it.
    people: Vec<(PersonId, String)>,
    offset: String,
}

async fn form_page(
    s: &AppState,
    c: Chrome,
    event: Event,
    editing: Option<usize>,
    form: ItemForm,
    errs: &FieldErrors,
) -> Result<Response, WebError> {
    let mut events = vec![event.id];
    events.extend(event.data.parent_id);
    let mut people: Vec<(PersonId, String)> = Vec::new();
    for e in events {
        let regs = everything_in::<RegistrationData>(s, vec![Filter::Event(e)], Scope::All)
            .await
            .or_fail(&c)?;
        for d in regs.iter().flat_map(|r| r.data.delegates.iter()) {
            if !people.iter().any(|(p, _)| *p == d.person_id)
                && let Ok(p) = s.store.get::<PersonData>(d.person_id, Scope::All).await
            {
                people.push((d.person_id, p.data.name));
            }
        }
    }
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let errors = FormErrors::new(c.tr, "agenda", errs);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let offset = offset_label(event.data.utc_offset_minutes.unwrap_or(0));
    let (action, heading, submit) = match editing {
        None => (
            format!("/events/{}/agenda", event.id),
            "agenda-new-title",
            "agenda-add",
        ),
        Some(i) => (
            format!("/events/{}/agenda/{i}", event.id),
            "agenda-edit-title",
            "agenda-save",
        ),
    };
    let page = FormPage {
        c,
        event,
        action,
        heading,
        submit,
        form,
        errors,
        people,
        offset,
    };
    Ok((status, render(&page)).into_response())
}

async fn secretariat_event(s: &AppState, c: &Chrome, id: i64) -> Result<Event, WebError> {
    c.viewer.account().or_fail(c)?;
    if !c.viewer.is_admin() {
        return Err(c.fail(ApiError::forbidden(
            "only the secretariat edits the programme",
        )));
    }
    s.store
        .get::<EventData>(EventId(id), Scope::All)
        .await
        .or_fail(c)
}

pub async fn new(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let event = secretariat_event(&s, &c, id).await?;
    let mut form = ItemForm::blank(&event.data, c.tr.0);
    form.version = event.version.to_string();
    form_page(&s, c, event, None, form, &FieldErrors::default()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditQuery {
    /// The event's version when the programme was shown, so `index` means the item the
    /// organiser clicked.
    version: Option<i64>,
}

/// The form for item `index`, filled with it.
pub async fn edit(
    State(s): State<AppState>,
    c: Chrome,
    Path((id, index)): Path<(i64, usize)>,
    axum::extract::Query(q): axum::extract::Query<EditQuery>,
) -> Result<Response, WebError> {
    let event = secretariat_event(&s, &c, id).await?;
    let stale = q.version.is_some_and(|v| v != event.version);
    let Some(item) = event.data.agenda.get(index).filter(|_| !stale) else {
        return Err(c.fail(ApiError::new(
            StatusCode::CONFLICT,
            "agenda_changed",
            "the programme changed since it was shown: reload the event page",
        )));
    };
    let form = ItemForm::of_item(item, &event, c.tr.0);
    form_page(&s, c, event, Some(index), form, &FieldErrors::default()).await
}

/// Where the API names an error of item `index` (`agenda[3].ends_at`), the form names
/// its input (`ends_at`).
fn at_inputs(errs: Vec<FieldError>, index: usize) -> FieldErrors {
    let prefix = format!("agenda[{index}].");
    FieldErrors(
        errs.into_iter()
            .map(|mut e| {
                if let Some(rest) = e.field.strip_prefix(&prefix) {
                    e.field = rest.to_string();
                }
                e
            })
            .collect(),
    )
}

pub async fn create(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    save(&s, c, id, None, &body).await
}

/// Replaces item `index` with the form's; the title keeps its other languages.
pub async fn replace(
    State(s): State<AppState>,
    c: Chrome,
    Path((id, index)): Path<(i64, usize)>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    save(&s, c, id, Some(index), &body).await
}

/// Adds the form's item to the programme, or puts it in place of item `editing`.
async fn save(
    s: &AppState,
    c: Chrome,
    id: i64,
    editing: Option<usize>,
    body: &[u8],
) -> Result<Response, WebError> {
    let form = parse_form(body);
    c.viewer.account().or_fail(&c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(&form.csrf)).or_fail(&c)?;
    let event = secretariat_event(s, &c, id).await?;
    if editing.is_some_and(|i| i >= event.data.agenda.len()) {
        return Err(c.fail(ApiError::not_found("no such agenda item")));
    }
    let mut item = match form.parse(&event.data) {
        Ok(item) => item,
        Err(errs) => return form_page(s, c, event, editing, form, &errs).await,
    };
    let mut data = event.data.clone();
    let index = match editing {
        None => {
            data.agenda.push(item);
            data.agenda.len() - 1
        }
        Some(i) => {
            let mut title = data.agenda[i].title.clone();
            for (lang, text) in item.title.iter() {
                title.insert(lang.clone(), text.to_string());
            }
            item.title = title;
            data.agenda[i] = item;
            i
        }
    };
    // A stale version is refused by the update (412), as for a removal.
    let version = form.version.trim().parse().unwrap_or(0);
    match crud::update(s, &c.viewer, id, version, data).await {
        Ok(_) => Ok(Redirect::to(&format!("/events/{id}#programme")).into_response()),
        Err(e) if e.code == "validation_failed" => {
            let errs = at_inputs(e.errors, index);
            form_page(s, c, event, editing, form, &errs).await
        }
        Err(e) => Err(c.fail(e)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    csrf: String,
    version: String,
}

/// Removes item `index` (its position when the page was shown; the version makes sure the
/// list has not changed since).
pub async fn delete(
    State(s): State<AppState>,
    c: Chrome,
    Path((id, index)): Path<(i64, usize)>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, WebError> {
    c.viewer.account().or_fail(&c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(&f.csrf)).or_fail(&c)?;
    let event = secretariat_event(&s, &c, id).await?;
    let mut data = event.data.clone();
    if index >= data.agenda.len() {
        return Err(c.fail(ApiError::not_found("no such agenda item")));
    }
    data.agenda.remove(index);
    let version = f.version.trim().parse().unwrap_or(0);
    crud::update(&s, &c.viewer, id, version, data)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{id}#programme")).into_response())
}
