//! Evaluation on judged needs: the engine beside a plain BM25 baseline, in one run.
//!
//! The corpus is the FDA 510(k) file: each record becomes an English offer carrying
//! `FDA:<PRODUCTCODE>`, its device name as text and a US FDA registration. The 510(k)
//! file has no texts in other languages, so to measure language pairs the corpus gets a
//! **synthetic** part: for every product code of the file that the taxonomy maps to a
//! device type, [`SYNTHETIC_PER_CODE`] offers per language (zh, ru, fr) whose text is one
//! of that device type's names in the taxonomy lexicon plus a model number, carrying the
//! same code. Those texts come from the same lexicon the recogniser uses, so for the
//! pairs with Chinese, Russian and French offers the measure is how well the *need* is
//! understood and ranked, not how well a real foreign catalogue would be; the English
//! pair is on the real records only.
//!
//! Needs are run untagged (the language detector decides), with the buyer in the US
//! (where 510(k) clearances are valid) on [`EVAL_TODAY`]. Only offers the engine may
//! return on that day count as relevant (in the ideal DCG, and in whether a language
//! pair has any relevant offer for a need).
//!
//! Metrics per need, with a result relevant when it carries one of the need's codes:
//! accuracy@1 (the top result is relevant), recall@10 (one of the top 10 is), and
//! nDCG@10 with binary gains (the ideal ranking puts `min(10, relevant offers in the
//! corpus)` relevant results first). Per language pair only the offers in the pair's
//! offer language are searched, and needs with no relevant offer in that language are
//! left out of that pair (the count is reported). Concept accuracy@1 asks whether the
//! first device type the engine reads in the need maps to one of its codes (the concept's
//! own FDA codes, or those of its registry class when it has none): it tells a need that
//! was misunderstood from one that was understood and ranked badly.
//!
//! Every figure is also given for the two halves of the judged set (see [`half`]): engine
//! changes are chosen by looking at development misses only, and the held-out half says
//! whether they generalise beyond the needs that motivated them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use medbridge_core::model::{Authority, Registration};
use medbridge_core::{CodeScheme, CountryCode, DeviceCode, ProductId};
use medbridge_taxonomy::{Lang, Taxonomy};
use serde::Serialize;

use crate::audit;
use crate::concepts;
use crate::config::EngineConfig;
use crate::engine::{Engine, Match, Options, Ranking};
use crate::input::{ItemRef, Need, Offer, TaggedText};

pub const SYNTHETIC_PER_CODE: usize = 3;
/// The day the evaluation buyer searches on. The judged sets were written for it: their
/// accepted codes are those with 510(k) records decided before it. The file's 335 newest
/// records (2026) are not yet in force that day, so no engine that checks registrations
/// may return them, and they do not count as relevant offers (until 2026-12-06 they
/// counted in the ideal DCG and in whether a pair had relevant offers at all).
pub const EVAL_TODAY: (i32, u32, u32) = (2025, 6, 1);

/// [`EVAL_TODAY`] as a date.
pub fn eval_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(EVAL_TODAY.0, EVAL_TODAY.1, EVAL_TODAY.2).expect("date")
}

/// The half of a judged set a need belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Half {
    Development,
    HeldOut,
}

/// The half of need `id`: FNV-1a (64-bit) of the id, even = development. A hash of the
/// id rather than the line order keeps every need in its half when lines are added,
/// removed or reordered, and splits each language about evenly (for needs.tsv: zh 61/61,
/// en 58/55, ru 51/52, fr 58/59).
pub fn half(id: &str) -> Half {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    if hash % 2 == 0 {
        Half::Development
    } else {
        Half::HeldOut
    }
}

/// One line of a judged set.
#[derive(Clone, Debug)]
pub struct JudgedNeed {
    pub id: String,
    pub lang: Lang,
    pub text: String,
    pub codes: Vec<String>,
}

