//! A matchmaking session through the API: delegations register and are approved, delegates
//! request and accept meetings, the secretariat runs the scheduler, and a delegate's agenda
//! comes out as iCalendar. Runs on SQLite, and on PostgreSQL when configured.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

fn session() -> Value {
    // Bishkek (UTC+6): four 20-minute slots from 10:00 local time on 19 October 2023.
    json!({
        "name": {"en": "B2B matchmaking, ISPC 2023", "ru": "B2B-встречи, ISPC 2023"},
        "kind": "matchmaking_session", "starts_on": "2023-10-19", "ends_on": "2023-10-19",
        "country": "KG", "city": "Bishkek", "utc_offset_minutes": 360,
        "matchmaking": {
            "slots": [
                {"starts_at": "2023-10-19T04:00:00Z", "minutes": 20},
                {"starts_at": "2023-10-19T04:20:00Z", "minutes": 20},
                {"starts_at": "2023-10-19T04:40:00Z", "minutes": 20},
                {"starts_at": "2023-10-19T05:00:00Z", "minutes": 20}
            ],
            "tables": 2,
            "rule": "participant",
            "fairness": 2
        }
    })
}

#[tokio::test]
async fn delegates_request_meetings_and_the_scheduler_places_them() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let a = w.api.as_token(&w.editor_a);
        let b = w.api.as_token(&w.editor_b);
        let store = w.db.store.clone();
        let (a1, _) = person(&store, "Li Na", "li.na@alpha.cn", Some(w.org_a), "member", "li-na-pass-1").await;
        let (a2, _) = person(&store, "Wang Tao", "wang.tao@alpha.cn", Some(w.org_a), "member", "wang-pass-1").await;
        let (b1, _) = person(&store, "Aibek Sadyrov", "aibek@beta.kg", Some(w.org_b), "member", "aibek-pass-1").await;

        // Slots outside the event and a booth on a table that does not exist are refused.
        let mut bad = session();
        bad["matchmaking"]["slots"][3]["starts_at"] = json!("2023-10-21T05:00:00Z");
        bad["matchmaking"]["booths"] = json!([{"organisation_id": w.org_a.0, "table": 9}]);
        let r = admin.post("/events", bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = r.fields();
        assert!(fields.contains(&"matchmaking.slots[3].starts_at".to_string()), "{fields:?}");
        assert!(fields.contains(&"matchmaking.booths[0].table".to_string()), "{fields:?}");
        let ev = admin.post("/events", session()).await;
        assert_eq!(ev.status, StatusCode::CREATED, "{:?}", ev.body);
        let ev = ev.body["id"].as_i64().unwrap();

        // Each organisation registers its delegation; only the secretariat approves.
        let reg = |org: i64, people: &[i64], status: &str| {
            json!({"event_id": ev, "organisation_id": org, "status": status,
                   "delegates": people.iter().map(|p| json!({"person_id": p, "role": "delegate", "languages": ["en"]})).collect::<Vec<_>>()})
        };
        assert_eq!(a.post("/registrations", reg(w.org_a.0, &[a1.0, a2.0], "approved")).await.status, StatusCode::FORBIDDEN);
        let ra = a.post("/registrations", reg(w.org_a.0, &[a1.0], "pending")).await;
        assert_eq!(ra.status, StatusCode::CREATED, "{:?}", ra.body);
        let ra = ra.body["id"].as_i64().unwrap();
        let again = a.post("/registrations", reg(w.org_a.0, &[a2.0], "pending")).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(again.fields(), ["organisation_id"]);
        let rb = b.post("/registrations", reg(w.org_b.0, &[b1.0], "pending")).await.body["id"].as_i64().unwrap();
        assert_eq!(
            a.put(&format!("/registrations/{ra}"), 1, reg(w.org_a.0, &[a1.0], "approved")).await.status,
            StatusCode::FORBIDDEN
        );
        for (id, org, people) in [(ra, w.org_a.0, vec![a1.0]), (rb, w.org_b.0, vec![b1.0])] {
            let r = admin.put(&format!("/registrations/{id}"), 1, reg(org, &people, "approved")).await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        }

        // Li Na asks Aibek for a meeting; asking oneself is refused.
        let request = |from: i64, from_org: i64, to: i64, to_org: i64| {
            json!({"event_id": ev, "from_person": from, "from_organisation": from_org,
                   "to_person": to, "to_organisation": to_org, "message": "CT scanners for Osh", "priority": 3})
        };
        let r = a.post("/meeting-requests", request(a1.0, w.org_a.0, a1.0, w.org_a.0)).await;
        assert_eq!(r.fields(), ["to_person"]);
        // Nor for a person of another organisation than the one named.
        let r = a.post("/meeting-requests", request(a1.0, w.org_a.0, b1.0, w.org_a.0)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.fields(), ["to_person"]);
        let r = a.post("/registrations", reg(w.org_a.0, &[b1.0], "pending")).await;
        assert_eq!(r.fields(), ["delegates[0].person_id"], "{:?}", r.body);
        let m = a.post("/meeting-requests", request(a1.0, w.org_a.0, b1.0, w.org_b.0)).await;
        assert_eq!(m.status, StatusCode::CREATED, "{:?}", m.body);
        let m_id = m.body["id"].as_i64().unwrap();
        let uri = format!("/meeting-requests/{m_id}");
        let mut accepted = request(a1.0, w.org_a.0, b1.0, w.org_b.0);
        accepted["status"] = json!("accepted");
        // The requester cannot accept on the other party's behalf; the invited party can.
        let r = a.put(&uri, 1, accepted.clone()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        assert_eq!(b.put(&uri, 1, accepted.clone()).await.status, StatusCode::OK);
        // Nor may a party place it: that is the scheduler's.
        let mut placed = accepted.clone();
        placed["placement"] = json!({"slot": 1, "table": 1});
        assert_eq!(b.put(&uri, 2, placed).await.status, StatusCode::FORBIDDEN);
        // Wang Tao (not an approved delegate) also has an accepted request.
        let w2 = a.post("/meeting-requests", request(a2.0, w.org_a.0, b1.0, w.org_b.0)).await.body["id"].as_i64().unwrap();
        let mut acc2 = request(a2.0, w.org_a.0, b1.0, w.org_b.0);
        acc2["status"] = json!("accepted");
        assert_eq!(b.put(&format!("/meeting-requests/{w2}"), 1, acc2).await.status, StatusCode::OK);
        // Outsiders do not see the requests at all.
        assert_eq!(w.api.anonymous().get(&uri).await.status, StatusCode::NOT_FOUND);

        // Only the secretariat schedules.
        assert_eq!(a.post(&format!("/events/{ev}/schedule"), json!({})).await.status, StatusCode::FORBIDDEN);
        let r = admin.post(&format!("/events/{ev}/schedule"), json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["scheduled"], 1);
        assert_eq!(r.body["requests"], 2);
        // Two requests settle long before the time limit: the report says the search,
        // not the clock, decided.
        assert_eq!(r.body["time_limited"], false, "{:?}", r.body);
        let un = r.body["unscheduled"].as_array().unwrap();
        assert_eq!(un.len(), 1, "{un:?}");
        assert_eq!(un[0]["meeting_request_id"], w2);
        assert!(un[0]["reason"].as_str().unwrap().contains("Wang Tao"), "{un:?}");
        // Each request keeps why it was left out, for its page; the placed one has no note.
        let w2_uri = format!("/meeting-requests/{w2}");
        let left_out = admin.get(&w2_uri).await.body;
        assert_eq!(left_out["unscheduled"], un[0]["reason"], "{left_out:?}");
        assert_eq!(admin.get(&uri).await.body["unscheduled"], Value::Null);
        // The note is the scheduler's: a party may not write it.
        let mut noted = left_out.clone();
        noted["unscheduled"] = json!("we would rather not");
        for key in ["id", "version", "created_at", "updated_at"] {
            noted.as_object_mut().unwrap().remove(key);
        }
        let version = left_out["version"].as_i64().unwrap();
        assert_eq!(b.put(&w2_uri, version, noted).await.status, StatusCode::FORBIDDEN);
        let placed = admin.get(&uri).await.body["placement"].clone();
        let slot = placed["slot"].as_u64().unwrap();
        assert!((1..=4).contains(&slot) && (1..=2).contains(&placed["table"].as_u64().unwrap()), "{placed}");
        // The run is in the audit log as the scheduler's.
        let log = admin.get(&format!("/audit?entity=meeting_request&entity_id={m_id}")).await;
        assert!(log.body.as_array().unwrap().iter().any(|e| e["actor"].as_str().unwrap().ends_with("(scheduler)")), "{:?}", log.body);

        // Aibek's agenda as iCalendar: one meeting at the slot's UTC time.
        let r = b.send("GET", &format!("/events/{ev}/agenda.ics?person={}", b1.0), None, &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.content_type().starts_with("text/calendar"), "{}", r.content_type());
        let ics = r.body.as_str().unwrap_or_default().to_string();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
        let start = ["20231019T040000Z", "20231019T042000Z", "20231019T044000Z", "20231019T050000Z"][slot as usize - 1];
        assert!(ics.contains(&format!("DTSTART:{start}")), "{ics}");
        assert!(ics.contains("Li Na (Alpha Medical)") && ics.contains("Aibek Sadyrov (Beta Hospital)"), "{ics}");
        w.db
    })
    .await;
}

