//! Drives the whole router in-process against a real database (SQLite, and PostgreSQL when
//! `MEDBRIDGE_TEST_POSTGRES_URL` is set), the way a client would.

#![allow(dead_code)] // each test binary uses a different part

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_server::{AppState, app, auth};
use medbridge_store::testing::TestDb;
use medbridge_store::{Actor, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

pub struct Client {
    pub state: AppState,
    pub bearer: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The field names of a problem's `errors`.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["field"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Client {
    pub fn new(store: Store) -> Client {
        let mut state = AppState::new(store);
        // Each test keeps its uploads apart, and small, so the limit is cheap to reach.
        state.files = medbridge_server::files::FileStore::new(
            std::env::temp_dir().join(format!("medbridge-files-{}", auth::new_secret())),
            64 * 1024,
        );
        Client {
            state,
            bearer: None,
        }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    pub fn as_token(&self, token: &str) -> Client {
        Client {
            state: self.state.clone(),
            bearer: Some(token.to_string()),
        }
    }

    pub fn anonymous(&self) -> Client {
        Client {
            state: self.state.clone(),
            bearer: None,
        }
    }

    pub async fn send(
        &self,
        method: &str,
        uri: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("/api/v1{uri}"));
        if let Some(t) = &self.bearer {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(
                body.map(|b| Body::from(b.to_string()))
                    .unwrap_or_else(Body::empty),
            )
            .unwrap();
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send("GET", uri, None, &[]).await
    }
    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.send("POST", uri, Some(&body.to_string()), &[]).await
    }
    pub async fn put(&self, uri: &str, version: i64, body: Value) -> Reply {
        self.send(
            "PUT",
            uri,
            Some(&body.to_string()),
            &[("If-Match", &format!("\"{version}\""))],
        )
        .await
    }
}

/// A world with two organisations, an admin, and an editor of each; tokens for all three.
pub struct World {
    pub db: TestDb,
    pub api: Client,
    pub org_a: OrgId,
    pub org_b: OrgId,
    pub admin: String,
    pub editor_a: String,
    pub editor_b: String,
}

pub async fn person(
    store: &Store,
    name: &str,
    email: &str,
    org: Option<OrgId>,
    role: &str,
    password: &str,
) -> (PersonId, String) {
    let p: PersonData = serde_json::from_value(
        json!({"name": name, "email": email, "organisation_id": org, "role": role}),
    )
    .unwrap();
    let rec = store.create(&Actor::system("test"), p).await.unwrap();
    store
        .set_password_hash(rec.id, &auth::hash_password(password))
        .await
        .unwrap();
    let token = auth::new_secret();
    store
        .create_api_token(&auth::digest(&token), rec.id, "test")
        .await
        .unwrap();
    (rec.id, token)
}

pub async fn world(db: TestDb) -> World {
    let store = db.store.clone();
    let org = |en: &str, country: &str| -> OrganisationData {
        serde_json::from_value(
            json!({"name": {"en": en}, "kind": "manufacturer", "country": country}),
        )
        .unwrap()
    };
    let a = store
        .create(&Actor::system("test"), org("Alpha Medical", "CN"))
        .await
        .unwrap()
        .id;
    let b = store
        .create(&Actor::system("test"), org("Beta Hospital", "KG"))
        .await
        .unwrap()
        .id;
    let (_, admin) = person(
        &store,
        "Admin",
        "admin@brmdia.org",
        None,
        "admin",
        "admin-pass-1",
    )
    .await;
    let (_, editor_a) = person(
        &store,
        "Editor A",
        "a@alpha.cn",
        Some(a),
        "editor",
        "alpha-pass-1",
    )
    .await;
    let (_, editor_b) = person(
        &store,
        "Editor B",
        "b@beta.kg",
        Some(b),
        "editor",
        "beta-pass-1",
    )
    .await;
    World {
        api: Client::new(store),
        db,
        org_a: a,
        org_b: b,
        admin,
        editor_a,
        editor_b,
    }
}

/// Runs `story` once per configured backend.
pub async fn each_backend<F, Fut>(story: F)
where
    F: Fn(World) -> Fut,
    Fut: std::future::Future<Output = TestDb>,
{
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.store.backend_name());
        let w = world(db).await;
        story(w).await.finish().await;
    }
}
