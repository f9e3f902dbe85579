//! Matches through the API: a Russian need finds a product described in Chinese and
//! English through the device concept, with reasons in the reader's language; products
//! not registered in the buyer's country appear only as near misses; new records are
//! matched at once; bad ad-hoc needs name the field. SQLite, and PostgreSQL when configured.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

fn ct(supplier: i64, name_zh: &str, authority: Value) -> Value {
    json!({
        "supplier_id": supplier,
        "name": {"zh": name_zh, "en": "uCT 550 computed tomography scanner"},
        "device_codes": ["FDA:JAK"],
        "registrations": [authority],
        "price": {"min": 300000, "max": 450000, "currency": "USD"},
        "lead_time_days": 90
    })
}

#[tokio::test]
async fn needs_find_products_across_languages_with_reasons() {
    each_backend(|w| async move {
        let a = w.api.as_token(&w.editor_a);
        let b = w.api.as_token(&w.editor_b);
        let eaeu = json!({"authority": "eaeu", "number": "РЗН 2023/1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"});
        let nmpa = json!({"authority": "nmpa", "number": "国械注准2023", "valid_from": "2023-01-01", "valid_until": "2099-01-01"});
        let legal = a.post("/products", ct(w.org_a.0, "联影 uCT 550 CT", eaeu.clone())).await.body["id"].as_i64().unwrap();
        let china_only = a.post("/products", ct(w.org_a.0, "国内版 CT 机", nmpa)).await.body["id"].as_i64().unwrap();
        let need = b
            .post("/opportunities", json!({
                "organisation_id": w.org_b.0, "direction": "need", "cooperation_type": "equipment_supply",
                "title": {"ru": "Нужен компьютерный томограф (КТ) для областной больницы в Оше"},
                "countries": ["KG"], "budget": {"amount": 500000, "currency": "USD"}
            }))
            .await;
        assert_eq!(need.status, StatusCode::CREATED, "{:?}", need.body);
        let need = need.body["id"].as_i64().unwrap();

        // The Russian need finds the product registered for the EAEU, not the China-only one.
        let r = w.api.anonymous().get(&format!("/opportunities/{need}/matches?lang=ru")).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let found = r.body.as_array().unwrap();
        let ids: Vec<i64> = found.iter().map(|m| m["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [legal], "{found:?}");
        assert_eq!(found[0]["kind"], "product");
        assert_eq!(found[0]["codes"], json!(["FDA:JAK"]));
        let reasons = found[0]["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty());
        assert!(
            reasons.iter().all(|r| r.as_str().unwrap().chars().any(|c| matches!(c, 'а'..='я'))),
            "reasons in Russian: {reasons:?}"
        );
        // In Chinese too.
        let zh = w.api.anonymous().get(&format!("/opportunities/{need}/matches?lang=zh")).await;
        let reason = zh.body[0]["reasons"][0].as_str().unwrap().to_string();
        assert!(reason.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{reason}");

        // Relaxed: the China-only product is a near miss that says what is missing.
        let r = w.api.anonymous().get(&format!("/opportunities/{need}/matches?lang=en&relaxed=true")).await;
        let near = r.body.as_array().unwrap().iter().find(|m| m["id"] == china_only).cloned().unwrap();
        let failed = near["failed"].as_array().unwrap();
        assert!(failed.iter().any(|f| f.as_str().unwrap().contains("KG")), "{failed:?}");

        // The reciprocal direction: the product's matches are the need.
        let r = w.api.anonymous().get(&format!("/products/{legal}/matches")).await;
        assert_eq!(r.body[0]["id"], need, "{:?}", r.body);

        // A product added now is matched at once.
        let newer = a.post("/products", ct(w.org_a.0, "联影 uCT 780", eaeu)).await.body["id"].as_i64().unwrap();
        let r = w.api.anonymous().get(&format!("/opportunities/{need}/matches")).await;
        let ids: Vec<i64> = r.body.as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
        assert!(ids.contains(&newer) && ids.contains(&legal), "{ids:?}");
        // And one withdrawn from publication disappears.
        let mut body = ct(w.org_a.0, "联影 uCT 780", json!({"authority": "eaeu", "number": "РЗН 2023/1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"}));
        body["published"] = json!(false);
        assert_eq!(a.put(&format!("/products/{newer}"), 1, body).await.status, StatusCode::OK);
        let r = w.api.anonymous().get(&format!("/opportunities/{need}/matches")).await;
        assert!(r.body.as_array().unwrap().iter().all(|m| m["id"] != newer), "{:?}", r.body);

        // An ad-hoc need in French.
        let r = w.api.anonymous().post("/match?lang=fr", json!({"text": "scanner CT (tomodensitomètre) pour le CHU", "country": "KG"})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["results"][0]["id"], legal);
        // With how it was read, as data and as a line in the reader's language.
        assert_eq!(
            r.body["read_as"],
            json!([{"concept": "imaging.ct", "name": "scanner", "from": "name", "secondary": false}])
        );
        assert_eq!(r.body["reading"], "compris comme : scanner (d'après son nom)");
        // A need that names no device type says so, also when nothing matches.
        let r = w.api.anonymous().post("/match?lang=ru", json!({"text": "хорошая цена, быстрая доставка", "country": "KG"})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["read_as"], json!([]));
        assert_eq!(r.body["reading"], "тип изделия не назван и не описан: подбор только по словам");
        assert_eq!(r.body["results"], json!([]));
        w.db
    })
    .await;
}

#[tokio::test]
async fn bad_ad_hoc_needs_name_the_field() {
    each_backend(|w| async move {
        let anon = w.api.anonymous();
        for (body, field) in [
            (json!({"text": "  "}), "text"),
            (json!({"text": "КТ", "country": "XX"}), "country"),
            (
                json!({"text": "КТ", "budget": {"amount": -5, "currency": "USD"}}),
                "budget.amount",
            ),
            (
                json!({"text": "КТ", "budget": {"amount": 5, "currency": "ZZZ"}}),
                "budget.currency",
            ),
            (
                json!({"text": "КТ", "device_codes": ["FDA:1"]}),
                "device_codes[0]",
            ),
        ] {
            let r = anon.post("/match", body.clone()).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {:?}",
                r.body
            );
            assert!(
                r.fields().contains(&field.to_string()),
                "{body}: {:?}",
                r.body
            );
        }
        assert_eq!(
            anon.post("/match?limit=0", json!({"text": "КТ"}))
                .await
                .fields(),
            ["limit"]
        );
        assert_eq!(
            anon.get("/opportunities/999/matches").await.status,
            StatusCode::NOT_FOUND
        );
        w.db
    })
    .await;
}
