//! Documents attached to agreements through the API: kept whole with their hash or not at
//! all (too large, wrong type, bad name), readable by whoever may see the agreement, attached
//! and removed by the secretariat and the parties' editors only. SQLite, and PostgreSQL
//! when configured.

mod common;

use axum::http::StatusCode;
use common::*;
use medbridge_core::model::OrganisationData;
use medbridge_store::Actor;
use serde_json::json;

fn files_in(dir: &std::path::Path) -> usize {
    walk(dir)
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn documents_are_kept_whole_for_those_who_may_see_the_agreement() {
    each_backend(|w| async move {
        let admin = w.api.as_token(&w.admin);
        let a = w.api.as_token(&w.editor_a);
        let b = w.api.as_token(&w.editor_b);
        let org_c: OrganisationData =
            serde_json::from_value(json!({"name": {"en": "Gamma"}, "kind": "distributor", "country": "KZ"}))
                .unwrap();
        let org_c = w.api.store().create(&Actor::system("t"), org_c).await.unwrap().id;
        let (_, editor_c) = person(w.api.store(), "Editor C", "c@gamma.kz", Some(org_c), "editor", "gamma-pass-1").await;
        let c = w.api.as_token(&editor_c);
        let agreement = admin
            .post("/agreements", json!({
                "title": {"en": "Supply of CT scanners"}, "kind": "supply", "confidential": true,
                "parties": [{"organisation_id": w.org_a.0}, {"organisation_id": w.org_b.0}]
            }))
            .await;
        assert_eq!(agreement.status, StatusCode::CREATED, "{:?}", agreement.body);
        let id = agreement.body["id"].as_i64().unwrap();
        let path = format!("/agreements/{id}/documents");
        let dir = w.api.state.files.dir().to_path_buf();

        // A party's editor attaches the signed contract.
        let pdf = "%PDF-1.4\n% signed contract\n";
        let r = a
            .send("POST", &format!("{path}?file_name=Contract%20%E2%84%96%207.pdf"), Some(pdf), &[("content-type", "application/pdf")])
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        assert_eq!(r.body["file_name"], "Contract № 7.pdf");
        assert_eq!(r.body["media_type"], "application/pdf");
        assert_eq!(r.body["size"], pdf.len());
        let doc = r.body["id"].as_i64().unwrap();
        let sha = r.body["sha256"].as_str().unwrap().to_string();
        assert_eq!(sha.len(), 64);

        // The other party reads it back, byte for byte; the public and outsiders do not see it.
        let got = b.get(&format!("{path}/{doc}")).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.body, json!(pdf));
        assert_eq!(got.content_type(), "application/pdf");
        let disposition = got.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;") && disposition.contains("UTF-8''Contract%20%E2%84%96%207.pdf"), "{disposition}");
        assert_eq!(got.headers["x-content-type-options"], "nosniff");
        assert_eq!(b.get(&path).await.body[0]["sha256"], sha);
        assert_eq!(w.api.anonymous().get(&path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(c.get(&format!("{path}/{doc}")).await.status, StatusCode::NOT_FOUND);

        // Refused uploads keep nothing: too large, an executable named .pdf, a path, empty.
        let before = files_in(&dir);
        let big = format!("%PDF-1.4\n{}", "x".repeat(70 * 1024));
        let r = a.send("POST", &format!("{path}?file_name=big.pdf"), Some(&big), &[]).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("file_too_large")));
        let r = a.send("POST", &format!("{path}?file_name=contract.pdf"), Some("MZ\u{90}\0binary"), &[]).await;
        assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("unsupported_file_type")));
        assert!(r.content_type().starts_with("application/problem+json"));
        let r = a.send("POST", &format!("{path}?file_name=..%2Fetc%2Fpasswd.pdf"), Some(pdf), &[]).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["file_name".to_string()]));
        let r = a.send("POST", &format!("{path}?file_name=empty.pdf"), Some(""), &[]).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["file".to_string()]));
        let r = a.send("POST", &path, Some(pdf), &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "file_name is required: {:?}", r.body);
        assert_eq!(files_in(&dir), before, "no partial or refused file is left");
        assert_eq!(a.get(&path).await.body.as_array().unwrap().len(), 1);

        // Only the secretariat and the parties' editors attach: not an outsider, not anonymous.
        let r = c.send("POST", &format!("{path}?file_name=x.pdf"), Some(pdf), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "the outsider does not even see it");
        let r = w.api.anonymous().send("POST", &format!("{path}?file_name=x.pdf"), Some(pdf), &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let open = admin
            .post("/agreements", json!({
                "title": {"en": "Memorandum"}, "kind": "memorandum", "status": "signed", "signed_on": "2025-07-11",
                "parties": [{"organisation_id": w.org_a.0}, {"organisation_id": w.org_b.0}]
            }))
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let r = c.send("POST", &format!("/agreements/{open}/documents?file_name=x.pdf"), Some(pdf), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // The same bytes attached twice are kept once; removing one copy keeps the file.
        let r = admin.send("POST", &format!("/agreements/{open}/documents?file_name=copy.pdf"), Some(pdf), &[]).await;
        assert_eq!((r.status, r.body["sha256"].as_str()), (StatusCode::CREATED, Some(sha.as_str())));
        let copy = r.body["id"].as_i64().unwrap();
        assert_eq!(a.send("DELETE", &format!("{path}/{doc}"), None, &[]).await.status, StatusCode::NO_CONTENT);
        assert_eq!(admin.get(&format!("/agreements/{open}/documents/{copy}")).await.body, json!(pdf));
        assert_eq!(admin.send("DELETE", &format!("/agreements/{open}/documents/{copy}"), None, &[]).await.status, StatusCode::NO_CONTENT);
        assert_eq!(files_in(&dir.join(&sha[..2])), 0, "the last copy's file is gone");
        assert_eq!(a.send("DELETE", &format!("{path}/{doc}"), None, &[]).await.status, StatusCode::NOT_FOUND);
        let audit = admin.get("/audit?entity=document").await;
        assert_eq!(audit.body.as_array().unwrap().len(), 4, "{:?}", audit.body);
        let _ = std::fs::remove_dir_all(&dir);
        w.db
    })
    .await;
}
