//! Agreements through the API: the status life cycle, milestones, signatories, origins,
//! confidentiality and the expiry sweep. Runs on SQLite, and on PostgreSQL when configured.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::*;
use medbridge_store::Scope;
use serde_json::{Value, json};

fn agreement(a: i64, b: i64) -> Value {
    json!({
        "title": {"en": "Supply of CT scanners", "ru": "Поставка КТ"},
        "kind": "supply",
        "parties": [
            {"organisation_id": a, "role": "supplier"},
            {"organisation_id": b, "role": "buyer"}
        ],
        "signatories": [{"name": "Li Wei", "organisation_id": a, "position": "Director"}],
        "status": "signed",
        "signed_on": "2025-10-19",
        "place": "Bishkek",
        "value": {"amount": 1200000, "currency": "USD"},
        "starts_on": "2025-11-01",
        "ends_on": "2027-10-31",
        "milestones": [
            {"title": {"en": "First delivery"}, "owner_id": a, "due_on": "2026-03-01"},
            {"title": {"en": "Staff trained"}, "owner_id": b, "due_on": "2026-06-01", "completed_on": "2026-05-20"}
        ]
    })
}

/// A change to a good agreement that makes it bad.
type Edit = Box<dyn Fn(&mut Value)>;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn status_changes_follow_the_life_cycle() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let r = admin
            .post("/agreements", agreement(w.org_a.0, w.org_b.0))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let id = r.body["id"].as_i64().unwrap();
        let uri = format!("/agreements/{id}");
        let mut body = agreement(w.org_a.0, w.org_b.0);

        // signed -> draft is not a legal move, and nothing changes.
        body["status"] = json!("draft");
        let r = admin.put(&uri, 1, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "status");
        assert_eq!(r.body["errors"][0]["code"], "illegal_transition");
        let msg = r.body["errors"][0]["message"].as_str().unwrap();
        assert!(msg.contains("in_force"), "names the allowed moves: {msg}");
        assert_eq!(admin.get(&uri).await.body["status"], "signed");

        // signed -> in_force -> completed, then it is final.
        body["status"] = json!("in_force");
        assert_eq!(
            admin.put(&uri, 1, body.clone()).await.status,
            StatusCode::OK
        );
        body["status"] = json!("completed");
        assert_eq!(
            admin.put(&uri, 2, body.clone()).await.status,
            StatusCode::OK
        );
        body["status"] = json!("in_force");
        let r = admin.put(&uri, 3, body.clone()).await;
        assert_eq!(r.body["errors"][0]["code"], "illegal_transition");
        assert!(
            r.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("cannot change status")
        );
        // Other edits of a completed agreement (a typo in the title) are still fine.
        body["status"] = json!("completed");
        body["title"]["en"] = json!("Supply of CT scanners (2025)");
        assert_eq!(admin.put(&uri, 3, body).await.status, StatusCode::OK);
        w.db
    })
    .await;
}

#[tokio::test]
async fn bad_agreements_name_the_field_and_write_nothing() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let cases: Vec<(Edit, &str, &str)> = vec![
            (
                Box::new(|b| b["milestones"][0]["due_on"] = json!("2025-01-01")),
                "milestones[0].due_on",
                "date_order",
            ),
            (
                Box::new(|b| {
                    b["parties"][1]["organisation_id"] = json!(999_999);
                    b["milestones"][1]["owner_id"] = json!(null);
                }),
                "parties[1].organisation_id",
                "not_found",
            ),
            (
                Box::new(|b| b["signatories"][0]["organisation_id"] = json!(999_999)),
                "signatories[0].organisation_id",
                "unknown_value",
            ),
            (
                Box::new(|b| b["milestones"][1]["owner_id"] = json!(999_999)),
                "milestones[1].owner_id",
                "unknown_value",
            ),
            (
                Box::new(|b| b["ends_on"] = json!("2025-10-01")),
                "ends_on",
                "date_order",
            ),
            (
                Box::new(|b| b["origin"] = json!({"need_id": 424_242})),
                "origin.need_id",
                "not_found",
            ),
            (
                Box::new(|b| {
                    b["parties"][1]["organisation_id"] = b["parties"][0]["organisation_id"].clone()
                }),
                "parties[1].organisation_id",
                "duplicate",
            ),
            (
                Box::new(|b| b["value"]["amount"] = json!(-5)),
                "value.amount",
                "negative",
            ),
        ];
        for (edit, field, code) in cases {
            let mut body = agreement(w.org_a.0, w.org_b.0);
            edit(&mut body);
            let r = admin.post("/agreements", body).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}: {:?}",
                r.body
            );
            let errs = r.body["errors"].as_array().unwrap();
            assert!(
                errs.iter()
                    .any(|e| e["field"] == field && e["code"] == code),
                "expected {code} on {field}, got {errs:?}"
            );
        }
        assert_eq!(
            admin.get("/agreements").await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            0,
            "nothing was written"
        );
        w.db
    })
    .await;
}

