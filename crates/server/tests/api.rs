//! The API as a client sees it: status codes, problem documents naming fields, permissions,
//! versions, pagination and the audit log. Runs on SQLite, and on PostgreSQL when configured.

mod common;

use axum::http::StatusCode;
use common::*;
use medbridge_core::model::ProductData;
use serde_json::json;

fn product(supplier: i64) -> serde_json::Value {
    json!({
        "supplier_id": supplier,
        "name": {"en": "uCT 550", "zh": "uCT 550 计算机断层扫描", "ru": "КТ uCT 550"},
        "device_codes": ["FDA:JAK", "EMDN:Z11030601"],
        "risk_class": "IIb",
        "registrations": [{"authority": "eaeu", "number": "DEMO-1", "valid_from": "2023-01-01", "valid_until": "2028-01-01"}],
        "price": {"min": 300000, "max": 450000, "currency": "USD"},
        "lead_time_days": 90,
        "service_countries": ["KG", "KZ"]
    })
}

#[tokio::test]
async fn anonymous_writes_get_401_and_foreign_writes_403() {
    each_backend(|w| async move {
        let anon = w.api.anonymous();
        let r = anon.post("/products", product(w.org_a.0)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.content_type(), "application/problem+json");
        assert_eq!(r.body["code"], "unauthenticated");

        let a = w.api.as_token(&w.editor_a);
        let b = w.api.as_token(&w.editor_b);
        let created = a.post("/products", product(w.org_a.0)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let id = created.body["id"].as_i64().unwrap();
        assert_eq!(created.headers["etag"], "\"1\"");

        // Editor B may neither change A's product nor create one in A's name.
        let r = b
            .put(&format!("/products/{id}"), 1, product(w.org_b.0))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.body["code"], "forbidden");
        assert_eq!(
            b.post("/products", product(w.org_a.0)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            b.send("DELETE", &format!("/products/{id}"), None, &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Nor move their own product into A's organisation.
        let own = b.post("/products", product(w.org_b.0)).await;
        let own_id = own.body["id"].as_i64().unwrap();
        assert_eq!(
            b.put(&format!("/products/{own_id}"), 1, product(w.org_a.0))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Editors cannot create organisations or events; the secretariat can.
        let org = json!({"name": {"en": "New"}, "kind": "hospital", "country": "BY"});
        assert_eq!(
            a.post("/organisations", org.clone()).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            w.api
                .as_token(&w.admin)
                .post("/organisations", org)
                .await
                .status,
            StatusCode::CREATED
        );
        // Editors keep their own profile but cannot grant themselves alliance membership.
        let admin = w.api.as_token(&w.admin);
        let alliance = admin
            .post(
                "/organisations",
                json!({"name": {"en": "BRMDIA"}, "kind": "association", "country": "CN"}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let uri = format!("/organisations/{}", w.org_a.0);
        let mut profile = a.get(&uri).await.body;
        for k in ["id", "version", "created_at", "updated_at"] {
            profile.as_object_mut().unwrap().remove(k);
        }
        profile["city"] = json!("Shanghai");
        assert_eq!(a.put(&uri, 1, profile.clone()).await.status, StatusCode::OK);
        profile["memberships"] = json!([{"alliance_id": alliance, "status": "active"}]);
        assert_eq!(
            a.put(&uri, 2, profile.clone()).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            b.put(&uri, 2, profile.clone()).await.status,
            StatusCode::FORBIDDEN,
            "nor edit another organisation"
        );
        assert_eq!(admin.put(&uri, 2, profile).await.status, StatusCode::OK);
        // A bad token is an error, not anonymity.
        assert_eq!(
            w.api.as_token("nope").get("/products").await.body["code"],
            "invalid_token"
        );

        // Every write is in the audit log, with who made it.
        let log = w
            .api
            .as_token(&w.admin)
            .get(&format!("/audit?entity=product&entity_id={id}"))
            .await;
        assert_eq!(log.status, StatusCode::OK);
        assert_eq!(log.body[0]["action"], "create");
        assert_eq!(log.body[0]["actor"], "a@alpha.cn");
        assert_eq!(a.get("/audit").await.status, StatusCode::FORBIDDEN);
        w.db
    })
    .await;
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    each_backend(|w| async move {
        let a = w.api.as_token(&w.editor_a);
        let cases: Vec<(serde_json::Value, StatusCode, &str, &str)> = vec![
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "service_countries": ["KG", "XX"]}), StatusCode::UNPROCESSABLE_ENTITY, "service_countries[1]", "unknown_country"),
            (json!({"supplier_id": w.org_a.0, "name": {"xx": "x"}}), StatusCode::UNPROCESSABLE_ENTITY, "name.xx", "unknown_language"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "price": {"min": -5, "max": 1, "currency": "USD"}}), StatusCode::UNPROCESSABLE_ENTITY, "price.min", "negative"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "price": {"min": 5, "max": 1, "currency": "ABC"}}), StatusCode::UNPROCESSABLE_ENTITY, "price.currency", "unknown_currency"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "device_codes": ["FDA:TOOLONG"]}), StatusCode::UNPROCESSABLE_ENTITY, "device_codes[0]", "unknown_device_code"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x".repeat(20_001)}}), StatusCode::UNPROCESSABLE_ENTITY, "name.en", "too_long"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x".repeat(301)}}), StatusCode::UNPROCESSABLE_ENTITY, "name.en", "too_long"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "registrations": [{"authority": "nmpa", "number": "1", "valid_from": "2025-01-01", "valid_until": "2024-01-01"}]}), StatusCode::UNPROCESSABLE_ENTITY, "registrations[0].valid_until", "date_order"),
            (json!({"supplier_id": w.org_a.0}), StatusCode::UNPROCESSABLE_ENTITY, "name", "required"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "colour": "red"}), StatusCode::UNPROCESSABLE_ENTITY, "colour", "invalid_format"),
            (json!({"supplier_id": w.org_a.0, "name": {"en": "x"}, "risk_class": "IV"}), StatusCode::UNPROCESSABLE_ENTITY, "risk_class", "unknown_value"),
        ];
        for (body, status, field, code) in cases {
            let r = a.post("/products", body.clone()).await;
            assert_eq!(r.status, status, "{body}: {:?}", r.body);
            assert_eq!(r.content_type(), "application/problem+json");
            assert_eq!(r.body["errors"][0]["code"], code, "{body}: {:?}", r.body);
            assert_eq!(r.body["errors"][0]["field"], field, "{body}: {:?}", r.body);
        }
        let r = a.send("POST", "/products", Some("{\"supplier_id\": 1, \"name\": "), &[]).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed_json")));
        let r = a.send("POST", "/products", Some("{}"), &[("content-type", "text/plain")]).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // A need's negative budget and an event ending before it starts.
        let need = json!({"organisation_id": w.org_a.0, "direction": "need", "cooperation_type": "equipment_supply", "title": {"ru": "УЗИ"}, "budget": {"amount": -1, "currency": "USD"}});
        let r = a.post("/opportunities", need).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["budget.amount".to_string()]));
        let ev = json!({"name": {"en": "ISPC"}, "kind": "conference", "starts_on": "2023-10-19", "ends_on": "2023-10-18", "country": "KG"});
        let r = w.api.as_token(&w.admin).post("/events", ev).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["ends_on".to_string()]));
        // A reference to a missing organisation names the field.
        let r = w.api.as_token(&w.admin).post("/products", product(9999)).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["supplier_id".to_string()]));
        // Bad filters too.
        let r = a.get("/products?country=XX&limit=500&sort=price").await;
        assert_eq!(r.fields(), vec!["country", "sort", "limit"]);
        assert_eq!(a.get("/organisations?cooperation_type=investment").await.fields(), vec!["cooperation_type"]);
        assert_eq!(a.get("/products?colour=red").await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(w.api.store().count::<ProductData>().await.unwrap(), 0, "nothing was written");
        w.db
    })
    .await;
}

