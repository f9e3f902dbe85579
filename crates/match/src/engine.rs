//! The engine: a tantivy index for candidate generation, an in-memory table of what was
//! indexed for constraints and explanations, and the scoring that joins them.
//!
//! A query is one tantivy search: `kind = offer` AND (one of the need's concepts, as a
//! term on the field holding every indexed concept with its ancestors) AND/OR the need's
//! words in each language field. The collector only gathers `(slot, BM25)` pairs; the hard
//! constraints and the final score are then computed from the in-memory table, because
//! they depend on the buyer (country, budget, date) and cannot be precomputed per document.
//! Removing an item hides it at once (its slot is emptied) even before the next commit.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, RwLock};

use medbridge_core::model::CooperationType;
use medbridge_core::{
    CodeScheme, CountryCode, DeviceCode, ErrorCode, FieldError, FieldErrors, Money, OrgId, UiLang,
};
use medbridge_taxonomy::{Lang, Taxonomy};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument,
    Term,
};

use crate::concepts::{self, ConceptHit};
use crate::config::EngineConfig;
use crate::described;
use crate::explain::{Constraint, Reason};
use crate::input::{ItemRef, Need, NeedDoc, Offer, TaggedText};
use crate::lang::{analyzer, analyzer_name, lang_index, language_of, terms};

/// How to rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranking {
    /// Concepts, text, constraints, price and presence: the engine.
    Full,
    /// Plain BM25 over the texts, no concepts and no constraints: the evaluation baseline.
    TextOnly,
}

/// Per-query options.
#[derive(Clone, Debug)]
pub struct Options {
    pub limit: usize,
    /// Also return near misses (at most [`Options::max_failed`] failed constraints), each
    /// with the constraints it failed, ranked below the results that pass everything.
    pub relaxed: bool,
    pub max_failed: usize,
    /// Only consider items with a text in this language (evaluation per language pair).
    pub only_lang: Option<Lang>,
    pub ranking: Ranking,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            limit: 10,
            relaxed: false,
            max_failed: 2,
            only_lang: None,
            ranking: Ranking::Full,
        }
    }
}

/// One ranked result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    pub item: ItemRef,
    pub score: f32,
    /// Geometric mean of how well each side suits the other, when both said what they
    /// want (the buyer its country, the offer the countries it serves).
    pub mutual: Option<f32>,
    pub codes: Vec<DeviceCode>,
    pub reasons: Vec<Reason>,
    /// Empty except in relaxed mode.
    pub failed: Vec<Constraint>,
}

impl Match {
    /// Reasons rendered in `ui`, for people.
    pub fn render_reasons(&self, ui: UiLang) -> Vec<String> {
        self.reasons.iter().map(|r| r.render(ui)).collect()
    }
}

/// The set of `(supplier, country)` pairs with past cooperation and how many times, e.g.
/// from signed agreements; an input so the engine stays free of the store.
pub type PastCooperation = HashMap<(OrgId, CountryCode), u32>;

struct Fields {
    slot: Field,
    kind: Field,
    lang: Field,
    concept: Field,
    concept_exact: Field,
    code: Field,
    /// Registry classes: `SCHEME/concept` of an offer's coded concepts, and of the
    /// registry classes of a need's concepts (see `concepts::registry_class`).
    class: Field,
    /// Countries an offer's registrations open (dates are checked later): a need that
    /// requires legality in its country only looks at offers that may be legal there.
    market: Field,
    text: [Field; 4],
}

struct IndexedOffer {
    offer: Offer,
    concepts: Vec<ConceptHit>,
    langs: Vec<Lang>,
}

struct IndexedNeed {
    doc: NeedDoc,
    concepts: Vec<ConceptHit>,
}

enum Entry {
    Offer(IndexedOffer),
    Need(IndexedNeed),
}

/// An indexed item, as [`Engine::indexed`] returns it.
#[derive(Clone, Debug)]
pub enum Indexed {
    Offer(Offer),
    Need(Need),
}

#[derive(Default)]
struct Table {
    /// By slot; `None` once removed. Slots are never reused, so a stale index document
    /// can never point at a different item.
    entries: Vec<Option<Entry>>,
    slots: HashMap<ItemRef, u32>,
    /// How many indexed offers carry each code, so a need's code can be told apart from
    /// a typo even when the taxonomy does not map it.
    codes: HashMap<DeviceCode, u32>,
    /// For each concept, how many indexed offers of it carry each FDA or EMDN code, and
    /// the largest of those counts: see [`Table::typicality`].
    concept_codes: HashMap<&'static str, (HashMap<DeviceCode, u32>, u32)>,
}

impl Table {
    /// How typical the registry codes of an offer are for a concept its words name: 1
    /// for the code most offers of that concept carry, down to [`MIN_TYPICALITY`] for a
    /// code few of them do. A description is a weaker witness than a code (`EMIT AED
    /// PHENYTOIN ASSAY` names an antiepileptic-drug assay, not a defibrillator), and
    /// the other offers of the concept tell which codes its real instances carry.
    /// Offers without such codes give no evidence either way (1).
    fn typicality(&self, concept: &str, codes: &[DeviceCode]) -> f32 {
        let mut device_codes = codes.iter().filter(|c| names_registry_class(c)).peekable();
        if device_codes.peek().is_none() {
            return 1.0;
        }
        // The taxonomy's own mapping settles it when it can: a code it files under the
        // concept is typical, one it files only elsewhere (LNK, a gastro-urology Nd:YAG
        // laser, named like an ophthalmic YAG laser) is not. Codes it does not map (CGA,
        // the glucose test systems most glucometers are cleared under) are judged by the
        // other offers.
        let (mut all_elsewhere, mut above) = (true, false);
        for code in device_codes {
            match concepts::placement(concept, code) {
                concepts::Placement::Below => return 1.0,
                concepts::Placement::Elsewhere => {}
                concepts::Placement::Above => (all_elsewhere, above) = (false, true),
                concepts::Placement::Unmapped => all_elsewhere = false,
            }
        }
        if all_elsewhere {
            return MIN_TYPICALITY;
        }
        let Some(counted) = self.concept_codes.get(concept) else {
            return 1.0;
        };
        // Too few offers of the concept to tell its codes apart: a code mapped nowhere is
        // no more than the words' say-so (`DR-2C` is a chart recorder's model, `DR
        // FLOSSER` dental floss, not digital radiography). A code of a broader type
        // (`ET-3 transport ventilator` cleared as a ventilator) is left to the counts.
        if counted.1 < MIN_CODE_EVIDENCE && !above {
            return MIN_TYPICALITY;
        }
        let share = code_share(counted, codes).unwrap_or(0.0);
        MIN_TYPICALITY + (1.0 - MIN_TYPICALITY) * share
    }

    /// How typical the codes of an offer are for a concept its codes place it under: all
    /// are instances of it, but a buyer asking for the device type means what most of its
    /// offers are, so a code few of them carry (DPZ, the ear oximeter, beside DQA, the
    /// oximeter most are cleared as) ranks a little lower: from 1 for the most common code
    /// down to [`MIN_CODE_TYPICALITY`]. 1 when the counts say nothing.
    fn code_typicality(&self, concept: &str, codes: &[DeviceCode]) -> f32 {
        self.concept_codes
            .get(concept)
            .and_then(|counted| code_share(counted, codes))
            .map_or(1.0, |share| {
                MIN_CODE_TYPICALITY + (1.0 - MIN_CODE_TYPICALITY) * share
            })
    }