#[tokio::test]
async fn confidential_agreements_are_seen_by_parties_and_the_secretariat_only() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let outsider_org =
            w.db.store
                .create(
                    &medbridge_store::Actor::system("test"),
                    serde_json::from_value::<medbridge_core::model::OrganisationData>(
                        json!({"name": {"en": "Gamma"}, "kind": "hospital", "country": "KZ"}),
                    )
                    .unwrap(),
                )
                .await
                .unwrap()
                .id;
        let (_, outsider) = person(
            &w.db.store,
            "Editor C",
            "c@gamma.kz",
            Some(outsider_org),
            "editor",
            "gamma-pass-1",
        )
        .await;
        let mut body = agreement(w.org_a.0, w.org_b.0);
        body["confidential"] = json!(true);
        let id = admin.post("/agreements", body).await.body["id"]
            .as_i64()
            .unwrap();
        let public = admin
            .post("/agreements", agreement(w.org_a.0, w.org_b.0))
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let uri = format!("/agreements/{id}");
        let count = |r: &Reply| r.body["items"].as_array().unwrap().len();

        assert_eq!(admin.get(&uri).await.status, StatusCode::OK);
        assert_eq!(
            w.api.as_token(&w.editor_b).get(&uri).await.status,
            StatusCode::OK
        );
        let c = w.api.as_token(&outsider);
        assert_eq!(c.get(&uri).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            w.api.anonymous().get(&uri).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(count(&c.get("/agreements").await), 1);
        assert_eq!(count(&w.api.anonymous().get("/agreements").await), 1);
        assert_eq!(
            count(&w.api.as_token(&w.editor_a).get("/agreements").await),
            2
        );
        assert_eq!(count(&admin.get("/agreements").await), 2);
        assert_eq!(
            c.get(&format!("/agreements/{public}")).await.status,
            StatusCode::OK
        );
        w.db
    })
    .await;
}

#[tokio::test]
async fn agreements_expire_after_their_term_and_the_digest_lists_what_is_due() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let id = admin
            .post("/agreements", agreement(w.org_a.0, w.org_b.0))
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let store = &w.db.store;

        // 2026-04-01: the first delivery (due 2026-03-01) is overdue; nothing ends within 60 days.
        let d = store
            .agreement_digest(day("2026-04-01"), 60, Scope::All, 100)
            .await
            .unwrap();
        assert_eq!(d.overdue.iter().map(|r| r.id.0).collect::<Vec<_>>(), [id]);
        assert!(d.expiring.is_empty());
        // Outsiders see it only when it is public (it is).
        let d = store
            .agreement_digest(day("2026-04-01"), 60, Scope::Public, 100)
            .await
            .unwrap();
        assert_eq!(d.overdue.len(), 1);
        // 2027-09-15: ends on 2027-10-31, within 60 days.
        let d = store
            .agreement_digest(day("2027-09-15"), 60, Scope::All, 100)
            .await
            .unwrap();
        assert_eq!(d.expiring.iter().map(|r| r.id.0).collect::<Vec<_>>(), [id]);
        // Completing the milestone takes it off the overdue list.
        let mut body = agreement(w.org_a.0, w.org_b.0);
        body["milestones"][0]["completed_on"] = json!("2026-03-10");
        let r = admin.put(&format!("/agreements/{id}"), 1, body).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let d = store
            .agreement_digest(day("2026-04-01"), 60, Scope::All, 100)
            .await
            .unwrap();
        assert!(d.overdue.is_empty());
        // Before the end nothing expires; after it, the sweep expires it once, with an audit entry.
        assert_eq!(store.expire_agreements(day("2027-10-31")).await.unwrap(), 0);
        assert_eq!(store.expire_agreements(day("2027-11-01")).await.unwrap(), 1);
        assert_eq!(store.expire_agreements(day("2027-11-02")).await.unwrap(), 0);
        let r = admin.get(&format!("/agreements/{id}")).await;
        assert_eq!(r.body["status"], "expired");
        let log = admin
            .get(&format!("/audit?entity=agreement&entity_id={id}"))
            .await;
        assert!(
            log.body
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "expire"),
            "{:?}",
            log.body
        );
        w.db
    })
    .await;
}

#[tokio::test]
async fn public_agreements_are_open_data_in_ocds_shape() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let public = admin
            .post("/agreements", agreement(w.org_a.0, w.org_b.0))
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let mut secret = agreement(w.org_a.0, w.org_b.0);
        secret["confidential"] = json!(true);
        admin.post("/agreements", secret).await;
        let mut draft = agreement(w.org_a.0, w.org_b.0);
        draft["status"] = json!("draft");
        admin.post("/agreements", draft).await;

        let r = w.api.anonymous().get("/open-data/agreements").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["version"], "1.1");
        let releases = r.body["releases"].as_array().unwrap();
        assert_eq!(releases.len(), 1, "no draft, nothing confidential");
        let rel = &releases[0];
        assert_eq!(rel["ocid"], format!("ocds-medbridge-{public}"));
        assert_eq!(rel["tag"], json!(["contract"]));
        let names: Vec<&str> = rel["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Alpha Medical", "Beta Hospital"]);
        assert_eq!(rel["parties"][1]["address"]["countryName"], "KG");
        let c = &rel["contracts"][0];
        assert_eq!(c["status"], "active");
        assert_eq!(c["dateSigned"], "2025-10-19T00:00:00Z");
        assert_eq!(c["value"], json!({"amount": 1200000.0, "currency": "USD"}));
        assert_eq!(c["period"]["endDate"], "2027-10-31T00:00:00Z");
        let ms = c["milestones"].as_array().unwrap();
        assert_eq!(ms[1]["status"], "met");
        assert_eq!(ms[1]["dateMet"], "2026-05-20T00:00:00Z");
        w.db
    })
    .await;
}