#[tokio::test]
async fn a_speaker_is_not_booked_while_on_stage() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let b = w.api.as_token(&w.editor_b);
        let store = w.db.store.clone();
        let (a1, _) = person(&store, "Li Na", "li.na@alpha.cn", Some(w.org_a), "member", "li-na-pass-1").await;
        let (b1, _) = person(&store, "Aibek Sadyrov", "aibek@beta.kg", Some(w.org_b), "member", "aibek-pass-1").await;

        // The conference's programme: bad items are refused, each naming its field.
        let conference = |agenda: Value| {
            json!({"name": {"en": "ISPC 2023"}, "kind": "conference", "starts_on": "2023-10-19",
                   "ends_on": "2023-10-19", "country": "KG", "utc_offset_minutes": 360, "agenda": agenda})
        };
        let talk = |from: &str, until: &str, speaker: i64| {
            json!({"starts_at": from, "ends_at": until, "room": "Hall A",
                   "title": {"en": "Imaging in Central Asia", "ru": "Визуализация в Центральной Азии"},
                   "speakers": [speaker], "language": "ru", "interpretation": ["en", "zh"]})
        };
        let r = admin
            .post("/events", conference(json!([
                talk("2023-10-19T05:00:00Z", "2023-10-19T04:00:00Z", b1.0),
                talk("2023-10-20T04:00:00Z", "2023-10-20T05:00:00Z", b1.0),
                talk("2023-10-19T04:00:00Z", "2023-10-19T05:00:00Z", 999_999),
            ])))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.content_type(), "application/problem+json");
        let fields = r.fields();
        for f in ["agenda[0].ends_at", "agenda[1].starts_at", "agenda[1].ends_at"] {
            assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
        }
        // Aibek speaks 10:00-11:00 Bishkek time (slots 1 to 3 of the session below).
        let good = conference(json!([talk("2023-10-19T04:00:00Z", "2023-10-19T05:00:00Z", b1.0)]));
        let mut unknown = good.clone();
        unknown["agenda"][0]["speakers"] = json!([999_999]);
        let r = admin.post("/events", unknown).await;
        assert_eq!(r.fields(), ["agenda[0].speakers[0]"], "{:?}", r.body);
        // Only the secretariat edits the programme.
        assert_eq!(b.post("/events", good.clone()).await.status, StatusCode::FORBIDDEN);
        let conf = admin.post("/events", good).await;
        assert_eq!(conf.status, StatusCode::CREATED, "{:?}", conf.body);
        assert_eq!(conf.body["agenda"][0]["interpretation"], json!(["en", "zh"]));
        let conf = conf.body["id"].as_i64().unwrap();

        // The session is a child of the conference; Aibek's talk is in the conference itself.
        let mut sess = session();
        sess["parent_id"] = json!(conf);
        let ev = admin.post("/events", sess).await.body["id"].as_i64().unwrap();
        for (org, p) in [(w.org_a.0, a1.0), (w.org_b.0, b1.0)] {
            let reg = json!({"event_id": ev, "organisation_id": org, "status": "approved",
                             "delegates": [{"person_id": p, "role": "speaker", "languages": ["en"]}]});
            assert_eq!(admin.post("/registrations", reg).await.status, StatusCode::CREATED);
        }
        let req = json!({"event_id": ev, "from_person": a1.0, "from_organisation": w.org_a.0,
                         "to_person": b1.0, "to_organisation": w.org_b.0, "status": "accepted"});
        let m = admin.post("/meeting-requests", req).await;
        assert_eq!(m.status, StatusCode::CREATED, "{:?}", m.body);
        let r = admin.post(&format!("/events/{ev}/schedule"), json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["scheduled"], 1, "{:?}", r.body);
        let placed = admin.get(&format!("/meeting-requests/{}", m.body["id"])).await.body["placement"].clone();
        assert_eq!(placed["slot"], 4, "the only slot after his talk: {placed}");
        // His calendar holds the meeting and his talk at the conference; Li Na's only the meeting.
        let ics = |person: i64| {
            let b = &b;
            async move {
                let r = b.send("GET", &format!("/events/{ev}/agenda.ics?person={person}"), None, &[]).await;
                r.body.as_str().unwrap_or_default().to_string()
            }
        };
        let his = ics(b1.0).await;
        assert_eq!(his.matches("BEGIN:VEVENT").count(), 2, "{his}");
        assert!(his.contains("SUMMARY:Your talk: Imaging in Central Asia"), "{his}");
        assert!(his.contains(&format!("UID:talk-{conf}-1@medbridge")) && his.contains("DTSTART:20231019T040000Z"), "{his}");
        assert!(his.contains("DTSTART:20231019T050000Z") && his.contains("LOCATION:Hall A"), "{his}");
        let hers = ics(a1.0).await;
        assert_eq!(hers.matches("BEGIN:VEVENT").count(), 1, "{hers}");
        assert!(!hers.contains("talk-"), "{hers}");
        // The conference's own calendar lists its programme.
        let r = admin.send("GET", &format!("/events/{conf}/agenda.ics"), None, &[]).await;
        let whole = r.body.as_str().unwrap_or_default().to_string();
        assert!(whole.contains("SUMMARY:Imaging in Central Asia") && !whole.contains("Your talk"), "{whole}");
        w.db
    })
    .await;
}

