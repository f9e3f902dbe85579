//! The reminder digest's overdue list (agreements signed or in force with an open milestone
//! past due, soonest first) against the same list computed here from the records, over
//! agreements with several milestones, shared due dates, completed ones, drafts and
//! confidential ones; for each scope and several limits, on every backend.

use chrono::NaiveDate;
use medbridge_core::model::*;
use medbridge_store::testing::TestDb;
use medbridge_store::*;
use serde_json::json;

fn data<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// Overdue agreements `scope` may see, by their first open milestone's due date, then id.
async fn expected(s: &Store, scope: Scope, today: NaiveDate, limit: usize) -> Vec<i64> {
    let q = ListQuery {
        limit: 200,
        ..ListQuery::new(Vec::new())
    };
    let mut due: Vec<(NaiveDate, i64)> = Vec::new();
    for a in s.list::<AgreementData>(&q, scope).await.unwrap().items {
        if !matches!(
            a.data.status,
            AgreementStatus::Signed | AgreementStatus::InForce
        ) {
            continue;
        }
        let open: Vec<NaiveDate> = a
            .data
            .milestones
            .iter()
            .filter(|m| m.completed_on.is_none())
            .map(|m| m.due_on)
            .collect();
        if open.iter().any(|d| *d < today) {
            due.push((*open.iter().min().unwrap(), a.id.0));
        }
    }
    due.sort();
    due.into_iter().take(limit).map(|(_, id)| id).collect()
}

#[tokio::test]
async fn overdue_agreements_come_once_each_soonest_first() {
    for db in TestDb::all().await {
        let s = db.store.clone();
        let a = Actor::system("test");
        let mut orgs = Vec::new();
        for name in ["Alpha", "Beta", "Gamma"] {
            let o: OrganisationData =
                data(json!({"name": {"en": name}, "kind": "hospital", "country": "KG"}));
            orgs.push(s.create(&a, o).await.unwrap().id);
        }
        let statuses = ["signed", "in_force", "draft", "completed", "signed"];
        let mut rng = 7u64;
        let mut next = |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        for i in 0..30usize {
            // Up to four milestones, due on one of a few days (so dates are shared, within
            // and across agreements), some completed.
            let milestones: Vec<_> = (0..next(5))
                .map(|_| {
                    let mut m = json!({"title": {"en": "Step"}, "due_on": format!("2026-0{}-01", 2 + next(6))});
                    if next(3) == 0 {
                        m["completed_on"] = json!("2026-01-15");
                    }
                    m
                })
                .collect();
            let status = statuses[i % statuses.len()];
            let mut doc = json!({"title": {"en": format!("Agreement {i}")}, "kind": "supply",
                "parties": [{"organisation_id": orgs[i % 3]}, {"organisation_id": orgs[(i + 1) % 3]}],
                "status": status, "confidential": i % 4 == 0, "milestones": milestones});
            if status != "draft" {
                doc["signed_on"] = json!("2026-01-10");
            }
            s.create(&a, data::<AgreementData>(doc)).await.unwrap();
        }
        let mut scopes = vec![Scope::All, Scope::Public];
        scopes.extend(orgs.iter().map(|o| Scope::Member(*o)));
        let mut seen_any = false;
        for today in ["2026-03-15", "2026-05-02", "2026-09-01"] {
            let today: NaiveDate = today.parse().unwrap();
            for scope in &scopes {
                for limit in [1usize, 3, 100] {
                    let got: Vec<i64> = s
                        .agreement_digest(today, 60, *scope, limit as i64)
                        .await
                        .unwrap()
                        .overdue
                        .iter()
                        .map(|r| r.id.0)
                        .collect();
                    let want = expected(&s, *scope, today, limit).await;
                    seen_any |= want.len() > 1;
                    assert_eq!(got, want, "{today} {scope:?} limit {limit}");
                }
            }
        }
        assert!(seen_any, "the data should give lists of more than one");
        db.finish().await;
    }
}
