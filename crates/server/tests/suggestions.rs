//! Suggestions and saved searches through the API: a posted need is suggested the products
//! that answer it, a saved search raises an alert when a matching product appears later,
//! owners set the status of their suggestions and nobody else can, and bad input names the
//! field. SQLite, and PostgreSQL when configured.

mod common;

use axum::http::StatusCode;
use common::*;
use medbridge_store::{FunnelFilter, Scope};
use serde_json::{Value, json};

fn product(supplier: i64, name_ru: &str, code: &str) -> Value {
    json!({
        "supplier_id": supplier,
        "name": {"ru": name_ru, "en": name_ru},
        "device_codes": [code],
        "registrations": [{"authority": "eaeu", "number": "РЗН 2023/1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"}],
        "price": {"min": 300000, "max": 450000, "currency": "USD"}
    })
}

#[tokio::test]
async fn needs_and_saved_searches_are_suggested_what_answers_them() {
    each_backend(|w| async move {
        let a = w.api.as_token(&w.editor_a);
        let b = w.api.as_token(&w.editor_b);
        let ct = a
            .post("/products", product(w.org_a.0, "Компьютерный томограф uCT 550", "FDA:JAK"))
            .await;
        assert_eq!(ct.status, StatusCode::CREATED, "{:?}", ct.body);
        let ct = ct.body["id"].as_i64().unwrap();
        let need = b
            .post("/opportunities", json!({
                "organisation_id": w.org_b.0, "direction": "need", "cooperation_type": "equipment_supply",
                "title": {"ru": "Нужен КТ для областной больницы"}, "countries": ["KG"]
            }))
            .await;
        assert_eq!(need.status, StatusCode::CREATED, "{:?}", need.body);
        let need = need.body["id"].as_i64().unwrap();

        // The need's organisation sees the suggestion as new; the supplier follows nothing.
        let r = b.get("/suggestions?status=new&lang=ru").await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let items = r.body["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0]["for_kind"], "need");
        assert_eq!(items[0]["for_id"], need);
        assert_eq!(items[0]["item_id"], ct);
        assert_eq!(items[0]["title"], "Компьютерный томограф uCT 550");
        assert_eq!(items[0]["href"], format!("/products/{ct}"));
        let suggestion = items[0]["id"].as_i64().unwrap();
        let r = a.get("/suggestions").await;
        assert_eq!(r.body["items"], json!([]));
        assert_eq!(w.api.anonymous().get("/suggestions").await.status, StatusCode::UNAUTHORIZED);

        // The funnel counts the need as matched.
        let f = w.api.store().funnel(Scope::All, &FunnelFilter::default()).await.unwrap();
        assert_eq!((f.stages[0].count, f.stages[1].count), (1, 1));

        // A saved search for MRI finds nothing yet; an MRI product posted later is an alert.
        let saved = b
            .post("/saved-searches", json!({"name": "МРТ для Бишкека", "query": {"text": "аппарат МРТ", "country": "KG"}}))
            .await;
        assert_eq!(saved.status, StatusCode::CREATED, "{:?}", saved.body);
        let search = saved.body["id"].as_i64().unwrap();
        let r = b.get(&format!("/suggestions?saved_search={search}")).await;
        assert_eq!(r.body["items"], json!([]), "nothing matched yet");
        let mri = a
            .post("/products", product(w.org_a.0, "Магнитно-резонансный томограф uMR 580", "FDA:LNH"))
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let r = b.get(&format!("/suggestions?saved_search={search}")).await;
        let items = r.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{:?}", r.body);
        assert_eq!((items[0]["item_id"].as_i64(), items[0]["status"].as_str()), (Some(mri), Some("new")));
        assert_eq!(items[0]["for_title"], "МРТ для Бишкека");
        assert_eq!(b.get("/saved-searches").await.body[0]["name"], "МРТ для Бишкека");

        // The owner dismisses a suggestion; others cannot touch it; "new" is the platform's.
        let path = format!("/suggestions/{suggestion}");
        let r = b.send("PATCH", &path, Some(r#"{"status": "dismissed"}"#), &[]).await;
        assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::OK, Some("dismissed")), "{:?}", r.body);
        let r = a.send("PATCH", &path, Some(r#"{"status": "contacted"}"#), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = b.send("PATCH", &path, Some(r#"{"status": "new"}"#), &[]).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["status".to_string()]));
        let r = b.send("PATCH", &path, Some(r#"{"status": "maybe"}"#), &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body["detail"].as_str().unwrap().contains("dismissed"), "{:?}", r.body);
        // Dismissed stays dismissed when the need is matched again after an edit.
        let rec = b.get(&format!("/opportunities/{need}")).await;
        let mut body = rec.body.clone();
        for k in ["id", "version", "created_at", "updated_at"] {
            body.as_object_mut().unwrap().remove(k);
        }
        body["title"] = json!({"ru": "Нужен КТ для областной больницы в Оше"});
        assert_eq!(b.put(&format!("/opportunities/{need}"), 1, body).await.status, StatusCode::OK);
        let r = b.get(&format!("/suggestions?need={need}")).await;
        assert_eq!(r.body["items"][0]["status"], "dismissed", "{:?}", r.body);

        // Bad input names the field; nothing is saved.
        let r = b
            .post("/saved-searches", json!({"name": " ", "query": {"text": "КТ", "country": "XX", "limit": 5}}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = r.fields();
        assert!(fields.contains(&"name".to_string()) && fields.contains(&"query".to_string()), "{fields:?}");
        let r = b.post("/saved-searches", json!({"name": "x", "query": {"text": "", "country": "XX"}})).await;
        let fields = r.fields();
        assert!(fields.contains(&"query.text".to_string()) && fields.contains(&"query.country".to_string()), "{fields:?}");
        let r = b.get("/suggestions?status=maybe&limit=0").await;
        assert_eq!(r.fields(), vec!["status".to_string(), "limit".to_string()]);
        assert_eq!(b.get("/saved-searches").await.body.as_array().unwrap().len(), 1);

        // Deleting the saved search takes its suggestions; someone else's is not found.
        let path = format!("/saved-searches/{search}");
        assert_eq!(a.send("DELETE", &path, None, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(b.send("DELETE", &path, None, &[]).await.status, StatusCode::NO_CONTENT);
        assert_eq!(b.send("DELETE", &path, None, &[]).await.status, StatusCode::NOT_FOUND);
        let r = b.get("/suggestions").await;
        assert!(r.body["items"].as_array().unwrap().iter().all(|s| s["for_kind"] == "need"));
        w.db
    })
    .await;
}