    fn count_concept_codes(&mut self, concepts: &[ConceptHit], codes: &[DeviceCode], add: bool) {
        for hit in concepts {
            let (counts, max) = self.concept_codes.entry(hit.id).or_default();
            for code in codes.iter().filter(|c| names_registry_class(c)) {
                let n = counts.entry(code.clone()).or_default();
                if add {
                    *n += 1;
                    *max = (*max).max(*n);
                } else {
                    let was_max = *n == *max;
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        counts.remove(code);
                    }
                    if was_max {
                        *max = counts.values().copied().max().unwrap_or(0);
                    }
                }
            }
        }
    }
}

/// The count of the most common of `codes` among a concept's offers, as a share of its
/// most common code's count (`counted`); `None` when none of them is counted.
fn code_share(
    (counts, max): &(HashMap<DeviceCode, u32>, u32),
    codes: &[DeviceCode],
) -> Option<f32> {
    let best = codes
        .iter()
        .filter(|c| names_registry_class(c))
        .filter_map(|c| counts.get(c))
        .max()?;
    Some(*best as f32 / (*max).max(1) as f32)
}

/// FDA and EMDN codes are the registry classes typicality is counted over.
fn names_registry_class(code: &DeviceCode) -> bool {
    matches!(code.scheme(), CodeScheme::Fda | CodeScheme::Emdn)
}

/// How a device type was read from a need (see [`Engine::device_types_read`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    /// A device code the need carries.
    Code,
    /// One of the type's names, written in the need (or one edit from it).
    Name,
    /// The type of the offers the need's words match best (a brand, a model).
    SimilarOffers,
    /// The type whose names share the need's telling words (a description by use).
    Description,
}

impl ReadFrom {
    /// Its name in the JSON outputs (the CLI's `--json`, the API's `read_as`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReadFrom::Code => "code",
            ReadFrom::Name => "name",
            ReadFrom::SimilarOffers => "similar_offers",
            ReadFrom::Description => "description",
        }
    }
}

/// One device type a need was read as (see [`Engine::device_types_read`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeRead {
    /// The taxonomy's id of the type, e.g. `imaging.ct`.
    pub concept: &'static str,
    /// Where it was read from.
    pub from: ReadFrom,
    /// Named after the thing asked, as what it goes with or where it is used (`lead
    /// apron for the CT room`): its offers still match, ranked after.
    pub secondary: bool,
}

/// The matching engine; `Send + Sync`, every method takes `&self`.
pub struct Engine {
    config: EngineConfig,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    table: RwLock<Table>,
    past: RwLock<PastCooperation>,
    analyzers: [TextAnalyzer; 4],
    /// Per language field, the terms of words that name no device (see
    /// [`crate::lang::generic_terms`]).
    generic: [HashSet<String>; 4],
}

const KIND_OFFER: &str = "offer";
const KIND_NEED: &str = "need";
/// Offers a need's words match best that vote on its device type when it names none
/// (see [`Engine::inferred_concept`]). With [`INFER_SHARE`], chosen on 2026-12-06 by
/// `eval::probe_inference` (needs.tsv and the blind sets' development halves asked as if
/// no name were recognised) for the most right inferences less wrong ones: 8 and 0.5
/// read 246 right and 54 wrong of 692, against 135 and 20 with 20 and 0.6 before.
const INFER_TOP: usize = 8;
/// Share of their text-match weight the inferred type must carry. The weight of best
/// matches of no known type counts in the whole: when most of them are of no type, no
/// type is read, since a wrong type is a hard constraint and no type is only a text
/// search (probe of 2026-12-06: 235 right and 42 wrong, against 245 and 56 when those
/// matches were left out of the whole; with the long-tail taxonomy, 220 and 45 against
/// 226 and 59).
const INFER_SHARE: f32 = 0.5;
/// Offers of that type among them, at least.
const INFER_MIN_OFFERS: usize = 3;
/// Candidates fetched per round, best tantivy score first: the constraints and the final
/// score are computed on these; when too few pass and more exist, the next round fetches
/// more, and the last fetches all, so a cut never hides a valid match from a short list.
const ROUNDS: [Option<usize>; 3] = [Some(1_000), Some(20_000), None];

/// Weights of the score components; concept evidence dominates, as a buyer asks for a
/// device type before anything else.
const W_CONCEPT: f32 = 2.0;
/// Tantivy-side bonus of an offer that is exactly the concept asked (not a narrower one),
/// so the first candidate round prefers it.
const EXACT_BOOST: f32 = 0.5;
const W_TEXT: f32 = 1.0;
const W_PRICE: f32 = 0.3;
const W_PRESENCE: f32 = 0.15;
const W_PAST: f32 = 0.15;
/// Weight of the device types a need names after its first one (see `concept_strength`):
/// below what the registry says of the first (0.7), above the class over it (0.5).
const SECONDARY: f32 = 0.65;
/// Strength of an offer of a more specific kind than the need asks for ("operating
/// table" answered by an electric operating table): nearly a full answer, just below the
/// kind itself. At 0.85 it put offers of the taxonomy's finer kinds, which hold most
/// codes, below the few left on the general one.
const NARROWER: f32 = 0.95;
/// Strength of an offer coded at the registry class above the type asked (see
/// `concepts::broader_class`), against 0.7 for the most specific class a registry has.
const BROADER_CODE: f32 = 0.5;
/// Weight left to a word-recognised concept whose offer carries a code no other offer of
/// that concept carries (see [`Table::typicality`]).
const MIN_TYPICALITY: f32 = 0.5;
/// Offers of a concept carrying its most common code, at least, for the counts to say
/// which codes are typical of it (see [`Table::typicality`]).
const MIN_CODE_EVIDENCE: u32 = 3;
/// Weight left to a code-placed concept whose code is the rarest among that concept's
/// offers (see [`Table::code_typicality`]). Measured on the judged sets (2026-12-06): 0.8
/// and 0.9 both raise nDCG@10, 0.8 a little more on the blind set's development half.
const MIN_CODE_TYPICALITY: f32 = 0.8;

impl Engine {
    pub fn new(config: EngineConfig) -> Engine {
        let mut builder = Schema::builder();
        let text_field = |builder: &mut tantivy::schema::SchemaBuilder, lang: Lang| {
            builder.add_text_field(
                &format!("text_{}", lang.as_str()),
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(analyzer_name(lang))
                        .set_index_option(IndexRecordOption::WithFreqs),
                ),
            )
        };
        let fields = Fields {
            slot: builder.add_u64_field("slot", INDEXED | FAST),
            kind: builder.add_text_field("kind", STRING),
            lang: builder.add_text_field("lang", STRING),
            concept: builder.add_text_field("concept", STRING),
            concept_exact: builder.add_text_field("concept_exact", STRING),
            code: builder.add_text_field("code", STRING),
            class: builder.add_text_field("class", STRING),
            market: builder.add_text_field("market", STRING),
            text: Lang::ALL.map(|lang| text_field(&mut builder, lang)),
        };
        let index = Index::create_in_ram(builder.build());
        for lang in Lang::ALL {
            index
                .tokenizers()
                .register(analyzer_name(lang), analyzer(lang));
        }
        let threads = config.writer_threads.max(1);
        let writer = index
            .writer_with_num_threads(threads, config.writer_memory.max(threads * 20_000_000))
            .expect("a RAM index always has its writer");
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .expect("a RAM index can be read");
        let analyzers = Lang::ALL.map(analyzer);
        Engine {
            config,
            fields,
            reader,
            writer: Mutex::new(writer),
            table: RwLock::new(Table::default()),
            past: RwLock::new(PastCooperation::new()),
            generic: crate::lang::generic_terms(&analyzers),
            analyzers,
        }
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Replaces the past-cooperation table used in scoring.
    pub fn set_past_cooperation(&self, past: PastCooperation) {
        *self.past.write().expect("lock") = past;
    }

