//! Suggestions, saved searches, agreement documents and the outbox, one story for every
//! backend (SQLite always, PostgreSQL when `MEDBRIDGE_TEST_POSTGRES_URL` is set).

use chrono::{Duration, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::testing::TestDb;
use medbridge_store::*;
use serde_json::json;

fn data<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

struct World {
    buyer: OrgId,
    supplier: OrgId,
    buyer_person: PersonId,
    need: OpportunityId,
    other_need: OpportunityId,
    products: Vec<ProductId>,
}

async fn world(s: &Store) -> World {
    let a = Actor::system("test");
    let org = |name: &str, country: &str| -> OrganisationData {
        data(json!({"name": {"en": name}, "kind": "hospital", "country": country}))
    };
    let buyer = s.create(&a, org("Osh hospital", "KG")).await.unwrap().id;
    let supplier = s.create(&a, org("Alpha Medical", "CN")).await.unwrap().id;
    let buyer_person: PersonData = data(
        json!({"name": "Aibek", "organisation_id": buyer, "role": "member", "email": "aibek@osh.kg"}),
    );
    let buyer_person = s.create(&a, buyer_person).await.unwrap().id;
    let need = |title: &str, org: OrgId| -> OpportunityData {
        data(
            json!({"organisation_id": org, "direction": "need", "cooperation_type": "equipment_supply", "title": {"en": title}}),
        )
    };
    let need_id = s.create(&a, need("CT scanner", buyer)).await.unwrap().id;
    let other_need = s
        .create(&a, need("Ventilators", supplier))
        .await
        .unwrap()
        .id;
    let mut products = Vec::new();
    for name in ["uCT 550", "uCT 760", "uMR 580"] {
        let p: ProductData = data(json!({"supplier_id": supplier, "name": {"en": name}}));
        products.push(s.create(&a, p).await.unwrap().id);
    }
    World {
        buyer,
        supplier,
        buyer_person,
        need: need_id,
        other_need,
        products,
    }
}

async fn each_backend<F, Fut>(story: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.store.backend_name());
        story(db.store.clone()).await;
        db.finish().await;
    }
}

