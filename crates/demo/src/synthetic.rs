//! Synthetic data at any scale, for load tests, benchmarks and trying the matcher on volume.
//!
//! - **Deterministic.** Each entity draws from its own random stream seeded from the one
//!   seed, and nothing depends on the clock or on hash-map order, so the same seed gives
//!   byte-identical data on every run and machine (for a given `rand` version).
//! - **Flat memory.** Rows come from iterators and go to the store in batches of
//!   [`BATCH`] (one transaction each), so a million products cost one batch of memory,
//!   plus the organisation ids products and needs point to.
//! - **Realistic enough to match on.** Names and texts are built from the multilingual
//!   [`vocabulary`](crate::vocabulary): real device codes, cities of the alliance's partner
//!   countries (weighted towards them), needs written in the buyer's languages (Russian in
//!   Central Asia, French in Senegal, ...), offers in Chinese and English.

use crate::DemoError;
use crate::vocabulary::{
    self, BRANDS, CITIES, COUNTRY_WEIGHTS, City, DEVICES, DeviceType, FEATURES,
};
use chrono::{Days, NaiveDate};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_exchange::{CsvWriter, ExportError};
use medbridge_store::{Actor, Entity, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use std::io::Write;

/// Rows per transaction: large enough to amortise the commit, small enough to keep memory flat.
pub const BATCH: usize = 5_000;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateConfig {
    pub orgs: usize,
    pub products: usize,
    pub needs: usize,
    pub offers: usize,
    pub seed: u64,
}

/// How much was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    pub organisations: usize,
    pub products: usize,
    pub needs: usize,
    pub offers: usize,
}

/// Progress of [`generate`], after each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateProgress {
    /// `organisations`, `products`, `needs` or `offers`.
    pub what: &'static str,
    pub done: usize,
    pub total: usize,
}

/// An organisation products or needs can point to, with what decides how they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgRef {
    pub id: OrgId,
    pub country: CountryCode,
    pub kind: OrgKind,
}

/// Generates and stores `config`'s organisations, then products from the manufacturers and
/// distributors among them, needs from those outside China and offers from the Chinese ones
/// (from any organisation when none fits). Adds to whatever the database holds.
pub async fn generate(
    store: &Store,
    actor: &Actor,
    config: GenerateConfig,
    progress: &(dyn Fn(GenerateProgress) + Sync),
) -> Result<GenerateSummary, DemoError> {
    if config.orgs == 0 && config.products + config.needs + config.offers > 0 {
        return Err(DemoError::Config(
            "products, needs and offers belong to organisations: ask for at least one".into(),
        ));
    }
    let sink = Sink {
        store,
        actor,
        progress,
    };
    let mut orgs = Vec::with_capacity(config.orgs);
    let rows = organisation_rows(config.seed, config.orgs);
    let keep = |o: &OrganisationData| (o.country, o.kind);
    sink.write(
        "organisations",
        config.orgs,
        rows,
        keep,
        |(country, kind), id| orgs.push(OrgRef { id, country, kind }),
    )
    .await?;

    let pool = |pred: fn(&OrgRef) -> bool| -> Vec<OrgRef> {
        let some: Vec<OrgRef> = orgs.iter().copied().filter(pred).collect();
        if some.is_empty() { orgs.clone() } else { some }
    };
    let suppliers: Vec<OrgId> =
        pool(|o| matches!(o.kind, OrgKind::Manufacturer | OrgKind::Distributor))
            .iter()
            .map(|o| o.id)
            .collect();
    let buyers = pool(|o| o.country.as_str() != "CN");
    let sellers = pool(|o| o.country.as_str() == "CN");

    sink.write_all(
        "products",
        config.products,
        product_rows(config.seed, &suppliers, config.products),
    )
    .await?;
    sink.write_all(
        "needs",
        config.needs,
        opportunity_rows(config.seed, Direction::Need, &buyers, config.needs),
    )
    .await?;
    sink.write_all(
        "offers",
        config.offers,
        opportunity_rows(config.seed, Direction::Offer, &sellers, config.offers),
    )
    .await?;
    Ok(GenerateSummary {
        organisations: config.orgs,
        products: config.products,
        needs: config.needs,
        offers: config.offers,
    })
}

