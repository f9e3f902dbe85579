//! The web pages as a browser without JavaScript sees them: languages, sign-in with its CSRF
//! token and rate limit, list filters, and posting a need through the form with field errors,
//! permissions and version conflicts. In-process, on a real SQLite database.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use http_body_util::BodyExt;
use medbridge_core::model::*;
use medbridge_server::app;
use medbridge_store::Actor;
use medbridge_store::testing::TestDb;
use serde_json::json;
use std::collections::BTreeMap;
use tower::ServiceExt;

/// A browser: keeps cookies, sends forms.
struct Browser {
    state: medbridge_server::AppState,
    cookies: BTreeMap<String, String>,
}

struct Page {
    status: StatusCode,
    location: String,
    html: String,
}

impl Browser {
    fn new(w: &World) -> Browser {
        Browser {
            state: w.api.state.clone(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(
        &mut self,
        method: &str,
        uri: &str,
        form: Option<&[(&str, &str)]>,
        extra: &[(&str, &str)],
    ) -> Page {
        let mut req = Request::builder().method(method).uri(uri);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header(header::COOKIE, jar.join("; "));
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let body = match form {
            Some(fields) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(serde_urlencoded::to_string(fields).unwrap())
            }
            None => Body::empty(),
        };
        let res = app(self.state.clone())
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        for c in res.headers().get_all(header::SET_COOKIE) {
            let (kv, attrs) = c
                .to_str()
                .unwrap()
                .split_once(';')
                .unwrap_or((c.to_str().unwrap(), ""));
            let (k, v) = kv.split_once('=').unwrap();
            if v.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let html = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec())
            .unwrap();
        Page {
            status,
            location,
            html,
        }
    }

    async fn get(&mut self, uri: &str) -> Page {
        self.send("GET", uri, None, &[]).await
    }

    async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> Page {
        self.send("POST", uri, Some(form), &[]).await
    }

    /// The value of hidden input `name` on a page.
    fn hidden(page: &Page, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = page
            .html
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} in page"))
            + marker.len();
        page.html[start..].split('"').next().unwrap().to_string()
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        let form = self.get("/sign-in").await;
        let csrf = Browser::hidden(&form, "csrf");
        self.post(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", email),
                ("password", password),
                ("next", "/opportunities"),
            ],
        )
        .await
    }
}

async fn world_sqlite() -> World {
    world(TestDb::sqlite().await).await
}

fn need_form<'a>(csrf: &'a str, title: &'a str, countries: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("version", ""),
        ("direction", "need"),
        ("cooperation_type", "equipment_supply"),
        ("text_lang", "ru"),
        ("title", title),
        ("description", "Для областной больницы"),
        ("countries", countries),
        ("device_codes", "FDA:JAK"),
        ("quantity", "2"),
        ("budget_amount", "250000"),
        ("budget_currency", "usd"),
        ("deadline", "2030-06-30"),
        ("status", "open"),
    ]
}

#[tokio::test]
async fn pages_follow_the_readers_language() {
    let w = world_sqlite().await;
    let mut b = Browser::new(&w);
    let p = b
        .send(
            "GET",
            "/organisations",
            None,
            &[("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.8")],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("<html lang=\"ru\">"), "{}", &p.html[..200]);
    assert!(
        p.html.contains("Каталог организаций")
            && p.html.contains("2 организации")
            && p.html.contains("Alpha Medical")
    );
    assert!(
        !p.html.contains("demo-banner"),
        "no demo banner unless the store says so"
    );

    // ?lang= wins over Accept-Language and is remembered in a cookie.
    let p = b
        .send(
            "GET",
            "/organisations?lang=zh",
            None,
            &[("Accept-Language", "ru")],
        )
        .await;
    assert!(
        p.html.contains("<html lang=\"zh\">")
            && p.html.contains("机构名录")
            && p.html.contains("2 家机构")
    );
    assert_eq!(b.cookies.get("lang").map(String::as_str), Some("zh"));
    let p = b.get("/products").await;
    assert!(
        p.html.contains("<html lang=\"zh\">") && p.html.contains("没有找到结果"),
        "empty state in Chinese"
    );
    // The language switch links to this page in each language.
    assert!(p.html.contains("href=\"/products?lang=fr\"") && p.html.contains(">Русский<"));

    w.api.store().set_setting("demo", "true").await.unwrap();
    let p = b.get("/organisations?lang=fr").await;
    assert!(p.html.contains("demo-banner") && p.html.contains("Données de démonstration"));

    let p = b.get("/no/such/page").await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert!(p.html.contains("Cette page n’existe pas"));
    assert_eq!(b.get("/static/style.css").await.status, StatusCode::OK);
    w.db.finish().await;
}

#[tokio::test]
async fn directory_filters_and_profiles() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let product: ProductData = serde_json::from_value(json!({
        "supplier_id": w.org_a.0, "name": {"en": "uCT 550", "zh": "uCT 550 CT"}, "device_codes": ["FDA:JAK"],
        "registrations": [{"authority": "eaeu", "number": "EAEU-1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"},
                          {"authority": "nmpa", "number": "NMPA-OLD", "valid_until": "2020-01-01"}],
        "price": {"min": 300000, "max": 450000, "currency": "USD"}, "lead_time_days": 21, "service_countries": ["KG"]
    }))
    .unwrap();
    let pid = store
        .create(&Actor::system("test"), product)
        .await
        .unwrap()
        .id;
    let mut b = Browser::new(&w);

    let p = b.get("/organisations?country=KG&lang=en").await;
    assert!(
        p.html.contains("Beta Hospital")
            && !p.html.contains("Alpha Medical")
            && p.html.contains("1 organisation<")
    );
    let p = b.get("/organisations?q=nothing-like-this").await;
    assert!(p.html.contains("Nothing matches these filters") && p.html.contains("Clear filters"));
    // A bad filter value is shown beside its input, in the reader's language.
    let p = b.get("/organisations?country=XX&lang=ru").await;
    assert!(
        p.html.contains("id=\"e-country\"") && p.html.contains("Это не код страны"),
        "{}",
        p.html
    );
    assert!(p.html.contains("aria-describedby=\"h-country e-country\""));

    // Alliance members: the filter offers associations and narrows to their active members.
    let alliance: OrganisationData = serde_json::from_value(json!({
        "name": {"en": "Belt and Road Medical Device Alliance", "zh": "一带一路医疗器械联盟"},
        "kind": "association", "country": "CN"
    }))
    .unwrap();
    let alliance = store
        .create(&Actor::system("test"), alliance)
        .await
        .unwrap()
        .id;
    let mut beta = store
        .get::<OrganisationData>(w.org_b, medbridge_store::Scope::All)
        .await
        .unwrap();
    beta.data.memberships.push(Membership {
        alliance_id: alliance,
        since: None,
        status: MembershipStatus::Active,
    });
    store
        .update(&Actor::system("test"), w.org_b, beta.version, beta.data)
        .await
        .unwrap();
    let p = b
        .get(&format!("/organisations?alliance={alliance}&lang=zh"))
        .await;
    assert!(
        p.html.contains(&format!(
            "<option value=\"{alliance}\" selected>一带一路医疗器械联盟</option>"
        )),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("Beta Hospital")
            && !p.html.contains("Alpha Medical")
            && p.html.contains("1 家机构")
    );
    let p = b
        .get(&format!("/organisations/{}?lang=fr", w.org_b.0))
        .await;
    assert!(
        p.html
            .contains("Belt and Road Medical Device Alliance</a> — membre actif"),
        "{}",
        p.html
    );

    let p = b
        .get(&format!("/organisations/{}?lang=ru", w.org_a.0))
        .await;
    assert!(p.html.contains("Производитель") && p.html.contains(&format!("/products/{pid}")));
    let p = b.get("/products?device_code=FDA:JAK&lang=en").await;
    assert!(p.html.contains("uCT 550") && p.html.contains("Alpha Medical"));
    let p = b.get(&format!("/products/{pid}?lang=ru")).await;
    assert!(
        p.html.contains("<code>FDA:JAK</code>")
            && p.html.contains("300000 – 450000 USD")
            && p.html.contains("21 день")
    );
    assert!(
        p.html.contains("Евразийский экономический союз")
            && p.html.contains("✓ действует")
            && p.html.contains("✗ не действует")
    );
    assert_eq!(b.get("/products/99999").await.status, StatusCode::NOT_FOUND);
    w.db.finish().await;
}

