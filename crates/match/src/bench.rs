//! Matching at scale on generated data, beside a naive linear scan in the same run.
//!
//! [`offers`] and [`needs`] are pure and deterministic for a seed: device types are drawn
//! from the built-in taxonomy and named with its zh/en/ru/fr lexicon (a random synonym,
//! a brand, a model number, a feature), so texts are multilingual, half the offers carry
//! device codes and half must be recognised from their words; registrations (NMPA, EU MDR,
//! EAEU, US FDA, national), prices in several currencies, lead times, buyer countries,
//! budgets and deadlines vary so every constraint bites.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use medbridge_core::model::{Authority, CooperationType, Registration};
use medbridge_core::{
    Amount, CountryCode, Currency, Money, OpportunityId, OrgId, PriceRange, ProductId,
};
use medbridge_taxonomy::{Concept, Lang, Taxonomy};
use serde::Serialize;

use crate::audit;
use crate::config::EngineConfig;
use crate::engine::{Engine, Options};
use crate::input::{ItemRef, Need, NeedDoc, Offer, TaggedText};

/// The date generated needs are matched on.
pub fn bench_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("date")
}

/// SplitMix64: tiny, fast and fully deterministic across platforms.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const COUNTRIES: [&str; 14] = [
    "CN", "KG", "KZ", "UZ", "RU", "BY", "AM", "DE", "FR", "US", "NG", "ET", "SN", "KE",
];
const CURRENCIES: [&str; 6] = ["USD", "CNY", "EUR", "RUB", "KZT", "KGS"];
const BRANDS: [&str; 8] = [
    "Kangda", "Huarui", "Lianke", "Mingde", "Antai", "Boning", "Tianhe", "Ruiying",
];
const FEATURES: [(&str, &str, &str, &str); 6] = [
    ("便携式", "portable", "портативный", "portable"),
    ("低剂量", "low dose", "низкодозовый", "faible dose"),
    (
        "远程运维",
        "remote service",
        "удалённый сервис",
        "maintenance à distance",
    ),
    ("触摸屏", "touch screen", "сенсорный экран", "écran tactile"),
    ("高端", "high-end", "премиальный", "haut de gamme"),
    ("经济型", "economy", "экономичный", "économique"),
];

fn builtin_concepts() -> Vec<&'static Concept> {
    Taxonomy::builtin()
        .concepts()
        .filter(|c| c.imported_from().is_none() && c.parent_id().is_some())
        .collect()
}

fn country(code: &str) -> CountryCode {
    code.parse().expect("listed countries are ISO codes")
}

fn any_country(rng: &mut Rng) -> CountryCode {
    country(COUNTRIES[rng.below(COUNTRIES.len())])
}

fn feature(rng: &mut Rng, lang: Lang) -> &'static str {
    let f = rng.pick(&FEATURES);
    match lang {
        Lang::Zh => f.0,
        Lang::En => f.1,
        Lang::Ru => f.2,
        Lang::Fr => f.3,
    }
}

fn name(rng: &mut Rng, concept: &Concept, lang: Lang) -> String {
    let names = concept.names(lang);
    if names.is_empty() {
        concept.name(lang).to_string()
    } else {
        rng.pick(names).clone()
    }
}

fn date(rng: &mut Rng, from: NaiveDate, span_days: u64) -> NaiveDate {
    from + Days::new(rng.next() % span_days.max(1))
}