#[tokio::test]
async fn stale_versions_are_refused() {
    each_backend(|w| async move {
        let a = w.api.as_token(&w.editor_a);
        let id = a.post("/products", product(w.org_a.0)).await.body["id"]
            .as_i64()
            .unwrap();
        let uri = format!("/products/{id}");
        let mut changed = product(w.org_a.0);
        changed["lead_time_days"] = json!(60);
        let r = a.send("PUT", &uri, Some(&changed.to_string()), &[]).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (StatusCode::PRECONDITION_REQUIRED, Some("if_match_required"))
        );
        let r = a.put(&uri, 1, changed.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.headers["etag"], "\"2\"");
        changed["lead_time_days"] = json!(30);
        let r = a.put(&uri, 1, changed).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (StatusCode::PRECONDITION_FAILED, Some("version_conflict"))
        );
        assert_eq!(
            a.get(&uri).await.body["lead_time_days"],
            60,
            "the stale write changed nothing"
        );
        assert_eq!(
            a.send("DELETE", &uri, None, &[("If-Match", "\"1\"")])
                .await
                .status,
            StatusCode::PRECONDITION_FAILED
        );
        assert_eq!(
            a.send("DELETE", &uri, None, &[("If-Match", "\"2\"")])
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(a.get(&uri).await.status, StatusCode::NOT_FOUND);
        w.db
    })
    .await;
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    each_backend(|w| async move {
        let a = w.api.as_token(&w.editor_a);
        for i in 0..7 {
            let mut p = product(w.org_a.0);
            p["name"] =
                json!({"en": format!("Monitor {i}"), "ru": format!("Монитор пациента {i}")});
            p["device_codes"] = json!([if i % 2 == 0 { "FDA:MHX" } else { "FDA:DRT" }]);
            assert_eq!(a.post("/products", p).await.status, StatusCode::CREATED);
        }
        let mut hidden = product(w.org_a.0);
        hidden["published"] = json!(false);
        a.post("/products", hidden).await;

        let anon = w.api.anonymous();
        let mut names = Vec::new();
        let mut uri = "/products?q=монитор&sort=-name&limit=3".to_string();
        loop {
            let r = anon.get(&uri).await;
            assert_eq!(r.status, StatusCode::OK);
            names.extend(
                r.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["name"]["en"].as_str().unwrap().to_string()),
            );
            match r.body["next_cursor"].as_str() {
                Some(c) => uri = format!("/products?q=монитор&sort=-name&limit=3&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(
            names,
            (0..7)
                .rev()
                .map(|i| format!("Monitor {i}"))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            anon.get("/products?device_code=FDA:MHX").await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            4
        );
        assert_eq!(
            anon.get("/products").await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            7,
            "unpublished hidden from the public"
        );
        assert_eq!(
            a.get("/products").await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            8,
            "but not from its own organisation"
        );
        assert_eq!(
            anon.get("/products?cursor=zz").await.fields(),
            vec!["cursor"]
        );
        assert_eq!(
            anon.get("/people").await.body["items"]
                .as_array()
                .unwrap()
                .len(),
            0,
            "people are not public"
        );
        w.db
    })
    .await;
}