    /// Number of live offers and needs.
    pub fn len(&self) -> usize {
        self.table.read().expect("lock").slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds or replaces an offer; searchable after [`Engine::commit`].
    pub fn upsert_offer(&self, offer: Offer) {
        let concepts = concepts::of_offer(&offer.codes, &offer.texts);
        let mut langs: Vec<Lang> = Vec::new();
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.kind, KIND_OFFER);
        for text in &offer.texts {
            let lang = language_of(text.lang.as_ref(), &text.text);
            if !langs.contains(&lang) {
                langs.push(lang);
                doc.add_text(self.fields.lang, lang.as_str());
            }
            doc.add_text(self.fields.text[lang_index(lang)], &text.text);
        }
        for concept in concepts::with_ancestors(&concepts) {
            doc.add_text(self.fields.concept, concept);
        }
        for hit in &concepts {
            doc.add_text(self.fields.concept_exact, hit.id);
        }
        let mut markets: HashSet<CountryCode> = HashSet::new();
        for registration in &offer.registrations {
            markets.extend(self.config.markets.countries(registration));
        }
        for country in markets {
            doc.add_text(self.fields.market, country.as_str());
        }
        for code in &offer.codes {
            doc.add_text(self.fields.code, code.to_string());
        }
        for hit in &concepts {
            if let Some(code) = hit.code {
                doc.add_text(
                    self.fields.class,
                    concepts::class_term(code.scheme(), hit.id),
                );
            }
        }
        let item = offer.item;
        let codes = offer.codes.clone();
        self.insert(
            item,
            doc,
            Entry::Offer(IndexedOffer {
                offer,
                concepts,
                langs,
            }),
            &codes,
        );
    }

