//! Matchmaking sessions: running the scheduler over a session's accepted requests, and
//! the iCalendar agenda of a delegate or of the whole session.
//!
//! The scheduler crate knows nothing of the database: this module turns the stored
//! session (slots, tables, booths), its approved delegations and its meeting requests
//! into a `medbridge_schedule::Instance`, solves it off the async runtime, and writes every
//! placement in one transaction, so a failed run leaves the previous schedule intact.

use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_schedule as sched;
use medbridge_store::{Filter, ListQuery, Scope};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a scheduler run achieved, and what it could not schedule and why.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScheduleReport {
    /// Requests that should take place (accepted, or confirmed where the organiser confirms).
    pub requests: usize,
    pub scheduled: usize,
    /// No schedule can hold more priority weight than this.
    pub weight_upper_bound: u64,
    pub scheduled_weight: u64,
    /// Idle slots between delegates' meetings, in all.
    pub breaks: u32,
    pub breaks_lower_bound: u32,
    pub proven_optimal: bool,
    /// The time limit ended the search short of a proven optimum: running the scheduler
    /// again may find fewer breaks.
    pub time_limited: bool,
    /// Placed meetings moved by this run (a re-run moves as few as it can).
    pub moved: usize,
    pub unscheduled: Vec<UnscheduledRequest>,
    pub elapsed_ms: u64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnscheduledRequest {
    pub meeting_request_id: i64,
    pub reason: String,
}

/// All records of one query, page by page (the scheduler needs the whole session).
pub async fn everything<E: crate::api::crud::Resource>(
    s: &AppState,
    filters: Vec<Filter>,
) -> Result<Vec<Record<E::Id, E>>, ApiError> {
    everything_in(s, filters, Scope::All).await
}

/// All records of one query that `scope` may see, page by page.
pub async fn everything_in<E: crate::api::crud::Resource>(
    s: &AppState,
    filters: Vec<Filter>,
    scope: Scope,
) -> Result<Vec<Record<E::Id, E>>, ApiError> {
    all_visible::<E>(&s.store, filters, scope).await
}

/// Every record of `E` that `filters` select and `scope` may see, page by page: for the
/// scheduler, agendas and the matching index, which need a whole set, not a page.
pub async fn all_visible<E: medbridge_store::Entity>(
    store: &medbridge_store::Store,
    filters: Vec<Filter>,
    scope: Scope,
) -> Result<Vec<Record<E::Id, E>>, ApiError> {
    let mut out = Vec::new();
    let mut q = ListQuery {
        limit: 200,
        ..ListQuery::new(filters)
    };
    loop {
        let page = store.list::<E>(&q, scope).await?;
        out.extend(page.items);
        match page.next_cursor.and_then(|c| Cursor::decode(&c)) {
            Some(c) => q.cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// A placement the organiser sets by hand (before locking a meeting, say) must fit the
/// session and leave nobody double-booked: the slot and table exist, no other meeting holds
/// that table in that slot, and neither party meets someone else in it. (The scheduler's
/// own placements are checked by its validator instead.)
pub async fn check_placement(
    s: &AppState,
    m: &MeetingRequestData,
    id: Option<MeetingRequestId>,
    p: MeetingPlacement,
) -> Result<(), ApiError> {
    let event = s.store.get::<EventData>(m.event_id, Scope::All).await?;
    let Some(setup) = &event.data.matchmaking else {
        return Err(ApiError::field(
            "placement",
            ErrorCode::OutOfRange,
            "this session has no slots and tables yet",
        ));
    };
    let mut errs = FieldErrors::default();
    if usize::from(p.slot) > setup.slots.len() {
        errs.push(FieldError::new(
            "placement.slot",
            ErrorCode::OutOfRange,
            format!(
                "slot {} is not among slots 1 to {}",
                p.slot,
                setup.slots.len()
            ),
        ));
    }
    if p.table > setup.tables {
        errs.push(FieldError::new(
            "placement.table",
            ErrorCode::OutOfRange,
            format!(
                "table {} is not among tables 1 to {}",
                p.table, setup.tables
            ),
        ));
    }
    errs.into_result()?;
    let mut errs = FieldErrors::default();
    let others = everything::<MeetingRequestData>(s, vec![Filter::Event(m.event_id)]).await?;
    let people = [m.from_person, m.to_person];
    for o in others
        .iter()
        .filter(|o| Some(o.id) != id && live(o.data.status))
    {
        let Some(q) = o.data.placement.filter(|q| q.slot == p.slot) else {
            continue;
        };
        if q.table == p.table {
            errs.push(FieldError::new(
                "placement.table",
                ErrorCode::Duplicate,
                format!(
                    "table {} already holds meeting request {} in slot {}",
                    p.table, o.id, p.slot
                ),
            ));
        }
        if let Some(busy) = people
            .iter()
            .find(|x| **x == o.data.from_person || **x == o.data.to_person)
        {
            errs.push(FieldError::new(
                "placement.slot",
                ErrorCode::Duplicate,
                format!(
                    "person {busy} already meets at table {} in slot {} (meeting request {})",
                    q.table, p.slot, o.id
                ),
            ));
        }
    }
    errs.into_result().map_err(ApiError::invalid)
}

/// Whether a request still stands: declined, cancelled and expired ones hold no place.
pub fn live(status: MeetingRequestStatus) -> bool {
    !matches!(
        status,
        MeetingRequestStatus::Cancelled
            | MeetingRequestStatus::Declined
            | MeetingRequestStatus::Expired
    )
}

/// The events whose programmes can keep a session's delegates busy: the whole conference
/// the session belongs to (its topmost parent and every event below it), since a speaker at
/// any sub-forum of it cannot be at a matchmaking table at the same time.
async fn conference_events(s: &AppState, event: &Event) -> Result<Vec<Event>, ApiError> {
    let mut root = event.clone();
    // Bounded: a parent cycle cannot be created through the API, but must not hang us here.
    for _ in 0..8 {
        let Some(parent) = root.data.parent_id else {
            break;
        };
        root = s.store.get::<EventData>(parent, Scope::All).await?;
    }
    let mut seen = std::collections::HashSet::from([root.id]);
    let mut out = vec![root];
    let mut next = 0;
    while next < out.len() && out.len() < 1000 {
        let children = everything::<EventData>(s, vec![Filter::Event(out[next].id)]).await?;
        out.extend(children.into_iter().filter(|c| seen.insert(c.id)));
        next += 1;
    }
    Ok(out)
}

/// For each speaker, the session's slots (0-based) that overlap an agenda item they speak
/// at: those slots are unavailable to the scheduler, so nobody is booked at a table while
/// they are on stage.
pub fn speaking_slots<'a>(
    slots: &[TimeSlot],
    agenda: impl IntoIterator<Item = &'a AgendaItem>,
) -> HashMap<PersonId, std::collections::BTreeSet<u16>> {
    let mut busy: HashMap<PersonId, std::collections::BTreeSet<u16>> = HashMap::new();
    for item in agenda {
        for (i, slot) in slots.iter().enumerate() {
            if item.overlaps(slot.starts_at, slot.ends_at()) {
                for p in &item.speakers {
                    busy.entry(*p).or_default().insert(i as u16);
                }
            }
        }
    }
    busy
}

fn person_name(names: &HashMap<PersonId, String>, p: PersonId) -> String {
    names
        .get(&p)
        .cloned()
        .unwrap_or_else(|| format!("person {}", p.0))
}

/// Runs the scheduler over a matchmaking session and stores the placements.
#[utoipa::path(post, path = "/events/{id}/schedule", tag = "events",
    params(("id" = i64, Path, description = "A matchmaking session")),
    responses((status = 200, description = "The schedule was stored; what fitted and what did not", body = ScheduleReport),
              (status = 403, description = "Only the secretariat schedules", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "The event is not a matchmaking session with slots and tables", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn schedule(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<axum::Json<ScheduleReport>, ApiError> {
    run(&s, &viewer, id).await.map(axum::Json)
}

/// Schedules session `id` and stores the placements (the API's and the web page's action).
pub async fn run(s: &AppState, viewer: &Viewer, id: i64) -> Result<ScheduleReport, ApiError> {
    viewer.account()?;
    if !viewer.is_admin() {
        return Err(ApiError::forbidden(
            "only the secretariat runs the scheduler",
        ));
    }
    let event = s.store.get::<EventData>(EventId(id), Scope::All).await?;
    let Some(setup) = event.data.matchmaking.clone() else {
        return Err(ApiError::invalid(
            FieldError::new(
                "matchmaking",
                ErrorCode::Required,
                "this event has no slots and tables: set `matchmaking` on a matchmaking_session first",
            )
            .into(),
        ));
    };
    // No placement is written by hand between reading the requests and storing the
    // schedule (it could take a table the schedule gives to another meeting).
    let _one_at_a_time = s.meeting_writes.lock().await;
    let registrations = everything::<RegistrationData>(
        s,
        vec![
            Filter::Event(event.id),
            Filter::RegistrationStatus(RegistrationStatus::Approved),
        ],
    )
    .await?;
    let requests = everything::<MeetingRequestData>(s, vec![Filter::Event(event.id)]).await?;
    let programme = conference_events(s, &event).await?;
    let speaking = speaking_slots(
        &setup.slots,
        programme.iter().flat_map(|e| e.data.agenda.iter()),
    );

    // Participants: every delegate of an approved delegation.
    let mut index: HashMap<PersonId, usize> = HashMap::new();
    let mut participants: Vec<sched::Participant> = Vec::new();
    let mut names: HashMap<PersonId, String> = HashMap::new();
    for r in &registrations {
        let booth = setup
            .booths
            .iter()
            .find(|b| b.organisation_id == r.data.organisation_id)
            .map(|b| b.table);
        // The booth goes to the delegation's first exhibitor (a table seats one meeting).
        let booth_holder = r
            .data
            .delegates
            .iter()
            .find(|d| d.role == DelegateRole::Exhibitor)
            .map(|d| d.person_id);
        for d in &r.data.delegates {
            if index.contains_key(&d.person_id) {
                continue;
            }
            let name = match s.store.get::<PersonData>(d.person_id, Scope::All).await {
                Ok(p) => p.data.name,
                Err(_) => format!("person {}", d.person_id.0),
            };
            names.insert(d.person_id, name.clone());
            index.insert(d.person_id, participants.len());
            participants.push(sched::Participant {
                name,
                languages: d
                    .languages
                    .iter()
                    .map(|l| l.primary().to_string())
                    .collect(),
                unavailable: d
                    .unavailable_slots
                    .iter()
                    .filter(|s| usize::from(**s) <= setup.slots.len())
                    .map(|s| s - 1)
                    .chain(speaking.get(&d.person_id).into_iter().flatten().copied())
                    .collect::<std::collections::BTreeSet<u16>>()
                    .into_iter()
                    .map(sched::Slot)
                    .collect(),
                booth: booth
                    .filter(|_| booth_holder == Some(d.person_id))
                    .map(|t| sched::Table(t - 1)),
            });
        }
    }

    // Requests that should take place; the rest lose any placement they had.
    let mut unscheduled = Vec::new();
    let mut chosen: Vec<&Record<MeetingRequestId, MeetingRequestData>> = Vec::new();
    let mut instance_requests = Vec::new();
    let mut previous = sched::Schedule::default();
    for r in &requests {
        if !r.data.status.schedulable(setup.rule) {
            continue;
        }
        let (Some(&a), Some(&b)) = (index.get(&r.data.from_person), index.get(&r.data.to_person))
        else {
            let missing = if index.contains_key(&r.data.from_person) {
                r.data.to_person
            } else {
                r.data.from_person
            };
            if !names.contains_key(&missing)
                && let Ok(p) = s.store.get::<PersonData>(missing, Scope::All).await
            {
                names.insert(missing, p.data.name);
            }
            unscheduled.push(UnscheduledRequest {
                meeting_request_id: r.id.0,
                reason: format!(
                    "{} is not a delegate of an approved registration for this session",
                    person_name(&names, missing)
                ),
            });
            continue;
        };
        let mut req = sched::MeetingRequest::new(a, b);
        req.priority = r.data.priority.into();
        if r.data.locked
            && let Some(p) = r.data.placement
        {
            req.lock = Some(sched::Lock {
                slot: sched::Slot(p.slot - 1),
                table: Some(sched::Table(p.table - 1)),
            });
        }
        previous
            .meetings
            .push(r.data.placement.map(|p| sched::Placement {
                slot: sched::Slot(p.slot - 1),
                table: sched::Table(p.table - 1),
            }));
        instance_requests.push(req);
        chosen.push(r);
    }
    let offset = chrono::Duration::minutes(event.data.utc_offset_minutes.unwrap_or(0).into());
    let instance = sched::Instance {
        slots: setup
            .slots
            .iter()
            .map(|t| {
                if (t.starts_at + offset).time()
                    < chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap()
                {
                    sched::Session::Morning
                } else {
                    sched::Session::Afternoon
                }
            })
            .collect(),
        tables: setup.tables,
        participants,
        requests: instance_requests,
        interpreters: Vec::new(),
        fairness: setup.fairness,
    };
    let had_placements = previous.meetings.iter().any(Option::is_some);
    let solution = tokio::task::spawn_blocking(move || {
        let options = sched::SolveOptions::default();
        let solution = if had_placements {
            sched::resolve(&instance, &previous, &options)
        } else {
            sched::solve(&instance, &options)
        };
        // The independent validator re-checks every rule; a violation is our bug, not the
        // user's, and nothing is stored.
        let violations = sched::validate(&instance, &solution.schedule);
        (solution, violations)
    })
    .await
    .map_err(ApiError::internal)?;
    let (solution, violations) = solution;
    if let Err(v) = violations {
        return Err(ApiError::internal(format!(
            "the schedule failed validation: {:?}",
            v.first()
        )));
    }
    for u in &solution.report.unscheduled {
        unscheduled.push(UnscheduledRequest {
            meeting_request_id: chosen[u.request].id.0,
            reason: u.reason.clone(),
        });
    }

    // Store every change in one transaction.
    let mut placed: HashMap<MeetingRequestId, Option<MeetingPlacement>> = HashMap::new();
    for (i, r) in chosen.iter().enumerate() {
        placed.insert(
            r.id,
            solution.schedule.meetings[i].map(|p| MeetingPlacement {
                slot: p.slot.0 + 1,
                table: p.table.0 + 1,
            }),
        );
    }
    // Each request keeps why this run left it out, for its page; the others lose it.
    let why: HashMap<i64, &str> = unscheduled
        .iter()
        .map(|u| (u.meeting_request_id, u.reason.as_str()))
        .collect();
    let updates: Vec<(MeetingRequestId, i64, MeetingRequestData)> = requests
        .iter()
        .filter_map(|r| {
            let new = placed.get(&r.id).copied().flatten();
            let note = why.get(&r.id.0).map(|w| w.to_string());
            (new != r.data.placement || note != r.data.unscheduled).then(|| {
                let mut data = r.data.clone();
                data.placement = new;
                data.unscheduled = note;
                (r.id, r.version, data)
            })
        })
        .collect();
    let mut actor = viewer.actor();
    actor.label = format!("{} (scheduler)", actor.label);
    s.store
        .update_many::<MeetingRequestData>(&actor, updates)
        .await?;
    let rep = &solution.report;
    Ok(ScheduleReport {
        requests: chosen.len() + unscheduled.len() - rep.unscheduled.len(),
        scheduled: rep.scheduled,
        weight_upper_bound: rep.weight_upper_bound,
        scheduled_weight: rep.scheduled_weight,
        breaks: rep.breaks,
        breaks_lower_bound: rep.breaks_lower_bound,
        proven_optimal: rep.proven_optimal,
        time_limited: rep.time_limited,
        moved: rep.moved,
        unscheduled,
        elapsed_ms: rep.elapsed.as_millis() as u64,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgendaParams {
    /// A delegate: their meetings only. Without it, every meeting of the session you may see.
    pub person: Option<i64>,
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

fn ics_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += n;
    }
    out.push_str("\r\n");
    out
}

/// The scheduled meetings of a session as iCalendar, for a delegate or for everyone.
#[utoipa::path(get, path = "/events/{id}/agenda.ics", tag = "events",
    params(("id" = i64, Path, description = "A matchmaking session"), AgendaParams),
    responses((status = 200, description = "text/calendar, one VEVENT per scheduled meeting and per talk (a delegate's own, anywhere in the conference this session belongs to; without `person`, the event's programme)", content_type = "text/calendar"),
              (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn agenda_ics(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    crate::api::extract::ApiQuery(p): crate::api::extract::ApiQuery<AgendaParams>,
) -> Result<impl IntoResponse, ApiError> {
    let event = s
        .store
        .get::<EventData>(EventId(id), viewer.scope())
        .await?;
    let slots = event
        .data
        .matchmaking
        .as_ref()
        .map(|m| m.slots.clone())
        .unwrap_or_default();
    let mut filters = vec![Filter::Event(event.id)];
    if let Some(person) = p.person {
        filters.push(Filter::Person(PersonId(person)));
    }
    let meetings = everything_in::<MeetingRequestData>(&s, filters, viewer.scope()).await?;
    let mut names: HashMap<PersonId, String> = HashMap::new();
    let mut orgs: HashMap<OrgId, String> = HashMap::new();
    let title = event.data.name.best("en").to_string();
    let mut cal = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//medbridge//matchmaking//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        cal.push_str(&fold(line));
    }
    cal.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_escape(&title))));
    let stamp = ics_time(chrono::Utc::now());
    for m in meetings.iter().filter(|m| live(m.data.status)) {
        let Some(pl) = m.data.placement else { continue };
        let Some(slot) = slots.get(usize::from(pl.slot).saturating_sub(1)) else {
            continue;
        };
        let mut who = Vec::new();
        for (person, org) in [
            (m.data.from_person, m.data.from_organisation),
            (m.data.to_person, m.data.to_organisation),
        ] {
            let name = match names.get(&person) {
                Some(n) => n.clone(),
                None => {
                    let n = s
                        .store
                        .get::<PersonData>(person, Scope::All)
                        .await
                        .map(|p| p.data.name)
                        .unwrap_or_else(|_| format!("person {}", person.0));
                    names.insert(person, n.clone());
                    n
                }
            };
            let org_name = match orgs.get(&org) {
                Some(n) => n.clone(),
                None => {
                    let n = s
                        .store
                        .get::<OrganisationData>(org, viewer.scope())
                        .await
                        .map(|o| o.data.name.best("en").to_string())
                        .unwrap_or_default();
                    orgs.insert(org, n.clone());
                    n
                }
            };
            who.push(format!("{name} ({org_name})"));
        }
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:meeting-{}@medbridge", m.id.0),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", ics_time(slot.starts_at)),
            format!("DTEND:{}", ics_time(slot.ends_at())),
            format!(
                "SUMMARY:{}",
                ics_escape(&format!("Meeting: {}", who.join(" – ")))
            ),
            format!(
                "LOCATION:{}",
                ics_escape(&format!("Table {}, {}", pl.table, title))
            ),
            format!(
                "DESCRIPTION:{}",
                ics_escape(m.data.message.as_deref().unwrap_or(""))
            ),
            "END:VEVENT".to_string(),
        ] {
            cal.push_str(&fold(&line));
        }
    }
    // The programme: a delegate's own talks anywhere in the conference this session is
    // part of (the same events whose talks keep them from the tables); everyone's
    // calendar gets the event's own items.
    let programme: Vec<(EventId, Vec<AgendaItem>)> = if p.person.is_some() {
        conference_events(&s, &event)
            .await?
            .into_iter()
            .map(|e| (e.id, e.data.agenda))
            .collect()
    } else {
        vec![(event.id, event.data.agenda.clone())]
    };
    for (event_id, items) in &programme {
        for (i, item) in items.iter().enumerate() {
            let speaks = p
                .person
                .is_some_and(|who| item.speakers.contains(&PersonId(who)));
            if !(speaks || (p.person.is_none() && *event_id == event.id)) {
                continue;
            }
            let mut lines = vec![
                "BEGIN:VEVENT".to_string(),
                format!("UID:talk-{}-{}@medbridge", event_id.0, i + 1),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART:{}", ics_time(item.starts_at)),
                format!("DTEND:{}", ics_time(item.ends_at)),
                format!(
                    "SUMMARY:{}",
                    ics_escape(&format!(
                        "{}{}",
                        if speaks { "Your talk: " } else { "" },
                        item.title.best("en")
                    ))
                ),
            ];
            if let Some(room) = &item.room {
                lines.push(format!("LOCATION:{}", ics_escape(room)));
            }
            lines.push("END:VEVENT".to_string());
            for line in lines {
                cal.push_str(&fold(&line));
            }
        }
    }
    cal.push_str(&fold("END:VCALENDAR"));
    let file = match p.person {
        Some(person) => format!("agenda-{id}-{person}.ics"),
        None => format!("agenda-{id}.ics"),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        cal,
    ))
}

/// The delegate a meeting request to a delegation goes to: the first who is not there to
/// interpret or report, else the first.
pub fn contact_of(registration: &RegistrationData) -> Option<PersonId> {
    registration
        .delegates
        .iter()
        .find(|d| !matches!(d.role, DelegateRole::Interpreter | DelegateRole::Press))
        .or(registration.delegates.first())
        .map(|d| d.person_id)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestedParams {
    /// Whose suggestions (the secretariat may ask for any delegation) [default: yours]
    pub organisation: Option<i64>,
    /// How many, best first [default: 5, at most 50]
    pub limit: Option<usize>,
}

/// One match behind a suggested meeting.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FitView {
    pub need_id: i64,
    pub need_title: MultilingualText,
    pub answer_title: MultilingualText,
    /// 0 to 1: the engine's mutual score, or its score scaled to that range.
    pub fit: f32,
}

/// A delegation at the session your organisation should meet, and why.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestedMeeting {
    pub organisation_id: i64,
    /// The delegate a request goes to.
    pub to_person: i64,
    /// Both ways: each side has something the other wants.
    pub mutual: bool,
    /// One of your needs that they answer.
    pub ours: Option<FitView>,
    /// One of their needs that you answer.
    pub theirs: Option<FitView>,
    /// The need a meeting would discuss (`opportunity_id` of the request to send).
    pub opportunity_id: Option<i64>,
}

/// Meetings the matching engine suggests at a session: approved delegations your
/// organisation has no live request with yet, best fit first (both ways first).
#[utoipa::path(get, path = "/events/{id}/suggested-meetings", tag = "events",
    params(("id" = i64, Path, description = "A matchmaking session"), SuggestedParams),
    responses((status = 200, body = [SuggestedMeeting]),
              (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "Another organisation's suggestions", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "Your organisation has no approved delegation there", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn suggested_meetings(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    crate::api::extract::ApiQuery(p): crate::api::extract::ApiQuery<SuggestedParams>,
) -> Result<axum::Json<Vec<SuggestedMeeting>>, ApiError> {
    viewer.account()?;
    let org = match (p.organisation.map(OrgId), viewer.organisation()) {
        (Some(asked), mine) if Some(asked) != mine && !viewer.is_admin() => {
            return Err(ApiError::forbidden(
                "only the secretariat sees another organisation's suggestions",
            ));
        }
        (Some(asked), _) => asked,
        (None, Some(mine)) => mine,
        (None, None) => {
            return Err(ApiError::field(
                "organisation",
                ErrorCode::Required,
                "you belong to no organisation: name the delegation, ?organisation=ID",
            ));
        }
    };
    let limit = p.limit.unwrap_or(5);
    if !(1..=50).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            ErrorCode::OutOfRange,
            format!("expected 1 to 50, found {limit}"),
        ));
    }
    let event = s
        .store
        .get::<EventData>(EventId(id), viewer.scope())
        .await?;
    let registrations = everything::<RegistrationData>(
        &s,
        vec![
            Filter::Event(event.id),
            Filter::RegistrationStatus(RegistrationStatus::Approved),
        ],
    )
    .await?;
    let contacts: HashMap<OrgId, PersonId> = registrations
        .iter()
        .filter_map(|r| contact_of(&r.data).map(|p| (r.data.organisation_id, p)))
        .collect();
    if !registrations.iter().any(|r| r.data.organisation_id == org) {
        return Err(ApiError::field(
            "organisation",
            ErrorCode::NotFound,
            format!(
                "organisation {} has no approved delegation at event {id}",
                org.0
            ),
        ));
    }
    let asked: std::collections::HashSet<OrgId> = everything::<MeetingRequestData>(
        &s,
        vec![Filter::Event(event.id), Filter::Organisation(org)],
    )
    .await?
    .into_iter()
    .filter(|m| live(m.data.status))
    .map(|m| {
        if m.data.from_organisation == org {
            m.data.to_organisation
        } else {
            m.data.from_organisation
        }
    })
    .collect();
    let others: std::collections::HashSet<OrgId> = contacts
        .keys()
        .copied()
        .filter(|o| *o != org && !asked.contains(o))
        .collect();
    if others.is_empty() {
        return Ok(axum::Json(Vec::new()));
    }
    let view = |m: &crate::matching::FitMatch| FitView {
        need_id: m.need.0,
        need_title: m.need_title.clone(),
        answer_title: m.answer_title.clone(),
        fit: m.fit,
    };
    let fits = s
        .matcher
        .meeting_fits(&s.store, org, &others, limit)
        .await?;
    Ok(axum::Json(
        fits.iter()
            .filter_map(|f| {
                Some(SuggestedMeeting {
                    organisation_id: f.organisation.0,
                    to_person: contacts.get(&f.organisation)?.0,
                    mutual: f.ours.is_some() && f.theirs.is_some(),
                    ours: f.ours.as_ref().map(view),
                    theirs: f.theirs.as_ref().map(view),
                    opportunity_id: f.topic().map(|o| o.0),
                })
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "Встреча ".repeat(20));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(
            folded.replace("\r\n ", "").strip_suffix("\r\n"),
            Some(line.as_str())
        );
    }

    #[test]
    fn speakers_are_busy_in_the_slots_their_talks_overlap() {
        let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let slots: Vec<TimeSlot> = ["04:00", "04:20", "04:40", "05:00"]
            .iter()
            .map(|h| TimeSlot {
                starts_at: t(&format!("2023-10-19T{h}:00Z")),
                minutes: 20,
            })
            .collect();
        let item = |from: &str, until: &str, speakers: &[i64]| AgendaItem {
            starts_at: t(&format!("2023-10-19T{from}:00Z")),
            ends_at: t(&format!("2023-10-19T{until}:00Z")),
            room: None,
            title: MultilingualText::parse([("en", "Panel")], 300).unwrap(),
            speakers: speakers.iter().map(|p| PersonId(*p)).collect(),
            language: None,
            interpretation: Vec::new(),
        };
        // 04:10-04:30 touches slots 1 and 2; 05:20 onwards is after the last slot; a talk
        // ending exactly when slot 4 starts leaves it free.
        let agenda = [
            item("04:10", "04:30", &[1, 2]),
            item("05:20", "06:00", &[3]),
            item("04:40", "05:00", &[2]),
        ];
        let busy = speaking_slots(&slots, &agenda);
        assert_eq!(
            busy[&PersonId(1)].iter().copied().collect::<Vec<_>>(),
            [0, 1]
        );
        assert_eq!(
            busy[&PersonId(2)].iter().copied().collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert!(!busy.contains_key(&PersonId(3)));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
