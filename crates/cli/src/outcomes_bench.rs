//! `medbridge bench outcomes`: the dashboard and event-report queries over a generated
//! history at the issue's scale (100k agreements, 1M meetings, 1M suggestions), each timed
//! many times for p50/p95, beside a naive baseline in the same run: reading every agreement
//! and counting in the application, as a first version without aggregation in SQL would.

use anyhow::{Result, bail};
use chrono::Utc;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_demo::{OutcomesConfig, generate_outcomes};
use medbridge_store::{Filter, FunnelFilter, ListQuery, Scope, Store};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  medbridge bench outcomes                                   # SQLite in a fresh temporary file\n  medbridge bench outcomes --agreements 10000 --meetings 100000 --suggestions 100000 --needs 10000\n  createdb -h 127.0.0.1 -U postgres bench && medbridge bench outcomes --db postgres://postgres@127.0.0.1/bench\n\nThe database must be empty: the history is generated into it. bench/outcomes.sh runs both backends."
)]
pub struct OutcomesArgs {
    /// An EMPTY database to generate into [default: a fresh SQLite file in the temp directory]
    #[arg(long)]
    db: Option<String>,
    #[arg(long, default_value_t = 100_000)]
    agreements: usize,
    #[arg(long, default_value_t = 1_000_000)]
    meetings: usize,
    #[arg(long, default_value_t = 1_000_000)]
    suggestions: usize,
    #[arg(long, default_value_t = 100_000)]
    needs: usize,
    /// Timed runs of each query
    #[arg(long, default_value_t = 40)]
    reps: usize,
}

