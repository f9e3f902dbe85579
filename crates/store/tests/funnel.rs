//! The funnel from need to milestone, counted by the database, against the same figures
//! computed here independently from the generated records. SQLite always; PostgreSQL when
//! `MEDBRIDGE_TEST_POSTGRES_URL` is set.

use chrono::{DateTime, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::testing::TestDb;
use medbridge_store::{Actor, Funnel, FunnelFilter, Scope, Store, Subject, Suggested};
use serde_json::json;

/// A small deterministic generator (xorshift), so the data is the same on every run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn data<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

struct Need {
    posted: DateTime<Utc>,
    /// When the platform first suggested a match for it.
    matched: Option<DateTime<Utc>>,
    country: &'static str,
    /// Device codes it names.
    codes: Vec<&'static str>,
    /// Countries of the organisations it met (or asked to meet) about it.
    partners: Vec<&'static str>,
    requests: Vec<(MeetingRequestData, DateTime<Utc>, DateTime<Utc>)>,
    agreements: Vec<AgreementData>,
}

async fn generate(store: &Store, rng: &mut Rng) -> (Vec<Need>, EventId) {
    let actor = Actor::system("test");
    let org = |country: &str| -> OrganisationData {
        data(
            json!({"name": {"en": format!("Org {country}")}, "kind": "hospital", "country": country}),
        )
    };
    let buyer = store.create(&actor, org("KG")).await.unwrap().id;
    let sellers = [
        ("CN", store.create(&actor, org("CN")).await.unwrap().id),
        ("BY", store.create(&actor, org("BY")).await.unwrap().id),
    ];
    let person = |o: OrgId, n: &str| -> PersonData {
        data(json!({"name": n, "organisation_id": o, "role": "contact"}))
    };
    let pb = store
        .create(&actor, person(buyer, "Buyer"))
        .await
        .unwrap()
        .id;
    let mut seller_people = Vec::new();
    for (c, o) in sellers {
        let p = store.create(&actor, person(o, c)).await.unwrap().id;
        seller_people.push((c, o, p));
    }
    let product: ProductData =
        data(json!({"supplier_id": sellers[0].1, "name": {"en": "CT scanner"}}));
    let product = store.create(&actor, product).await.unwrap().id;
    let event: EventData = data(
        json!({"name": {"en": "Session"}, "kind": "matchmaking_session",
        "starts_on": "2025-07-11", "ends_on": "2025-07-11", "country": "CN"}),
    );
    let event = store.create(&actor, event).await.unwrap().id;
    let mut needs = Vec::new();
    for i in 0..150 {
        let country = if rng.chance(50) { "KG" } else { "KZ" };
        let codes = match rng.below(3) {
            0 => vec!["EMDN:Z11030601"],
            1 => vec!["EMDN:Z12010101", "FDA:JAK"],
            _ => vec![],
        };
        let need: OpportunityData = data(json!({"organisation_id": buyer, "direction": "need",
            "cooperation_type": "equipment_supply", "title": {"en": format!("Need {i}")}, "countries": [country],
            "device_codes": codes}));
        let rec = store.create(&actor, need).await.unwrap();
        let mut matched = None;
        if rng.chance(75) {
            let subject = Subject::Need(rec.id);
            let item = [(Suggested::Product(product), 0.8)];
            store
                .replace_suggestions(subject, &item, SuggestionStatus::New)
                .await
                .unwrap();
            matched = store
                .suggestions_of(subject)
                .await
                .unwrap()
                .iter()
                .map(|s| s.created_at)
                .min();
        }
        let mut n = Need {
            posted: rec.created_at,
            matched,
            country,
            codes,
            partners: Vec::new(),
            requests: Vec::new(),
            agreements: Vec::new(),
        };
        for _ in 0..rng.below(3) {
            let (partner, seller, ps) = seller_people[rng.below(2) as usize];
            n.partners.push(partner);
            let status = ["pending", "accepted", "declined", "cancelled", "confirmed"]
                [rng.below(5) as usize];
            let mut req: MeetingRequestData = data(
                json!({"event_id": event, "from_person": ps, "from_organisation": seller,
                "to_person": pb, "to_organisation": buyer, "status": status, "opportunity_id": rec.id}),
            );
            let created = store.create(&actor, req.clone()).await.unwrap();
            let mut updated = created.updated_at;
            if rng.chance(60) {
                req.outcome = Some(MeetingOutcome {
                    held: rng.chance(70),
                    follow_up: rng.chance(50),
                    note: None,
                });
                updated = store
                    .update(&actor, created.id, 1, req.clone())
                    .await
                    .unwrap()
                    .updated_at;
            }
            n.requests.push((req, created.created_at, updated));
        }
        if rng.chance(40) {
            let status = ["draft", "signed", "in_force"][rng.below(3) as usize];
            let done = rng.chance(50);
            let a: AgreementData = data(
                json!({"title": {"en": format!("Agreement {i}")}, "kind": "supply",
                "parties": [{"organisation_id": buyer}, {"organisation_id": sellers[0].1}],
                "status": status, "signed_on": "2025-07-12", "origin": {"need_id": rec.id},
                "milestones": [{"title": {"en": "Delivery"}, "due_on": "2025-09-01", "completed_on": if done { Some("2025-08-20") } else { None }}]}),
            );
            store.create(&actor, a.clone()).await.unwrap();
            n.agreements.push(a);
        }
        needs.push(n);
    }
    (needs, event)
}

/// Whether a need reached a stage.
type Stage<'a> = Box<dyn Fn(&Need) -> bool + 'a>;

/// The funnel as a reader of the records would count it: stage k holds the needs that
/// reached stages 1..=k.
fn expected(needs: &[&Need]) -> Vec<usize> {
    let live = |r: &MeetingRequestData| {
        !matches!(
            r.status,
            MeetingRequestStatus::Cancelled
                | MeetingRequestStatus::Declined
                | MeetingRequestStatus::Expired
        )
    };
    let held = |r: &MeetingRequestData| r.outcome.as_ref().is_some_and(|o| o.held);
    let follow = |r: &MeetingRequestData| r.outcome.as_ref().is_some_and(|o| o.held && o.follow_up);
    let signed = |a: &AgreementData| a.status != AgreementStatus::Draft;
    let milestone =
        |a: &AgreementData| signed(a) && a.milestones.iter().any(|m| m.completed_on.is_some());
    let stages: Vec<Stage<'_>> = vec![
        Box::new(|_| true),
        Box::new(|n| n.matched.is_some()),
        Box::new(move |n| n.requests.iter().any(|r| live(&r.0))),
        Box::new(move |n| n.requests.iter().any(|r| held(&r.0))),
        Box::new(move |n| n.requests.iter().any(|r| follow(&r.0))),
        Box::new(move |n| n.agreements.iter().any(signed)),
        Box::new(move |n| n.agreements.iter().any(milestone)),
    ];
    (0..stages.len())
        .map(|k| {
            needs
                .iter()
                .filter(|n| stages[..=k].iter().all(|s| s(n)))
                .count()
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len();
    if m % 2 == 1 {
        v[m / 2]
    } else {
        (v[m / 2 - 1] + v[m / 2]) / 2.0
    }
}

fn counts(f: &Funnel) -> Vec<usize> {
    f.stages.iter().map(|s| s.count).collect()
}

#[tokio::test]
async fn funnel_counts_match_an_independent_count() {
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.store.backend_name());
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (needs, event) = generate(&db.store, &mut rng).await;
        let all: Vec<&Need> = needs.iter().collect();
        let f = db
            .store
            .funnel(Scope::All, &FunnelFilter::default())
            .await
            .unwrap();
        let want = expected(&all);
        assert_eq!(counts(&f), want);
        // The funnel kept up write by write is the one recomputed from scratch.
        assert_eq!(db.store.rebuild_funnel(false).await.unwrap(), needs.len());
        assert_eq!(
            db.store
                .funnel(Scope::All, &FunnelFilter::default())
                .await
                .unwrap(),
            f
        );
        assert!(
            want[2] > 0 && want[5] > 0 && want[6] > 0,
            "the data reaches every stage: {want:?}"
        );
        assert!(want[6] < want[1], "and the funnel narrows: {want:?}");
        // Conversion is each stage over the one before.
        for k in 1..want.len() {
            let c = f.stages[k].conversion;
            if want[k - 1] > 0 {
                assert!((c.unwrap() - want[k] as f64 / want[k - 1] as f64).abs() < 1e-9);
            }
        }
        // Median days from posting to the first suggestion, and from there to the first live
        // request (over needs that reached both), computed here.
        let days = |a: DateTime<Utc>, b: DateTime<Utc>| (b - a).num_seconds() as f64 / 86_400.0;
        let first_live = |n: &Need| {
            n.requests
                .iter()
                .filter(|r| {
                    !matches!(
                        r.0.status,
                        MeetingRequestStatus::Cancelled | MeetingRequestStatus::Declined
                    )
                })
                .map(|r| r.1)
                .min()
        };
        let to_match: Vec<f64> = needs
            .iter()
            .filter_map(|n| n.matched.map(|m| days(n.posted, m)))
            .collect();
        let to_request: Vec<f64> = needs
            .iter()
            .filter_map(|n| Some(days(n.matched?, first_live(n)?)))
            .collect();
        assert!(!to_request.is_empty());
        assert!((f.stages[1].median_days.unwrap() - median(to_match)).abs() < 1e-6);
        assert!((f.stages[2].median_days.unwrap() - median(to_request)).abs() < 1e-6);

        // Narrowed by the partner's country (needs discussed with a Belarusian organisation)
        // and by device category (an EMDN prefix takes the codes below it).
        let with_by: Vec<&Need> = needs
            .iter()
            .filter(|n| n.partners.contains(&"BY"))
            .collect();
        let filter = FunnelFilter {
            partner_country: Some("BY".parse().unwrap()),
            ..FunnelFilter::default()
        };
        assert_eq!(
            counts(&db.store.funnel(Scope::All, &filter).await.unwrap()),
            expected(&with_by)
        );
        let imaging: Vec<&Need> = needs
            .iter()
            .filter(|n| n.codes.iter().any(|c| c.starts_with("EMDN:Z11")))
            .collect();
        assert!(!imaging.is_empty() && imaging.len() < needs.len());
        let filter = FunnelFilter {
            device_code: Some("EMDN:Z11".parse().unwrap()),
            ..FunnelFilter::default()
        };
        assert_eq!(
            counts(&db.store.funnel(Scope::All, &filter).await.unwrap()),
            expected(&imaging)
        );

        // Narrowed by the need's country, and by the event (needs discussed there).
        let kg: Vec<&Need> = needs.iter().filter(|n| n.country == "KG").collect();
        let filter = FunnelFilter {
            country: Some("KG".parse().unwrap()),
            ..FunnelFilter::default()
        };
        assert_eq!(
            counts(&db.store.funnel(Scope::All, &filter).await.unwrap()),
            expected(&kg)
        );
        let at_event: Vec<&Need> = needs.iter().filter(|n| !n.requests.is_empty()).collect();
        let filter = FunnelFilter {
            event: Some(event),
            ..FunnelFilter::default()
        };
        assert_eq!(
            counts(&db.store.funnel(Scope::All, &filter).await.unwrap()),
            expected(&at_event)
        );
        // Nothing posted in the future.
        let filter = FunnelFilter {
            since: Some(Utc::now() + chrono::Duration::days(1)),
            ..FunnelFilter::default()
        };
        assert_eq!(
            db.store.funnel(Scope::All, &filter).await.unwrap().stages[0].count,
            0
        );
        db.finish().await;
    }
}
