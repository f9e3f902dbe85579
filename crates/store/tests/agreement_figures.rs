//! The dashboard's agreement figures (by year and kind, by party country, kept in
//! `agreement_countries` write by write, and by status) against the same figures counted
//! here from the records, after every kind of write that moves them, for each scope and with
//! and without an event; on every backend.

use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::testing::TestDb;
use medbridge_store::*;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

fn data<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// The figures of the agreements (not drafts) `scope` may see, counted from the records:
/// every agreement, every organisation's current country.
async fn expected(s: &Store, scope: Scope, event: Option<EventId>) -> AgreementStats {
    let mut countries: BTreeMap<OrgId, String> = BTreeMap::new();
    let mut q = ListQuery {
        limit: 200,
        ..ListQuery::new(Vec::new())
    };
    for o in s
        .list::<OrganisationData>(&q, Scope::All)
        .await
        .unwrap()
        .items
    {
        countries.insert(o.id, o.data.country.to_string());
    }
    q.filters = event.map(Filter::Event).into_iter().collect();
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    let mut year_kind: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut status: BTreeMap<String, i64> = BTreeMap::new();
    for a in s.list::<AgreementData>(&q, scope).await.unwrap().items {
        if a.data.status == AgreementStatus::Draft {
            continue;
        }
        let year = a
            .data
            .signed_on
            .map(|d| d.format("%Y").to_string())
            .unwrap_or_default();
        *year_kind
            .entry((year, a.data.kind.as_str().to_string()))
            .or_default() += 1;
        *status
            .entry(a.data.status.as_str().to_string())
            .or_default() += 1;
        let here: BTreeSet<&String> = a
            .data
            .parties
            .iter()
            .map(|p| &countries[&p.organisation_id])
            .collect();
        for c in here {
            *counts.entry(c.clone()).or_default() += 1;
        }
    }
    let mut by_country: Vec<(String, i64)> = counts.into_iter().collect();
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    AgreementStats {
        by_year_kind: year_kind.into_iter().map(|((y, k), n)| (y, k, n)).collect(),
        by_country,
        by_status: status.into_iter().collect(),
    }
}

async fn check(s: &Store, orgs: &[OrgId], event: EventId, when: &str) {
    let mut scopes = vec![Scope::All, Scope::Public];
    scopes.extend(orgs.iter().map(|o| Scope::Member(*o)));
    for scope in scopes {
        for ev in [None, Some(event)] {
            let got = s.agreement_stats(scope, ev.map(|e| e.0)).await.unwrap();
            assert_eq!(
                got,
                expected(s, scope, ev).await,
                "{when}: {scope:?}, event {ev:?}"
            );
        }
    }
}

#[tokio::test]
async fn agreements_by_country_follow_every_write() {
    for db in TestDb::all().await {
        let s = db.store.clone();
        let a = Actor::system("test");
        let mut orgs = Vec::new();
        for (name, country) in [
            ("Alpha", "CN"),
            ("Beta", "KG"),
            ("Gamma", "KZ"),
            ("Delta", "CN"),
            ("Eps", "BY"),
        ] {
            let o: OrganisationData =
                data(json!({"name": {"en": name}, "kind": "hospital", "country": country}));
            orgs.push(s.create(&a, o).await.unwrap());
        }
        let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
        let ev: EventData = data(
            json!({"name": {"en": "ISPC"}, "kind": "conference", "starts_on": "2023-10-19", "ends_on": "2023-10-19", "country": "KG"}),
        );
        let ev = s.create(&a, ev).await.unwrap().id;
        // Twelve agreements: two or three parties (two of them sometimes in one country),
        // signed or in force or draft, some confidential, some signed at the event, of three
        // kinds over three years.
        let statuses = ["signed", "in_force", "draft", "signed"];
        let kinds = ["supply", "joint_training", "memorandum"];
        let mut agreements = Vec::new();
        for i in 0..12usize {
            let parties: Vec<_> = [i % 5, (i + 3) % 5, (i * 2 + 1) % 5]
                .into_iter()
                .take(2 + i % 2)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|k| json!({"organisation_id": ids[k]}))
                .collect();
            let status = statuses[i % 4];
            let mut doc = json!({"title": {"en": format!("Agreement {i}")}, "kind": kinds[i % 3], "parties": parties,
                "status": status, "confidential": i % 3 == 0});
            if status != "draft" {
                doc["signed_on"] = json!(format!("{}-03-01", 2023 + (i / 3) % 3));
            }
            if i % 2 == 0 {
                doc["event_id"] = json!(ev);
            }
            agreements.push(s.create(&a, data::<AgreementData>(doc)).await.unwrap());
        }
        check(&s, &ids, ev, "created").await;

        // A party replaced by one in another country; a draft signed; one made confidential.
        let mut first = agreements[0].clone();
        first.data.parties[0].organisation_id = ids[4];
        s.update(&a, first.id, first.version, first.data.clone())
            .await
            .unwrap();
        let mut draft = agreements[2].clone();
        draft.data.status = AgreementStatus::Signed;
        draft.data.signed_on = Some("2024-04-01".parse().unwrap());
        s.update(&a, draft.id, draft.version, draft.data.clone())
            .await
            .unwrap();
        let mut open = agreements[1].clone();
        open.data.confidential = true;
        s.update(&a, open.id, open.version, open.data.clone())
            .await
            .unwrap();
        check(&s, &ids, ev, "updated").await;

        // An organisation moves to another country: all its agreements move with it.
        let mut alpha = orgs[0].clone();
        alpha.data.country = "UZ".parse().unwrap();
        s.update(&a, alpha.id, alpha.version, alpha.data.clone())
            .await
            .unwrap();
        check(&s, &ids, ev, "organisation moved").await;

        // Deleted: gone from the figures.
        let last = agreements.last().unwrap();
        s.delete::<AgreementData>(&a, last.id, Some(last.version))
            .await
            .unwrap();
        check(&s, &ids, ev, "deleted").await;

        // Rebuilt from scratch (as after a bulk load), the figures are the same.
        let before = s
            .agreement_stats(Scope::All, None)
            .await
            .unwrap()
            .by_country;
        s.rebuild_funnel(false).await.unwrap();
        assert_eq!(
            s.agreement_stats(Scope::All, None)
                .await
                .unwrap()
                .by_country,
            before
        );
        assert!(before.iter().any(|(c, _)| c == "UZ"), "{before:?}");
        db.finish().await;
    }
}