struct Row {
    what: String,
    times: Vec<Duration>,
    result: String,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

async fn timed<T, F, Fut>(
    reps: usize,
    what: &str,
    rows: &mut Vec<Row>,
    describe: impl Fn(&T) -> String,
    mut f: F,
) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, medbridge_store::StoreError>>,
{
    let first = f().await?; // warm the caches once, as a running server has them
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        f().await?;
        times.push(t.elapsed());
    }
    times.sort();
    eprintln!(
        "  {what}: p50 {} ms, p95 {} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );
    rows.push(Row {
        what: what.to_string(),
        times,
        result: describe(&first),
    });
    Ok(())
}

fn funnel_text(f: &medbridge_store::Funnel) -> String {
    f.stages
        .iter()
        .map(|s| s.count.to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// What the dashboard counts by kind, read the naive way: every agreement, page by page.
async fn naive_kinds(
    store: &Store,
) -> Result<BTreeMap<String, usize>, medbridge_store::StoreError> {
    let mut counts = BTreeMap::new();
    let mut q = ListQuery {
        limit: 200,
        ..ListQuery::new(Vec::new())
    };
    loop {
        let page = store.list::<AgreementData>(&q, Scope::All).await?;
        for a in &page.items {
            if a.data.status != AgreementStatus::Draft {
                *counts.entry(a.data.kind.as_str().to_string()).or_default() += 1;
            }
        }
        match page.next_cursor.and_then(|c| Cursor::decode(&c)) {
            Some(c) => q.cursor = Some(c),
            None => return Ok(counts),
        }
    }
}

pub async fn run(args: OutcomesArgs) -> Result<()> {
    let (url, cleanup) = match &args.db {
        Some(u) => (u.clone(), None),
        None => {
            let dir = std::env::temp_dir()
                .join(format!("medbridge-bench-outcomes-{}", std::process::id()));
            (format!("sqlite://{}/bench.db", dir.display()), Some(dir))
        }
    };
    let store = Store::open(&url).await?;
    if store.count::<OpportunityData>().await? > 0 || store.count::<AgreementData>().await? > 0 {
        bail!(
            "{url} already holds needs or agreements: the benchmark generates into an empty database"
        );
    }
    let config = OutcomesConfig {
        needs: args.needs,
        suggestions: args.suggestions,
        meetings: args.meetings,
        agreements: args.agreements,
        ..OutcomesConfig::issue_scale()
    };
    eprintln!(
        "generating into {} ({}): {config:?}",
        url,
        store.backend_name()
    );
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({per_sec})")
            .expect("template")
            .progress_chars("=> "),
    );
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let summary = generate_outcomes(&store, config, &|what, done, total| {
        bar.set_message(what.to_string());
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await?;
    bar.finish_and_clear();
    let generation = started.elapsed();
    eprintln!(
        "generated in {:.0} s; timing {} runs of each query",
        generation.as_secs_f64(),
        args.reps
    );

    let today = Utc::now().date_naive();
    let event = summary.sessions[0];
    let member = store
        .list::<OrganisationData>(
            &ListQuery {
                limit: 1,
                ..ListQuery::new(vec![Filter::Country("KG".parse()?)])
            },
            Scope::All,
        )
        .await?
        .items
        .first()
        .map(|o| o.id)
        .unwrap_or(OrgId(1));
    let reps = args.reps;
    let mut rows = Vec::new();
    let stats_text = |s: &medbridge_store::AgreementStats| {
        format!(
            "{} agreements signed",
            s.by_status.iter().map(|(_, n)| n).sum::<i64>()
        )
    };
    timed(
        reps,
        "dashboard: agreements by kind, year, country, status",
        &mut rows,
        stats_text,
        || store.agreement_stats(Scope::All, None),
    )
    .await?;
    timed(
        reps,
        "dashboard: the same, as a member organisation sees it",
        &mut rows,
        stats_text,
        || store.agreement_stats(Scope::Member(member), None),
    )
    .await?;
    let everything = FunnelFilter::default();
    timed(
        reps,
        "dashboard: funnel of every need",
        &mut rows,
        funnel_text,
        || store.funnel(Scope::All, &everything),
    )
    .await?;
    timed(
        reps,
        "dashboard: reminders (overdue, ending in 60 days)",
        &mut rows,
        |d: &medbridge_store::Digest| {
            format!("{} overdue, {} ending", d.overdue.len(), d.expiring.len())
        },
        || store.agreement_digest(today, 60, Scope::All, 20),
    )
    .await?;
    timed(
        reps,
        "event report: agreements signed at the session",
        &mut rows,
        stats_text,
        || store.agreement_stats(Scope::All, Some(event.0)),
    )
    .await?;
    let at_event = FunnelFilter {
        event: Some(event),
        ..FunnelFilter::default()
    };
    timed(
        reps,
        "event report: funnel of needs discussed there",
        &mut rows,
        funnel_text,
        || store.funnel(Scope::All, &at_event),
    )
    .await?;
    let by_country = FunnelFilter {
        country: Some("KG".parse()?),
        ..FunnelFilter::default()
    };
    timed(reps, "funnel: needs in KG", &mut rows, funnel_text, || {
        store.funnel(Scope::All, &by_country)
    })
    .await?;
    let pair = FunnelFilter {
        country: Some("KZ".parse()?),
        partner_country: Some("CN".parse()?),
        ..FunnelFilter::default()
    };
    timed(
        reps,
        "funnel: country pair KZ–CN",
        &mut rows,
        funnel_text,
        || store.funnel(Scope::All, &pair),
    )
    .await?;
    let category = FunnelFilter {
        device_code: Some("EMDN:Z12".parse()?),
        ..FunnelFilter::default()
    };
    timed(
        reps,
        "funnel: device category EMDN:Z12",
        &mut rows,
        funnel_text,
        || store.funnel(Scope::All, &category),
    )
    .await?;
    let kind = FunnelFilter {
        cooperation_type: Some(CooperationType::EquipmentSupply),
        ..FunnelFilter::default()
    };
    timed(
        reps,
        "funnel: equipment supply",
        &mut rows,
        funnel_text,
        || store.funnel(Scope::All, &kind),
    )
    .await?;
    let quarter = FunnelFilter {
        since: Some(medbridge_demo::history_start() + chrono::Duration::days(365)),
        until: Some(medbridge_demo::history_start() + chrono::Duration::days(455)),
        ..FunnelFilter::default()
    };
    timed(
        reps,
        "funnel: needs posted in one quarter",
        &mut rows,
        funnel_text,
        || store.funnel(Scope::All, &quarter),
    )
    .await?;
    let page = ListQuery {
        limit: 50,
        ..ListQuery::new(vec![Filter::Event(event)])
    };
    timed(
        reps,
        "agreements list: first page at the session",
        &mut rows,
        |p: &Page<_>| format!("{} rows", p.items.len()),
        || store.list::<AgreementData>(&page, Scope::All),
    )
    .await?;
    timed(
        3.min(reps),
        "baseline: read every agreement, count kinds in the application",
        &mut rows,
        |k: &BTreeMap<String, usize>| format!("{} agreements signed", k.values().sum::<usize>()),
        || naive_kinds(&store),
    )
    .await?;

    println!(
        "Backend: {}; {} needs, {} suggestions, {} meetings, {} agreements; generated in {:.0} s; {} timed runs each (baseline: 3).\n",
        store.backend_name(),
        summary.needs,
        summary.suggestions,
        summary.meetings,
        summary.agreements,
        generation.as_secs_f64(),
        reps
    );
    println!("| query | p50 ms | p95 ms | max ms | result |");
    println!("|---|---:|---:|---:|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            r.what,
            ms(percentile(&r.times, 0.5)),
            ms(percentile(&r.times, 0.95)),
            ms(*r.times.last().expect("timed")),
            r.result
        );
    }
    store.close().await;
    if let Some(dir) = cleanup {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}
