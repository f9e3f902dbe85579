//! Synthetic cooperation histories at scale, for the dashboard and report benchmark: needs
//! posted over two years, the matches suggested for them, meeting requests about them at
//! matchmaking sessions (with outcomes), and agreements that came of them (with milestones).
//!
//! Loaded with [`Store::bulk_load`] (ids assigned up front, multi-row inserts, no audit
//! entries: nobody wrote these), in batches, so a million meetings take one batch of memory.
//! Deterministic for a seed, and shaped like a funnel: most needs get suggestions, fewer get
//! meetings, fewer still agreements, and only some milestones are completed.

use crate::DemoError;
use crate::synthetic::{OrgRef, opportunity_rows, organisation_rows, product_rows};
use chrono::{DateTime, Duration, TimeZone, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Store, Subject, Suggested};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How much history to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomesConfig {
    pub orgs: usize,
    pub products: usize,
    pub needs: usize,
    pub suggestions: usize,
    pub meetings: usize,
    pub agreements: usize,
    /// Matchmaking sessions the meetings are spread over.
    pub sessions: usize,
    pub seed: u64,
}

impl OutcomesConfig {
    /// The issue's scale: 100k agreements, 1M meetings, 1M suggestions (over 100k needs).
    pub fn issue_scale() -> OutcomesConfig {
        OutcomesConfig {
            orgs: 2_000,
            products: 10_000,
            needs: 100_000,
            suggestions: 1_000_000,
            meetings: 1_000_000,
            agreements: 100_000,
            sessions: 40,
            seed: 7,
        }
    }
}

/// What was generated, and the ids a benchmark picks its filters from.
#[derive(Debug, Clone, Default)]
pub struct OutcomesSummary {
    pub needs: usize,
    pub suggestions: usize,
    pub meetings: usize,
    pub agreements: usize,
    /// The matchmaking sessions, busiest first.
    pub sessions: Vec<EventId>,
}

const BATCH: usize = 20_000;

/// The start of the generated history: needs are posted over the two years from here.
pub fn history_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid instant")
}

fn json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("generated records are well-formed")
}

