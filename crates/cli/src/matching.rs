//! `medbridge match`, `medbridge eval` and `medbridge bench match`: the matching engine
//! on the database, on a judged set, and at scale.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use medbridge_core::model::{OpportunityData, OrganisationData, ProductData};
use medbridge_core::{CountryCode, Cursor, OrgId, UiLang};
use medbridge_match::{
    Engine, EngineConfig, NeedDoc, NeedForm, Offer, Options, bench, concept_name, eval,
    render_reading,
};
use medbridge_store::{ListQuery, Scope, Store};
use std::collections::HashMap;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge match --text 'компьютерный томограф для больницы в Оше' --country KG --lang ru\n  medbridge match --text 'CT scanner' --country KZ --budget 400000 --currency USD --json\n  medbridge match --text '呼吸机' --country KG --relaxed    # also near misses, with the constraint they fail\n\nMatches against the published products and offers in the database. A registration must be valid today in the buyer's country (an EAEU registration covers AM BY KG KZ RU)."
)]
pub struct MatchArgs {
    /// The need, in the buyer's words (any of zh, en, ru, fr)
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    text: String,
    /// The buyer's country (ISO code, e.g. KG)
    #[arg(long)]
    country: Option<String>,
    /// Language of the text (zh, en, ru, fr); detected from the script when absent
    #[arg(long)]
    lang: Option<String>,
    /// Device codes written SCHEME:CODE, e.g. FDA:CBK (repeatable)
    #[arg(long = "code")]
    codes: Vec<String>,
    /// Total budget, with --currency
    #[arg(long, allow_negative_numbers = true)]
    budget: Option<String>,
    #[arg(long)]
    currency: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    quantity: Option<u32>,
    /// Delivery needed by (YYYY-MM-DD)
    #[arg(long)]
    deadline: Option<String>,
    /// equipment_supply, distribution, technology_transfer, joint_rnd, ...
    #[arg(long)]
    cooperation: Option<String>,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Also show near misses, each with the constraint it fails
    #[arg(long)]
    relaxed: bool,
    /// Language of the reasons (zh, en, ru, fr) [default: --lang, else en]
    #[arg(long)]
    ui_lang: Option<String>,
    /// Print JSON for scripts
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge eval\n  medbridge eval --needs their_needs.tsv --corpus ../shared/data/fda/510k/pmn_combined.clean.csv --json\n\nA judged set is a TSV with a header and the columns id, lang, need_text, fda_codes (see crates/match/eval/README.md)."
)]
pub struct EvalArgs {
    /// The judged needs [default: crates/match/eval/needs.tsv]
    #[arg(long)]
    needs: Option<PathBuf>,
    /// The FDA 510(k) CSV [default: fda/510k/pmn_combined.clean.csv in the shared data folder]
    #[arg(long)]
    corpus: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

async fn for_each<E: medbridge_store::Entity>(
    store: &Store,
    mut f: impl FnMut(medbridge_core::model::Record<E::Id, E>),
) -> Result<()> {
    let mut q = ListQuery::new(vec![]);
    q.limit = 200;
    loop {
        let page = store.list::<E>(&q, Scope::Public).await?;
        let next = page.next_cursor.as_deref().and_then(Cursor::decode);
        page.items.into_iter().for_each(&mut f);
        match next {
            Some(c) => q.cursor = Some(c),
            None => return Ok(()),
        }
    }
}

/// Builds an engine over the published products and offers (and needs) of the store.
async fn engine_from_store(store: &Store, today: chrono::NaiveDate) -> Result<(Engine, usize)> {
    let mut countries: HashMap<OrgId, CountryCode> = HashMap::new();
    for_each::<OrganisationData>(store, |o| {
        countries.insert(o.id, o.data.country);
    })
    .await
    .context("reading organisations")?;
    let engine = Engine::new(EngineConfig::default());
    let mut n = 0;
    let mut products: Vec<(medbridge_core::ProductId, ProductData)> = Vec::new();
    for_each::<ProductData>(store, |p| products.push((p.id, p.data)))
        .await
        .context("reading products")?;
    for (id, p) in &products {
        engine.upsert_offer(Offer::from_product(
            *id,
            p,
            countries.get(&p.supplier_id).copied(),
        ));
        n += 1;
    }
    let mut opportunities: Vec<(medbridge_core::OpportunityId, OpportunityData)> = Vec::new();
    for_each::<OpportunityData>(store, |o| opportunities.push((o.id, o.data)))
        .await
        .context("reading needs and offers")?;
    for (id, o) in &opportunities {
        let country = countries.get(&o.organisation_id).copied();
        if let Some(offer) = Offer::from_opportunity(*id, o, country) {
            engine.upsert_offer(offer);
            n += 1;
        } else if let Some(need) = NeedDoc::from_opportunity(*id, o, country, today) {
            engine.upsert_need(need);
        }
    }
    engine.commit().context("building the search index")?;
    Ok((engine, n))
}

pub async fn run_match(store: &Store, args: MatchArgs) -> Result<()> {
    let today = chrono::Local::now().date_naive();
    let form = NeedForm {
        text: args.text.clone(),
        lang: args.lang.clone(),
        country: args.country.clone(),
        codes: args.codes.clone(),
        budget_amount: args.budget.clone(),
        budget_currency: args.currency.clone(),
        quantity: args.quantity,
        deadline: args.deadline.clone(),
        cooperation: args.cooperation.clone(),
    };
    let need = form.parse(today).map_err(field_errors)?;
    let ui = args
        .ui_lang
        .as_deref()
        .or(args.lang.as_deref())
        .and_then(UiLang::parse)
        .unwrap_or_default();
    let (engine, offers) = engine_from_store(store, today).await?;
    let options = Options {
        limit: args.limit,
        relaxed: args.relaxed,
        ..Options::default()
    };
    let found = engine.match_need(&need, &options).map_err(field_errors)?;
    // How the need was read, shown even when nothing matches, so that a misreading can
    // be told from an empty catalogue.
    let read = engine.device_types_read(&need);
    if args.json {
        let read_as: Vec<serde_json::Value> = read
            .iter()
            .map(|r| {
                serde_json::json!({
                    "concept": r.concept, "name": concept_name(r.concept, ui),
                    "from": r.from.as_str(), "secondary": r.secondary
                })
            })
            .collect();
        let rows: Vec<serde_json::Value> = found
            .iter()
            .map(|m| {
                serde_json::json!({
                    "item": m.item,
                    "score": m.score,
                    "mutual": m.mutual,
                    "codes": m.codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                    "reasons": m.render_reasons(ui),
                    "failed": m.failed.iter().map(|f| serde_json::json!({
                        "constraint": f.name(), "message": f.render(ui)
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "read_as": read_as, "results": rows })
            )?
        );
        return Ok(());
    }
    println!("{}", render_reading(&read, ui));
    if found.is_empty() {
        // In the reader's language, like the reading above it.
        let (none, hint) = match ui {
            UiLang::Zh => (
                format!("在{offers}个产品和供应中没有匹配"),
                "（加 --relaxed 可看到差一点匹配的结果）",
            ),
            UiLang::Ru => (
                format!("среди {offers} товаров и предложений совпадений нет"),
                " (с --relaxed видны почти подходящие)",
            ),
            UiLang::Fr => (
                format!("aucune correspondance parmi {offers} produits et offres"),
                " (--relaxed montre les quasi-correspondances)",
            ),
            UiLang::En => (
                format!("no match among {offers} products and offers"),
                " (try --relaxed to see near misses)",
            ),
        };
        println!("{none}{}", if args.relaxed { "" } else { hint });
        return Ok(());
    }
    println!(
        "{:<4} {:<18} {:>6}  {:<24} reasons",
        "#", "item", "score", "codes"
    );
    for (i, m) in found.iter().enumerate() {
        let codes: Vec<String> = m.codes.iter().map(|c| c.to_string()).collect();
        println!(
            "{:<4} {:<18} {:>6.3}  {:<24} {}",
            i + 1,
            m.item.to_string(),
            m.score,
            codes.join(" "),
            m.render_reasons(ui).join("; ")
        );
        for failed in &m.failed {
            println!(
                "{:<4} {:<18} {:>6}  {:<24} ✗ {}",
                "",
                "",
                "",
                "",
                failed.render(ui)
            );
        }
    }
    Ok(())
}

fn field_errors(e: medbridge_core::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

pub fn run_eval(args: EvalArgs) -> Result<()> {
    let needs_path = args
        .needs
        .unwrap_or_else(|| PathBuf::from("crates/match/eval/needs.tsv"));
    let text = std::fs::read_to_string(&needs_path).with_context(|| {
        format!(
            "reading {} (run from the repository root, or give --needs FILE.tsv)",
            needs_path.display()
        )
    })?;
    let needs =
        eval::read_needs(&text).map_err(|e| anyhow::anyhow!("{}: {e}", needs_path.display()))?;
    let corpus = match args.corpus {
        Some(path) => path,
        None => match medbridge_core::shared_data::locate() {
            Some(dir) => dir.join("fda/510k/pmn_combined.clean.csv"),
            None => bail!(
                "no corpus: give --corpus PATH_TO/pmn_combined.clean.csv (the FDA 510(k) file), or set MEDBRIDGE_SHARED_DATA to the shared data folder"
            ),
        },
    };
    let clearances = eval::read_510k(&corpus).map_err(|e| anyhow::anyhow!(e))?;
    eprintln!(
        "evaluating {} needs over {} 510(k) records from {}",
        needs.len(),
        clearances.len(),
        corpus.display()
    );
    let report = eval::run(&needs, &clearances);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.markdown());
        print!("{}", misses(&report));
    }
    Ok(())
}

/// Which needs went unanswered, by id, so a judge can read them: none of the accepted codes
/// in the top 10 over all offers, and nothing returned at all (`--json` also lists the
/// misses per offer language).
fn misses(report: &eval::Report) -> String {
    let mut out = String::from("\n");
    if report.missed.is_empty() {
        out.push_str("every need has an answer in its top 10 over all offers\n");
    } else {
        out.push_str(&format!(
            "needs with no answer in their top 10 over all offers ({}): {}\n",
            report.missed.len(),
            report.missed.join(", ")
        ));
    }
    if !report.empty.is_empty() {
        out.push_str(&format!(
            "needs the engine returned nothing for ({}): {}\n",
            report.empty.len(),
            report.empty.join(", ")
        ));
    }
    if !report.missed_by_offer_lang.is_empty() {
        out.push_str(&format!(
            "needs with no answer among the offers of one language: {} (listed by --json)\n",
            report.missed_by_offer_lang.len()
        ));
    }
    out
}

pub fn run_bench(products: usize, needs: usize) -> Result<()> {
    let latency = needs.min(10_000);
    let throughput = needs.min(20_000);
    let baseline = needs.min(50);
    eprintln!(
        "generating and indexing {products} products and {needs} needs (deterministic, seed 42)"
    );
    let report = bench::run(products, needs, latency, throughput, baseline, &|msg| {
        eprintln!("  {msg}")
    });
    print!("{}", report.markdown());
    Ok(())
}