#[tokio::test]
async fn sessions_need_csrf_and_sign_in_is_rate_limited() {
    each_backend(|w| async move {
        let anon = w.api.anonymous();
        let r = anon
            .post(
                "/session",
                json!({"email": "a@alpha.cn", "password": "alpha-pass-1"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let cookie = r.headers["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert!(
            r.headers["set-cookie"]
                .to_str()
                .unwrap()
                .contains("HttpOnly")
        );
        let csrf = r.body["csrf_token"].as_str().unwrap().to_string();
        let body = product(w.org_a.0).to_string();
        let r = anon
            .send("POST", "/products", Some(&body), &[("cookie", &cookie)])
            .await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("csrf_failed"))
        );
        let r = anon
            .send(
                "POST",
                "/products",
                Some(&body),
                &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(
            anon.send("GET", "/session", None, &[("cookie", &cookie)])
                .await
                .body["name"],
            "Editor A"
        );
        assert_eq!(
            anon.send("DELETE", "/session", None, &[("cookie", &cookie)])
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            anon.send("GET", "/session", None, &[("cookie", &cookie)])
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );

        for _ in 0..5 {
            let r = anon
                .post(
                    "/session",
                    json!({"email": "b@beta.kg", "password": "guess"}),
                )
                .await;
            assert_eq!(
                (r.status, r.body["code"].as_str()),
                (StatusCode::UNAUTHORIZED, Some("invalid_credentials"))
            );
        }
        let r = anon
            .post(
                "/session",
                json!({"email": "b@beta.kg", "password": "beta-pass-1"}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password waits after 5 failures"
        );
        assert!(r.headers.contains_key("retry-after"));
        assert_eq!(
            anon.post("/session", json!({"email": "nobody@x.kg", "password": "x"}))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        w.db
    })
    .await;
}