#[tokio::test]
async fn suggestions_keep_their_owners_decisions() {
    each_backend(|s| async move {
        let w = world(&s).await;
        let need = Subject::Need(w.need);
        let p = |i: usize| Suggested::Product(w.products[i]);
        let added = s
            .replace_suggestions(need, &[(p(0), 0.9), (p(1), 0.7)], SuggestionStatus::New)
            .await
            .unwrap();
        assert_eq!(added, 2);
        let owner = SuggestionOwner {
            person: w.buyer_person,
            organisation: Some(w.buyer),
            all_needs: false,
        };
        assert_eq!(s.count_new_suggestions(owner).await.unwrap(), 2);
        // The other organisation does not follow this need's suggestions.
        let stranger = SuggestionOwner {
            person: w.buyer_person,
            organisation: Some(w.supplier),
            all_needs: false,
        };
        assert_eq!(s.count_new_suggestions(stranger).await.unwrap(), 0);

        // The buyer dismisses the first one; a refresh keeps that, drops the unseen one that
        // no longer matches, and adds the new one.
        let first = s.suggestions_of(need).await.unwrap()[0].clone();
        assert_eq!((first.item, first.score), (p(0), 0.9));
        let err = s
            .set_suggestion_status(
                &Actor::system("x"),
                stranger,
                first.id,
                SuggestionStatus::Dismissed,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
        let dismissed = s
            .set_suggestion_status(
                &Actor::system("aibek"),
                owner,
                first.id,
                SuggestionStatus::Dismissed,
            )
            .await
            .unwrap();
        assert_eq!(dismissed.status, SuggestionStatus::Dismissed);
        let audit = s
            .audit_log(Some("suggestion"), Some(first.id.0), 10)
            .await
            .unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].after.as_ref().unwrap()["status"], "dismissed");
        let added = s
            .replace_suggestions(need, &[(p(0), 0.95), (p(2), 0.5)], SuggestionStatus::New)
            .await
            .unwrap();
        assert_eq!(added, 1);
        let now: Vec<(Suggested, SuggestionStatus, f64)> = s
            .suggestions_of(need)
            .await
            .unwrap()
            .into_iter()
            .map(|x| (x.item, x.status, x.score))
            .collect();
        assert_eq!(
            now,
            vec![
                (p(0), SuggestionStatus::Dismissed, 0.95),
                (p(2), SuggestionStatus::New, 0.5)
            ]
        );

        // A new offer answering both needs and a saved search: each subject gains one.
        let search = s
            .create_saved_search(
                &Actor::system("aibek"),
                w.buyer_person,
                "CT in KG",
                &json!({"text": "CT scanner", "country": "KG"}),
            )
            .await
            .unwrap();
        assert_eq!(
            s.saved_searches(Some(w.buyer_person)).await.unwrap(),
            vec![search.clone()]
        );
        let offer = Suggested::Opportunity(w.other_need);
        let gained = s
            .add_suggestions(&[
                (need, offer, 0.4),
                (Subject::SavedSearch(search.id), offer, 0.6),
                (need, p(2), 0.55),
            ])
            .await
            .unwrap();
        assert_eq!(gained, vec![need, Subject::SavedSearch(search.id)]);
        assert_eq!(s.count_new_suggestions(owner).await.unwrap(), 3);
        // Pages, newest first.
        let q = SuggestionQuery {
            status: Some(SuggestionStatus::New),
            limit: 2,
            ..SuggestionQuery::default()
        };
        let (page, more) = s.suggestions(owner, &q).await.unwrap();
        assert!(more);
        assert_eq!(page[0].subject, Subject::SavedSearch(search.id));
        let q = SuggestionQuery {
            before: Some(page[1].id),
            ..q
        };
        let (rest, more) = s.suggestions(owner, &q).await.unwrap();
        assert_eq!((rest.len(), more), (1, false));
        // Looking at the need marks its new suggestions seen.
        assert_eq!(s.mark_suggestions_seen(need).await.unwrap(), 2);
        assert_eq!(s.count_new_suggestions(owner).await.unwrap(), 1);
        // Deleting the saved search takes its suggestions along; someone else cannot.
        let err = s
            .delete_saved_search(&Actor::system("x"), PersonId(9999), search.id)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }));
        s.delete_saved_search(&Actor::system("aibek"), w.buyer_person, search.id)
            .await
            .unwrap();
        assert_eq!(s.count_new_suggestions(owner).await.unwrap(), 0);
        // The secretariat follows every need.
        let secretariat = SuggestionOwner {
            person: PersonId(0),
            organisation: None,
            all_needs: true,
        };
        let (all, _) = s
            .suggestions(
                secretariat,
                &SuggestionQuery {
                    limit: 50,
                    ..SuggestionQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(all.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn documents_are_recorded_with_hash_and_uploader() {
    each_backend(|s| async move {
        let w = world(&s).await;
        let agreement: AgreementData = data(json!({"title": {"en": "Supply"}, "kind": "supply",
            "parties": [{"organisation_id": w.buyer}, {"organisation_id": w.supplier}]}));
        let agreement = s.create(&Actor::system("t"), agreement).await.unwrap().id;
        let new = NewDocument {
            agreement,
            file_name: "contract.pdf".into(),
            media_type: "application/pdf".into(),
            size: 1234,
            sha256: "ab".repeat(32),
        };
        let actor = Actor {
            person: Some(w.buyer_person),
            label: "aibek".into(),
        };
        let d1 = s.add_document(&actor, &new).await.unwrap();
        let d2 = s
            .add_document(
                &actor,
                &NewDocument {
                    file_name: "copy.pdf".into(),
                    ..new.clone()
                },
            )
            .await
            .unwrap();
        assert_eq!(d1.uploaded_by, Some(w.buyer_person));
        assert_eq!(
            s.documents(agreement).await.unwrap(),
            vec![d1.clone(), d2.clone()]
        );
        assert_eq!(s.document(agreement, d2.id).await.unwrap(), d2);
        // A document of another agreement is not found through this one.
        assert!(
            s.document(AgreementId(agreement.0 + 99), d1.id)
                .await
                .is_err()
        );
        let missing = s
            .add_document(
                &actor,
                &NewDocument {
                    agreement: AgreementId(agreement.0 + 99),
                    ..new.clone()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(missing, StoreError::NotFound { .. }), "{missing}");
        // Deleting one copy: the bytes are still used by the other.
        let (gone, shared) = s.delete_document(&actor, agreement, d1.id).await.unwrap();
        assert_eq!((gone.id, shared), (d1.id, true));
        let (_, shared) = s.delete_document(&actor, agreement, d2.id).await.unwrap();
        assert!(!shared);
        assert_eq!(
            s.audit_log(Some("document"), None, 10).await.unwrap().len(),
            4
        );
    })
    .await;
}

#[tokio::test]
async fn the_outbox_queues_once_and_retries_until_sent() {
    each_backend(|s| async move {
        let mail = |k: &str| Mail {
            dedup_key: k.into(),
            to: "aibek@osh.kg".into(),
            subject: "Milestone overdue".into(),
            body: "First delivery was due on 2024-03-01.".into(),
        };
        assert_eq!(s.queue_mail(&[mail("m:1"), mail("m:2")]).await.unwrap(), 2);
        assert_eq!(
            s.queue_mail(&[mail("m:1")]).await.unwrap(),
            0,
            "queued once"
        );
        let now = Utc::now();
        let due = s.due_mail(now, 10).await.unwrap();
        assert_eq!(due.len(), 2);
        s.mail_failed(due[0].id, "connection refused", now + Duration::minutes(5))
            .await
            .unwrap();
        s.mail_sent(due[1].id, now).await.unwrap();
        assert!(s.due_mail(now, 10).await.unwrap().is_empty());
        let later = s.due_mail(now + Duration::minutes(6), 10).await.unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].attempts, 1);
        assert_eq!(later[0].last_error.as_deref(), Some("connection refused"));
        assert_eq!(later[0].mail, mail("m:1"));
        let all = s.outbox(10).await.unwrap();
        assert_eq!(all.len(), 2);
        assert!(all.iter().any(|m| m.sent_at.is_some()));
    })
    .await;
}