/// Where generated rows go, and who hears about it.
struct Sink<'a> {
    store: &'a Store,
    actor: &'a Actor,
    progress: &'a (dyn Fn(GenerateProgress) + Sync),
}

impl Sink<'_> {
    /// Writes `rows` in transactions of [`BATCH`]. `keep` notes what later steps need of
    /// each row (before the batch moves into the store), and `created` receives it back with
    /// the new id.
    async fn write<E: Entity, T>(
        &self,
        what: &'static str,
        total: usize,
        mut rows: impl Iterator<Item = E>,
        keep: impl Fn(&E) -> T,
        mut created: impl FnMut(T, E::Id),
    ) -> Result<(), DemoError> {
        let mut done = 0;
        loop {
            let batch: Vec<E> = rows.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                return Ok(());
            }
            done += batch.len();
            let kept: Vec<T> = batch.iter().map(&keep).collect();
            let ids = self.store.create_many(self.actor, batch, &|_| {}).await?;
            for (k, id) in kept.into_iter().zip(ids) {
                created(k, id);
            }
            (self.progress)(GenerateProgress { what, done, total });
        }
    }

    /// Writes rows nothing later refers to.
    async fn write_all<E: Entity>(
        &self,
        what: &'static str,
        total: usize,
        rows: impl Iterator<Item = E>,
    ) -> Result<(), DemoError> {
        self.write(what, total, rows, |_| (), |_, _| {}).await
    }
}

/// Writes `n` generated products as an import-ready CSV file, without a database; returns
/// how many rows were written. `suppliers` are the organisation ids the file will refer to.
pub fn write_products_csv(
    seed: u64,
    suppliers: &[OrgId],
    n: usize,
    writer: impl Write,
) -> Result<usize, ExportError> {
    let mut out = CsvWriter::<ProductData, _>::new(&BTreeSet::new(), writer)?;
    for p in product_rows(seed, suppliers, n) {
        out.write(&p)?;
    }
    out.finish()
}

// ---------------------------------------------------------------- random helpers

/// An independent random stream per entity, so adding needs does not change the products.
fn stream(seed: u64, entity: u64) -> StdRng {
    StdRng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ entity)
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Picks from `(value, weight)` pairs in proportion to the weights.
fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for &(v, w) in items {
        if x < w {
            return v;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

fn country(code: &str) -> CountryCode {
    code.parse().expect("vocabulary countries are ISO codes")
}

fn lang(tag: &str) -> LanguageTag {
    tag.parse().expect("vocabulary languages are ISO 639-1")
}

/// Builds a text from `(language, text)` pairs whose languages come from the vocabulary.
fn text(entries: Vec<(&str, String)>) -> MultilingualText {
    MultilingualText::parse(entries, MAX_LONG_TEXT).expect("generated text is short and tagged")
}

fn date_after(rng: &mut StdRng, from: (i32, u32, u32), within_days: u64) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(from.0, from.1, from.2).expect("valid base date");
    start + Days::new(rng.random_range(0..within_days))
}

/// Distinct partner countries, weighted, for service areas and offers.
fn some_countries(rng: &mut StdRng, max: usize) -> Vec<CountryCode> {
    let wanted = rng.random_range(1..=max);
    let mut set = BTreeSet::new();
    for _ in 0..wanted * 2 {
        let c = weighted(rng, COUNTRY_WEIGHTS);
        if c != "CN" {
            set.insert(c);
        }
        if set.len() == wanted {
            break;
        }
    }
    set.into_iter().map(country).collect()
}

/// The languages something from `country` is written in: its working languages always, the
/// others sometimes.
fn languages_for(rng: &mut StdRng, country: &str) -> Vec<&'static str> {
    let (always, sometimes): (&[&str], &[(&str, f64)]) = match country {
        "CN" => (&["zh", "en"], &[("ru", 0.5), ("fr", 0.2)]),
        "KG" | "KZ" | "UZ" | "TJ" | "BY" | "RU" => (&["ru"], &[("en", 0.5), ("zh", 0.3)]),
        "SN" => (&["fr"], &[("en", 0.4), ("zh", 0.2)]),
        "EG" => (&["en"], &[("fr", 0.3), ("zh", 0.2)]),
        _ => (&["en"], &[("fr", 0.2), ("zh", 0.2)]),
    };
    let mut out = always.to_vec();
    out.extend(
        sometimes
            .iter()
            .filter(|(_, p)| rng.random_bool(*p))
            .map(|(l, _)| *l),
    );
    out
}