impl JudgedNeed {
    /// The accepted codes as device codes (`FDA:XXX`).
    pub fn accepted(&self) -> Vec<DeviceCode> {
        self.codes
            .iter()
            .filter_map(|c| format!("FDA:{c}").parse().ok())
            .collect()
    }
}

/// The needs of the development halves (see [`half`]) of judged sets, each given as TSV.
pub fn development_needs(sets: &[&str]) -> Result<Vec<JudgedNeed>, String> {
    let mut needs = Vec::new();
    for set in sets {
        needs.extend(
            read_needs(set)?
                .into_iter()
                .filter(|n| half(&n.id) == Half::Development),
        );
    }
    Ok(needs)
}

fn lang_of(code: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|l| l.as_str() == code)
}

/// Reads a judged TSV (`id lang need_text fda_codes [more...]`, a header line, no
/// quoting). Errors name the line and the column.
pub fn read_needs(text: &str) -> Result<Vec<JudgedNeed>, String> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().ok_or("the file is empty")?;
    let columns: Vec<&str> = header.split('\t').collect();
    let col = |name: &str| {
        columns
            .iter()
            .position(|c| c.trim() == name)
            .ok_or_else(|| format!("line 1: no column `{name}` in the header"))
    };
    let (id, lang, need_text, fda) = (
        col("id")?,
        col("lang")?,
        col("need_text")?,
        col("fda_codes")?,
    );
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |c: usize, name: &str| {
            cells
                .get(c)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("line {}: column `{name}` is empty or missing", i + 1))
        };
        let lang_code = cell(lang, "lang")?;
        let codes: Vec<String> = cell(fda, "fda_codes")?
            .split(',')
            .map(|c| c.trim().to_string())
            .collect();
        if let Some(bad) = codes
            .iter()
            .find(|c| c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(format!(
                "line {}: column `fda_codes`: '{bad}' is not an FDA product code (3 capital letters)",
                i + 1
            ));
        }
        out.push(JudgedNeed {
            id: cell(id, "id")?.to_string(),
            lang: lang_of(lang_code).ok_or_else(|| {
                format!(
                    "line {}: column `lang`: '{lang_code}' is not zh, en, ru or fr",
                    i + 1
                )
            })?,
            text: cell(need_text, "need_text")?.to_string(),
            codes,
        });
    }
    Ok(out)
}

/// One 510(k) record, as far as matching needs it.
#[derive(Clone, Debug)]
pub struct Clearance {
    pub knumber: String,
    pub applicant: String,
    pub country: Option<CountryCode>,
    pub product_code: String,
    pub device_name: String,
    pub decision_date: Option<NaiveDate>,
}

/// Reads the 510(k) CSV (`KNUMBER`, `APPLICANT`, `COUNTRY_CODE`, `PRODUCTCODE`,
/// `DEVICENAME`, `DECISIONDATE` columns). Records without a product code or name are
/// skipped; impossible dates (the file has some) become unknown.
pub fn read_510k(path: &Path) -> Result<Vec<Clearance>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column {name}", path.display()))
    };
    let (kn, ap, cc, pc, dn, dd) = (
        col("KNUMBER")?,
        col("APPLICANT")?,
        col("COUNTRY_CODE")?,
        col("PRODUCTCODE")?,
        col("DEVICENAME")?,
        col("DECISIONDATE")?,
    );
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{} record {}: {e}", path.display(), i + 2))?;
        let get = |c: usize| record.get(c).unwrap_or("").trim();
        if get(pc).len() != 3 || get(dn).is_empty() {
            continue;
        }
        out.push(Clearance {
            knumber: get(kn).to_string(),
            applicant: get(ap).to_string(),
            country: get(cc).parse().ok(),
            product_code: get(pc).to_string(),
            device_name: get(dn).to_string(),
            decision_date: NaiveDate::parse_from_str(get(dd), "%m/%d/%Y")
                .ok()
                .filter(|d| d.year_ce().1 >= 1976),
        });
    }
    Ok(out)
}