#[tokio::test]
async fn the_secretariat_checks_delegates_in_at_the_door() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let a = w.api.as_token(&w.editor_a);
        let store = w.db.store.clone();
        let (a1, _) = person(
            &store,
            "Li Na",
            "li.na@alpha.cn",
            Some(w.org_a),
            "member",
            "li-na-pass-1",
        )
        .await;
        let (b1, _) = person(
            &store,
            "Aibek Sadyrov",
            "aibek@beta.kg",
            Some(w.org_b),
            "member",
            "aibek-pass-1",
        )
        .await;
        let ev = admin.post("/events", session()).await.body["id"]
            .as_i64()
            .unwrap();
        let reg = a
            .post(
                "/registrations",
                json!({"event_id": ev, "organisation_id": w.org_a.0,
                  "delegates": [{"person_id": a1.0, "role": "delegate"}]}),
            )
            .await;
        assert_eq!(reg.status, StatusCode::CREATED, "{:?}", reg.body);
        let id = reg.body["id"].as_i64().unwrap();
        let uri = format!("/registrations/{id}/check-in");

        // Pending delegations do not check in; the organisation itself cannot check in.
        let r = admin.post(&uri, json!({"person_id": a1.0})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.content_type(), "application/problem+json");
        assert_eq!(r.fields(), ["person_id"]);
        let mut approved = reg.body.clone();
        approved["status"] = json!("approved");
        for k in ["id", "version", "created_at", "updated_at"] {
            approved.as_object_mut().unwrap().remove(k);
        }
        assert_eq!(
            admin
                .put(&format!("/registrations/{id}"), 1, approved)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            a.post(&uri, json!({"person_id": a1.0})).await.status,
            StatusCode::FORBIDDEN
        );
        // Someone not in the delegation is named as such.
        let r = admin.post(&uri, json!({"person_id": b1.0})).await;
        assert_eq!(r.fields(), ["person_id"], "{:?}", r.body);
        assert!(
            r.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("not a delegate")
        );
        let r = admin.post(&uri, json!({"person_id": "Li Na"})).await;
        assert_eq!(r.fields(), ["person_id"], "{:?}", r.body);

        let r = admin.post(&uri, json!({"person_id": a1.0})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["delegates"][0]["checked_in"], true);
        assert_eq!(r.headers.get("etag").unwrap(), "\"3\"");
        // And undone.
        let r = admin
            .post(&uri, json!({"person_id": a1.0, "checked_in": false}))
            .await;
        assert_eq!(r.body["delegates"][0]["checked_in"], false);
        w.db
    })
    .await;
}