/// One text in each of `langs`, from a function that writes it in a given language.
fn in_languages(langs: &[&str], write: impl Fn(&str) -> String) -> MultilingualText {
    text(langs.iter().map(|l| (*l, write(l))).collect())
}

fn city_name<'a>(city: &'a City, lang: &str) -> &'a str {
    match lang {
        "zh" => city.zh,
        "ru" => city.ru,
        "fr" => city.fr,
        _ => city.en,
    }
}

fn device_name<'a>(device: &'a DeviceType, lang: &str) -> &'a str {
    match lang {
        "zh" => device.zh,
        "ru" => device.ru,
        "fr" => device.fr,
        _ => device.en,
    }
}

// ---------------------------------------------------------------- organisations

/// `n` organisations, mostly in the alliance's partner countries.
pub fn organisation_rows(seed: u64, n: usize) -> impl Iterator<Item = OrganisationData> {
    let mut rng = stream(seed, 1);
    (0..n).map(move |_| organisation(&mut rng))
}

fn organisation(rng: &mut StdRng) -> OrganisationData {
    let code = weighted(rng, COUNTRY_WEIGHTS);
    let cities: Vec<&City> = CITIES.iter().filter(|c| c.country == code).collect();
    let city = *pick(rng, &cities);
    let kind = if code == "CN" {
        weighted(
            rng,
            &[
                (OrgKind::Manufacturer, 60),
                (OrgKind::Distributor, 10),
                (OrgKind::University, 15),
                (OrgKind::ResearchInstitute, 15),
            ],
        )
    } else {
        weighted(
            rng,
            &[
                (OrgKind::Hospital, 50),
                (OrgKind::University, 20),
                (OrgKind::GovernmentBody, 10),
                (OrgKind::Distributor, 20),
            ],
        )
    };
    let (bzh, ben, bru) = *pick(rng, BRANDS);
    let no = rng.random_range(1..=40);
    let langs = languages_for(rng, code);
    let name = in_languages(&langs, |l| {
        let c = city_name(city, l);
        match (kind, l) {
            (OrgKind::Manufacturer, "zh") => format!("{c}{bzh}医疗科技有限公司"),
            (OrgKind::Manufacturer, "ru") => format!("{bru} Медикал Текнолоджи ({c})"),
            (OrgKind::Manufacturer, "fr") => format!("{ben} Technologies médicales ({c})"),
            (OrgKind::Manufacturer, _) => format!("{ben} Medical Technology Co., Ltd. ({c})"),
            (OrgKind::Distributor, "zh") => format!("{c}第{no}医疗用品供应公司"),
            (OrgKind::Distributor, "ru") => format!("Медицинские поставки № {no}, {c}"),
            (OrgKind::Distributor, "fr") => format!("Fournitures médicales n° {no}, {c}"),
            (OrgKind::Distributor, _) => format!("{c} Medical Supplies No. {no}"),
            (OrgKind::Hospital, "zh") => format!("{c}市第{no}临床医院"),
            (OrgKind::Hospital, "ru") => format!("Городская клиническая больница № {no} г. {c}"),
            (OrgKind::Hospital, "fr") => format!("Hôpital clinique municipal n° {no} de {c}"),
            (OrgKind::Hospital, _) => format!("{c} City Clinical Hospital No. {no}"),
            (OrgKind::University, "zh") => format!("{c}第{no}医学院"),
            (OrgKind::University, "ru") => format!("Медицинский колледж № {no} г. {c}"),
            (OrgKind::University, "fr") => format!("Collège médical n° {no} de {c}"),
            (OrgKind::University, _) => format!("{c} Medical College No. {no}"),
            (OrgKind::ResearchInstitute, "zh") => format!("{c}第{no}医疗器械研究所"),
            (OrgKind::ResearchInstitute, "ru") => {
                format!("Институт медицинской техники № {no} ({c})")
            }
            (OrgKind::ResearchInstitute, "fr") => {
                format!("Institut des dispositifs médicaux n° {no} de {c}")
            }
            (OrgKind::ResearchInstitute, _) => format!("{c} Medical Device Institute No. {no}"),
            (_, "zh") => format!("{c}第{no}卫生管理局"),
            (_, "ru") => format!("Управление здравоохранения № {no} г. {c}"),
            (_, "fr") => format!("Direction régionale de la santé n° {no} de {c}"),
            (_, _) => format!("{c} Regional Health Department No. {no}"),
        }
    });
    OrganisationData {
        name,
        kind,
        country: country(code),
        city: Some(city.en.to_string()),
        website: None,
        languages: langs.iter().map(|l| lang(l)).collect(),
        description: text(vec![(
            "en",
            format!(
                "Synthetic {} in {} (generated demo data).",
                kind.as_str().replace('_', " "),
                city.en
            ),
        )]),
        memberships: Vec::new(),
        published: true,
        demo: true,
    }
}

