//! A matchmaking session on its event page: the slots in the event's local time, the
//! organiser's grid (slot x table), the signed-in delegate's requests with answers, the
//! delegations the matching engine suggests meeting (one click to ask), a form to request
//! a meeting, the scheduler button for the secretariat, and the .ics agenda.
//! Writes go through the API's `crud` functions and rules.

use super::{Chrome, OrFail, WebError};
use crate::AppState;
use crate::api::crud;
use crate::api::meetings::{everything, everything_in, live, run};
use crate::error::ApiError;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Filter, Scope};
use serde::Deserialize;
use std::collections::HashMap;

pub struct SlotView {
    /// Start and end in the event's local time, `HH:MM`.
    pub local: String,
    pub utc: String,
}

pub struct MeetingView {
    pub id: i64,
    pub version: i64,
    pub other: String,
    pub status: MeetingRequestStatus,
    pub when: Option<String>,
    pub table: Option<u16>,
    pub incoming: bool,
    /// Recorded outcome: held, and follow-up wanted.
    pub outcome: Option<(bool, bool)>,
    /// Why the scheduler's last run left it out.
    pub unscheduled: Option<String>,
}

/// A delegation the matching engine suggests meeting, with a one-click request.
pub struct SuggestionView {
    pub organisation: String,
    /// Why, in the reader's language: which need is answered by what.
    pub reasons: Vec<String>,
    /// Each side has something the other wants.
    pub both: bool,
    /// The delegate the request goes to, and the need it is about.
    pub to_person: PersonId,
    pub to_name: String,
    pub opportunity: Option<OpportunityId>,
}

/// One cell of the grid: who meets at this table in this slot, and the request behind it
/// (for the organiser's lock button).
#[derive(Clone, Default)]
pub struct Cell {
    pub text: String,
    pub id: i64,
    pub version: i64,
    pub locked: bool,
}

pub struct Matchmaking {
    pub event_id: i64,
    pub slots: Vec<SlotView>,
    pub tables: u16,
    /// `grid[slot][table]`: who meets there, for the meetings the viewer may see.
    pub grid: Vec<Vec<Cell>>,
    /// Meetings the last run could not place, with why (those the viewer may see).
    pub unscheduled: Vec<(String, String)>,
    /// The local day of the first slot, for the printed table plan.
    pub day: String,
    /// Approved delegates the viewer may ask for a meeting.
    pub delegates: Vec<(PersonId, String)>,
    pub mine: Vec<MeetingView>,
    /// For a signed-in delegate: delegations to meet, from the matching engine.
    pub suggestions: Vec<SuggestionView>,
    pub me: Option<PersonId>,
    pub is_delegate: bool,
    pub offset: String,
}

fn hhmm(t: chrono::DateTime<chrono::Utc>, offset: chrono::Duration) -> String {
    (t + offset).format("%H:%M").to_string()
}

