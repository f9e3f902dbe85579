//! ONE conformance story for every backend: SQLite always, PostgreSQL whenever
//! `MEDBRIDGE_TEST_POSTGRES_URL` names a server (CI sets it). Whatever one backend does, the
//! other must do identically, down to the order of a sorted page.

use chrono::{Duration, NaiveDate, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::testing::TestDb;
use medbridge_store::{Actor, Filter, ListQuery, Scope, SortField, Store, StoreError};
use serde_json::json;

fn actor() -> Actor {
    Actor::system("test")
}

fn org(name_en: &str, name_ru: &str, country: &str, kind: &str) -> OrganisationData {
    serde_json::from_value(
        json!({"name": {"en": name_en, "ru": name_ru}, "kind": kind, "country": country}),
    )
    .unwrap()
}

fn product(supplier: OrgId, name: &str, codes: &[&str]) -> ProductData {
    serde_json::from_value(json!({"supplier_id": supplier, "name": {"en": name}, "device_codes": codes, "service_countries": ["KG", "KZ"]})).unwrap()
}

/// Runs `story` against every configured backend, naming the backend on failure.
async fn each_backend<F, Fut>(story: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dbs = TestDb::all().await;
    if dbs.len() == 1 {
        eprintln!(
            "note: PostgreSQL not configured (MEDBRIDGE_TEST_POSTGRES_URL unset); SQLite only"
        );
    }
    for db in dbs {
        eprintln!("backend: {}", db.store.backend_name());
        story(db.store.clone()).await;
        db.finish().await;
    }
}

#[tokio::test]
async fn create_read_update_delete_with_versions_and_audit() {
    each_backend(|s| async move {
        let a = s
            .create(
                &actor(),
                org("United Imaging", "Юнайтед Имиджинг", "CN", "manufacturer"),
            )
            .await
            .unwrap();
        assert_eq!(a.version, 1);
        let got = s.get::<OrganisationData>(a.id, Scope::All).await.unwrap();
        assert_eq!(got.data, a.data);
        assert_eq!(
            got.created_at, a.created_at,
            "timestamps round-trip exactly"
        );

        let mut changed = a.data.clone();
        changed.city = Some("Shanghai".into());
        let b = s.update(&actor(), a.id, 1, changed.clone()).await.unwrap();
        assert_eq!(b.version, 2);
        assert_eq!(
            s.get::<OrganisationData>(a.id, Scope::All)
                .await
                .unwrap()
                .data
                .city
                .as_deref(),
            Some("Shanghai")
        );

        // A stale version is refused and changes nothing.
        let mut stale = changed.clone();
        stale.city = Some("Beijing".into());
        match s.update(&actor(), a.id, 1, stale).await {
            Err(StoreError::Conflict {
                sent: 1,
                current: 2,
                ..
            }) => {}
            other => panic!("expected conflict, got {other:?}"),
        }
        assert_eq!(
            s.get::<OrganisationData>(a.id, Scope::All)
                .await
                .unwrap()
                .data
                .city
                .as_deref(),
            Some("Shanghai")
        );

        assert!(matches!(
            s.delete::<OrganisationData>(&actor(), a.id, Some(1)).await,
            Err(StoreError::Conflict { .. })
        ));
        s.delete::<OrganisationData>(&actor(), a.id, Some(2))
            .await
            .unwrap();
        assert!(matches!(
            s.get::<OrganisationData>(a.id, Scope::All).await,
            Err(StoreError::NotFound { .. })
        ));

        let log = s
            .audit_log(Some("organisation"), Some(a.id.0), 10)
            .await
            .unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "create"]);
        assert_eq!(
            log[1].before.as_ref().unwrap()["city"],
            serde_json::Value::Null
        );
        assert_eq!(log[1].after.as_ref().unwrap()["city"], "Shanghai");
        assert!(log[0].after.is_none());
        assert_eq!(log[2].actor, "test");
    })
    .await;
}