    /// Adds or replaces a need, for [`Engine::match_offer`].
    pub fn upsert_need(&self, doc_in: NeedDoc) {
        let concepts = concepts::of_need(&doc_in.need.codes, &doc_in.need.texts);
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.kind, KIND_NEED);
        let mut langs = Vec::new();
        for text in &doc_in.need.texts {
            let lang = language_of(text.lang.as_ref(), &text.text);
            if !langs.contains(&lang) {
                langs.push(lang);
                doc.add_text(self.fields.lang, lang.as_str());
            }
            doc.add_text(self.fields.text[lang_index(lang)], &text.text);
        }
        for concept in &concepts {
            doc.add_text(self.fields.concept_exact, concept.id);
            for term in class_terms(concept.id) {
                doc.add_text(self.fields.class, term);
            }
        }
        for code in &doc_in.need.codes {
            doc.add_text(self.fields.code, code.to_string());
        }
        self.insert(
            doc_in.item,
            doc,
            Entry::Need(IndexedNeed {
                doc: doc_in,
                concepts,
            }),
            &[],
        );
    }

    fn insert(&self, item: ItemRef, mut doc: TantivyDocument, entry: Entry, codes: &[DeviceCode]) {
        let mut table = self.table.write().expect("lock");
        let writer = self.writer.lock().expect("lock");
        Self::remove_locked(&mut table, &writer, &self.fields, item);
        let slot = table.entries.len() as u32;
        doc.add_u64(self.fields.slot, u64::from(slot));
        writer
            .add_document(doc)
            .expect("adding to a RAM index does not fail");
        if let Entry::Offer(offer) = &entry {
            table.count_concept_codes(&offer.concepts, codes, true);
        }
        table.entries.push(Some(entry));
        table.slots.insert(item, slot);
        for code in codes {
            *table.codes.entry(code.clone()).or_default() += 1;
        }
    }

    /// Removes an offer or need; it stops matching at once.
    pub fn remove(&self, item: ItemRef) {
        let mut table = self.table.write().expect("lock");
        let writer = self.writer.lock().expect("lock");
        Self::remove_locked(&mut table, &writer, &self.fields, item);
    }

    fn remove_locked(table: &mut Table, writer: &IndexWriter, fields: &Fields, item: ItemRef) {
        let Some(slot) = table.slots.remove(&item) else {
            return;
        };
        if let Some(Entry::Offer(old)) = table.entries[slot as usize].take() {
            table.count_concept_codes(&old.concepts, &old.offer.codes, false);
            for code in &old.offer.codes {
                if let Some(n) = table.codes.get_mut(code) {
                    *n -= 1;
                    if *n == 0 {
                        table.codes.remove(code);
                    }
                }
            }
        }
        writer.delete_term(Term::from_field_u64(fields.slot, u64::from(slot)));
    }

    /// Makes every change so far searchable.
    pub fn commit(&self) -> tantivy::Result<()> {
        self.writer.lock().expect("lock").commit()?;
        self.reader.reload()
    }

    /// The device types `need` is read as asking for, and how each was read: what
    /// [`Engine::match_need`] matches against, so that a caller can show it, even when
    /// nothing matches. The types asked come first, then the secondary ones.
    pub fn device_types_read(&self, need: &Need) -> Vec<TypeRead> {
        let table = self.table.read().expect("lock");
        let mut read: Vec<TypeRead> = self
            .asked(&table, need, &Options::default())
            .into_iter()
            .map(|hit| TypeRead {
                concept: hit.id,
                from: match hit.source {
                    concepts::Source::Code => ReadFrom::Code,
                    concepts::Source::Text | concepts::Source::Fuzzy => ReadFrom::Name,
                    concepts::Source::Inferred => ReadFrom::SimilarOffers,
                    concepts::Source::Described => ReadFrom::Description,
                },
                secondary: hit.later,
            })
            .collect();
        read.sort_by_key(|r| r.secondary);
        read
    }

    /// The device types `need` asks for (see [`Engine::match_need`]).
    fn asked(&self, table: &Table, need: &Need, options: &Options) -> Vec<ConceptHit> {
        let mut asked = concepts::of_need(&need.codes, &need.texts);
        // A need whose words name no device type (an unknown name, a brand, a model) is
        // read as the type of the offers its words match best, when they agree: so it
        // finds offers in the other languages too, which share no words with it.
        if asked.is_empty() && need.codes.is_empty() && options.ranking == Ranking::Full {
            let read = match self.inferred_concept(table, need) {
                Some(id) => Some((id, concepts::Source::Inferred)),
                None => described::read(&need.texts, &self.analyzers)
                    .map(|id| (id, concepts::Source::Described)),
            };
            if let Some((id, source)) = read {
                asked.push(ConceptHit {
                    id,
                    source,
                    code: None,
                    later: false,
                    part: false,
                    item: 0,
                });
            }
        }
        asked
    }

    /// Offers ranked for `need`.
    pub fn match_need(&self, need: &Need, options: &Options) -> Result<Vec<Match>, FieldErrors> {
        self.check_need(need)?;
        let table = self.table.read().expect("lock");
        let asked = self.asked(&table, need, options);
        let market = need
            .country
            .filter(|_| needs_registration(need.cooperation));
        let query = self.query(
            KIND_OFFER,
            &need.texts,
            ConceptTerms::Exact(&asked),
            &need.codes,
            market,
            options,
        );
        let past = self.past.read().expect("lock");
        let score_slot = |(slot, bm25): (u32, f32)| match table.entries.get(slot as usize)? {
            Some(Entry::Offer(offer)) => self
                .score(
                    &table,
                    need,
                    &asked,
                    offer,
                    bm25 - exact_bonus(&asked, offer, options),
                    options,
                    &past,
                )
                .map(|mut s| {
                    s.slot = slot;
                    s
                }),
            _ => None,
        };
        let mut scored: Vec<Scored> = Vec::new();
        for k in ROUNDS {
            let (candidates, cut) = self.candidates(&*query, k);
            scored = candidates.into_iter().filter_map(score_slot).collect();
            if !cut || scored.len() >= options.limit {
                break;
            }
        }
        // A guessed type does not constrain, so its offers compete for the candidate
        // rounds with every offer that shares a word ("baby", "battery"), and those that
        // share none were cut before scoring: they are taken in by the type alone.
        if concepts::only_guessed(&asked) {
            let of_type = self.query(
                KIND_OFFER,
                &[],
                ConceptTerms::Exact(&asked),
                &need.codes,
                market,
                options,
            );
            let have: HashSet<u32> = scored.iter().map(|s| s.slot).collect();
            let (candidates, _) = self.candidates(&*of_type, ROUNDS[0]);
            scored.extend(
                candidates
                    .into_iter()
                    .filter(|(slot, _)| !have.contains(slot))
                    .filter_map(score_slot),
            );
        }
        let mut items: Vec<u16> = asked
            .iter()
            .filter(|c| !c.later && c.item > 0)
            .map(|c| c.item)
            .collect();
        items.sort_unstable();
        items.dedup();
        if items.len() > 1 && options.ranking == Ranking::Full {
            interleave(&mut scored, options.limit);
        } else {
            top(&mut scored, options.limit);
        }
        let mut matcher = WordMatcher::new(&self.analyzers, &need.texts);
        Ok(scored
            .into_iter()
            .filter_map(|s| match &table.entries[s.slot as usize] {
                Some(Entry::Offer(offer)) => Some(self.finish(s, need, offer, &mut matcher)),
                _ => None,
            })
            .collect())
    }

    /// The device type a need names no device type for, read from the offers its words
    /// match best (in any language): the most specific type that at least
    /// [`INFER_SHARE`] of their text-match weight (offers of no known type included)
    /// supports, counting an offer for its types and every broader one, when at least
    /// [`INFER_MIN_OFFERS`] of them are of it.
    /// A top-level category is not a device type and is never inferred.
    fn inferred_concept(&self, table: &Table, need: &Need) -> Option<&'static str> {
        let options = Options {
            limit: INFER_TOP,
            ..Options::default()
        };
        let query = self.query(
            KIND_OFFER,
            &need.texts,
            ConceptTerms::Exact(&[]),
            &[],
            None,
            &options,
        );
        let (hits, _) = self.candidates(&*query, Some(INFER_TOP));
        let taxonomy = Taxonomy::builtin();
        let mut support: HashMap<&'static str, (f32, usize)> = HashMap::new();
        let mut total = 0.0f32;
        for (slot, bm25) in hits {
            let Some(Some(Entry::Offer(offer))) = table.entries.get(slot as usize) else {
                continue;
            };
            total += bm25;
            if offer.concepts.is_empty() {
                continue;
            }
            let mut types: Vec<&'static str> = Vec::new();
            for hit in &offer.concepts {
                types.push(hit.id);
                types.extend(taxonomy.ancestors(hit.id).map(|c| c.id()));
            }
            types.sort_unstable();
            types.dedup();
            for id in types {
                let entry = support.entry(id).or_default();
                entry.0 += bm25;
                entry.1 += 1;
            }
        }
        support
            .into_iter()
            .filter(|&(id, (weight, offers))| {
                offers >= INFER_MIN_OFFERS
                    && weight >= INFER_SHARE * total
                    && concepts::depth(id) > 0
            })
            .max_by(|a, b| {
                let depth = concepts::depth(a.0).cmp(&concepts::depth(b.0));
                depth.then(a.1.0.total_cmp(&b.1.0))
            })
            .map(|(id, _)| id)
    }

    /// The device type `need`'s words suggest through the offers they match best, read
    /// as for a need that names none (see [`Engine::match_need`]), whatever types it names.
    pub fn inferred_device_type(&self, need: &Need) -> Option<&'static str> {
        let table = self.table.read().expect("lock");
        self.inferred_concept(&table, need)
    }

    /// Needs ranked for an indexed offer (the reciprocal direction).
    pub fn match_offer_ref(
        &self,
        item: ItemRef,
        options: &Options,
    ) -> Result<Vec<Match>, FieldErrors> {
        let offer = match self
            .table
            .read()
            .expect("lock")
            .slots
            .get(&item)
            .map(|s| *s as usize)
        {
            Some(slot) => match &self.table.read().expect("lock").entries[slot] {
                Some(Entry::Offer(o)) => o.offer.clone(),
                _ => None.ok_or_else(|| not_found(item))?,
            },
            None => return Err(not_found(item)),
        };
        self.match_offer(&offer, options)
    }

    /// What is indexed for `item`, as it was given: to match it again after a write.
    pub fn indexed(&self, item: ItemRef) -> Option<Indexed> {
        let table = self.table.read().expect("lock");
        let slot = *table.slots.get(&item)? as usize;
        match table.entries[slot].as_ref()? {
            Entry::Offer(o) => Some(Indexed::Offer(o.offer.clone())),
            Entry::Need(n) => Some(Indexed::Need(n.doc.need.clone())),
        }
    }

    /// Needs ranked for `offer`: the same constraints and score as [`Engine::match_need`],
    /// seen from the other side.
    pub fn match_offer(&self, offer: &Offer, options: &Options) -> Result<Vec<Match>, FieldErrors> {
        if offer.texts.iter().all(|t| t.text.trim().is_empty()) && offer.codes.is_empty() {
            return Err(FieldError::new(
                "text",
                ErrorCode::Required,
                "the offer has neither text nor device codes",
            )
            .into());
        }
        let concepts = concepts::of_offer(&offer.codes, &offer.texts);
        let indexed = IndexedOffer {
            offer: offer.clone(),
            langs: offer
                .texts
                .iter()
                .map(|t| language_of(t.lang.as_ref(), &t.text))
                .collect(),
            concepts,
        };
        let ancestors = concepts::with_ancestors(&indexed.concepts);
        let table = self.table.read().expect("lock");
        let query = self.query(
            KIND_NEED,
            &offer.texts,
            ConceptTerms::AncestorsOf(&ancestors, &indexed.concepts),
            &offer.codes,
            None,
            options,
        );
        let past = self.past.read().expect("lock");
        let mut scored: Vec<Scored> = Vec::new();
        for k in ROUNDS {
            let (candidates, cut) = self.candidates(&*query, k);
            scored = candidates
                .into_iter()
                .filter_map(|(slot, bm25)| match table.entries.get(slot as usize)? {
                    Some(Entry::Need(need)) => self
                        .score(
                            &table,
                            &need.doc.need,
                            &need.concepts,
                            &indexed,
                            bm25,
                            options,
                            &past,
                        )
                        .map(|mut s| {
                            s.slot = slot;
                            s
                        }),
                    _ => None,
                })
                .collect();
            if !cut || scored.len() >= options.limit {
                break;
            }
        }
        top(&mut scored, options.limit);
        Ok(scored
            .into_iter()
            .filter_map(|s| match &table.entries[s.slot as usize] {
                Some(Entry::Need(need)) => {
                    let mut matcher = WordMatcher::new(&self.analyzers, &need.doc.need.texts);
                    let mut m = self.finish(s, &need.doc.need, &indexed, &mut matcher);
                    m.item = need.doc.item;
                    m.codes = need.doc.need.codes.clone();
                    Some(m)
                }
                _ => None,
            })
            .collect())
    }

    fn check_need(&self, need: &Need) -> Result<(), FieldErrors> {
        let mut errors = need.check_shape();
        let table = self.table.read().expect("lock");
        for (i, code) in need.codes.iter().enumerate() {
            if Taxonomy::active().by_code(code).next().is_none() && !table.codes.contains_key(code)
            {
                errors.push(FieldError::new(
                    format!("codes[{i}]"),
                    ErrorCode::UnknownDeviceCode,
                    format!("{code} is neither in the taxonomy nor on any offer"),
                ));
            }
        }
        if let Some(budget) = need.budget
            && !self.config.rates.knows(budget.currency)
        {
            errors.push(FieldError::new(
                "budget.currency",
                ErrorCode::UnknownCurrency,
                format!(
                    "no exchange rate for {} in the rate table of {}",
                    budget.currency, self.config.rates.date
                ),
            ));
        }
        errors.into_result()
    }

    fn query(
        &self,
        kind: &str,
        texts: &[TaggedText],
        concepts: ConceptTerms<'_>,
        codes: &[DeviceCode],
        market: Option<CountryCode>,
        options: &Options,
    ) -> Box<dyn Query> {
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, term(self.fields.kind, kind))];
        if let Some(lang) = options.only_lang {
            clauses.push((Occur::Must, term(self.fields.lang, lang.as_str())));
        }
        if let Some(country) = market
            && options.ranking == Ranking::Full
            && !options.relaxed
        {
            clauses.push((Occur::Must, term(self.fields.market, country.as_str())));
        }
        let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Words that name no device (price, delivery, "medical equipment"): they score, but
        // a result must share another word when no type is read. Not in the BM25 baseline.
        let mut generic: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let full = options.ranking == Ranking::Full;
        let mut seen = HashSet::new();
        for text in texts {
            // A stop word of the text's own language says nothing in another language's
            // field either (French `pour` would match English `POUR PLATE` media).
            let own = language_of(text.lang.as_ref(), &text.text);
            for lang in Lang::ALL {
                let field = self.fields.text[lang_index(lang)];
                let mut analyzer = self.analyzers[lang_index(lang)].clone();
                for (t, word) in terms(&mut analyzer, &text.text) {
                    if lang != own && crate::lang::is_stop_word(own, &word.to_lowercase()) {
                        continue;
                    }
                    if seen.insert((lang, t.clone())) {
                        let query: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(field, &t),
                            IndexRecordOption::WithFreqs,
                        ));
                        if full && self.generic[lang_index(lang)].contains(&t) {
                            generic.push((Occur::Should, query));
                        } else {
                            words.push((Occur::Should, query));
                        }
                    }
                }
            }
        }
        // Some of `words` must match; `generic` only adds to the score.
        let (words, generic): (Box<dyn Query>, Box<dyn Query>) = (
            Box::new(BooleanQuery::new(words)),
            Box::new(BooleanQuery::new(generic)),
        );
        let mut device: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut exact: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // A type read from a description is a guess, not a constraint: its offers come
        // first, and offers the words match still follow.
        let guessed = matches!(concepts, ConceptTerms::Exact(hits) if concepts::only_guessed(hits));
        if options.ranking == Ranking::Full {
            match concepts {
                ConceptTerms::Exact(hits) => {
                    for hit in hits {
                        exact.push((
                            Occur::Should,
                            Box::new(ConstScoreQuery::new(
                                term(self.fields.concept_exact, hit.id),
                                EXACT_BOOST,
                            )),
                        ));
                        device.push((Occur::Should, term(self.fields.concept, hit.id)));
                        for class in class_terms(hit.id) {
                            device.push((Occur::Should, term(self.fields.class, &class)));
                        }
                    }
                }
                ConceptTerms::AncestorsOf(ids, coded) => {
                    for id in ids {
                        device.push((Occur::Should, term(self.fields.concept_exact, id)));
                    }
                    for hit in coded {
                        if let Some(code) = hit.code {
                            let class = concepts::class_term(code.scheme(), hit.id);
                            device.push((Occur::Should, term(self.fields.class, &class)));
                        }
                    }
                }
            }
            for code in codes {
                device.push((Occur::Should, term(self.fields.code, &code.to_string())));
            }
        }
        clauses.push((Occur::Should, generic));
        if device.is_empty() {
            clauses.push((Occur::Must, words));
        } else {
            // Scores nothing itself, so the tantivy score is the words' BM25 (plus the
            // exact-concept bonus, which `score` takes back off).
            let device: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(device)),
                0.0,
            ));
            clauses.extend(exact);
            if options.relaxed || guessed {
                clauses.push((
                    Occur::Must,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Should, device),
                        (Occur::Should, words),
                    ])),
                ));
            } else {
                clauses.push((Occur::Must, device));
                clauses.push((Occur::Should, words));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// `(slot, tantivy score)` of matching documents: the best `k` by score (tantivy's
    /// block-max pruning keeps this fast on a million documents), or all of them when
    /// `k` is `None`. The flag says whether the result may have been cut.
    fn candidates(&self, query: &dyn Query, k: Option<usize>) -> (Vec<(u32, f32)>, bool) {
        let searcher = self.reader.searcher();
        let Some(k) = k else {
            let hits = searcher
                .search(query, &SlotCollector)
                .expect("searching a RAM index does not fail");
            return (hits, false);
        };
        let top = searcher
            .search(query, &TopDocs::with_limit(k).order_by_score())
            .expect("searching a RAM index does not fail");
        let cut = top.len() == k;
        let mut columns: HashMap<u32, Column<u64>> = HashMap::new();
        let hits = top
            .into_iter()
            .filter_map(|(score, address)| {
                let column = match columns.entry(address.segment_ord) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => e.insert(
                        searcher
                            .segment_reader(address.segment_ord)
                            .fast_fields()
                            .u64("slot")
                            .ok()?,
                    ),
                };
                column
                    .first(address.doc_id)
                    .map(|slot| (slot as u32, score))
            })
            .collect();
        (hits, cut)
    }

    /// Constraints and score of one pair; `None` when it is not returned at all.
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        table: &Table,
        need: &Need,
        asked: &[ConceptHit],
        offer: &IndexedOffer,
        bm25: f32,
        options: &Options,
        past: &PastCooperation,
    ) -> Option<Scored> {
        let text = bm25 / (bm25 + 4.0);
        if options.ranking == Ranking::TextOnly {
            return Some(Scored {
                slot: 0,
                score: bm25,
                concept: None,
                item: None,
                failed: Vec::new(),
                reasons: Vec::new(),
            });
        }
        if let Some(lang) = options.only_lang
            && !offer.langs.contains(&lang)
        {
            return None;
        }
        let mut failed = Vec::new();
        let mut reasons = Vec::new();
        let concept = concept_strength(table, asked, &need.codes, offer);
        if concept.is_none()
            && !concepts::only_guessed(asked)
            && (!asked.is_empty() || !need.codes.is_empty())
        {
            failed.push(Constraint::DeviceType {
                asked: asked.iter().map(|c| c.id.to_string()).collect(),
            });
        }
        let o = &offer.offer;
        if let Some(wanted) = need.cooperation {
            if let Some(kind) = o.cooperation.iter().find(|k| compatible(wanted, **k)) {
                reasons.push(Reason::Cooperation { kind: *kind });
            } else {
                failed.push(Constraint::Cooperation {
                    wanted,
                    offered: o.cooperation.clone(),
                });
            }
        }
        if let Some(country) = need.country
            && needs_registration(need.cooperation)
        {
            match self
                .config
                .markets
                .valid_in(&o.registrations, country, need.today)
            {
                Some(r) => reasons.push(Reason::Registration {
                    authority: r.authority,
                    country,
                    valid_until: r.valid_until,
                }),
                None => failed.push(Constraint::Registration { country }),
            }
        }
        let mut price_fit = 0.0;
        if let (Some(budget), Some(price)) = (need.budget, o.price) {
            // Compared per unit, in the buyer's currency (the rate table converts).
            let unit_budget = budget.amount.as_f64() / f64::from(need.quantity.unwrap_or(1).max(1));
            let price = Money {
                amount: price.min,
                currency: price.currency,
            };
            match self
                .config
                .rates
                .convert(price, budget.currency, "price.currency")
            {
                Err(_) => failed.push(Constraint::PriceCurrency { price }),
                Ok(unit_price) => {
                    let shown_budget = amount_of(unit_budget, budget.currency);
                    if unit_price <= unit_budget * (1.0 + 1e-9) {
                        price_fit =
                            (1.0 - unit_price / unit_budget.max(1e-9)).clamp(0.0, 1.0) as f32;
                        reasons.push(Reason::WithinBudget {
                            price,
                            budget: shown_budget,
                        });
                    } else {
                        failed.push(Constraint::Price {
                            price,
                            budget: shown_budget,
                        });
                    }
                }
            }
        }
        if let (Some(deadline), Some(days)) = (need.deadline, o.lead_time_days) {
            let days_left = (deadline - need.today).num_days();
            if i64::from(days) <= days_left {
                reasons.push(Reason::DeliveryInTime {
                    lead_time_days: days,
                    deadline,
                });
            } else {
                failed.push(Constraint::LeadTime {
                    lead_time_days: days,
                    days_left,
                });
            }
        }
        if !failed.is_empty() && (!options.relaxed || failed.len() > options.max_failed) {
            return None;
        }
        let mut presence = 0.0;
        let mut past_score = 0.0;
        if let Some(country) = need.country {
            if o.supplier_country == Some(country) || o.service_countries.contains(&country) {
                presence = 1.0;
                reasons.push(Reason::PresentInCountry { country });
            }
            if let Some(times) = o.supplier.and_then(|s| past.get(&(s, country)))
                && *times > 0
            {
                past_score = (*times).min(3) as f32 / 3.0;
                reasons.push(Reason::PastCooperation {
                    country,
                    times: *times,
                });
            }
        }
        let (strength, concept_reason, credited) = concept.unwrap_or((0.0, None, None));
        let mut score = W_CONCEPT * strength
            + W_TEXT * text
            + W_PRICE * price_fit
            + W_PRESENCE * presence
            + W_PAST * past_score;
        // A near miss never outranks a result that passes everything.
        score *= 0.5f32.powi(failed.len() as i32);
        Some(Scored {
            slot: 0,
            score,
            concept: concept_reason,
            item: credited
                .and_then(|id| asked.iter().find(|c| c.id == id && !c.later))
                .map(|c| c.item)
                .filter(|&item| item > 0),
            failed,
            reasons,
        })
    }

    fn finish(
        &self,
        s: Scored,
        need: &Need,
        offer: &IndexedOffer,
        words: &mut WordMatcher,
    ) -> Match {
        let mut reasons: Vec<Reason> = s.concept.into_iter().collect();
        reasons.extend(
            words
                .matched(&offer.offer.texts)
                .into_iter()
                .map(|word| Reason::MatchedWord { word }),
        );
        reasons.extend(s.reasons);
        let mutual = match (need.country, offer.offer.service_countries.is_empty()) {
            (Some(country), false) => {
                let theirs = if offer.offer.service_countries.contains(&country) {
                    1.0
                } else {
                    0.25
                };
                let ours = (s.score / (W_CONCEPT + W_TEXT)).clamp(0.0, 1.0);
                Some((ours * theirs).sqrt())
            }
            _ => None,
        };
        Match {
            item: offer.offer.item,
            score: s.score,
            mutual,
            codes: offer.offer.codes.clone(),
            reasons,
            failed: s.failed,
        }
    }
}