/// `n` generated offers (products), deterministic for `seed`.
pub fn offers(seed: u64, n: usize) -> impl Iterator<Item = Offer> {
    let concepts = builtin_concepts();
    let mut rng = Rng::new(seed, 1);
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("date");
    (0..n).map(move |i| {
        let concept = *rng.pick(&concepts);
        let lang = *rng.pick(&Lang::ALL);
        let brand = *rng.pick(&BRANDS[..]);
        let model = format!("{}-{}", &brand[..2].to_uppercase(), 100 + rng.below(900));
        let mut texts = vec![TaggedText::new(
            None,
            format!(
                "{brand} {model} {} {}",
                name(&mut rng, concept, lang),
                feature(&mut rng, lang)
            ),
        )];
        if rng.chance(30) {
            let second = *rng.pick(&Lang::ALL);
            texts.push(TaggedText::new(
                None,
                format!("{} {model}", name(&mut rng, concept, second)),
            ));
        }
        let mut registrations = Vec::new();
        for (authority, p) in [
            (Authority::Nmpa, 60),
            (Authority::EuMdr, 40),
            (Authority::Eaeu, 35),
            (Authority::UsFda, 20),
            (Authority::National, 20),
        ] {
            if rng.chance(p) {
                let from = date(&mut rng, start, 5 * 365);
                registrations.push(Registration {
                    authority,
                    country: (authority == Authority::National).then(|| any_country(&mut rng)),
                    number: format!("BENCH-{i}"),
                    valid_from: Some(from),
                    valid_until: Some(from + Days::new(5 * 365)),
                });
            }
        }
        let currency: Currency = (*rng.pick(&CURRENCIES[..])).parse().expect("ISO 4217");
        let min = 1_000 + rng.below(500_000) as i64;
        Offer {
            supplier: Some(OrgId(1 + rng.below(20_000) as i64)),
            supplier_country: Some(any_country(&mut rng)),
            texts,
            codes: if rng.chance(50) {
                concept.codes().to_vec()
            } else {
                Vec::new()
            },
            registrations,
            price: Some(PriceRange {
                min: Amount::from_cents(min * 100).expect("in range"),
                max: Amount::from_cents(min * 130).expect("in range"),
                currency,
            }),
            lead_time_days: Some(14 + rng.below(170) as u32),
            cooperation: vec![
                CooperationType::EquipmentSupply,
                CooperationType::Distribution,
            ],
            service_countries: (0..rng.below(3)).map(|_| any_country(&mut rng)).collect(),
            ..Offer::empty(ItemRef::Product(ProductId(i as i64 + 1)))
        }
    })
}

/// `n` generated buyer needs, deterministic for `seed`.
pub fn needs(seed: u64, n: usize) -> impl Iterator<Item = NeedDoc> {
    let concepts = builtin_concepts();
    let mut rng = Rng::new(seed, 2);
    let today = bench_today();
    (0..n).map(move |i| {
        let concept = *rng.pick(&concepts);
        let lang = *rng.pick(&Lang::ALL);
        let lead = match lang {
            Lang::Zh => "求购",
            Lang::En => "We need a",
            Lang::Ru => "Требуется",
            Lang::Fr => "Recherche",
        };
        let text = format!(
            "{lead} {} {}",
            name(&mut rng, concept, lang),
            feature(&mut rng, lang)
        );
        let budget = rng.chance(50).then(|| {
            let currency: Currency = (*rng.pick(&CURRENCIES[..])).parse().expect("ISO 4217");
            Money {
                amount: Amount::from_cents((5_000 + rng.below(2_000_000) as i64) * 100)
                    .expect("in range"),
                currency,
            }
        });
        NeedDoc {
            item: ItemRef::Opportunity(OpportunityId(i as i64 + 1)),
            need: Need {
                texts: vec![TaggedText::new(None, text)],
                country: Some(any_country(&mut rng)),
                buyer: Some(OrgId(1 + rng.below(20_000) as i64)),
                codes: Vec::new(),
                budget,
                quantity: None,
                deadline: rng
                    .chance(50)
                    .then(|| date(&mut rng, today + Days::new(20), 365)),
                cooperation: rng.chance(50).then_some(CooperationType::EquipmentSupply),
                today,
            },
        }
    })
}

/// What `bench match` measures.
#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    pub products: usize,
    pub needs_indexed: usize,
    pub build_seconds: f64,
    pub peak_rss_mb: Option<f64>,
    pub latency_queries: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub mean_results: f64,
    pub throughput_queries: usize,
    pub throughput_qps_2_threads: f64,
    pub violations: usize,
    pub baseline_queries: usize,
    pub baseline_ms_per_query: f64,
}