#[tokio::test]
async fn references_are_checked_and_named() {
    each_backend(|s| async move {
        let err = s
            .create(&actor(), product(OrgId(999), "Ghost", &[]))
            .await
            .unwrap_err();
        let StoreError::Invalid(errs) = err else {
            panic!("expected invalid, got {err:?}")
        };
        assert_eq!(errs.0[0].field, "supplier_id");
        assert_eq!(errs.0[0].code, ErrorCode::NotFound);
        assert_eq!(s.count::<ProductData>().await.unwrap(), 0);

        // An organisation still referenced cannot be deleted.
        let o = s
            .create(
                &actor(),
                org("MicroPort", "МикроПорт", "CN", "manufacturer"),
            )
            .await
            .unwrap();
        s.create(&actor(), product(o.id, "Firehawk stent", &["FDA:NIQ"]))
            .await
            .unwrap();
        assert!(matches!(
            s.delete::<OrganisationData>(&actor(), o.id, None).await,
            Err(StoreError::InUse { .. })
        ));
        assert!(s.get::<OrganisationData>(o.id, Scope::All).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn keyset_pages_are_complete_and_identically_sorted() {
    each_backend(|s| async move {
        // Mixed scripts and cases: the sort must not depend on the database's collation.
        let names = [
            "alpha",
            "Бишкек",
            "Zeta",
            "beta",
            "医院",
            "Écho",
            "delta",
            "Alpha",
            "gamma",
            "Омск",
            "epsilon",
            "kappa",
        ];
        for (i, n) in names.iter().enumerate() {
            s.create(
                &actor(),
                org(n, n, if i % 2 == 0 { "KG" } else { "CN" }, "hospital"),
            )
            .await
            .unwrap();
        }
        let mut q = ListQuery::new(vec![]);
        q.limit = 5;
        let mut seen = Vec::new();
        loop {
            let page = s.list::<OrganisationData>(&q, Scope::All).await.unwrap();
            seen.extend(
                page.items
                    .iter()
                    .map(|r| r.data.name.best("en").to_string()),
            );
            match page.next_cursor {
                Some(c) => q.cursor = Some(Cursor::decode(&c).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen.len(), names.len(), "no row lost or repeated: {seen:?}");
        let mut expected: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        expected.sort_by_key(|n| n.to_lowercase());
        // Equal keys ("alpha", "Alpha") keep id order.
        assert_eq!(seen, expected);

        let mut q = ListQuery::new(vec![Filter::Country("KG".parse().unwrap())]);
        q.sort = SortField::Created;
        q.order = SortOrder::Desc;
        q.limit = 4;
        let first = s.list::<OrganisationData>(&q, Scope::All).await.unwrap();
        assert_eq!(first.items.len(), 4);
        assert!(first.items.windows(2).all(|w| w[0].id > w[1].id));
        q.cursor = Some(Cursor::decode(first.next_cursor.as_ref().unwrap()).unwrap());
        let second = s.list::<OrganisationData>(&q, Scope::All).await.unwrap();
        assert_eq!(second.items.len(), 2);
        assert!(second.next_cursor.is_none());
        assert!(
            second
                .items
                .iter()
                .all(|r| r.data.country.as_str() == "KG" && r.id < first.items[3].id)
        );
    })
    .await;
}

#[tokio::test]
async fn filters_text_codes_alliances_and_scopes() {
    each_backend(|s| async move {
        let alliance = s
            .create(&actor(), org("BRMDIA", "Альянс", "CN", "association"))
            .await
            .unwrap();
        let mut member = org(
            "Shanghai Jiao Tong University",
            "Шанхайский университет Цзяо Тун",
            "CN",
            "university",
        );
        member.memberships = vec![Membership {
            alliance_id: alliance.id,
            since: NaiveDate::from_ymd_opt(2023, 1, 1),
            status: MembershipStatus::Active,
        }];
        let member = s.create(&actor(), member).await.unwrap();
        let mut hidden = org("Hidden Hospital", "Скрытая больница", "KG", "hospital");
        hidden.published = false;
        let hidden = s.create(&actor(), hidden).await.unwrap();

        let ids = |p: medbridge_core::Page<Organisation>| {
            p.items.into_iter().map(|r| r.id).collect::<Vec<_>>()
        };
        let q = |f: Vec<Filter>| ListQuery::new(f);
        assert_eq!(
            ids(s
                .list(&q(vec![Filter::Text("ЦЗЯО".into())]), Scope::All)
                .await
                .unwrap()),
            vec![member.id],
            "case-insensitive Cyrillic"
        );
        assert_eq!(
            ids(s
                .list(&q(vec![Filter::Text("jiao university".into())]), Scope::All)
                .await
                .unwrap()),
            vec![member.id],
            "all words"
        );
        assert_eq!(
            ids(s
                .list(&q(vec![Filter::Text("50%_".into())]), Scope::All)
                .await
                .unwrap()),
            vec![],
            "LIKE wildcards are literal"
        );
        assert_eq!(
            ids(s
                .list(&q(vec![Filter::Alliance(alliance.id)]), Scope::All)
                .await
                .unwrap()),
            vec![member.id]
        );
        assert_eq!(
            ids(s
                .list(&q(vec![Filter::OrgKind(OrgKind::Hospital)]), Scope::All)
                .await
                .unwrap()),
            vec![hidden.id]
        );
        assert_eq!(
            ids(s
                .list(&q(vec![Filter::OrgKind(OrgKind::Hospital)]), Scope::Public)
                .await
                .unwrap()),
            vec![]
        );
        assert_eq!(
            ids(s
                .list(
                    &q(vec![Filter::OrgKind(OrgKind::Hospital)]),
                    Scope::Member(hidden.id)
                )
                .await
                .unwrap()),
            vec![hidden.id]
        );
        assert!(
            matches!(
                s.get::<OrganisationData>(hidden.id, Scope::Public).await,
                Err(StoreError::NotFound { .. })
            ),
            "unpublished reads as absent"
        );
        assert!(
            s.get::<OrganisationData>(hidden.id, Scope::Member(hidden.id))
                .await
                .is_ok()
        );
        assert_eq!(s.members_of(alliance.id).await.unwrap(), vec![member.id]);
        let err = s
            .list::<OrganisationData>(
                &q(vec![Filter::Cooperation(CooperationType::Investment)]),
                Scope::All,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(e) if e.0[0].field == "cooperation_type"));

        let ct = s
            .create(
                &actor(),
                product(member.id, "uCT 550", &["EMDN:Z11030601", "FDA:JAK"]),
            )
            .await
            .unwrap();
        let mri = s
            .create(&actor(), product(member.id, "uMR 570", &["EMDN:Z11050101"]))
            .await
            .unwrap();
        let pids = |p: medbridge_core::Page<Product>| {
            p.items.into_iter().map(|r| r.id).collect::<Vec<_>>()
        };
        let by_code = |c: &str| q(vec![Filter::DeviceCode(c.parse().unwrap())]);
        assert_eq!(
            pids(s.list(&by_code("FDA:JAK"), Scope::Public).await.unwrap()),
            vec![ct.id]
        );
        assert_eq!(
            pids(s.list(&by_code("EMDN:Z11"), Scope::Public).await.unwrap()),
            vec![ct.id, mri.id],
            "EMDN codes match their subtree"
        );
        assert_eq!(
            pids(s.list(&by_code("EMDN:Z1105"), Scope::Public).await.unwrap()),
            vec![mri.id]
        );
        assert_eq!(
            pids(
                s.list(
                    &q(vec![Filter::Country("KZ".parse().unwrap())]),
                    Scope::Public
                )
                .await
                .unwrap()
            )
            .len(),
            2
        );
        assert_eq!(
            pids(
                s.list(
                    &q(vec![Filter::Country("BY".parse().unwrap())]),
                    Scope::Public
                )
                .await
                .unwrap()
            )
            .len(),
            0
        );
        // Updating replaces the projected codes.
        let mut d = mri.data.clone();
        d.device_codes = vec!["FDA:LNH".parse().unwrap()];
        s.update(&actor(), mri.id, 1, d).await.unwrap();
        assert_eq!(
            pids(s.list(&by_code("EMDN:Z11"), Scope::Public).await.unwrap()),
            vec![ct.id]
        );
        assert_eq!(
            pids(s.list(&by_code("FDA:LNH"), Scope::Public).await.unwrap()),
            vec![mri.id]
        );
    })
    .await;
}

#[tokio::test]
async fn opportunities_expire_after_their_deadline() {
    each_backend(|s| async move {
        let o = s.create(&actor(), org("IHSM", "МВШМ", "KG", "university")).await.unwrap();
        let need = |deadline: &str, status: &str| -> OpportunityData {
            serde_json::from_value(json!({
                "organisation_id": o.id, "direction": "need", "cooperation_type": "equipment_supply",
                "title": {"ru": "Аппарат УЗИ"}, "deadline": deadline, "status": status,
                "budget": {"amount": 30000, "currency": "USD"}, "countries": ["KG"]
            }))
            .unwrap()
        };
        let past = s.create(&actor(), need("2024-01-01", "open")).await.unwrap();
        let future = s.create(&actor(), need("2099-01-01", "open")).await.unwrap();
        let closed = s.create(&actor(), need("2024-01-01", "closed")).await.unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(s.expire_opportunities(today).await.unwrap(), 1);
        assert_eq!(s.expire_opportunities(today).await.unwrap(), 0, "idempotent");
        let p = s.get::<OpportunityData>(past.id, Scope::All).await.unwrap();
        assert_eq!((p.data.status, p.version), (OpportunityStatus::Expired, 2));
        assert_eq!(s.get::<OpportunityData>(future.id, Scope::All).await.unwrap().data.status, OpportunityStatus::Open);
        assert_eq!(s.get::<OpportunityData>(closed.id, Scope::All).await.unwrap().data.status, OpportunityStatus::Closed);
        let log = s.audit_log(Some("opportunity"), Some(past.id.0), 5).await.unwrap();
        assert_eq!(log[0].action, "expire");
        let q = ListQuery::new(vec![Filter::OpportunityStatus(OpportunityStatus::Expired)]);
        assert_eq!(s.list::<OpportunityData>(&q, Scope::Public).await.unwrap().items.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn bulk_create_is_all_or_nothing() {
    each_backend(|s| async move {
        let o = s
            .create(
                &actor(),
                org("MicroPort", "МикроПорт", "CN", "manufacturer"),
            )
            .await
            .unwrap();
        let rows = vec![
            product(o.id, "one", &[]),
            product(o.id, "two", &[]),
            product(OrgId(12345), "bad", &[]),
        ];
        let err = s.create_many(&actor(), rows, &|_| {}).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(
            s.count::<ProductData>().await.unwrap(),
            0,
            "nothing half-written"
        );
        let done = std::sync::atomic::AtomicUsize::new(0);
        let ids = s
            .create_many(
                &actor(),
                (0..1200)
                    .map(|i| product(o.id, &format!("p{i}"), &["FDA:JAK"]))
                    .collect(),
                &|n| done.store(n, std::sync::atomic::Ordering::Relaxed),
            )
            .await
            .unwrap();
        assert_eq!(ids.len(), 1200);
        assert_eq!(done.load(std::sync::atomic::Ordering::Relaxed), 1200);
        assert_eq!(s.count::<ProductData>().await.unwrap(), 1200);
    })
    .await;
}

#[tokio::test]
async fn accounts_sessions_tokens_and_login_failures() {
    each_backend(|s| async move {
        let o = s.create(&actor(), org("IHSM", "МВШМ", "KG", "university")).await.unwrap();
        let person: PersonData = serde_json::from_value(json!({"name": "Aibek Sadyrov", "email": "Aibek@IHSM.kg", "organisation_id": o.id, "role": "editor"})).unwrap();
        let p = s.create(&actor(), person.clone()).await.unwrap();
        let err = s.create(&actor(), person).await.unwrap_err();
        assert!(matches!(&err, StoreError::Invalid(e) if e.0[0].field == "email" && e.0[0].code == ErrorCode::Duplicate), "{err:?}");

        s.set_password_hash(p.id, "$argon2id$fake").await.unwrap();
        let login = s.find_login(&"aibek@ihsm.kg".parse().unwrap()).await.unwrap().unwrap();
        assert_eq!((login.person, login.role, login.organisation), (p.id, Role::Editor, Some(o.id)));
        assert_eq!(login.password_hash.as_deref(), Some("$argon2id$fake"));
        assert!(s.find_login(&"nobody@x.kg".parse().unwrap()).await.unwrap().is_none());

        let now = Utc::now();
        s.create_session("h1", p.id, "csrf1", now + Duration::hours(1)).await.unwrap();
        s.create_session("h2", p.id, "csrf2", now - Duration::hours(1)).await.unwrap();
        let sess = s.session("h1", now).await.unwrap().unwrap();
        assert_eq!((sess.login.person, sess.csrf.as_str()), (p.id, "csrf1"));
        assert!(s.session("h2", now).await.unwrap().is_none(), "expired sessions do not count");
        s.delete_session("h1").await.unwrap();
        assert!(s.session("h1", now).await.unwrap().is_none());

        s.create_api_token("t1", p.id, "integration").await.unwrap();
        assert_eq!(s.api_token("t1").await.unwrap().unwrap().person, p.id);
        assert!(s.api_token("t2").await.unwrap().is_none());

        let since = now - Duration::minutes(15);
        assert_eq!(s.record_login_failure("k", now, since).await.unwrap(), 1);
        assert_eq!(s.record_login_failure("k", now, since).await.unwrap(), 2);
        assert_eq!(s.login_failures("k", since).await.unwrap(), 2);
        assert_eq!(s.login_failures("k", now + Duration::minutes(1)).await.unwrap(), 0, "old failures fall out of the window");
        s.clear_login_failures("k").await.unwrap();
        assert_eq!(s.login_failures("k", since).await.unwrap(), 0);

        s.set_setting("demo", "true").await.unwrap();
        s.set_setting("demo", "false").await.unwrap();
        assert_eq!(s.setting("demo").await.unwrap().as_deref(), Some("false"));
        assert_eq!(s.setting("none").await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn events_and_agreements_link_organisations() {
    each_backend(|s| async move {
        let ihsm = s.create(&actor(), org("IHSM", "МВШМ", "KG", "university")).await.unwrap();
        let usst = s.create(&actor(), org("USST", "USST", "CN", "university")).await.unwrap();
        let ev: EventData = serde_json::from_value(json!({
            "name": {"en": "ISPC 2023"}, "kind": "conference", "starts_on": "2023-10-19", "ends_on": "2023-10-19",
            "country": "KG", "city": "Bishkek", "organisers": [{"organisation_id": ihsm.id, "role": "co_host"}]
        }))
        .unwrap();
        let ev = s.create(&actor(), ev).await.unwrap();
        let ag: AgreementData = serde_json::from_value(json!({
            "title": {"en": "Joint training of international students"}, "kind": "joint_training",
            "parties": [{"organisation_id": ihsm.id}, {"organisation_id": usst.id}],
            "signed_on": "2023-10-19", "event_id": ev.id, "status": "signed"
        }))
        .unwrap();
        let ag = s.create(&actor(), ag).await.unwrap();
        let q = ListQuery::new(vec![Filter::Event(ev.id)]);
        assert_eq!(s.list::<AgreementData>(&q, Scope::Public).await.unwrap().items[0].id, ag.id);
        let q = ListQuery::new(vec![Filter::Country("CN".parse().unwrap())]);
        assert_eq!(s.list::<AgreementData>(&q, Scope::Public).await.unwrap().items.len(), 1, "by a party's country");
        let q = ListQuery::new(vec![Filter::Organisation(ihsm.id)]);
        assert_eq!(s.list::<EventData>(&q, Scope::Public).await.unwrap().items[0].id, ev.id);
        let mut bad = ag.data.clone();
        bad.event_id = Some(EventId(77));
        let err = s.update(&actor(), ag.id, 1, bad).await.unwrap_err();
        assert!(matches!(&err, StoreError::Invalid(e) if e.0[0].field == "event_id"), "{err:?}");
        assert!(matches!(s.delete::<OrganisationData>(&actor(), usst.id, None).await, Err(StoreError::InUse { .. })));
    })
    .await;
}