fn not_found(item: ItemRef) -> FieldErrors {
    FieldError::new(
        "item",
        ErrorCode::NotFound,
        format!("{item} is not indexed as an offer"),
    )
    .into()
}

fn amount_of(value: f64, currency: medbridge_core::Currency) -> Money {
    let cents = (value * 100.0)
        .round()
        .clamp(0.0, (medbridge_core::Amount::MAX_UNITS * 100) as f64);
    Money {
        amount: medbridge_core::Amount::from_cents(cents as i64).expect("clamped into range"),
        currency,
    }
}

enum ConceptTerms<'a> {
    /// Offers whose concepts (with ancestors) include one of these.
    Exact(&'a [ConceptHit]),
    /// Needs asking for one of these (an offer's concepts and their ancestors), or whose
    /// registry class is one of the offer's coded concepts.
    AncestorsOf(&'a HashSet<&'static str>, &'a [ConceptHit]),
}

struct Scored {
    slot: u32,
    score: f32,
    concept: Option<Reason>,
    /// The device type of the need's first phrase this result answers, when it answers
    /// one: a need listing several ("CT, MRI, DR") gets each in turn.
    item: Option<u16>,
    failed: Vec<Constraint>,
    reasons: Vec<Reason>,
}

/// What the exact-concept clause of a need query added to `offer`'s tantivy score.
fn exact_bonus(asked: &[ConceptHit], offer: &IndexedOffer, options: &Options) -> f32 {
    if options.ranking == Ranking::Full
        && offer
            .concepts
            .iter()
            .any(|o| asked.iter().any(|c| c.id == o.id))
    {
        EXACT_BOOST
    } else {
        0.0
    }
}

/// Keeps the best `limit`, best first; ties broken by slot so results are reproducible.
fn top(scored: &mut Vec<Scored>, limit: usize) {
    let order = |a: &Scored, b: &Scored| {
        (a.failed.len(), b.score, a.slot)
            .partial_cmp(&(b.failed.len(), a.score, b.slot))
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    if scored.len() > limit && limit > 0 {
        scored.select_nth_unstable_by(limit - 1, order);
        scored.truncate(limit);
    }
    scored.truncate(limit);
    scored.sort_by(order);
}

/// Like [`top`] for a need that lists several device types: the best result of each
/// item in turn (items in the order of their best result), then the best of each again,
/// and so on, so that a tender for lights, tables and diathermy does not get ten lights.
/// Results that answer no listed item, and near misses, follow in score order.
fn interleave(scored: &mut Vec<Scored>, limit: usize) {
    let order = |a: &Scored, b: &Scored| {
        (a.failed.len(), b.score, a.slot)
            .partial_cmp(&(b.failed.len(), a.score, b.slot))
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    scored.sort_by(order);
    let mut queues: Vec<(u16, std::collections::VecDeque<Scored>)> = Vec::new();
    let mut rest = Vec::new();
    for s in scored.drain(..) {
        match s.item.filter(|_| s.failed.is_empty()) {
            Some(item) => match queues.iter_mut().find(|(i, _)| *i == item) {
                Some((_, queue)) => queue.push_back(s),
                None => queues.push((item, std::collections::VecDeque::from([s]))),
            },
            None => rest.push(s),
        }
    }
    while scored.len() < limit && queues.iter().any(|(_, q)| !q.is_empty()) {
        for (_, queue) in &mut queues {
            if scored.len() < limit
                && let Some(s) = queue.pop_front()
            {
                scored.push(s);
            }
        }
    }
    scored.extend(rest);
    scored.truncate(limit);
}

/// Which forms of cooperation answer which: supply and distribution serve each other (a
/// distributor buys to resell), as do technology transfer and joint R&D, and clinical
/// cooperation and training; maintenance and investment only themselves.
pub fn compatible(wanted: CooperationType, offered: CooperationType) -> bool {
    use CooperationType::*;
    wanted == offered
        || matches!(
            (wanted, offered),
            (EquipmentSupply, Distribution)
                | (Distribution, EquipmentSupply)
                | (TechnologyTransfer, JointRnd)
                | (JointRnd, TechnologyTransfer)
                | (ClinicalCooperation, EducationTraining)
                | (EducationTraining, ClinicalCooperation)
        )
}

/// A device changes hands (and so must be legal in the buyer's country) unless the
/// cooperation is about something else than placing devices on the market.
pub fn needs_registration(wanted: Option<CooperationType>) -> bool {
    matches!(
        wanted,
        None | Some(CooperationType::EquipmentSupply) | Some(CooperationType::Distribution)
    )
}

/// How strongly an offer is what was asked for, and the reason to show. A need concept C
/// is matched by an offer concept O that is C (1.0) or lies below C ([`NARROWER`]),
/// weighted by how the offer's concept was established (and, when words established it,
/// by how typical the offer's codes are for O); a shared code counts as the same device
/// type.
fn concept_strength(
    table: &Table,
    asked: &[ConceptHit],
    codes: &[DeviceCode],
    offer: &IndexedOffer,
) -> Option<(f32, Option<Reason>, Option<&'static str>)> {
    let taxonomy = Taxonomy::builtin();
    let mut best: Option<(f32, Option<Reason>, Option<&'static str>)> = None;
    let mut consider = |strength: f32, reason: Reason, credited: Option<&'static str>| {
        if best.as_ref().is_none_or(|(s, _, _)| strength > *s) {
            best = Some((strength, Some(reason), credited));
        }
    };
    if let Some(code) = offer.offer.codes.iter().find(|c| codes.contains(c)) {
        consider(1.0, Reason::SameCode { code: code.clone() }, None);
    }
    let deepest = asked
        .iter()
        .map(|c| concepts::depth(c.id))
        .max()
        .unwrap_or(0);
    for c in asked {
        // Among several asked concepts, prefer those of the phrase the buyer named first,
        // then the most specific: in all four languages the thing wanted comes before what
        // it goes with ("portable ultrasound with convex probes", "датчики к УЗИ
        // аппарату", "sonde endovaginale compatible avec notre échographe", "四维彩超，
        // 要求有容积探头").
        let first = if c.later { SECONDARY } else { 1.0 };
        let specificity = first * (1.0 - 0.05 * (deepest - concepts::depth(c.id)) as f32);
        for o in &offer.concepts {
            let typical = if o.source == concepts::Source::Code {
                table.code_typicality(o.id, &offer.offer.codes)
            } else {
                table.typicality(o.id, &offer.offer.codes)
            };
            let weight = o.source.weight() * specificity * typical;
            let in_class = |class: fn(&str, CodeScheme) -> Option<&'static str>| {
                o.id != c.id
                    && o.code
                        .is_some_and(|code| class(c.id, code.scheme()) == Some(o.id))
                    && codes_in_class(&offer.offer.codes, |scheme| class(c.id, scheme))
            };
            let covers = in_class(concepts::registry_class);
            // A type the need's words did not name but its best matches suggested says so.
            let inferred = matches!(
                c.source,
                concepts::Source::Inferred | concepts::Source::Described
            );
            if o.id == c.id || (inferred && taxonomy.is_same_or_descendant(o.id, c.id)) {
                let strength = if o.id == c.id { 1.0 } else { NARROWER };
                let concept = o.id.to_string();
                let reason = match c.source {
                    concepts::Source::Inferred => Reason::InferredDeviceType { concept },
                    concepts::Source::Described => Reason::DescribedDeviceType { concept },
                    _ => Reason::SameDeviceType { concept },
                };
                consider(strength * weight, reason, Some(c.id));
            } else if taxonomy.is_same_or_descendant(o.id, c.id) {
                consider(
                    NARROWER * weight,
                    Reason::NarrowerDeviceType {
                        concept: o.id.to_string(),
                        asked: c.id.to_string(),
                    },
                    Some(c.id),
                );
            } else if covers && let Some(code) = o.code {
                consider(
                    0.7 * weight,
                    Reason::CodeCovers {
                        code: code.clone(),
                        asked: c.id.to_string(),
                    },
                    Some(c.id),
                );
            } else if let Some(code) = o.code
                && in_class(concepts::broader_class)
            {
                consider(
                    BROADER_CODE * weight,
                    Reason::BroaderCode {
                        code: code.clone(),
                        class: o.id.to_string(),
                        asked: c.id.to_string(),
                    },
                    Some(c.id),
                );
            }
        }
    }
    best
}

/// Every FDA or EMDN code of an offer is a code of `class` in its scheme (the nearest
/// coded ancestor of the type asked, or the class above it): the registries say as much
/// as they say about the type asked, and none of them says it is something else.
fn codes_in_class(
    codes: &[DeviceCode],
    class: impl Fn(CodeScheme) -> Option<&'static str>,
) -> bool {
    let taxonomy = Taxonomy::builtin();
    let mut device_codes = codes.iter().filter(|k| names_registry_class(k));
    let mut any = false;
    let all = device_codes.all(|k| {
        any = true;
        class(k.scheme()).is_some_and(|class| taxonomy.by_code(k).any(|c| c.id() == class))
    });
    any && all
}

/// Registry-class terms of a need concept in every scheme that names device types: its
/// class when that is a strict ancestor (the concept itself is found by the concept
/// field), or the class above it when it has a code of its own.
fn class_terms(id: &str) -> Vec<String> {
    [CodeScheme::Fda, CodeScheme::Emdn]
        .into_iter()
        .filter_map(|scheme| {
            concepts::registry_class(id, scheme)
                .filter(|class| *class != id)
                .or_else(|| concepts::broader_class(id, scheme))
                .map(|class| concepts::class_term(scheme, class))
        })
        .collect()
}

/// Finds the need's words in offer texts, language by language, to explain text matches
/// with the words the buyer wrote.
struct WordMatcher {
    analyzers: [TextAnalyzer; 4],
    /// `(lang, analysed term, word as written)`.
    need_terms: Vec<(Lang, String, String)>,
}

impl WordMatcher {
    fn new(analyzers: &[TextAnalyzer; 4], texts: &[TaggedText]) -> WordMatcher {
        let mut analyzers = analyzers.clone();
        let mut need_terms = Vec::new();
        for text in texts {
            let lang = language_of(text.lang.as_ref(), &text.text);
            for (term, word) in terms(&mut analyzers[lang_index(lang)], &text.text) {
                if word.chars().count() > 1 || lang == Lang::Zh {
                    need_terms.push((lang, term, word));
                }
            }
        }
        WordMatcher {
            analyzers,
            need_terms,
        }
    }

    fn matched(&mut self, offer_texts: &[TaggedText]) -> Vec<String> {
        let mut offer_terms: HashSet<(Lang, String)> = HashSet::new();
        for text in offer_texts {
            let lang = language_of(text.lang.as_ref(), &text.text);
            for (term, _) in terms(&mut self.analyzers[lang_index(lang)], &text.text) {
                offer_terms.insert((lang, term));
            }
        }
        let mut words: Vec<String> = Vec::new();
        for (lang, term, word) in &self.need_terms {
            if offer_terms.contains(&(*lang, term.clone())) && !words.contains(word) {
                words.push(word.clone());
                if words.len() == 3 {
                    break;
                }
            }
        }
        words
    }
}

/// Gathers `(slot, BM25)` of every matching live document.
struct SlotCollector;

struct SlotSegment {
    slots: Column<u64>,
    hits: Vec<(u32, f32)>,
}

impl Collector for SlotCollector {
    type Fruit = Vec<(u32, f32)>;
    type Child = SlotSegment;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SlotSegment> {
        Ok(SlotSegment {
            slots: segment.fast_fields().u64("slot")?,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u32, f32)>>) -> tantivy::Result<Vec<(u32, f32)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SlotSegment {
    type Fruit = Vec<(u32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(slot) = self.slots.first(doc) {
            self.hits.push((slot as u32, score));
        }
    }

    fn harvest(self) -> Vec<(u32, f32)> {
        self.hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::Source;

    fn hit(id: &'static str) -> ConceptHit {
        ConceptHit {
            id,
            source: Source::Text,
            code: None,
            later: false,
            part: false,
            item: 0,
        }
    }

    fn code(c: &str) -> DeviceCode {
        c.parse().unwrap()
    }

    #[test]
    fn typicality_follows_the_codes_other_offers_of_the_concept_carry() {
        // QQQ and QQR are codes the taxonomy does not map: the offers decide.
        let mut table = Table::default();
        let aed = [hit("cardiology.defibrillator.aed")];
        for _ in 0..4 {
            table.count_concept_codes(&aed, &[code("FDA:QQQ")], true);
        }
        table.count_concept_codes(&aed, &[code("FDA:QQR")], true);
        let aed = "cardiology.defibrillator.aed";
        assert_eq!(table.typicality(aed, &[code("FDA:QQQ")]), 1.0);
        let rare = table.typicality(aed, &[code("FDA:QQR")]);
        assert!((rare - (MIN_TYPICALITY + (1.0 - MIN_TYPICALITY) / 4.0)).abs() < 1e-6);
        assert_eq!(table.typicality(aed, &[code("FDA:XYZ")]), MIN_TYPICALITY);
        assert_eq!(table.typicality(aed, &[]), 1.0, "no code, no evidence");
        // Removing offers keeps the counts and their maximum right.
        let aed_hit = [hit(aed)];
        for _ in 0..4 {
            table.count_concept_codes(&aed_hit, &[code("FDA:QQQ")], false);
        }
        // One offer of QQR is too little to call it typical ...
        assert_eq!(table.typicality(aed, &[code("FDA:QQR")]), MIN_TYPICALITY);
        // ... MIN_CODE_EVIDENCE are enough.
        for _ in 1..MIN_CODE_EVIDENCE {
            table.count_concept_codes(&aed_hit, &[code("FDA:QQR")], true);
        }
        assert_eq!(table.typicality(aed, &[code("FDA:QQR")]), 1.0);
        assert_eq!(table.typicality(aed, &[code("FDA:QQQ")]), MIN_TYPICALITY);
    }

    #[test]
    fn a_code_few_offers_of_the_concept_carry_is_less_typical() {
        let mut table = Table::default();
        let oximeter = "monitoring.pulse_oximeter";
        for _ in 0..9 {
            table.count_concept_codes(&[hit(oximeter)], &[code("FDA:DQA")], true);
        }
        table.count_concept_codes(&[hit(oximeter)], &[code("FDA:DPZ")], true);
        assert_eq!(table.code_typicality(oximeter, &[code("FDA:DQA")]), 1.0);
        let rare = table.code_typicality(oximeter, &[code("FDA:DPZ")]);
        let expected = MIN_CODE_TYPICALITY + (1.0 - MIN_CODE_TYPICALITY) / 9.0;
        assert!((rare - expected).abs() < 1e-6, "{rare}");
        // The best of an offer's codes counts; no counts, no evidence.
        let both = [code("FDA:DPZ"), code("FDA:DQA")];
        assert_eq!(table.code_typicality(oximeter, &both), 1.0);
        assert_eq!(table.code_typicality("imaging.ct", &[code("FDA:JAK")]), 1.0);
    }

    #[test]
    fn the_taxonomy_codes_settle_typicality_before_the_counts() {
        let mut table = Table::default();
        let yag = "ophthalmology.laser.yag";
        // Every offer named a YAG laser so far is a gastro-urology laser (LNK)...
        for _ in 0..5 {
            table.count_concept_codes(&[hit(yag)], &[code("FDA:LNK")], true);
        }
        // ... which the taxonomy files under surgical lasers: not typical of the
        // ophthalmic kind, however many there are.
        assert_eq!(table.typicality(yag, &[code("FDA:LNK")]), MIN_TYPICALITY);
        // LXS is the ophthalmic YAG laser's own code, even if no offer carried it yet.
        assert_eq!(table.typicality(yag, &[code("FDA:LXS")]), 1.0);
        // HQF, the ophthalmic-laser class above it, is left to the counts (none: least).
        assert_eq!(table.typicality(yag, &[code("FDA:HQF")]), MIN_TYPICALITY);
        // One code of the concept's own among others is enough.
        assert_eq!(
            table.typicality(yag, &[code("FDA:LNK"), code("FDA:LXS")]),
            1.0
        );
    }
}
