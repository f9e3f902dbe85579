//! Runs the scheduler benchmarks without building the CLI:
//!
//! ```text
//! cargo run --release -p medbridge-schedule --example jair [-- [--scale | --scale-only] [--scale-seconds S] [--only NAME] [--seed N] [--patience-ms N] [--quiet-steps N] [--sat-conflicts N] [--time-limit S]]
//! ```
//!
//! Same options as `medbridge bench schedule` (default solve options; with
//! `--scale`, 9 s for the synthetic event and 0.9 s for its re-solve); `--only`
//! solves only the named JAIR
//! events (comma-separated) and prints one line each, marked "(time limit)" where
//! the clock rather than the search's budgets ended it; `--quiet-steps` sets the
//! annealing's patience in steps (0, the default, is two cooling rounds).

use std::time::Duration;

use medbridge_schedule::bench;
use medbridge_schedule::generate::Synthetic;
use medbridge_schedule::{SolveOptions, dzn, solve, validate};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name);
    let value = |name: &str| flag(name).and_then(|i| args.get(i + 1)).cloned();
    let seed = value("--seed").map_or(1, |s| s.parse().expect("--seed takes a number"));
    let mut options = SolveOptions {
        seed,
        ..SolveOptions::default()
    };
    if let Some(n) = value("--quiet-steps") {
        options.quiet_steps = n.parse().expect("--quiet-steps takes a number");
    }
    if let Some(n) = value("--sat-conflicts") {
        options.sat_conflicts = n.parse().expect("--sat-conflicts takes a number");
    }
    if let Some(seconds) = value("--time-limit") {
        // A longer limit makes runs end on their step and conflict budgets instead of
        // the clock, so two builds can be compared on a slow or busy machine.
        options.time_limit =
            Duration::from_secs_f64(seconds.parse().expect("--time-limit takes seconds"));
    }
    if let Some(ms) = value("--patience-ms") {
        options.patience = Duration::from_millis(ms.parse().expect("--patience-ms takes a number"));
    }
    let mut rows = Vec::new();
    if flag("--scale-only").is_none() {
        let Some(data) = medbridge_core::shared_data::locate() else {
            return;
        };
        let dir = data.join("scheduling/jair2022-b2b");
        match value("--only") {
            Some(only) => {
                // Quick iteration on a few events: solve, validate, one line each.
                for name in only.split(',') {
                    let path = dir.join(format!("instances/{name}.original.dzn"));
                    let text = std::fs::read_to_string(&path).expect("instance readable");
                    let mut instance = dzn::parse(&text).expect("valid .dzn");
                    instance.fairness = Some(2);
                    let s = solve(&instance, &options);
                    let r = &s.report;
                    println!(
                        "{name}: {}/{} breaks {} (LB {}) spread {} {:.2} s{} valid {}",
                        r.scheduled,
                        r.requests,
                        r.breaks,
                        r.breaks_lower_bound,
                        r.fairness_spread,
                        r.elapsed.as_secs_f64(),
                        if r.time_limited { " (time limit)" } else { "" },
                        validate(&instance, &s.schedule).is_ok()
                    );
                }
            }
            None => rows = bench::jair(&dir, &options).expect("benchmark data readable"),
        }
    }
    if flag("--scale").is_some() || flag("--scale-only").is_some() {
        // --scale-seconds N: a longer budget for the synthetic event, to see how far the
        // search is from where it would settle (the issue's figure is at the default 9 s).
        let seconds: f64 = value("--scale-seconds")
            .map_or(9.0, |s| s.parse().expect("--scale-seconds takes a number"));
        let full = SolveOptions {
            time_limit: Duration::from_secs_f64(seconds),
            patience: Duration::from_secs_f64(seconds),
            ..options.clone()
        };
        let incremental = SolveOptions {
            time_limit: Duration::from_millis(900),
            ..options
        };
        rows.extend(bench::scale(&Synthetic::issue_scale(), &full, &incremental));
    }
    print!("{}", bench::markdown(&rows));
}