// ---------------------------------------------------------------- products

/// `n` products of the given suppliers (ids need not exist until the rows are imported).
/// Panics if `n > 0` and there are no suppliers.
pub fn product_rows(
    seed: u64,
    suppliers: &[OrgId],
    n: usize,
) -> impl Iterator<Item = ProductData> + '_ {
    let mut rng = stream(seed, 2);
    (0..n).map(move |i| {
        let supplier = *pick(&mut rng, suppliers);
        product(&mut rng, supplier, i)
    })
}

fn product(rng: &mut StdRng, supplier: OrgId, index: usize) -> ProductData {
    let device = pick(rng, DEVICES);
    let (bzh, ben, bru) = *pick(rng, BRANDS);
    let model = format!("{}-{}", device.model, rng.random_range(100..1000));
    let mut langs = vec!["zh", "en"];
    langs.extend(
        [("ru", 0.7), ("fr", 0.4)]
            .iter()
            .filter(|(_, p)| rng.random_bool(*p))
            .map(|(l, _)| *l),
    );
    let features = [pick(rng, FEATURES), pick(rng, FEATURES)];
    let name = in_languages(&langs, |l| match l {
        "zh" => format!("{bzh} {model} {}", device.zh),
        "ru" => format!("{} {bru} {model}", capitalise(device.ru)),
        "fr" => format!("{} {ben} {model}", capitalise(device.fr)),
        _ => format!("{ben} {model} {}", device.en),
    });
    let description = in_languages(&langs, |l| {
        let f: Vec<&str> = features
            .iter()
            .map(|(zh, en, ru, fr)| match l {
                "zh" => *zh,
                "ru" => *ru,
                "fr" => *fr,
                _ => *en,
            })
            .collect();
        match l {
            "zh" => format!("{}，{}，{}。", device.zh, f[0], f[1]),
            "ru" => format!("{}: {}, {}.", capitalise(device.ru), f[0], f[1]),
            "fr" => format!("{} : {}, {}.", capitalise(device.fr), f[0], f[1]),
            _ => format!("{}: {}, {}.", capitalise(device.en), f[0], f[1]),
        }
    });
    let mut registrations = vec![registration(rng, Authority::Nmpa, "NMPA", index)];
    for (authority, label, p) in [
        (Authority::EuMdr, "CE", 0.5),
        (Authority::Eaeu, "EAEU", 0.35),
        (Authority::UsFda, "FDA", 0.2),
    ] {
        if rng.random_bool(p) {
            registrations.push(registration(rng, authority, label, index));
        }
    }
    let (low, high) = device.price_usd;
    let min = rng.random_range(low..=high);
    let max = (min as u64 * rng.random_range(110..=150) / 100).min(high as u64 * 2);
    let usd = |v: u64| Amount::from_cents(v as i64 * 100).expect("prices are far below the limit");
    let mut documentation = vec![lang("zh"), lang("en")];
    documentation.extend(
        ["ru", "fr"]
            .iter()
            .filter(|_| rng.random_bool(0.5))
            .map(|l| lang(l)),
    );
    ProductData {
        supplier_id: supplier,
        name,
        description,
        device_codes: device
            .codes
            .iter()
            .map(|c| c.parse().expect("vocabulary codes are well formed"))
            .collect(),
        risk_class: Some(device.risk),
        registrations,
        price: Some(PriceRange {
            min: usd(min as u64),
            max: usd(max),
            currency: "USD".parse().expect("ISO 4217"),
        }),
        lead_time_days: Some(rng.random_range(14..=180)),
        service_countries: some_countries(rng, 5),
        documentation_languages: documentation,
        published: true,
    }
}

