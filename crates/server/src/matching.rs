//! The matching engine inside the server: one in-memory index of what the public may see
//! (published products of published suppliers, open needs and offers), built from the
//! store on first use (and warmed up at start), and kept current after every write made
//! through the API or the web pages.
//!
//! Only publicly visible records are indexed, so a match can never reveal a draft or an
//! unpublished product to anyone; the engine itself knows nothing of the store.

use crate::error::ApiError;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_match::{Engine, EngineConfig, ItemRef, NeedDoc, Offer, PastCooperation};
use medbridge_store::{Scope, Store};
use std::collections::HashMap;
use tokio::sync::OnceCell;

pub struct Matcher {
    engine: Engine,
    built: OnceCell<()>,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            engine: Engine::new(EngineConfig::default()),
            built: OnceCell::new(),
        }
    }
}

/// Calls `f` on every record of `E` the public may see.
async fn each_page<E: medbridge_store::Entity>(
    store: &Store,
    f: impl FnMut(Record<E::Id, E>),
) -> Result<(), ApiError> {
    crate::api::meetings::all_visible::<E>(store, Vec::new(), Scope::Public)
        .await
        .map(|all| all.into_iter().for_each(f))
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

impl Matcher {
    /// The engine, built from `store` on first call.
    pub async fn ready(&self, store: &Store) -> Result<&Engine, ApiError> {
        self.built
            .get_or_try_init(|| self.build(store))
            .await
            .map(|_| &self.engine)
    }

    async fn build(&self, store: &Store) -> Result<(), ApiError> {
        let started = std::time::Instant::now();
        let mut countries: HashMap<OrgId, CountryCode> = HashMap::new();
        each_page::<OrganisationData>(store, |o| {
            countries.insert(o.id, o.data.country);
        })
        .await?;
        let mut n = 0usize;
        each_page::<ProductData>(store, |p| {
            let country = countries.get(&p.data.supplier_id).copied();
            self.engine
                .upsert_offer(Offer::from_product(p.id, &p.data, country));
            n += 1;
        })
        .await?;
        let day = today();
        each_page::<OpportunityData>(store, |o| {
            if o.data.status != OpportunityStatus::Open {
                return;
            }
            let country = countries.get(&o.data.organisation_id).copied();
            if let Some(offer) = Offer::from_opportunity(o.id, &o.data, country) {
                self.engine.upsert_offer(offer);
            } else if let Some(doc) = NeedDoc::from_opportunity(o.id, &o.data, country, day) {
                self.engine.upsert_need(doc);
            }
            n += 1;
        })
        .await?;
        // Past cooperation: each party of a signed public agreement has cooperated with
        // the countries of the other parties.
        let mut past = PastCooperation::new();
        each_page::<AgreementData>(store, |a| {
            for p in &a.data.parties {
                for q in &a.data.parties {
                    if p.organisation_id != q.organisation_id
                        && let Some(c) = countries.get(&q.organisation_id)
                    {
                        *past.entry((p.organisation_id, *c)).or_default() += 1;
                    }
                }
            }
        })
        .await?;
        self.engine.set_past_cooperation(past);
        self.engine.commit().map_err(ApiError::internal)?;
        tracing::info!(
            "matching index built: {n} products, needs and offers in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// After a write: index the record again as the public sees it now (or drop it).
    pub async fn changed(&self, store: &Store, entity: &str, id: i64) {
        if self.built.get().is_none() {
            return; // the first build will read it
        }
        let result: Result<(), ApiError> = async {
            match entity {
                "product" => {
                    let item = ItemRef::Product(ProductId(id));
                    match store.get::<ProductData>(ProductId(id), Scope::Public).await {
                        Ok(p) => {
                            let country = store
                                .get::<OrganisationData>(p.data.supplier_id, Scope::Public)
                                .await
                                .ok()
                                .map(|o| o.data.country);
                            self.engine
                                .upsert_offer(Offer::from_product(p.id, &p.data, country));
                        }
                        Err(_) => self.engine.remove(item),
                    }
                }
                "opportunity" => {
                    let item = ItemRef::Opportunity(OpportunityId(id));
                    match store
                        .get::<OpportunityData>(OpportunityId(id), Scope::Public)
                        .await
                    {
                        Ok(o) if o.data.status == OpportunityStatus::Open => {
                            let country = store
                                .get::<OrganisationData>(o.data.organisation_id, Scope::Public)
                                .await
                                .ok()
                                .map(|org| org.data.country);
                            self.engine.remove(item);
                            if let Some(offer) = Offer::from_opportunity(o.id, &o.data, country) {
                                self.engine.upsert_offer(offer);
                            } else if let Some(doc) =
                                NeedDoc::from_opportunity(o.id, &o.data, country, today())
                            {
                                self.engine.upsert_need(doc);
                            }
                        }
                        _ => self.engine.remove(item),
                    }
                }
                _ => return Ok(()),
            }
            self.engine.commit().map_err(ApiError::internal)
        }
        .await;
        if let Err(e) = result {
            tracing::warn!("matching index not updated for {entity} {id}: {}", e.detail);
        }
    }
}
