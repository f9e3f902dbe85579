//! Events: a read-only list, and the detail page with its programme (sub-events and agenda
//! items, see [`super::agenda`]) and its outcomes (agreements signed there, by kind and
//! country), printable as the event report.

use super::agreements::Outcomes;
use super::delegations::Delegations;
use super::listing::{self, Filters, Frame, Listing, all, visible_org};
use super::matchmaking::{Matchmaking, section};
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use medbridge_core::EventId;
use medbridge_core::model::*;
use medbridge_store::Filter;

const FRAME: Frame = Frame {
    path: "/events",
    heading: "events-title",
    intro: "events-intro",
    count: "count-events",
};

#[derive(Template)]
#[template(path = "events.html")]
struct ListPage {
    c: Chrome,
    frame: Frame,
    f: Filters,
    list: Listing<EventData>,
}

pub async fn list(
    State(s): State<AppState>,
    c: Chrome,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let list = listing::load(&s, &c, FRAME.path, &f).await.or_fail(&c)?;
    Ok(render(&ListPage {
        c,
        frame: FRAME,
        f,
        list,
    }))
}

#[derive(Template)]
#[template(path = "event.html")]
struct ShowPage {
    c: Chrome,
    event: Event,
    parent: Option<Event>,
    organisers: Vec<(Organiser, Option<Organisation>)>,
    sub_events: Vec<Event>,
    agreements: Vec<Agreement>,
    outcomes: Outcomes,
    mm: Option<Matchmaking>,
    shown: Shown,
    delegations: Delegations,
    programme: Vec<super::agenda::ItemView>,
    /// The event's offset from UTC in minutes, for the reader's-time script.
    offset_minutes: i16,
    offset: String,
    setup: super::matchmaking::SetupForm,
    setup_errors: super::forms::FormErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Shown {
    scheduled: Option<usize>,
    unscheduled: Option<usize>,
    /// The run stopped at its time limit (see the API's schedule report).
    time_limited: Option<bool>,
    /// Idle gaps between delegates' meetings in the run's schedule, and the fewest any
    /// schedule of as many meetings can have (0 when nothing sharper is known).
    breaks: Option<u32>,
    lower: Option<u32>,
}

impl Shown {
    /// The run's idle gaps and how good that is, in the reader's language.
    pub fn gaps(&self, c: &Chrome) -> Option<String> {
        let breaks = self.breaks?;
        let n = breaks.to_string();
        Some(match self.lower {
            _ if breaks == 0 || self.lower.is_some_and(|l| breaks <= l) => {
                c.a("mm-gaps-best", "breaks", &n)
            }
            Some(lower) if lower > 0 => c.args(
                "mm-gaps-bound",
                &[("breaks", &n), ("lower", &lower.to_string())],
            ),
            _ => c.a("mm-gaps", "breaks", &n),
        })
    }
}

pub async fn show(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Query(shown): Query<Shown>,
) -> Result<Response, WebError> {
    let event = s
        .store
        .get::<EventData>(EventId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let parent = match event.data.parent_id {
        Some(p) => s.store.get::<EventData>(p, c.viewer.scope()).await.ok(),
        None => None,
    };
    let mut organisers = Vec::new();
    for o in &event.data.organisers {
        organisers.push((o.clone(), visible_org(&s, &c, o.organisation_id).await));
    }
    let sub_events = all::<EventData>(&s, &c, vec![Filter::Event(event.id)]).await?;
    let agreements = all::<AgreementData>(&s, &c, vec![Filter::Event(event.id)]).await?;
    let stats = s
        .store
        .agreement_stats(c.viewer.scope(), Some(event.id.0))
        .await
        .or_fail(&c)?;
    let outcomes = Outcomes::new(&c, &stats, |k, v| format!("/agreements?{k}={v}"));
    let mm = section(&s, &c, &event).await.or_fail(&c)?;
    let delegations = super::delegations::section(&s, &c, &event)
        .await
        .or_fail(&c)?;
    let programme = super::agenda::programme(&s, &c, &event).await;
    let offset_minutes = event.data.utc_offset_minutes.unwrap_or(0);
    Ok(render(&ShowPage {
        programme,
        offset_minutes,
        offset: super::agenda::offset_label(offset_minutes),
        c,
        event,
        parent,
        organisers,
        sub_events,
        agreements,
        outcomes,
        mm,
        shown,
        delegations,
        setup: super::matchmaking::SetupForm::suggested(),
        setup_errors: super::forms::FormErrors::default(),
    }))
}
