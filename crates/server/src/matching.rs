//! The matching engine inside the server: one in-memory index of what the public may see
//! (published products of published suppliers, open needs and offers), built from the
//! store on first use (and warmed up at start), and kept current after every write made
//! through the API or the web pages.
//!
//! Only publicly visible records are indexed, so a match can never reveal a draft or an
//! unpublished product to anyone; the engine itself knows nothing of the store.
//!
//! The same engine suggests who should meet at a matchmaking session ([`Matcher::meeting_fits`]):
//! two delegations fit when a need of one is answered by an offer or product of the other.
//!
//! Matches are also *kept*: after every write the best offers for a need, and the needs and
//! saved searches a new offer or product answers, are stored as suggestions (new ones are
//! the owners' alerts; see `medbridge_store::follow_up`). Saved searches are indexed like
//! needs, so one reciprocal query per new offer finds every search it answers.

use crate::error::ApiError;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_match::{Engine, EngineConfig, ItemRef, NeedDoc, Offer, PastCooperation};
use medbridge_store::{Scope, Store, Subject, Suggested};
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

/// How many offers are kept as a need's suggestions, and how many needs and saved searches
/// a new offer is suggested to.
const SUGGESTED_OFFERS: usize = 10;
const SUGGESTED_NEEDS: usize = 50;

fn suggested(item: ItemRef) -> Option<Suggested> {
    match item {
        ItemRef::Product(p) => Some(Suggested::Product(p)),
        ItemRef::Opportunity(o) => Some(Suggested::Opportunity(o)),
        ItemRef::SavedSearch(_) => None,
    }
}

fn subject(item: ItemRef) -> Option<Subject> {
    match item {
        ItemRef::Opportunity(o) => Some(Subject::Need(o)),
        ItemRef::SavedSearch(s) => Some(Subject::SavedSearch(s)),
        ItemRef::Product(_) => None,
    }
}