/// The matchmaking section of an event page, if the event is a session with slots.
pub async fn section(
    s: &AppState,
    c: &Chrome,
    event: &Event,
) -> Result<Option<Matchmaking>, ApiError> {
    let Some(setup) = &event.data.matchmaking else {
        return Ok(None);
    };
    let minutes = event.data.utc_offset_minutes.unwrap_or(0);
    let offset = chrono::Duration::minutes(minutes.into());
    let slots = setup
        .slots
        .iter()
        .map(|t| SlotView {
            local: format!(
                "{}–{}",
                hhmm(t.starts_at, offset),
                hhmm(t.ends_at(), offset)
            ),
            utc: format!("{}Z", t.starts_at.format("%H:%M")),
        })
        .collect::<Vec<_>>();
    let registrations = everything::<RegistrationData>(
        s,
        vec![
            Filter::Event(event.id),
            Filter::RegistrationStatus(RegistrationStatus::Approved),
        ],
    )
    .await?;
    let mut names: HashMap<PersonId, String> = HashMap::new();
    // Each delegation's organisation name and the delegate a suggested request goes to
    // (the first who is not there to interpret or report).
    let mut delegations: HashMap<OrgId, (String, Option<PersonId>)> = HashMap::new();
    for r in &registrations {
        let org = s
            .store
            .get::<OrganisationData>(r.data.organisation_id, Scope::All)
            .await
            .map(|o| o.data.name.best(c.code()).to_string())
            .unwrap_or_default();
        let contact = crate::api::meetings::contact_of(&r.data);
        delegations.insert(r.data.organisation_id, (org.clone(), contact));
        for d in &r.data.delegates {
            if let Ok(p) = s.store.get::<PersonData>(d.person_id, Scope::All).await {
                names.insert(d.person_id, format!("{} ({org})", p.data.name));
            }
        }
    }
    let me = c.viewer.person();
    let is_delegate = me.is_some_and(|p| names.contains_key(&p));
    let mut delegates: Vec<(PersonId, String)> = names
        .iter()
        .filter(|(p, _)| Some(**p) != me)
        .map(|(p, n)| (*p, n.clone()))
        .collect();
    delegates.sort_by(|a, b| a.1.cmp(&b.1));
    let name = |p: PersonId| {
        names
            .get(&p)
            .cloned()
            .unwrap_or_else(|| format!("#{}", p.0))
    };

    // Meetings the viewer may see (their organisation's, or all for the secretariat),
    // every one of them: a session's grid is not a page of a list.
    let visible = if c.viewer.0.is_some() {
        everything_in::<MeetingRequestData>(s, vec![Filter::Event(event.id)], c.viewer.scope())
            .await?
    } else {
        Vec::new()
    };
    let mut grid = vec![vec![Cell::default(); setup.tables as usize]; setup.slots.len()];
    let mut mine = Vec::new();
    let mut unscheduled = Vec::new();
    for m in &visible {
        let pair = || format!("{} – {}", name(m.data.from_person), name(m.data.to_person));
        let why = m.data.unscheduled.clone().filter(|_| live(m.data.status));
        if let Some(why) = &why {
            unscheduled.push((pair(), why.clone()));
        }
        if let Some(p) = m.data.placement.filter(|_| live(m.data.status))
            && let Some(row) = grid.get_mut(usize::from(p.slot) - 1)
            && let Some(cell) = row.get_mut(usize::from(p.table) - 1)
        {
            *cell = Cell {
                text: pair(),
                id: m.id.0,
                version: m.version,
                locked: m.data.locked,
            };
        }
        if me == Some(m.data.from_person) || me == Some(m.data.to_person) {
            let incoming = me == Some(m.data.to_person);
            let other = if incoming {
                m.data.from_person
            } else {
                m.data.to_person
            };
            mine.push(MeetingView {
                id: m.id.0,
                version: m.version,
                other: name(other),
                status: m.data.status,
                when: m
                    .data
                    .placement
                    .and_then(|p| slots.get(usize::from(p.slot) - 1))
                    .map(|v| v.local.clone()),
                table: m.data.placement.map(|p| p.table),
                incoming,
                outcome: m.data.outcome.as_ref().map(|o| (o.held, o.follow_up)),
                unscheduled: why,
            });
        }
    }
    let suggestions = match c.viewer.organisation() {
        Some(org) if is_delegate => suggest(s, c, org, &visible, &delegations, &names).await?,
        _ => Vec::new(),
    };
    Ok(Some(Matchmaking {
        event_id: event.id.0,
        slots,
        tables: setup.tables,
        grid,
        unscheduled,
        day: setup
            .slots
            .first()
            .map(|t| (t.starts_at + offset).format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        delegates,
        mine,
        suggestions,
        me,
        is_delegate,
        offset: super::agenda::offset_label(minutes),
    }))
}

/// How many delegations are suggested at once.
const SUGGESTIONS: usize = 5;

/// Delegations the engine says `org` should meet, leaving out those it already has a live
/// request with (either way): a suggestion is for a meeting not yet asked for.
async fn suggest(
    s: &AppState,
    c: &Chrome,
    org: OrgId,
    visible: &[MeetingRequest],
    delegations: &HashMap<OrgId, (String, Option<PersonId>)>,
    names: &HashMap<PersonId, String>,
) -> Result<Vec<SuggestionView>, ApiError> {
    let asked: std::collections::HashSet<OrgId> = visible
        .iter()
        .filter(|m| live(m.data.status))
        .filter_map(|m| {
            if m.data.from_organisation == org {
                Some(m.data.to_organisation)
            } else if m.data.to_organisation == org {
                Some(m.data.from_organisation)
            } else {
                None
            }
        })
        .collect();
    let others: std::collections::HashSet<OrgId> = delegations
        .keys()
        .copied()
        .filter(|o| *o != org && !asked.contains(o))
        .collect();
    if others.is_empty() {
        return Ok(Vec::new());
    }
    let fits = s
        .matcher
        .meeting_fits(&s.store, org, &others, SUGGESTIONS)
        .await?;
    let mut out = Vec::new();
    for f in fits {
        let Some((name, Some(to))) = delegations.get(&f.organisation).cloned() else {
            continue;
        };
        let mut reasons = Vec::new();
        if let Some(m) = &f.ours {
            reasons.push(format!(
                "{} {}",
                c.a("mm-suggest-ours", "need", m.need_title.best(c.code())),
                m.answer_title.best(c.code())
            ));
        }
        if let Some(m) = &f.theirs {
            reasons.push(format!(
                "{} {}",
                c.a("mm-suggest-theirs", "need", m.need_title.best(c.code())),
                m.answer_title.best(c.code())
            ));
        }
        out.push(SuggestionView {
            organisation: name,
            reasons,
            both: f.ours.is_some() && f.theirs.is_some(),
            to_name: names
                .get(&to)
                .cloned()
                .unwrap_or_else(|| format!("#{}", to.0)),
            to_person: to,
            opportunity: f.topic(),
        });
    }
    Ok(out)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    csrf: String,
    to_person: String,
    message: String,
    priority: String,
    /// The need the meeting is about, when it comes from a suggestion.
    opportunity_id: String,
}

fn guard(c: &Chrome, csrf: &str) -> Result<(), WebError> {
    c.viewer.account().or_fail(c)?;
    crate::auth::check_csrf(&c.viewer, &Method::POST, Some(csrf)).or_fail(c)
}

fn invalid(field: &str, msg: &str) -> ApiError {
    ApiError::invalid(FieldError::new(field, ErrorCode::InvalidFormat, msg).into())
}

/// A delegate asks another for a meeting.
pub async fn request(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<RequestForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let me = c
        .viewer
        .person()
        .ok_or_else(|| c.fail(ApiError::unauthorized()))?;
    let from_org = c
        .viewer
        .organisation()
        .ok_or_else(|| c.fail(ApiError::forbidden("you do not belong to an organisation")))?;
    let to: PersonId = f
        .to_person
        .parse()
        .map_err(|_| c.fail(invalid("to_person", "choose a delegate")))?;
    let to_org = s
        .store
        .get::<PersonData>(to, Scope::All)
        .await
        .or_fail(&c)?
        .data
        .organisation_id
        .ok_or_else(|| {
            c.fail(invalid(
                "to_person",
                "this person belongs to no organisation",
            ))
        })?;
    let data = MeetingRequestData {
        event_id: EventId(id),
        from_person: me,
        from_organisation: from_org,
        to_person: to,
        to_organisation: to_org,
        message: Some(f.message.trim().to_string()).filter(|m| !m.is_empty()),
        priority: f.priority.parse().unwrap_or(1),
        status: MeetingRequestStatus::Pending,
        locked: false,
        placement: None,
        unscheduled: None,
        outcome: None,
        opportunity_id: match f.opportunity_id.trim() {
            "" => None,
            v => Some(
                v.parse()
                    .map_err(|_| c.fail(invalid("opportunity_id", "not a need or offer")))?,
            ),
        },
    };
    crud::create(&s, &c.viewer, data).await.or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{id}#matchmaking")).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    csrf: String,
    version: String,
    status: String,
}

/// The invited delegate accepts or declines; either party may cancel.
pub async fn answer(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let current = s
        .store
        .get::<MeetingRequestData>(MeetingRequestId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let status: MeetingRequestStatus = f
        .status
        .parse()
        .map_err(|e: FieldError| c.fail(ApiError::invalid(e.into())))?;
    let mut data = current.data.clone();
    data.status = status;
    let version = f.version.parse().unwrap_or(0);
    crud::update(&s, &c.viewer, id, version, data)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{}#matchmaking", current.data.event_id.0)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    csrf: String,
}

/// The secretariat runs the scheduler; the page then shows the grid and the outcome.
pub async fn schedule(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let report = run(&s, &c.viewer, id).await.or_fail(&c)?;
    Ok(Redirect::to(&format!(
        "/events/{id}?scheduled={}&unscheduled={}&breaks={}&lower={}{}#matchmaking",
        report.scheduled,
        report.unscheduled.len(),
        report.breaks,
        report.breaks_lower_bound,
        if report.time_limited {
            "&time_limited=true"
        } else {
            ""
        }
    ))
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    csrf: String,
    version: String,
    /// First slot's start in the event's local time, `YYYY-MM-DDTHH:MM`.
    pub first_start: String,
    pub minutes: String,
    pub count: String,
    pub tables: String,
    /// A pause after this many slots (lunch), in minutes given by `pause_minutes`.
    pub pause_after: String,
    pub pause_minutes: String,
}

impl SetupForm {
    /// What the event page offers: twelve 20-minute slots at ten tables.
    pub fn suggested() -> SetupForm {
        SetupForm {
            minutes: "20".into(),
            count: "12".into(),
            tables: "10".into(),
            ..SetupForm::default()
        }
    }
}

/// The setup form again, with what was typed and each error beside its input.
#[derive(askama::Template)]
#[template(path = "setup_form.html")]
struct SetupPage {
    c: Chrome,
    event: Event,
    setup: SetupForm,
    setup_errors: super::forms::FormErrors,
}

fn number<T: std::str::FromStr>(field: &str, v: &str, what: &str) -> Result<T, FieldError> {
    v.trim().parse().map_err(|_| {
        FieldError::new(
            field,
            ErrorCode::InvalidFormat,
            format!("'{v}' is not {what}"),
        )
    })
}

impl SetupForm {
    fn slots(&self, offset_minutes: i16) -> Result<(Vec<TimeSlot>, u16), FieldErrors> {
        let mut errs = FieldErrors::default();
        let start =
            chrono::NaiveDateTime::parse_from_str(self.first_start.trim(), "%Y-%m-%dT%H:%M")
                .map_err(|_| {
                    errs.push(FieldError::new(
                        "first_start",
                        ErrorCode::InvalidFormat,
                        format!(
                            "'{}' is not a date and time (YYYY-MM-DDTHH:MM)",
                            self.first_start
                        ),
                    ))
                })
                .ok();
        let minutes: Option<u16> = number("minutes", &self.minutes, "a number of minutes")
            .map_err(|e| errs.push(e))
            .ok();
        let count: Option<usize> = number("count", &self.count, "a number of slots")
            .map_err(|e| errs.push(e))
            .ok();
        let tables: Option<u16> = number("tables", &self.tables, "a number of tables")
            .map_err(|e| errs.push(e))
            .ok();
        let pause_after: Option<usize> = match self.pause_after.trim() {
            "" => None,
            v => number("pause_after", v, "a slot number")
                .map_err(|e| errs.push(e))
                .ok(),
        };
        let pause: i64 = match self.pause_minutes.trim() {
            "" => 0,
            v => number("pause_minutes", v, "a number of minutes")
                .map_err(|e| errs.push(e))
                .unwrap_or(0),
        };
        if count.is_some_and(|c| c == 0 || c > MAX_SESSION_SLOTS) {
            errs.push(FieldError::new(
                "count",
                ErrorCode::OutOfRange,
                format!("between 1 and {MAX_SESSION_SLOTS} slots"),
            ));
        }
        errs.into_result()?;
        let (Some(start), Some(minutes), Some(count), Some(tables)) =
            (start, minutes, count, tables)
        else {
            return Err(FieldErrors::default());
        };
        let mut at = start.and_utc() - chrono::Duration::minutes(offset_minutes.into());
        let mut slots = Vec::with_capacity(count);
        for i in 0..count {
            slots.push(TimeSlot {
                starts_at: at,
                minutes,
            });
            at += chrono::Duration::minutes(minutes.into());
            if pause_after == Some(i + 1) {
                at += chrono::Duration::minutes(pause);
            }
        }
        Ok((slots, tables))
    }
}

/// The secretariat sets (or resets) a session's slots and tables from a few numbers.
pub async fn setup(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<SetupForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let event = s
        .store
        .get::<EventData>(EventId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let (slots, tables) = match f.slots(event.data.utc_offset_minutes.unwrap_or(0)) {
        Ok(v) => v,
        Err(errs) => {
            let setup_errors = super::forms::FormErrors::new(c.tr, "mm", &errs);
            let page = SetupPage {
                c,
                event,
                setup: f,
                setup_errors,
            };
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                super::render(&page),
            )
                .into_response());
        }
    };
    let mut data = event.data.clone();
    let previous = data.matchmaking.take();
    data.matchmaking = Some(MatchmakingSetup {
        slots,
        tables,
        booths: previous
            .as_ref()
            .map(|p| p.booths.clone())
            .unwrap_or_default(),
        rule: previous
            .as_ref()
            .map(|p| p.rule)
            .unwrap_or(ConfirmationRule::Participant),
        fairness: previous.as_ref().and_then(|p| p.fairness).or(Some(2)),
    });
    let version = f.version.parse().unwrap_or(0);
    crud::update(&s, &c.viewer, id, version, data)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{id}#matchmaking")).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    csrf: String,
    version: String,
    /// `held`, `follow_up` (held, and a follow-up wanted) or `no_show`.
    outcome: String,
}

/// Either party records what happened at the meeting; it feeds the funnel.
pub async fn outcome(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<OutcomeForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let current = s
        .store
        .get::<MeetingRequestData>(MeetingRequestId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let (held, follow_up) = match f.outcome.as_str() {
        "held" => (true, false),
        "follow_up" => (true, true),
        "no_show" => (false, false),
        other => {
            return Err(c.fail(invalid(
                "outcome",
                &format!("'{other}' is not one of held, follow_up, no_show"),
            )));
        }
    };
    let mut data = current.data.clone();
    data.outcome = Some(MeetingOutcome {
        held,
        follow_up,
        note: data.outcome.as_ref().and_then(|o| o.note.clone()),
    });
    let version = f.version.parse().unwrap_or(0);
    crud::update(&s, &c.viewer, id, version, data)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{}#matchmaking", current.data.event_id.0)).into_response())
}

/// A session's schedule as CSV: one row per placed meeting, in slot and table order, then
/// one per meeting the last run left out, with why (no slot or table).
pub async fn meetings_csv(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let event = s
        .store
        .get::<EventData>(EventId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let Some(mm) = section(&s, &c, &event).await.or_fail(&c)? else {
        return Err(c.fail(ApiError::not_found("this event has no matchmaking slots")));
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| c.fail(ApiError::internal(e));
    w.write_record([
        "slot",
        "local_time",
        "utc",
        "table",
        "meeting",
        "not_scheduled_because",
    ])
    .map_err(fail)?;
    for (i, row) in mm.grid.iter().enumerate() {
        for (t, cell) in row.iter().enumerate() {
            if !cell.text.is_empty() {
                w.write_record([
                    (i + 1).to_string(),
                    mm.slots[i].local.clone(),
                    mm.slots[i].utc.clone(),
                    (t + 1).to_string(),
                    cell.text.clone(),
                    String::new(),
                ])
                .map_err(fail)?;
            }
        }
    }
    for (pair, why) in &mm.unscheduled {
        w.write_record(["", "", "", "", pair, why]).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| c.fail(ApiError::internal(e)))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"meetings-{id}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LockForm {
    csrf: String,
    version: String,
    /// `true` to lock, `false` to release.
    locked: String,
}

/// The organiser locks a scheduled meeting where it is (the scheduler then never moves
/// it), or releases it.
pub async fn lock(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<LockForm>,
) -> Result<Response, WebError> {
    guard(&c, &f.csrf)?;
    let current = s
        .store
        .get::<MeetingRequestData>(MeetingRequestId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let locked = f.locked != "false";
    if locked && current.data.placement.is_none() {
        return Err(c.fail(invalid(
            "locked",
            "only a scheduled meeting can be locked in place; run the scheduler first",
        )));
    }
    let mut data = current.data.clone();
    data.locked = locked;
    let version = f.version.parse().unwrap_or(0);
    crud::update(&s, &c.viewer, id, version, data)
        .await
        .or_fail(&c)?;
    Ok(Redirect::to(&format!("/events/{}#matchmaking", current.data.event_id.0)).into_response())
}

#[derive(askama::Template)]
#[template(path = "table_plan.html")]
struct TablePlan {
    c: Chrome,
    event: Event,
    mm: Matchmaking,
}

/// The printable table plan: slot x table with who meets where, in local time with UTC,
/// for the organiser's desk and the wall of the hall.
pub async fn table_plan(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let event = s
        .store
        .get::<EventData>(EventId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let Some(mm) = section(&s, &c, &event).await.or_fail(&c)? else {
        return Err(c.fail(ApiError::not_found("this event has no matchmaking slots")));
    };
    Ok(super::render(&TablePlan { c, event, mm }))
}