use chrono::Datelike;

/// The offers of the evaluation corpus: the 510(k) records, then the synthetic ones.
pub fn corpus(clearances: &[Clearance]) -> Vec<(Offer, Lang)> {
    let fda = |code: &str| -> Option<DeviceCode> { format!("FDA:{code}").parse().ok() };
    let mut offers: Vec<(Offer, Lang)> = Vec::new();
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for c in clearances {
        let Some(code) = fda(&c.product_code) else {
            continue;
        };
        *codes.entry(c.product_code.as_str()).or_default() += 1;
        let id = ProductId(offers.len() as i64 + 1);
        offers.push((
            Offer {
                supplier_country: c.country,
                texts: vec![TaggedText::new(
                    Some("en".parse().expect("tag")),
                    &c.device_name,
                )],
                codes: vec![code],
                registrations: vec![Registration {
                    authority: Authority::UsFda,
                    country: None,
                    number: c.knumber.clone(),
                    valid_from: c.decision_date,
                    valid_until: None,
                }],
                ..Offer::empty(ItemRef::Product(id))
            },
            Lang::En,
        ));
    }
    let taxonomy = Taxonomy::builtin();
    for code in codes.keys() {
        let Some(device_code) = fda(code) else {
            continue;
        };
        let Some(concept) = taxonomy
            .by_code(&device_code)
            .find(|c| c.imported_from().is_none())
        else {
            continue;
        };
        for lang in [Lang::Zh, Lang::Ru, Lang::Fr] {
            let names = concept.names(lang);
            for k in 0..SYNTHETIC_PER_CODE {
                let Some(name) = names.get(k % names.len().max(1)) else {
                    continue;
                };
                let model = format!("{}-{}", &code[..2], 100 + 37 * k + offers.len() % 7);
                let text = match lang {
                    Lang::Zh => format!("{name} 型号 {model}"),
                    Lang::Ru => format!("{name}, модель {model}"),
                    _ => format!("{name}, modèle {model}"),
                };
                let id = ProductId(offers.len() as i64 + 1);
                offers.push((
                    Offer {
                        texts: vec![TaggedText::new(
                            Some(lang.as_str().parse().expect("tag")),
                            text,
                        )],
                        codes: vec![device_code.clone()],
                        registrations: vec![Registration {
                            authority: Authority::UsFda,
                            country: None,
                            number: format!("SYN-{code}-{}-{k}", lang.as_str()),
                            valid_from: None,
                            valid_until: None,
                        }],
                        ..Offer::empty(ItemRef::Product(id))
                    },
                    lang,
                ));
            }
        }
    }
    offers
}

/// Averages over a group of needs.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Metrics {
    pub needs: usize,
    pub accuracy_at_1: f64,
    pub recall_at_10: f64,
    pub ndcg_at_10: f64,
}

#[derive(Default)]
struct Sums {
    n: usize,
    acc: f64,
    recall: f64,
    ndcg: f64,
}

impl Sums {
    fn add(&mut self, (acc, recall, ndcg): Scores) {
        self.n += 1;
        self.acc += acc;
        self.recall += recall;
        self.ndcg += ndcg;
    }

    fn metrics(&self) -> Metrics {
        let n = self.n.max(1) as f64;
        Metrics {
            needs: self.n,
            accuracy_at_1: self.acc / n,
            recall_at_10: self.recall / n,
            ndcg_at_10: self.ndcg / n,
        }
    }
}