/// A saved search's query as the engine's need; `None` if it no longer parses (the
/// vocabulary changed since it was saved), in which case it is simply not indexed.
pub fn saved_need(search: &medbridge_store::SavedSearch) -> Option<NeedDoc> {
    let request: crate::api::matches::MatchRequest =
        serde_json::from_value(search.query.clone()).ok()?;
    let need = crate::api::matches::parse_request(&request).ok()?;
    Some(NeedDoc {
        item: ItemRef::SavedSearch(search.id),
        need,
    })
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
        for search in store.saved_searches(None).await? {
            if let Some(doc) = saved_need(&search) {
                self.engine.upsert_need(doc);
            }
        }
        self.engine.commit().map_err(ApiError::internal)?;
        tracing::info!(
            "matching index built: {n} products, needs and offers in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// After a write: index the record again as the public sees it now (or drop it).
    pub async fn changed(&self, store: &Store, entity: &str, id: i64) {
        let result: Result<(), ApiError> = async {
            // The first build reads this record too; indexing it again below is harmless,
            // and its suggestions need the index either way.
            self.ready(store).await?;
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
            self.engine.commit().map_err(ApiError::internal)?;
            self.suggest(store, entity, id).await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!("matching index not updated for {entity} {id}: {}", e.detail);
        }
    }

    /// Stores the suggestions a write leads to: a need's best offers, or the needs and saved
    /// searches a product or offer answers.
    async fn suggest(&self, store: &Store, entity: &str, id: i64) -> Result<(), ApiError> {
        let item = match entity {
            "product" => ItemRef::Product(ProductId(id)),
            "opportunity" => ItemRef::Opportunity(OpportunityId(id)),
            _ => return Ok(()),
        };
        let Some(indexed) = self.engine.indexed(item) else {
            return Ok(()); // closed, unpublished or deleted: what was suggested stays as history
        };
        match indexed {
            medbridge_match::Indexed::Need(need) => {
                let found = self
                    .engine
                    .match_need(&need, &limit(SUGGESTED_OFFERS))
                    .map_err(ApiError::invalid)?;
                let items: Vec<(Suggested, f64)> = found
                    .iter()
                    .filter_map(|m| Some((suggested(m.item)?, f64::from(m.score))))
                    .collect();
                store
                    .replace_suggestions(
                        Subject::Need(OpportunityId(id)),
                        &items,
                        SuggestionStatus::New,
                    )
                    .await?;
            }
            medbridge_match::Indexed::Offer(offer) => {
                let Some(this) = suggested(item) else {
                    return Ok(());
                };
                let found = self
                    .engine
                    .match_offer(&offer, &limit(SUGGESTED_NEEDS))
                    .map_err(ApiError::invalid)?;
                let rows: Vec<(Subject, Suggested, f64)> = found
                    .iter()
                    .filter_map(|m| Some((subject(m.item)?, this, f64::from(m.score))))
                    .collect();
                store.add_suggestions(&rows).await?;
            }
        }
        Ok(())
    }

    /// Indexes a new saved search and stores what it finds now, as already seen: alerts are
    /// for what appears later.
    pub async fn search_saved(
        &self,
        store: &Store,
        search: &medbridge_store::SavedSearch,
    ) -> Result<(), ApiError> {
        let engine = self.ready(store).await?;
        let Some(doc) = saved_need(search) else {
            return Ok(());
        };
        let found = engine
            .match_need(&doc.need, &limit(SUGGESTED_OFFERS))
            .map_err(ApiError::invalid)?;
        engine.upsert_need(doc);
        engine.commit().map_err(ApiError::internal)?;
        let items: Vec<(Suggested, f64)> = found
            .iter()
            .filter_map(|m| Some((suggested(m.item)?, f64::from(m.score))))
            .collect();
        store
            .replace_suggestions(
                Subject::SavedSearch(search.id),
                &items,
                SuggestionStatus::Seen,
            )
            .await?;
        Ok(())
    }

    /// Drops a deleted saved search from the index.
    pub fn search_deleted(&self, id: SavedSearchId) {
        if self.built.get().is_some() {
            self.engine.remove(ItemRef::SavedSearch(id));
            if let Err(e) = self.engine.commit() {
                tracing::warn!("matching index: saved search {id} not removed: {e}");
            }
        }
    }

    /// Suggestions for open needs that have none yet (records that came in by import or
    /// the demo loader rather than through the API). Run once after the first build.
    pub async fn suggest_missing(&self, store: &Store) -> Result<usize, ApiError> {
        self.ready(store).await?;
        let have = store.needs_with_suggestions().await?;
        let mut n = 0;
        for need in crate::api::meetings::all_visible::<OpportunityData>(
            store,
            vec![medbridge_store::Filter::Direction(Direction::Need)],
            Scope::Public,
        )
        .await?
        {
            if need.data.status == OpportunityStatus::Open && !have.contains(&need.id) {
                self.suggest(store, "opportunity", need.id.0).await?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Why two organisations at a matchmaking session should meet: a need of one that an offer
/// or product of the other answers, in either direction.
#[derive(Debug, Clone)]
pub struct Fit {
    pub organisation: OrgId,
    /// The best match from one of our needs to one of their offers or products.
    pub ours: Option<FitMatch>,
    /// The best match from one of our offers or products to one of their needs.
    pub theirs: Option<FitMatch>,
}

/// One match behind a [`Fit`]: the need, what answers it, and how well.
#[derive(Debug, Clone)]
pub struct FitMatch {
    pub need: OpportunityId,
    pub need_title: MultilingualText,
    pub answer_title: MultilingualText,
    /// The engine's mutual score where both sides said what they want, else its score
    /// scaled to the same 0 to 1 (concept and text weights add to 3).
    pub fit: f32,
}

impl Fit {
    /// Both ways first (each has something the other wants), then the better single fit.
    fn rank(&self) -> (bool, f32) {
        let best = [&self.ours, &self.theirs]
            .into_iter()
            .flatten()
            .map(|m| m.fit)
            .fold(0.0, f32::max);
        (self.ours.is_some() && self.theirs.is_some(), best)
    }

    /// The need a meeting about this fit would discuss: ours if we have one, else theirs.
    pub fn topic(&self) -> Option<OpportunityId> {
        self.ours.as_ref().or(self.theirs.as_ref()).map(|m| m.need)
    }
}

/// How many matches per need or offer are looked at for meeting suggestions.
const FIT_DEPTH: usize = 50;

fn fit_of(m: &medbridge_match::Match) -> f32 {
    m.mutual.unwrap_or((m.score / 3.0).clamp(0.0, 1.0))
}

fn better(slot: &mut Option<FitMatch>, new: FitMatch) {
    if slot.as_ref().is_none_or(|old| new.fit > old.fit) {
        *slot = Some(new);
    }
}

impl Matcher {
    /// The organisations among `others` that `mine` should meet, best first: for each of
    /// our open needs the offers and products that answer it, and for each of our offers
    /// and products the needs they answer, kept when the other side is one of `others`.
    /// Only what the public may see is indexed, so nothing private is suggested.
    pub async fn meeting_fits(
        &self,
        store: &Store,
        mine: OrgId,
        others: &std::collections::HashSet<OrgId>,
        how_many: usize,
    ) -> Result<Vec<Fit>, ApiError> {
        let engine = self.ready(store).await?;
        let ours = vec![medbridge_store::Filter::Organisation(mine)];
        let mut items: Vec<(ItemRef, MultilingualText)> = Vec::new();
        for o in
            crate::api::meetings::all_visible::<OpportunityData>(store, ours.clone(), Scope::Public)
                .await?
        {
            items.push((ItemRef::Opportunity(o.id), o.data.title));
        }
        for p in
            crate::api::meetings::all_visible::<ProductData>(store, ours, Scope::Public).await?
        {
            items.push((ItemRef::Product(p.id), p.data.name));
        }
        // Owner and title of each matched item, looked up once.
        let mut owners: HashMap<ItemRef, Option<(OrgId, MultilingualText)>> = HashMap::new();
        let mut fits: HashMap<OrgId, Fit> = HashMap::new();
        let options = limit(FIT_DEPTH);
        for (item, title) in items {
            let (found, our_need) = match engine.indexed(item) {
                Some(medbridge_match::Indexed::Need(need)) => {
                    (engine.match_need(&need, &options), true)
                }
                Some(medbridge_match::Indexed::Offer(offer)) => {
                    (engine.match_offer(&offer, &options), false)
                }
                None => continue,
            };
            // A need the engine refuses (its deadline passed since it was indexed) has no fits.
            let Ok(found) = found else { continue };
            for m in &found {
                if let std::collections::hash_map::Entry::Vacant(slot) = owners.entry(m.item) {
                    let owner = match m.item {
                        ItemRef::Product(p) => store
                            .get::<ProductData>(p, Scope::Public)
                            .await
                            .ok()
                            .map(|p| (p.data.supplier_id, p.data.name)),
                        ItemRef::Opportunity(o) => store
                            .get::<OpportunityData>(o, Scope::Public)
                            .await
                            .ok()
                            .map(|o| (o.data.organisation_id, o.data.title)),
                        ItemRef::SavedSearch(_) => None,
                    };
                    slot.insert(owner);
                }
                let Some((org, other_title)) = owners[&m.item].clone() else {
                    continue;
                };
                if !others.contains(&org) {
                    continue;
                }
                let fit = fits.entry(org).or_insert_with(|| Fit {
                    organisation: org,
                    ours: None,
                    theirs: None,
                });
                match (our_need, item, m.item) {
                    (true, ItemRef::Opportunity(need), _) => better(
                        &mut fit.ours,
                        FitMatch {
                            need,
                            need_title: title.clone(),
                            answer_title: other_title,
                            fit: fit_of(m),
                        },
                    ),
                    (false, _, ItemRef::Opportunity(need)) => better(
                        &mut fit.theirs,
                        FitMatch {
                            need,
                            need_title: other_title,
                            answer_title: title.clone(),
                            fit: fit_of(m),
                        },
                    ),
                    _ => {}
                }
            }
        }
        let mut out: Vec<Fit> = fits.into_values().collect();
        out.sort_by(|a, b| {
            b.rank()
                .partial_cmp(&a.rank())
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.organisation.cmp(&b.organisation))
        });
        out.truncate(how_many);
        Ok(out)
    }
}

fn limit(n: usize) -> medbridge_match::Options {
    medbridge_match::Options {
        limit: n,
        ..medbridge_match::Options::default()
    }
}