#[tokio::test]
async fn events_are_listed_with_their_programme() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let event = |v: serde_json::Value| -> EventData { serde_json::from_value(v).unwrap() };
    let forum = event(
        json!({"name": {"en": "Medical Device Cooperation Forum", "ru": "Форум сотрудничества в области медицинских изделий"}, "kind": "forum",
        "starts_on": "2026-10-19", "ends_on": "2026-10-21", "country": "KG", "city": "Bishkek", "organisers": [{"organisation_id": w.org_b.0, "role": "host"}]}),
    );
    let forum = store
        .create(&Actor::system("test"), forum)
        .await
        .unwrap()
        .id;
    let session = event(
        json!({"name": {"en": "Imaging matchmaking"}, "kind": "matchmaking_session", "parent_id": forum.0,
        "starts_on": "2026-10-20", "ends_on": "2026-10-20", "country": "KG"}),
    );
    store.create(&Actor::system("test"), session).await.unwrap();
    let mut b = Browser::new(&w);
    let p = b.get("/events?kind=forum&lang=ru").await;
    assert!(
        p.html.contains("Форум сотрудничества")
            && p.html.contains("1 мероприятие")
            && !p.html.contains("Imaging matchmaking")
    );
    let p = b.get(&format!("/events/{forum}?lang=fr")).await;
    assert!(
        p.html.contains("Beta Hospital</a> — Hôte")
            && p.html.contains("Imaging matchmaking")
            && p.html.contains("Rencontres d’affaires")
    );
    assert!(p.html.contains("2026-10-19") && p.html.contains("Bishkek"));
    w.db.finish().await;
}