/// One line of the report: a need language, or a (need language, offer language) pair.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub need_lang: String,
    /// `all` for the whole corpus.
    pub offer_lang: String,
    /// Needs of the group with no relevant offer in the offer language (not counted).
    pub unanswerable: usize,
    /// Share of the counted needs whose first recognised concept maps to one of their
    /// codes (see the module documentation).
    pub concept_accuracy_at_1: f64,
    pub engine: Metrics,
    pub bm25: Metrics,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub needs: usize,
    pub offers_510k: usize,
    pub offers_synthetic: usize,
    /// The day the needs were run on ([`eval_date`]).
    pub date: NaiveDate,
    /// All needs.
    pub rows: Vec<Row>,
    /// The same rows over the needs of each [`Half`].
    pub development: Vec<Row>,
    pub held_out: Vec<Row>,
    /// Results of the engine (all groups) breaking a hard constraint by the independent
    /// checker, and how many results were checked.
    pub violations: usize,
    pub results_checked: usize,
    /// Needs of which the engine returned nothing at all, by id.
    pub empty: Vec<String>,
    /// Needs with no relevant result in the top 10 over the whole corpus, by id.
    pub missed: Vec<String>,
    /// Needs with no relevant result in the top 10 among the offers of one language
    /// (need id, offer language), for every language pair that had relevant offers.
    pub missed_by_offer_lang: Vec<(String, String)>,
}

/// Accuracy@1, recall@10 and nDCG@10 of one need's results.
type Scores = (f64, f64, f64);

/// What one need scored in one group (need language, offer language).
struct Outcome {
    half: Half,
    key: (String, String),
    /// `None` when the group has no relevant offer for the need.
    scores: Option<(Scores, Scores)>,
    concept_right: bool,
}

/// Whether the first concept the engine reads in `need` maps to one of `accepted`: its
/// own FDA codes, or when it has none those of its FDA registry class.
fn concept_right(need: &Need, accepted: &[DeviceCode]) -> bool {
    let asked = concepts::of_need(&need.codes, &need.texts);
    asked
        .first()
        .is_some_and(|first| type_answers(first.id, accepted))
}

/// What [`Engine::inferred_device_type`] reads in judged needs asked as if none of their
/// words were recognised: how many it reads right (a type, or a broader one, whose FDA
/// registry class carries an accepted code), wrong, or not at all, and the wrong ones.
pub struct InferenceProbe {
    pub right: usize,
    pub wrong: Vec<(String, &'static str)>,
    pub none: usize,
}

/// Runs the inference over `needs` against the corpus of `clearances` (see [`corpus`]).
pub fn probe_inference(needs: &[JudgedNeed], clearances: &[Clearance]) -> InferenceProbe {
    let engine = index(&corpus(clearances), &EngineConfig::default());
    let taxonomy = Taxonomy::builtin();
    let mut probe = InferenceProbe {
        right: 0,
        wrong: Vec::new(),
        none: 0,
    };
    for judged in needs {
        let accepted = judged.accepted();
        match engine.inferred_device_type(&Need::text(&judged.text, eval_date())) {
            None => probe.none += 1,
            // The engine takes the kinds of an inferred type too.
            Some(id)
                if taxonomy.concepts().any(|c| {
                    taxonomy.is_same_or_descendant(c.id(), id) && type_answers(c.id(), &accepted)
                }) =>
            {
                probe.right += 1
            }
            Some(id) => probe.wrong.push((judged.id.clone(), id)),
        }
    }
    probe
}

/// Whether device type `id` answers a need accepting `accepted`: its own FDA codes, or
/// when it has none those of its FDA registry class, include one of them.
pub fn type_answers(id: &str, accepted: &[DeviceCode]) -> bool {
    concepts::registry_class(id, CodeScheme::Fda)
        .and_then(|id| Taxonomy::builtin().get(id))
        .is_some_and(|c| c.codes().iter().any(|k| accepted.contains(k)))
}

/// The report rows over the outcomes `keep` selects.
fn rows(outcomes: &[Outcome], keep: impl Fn(&Outcome) -> bool) -> Vec<Row> {
    let mut sums: BTreeMap<(String, String), (Sums, Sums, usize, usize)> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| keep(o)) {
        let entry = sums.entry(o.key.clone()).or_default();
        match o.scores {
            None => entry.2 += 1,
            Some((engine, bm25)) => {
                entry.0.add(engine);
                entry.1.add(bm25);
                entry.3 += usize::from(o.concept_right);
            }
        }
    }
    sums.into_iter()
        .map(
            |((need_lang, offer_lang), (engine, bm25, unanswerable, concept_right))| Row {
                need_lang,
                offer_lang,
                unanswerable,
                concept_accuracy_at_1: concept_right as f64 / engine.n.max(1) as f64,
                engine: engine.metrics(),
                bm25: bm25.metrics(),
            },
        )
        .collect()
}