#[tokio::test]
async fn the_organiser_places_and_locks_a_meeting_and_the_scheduler_keeps_it() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let store = w.db.store.clone();
        let (a1, _) = person(&store, "Li Na", "li.na@alpha.cn", Some(w.org_a), "member", "li-na-pass-1").await;
        let (a2, _) = person(&store, "Wang Tao", "wang.tao@alpha.cn", Some(w.org_a), "member", "wang-pass-1").await;
        let (b1, _) = person(&store, "Aibek Sadyrov", "aibek@beta.kg", Some(w.org_b), "member", "aibek-pass-1").await;
        let ev = admin.post("/events", session()).await.body["id"].as_i64().unwrap();
        for (org, people) in [(w.org_a.0, vec![a1.0, a2.0]), (w.org_b.0, vec![b1.0])] {
            let reg = json!({"event_id": ev, "organisation_id": org, "status": "approved",
                             "delegates": people.iter().map(|p| json!({"person_id": p, "role": "delegate"})).collect::<Vec<_>>()});
            assert_eq!(admin.post("/registrations", reg).await.status, StatusCode::CREATED);
        }
        let request = |from: i64, extra: Value| {
            let mut r = json!({"event_id": ev, "from_person": from, "from_organisation": w.org_a.0,
                               "to_person": b1.0, "to_organisation": w.org_b.0, "status": "accepted"});
            r.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            r
        };
        // Li Na's meeting is placed by hand at table 1 in slot 2 and locked there.
        let m1 = admin.post("/meeting-requests", request(a1.0, json!({"placement": {"slot": 2, "table": 1}, "locked": true}))).await;
        assert_eq!(m1.status, StatusCode::CREATED, "{:?}", m1.body);
        let m1 = m1.body["id"].as_i64().unwrap();
        // Wang Tao's cannot take the same table in that slot, nor Aibek twice at once.
        let r = admin.post("/meeting-requests", request(a2.0, json!({"placement": {"slot": 2, "table": 1}}))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.fields(), ["placement.table", "placement.slot"], "{:?}", r.body);
        let r = admin.post("/meeting-requests", request(a2.0, json!({"placement": {"slot": 2, "table": 2}}))).await;
        assert_eq!(r.fields(), ["placement.slot"], "{:?}", r.body);
        assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("already meets"), "{:?}", r.body);
        // Nor a slot or table the session does not have.
        let r = admin.post("/meeting-requests", request(a2.0, json!({"placement": {"slot": 9, "table": 3}}))).await;
        assert_eq!(r.fields(), ["placement.slot", "placement.table"], "{:?}", r.body);
        let m2 = admin.post("/meeting-requests", request(a2.0, json!({}))).await.body["id"].as_i64().unwrap();

        // The scheduler keeps the locked meeting where it is and places the other elsewhere.
        for _ in 0..2 {
            let r = admin.post(&format!("/events/{ev}/schedule"), json!({})).await;
            assert_eq!(r.body["scheduled"], 2, "{:?}", r.body);
            let p1 = admin.get(&format!("/meeting-requests/{m1}")).await.body["placement"].clone();
            assert_eq!(p1, json!({"slot": 2, "table": 1}));
            let p2 = admin.get(&format!("/meeting-requests/{m2}")).await.body["placement"].clone();
            assert_ne!(p2["slot"], 2, "{p2}");
        }

        // The whole session as one calendar for the organiser; nothing for the public.
        let r = admin.send("GET", &format!("/events/{ev}/agenda.ics"), None, &[]).await;
        let ics = r.body.as_str().unwrap_or_default().to_string();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
        assert!(ics.contains("DTSTART:20231019T042000Z") && ics.contains("Wang Tao"), "{ics}");
        let r = w.api.anonymous().send("GET", &format!("/events/{ev}/agenda.ics"), None, &[]).await;
        assert_eq!(r.body.as_str().unwrap_or_default().matches("BEGIN:VEVENT").count(), 0);
        w.db
    })
    .await;
}