#[tokio::test]
async fn sign_in_checks_its_token_and_explains_the_rate_limit() {
    let w = world_sqlite().await;
    let mut b = Browser::new(&w);
    // Without the double-submit cookie the form is refused.
    let p = b
        .post(
            "/sign-in?lang=en",
            &[
                ("csrf", "forged"),
                ("email", "a@alpha.cn"),
                ("password", "alpha-pass-1"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains("This form has expired"));
    assert!(!b.cookies.contains_key("medbridge_session"));

    for _ in 0..5 {
        let p = b.sign_in("a@alpha.cn", "wrong").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        assert!(
            p.html.contains("Wrong e-mail address or password")
                && p.html.contains("value=\"a@alpha.cn\"")
        );
    }
    b.cookies.insert("lang".into(), "ru".into());
    let p = b.sign_in("a@alpha.cn", "alpha-pass-1").await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        p.html.contains("Попробуйте снова через 15 минут"),
        "{}",
        p.html
    );

    let p = b.sign_in("b@beta.kg", "beta-pass-1").await;
    assert_eq!(
        (p.status, p.location.as_str()),
        (StatusCode::SEE_OTHER, "/opportunities")
    );
    let page = b.get("/opportunities").await;
    assert!(page.html.contains("Вы вошли как Editor B"));
    // Signing out needs the session's token.
    assert_eq!(
        b.post("/sign-out", &[("csrf", "wrong")]).await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = Browser::hidden(&page, "csrf");
    assert_eq!(
        b.post("/sign-out", &[("csrf", &csrf)]).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(!b.cookies.contains_key("medbridge_session"));
    assert!(b.get("/opportunities").await.html.contains("Войти"));
    w.db.finish().await;
}

#[tokio::test]
async fn a_need_is_posted_through_the_form_and_edited_with_its_version() {
    let w = world_sqlite().await;
    let mut anon = Browser::new(&w);
    assert!(
        !anon
            .get("/opportunities")
            .await
            .html
            .contains("/opportunities/new"),
        "no button for visitors"
    );
    let p = anon.get("/opportunities/new").await;
    assert_eq!(
        (p.status, p.location.as_str()),
        (
            StatusCode::SEE_OTHER,
            "/sign-in?next=%2Fopportunities%2Fnew"
        )
    );

    let mut a = Browser::new(&w);
    a.cookies.insert("lang".into(), "ru".into());
    a.sign_in("a@alpha.cn", "alpha-pass-1").await;
    assert!(
        a.get("/opportunities")
            .await
            .html
            .contains("href=\"/opportunities/new\"")
    );
    let form = a.get("/opportunities/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("<label for=\"f-title\">Название"));
    let csrf = Browser::hidden(&form, "csrf");

    // Without the session's token nothing is written.
    assert_eq!(
        a.post("/opportunities", &need_form("forged", "КТ", "KG"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Errors come back beside their inputs, in Russian, with what was typed.
    let p = a
        .post("/opportunities", &need_form(&csrf, "", "KG XX"))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Найдено 2 ошибки"), "{}", p.html);
    assert!(
        p.html
            .contains("<p class=\"error\" id=\"e-countries\">Это не код страны")
    );
    assert!(
        p.html
            .contains("aria-describedby=\"h-countries e-countries\" aria-invalid=\"true\"")
    );
    assert!(
        p.html
            .contains("<p class=\"error\" id=\"e-title\">Обязательное поле.")
    );
    assert!(p.html.contains("value=\"KG XX\"") && p.html.contains("Для областной больницы"));

    let p = a
        .post(
            "/opportunities",
            &need_form(&csrf, "Компьютерный томограф", "KG, KZ"),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let shown = a.get(&p.location).await;
    assert!(
        shown.html.contains("Сохранено.")
            && shown.html.contains("Компьютерный томограф")
            && shown.html.contains("250000 USD")
    );
    let id: i64 = p
        .location
        .trim_start_matches("/opportunities/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let rec = w
        .api
        .store()
        .get::<OpportunityData>(
            medbridge_core::OpportunityId(id),
            medbridge_store::Scope::All,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            rec.data.organisation_id,
            rec.data.countries.len(),
            rec.data.title.get("ru")
        ),
        (w.org_a, 2, Some("Компьютерный томограф"))
    );
    assert!(shown.html.contains(&format!("/opportunities/{id}/edit")));

    // A need whose deadline has passed says so where its matches would be, rather than
    // showing an empty list as if nothing answered it.
    let mut late = need_form(&csrf, "Компьютерный томограф", "UZ");
    late[12] = ("deadline", "2020-01-31");
    let p = a.post("/opportunities", &late).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let shown = a.get(&p.location).await;
    assert!(
        shown.html.contains(
            "<p class=\"none problem\">Срок 2020-01-31 истёк, поэтому подбор для этой \
             потребности больше не ведётся."
        ),
        "{}",
        shown.html
    );

    // Another organisation's editor sees no edit button and may not edit.
    let mut b = Browser::new(&w);
    b.sign_in("b@beta.kg", "beta-pass-1").await;
    assert!(
        !b.get(&format!("/opportunities/{id}"))
            .await
            .html
            .contains("/edit\"")
    );
    assert_eq!(
        b.get(&format!("/opportunities/{id}/edit")).await.status,
        StatusCode::FORBIDDEN
    );

    // Editing in English keeps the Russian version; a stale version is a conflict.
    let edit = a.get(&format!("/opportunities/{id}/edit")).await;
    assert_eq!(Browser::hidden(&edit, "version"), "1");
    let mut fields = need_form(&csrf, "CT scanner", "KG");
    fields[1] = ("version", "1");
    fields[4] = ("text_lang", "en");
    assert_eq!(
        a.post(&format!("/opportunities/{id}"), &fields)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let rec = w
        .api
        .store()
        .get::<OpportunityData>(
            medbridge_core::OpportunityId(id),
            medbridge_store::Scope::All,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            rec.version,
            rec.data.title.get("en"),
            rec.data.title.get("ru")
        ),
        (2, Some("CT scanner"), Some("Компьютерный томограф"))
    );
    let p = a.post(&format!("/opportunities/{id}"), &fields).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("кто-то другой изменил") && p.html.contains("value=\"CT scanner\""));

    // Listed for a Russian reader under its Russian title; filtered out by another country.
    let p = a.get("/opportunities?direction=need&country=KG").await;
    assert!(
        p.html.contains("Компьютерный томограф") && p.html.contains("1 запрос или предложение")
    );
    assert!(
        a.get("/opportunities?country=KZ")
            .await
            .html
            .contains("Ничего не найдено")
    );
    w.db.finish().await;
}

#[tokio::test]
async fn agreements_export_as_csv_with_the_lists_filters() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let actor = medbridge_store::Actor::system("test");
    for (title, kind, confidential) in [
        ("Supply of CT scanners, Osh", "supply", false),
        ("Joint training of students", "joint_training", false),
        ("Secret pricing", "supply", true),
    ] {
        let a: medbridge_core::model::AgreementData = serde_json::from_value(serde_json::json!({
            "title": {"en": title}, "kind": kind, "status": "signed", "signed_on": "2025-07-11",
            "parties": [{"organisation_id": w.org_a.0}, {"organisation_id": w.org_b.0}],
            "confidential": confidential,
            "milestones": [{"title": {"en": "Delivery"}, "due_on": "2025-09-01", "completed_on": "2025-08-30"}]
        }))
        .unwrap();
        store.create(&actor, a).await.unwrap();
    }
    let mut b = Browser::new(&w);
    let page = b.get("/agreements.csv?kind=supply").await;
    assert_eq!(page.status, StatusCode::OK);
    let mut rows = csv::Reader::from_reader(page.html.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..4], ["id", "title", "kind", "status"]);
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(
        records.len(),
        1,
        "the filter applies and the confidential one is hidden"
    );
    assert_eq!(&records[0][1], "Supply of CT scanners, Osh");
    assert_eq!(&records[0][7], "Alpha Medical; Beta Hospital");
    assert_eq!(&records[0][8], "CN;KG");
    assert_eq!((&records[0][13], &records[0][14]), ("1", "1"));
    // The secretariat's export includes the confidential agreement.
    b.sign_in("admin@brmdia.org", "admin-pass-1").await;
    let page = b.get("/agreements.csv").await;
    assert_eq!(
        csv::Reader::from_reader(page.html.as_bytes())
            .records()
            .count(),
        3
    );
    w.db.finish().await;
}

#[tokio::test]
async fn search_with_facets_then_save_it_and_follow_the_alerts() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let system = Actor::system("test");
    let product = |name: serde_json::Value, code: &str, authority: &str| -> ProductData {
        serde_json::from_value(json!({
            "supplier_id": w.org_a.0, "name": name, "device_codes": [code],
            "registrations": [{"authority": authority, "number": "R-1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"}]
        }))
        .unwrap()
    };
    store
        .create(
            &system,
            product(json!({"zh": "便携式彩超 U50"}), "FDA:IYO", "eaeu"),
        )
        .await
        .unwrap();
    store
        .create(
            &system,
            product(json!({"zh": "台式彩超 U80"}), "FDA:IYO", "nmpa"),
        )
        .await
        .unwrap();
    let mut b = Browser::new(&w);

    // Anyone can search; Russian words find the Chinese catalogue, with reasons.
    let p = b
        .get("/search?lang=ru&q=%D0%A3%D0%97%D0%98+%D0%B0%D0%BF%D0%BF%D0%B0%D1%80%D0%B0%D1%82")
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains("便携式彩超 U50") && p.html.contains("台式彩超 U80"),
        "{}",
        p.html
    );
    assert!(p.html.contains("2 результата"), "count in Russian plural");
    assert!(
        p.html
            .contains("<p class=\"reading\">понято как: аппарат УЗИ (по названию)</p>"),
        "how the search was read: {}",
        p.html
    );
    assert!(p.html.contains("Страна поставщика") && p.html.contains("Регистрация"));
    assert!(
        p.html.contains("войдите, чтобы сохранить поиск"),
        "saving needs an account"
    );
    // The registration facet narrows to one, and still counts the other value.
    let p = b
        .get("/search?lang=ru&q=%D0%A3%D0%97%D0%98&market=eaeu")
        .await;
    assert!(
        p.html.contains("便携式彩超 U50") && !p.html.contains("台式彩超 U80"),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("market=nmpa"),
        "the other market stays offered"
    );
    // With a buyer country, only what is registered there.
    let p = b.get("/search?lang=en&q=ultrasound&country=KG").await;
    assert!(
        p.html.contains("便携式彩超 U50") && !p.html.contains("台式彩超 U80"),
        "{}",
        p.html
    );
    // A bad country is named at its input.
    let p = b.get("/search?lang=en&q=ultrasound&country=XX").await;
    assert!(p.html.contains("id=\"e-country\""), "{}", p.html);
    // No text: a helpful start, not an error.
    let p = b.get("/search?lang=en").await;
    assert!(p.html.contains("Search across languages"));

    // Editor B saves the search; a matching product published later is an alert.
    b.sign_in("b@beta.kg", "beta-pass-1").await;
    let p = b.get("/search?lang=en&q=ultrasound&country=KG").await;
    let csrf = Browser::hidden(&p, "csrf");
    let p = b
        .post(
            "/saved-searches",
            &[
                ("csrf", &csrf),
                ("name", "Ultrasound for KG"),
                ("q", "ultrasound"),
                ("country", "KG"),
            ],
        )
        .await;
    assert_eq!(
        (p.status, p.location.as_str()),
        (StatusCode::SEE_OTHER, "/alerts?saved=true")
    );
    let p = b.get("/alerts?saved=true").await;
    assert!(p.html.contains("Search saved.") && p.html.contains("Ultrasound for KG"));
    assert!(
        p.html.contains("No alerts here"),
        "what it found at first is not an alert"
    );
    let a = w.api.as_token(&w.editor_a);
    let r = a
        .post(
            "/products",
            json!({"supplier_id": w.org_a.0, "name": {"en": "Portable ultrasound scanner U60"}, "device_codes": ["FDA:IYO"],
                   "registrations": [{"authority": "eaeu", "number": "R-2", "valid_from": "2023-01-01", "valid_until": "2099-01-01"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let p = b.get("/alerts").await;
    assert!(
        p.html.contains("Alerts (1 new)"),
        "the count is in the navigation"
    );
    assert!(
        p.html.contains("Portable ultrasound scanner U60"),
        "{}",
        p.html
    );
    // Marked contacted, it leaves the new alerts and shows under Contacted.
    let start = p.html.find("action=\"/suggestions/").unwrap() + "action=\"/suggestions/".len();
    let id: String = p.html[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let p = b
        .post(
            &format!("/suggestions/{id}/status"),
            &[
                ("csrf", &csrf),
                ("status", "contacted"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(p.location, "/alerts", "never redirected off the site");
    let p = b.get("/alerts").await;
    assert!(p.html.contains("No alerts here") && !p.html.contains("Alerts (1 new)"));
    let p = b.get("/alerts?status=contacted").await;
    assert!(p.html.contains("Portable ultrasound scanner U60"));
    // Without the CSRF token nothing changes.
    let p = b
        .post(
            &format!("/suggestions/{id}/status"),
            &[("csrf", "wrong"), ("status", "dismissed")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // Signed out, the alerts page asks to sign in.
    let mut anonymous = Browser::new(&w);
    let p = anonymous.get("/alerts").await;
    assert!(p.location.starts_with("/sign-in"), "{}", p.location);
    w.db.finish().await;
}

#[tokio::test]
async fn a_document_is_uploaded_from_the_agreement_page_or_refused_whole() {
    let w = world_sqlite().await;
    let agreement: AgreementData = serde_json::from_value(json!({
        "title": {"en": "Joint training of students"}, "kind": "joint_training",
        "parties": [{"organisation_id": w.org_a.0}, {"organisation_id": w.org_b.0}]
    }))
    .unwrap();
    let id = w
        .api
        .store()
        .create(&Actor::system("t"), agreement)
        .await
        .unwrap()
        .id
        .0;
    let mut b = Browser::new(&w);
    b.sign_in("a@alpha.cn", "alpha-pass-1").await;
    let page = b.get(&format!("/agreements/{id}?lang=en")).await;
    assert!(
        page.html.contains("No documents attached yet.")
            && page.html.contains("enctype=\"multipart/form-data\"")
    );
    let csrf = Browser::hidden(&page, "csrf");
    let multipart = |csrf: &str, name: &str, bytes: &str| {
        format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{bytes}\r\n--XyZ--\r\n"
        )
    };
    let signed_in = b.cookies.clone();
    let upload = |body: String| {
        let state = w.api.state.clone();
        let cookies = signed_in.clone();
        async move {
            let jar: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let req = Request::builder()
                .method("POST")
                .uri(format!("/agreements/{id}/documents"))
                .header(header::COOKIE, jar.join("; "))
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
                .body(Body::from(body))
                .unwrap();
            let res = app(state).oneshot(req).await.unwrap();
            (
                res.status(),
                res.headers()
                    .get(header::LOCATION)
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default(),
            )
        }
    };
    let (status, location) = upload(multipart(&csrf, "Протокол.txt", "Протокол встречи")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!("/agreements/{id}?uploaded=true#documents")
    );
    let page = b.get(&format!("/agreements/{id}?uploaded=true")).await;
    assert!(
        page.html.contains("Document attached.") && page.html.contains("Протокол.txt"),
        "{}",
        page.html
    );
    // Downloaded back through the page's link.
    let file = b.get(&format!("/agreements/{id}/documents/1")).await;
    assert_eq!(file.html, "Протокол встречи");
    // An executable named .pdf comes back to the form with the reason; nothing is kept.
    let (_, location) = upload(multipart(&csrf, "contract.pdf", "MZ binary")).await;
    assert!(
        location.contains("upload_error=unsupported_file_type"),
        "{location}"
    );
    let page = b.get(&location).await;
    assert!(page.html.contains("not an accepted kind of document"));
    assert_eq!(
        page.html.matches("/documents/").count(),
        2,
        "still one document (link and delete form)"
    );
    // Without the form's token, nothing is read.
    let (status, _) = upload(multipart("forged", "x.txt", "x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The draft is the parties' only: a visitor does not see it, nor its documents.
    let mut outsider = Browser::new(&w);
    let page = outsider.get(&format!("/agreements/{id}")).await;
    assert_eq!(
        page.status,
        StatusCode::NOT_FOUND,
        "a draft is the parties' only"
    );
    let file = outsider.get(&format!("/agreements/{id}/documents/1")).await;
    assert_eq!(file.status, StatusCode::NOT_FOUND);
    w.db.finish().await;
}

#[tokio::test]
async fn the_secretariat_adds_agenda_items_shown_in_local_time_and_utc() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let (speaker, _) = person(
        &store,
        "Aibek Sadyrov",
        "aibek@beta.kg",
        Some(w.org_b),
        "member",
        "aibek-pass-1",
    )
    .await;
    let conf: EventData = serde_json::from_value(json!({
        "name": {"en": "ISPC 2023"}, "kind": "conference", "starts_on": "2023-10-19",
        "ends_on": "2023-10-20", "country": "KG", "utc_offset_minutes": 360
    }))
    .unwrap();
    let conf = store.create(&Actor::system("test"), conf).await.unwrap().id;
    let reg: RegistrationData = serde_json::from_value(json!({
        "event_id": conf.0, "organisation_id": w.org_b.0, "status": "approved",
        "delegates": [{"person_id": speaker.0, "role": "speaker"}]
    }))
    .unwrap();
    store.create(&Actor::system("test"), reg).await.unwrap();
    let page = format!("/events/{conf}");

    // Visitors see an empty programme and no form.
    let mut b = Browser::new(&w);
    let p = b.get(&format!("{page}?lang=en")).await;
    assert!(p.html.contains("No agenda items yet.") && !p.html.contains("add-agenda-item"));
    assert_eq!(
        b.get(&format!("{page}/agenda/new")).await.status,
        StatusCode::SEE_OTHER
    );

    // An editor may not edit the programme.
    b.sign_in("b@beta.kg", "beta-pass-1").await;
    assert_eq!(
        b.get(&format!("{page}/agenda/new")).await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = Browser::hidden(&b.get("/organisations").await, "csrf");
    b.post("/sign-out", &[("csrf", &csrf)]).await;

    b.sign_in("admin@brmdia.org", "admin-pass-1").await;
    let form = b.get(&format!("{page}/agenda/new?lang=en")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.html.contains("Aibek Sadyrov") && form.html.contains("UTC+06:00"),
        "speakers to choose from"
    );
    let csrf = Browser::hidden(&form, "csrf");
    let version = Browser::hidden(&form, "version");
    let speaker_id = speaker.0.to_string();
    let item = |starts: &'static str, ends: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.clone()),
            ("starts_at", starts.to_string()),
            ("ends_at", ends.to_string()),
            ("room", "Hall A".to_string()),
            ("title_lang", "ru".to_string()),
            ("title", "Визуализация в Центральной Азии".to_string()),
            ("speakers", speaker_id.clone()),
            ("language", "ru".to_string()),
            ("interpretation", "en zh".to_string()),
        ]
    };
    let send = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };

    // Ending before it starts, and a day after the event: each error at its input, the
    // form keeps what was typed.
    let bad = send(&item("2023-10-19T11:00", "2023-10-19T10:00"));
    let fields: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("{page}/agenda"), &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html.contains("id=\"e-ends_at\"") && !p.html.contains("id=\"e-starts_at\""),
        "{}",
        p.html
    );
    assert!(p.html.contains("value=\"2023-10-19T11:00\"") && p.html.contains("Визуализация"));
    let late = send(&item("2023-10-21T10:00", "2023-10-21T11:00"));
    let fields: Vec<(&str, &str)> = late.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("{page}/agenda"), &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("id=\"e-starts_at\"") && p.html.contains("id=\"e-ends_at\""));
    let mut typo = send(&item("2023-10-19T10:00", "2023-10-19T11:00"));
    typo[9].1 = "english".into();
    let fields: Vec<(&str, &str)> = typo.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("{page}/agenda?lang=en"), &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("id=\"e-interpretation\""), "{}", p.html);

    let good = send(&item("2023-10-19T10:00", "2023-10-19T11:00"));
    let fields: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("{page}/agenda"), &fields).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let stored = store
        .get::<EventData>(conf, medbridge_store::Scope::All)
        .await
        .unwrap();
    let a = &stored.data.agenda[0];
    assert_eq!(
        a.starts_at.to_rfc3339(),
        "2023-10-19T04:00:00+00:00",
        "10:00 in Bishkek is 04:00 UTC"
    );
    assert_eq!(a.speakers, [speaker]);
    assert_eq!(
        a.interpretation
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>(),
        ["en", "zh"]
    );

    // Shown in the reader's language (the Russian title), local time with UTC beside it.
    let p = b.get(&format!("{page}?lang=fr")).await;
    assert!(p.html.contains("Programme") && p.html.contains("Визуализация в Центральной Азии"));
    assert!(
        p.html.contains("2023-10-19 10:00–11:00") && p.html.contains("(04:00–05:00Z)"),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("Aibek Sadyrov")
            && p.html.contains("Русский")
            && p.html.contains("interprétation : English, 中文")
    );
    assert!(p.html.contains("datetime=\"2023-10-19T04:00:00Z\""));

    // Edited in place: the form comes filled (the title in its own language when the
    // reader's has none), a bad time is named at its input, and a saved edit keeps the
    // title's other language and the speakers.
    let current = stored.version.to_string();
    let edit = format!("{page}/agenda/0/edit?version={current}&lang=en");
    let form = b.get(&edit).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    assert!(
        form.html.contains("value=\"2023-10-19T10:00\"")
            && form.html.contains("Визуализация в Центральной Азии")
            && form
                .html
                .contains(&format!("action=\"/events/{conf}/agenda/0\""))
            && form.html.contains("Save the item")
            && form
                .html
                .contains(&format!("value=\"{speaker_id}\" checked")),
        "{}",
        form.html
    );
    let stale_link = format!("{page}/agenda/0/edit?version={version}");
    assert_eq!(b.get(&stale_link).await.status, StatusCode::CONFLICT);
    let csrf = Browser::hidden(&form, "csrf");
    let changed = |starts: &str, ends: &str, version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.to_string()),
            ("starts_at", starts.to_string()),
            ("ends_at", ends.to_string()),
            ("room", "Hall B".to_string()),
            ("title_lang", "en".to_string()),
            ("title", "Imaging in Central Asia".to_string()),
            ("speakers", speaker_id.clone()),
            ("language", "ru".to_string()),
            ("interpretation", "en".to_string()),
        ]
    };
    let bad = changed("2023-10-19T13:00", "2023-10-19T12:00", &current);
    let fields: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("{page}/agenda/0?lang=en"), &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("id=\"e-ends_at\"") && p.html.contains("Save the item"));
    let good = changed("2023-10-19T12:00", "2023-10-19T13:00", &current);
    let fields: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("{page}/agenda/0"), &fields).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    // The same form again (its version is now stale) changes nothing.
    let p = b.post(&format!("{page}/agenda/0"), &fields).await;
    assert_eq!(p.status, StatusCode::PRECONDITION_FAILED);
    let p = b.post(&format!("{page}/agenda/7"), &fields).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let stored = store
        .get::<EventData>(conf, medbridge_store::Scope::All)
        .await
        .unwrap();
    assert_eq!(stored.data.agenda.len(), 1);
    let a = &stored.data.agenda[0];
    assert_eq!(a.starts_at.to_rfc3339(), "2023-10-19T06:00:00+00:00");
    assert_eq!(a.room.as_deref(), Some("Hall B"));
    assert_eq!(a.title.get("en"), Some("Imaging in Central Asia"));
    assert_eq!(a.title.get("ru"), Some("Визуализация в Центральной Азии"));
    assert_eq!(a.speakers, [speaker]);
    let p = b.get(&format!("{page}?lang=en")).await;
    assert!(p.html.contains("Imaging in Central Asia") && p.html.contains("12:00–13:00"));

    // A stale version is refused; the current one removes the item.
    let csrf = Browser::hidden(&p, "csrf");
    let p = b
        .post(
            &format!("{page}/agenda/0/delete"),
            &[("csrf", &csrf), ("version", &version)],
        )
        .await;
    assert_eq!(p.status, StatusCode::PRECONDITION_FAILED);
    let current = stored.version.to_string();
    let p = b
        .post(
            &format!("{page}/agenda/0/delete"),
            &[("csrf", &csrf), ("version", &current)],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let stored = store
        .get::<EventData>(conf, medbridge_store::Scope::All)
        .await
        .unwrap();
    assert!(stored.data.agenda.is_empty());
    w.db.finish().await;
}

#[tokio::test]
async fn badges_carry_a_qr_code_of_the_check_in_page_and_the_secretariat_checks_in() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let (li, _) = person(
        &store,
        "Li Na",
        "li.na@alpha.cn",
        Some(w.org_a),
        "member",
        "li-na-pass-1",
    )
    .await;
    let ev: EventData = serde_json::from_value(json!({
        "name": {"en": "ISPC 2023", "zh": "2023 国际学术会议"}, "kind": "conference",
        "starts_on": "2023-10-19", "ends_on": "2023-10-20", "country": "KG"
    }))
    .unwrap();
    let ev = store.create(&Actor::system("test"), ev).await.unwrap().id;
    let reg: RegistrationData = serde_json::from_value(json!({
        "event_id": ev.0, "organisation_id": w.org_a.0, "status": "approved",
        "delegates": [{"person_id": li.0, "role": "speaker", "languages": ["zh", "en"]}]
    }))
    .unwrap();
    let reg = store.create(&Actor::system("test"), reg).await.unwrap().id;
    let badges = format!("/registrations/{reg}/badges");
    let check_in = format!("/check-in/{reg}/{li}");

    // Another organisation may not print these badges, nor open the check-in page.
    let mut b = Browser::new(&w);
    b.sign_in("b@beta.kg", "beta-pass-1").await;
    assert_eq!(b.get(&badges).await.status, StatusCode::FORBIDDEN);
    assert_eq!(b.get(&check_in).await.status, StatusCode::FORBIDDEN);

    // The delegation's own organisation prints them: name, organisation, role, QR code.
    let mut own = Browser::new(&w);
    own.sign_in("a@alpha.cn", "alpha-pass-1").await;
    let p = own
        .send(
            "GET",
            &format!("{badges}?lang=zh"),
            None,
            &[("Host", "door.example.org:8080")],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains("Li Na")
            && p.html.contains("Alpha Medical")
            && p.html.contains("2023 国际学术会议")
    );
    assert!(
        p.html.contains("<svg") && p.html.contains("badge-qr"),
        "a QR code"
    );
    assert!(
        p.html
            .contains(&format!("http://door.example.org:8080{check_in}")),
        "{}",
        p.html
    );
    assert!(p.html.contains("ZH · EN"));
    // A forged Host header cannot inject markup into the printed URL.
    let p = own
        .send("GET", &badges, None, &[("Host", "x\"><script>")])
        .await;
    assert!(!p.html.contains("<script>") && p.html.contains("http://localhost/check-in/"));
    // Nor may it check its own people in.
    let csrf = Browser::hidden(&own.get("/organisations").await, "csrf");
    let p = own
        .post(
            &format!("/registrations/{reg}/check-in"),
            &[("csrf", &csrf), ("person", &li.0.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);

    // The steward scans the code: the page shows who it is and one button.
    let mut admin = Browser::new(&w);
    admin.sign_in("admin@brmdia.org", "admin-pass-1").await;
    let p = admin.get(&format!("{check_in}?lang=en")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains("Li Na")
            && p.html.contains("id=\"check-in\"")
            && !p.html.contains("id=\"checked-in\"")
    );
    let csrf = Browser::hidden(&p, "csrf");
    let person = li.0.to_string();
    let p = admin
        .post(
            &format!("/registrations/{reg}/check-in"),
            &[
                ("csrf", &csrf),
                ("person", &person),
                ("checked_in", "true"),
                ("back", "page"),
            ],
        )
        .await;
    assert_eq!(
        (p.status, p.location.as_str()),
        (StatusCode::SEE_OTHER, check_in.as_str())
    );
    let p = admin.get(&format!("{check_in}?lang=ru")).await;
    assert!(
        p.html.contains("id=\"checked-in\"") && p.html.contains("Прибытие отмечено."),
        "{}",
        p.html
    );
    let stored = store
        .get::<RegistrationData>(reg, medbridge_store::Scope::All)
        .await
        .unwrap();
    assert!(stored.data.delegates[0].checked_in);
    // The event page shows it; a person outside the delegation is refused by name.
    let p = admin.get(&format!("/events/{ev}?lang=en")).await;
    assert!(p.html.contains("checked in") && p.html.contains(&format!("href=\"{badges}\"")));
    let p = admin
        .post(
            &format!("/registrations/{reg}/check-in"),
            &[("csrf", &csrf), ("person", "999999")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    w.db.finish().await;
}

#[tokio::test]
async fn a_delegate_is_suggested_the_delegations_that_answer_their_needs() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let system = Actor::system("test");
    let (li, _) = person(
        &store,
        "Li Na",
        "li.na@alpha.cn",
        Some(w.org_a),
        "member",
        "li-na-pass-1",
    )
    .await;
    let (aibek, _) = person(
        &store,
        "Aibek Sadyrov",
        "aibek@beta.kg",
        Some(w.org_b),
        "member",
        "aibek-pass-1",
    )
    .await;
    let gamma: OrganisationData = serde_json::from_value(
        json!({"name": {"en": "Gamma Dental"}, "kind": "manufacturer", "country": "KZ"}),
    )
    .unwrap();
    let gamma = store.create(&system, gamma).await.unwrap().id;
    let (gulnara, _) = person(
        &store,
        "Gulnara Akhmetova",
        "g@gamma.kz",
        Some(gamma),
        "member",
        "gamma-pass-1",
    )
    .await;
    // Beta Hospital needs a CT scanner; Alpha Medical makes one; Gamma makes dental chairs.
    let need: OpportunityData = serde_json::from_value(json!({
        "organisation_id": w.org_b.0, "direction": "need", "cooperation_type": "equipment_supply",
        "title": {"ru": "Компьютерный томограф для областной больницы"}, "countries": ["KG"],
        "device_codes": ["FDA:JAK"]
    }))
    .unwrap();
    let need = store.create(&system, need).await.unwrap().id;
    let ct: ProductData = serde_json::from_value(json!({
        "supplier_id": w.org_a.0, "name": {"en": "uCT 550 computed tomography"},
        "device_codes": ["FDA:JAK"], "service_countries": ["KG"],
        "registrations": [{"authority": "eaeu", "number": "EAEU-2023-1", "valid_from": "2023-01-01", "valid_until": "2099-01-01"}]
    }))
    .unwrap();
    store.create(&system, ct).await.unwrap();
    let chair: ProductData = serde_json::from_value(json!({
        "supplier_id": gamma.0, "name": {"en": "Dental treatment chair"}, "device_codes": ["FDA:EIA"]
    }))
    .unwrap();
    store.create(&system, chair).await.unwrap();
    let ev: EventData = serde_json::from_value(json!({
        "name": {"en": "B2B matchmaking"}, "kind": "matchmaking_session", "starts_on": "2030-10-19",
        "ends_on": "2030-10-19", "country": "KG",
        "matchmaking": {"slots": [{"starts_at": "2030-10-19T04:00:00Z", "minutes": 20}], "tables": 2}
    }))
    .unwrap();
    let ev = store.create(&system, ev).await.unwrap().id;
    for (org, p) in [(w.org_a, li), (w.org_b, aibek), (gamma, gulnara)] {
        let reg: RegistrationData = serde_json::from_value(json!({
            "event_id": ev.0, "organisation_id": org.0, "status": "approved",
            "delegates": [{"person_id": p.0, "role": "delegate"}]
        }))
        .unwrap();
        store.create(&system, reg).await.unwrap();
    }
    let page = format!("/events/{ev}");

    // Aibek (the buyer) sees Alpha Medical, for his need, with a one-click request; not Gamma.
    let mut b = Browser::new(&w);
    b.sign_in("aibek@beta.kg", "aibek-pass-1").await;
    let p = b.get(&format!("{page}?lang=en")).await;
    let start = p
        .html
        .find("id=\"suggested-meetings\"")
        .expect("suggestions shown");
    let section = &p.html[start..start + p.html[start..].find("</section>").unwrap()];
    assert!(
        section.contains("Alpha Medical") && !section.contains("Gamma Dental"),
        "{section}"
    );
    assert!(
        section
            .contains("Answers your need “Компьютерный томограф для областной больницы”: uCT 550"),
        "{section}"
    );
    assert!(section.contains(&format!("name=\"to_person\" value=\"{li}\"")));
    assert!(section.contains(&format!("name=\"opportunity_id\" value=\"{need}\"")));
    // Li Na (the supplier) sees Beta Hospital the other way round, in Russian.
    let mut l = Browser::new(&w);
    l.sign_in("li.na@alpha.cn", "li-na-pass-1").await;
    let p = l.get(&format!("{page}?lang=ru")).await;
    assert!(
        p.html.contains("Ваше предложение отвечает их запросу"),
        "the reciprocal direction"
    );
    // Gamma, whose chairs nobody asked for, gets no suggestion.
    let mut g = Browser::new(&w);
    g.sign_in("g@gamma.kz", "gamma-pass-1").await;
    assert!(!g.get(&page).await.html.contains("suggested-meetings"));

    // The same through the API: Alpha Medical, its delegate and the need to discuss.
    let api = format!("/api/v1/events/{ev}/suggested-meetings");
    let r = b.get(&api).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.html);
    let list: serde_json::Value = serde_json::from_str(&r.html).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(
        (
            &list[0]["organisation_id"],
            &list[0]["to_person"],
            &list[0]["opportunity_id"]
        ),
        (&json!(w.org_a.0), &json!(li.0), &json!(need.0)),
        "{list}"
    );
    assert_eq!(list[0]["ours"]["need_id"], json!(need.0), "{list}");
    assert_eq!(
        list[0]["ours"]["answer_title"]["en"],
        "uCT 550 computed tomography"
    );
    assert_eq!(list[0]["mutual"], false);
    let r = l.get(&api).await;
    let theirs: serde_json::Value = serde_json::from_str(&r.html).unwrap();
    assert_eq!(theirs[0]["organisation_id"], json!(w.org_b.0), "{theirs}");
    assert_eq!(theirs[0]["theirs"]["need_id"], json!(need.0), "{theirs}");
    assert_eq!(g.get(&api).await.html.trim(), "[]");
    // Another delegation's suggestions are the secretariat's to see; a bad limit is named.
    let r = b.get(&format!("{api}?organisation={}", gamma.0)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.html);
    let r = b.get(&format!("{api}?limit=0")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.html);
    assert!(r.html.contains("\"limit\""), "{}", r.html);
    assert_eq!(
        Browser::new(&w).get(&api).await.status,
        StatusCode::UNAUTHORIZED
    );

    // One click: the request goes to Li Na, about the need.
    let csrf_b = Browser::hidden(&b.get(&page).await, "csrf");
    let p = b
        .post(
            &format!("{page}/requests"),
            &[
                ("csrf", &csrf_b),
                ("to_person", &li.0.to_string()),
                ("priority", "2"),
                ("opportunity_id", &need.0.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let q = medbridge_store::ListQuery::new(vec![medbridge_store::Filter::Event(ev)]);
    let reqs = store
        .list::<MeetingRequestData>(&q, medbridge_store::Scope::All)
        .await
        .unwrap()
        .items;
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        (reqs[0].data.to_person, reqs[0].data.opportunity_id),
        (li, Some(need))
    );
    // Asked: no longer suggested, on either side.
    assert!(!b.get(&page).await.html.contains("suggested-meetings"));
    assert_eq!(b.get(&api).await.html.trim(), "[]");
    assert!(!l.get(&page).await.html.contains("suggested-meetings"));
    // A request to oneself is refused, naming the field.
    let p = b
        .post(
            &format!("{page}/requests"),
            &[("csrf", &csrf_b), ("to_person", &aibek.0.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("to_person"), "{}", p.html);
    w.db.finish().await;
}

/// Li Na (Alpha Medical) and Aibek Sadyrov (Beta Hospital), approved delegates of a
/// matchmaking session in Bishkek on 2023-10-19 whose name and `matchmaking` setup
/// `session` gives.
async fn two_delegates_at(
    session: serde_json::Value,
) -> (
    World,
    medbridge_core::ids::PersonId,
    medbridge_core::ids::PersonId,
    medbridge_core::ids::EventId,
) {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let system = Actor::system("test");
    let (li, _) = person(
        &store,
        "Li Na",
        "li.na@alpha.cn",
        Some(w.org_a),
        "member",
        "li-na-pass-1",
    )
    .await;
    let (aibek, _) = person(
        &store,
        "Aibek Sadyrov",
        "aibek@beta.kg",
        Some(w.org_b),
        "member",
        "aibek-pass-1",
    )
    .await;
    let mut ev = json!({
        "kind": "matchmaking_session", "starts_on": "2023-10-19", "ends_on": "2023-10-19",
        "country": "KG", "utc_offset_minutes": 360
    });
    for (k, v) in session.as_object().expect("an object") {
        ev[k] = v.clone();
    }
    let ev: EventData = serde_json::from_value(ev).unwrap();
    let ev = store.create(&system, ev).await.unwrap().id;
    for (org, p) in [(w.org_a, li), (w.org_b, aibek)] {
        let reg: RegistrationData = serde_json::from_value(json!({
            "event_id": ev.0, "organisation_id": org.0, "status": "approved",
            "delegates": [{"person_id": p.0, "role": "delegate"}]
        }))
        .unwrap();
        store.create(&system, reg).await.unwrap();
    }
    (w, li, aibek, ev)
}

#[tokio::test]
async fn the_page_says_which_meetings_the_scheduler_left_out_and_why() {
    // One slot: Li Na's two accepted meetings with Aibek cannot both take place.
    let (w, li, aibek, ev) = two_delegates_at(json!({
        "name": {"en": "B2B matchmaking"},
        "matchmaking": {"slots": [{"starts_at": "2023-10-19T04:00:00Z", "minutes": 20}], "tables": 2}
    }))
    .await;
    let store = w.api.store().clone();
    let system = Actor::system("test");
    for message in ["CT scanners", "MRI service"] {
        let m: MeetingRequestData = serde_json::from_value(json!({
            "event_id": ev.0, "from_person": li.0, "from_organisation": w.org_a.0,
            "to_person": aibek.0, "to_organisation": w.org_b.0, "status": "accepted",
            "message": message
        }))
        .unwrap();
        store.create(&system, m).await.unwrap();
    }
    let page = format!("/events/{ev}");

    let mut admin = Browser::new(&w);
    admin.sign_in("admin@brmdia.org", "admin-pass-1").await;
    let p = admin.get(&format!("{page}?lang=en")).await;
    assert!(!p.html.contains("id=\"not-scheduled\""), "nothing run yet");
    let csrf = Browser::hidden(&p, "csrf");
    let r = admin
        .post(&format!("{page}/schedule"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location
            .contains("scheduled=1&unscheduled=1&breaks=0&lower=0"),
        "{}",
        r.location
    );
    // Two meetings settle long before the time limit: no word of it.
    assert!(!r.location.contains("time_limited"), "{}", r.location);
    let shown = admin.get(&format!("{}&lang=en", r.location)).await;
    assert!(
        shown
            .html
            .contains("Meetings scheduled: 1. Not scheduled: 1 (why: below the grid)."),
        "{}",
        shown.html
    );
    // And how good it is: one meeting each, no idle gap.
    assert!(
        shown
            .html
            .contains("Idle gaps between delegates&#39; meetings: 0, the fewest possible."),
        "{}",
        shown.html
    );
    assert!(!shown.html.contains("time-limited"));
    // Below the grid: who, and why, in the scheduler's words.
    let listed = shown
        .html
        .split("<ul class=\"not-scheduled\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default()
        .to_string();
    assert_eq!(listed.matches("<li>").count(), 1, "{listed}");
    assert!(
        listed.contains("Li Na (Alpha Medical) – Aibek Sadyrov (Beta Hospital): ")
            && listed.contains("Li Na"),
        "{listed}"
    );
    let stored: Vec<String> = store
        .list::<MeetingRequestData>(
            &medbridge_store::ListQuery::new(vec![]),
            medbridge_store::Scope::All,
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|m| m.data.unscheduled)
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(listed.contains(stored[0].as_str()), "{listed} / {stored:?}");
    // The CSV export has it too, after the placed meeting, with no slot or table.
    let csv = admin.get(&format!("{page}/meetings.csv")).await.html;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(
        lines[0],
        "slot,local_time,utc,table,meeting,not_scheduled_because"
    );
    assert!(
        lines[1].starts_with("1,") && lines[1].ends_with(','),
        "{csv}"
    );
    assert!(
        lines[2].starts_with(",,,,Li Na (Alpha Medical) – Aibek Sadyrov (Beta Hospital),")
            && lines[2].contains(stored[0].as_str()),
        "{csv}"
    );

    // Li Na sees it in her own list, in Russian around the scheduler's words.
    let mut b = Browser::new(&w);
    b.sign_in("li.na@alpha.cn", "li-na-pass-1").await;
    let mine = b.get(&format!("{page}?lang=ru")).await;
    assert!(
        mine.html.contains(&format!("не назначена: {}", stored[0])),
        "{}",
        mine.html
    );
    // A run cut by its time limit says so on the page it leads to.
    let cut = admin
        .get(&format!(
            "{page}?scheduled=1&unscheduled=0&time_limited=true&lang=fr"
        ))
        .await;
    assert!(cut.html.contains("sa limite de temps"), "{}", cut.html);
    // Gaps above what is proven possible say how far they may be from the best.
    let above = admin
        .get(&format!(
            "{page}?scheduled=40&unscheduled=0&breaks=7&lower=5&lang=ru"
        ))
        .await;
    assert!(
        above
            .html
            .contains("Простоев между встречами делегатов: 7; ни в одном расписании стольких встреч их не может быть меньше 5."),
        "{}",
        above.html
    );
    // Past the first 200 requests of the session (a page of a list), the list under the
    // grid still holds every meeting left out: 210 more make 211.
    for i in 0..210 {
        let m: MeetingRequestData = serde_json::from_value(json!({
            "event_id": ev.0, "from_person": li.0, "from_organisation": w.org_a.0,
            "to_person": aibek.0, "to_organisation": w.org_b.0, "status": "accepted",
            "unscheduled": format!("test note {i}")
        }))
        .unwrap();
        store.create(&system, m).await.unwrap();
    }
    let many = admin.get(&format!("{page}?lang=en")).await;
    let listed = many
        .html
        .split("<ul class=\"not-scheduled\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default();
    assert_eq!(listed.matches("<li>").count(), 211);
    w.db.finish().await;
}

#[tokio::test]
async fn the_organiser_locks_a_meeting_and_prints_the_table_plan() {
    let (w, li, aibek, ev) = two_delegates_at(json!({
        "name": {"en": "B2B matchmaking", "zh": "供需对接会"},
        "matchmaking": {"slots": [{"starts_at": "2023-10-19T04:00:00Z", "minutes": 20},
                                  {"starts_at": "2023-10-19T04:20:00Z", "minutes": 20}], "tables": 3}
    }))
    .await;
    let store = w.api.store().clone();
    let system = Actor::system("test");
    let meeting = |placement: serde_json::Value| -> MeetingRequestData {
        serde_json::from_value(json!({
            "event_id": ev.0, "from_person": li.0, "from_organisation": w.org_a.0,
            "to_person": aibek.0, "to_organisation": w.org_b.0, "status": "accepted", "placement": placement
        }))
        .unwrap()
    };
    let placed = store
        .create(&system, meeting(json!({"slot": 2, "table": 3})))
        .await
        .unwrap();
    let unplaced = store.create(&system, meeting(json!(null))).await.unwrap();
    let page = format!("/events/{ev}");

    // Delegates see the grid but no lock buttons.
    let mut b = Browser::new(&w);
    b.sign_in("li.na@alpha.cn", "li-na-pass-1").await;
    let p = b.get(&page).await;
    assert!(
        p.html
            .contains("Li Na (Alpha Medical) – Aibek Sadyrov (Beta Hospital)")
            && !p.html.contains("lock-form")
    );
    let csrf = Browser::hidden(&p, "csrf");
    let r = b
        .post(
            &format!("/meeting-requests/{}/lock", placed.id),
            &[("csrf", &csrf), ("version", "1"), ("locked", "true")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut admin = Browser::new(&w);
    admin.sign_in("admin@brmdia.org", "admin-pass-1").await;
    let p = admin.get(&format!("{page}?lang=en")).await;
    assert!(p.html.contains("lock-form") && p.html.contains("id=\"event-ics\""));
    let csrf = Browser::hidden(&p, "csrf");
    let r = admin
        .post(
            &format!("/meeting-requests/{}/lock", placed.id),
            &[("csrf", &csrf), ("version", "1"), ("locked", "true")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let stored = store
        .get::<MeetingRequestData>(placed.id, medbridge_store::Scope::All)
        .await
        .unwrap();
    assert!(stored.data.locked && stored.data.placement == placed.data.placement);
    let p = admin.get(&format!("{page}?lang=en")).await;
    assert!(
        p.html.contains("class=\"locked\"") && p.html.contains(">Unlock<"),
        "{}",
        p.html
    );
    // A meeting with no place yet cannot be locked; the answer names the field.
    let r = admin
        .post(
            &format!("/meeting-requests/{}/lock", unplaced.id),
            &[("csrf", &csrf), ("version", "1"), ("locked", "true")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.html.contains("locked"));

    // The table plan: every table a column, the meeting at table 3 in the second slot.
    let p = admin.get(&format!("{page}/table-plan?lang=zh")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains("供需对接会")
            && p.html.contains("桌位安排表")
            && p.html.contains("data-print")
    );
    let rows: Vec<&str> = p.html.split("<tr>").collect();
    assert_eq!(rows.len(), 4, "a header and two slots");
    assert!(rows[3].contains("10:20–10:40") && rows[3].contains("04:20Z"));
    let cells: Vec<&str> = rows[3].split("<td").skip(1).collect();
    assert_eq!(cells.len(), 3);
    assert!(
        cells[2].contains("Li Na (Alpha Medical) – Aibek Sadyrov (Beta Hospital)")
            && cells[2].contains("locked")
    );
    assert!(!cells[0].contains("Li Na") && !rows[2].contains("Li Na"));
    w.db.finish().await;
}

#[tokio::test]
async fn a_bad_session_setup_comes_back_with_each_error_beside_its_input() {
    let w = world_sqlite().await;
    let store = w.api.store().clone();
    let ev: EventData = serde_json::from_value(json!({
        "name": {"en": "B2B matchmaking"}, "kind": "matchmaking_session", "starts_on": "2030-10-19",
        "ends_on": "2030-10-19", "country": "KG", "utc_offset_minutes": 360
    }))
    .unwrap();
    let ev = store.create(&Actor::system("test"), ev).await.unwrap().id;
    let mut b = Browser::new(&w);
    b.sign_in("admin@brmdia.org", "admin-pass-1").await;
    let page = b.get(&format!("/events/{ev}?lang=en")).await;
    assert!(
        page.html.contains("id=\"setup-form\""),
        "the form is on the event page"
    );
    assert!(
        page.html.contains("name=\"count\" value=\"12\""),
        "suggested values"
    );
    let csrf = Browser::hidden(&page, "csrf");
    let form = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("first_start", "19 October, ten"),
        ("minutes", "20"),
        ("count", "0"),
        ("tables", "ten"),
        ("pause_after", ""),
        ("pause_minutes", ""),
    ];
    let p = b.post(&format!("/events/{ev}/setup?lang=en"), &form).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.html);
    for input in ["first_start", "count", "tables"] {
        assert!(
            p.html.contains(&format!("id=\"e-{input}\"")),
            "{input}: {}",
            p.html
        );
        assert!(
            p.html.contains(&format!("href=\"#f-{input}\"")),
            "summary links {input}"
        );
    }
    assert!(!p.html.contains("id=\"e-minutes\""));
    // What was typed is kept, so nothing has to be entered again.
    assert!(
        p.html.contains("value=\"19 October, ten\"")
            && p.html.contains("name=\"tables\" value=\"ten\"")
    );
    // Nothing was saved.
    let saved = store
        .get::<EventData>(ev, medbridge_store::Scope::All)
        .await
        .unwrap();
    assert!(saved.data.matchmaking.is_none());
    // Corrected, it is saved and the event page shows the slots.
    let mut good = form;
    good[2].1 = "2030-10-19T10:00";
    good[4].1 = "3";
    good[5].1 = "4";
    let p = b.post(&format!("/events/{ev}/setup"), &good).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let saved = store
        .get::<EventData>(ev, medbridge_store::Scope::All)
        .await
        .unwrap();
    let mm = saved.data.matchmaking.unwrap();
    assert_eq!((mm.slots.len(), mm.tables), (3, 4));
    assert_eq!(
        mm.slots[0].starts_at.to_rfc3339(),
        "2030-10-19T04:00:00+00:00"
    );
    w.db.finish().await;
}