/// Peak resident set size of this process (`VmHWM`), in MB; `None` off Linux.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Builds an engine over `products` generated offers and `needs` generated needs, then
/// times top-10 matches: latency on up to `latency_queries` needs on one thread,
/// throughput on up to `throughput_queries` with two threads, and a naive linear scan
/// (same constraints through [`audit`], concepts precomputed, word overlap as score) on
/// `baseline_queries` needs in one amortised pass.
pub fn run(
    products: usize,
    needs_n: usize,
    latency_queries: usize,
    throughput_queries: usize,
    baseline_queries: usize,
    progress: &dyn Fn(&str),
) -> BenchReport {
    let seed = 42;
    let config = EngineConfig {
        writer_threads: 2,
        writer_memory: 400_000_000,
        ..EngineConfig::default()
    };
    let engine = Engine::new(config.clone());
    let started = Instant::now();
    for (i, offer) in offers(seed, products).enumerate() {
        engine.upsert_offer(offer);
        if (i + 1) % 100_000 == 0 {
            progress(&format!("indexed {} products", i + 1));
        }
    }
    for need in needs(seed, needs_n) {
        engine.upsert_need(need);
    }
    engine.commit().expect("commit to a RAM index");
    let build_seconds = started.elapsed().as_secs_f64();
    progress(&format!("built in {build_seconds:.1} s"));

    let queries: Vec<Need> = needs(
        seed + 1,
        latency_queries
            .max(throughput_queries)
            .max(baseline_queries),
    )
    .map(|d| d.need)
    .collect();
    let options = Options::default();
    let mut latencies = Vec::new();
    let mut results = 0usize;
    let mut violations = 0usize;
    for need in queries.iter().take(latency_queries) {
        let t = Instant::now();
        let found = engine.match_need(need, &options).unwrap_or_default();
        latencies.push(t.elapsed());
        results += found.len();
        violations += found.len() - found.iter().filter(|m| m.failed.is_empty()).count();
    }
    latencies.sort();
    progress("latency measured");

    let throughput_set = &queries[..throughput_queries.min(queries.len())];
    let t = Instant::now();
    std::thread::scope(|scope| {
        for half in throughput_set.chunks(throughput_set.len().div_ceil(2).max(1)) {
            let engine = &engine;
            let options = &options;
            scope.spawn(move || {
                for need in half {
                    let _ = engine.match_need(need, options);
                }
            });
        }
    });
    let throughput = throughput_set.len() as f64 / t.elapsed().as_secs_f64().max(1e-9);
    let peak = peak_rss_mb();
    progress("throughput measured");

    // Naive baseline: one pass over regenerated offers, each checked against every need.
    let baseline_set = &queries[..baseline_queries.min(queries.len())];
    let asked: Vec<Vec<&str>> = baseline_set.iter().map(audit::asked).collect();
    let words: Vec<Vec<String>> = baseline_set
        .iter()
        .map(|n| {
            n.texts
                .iter()
                .flat_map(|t| t.text.split_whitespace().map(str::to_lowercase))
                .collect()
        })
        .collect();
    let mut best: Vec<Vec<(usize, ItemRef)>> = vec![Vec::new(); baseline_set.len()];
    let t = Instant::now();
    for offer in offers(seed, products) {
        let is = audit::is(&offer);
        let text: String = offer
            .texts
            .iter()
            .map(|t| t.text.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        for (q, need) in baseline_set.iter().enumerate() {
            if !audit::violations_with(need, &asked[q], &offer, &is, &config.markets, &config.rates)
                .is_empty()
            {
                continue;
            }
            let overlap = words[q]
                .iter()
                .filter(|w| text.contains(w.as_str()))
                .count();
            let top = &mut best[q];
            top.push((overlap, offer.item));
            if top.len() > 10 {
                top.sort_by_key(|b| std::cmp::Reverse(b.0));
                top.truncate(10);
            }
        }
    }
    let baseline_ms = t.elapsed().as_secs_f64() * 1000.0 / baseline_set.len().max(1) as f64;

    BenchReport {
        products,
        needs_indexed: needs_n,
        build_seconds,
        peak_rss_mb: peak,
        latency_queries: latencies.len(),
        p50_ms: percentile(&latencies, 0.5),
        p99_ms: percentile(&latencies, 0.99),
        mean_results: results as f64 / latencies.len().max(1) as f64,
        throughput_queries: throughput_set.len(),
        throughput_qps_2_threads: throughput,
        violations,
        baseline_queries: baseline_set.len(),
        baseline_ms_per_query: baseline_ms,
    }
}

impl BenchReport {
    pub fn markdown(&self) -> String {
        format!(
            "| measure | value |\n|---|---:|\n\
             | products indexed | {} |\n| needs indexed | {} |\n\
             | index build | {:.1} s |\n| peak RSS (VmHWM) | {} |\n\
             | top-10 match p50 ({} queries, 1 thread) | {:.2} ms |\n\
             | top-10 match p99 | {:.2} ms |\n| mean results per query | {:.1} |\n\
             | throughput, 2 threads ({} queries) | {:.0} queries/s |\n\
             | results failing a constraint (normal mode) | {} |\n\
             | naive linear scan ({} queries, amortised) | {:.1} ms/query |\n",
            self.products,
            self.needs_indexed,
            self.build_seconds,
            self.peak_rss_mb
                .map_or("n/a".to_string(), |m| format!("{m:.0} MB")),
            self.latency_queries,
            self.p50_ms,
            self.p99_ms,
            self.mean_results,
            self.throughput_queries,
            self.throughput_qps_2_threads,
            self.violations,
            self.baseline_queries,
            self.baseline_ms_per_query,
        )
    }
}