#[tokio::test]
async fn placements_made_at_once_never_share_a_table_or_a_person() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let store = w.db.store.clone();
        let ev = admin.post("/events", session()).await.body["id"].as_i64().unwrap();
        let mut a = Vec::new();
        let mut b = Vec::new();
        for i in 0..4 {
            a.push(person(&store, &format!("Buyer {i}"), &format!("buyer{i}@alpha.cn"), Some(w.org_a), "member", "buyer-pass-1").await.0);
            b.push(person(&store, &format!("Seller {i}"), &format!("seller{i}@beta.kg"), Some(w.org_b), "member", "seller-pass-1").await.0);
        }
        for (org, people) in [(w.org_a.0, &a), (w.org_b.0, &b)] {
            let reg = json!({"event_id": ev, "organisation_id": org, "status": "approved",
                             "delegates": people.iter().map(|p| json!({"person_id": p.0, "role": "delegate"})).collect::<Vec<_>>()});
            assert_eq!(admin.post("/registrations", reg).await.status, StatusCode::CREATED);
        }
        let request = |i: usize, j: usize| {
            json!({"event_id": ev, "from_person": a[i].0, "from_organisation": w.org_a.0,
                   "to_person": b[j].0, "to_organisation": w.org_b.0, "status": "accepted"})
        };
        let mut ids = Vec::new();
        for i in 0..4 {
            let r = admin.post("/meeting-requests", request(i, i)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            ids.push(r.body["id"].as_i64().unwrap());
        }
        // Four people-disjoint meetings placed at table 1 in slot 1 at the same moment: one
        // gets it, the others are told the table is taken.
        let admin = &admin;
        let place = |k: usize, slot: u16, table: u16| {
            let uri = format!("/meeting-requests/{}", ids[k]);
            let mut body = request(k, k);
            body["placement"] = json!({"slot": slot, "table": table});
            async move { admin.put(&uri, 1, body).await }
        };
        let (r0, r1, r2, r3) = tokio::join!(place(0, 1, 1), place(1, 1, 1), place(2, 1, 1), place(3, 1, 1));
        let replies = [r0, r1, r2, r3];
        let won: Vec<usize> = (0..4).filter(|k| replies[*k].status == StatusCode::OK).collect();
        assert_eq!(won.len(), 1, "{:?}", replies.iter().map(|r| (r.status, r.body.clone())).collect::<Vec<_>>());
        for (k, r) in replies.iter().enumerate().filter(|(k, _)| *k != won[0]) {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{k}: {:?}", r.body);
            assert_eq!(r.fields(), ["placement.table"], "{k}: {:?}", r.body);
        }

        // A hand placement racing the scheduler: whatever order they take, the stored
        // schedule double-books no table and nobody, and neither answers with a 500.
        let extra = admin.post("/meeting-requests", request(0, 1)).await.body["id"].as_i64().unwrap();
        let mut body = request(0, 1);
        body["placement"] = json!({"slot": 2, "table": 1});
        let (run, put) = (format!("/events/{ev}/schedule"), format!("/meeting-requests/{extra}"));
        let (s, p) = tokio::join!(admin.post(&run, json!({})), admin.put(&put, 1, body));
        assert!(!s.status.is_server_error() && !p.status.is_server_error(), "{:?} {:?}", s.body, p.body);
        let mut tables = std::collections::HashSet::new();
        let mut busy = std::collections::HashSet::new();
        for id in ids.iter().chain([&extra]) {
            let m = admin.get(&format!("/meeting-requests/{id}")).await.body;
            let Some(slot) = m["placement"]["slot"].as_u64() else { continue };
            assert!(tables.insert((slot, m["placement"]["table"].as_u64().unwrap())), "table twice in slot {slot}: {m}");
            for who in ["from_person", "to_person"] {
                assert!(busy.insert((slot, m[who].as_i64().unwrap())), "{who} twice in slot {slot}: {m}");
            }
        }
        w.db
    })
    .await;
}