fn judge(results: &[Match], accepted: &[DeviceCode], relevant_total: usize) -> Scores {
    let rel: Vec<bool> = results
        .iter()
        .take(10)
        .map(|m| m.codes.iter().any(|c| accepted.contains(c)))
        .collect();
    let dcg: f64 = rel
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let ideal: f64 = (0..relevant_total.min(10))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let acc = if rel.first() == Some(&true) { 1.0 } else { 0.0 };
    let recall = if rel.contains(&true) { 1.0 } else { 0.0 };
    (acc, recall, if ideal > 0.0 { dcg / ideal } else { 0.0 })
}

/// An engine over `offers` (see [`corpus`]), committed.
pub fn index(offers: &[(Offer, Lang)], config: &EngineConfig) -> Engine {
    let engine = Engine::new(config.clone());
    for (offer, _) in offers {
        engine.upsert_offer(offer.clone());
    }
    engine.commit().expect("commit to a RAM index");
    engine
}

/// The relevant offers there are per (code, offer language), for the ideal DCG: only
/// those a buyer in the US may be offered on [`EVAL_TODAY`].
fn in_force_per_code(
    offers: &[(Offer, Lang)],
    config: &EngineConfig,
) -> HashMap<(DeviceCode, Lang), usize> {
    let us: CountryCode = "US".parse().expect("US");
    let mut per_code: HashMap<(DeviceCode, Lang), usize> = HashMap::new();
    for (offer, lang) in offers {
        if config
            .markets
            .valid_in(&offer.registrations, us, eval_date())
            .is_some()
        {
            for code in &offer.codes {
                *per_code.entry((code.clone(), *lang)).or_default() += 1;
            }
        }
    }
    per_code
}