/// Generates and loads `config`'s history, reporting `(what, done, total)` after each batch.
pub async fn generate_outcomes(
    store: &Store,
    config: OutcomesConfig,
    progress: &(dyn Fn(&str, usize, usize) + Sync),
) -> Result<OutcomesSummary, DemoError> {
    if config.orgs < 2 || config.needs == 0 || config.sessions == 0 {
        return Err(DemoError::Config(
            "a history needs at least 2 organisations, 1 need and 1 session".into(),
        ));
    }
    let mut rng = StdRng::seed_from_u64(config.seed ^ 0x0c0f_fee0);
    let start = history_start();
    let span_secs = 730 * 86_400;

    // Organisations, one contact person each, products.
    let orgs: Vec<OrganisationData> = organisation_rows(config.seed, config.orgs).collect();
    let at: Vec<(OrganisationData, DateTime<Utc>)> = orgs.into_iter().map(|o| (o, start)).collect();
    let org_ids = store.bulk_load(&at).await?;
    let refs: Vec<OrgRef> = org_ids
        .iter()
        .zip(&at)
        .map(|(id, (o, _))| OrgRef {
            id: *id,
            country: o.country,
            kind: o.kind,
        })
        .collect();
    progress("organisations", refs.len(), config.orgs);
    let people: Vec<(PersonData, DateTime<Utc>)> = refs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            (
                json(serde_json::json!({"name": format!("Delegate {i}"), "organisation_id": o.id, "role": "contact"})),
                start,
            )
        })
        .collect();
    let person_ids = store.bulk_load(&people).await?;
    let person_of = |org: usize| person_ids[org];
    let products: Vec<(ProductData, DateTime<Utc>)> =
        product_rows(config.seed, &org_ids, config.products)
            .map(|p| (p, start))
            .collect();
    let product_ids = store.bulk_load(&products).await?;
    progress("products", product_ids.len(), config.products);

    // Matchmaking sessions, at dates over the two years.
    let sessions: Vec<(EventData, DateTime<Utc>)> = (0..config.sessions)
        .map(|i| {
            let day = (start + Duration::days((i as i64 * 730) / config.sessions as i64)).date_naive();
            (
                json(serde_json::json!({
                    "name": {"en": format!("B2B matchmaking session {}", i + 1)}, "kind": "matchmaking_session",
                    "starts_on": day, "ends_on": day, "country": (["CN", "KG", "KZ", "BY", "UZ"][i % 5])
                })),
                start,
            )
        })
        .collect();
    let session_ids = store.bulk_load(&sessions).await?;

    // Needs, posted over two years; each remembers its owner (index into refs).
    let mut needs: Vec<(OpportunityId, usize, DateTime<Utc>)> = Vec::with_capacity(config.needs);
    let owners: Vec<usize> = (0..refs.len())
        .filter(|&i| refs[i].country.as_str() != "CN")
        .collect();
    let owners = if owners.is_empty() {
        (0..refs.len()).collect()
    } else {
        owners
    };
    let mut done = 0;
    while done < config.needs {
        let n = BATCH.min(config.needs - done);
        let mut batch = Vec::with_capacity(n);
        let mut meta = Vec::with_capacity(n);
        for k in 0..n {
            let owner = owners[rng.random_range(0..owners.len())];
            let seed = config.seed.wrapping_add((done + k) as u64);
            let mut need = opportunity_rows(seed, Direction::Need, &refs[owner..=owner], 1)
                .next()
                .expect("one need");
            need.deadline = None;
            let posted = start + Duration::seconds(rng.random_range(0..span_secs));
            meta.push((owner, posted));
            batch.push((need, posted));
        }
        let ids = store.bulk_load(&batch).await?;
        needs.extend(ids.into_iter().zip(meta).map(|(id, (o, p))| (id, o, p)));
        done += n;
        progress("needs", done, config.needs);
    }

    // Suggestions: distinct products per need, a few hours to days after posting.
    let mut made = 0;
    let per_need = config.suggestions.div_ceil(needs.len()).max(1);
    let statuses = [
        (SuggestionStatus::New, 40),
        (SuggestionStatus::Seen, 35),
        (SuggestionStatus::Contacted, 15),
        (SuggestionStatus::Dismissed, 10),
    ];
    let mut rows = Vec::with_capacity(BATCH);
    'needs: for (need, _, posted) in &needs {
        let first = rng.random_range(0..product_ids.len());
        for j in 0..per_need.min(product_ids.len()) {
            if made == config.suggestions {
                break 'needs;
            }
            let product = product_ids[(first + j * 7919) % product_ids.len()];
            let at = *posted + Duration::minutes(rng.random_range(5..5 * 24 * 60));
            rows.push((
                Subject::Need(*need),
                Suggested::Product(product),
                rng.random_range(0.5..4.0),
                pick_weighted(&mut rng, &statuses),
                at,
            ));
            made += 1;
            if rows.len() == BATCH {
                store.load_suggestions(&rows).await?;
                rows.clear();
                progress("suggestions", made, config.suggestions);
            }
        }
    }
    store.load_suggestions(&rows).await?;
    progress("suggestions", made, config.suggestions);

    // Meeting requests about needs, skewed towards some needs (a few popular ones get many),
    // at a session after the need was posted; about half were held, some want a follow-up.
    let mut requests = Vec::with_capacity(BATCH);
    let mut held_needs: Vec<(usize, usize, DateTime<Utc>)> = Vec::new(); // (need, partner, when)
    let request_statuses = [
        (MeetingRequestStatus::Accepted, 45),
        (MeetingRequestStatus::Confirmed, 25),
        (MeetingRequestStatus::Pending, 10),
        (MeetingRequestStatus::Declined, 10),
        (MeetingRequestStatus::Cancelled, 5),
        (MeetingRequestStatus::Expired, 5),
    ];
    for m in 0..config.meetings {
        // Square of a uniform draw: low indices (older needs) are more popular.
        let u: f64 = rng.random_range(0.0..1.0);
        let ni = ((u * u) * needs.len() as f64) as usize;
        let (need, buyer, posted) = needs[ni.min(needs.len() - 1)];
        let mut seller = rng.random_range(0..refs.len());
        if seller == buyer {
            seller = (seller + 1) % refs.len();
        }
        let session = session_ids[rng.random_range(0..session_ids.len())];
        let status = pick_weighted(&mut rng, &request_statuses);
        let live = matches!(
            status,
            MeetingRequestStatus::Accepted | MeetingRequestStatus::Confirmed
        );
        let held = live && rng.random_bool(0.6);
        let follow_up = held && rng.random_bool(0.4);
        let at = posted + Duration::hours(rng.random_range(24..24 * 120));
        let mut r: MeetingRequestData = json(serde_json::json!({
            "event_id": session, "from_person": person_of(seller), "from_organisation": refs[seller].id,
            "to_person": person_of(buyer), "to_organisation": refs[buyer].id,
            "status": status, "opportunity_id": need, "priority": rng.random_range(1..=3)
        }));
        if held || (live && rng.random_bool(0.1)) {
            r.outcome = Some(MeetingOutcome {
                held,
                follow_up,
                note: None,
            });
        }
        if follow_up {
            held_needs.push((ni, seller, at));
        }
        requests.push((r, at));
        if requests.len() == BATCH || m + 1 == config.meetings {
            store.bulk_load(&requests).await?;
            requests.clear();
            progress("meetings", m + 1, config.meetings);
        }
    }

    // Agreements: most come of a follow-up, the rest stand alone; a few drafts.
    let kinds = [
        (AgreementKind::Supply, 35),
        (AgreementKind::Distribution, 15),
        (AgreementKind::Memorandum, 15),
        (AgreementKind::Framework, 10),
        (AgreementKind::ClinicalCooperation, 10),
        (AgreementKind::JointTraining, 10),
        (AgreementKind::DeviceInnovation, 5),
    ];
    let mut batch = Vec::with_capacity(BATCH);
    let today = Utc::now().date_naive();
    for a in 0..config.agreements {
        let (ni, seller, at) = if !held_needs.is_empty() && rng.random_bool(0.8) {
            held_needs[rng.random_range(0..held_needs.len())]
        } else {
            let ni = rng.random_range(0..needs.len());
            (ni, rng.random_range(0..refs.len()), needs[ni].2)
        };
        let (need, buyer, _) = needs[ni];
        let seller = if seller == buyer {
            (seller + 1) % refs.len()
        } else {
            seller
        };
        let signed = (at + Duration::days(rng.random_range(5..120))).date_naive();
        let status = if rng.random_bool(0.05) {
            "draft"
        } else {
            ["signed", "in_force", "in_force", "completed"][rng.random_range(0..4usize)]
        };
        let milestones: Vec<serde_json::Value> = (0..rng.random_range(1..=3))
            .map(|k| {
                let due = signed + Duration::days(30 + 60 * k);
                // Both draws are made whatever today is, so the rest of the history (and
                // every count but the completed milestones) does not change from day to day.
                let done = rng.random_bool(0.6);
                let early = Duration::days(rng.random_range(0..20)).min(due - signed);
                let completed = (due < today && done).then(|| due - early);
                serde_json::json!({"title": {"en": format!("Milestone {}", k + 1)}, "owner_id": refs[seller].id,
                    "due_on": due, "completed_on": completed})
            })
            .collect();
        let event = rng
            .random_bool(0.5)
            .then(|| session_ids[rng.random_range(0..session_ids.len())]);
        let data: AgreementData = json(serde_json::json!({
            "title": {"en": format!("Agreement {a}")}, "kind": pick_weighted(&mut rng, &kinds),
            "parties": [{"organisation_id": refs[buyer].id}, {"organisation_id": refs[seller].id}],
            "signed_on": signed, "status": status, "event_id": event,
            "starts_on": signed, "ends_on": signed + Duration::days(rng.random_range(180..1500)),
            "milestones": milestones, "origin": {"need_id": need},
            "value": {"amount": rng.random_range(10_000..2_000_000), "currency": "USD"},
            "confidential": rng.random_bool(0.1)
        }));
        batch.push((data, at));
        if batch.len() == BATCH || a + 1 == config.agreements {
            store.bulk_load(&batch).await?;
            batch.clear();
            progress("agreements", a + 1, config.agreements);
        }
    }
    // Bulk loads skip the per-write funnel upkeep: compute it once for all needs.
    progress("funnel", 0, needs.len());
    store.rebuild_funnel(false).await?;
    progress("funnel", needs.len(), needs.len());
    store.optimize().await?;
    Ok(OutcomesSummary {
        needs: needs.len(),
        suggestions: made,
        meetings: config.meetings,
        agreements: config.agreements,
        sessions: session_ids,
    })
}

fn pick_weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for &(v, w) in items {
        if x < w {
            return v;
        }
        x -= w;
    }
    items[items.len() - 1].0
}
