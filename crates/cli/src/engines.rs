//! Commands that run the engines on files: scheduling and the benchmarks.

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use medbridge_schedule::{SolveOptions, bench, dzn, generate::Synthetic, solve, validate};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge schedule --dzn ../shared/data/scheduling/jair2022-b2b/instances/tic-12.original.dzn\n  medbridge schedule --dzn event.dzn --fairness 1 --json > schedule.json\n\nThe .dzn format is that of Bofill et al., JAIR 74 (2022): participants, requested meetings with\nmorning/afternoon/any session, tables, slots, forbidden slots, fixed meetings, precedences."
)]
pub struct ScheduleArgs {
    /// The event, in the JAIR 2022 MiniZinc data format
    #[arg(long)]
    dzn: PathBuf,
    /// Largest allowed difference between the most and the fewest breaks of any two participants
    #[arg(long, default_value_t = 2)]
    fairness: u32,
    /// Stop searching after this many seconds
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Print {"meetings": [{"meeting": i, "slot": s, "table": t}]} (numbered from 1 as in the .dzn)
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum BenchCommand {
    /// The 20 real events of Bofill et al. (JAIR 2022) beside their published optima, with a
    /// greedy first-fit baseline; with --scale, also the 3,000-delegate synthetic event.
    Schedule {
        /// The folder with instances/*.original.dzn and published_results_originals.csv
        #[arg(default_value = "../shared/data/scheduling/jair2022-b2b")]
        dir: PathBuf,
        /// Also run the scale benchmark (3,000 delegates, 30,000 requests) and its re-solve
        #[arg(long)]
        scale: bool,
    },
    /// The matching engine over generated products and needs: index build time, peak RSS,
    /// p50/p99 latency of a top-10 match, throughput with 2 threads, beside a naive scan.
    Match {
        #[arg(long, default_value_t = 1_000_000)]
        products: usize,
        #[arg(long, default_value_t = 100_000)]
        needs: usize,
    },
    /// Dashboard and event-report queries over a generated history (100k agreements, 1M
    /// meetings, 1M suggestions by default): p50/p95 of each, beside a naive baseline.
    Outcomes(crate::outcomes_bench::OutcomesArgs),
}

pub fn schedule(args: ScheduleArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.dzn)
        .with_context(|| format!("reading {}", args.dzn.display()))?;
    let mut instance =
        dzn::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.dzn.display()))?;
    instance.fairness = Some(args.fairness);
    if !(args.time_limit > 0.0 && args.time_limit <= 3600.0) {
        bail!("--time-limit must be between 0 and 3600 seconds");
    }
    let options = SolveOptions {
        time_limit: Duration::from_secs_f64(args.time_limit),
        ..SolveOptions::default()
    };
    let solution = solve(&instance, &options);
    if let Err(violations) = validate(&instance, &solution.schedule) {
        bail!("internal error: the schedule failed validation: {violations:?}");
    }
    let r = &solution.report;
    if args.json {
        println!("{}", solution.schedule.to_dzn_json());
    } else {
        println!("meetings scheduled: {}/{}", r.scheduled, r.requests);
        println!(
            "total breaks:       {} (lower bound {}{})",
            r.breaks,
            r.breaks_lower_bound,
            if r.proven_optimal { ", optimal" } else { "" }
        );
        println!(
            "fairness spread:    {} (allowed {}){}",
            r.fairness_spread,
            args.fairness,
            if r.fairness_met { "" } else { " NOT MET" }
        );
        println!("time:               {:.2} s", r.elapsed.as_secs_f64());
        if r.time_limited {
            println!(
                "note: the time limit ({} s) ended the search; a longer --time-limit, or a less \
                 busy machine, may find fewer breaks",
                args.time_limit
            );
        }
        for u in &r.unscheduled {
            println!("not scheduled: request {}: {}", u.request + 1, u.reason);
        }
    }
    Ok(())
}

pub fn bench(cmd: BenchCommand) -> Result<()> {
    match cmd {
        BenchCommand::Schedule { dir, scale } => {
            let mut rows = bench::jair(&dir, &SolveOptions::default())
                .with_context(|| format!("running the JAIR benchmark in {}", dir.display()))?;
            if scale {
                let full = SolveOptions {
                    time_limit: Duration::from_secs(9),
                    ..SolveOptions::default()
                };
                let incremental = SolveOptions {
                    time_limit: Duration::from_millis(900),
                    ..SolveOptions::default()
                };
                rows.extend(bench::scale(&Synthetic::issue_scale(), &full, &incremental));
            }
            print!("{}", bench::markdown(&rows));
            Ok(())
        }
        BenchCommand::Match { products, needs } => crate::matching::run_bench(products, needs),
        BenchCommand::Outcomes(_) => unreachable!("async: dispatched in main"),
    }
}