/// Builds the index over `clearances` plus the synthetic offers and runs every need.
pub fn run(needs: &[JudgedNeed], clearances: &[Clearance]) -> Report {
    let today = eval_date();
    let config = EngineConfig::default();
    let offers = corpus(clearances);
    let engine = index(&offers, &config);
    let per_code = in_force_per_code(&offers, &config);
    let by_item: HashMap<ItemRef, &Offer> = offers.iter().map(|(o, _)| (o.item, o)).collect();
    let us: CountryCode = "US".parse().expect("US");
    let offers_510k = offers
        .iter()
        .filter(|(o, _)| o.registrations[0].number.starts_with('K'))
        .count();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let (mut violations, mut checked) = (0, 0);
    let (mut empty, mut missed) = (Vec::new(), Vec::new());
    let mut missed_by_offer_lang = Vec::new();
    for judged in needs {
        let accepted = judged.accepted();
        let need = Need {
            country: Some(us),
            ..Need::text(&judged.text, today)
        };
        let concept_right = concept_right(&need, &accepted);
        let half = half(&judged.id);
        let groups = [
            None,
            Some(Lang::Zh),
            Some(Lang::En),
            Some(Lang::Ru),
            Some(Lang::Fr),
        ];
        for only_lang in groups {
            let relevant_total: usize = accepted
                .iter()
                .map(|code| match only_lang {
                    Some(l) => per_code.get(&(code.clone(), l)).copied().unwrap_or(0),
                    None => Lang::ALL
                        .iter()
                        .map(|l| per_code.get(&(code.clone(), *l)).copied().unwrap_or(0))
                        .sum(),
                })
                .sum();
            let key = (
                judged.lang.as_str().to_string(),
                only_lang.map_or("all".to_string(), |l| l.as_str().to_string()),
            );
            if relevant_total == 0 {
                outcomes.push(Outcome {
                    half,
                    key,
                    scores: None,
                    concept_right,
                });
                continue;
            }
            let mut options = Options {
                limit: 10,
                only_lang,
                ..Options::default()
            };
            let full = engine.match_need(&need, &options).unwrap_or_default();
            options.ranking = Ranking::TextOnly;
            let bm25 = engine.match_need(&need, &options).unwrap_or_default();
            for m in &full {
                checked += 1;
                if let Some(offer) = by_item.get(&m.item)
                    && !audit::violations(&need, offer, &config.markets, &config.rates).is_empty()
                {
                    violations += 1;
                }
            }
            let scores = judge(&full, &accepted, relevant_total);
            if only_lang.is_none() {
                if full.is_empty() {
                    empty.push(judged.id.clone());
                }
                if scores.1 == 0.0 {
                    missed.push(judged.id.clone());
                }
            } else if scores.1 == 0.0 {
                missed_by_offer_lang.push((judged.id.clone(), key.1.clone()));
            }
            outcomes.push(Outcome {
                half,
                key,
                scores: Some((scores, judge(&bm25, &accepted, relevant_total))),
                concept_right,
            });
        }
    }
    Report {
        needs: needs.len(),
        offers_510k,
        offers_synthetic: offers.len() - offers_510k,
        date: today,
        rows: rows(&outcomes, |_| true),
        development: rows(&outcomes, |o| o.half == Half::Development),
        held_out: rows(&outcomes, |o| o.half == Half::HeldOut),
        violations,
        results_checked: checked,
        empty,
        missed,
        missed_by_offer_lang,
    }
}

impl Report {
    /// The report as Markdown tables, engine beside baseline: all needs, then each half.
    pub fn markdown(&self) -> String {
        let mut s = format!(
            "needs: {}; corpus: {} FDA 510(k) records (English) + {} synthetic offers (zh/ru/fr texts from the taxonomy lexicon, see `medbridge_match::eval`); buyer in the US on {}\n\n",
            self.needs, self.offers_510k, self.offers_synthetic, self.date
        );
        s.push_str(&Self::table(&self.rows));
        s.push_str(&format!(
            "\nhard-constraint violations (independent checker): {} in {} results\n",
            self.violations, self.results_checked
        ));
        for (title, rows) in [
            ("development half", &self.development),
            ("held-out half", &self.held_out),
        ] {
            s.push_str(&format!(
                "\n{title} (`eval::half`: FNV-1a of the id, even = development)\n\n"
            ));
            s.push_str(&Self::table(rows));
        }
        s
    }

    fn table(rows: &[Row]) -> String {
        let mut s = String::from(
            "| need lang | offer lang | needs | concept acc@1 | acc@1 | recall@10 | nDCG@10 | BM25 acc@1 | BM25 recall@10 | BM25 nDCG@10 |\n",
        );
        s.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for r in rows {
            let needs = if r.unanswerable > 0 {
                format!(
                    "{} (+{} without relevant offers)",
                    r.engine.needs, r.unanswerable
                )
            } else {
                r.engine.needs.to_string()
            };
            s.push_str(&format!(
                "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
                r.need_lang,
                r.offer_lang,
                needs,
                r.concept_accuracy_at_1,
                r.engine.accuracy_at_1,
                r.engine.recall_at_10,
                r.engine.ndcg_at_10,
                r.bm25.accuracy_at_1,
                r.bm25.recall_at_10,
                r.bm25.ndcg_at_10
            ));
        }
        s
    }