/// A registration with an obviously fictitious number: `DEMO-CE-0000042`.
fn registration(rng: &mut StdRng, authority: Authority, label: &str, index: usize) -> Registration {
    let from = date_after(rng, (2020, 1, 1), 5 * 365);
    Registration {
        authority,
        country: None,
        number: format!("DEMO-{label}-{index:07}"),
        valid_from: Some(from),
        valid_until: from.checked_add_days(Days::new(5 * 365)),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- needs and offers

/// `n` needs or offers of the given organisations, written in their languages.
/// Panics if `n > 0` and there are no organisations.
pub fn opportunity_rows(
    seed: u64,
    direction: Direction,
    orgs: &[OrgRef],
    n: usize,
) -> impl Iterator<Item = OpportunityData> + '_ {
    let mut rng = stream(seed, if direction == Direction::Need { 3 } else { 4 });
    (0..n).map(move |_| {
        let org = *pick(&mut rng, orgs);
        opportunity(&mut rng, direction, org)
    })
}

fn opportunity(rng: &mut StdRng, direction: Direction, org: OrgRef) -> OpportunityData {
    use CooperationType::*;
    let device = pick(rng, DEVICES);
    let cooperation = match direction {
        Direction::Need => weighted(
            rng,
            &[
                (EquipmentSupply, 60),
                (MaintenanceService, 15),
                (EducationTraining, 15),
                (TechnologyTransfer, 5),
                (ClinicalCooperation, 5),
            ],
        ),
        Direction::Offer => weighted(
            rng,
            &[
                (EquipmentSupply, 40),
                (Distribution, 20),
                (EducationTraining, 15),
                (MaintenanceService, 15),
                (TechnologyTransfer, 10),
            ],
        ),
    };
    let (low, high) = device.price_usd;
    let quantity = if high < 10_000 {
        rng.random_range(10..=200)
    } else {
        rng.random_range(1..=5)
    };
    let langs = languages_for(rng, org.country.as_str());
    let title = in_languages(&langs, |l| {
        let d = device_name(device, l);
        match (direction, cooperation, l) {
            (Direction::Need, EquipmentSupply, "zh") => format!("采购{quantity}台{d}"),
            (Direction::Need, EquipmentSupply, "ru") => format!("Требуется {d}: {quantity} шт."),
            (Direction::Need, EquipmentSupply, "fr") => {
                format!("Besoin de {d} ({quantity} unités)")
            }
            (Direction::Need, EquipmentSupply, _) => format!("{quantity} × {d} needed"),
            (_, EquipmentSupply, "zh") => format!("提供{d}及安装"),
            (_, EquipmentSupply, "ru") => format!("Поставка с монтажом: {d}"),
            (_, EquipmentSupply, "fr") => format!("Fourniture et installation : {d}"),
            (_, EquipmentSupply, _) => format!("Supply and installation of {d}"),
            (_, Distribution, "zh") => format!("诚招{d}经销合作伙伴"),
            (_, Distribution, "ru") => format!("Ищем дистрибьюторов: {d}"),
            (_, Distribution, "fr") => format!("Recherche de distributeurs : {d}"),
            (_, Distribution, _) => format!("Distribution partners wanted: {d}"),
            (_, MaintenanceService, "zh") => format!("{d}维修保养服务"),
            (_, MaintenanceService, "ru") => format!("Сервисное обслуживание: {d}"),
            (_, MaintenanceService, "fr") => format!("Maintenance : {d}"),
            (_, MaintenanceService, _) => format!("Service and maintenance: {d}"),
            (_, EducationTraining, "zh") => format!("{d}操作培训"),
            (_, EducationTraining, "ru") => format!("Обучение персонала: {d}"),
            (_, EducationTraining, "fr") => format!("Formation du personnel : {d}"),
            (_, EducationTraining, _) => format!("Staff training: {d}"),
            (_, ClinicalCooperation, "zh") => format!("{d}临床合作"),
            (_, ClinicalCooperation, "ru") => format!("Клиническое сотрудничество: {d}"),
            (_, ClinicalCooperation, "fr") => format!("Coopération clinique : {d}"),
            (_, ClinicalCooperation, _) => format!("Clinical cooperation: {d}"),
            (_, _, "zh") => format!("{d}本地化组装与技术转移"),
            (_, _, "ru") => format!("Локальная сборка и трансфер технологий: {d}"),
            (_, _, "fr") => format!("Assemblage local et transfert de technologie : {d}"),
            (_, _, _) => format!("Local assembly and technology transfer: {d}"),
        }
    });
    let description = in_languages(&langs, |l| match l {
        "zh" => "演示数据：预算与日期仅供示例。".to_string(),
        "ru" => "Демонстрационные данные: бюджет и сроки условные.".to_string(),
        "fr" => "Données de démonstration : budget et dates indicatifs.".to_string(),
        _ => "Demo data: budget and dates are illustrative.".to_string(),
    });
    let (countries, budget, quantity) = match direction {
        Direction::Need => {
            let usd = rng.random_range(low..=high) as u64 * quantity as u64;
            let (currency, rate) = if rng.random_bool(0.3) {
                vocabulary::local_currency(org.country.as_str())
            } else {
                ("USD", 1)
            };
            let budget = Money {
                amount: Amount::from_cents((usd * rate * 100) as i64)
                    .expect("budgets are far below the limit"),
                currency: currency.parse().expect("ISO 4217"),
            };
            (
                vec![org.country],
                Some(budget),
                (cooperation == EquipmentSupply).then_some(quantity),
            )
        }
        Direction::Offer => (some_countries(rng, 5), None, None),
    };
    OpportunityData {
        organisation_id: org.id,
        direction,
        cooperation_type: cooperation,
        title,
        description,
        countries,
        device_codes: device
            .codes
            .iter()
            .map(|c| c.parse().expect("vocabulary codes are well formed"))
            .collect(),
        quantity,
        budget,
        deadline: Some(date_after(rng, (2026, 1, 1), 730)),
        status: weighted(
            rng,
            &[
                (OpportunityStatus::Open, 85),
                (OpportunityStatus::Matched, 5),
                (OpportunityStatus::Closed, 5),
                (OpportunityStatus::Draft, 5),
            ],
        ),
    }
}