    /// Rows aggregated over all needs of a language (offer language `all`).
    pub fn overall(&self) -> Metrics {
        let mut sums = Sums::default();
        for r in self.rows.iter().filter(|r| r.offer_lang == "all") {
            sums.n += r.engine.needs;
            sums.acc += r.engine.accuracy_at_1 * r.engine.needs as f64;
            sums.recall += r.engine.recall_at_10 * r.engine.needs as f64;
            sums.ndcg += r.engine.ndcg_at_10 * r.engine.needs as f64;
        }
        sums.metrics()
    }
}

/// One name of the lexicon whose own records the engine did not rank first.
#[derive(Clone, Debug, Serialize)]
pub struct NameProbe {
    pub concept: String,
    pub lang: String,
    pub name: String,
    /// nDCG@10 of the English (510(k)) offers for the name alone, relevant = carrying one
    /// of the concept's FDA codes.
    pub ndcg_at_10: f64,
    /// The first code of each of the top 10.
    pub top: Vec<String>,
}

/// Every name of every concept, in every language, asked alone over the English offers
/// of the corpus (the real 510(k) records), for the concepts with FDA codes that have
/// records in force on [`EVAL_TODAY`]: a name should find the records of its concept or
/// of a kind of it. Returns how many names were asked and the probes with nDCG@10 below
/// `weak`. A self-consistency
/// check of recogniser and ranking together, with no judged labels: it found names
/// nested in a longer name by the plural reading (`collecteur de seringues` also read as
/// `seringue`, a syringe).
pub fn probe_names(clearances: &[Clearance], weak: f64) -> (usize, Vec<NameProbe>) {
    probe_names_with(clearances, weak, &|name, _| vec![name.to_string()])
}

/// [`probe_names`] with each name turned into the texts `variants` makes of it (in a
/// sentence, misspelt, ...).
pub fn probe_names_with(
    clearances: &[Clearance],
    weak: f64,
    variants: &dyn Fn(&str, Lang) -> Vec<String>,
) -> (usize, Vec<NameProbe>) {
    let today = eval_date();
    let config = EngineConfig::default();
    let offers = corpus(clearances);
    let engine = index(&offers, &config);
    let per_code = in_force_per_code(&offers, &config);
    let us: CountryCode = "US".parse().expect("US");
    let options = Options {
        limit: 10,
        only_lang: Some(Lang::En),
        ..Options::default()
    };
    let (mut asked, mut found) = (0, Vec::new());
    let taxonomy = Taxonomy::builtin();
    for concept in taxonomy.concepts() {
        // A kind of the concept answers it too (`dental handpiece`: the air turbines'
        // `EFB` as well as its own `EFA`).
        let mut codes: Vec<&DeviceCode> = taxonomy
            .concepts()
            .filter(|c| taxonomy.is_same_or_descendant(c.id(), concept.id()))
            .flat_map(|c| c.codes())
            .filter(|c| c.scheme() == CodeScheme::Fda)
            .collect();
        codes.sort();
        codes.dedup();
        let available: usize = codes
            .iter()
            .map(|&c| per_code.get(&(c.clone(), Lang::En)).copied().unwrap_or(0))
            .sum();
        if available == 0 {
            continue;
        }
        let accepted: Vec<DeviceCode> = codes.into_iter().cloned().collect();
        for lang in Lang::ALL {
            for name in concept.names(lang).iter().flat_map(|n| variants(n, lang)) {
                asked += 1;
                let need = Need {
                    country: Some(us),
                    ..Need::text(&name, today)
                };
                let results = engine.match_need(&need, &options).unwrap_or_default();
                let (_, _, ndcg) = judge(&results, &accepted, available);
                if ndcg < weak {
                    found.push(NameProbe {
                        concept: concept.id().to_string(),
                        lang: lang.as_str().to_string(),
                        name: name.clone(),
                        ndcg_at_10: ndcg,
                        top: results
                            .iter()
                            .map(|m| {
                                m.codes
                                    .first()
                                    .map(|c| c.code().to_string())
                                    .unwrap_or_default()
                            })
                            .collect(),
                    });
                }
            }
        }
    }
    (asked, found)
}
