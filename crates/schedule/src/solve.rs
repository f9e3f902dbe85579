//! Entry points: [`solve`], [`resolve`] (incremental) and the [`greedy`] baseline.
//!
//! The objective is lexicographic, in this order:
//! 1. the most priority-weighted requests scheduled; in a re-solve, less
//!    2 priority units (`MOVE_PRICE`) per previously
//!    placed request moved or dropped, so that only a request of priority 3 or
//!    more may displace one already placed (locked ones never move);
//! 2. the fairness bound met (else the smallest excess over it);
//! 3. the fewest total breaks.
//!
//! Fairness comes after weight on purpose: dropping a delegate's meeting to make
//! the break counts look even helps nobody, so when the bound cannot be met with
//! every meeting the solver says so (`fairness_met == false`) instead. On the JAIR
//! events every request fits and the bound is met, which is the paper's problem.

use std::time::{Duration, Instant};

use crate::bounds;
use crate::compile::Compiled;
use crate::explain;
use crate::model::{Instance, MeetingRequest, Schedule};
use crate::rng::Rng;
use crate::search::{Key, Limits, NONE, State, anneal};
use crate::tables;

/// Search budget and seed.
///
/// The annealing stops when the bounds prove the schedule optimal, or when it
/// has gone `quiet_steps` steps without improving; a complete schedule that is
/// not proven optimal then goes to the SAT stage (default `sat` feature) for
/// at most `sat_conflicts` conflicts. All three are independent of the
/// machine, so a run is repeatable for a given seed. The two durations are
/// safety nets for a slow or overloaded machine (the SAT stage stops at 90% of
/// `time_limit`); when one of them cuts the search first, the result may
/// differ from run to run.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Hard wall-clock limit.
    pub time_limit: Duration,
    /// Stop once this long has passed without any improvement.
    pub patience: Duration,
    pub seed: u64,
    /// Annealing steps without improvement before the search stops; 0 means
    /// two cooling rounds (6,000 steps per request, at least 10,000).
    pub quiet_steps: u64,
    /// Conflicts the SAT stage may spend lowering the breaks of a complete
    /// schedule that the bounds do not prove optimal (from scratch only, not in
    /// a re-solve); 0 skips it. Without the `sat` feature there is no SAT stage
    /// and this is ignored.
    pub sat_conflicts: u64,
}

/// See [`SolveOptions::sat_conflicts`]. 30,000 ended the two hardest JAIR events about
/// a break higher on average (forum-13crafb 9.4 against 8.4 over seeds 1 to 8, with one
/// search). With two searches running (see `finish_with_sat`) each goes about 15% slower
/// on the 2-core AMD EPYC of the benchmark (BENCHMARKS.md), so on those two events the
/// SAT stage's deadline ([`SAT_DEADLINE_SHARE`] of the time limit) can come first there.
pub const DEFAULT_SAT_CONFLICTS: u64 = 55_000;

/// The SAT stage stops at this share of the time limit, leaving the rest for the
/// tables and the report.
#[cfg(feature = "sat")]
pub const SAT_DEADLINE_SHARE: f64 = 0.9;

/// The second neighbourhood search gets this share of the conflicts the cores left,
/// so that it ends before the first one on the events where both run to their
/// budgets. Over seeds 1 to 16 on the two hardest JAIR events the second search
/// lowers the mean breaks from 8.75 to 8.25 (forum-13crafb) and from 6.44 to 5.94
/// (ticf-13crafb).
#[cfg(feature = "sat")]
const SECOND_SEARCH_SHARE: f64 = 0.8;

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: Duration::from_secs(10),
            patience: Duration::from_secs(10),
            seed: 1,
            quiet_steps: 0,
            sat_conflicts: DEFAULT_SAT_CONFLICTS,
        }
    }
}

/// A request left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unscheduled {
    pub request: usize,
    pub reason: String,
}

/// What was achieved and how it compares with the bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub requests: usize,
    pub scheduled: usize,
    pub scheduled_weight: u64,
    /// No schedule can carry more weight than this.
    pub weight_upper_bound: u64,
    pub breaks: u32,
    /// No schedule with this much weight can have fewer breaks (0 when nothing
    /// sharper is known, e.g. when not every request fits). Either the cheap
    /// per-participant bound or, when the SAT stage proved it, the breaks of
    /// the schedule found: then no complete schedule meeting the fairness
    /// bound has fewer.
    pub breaks_lower_bound: u32,
    /// Most minus fewest breaks over participants with at least one meeting.
    pub fairness_spread: u32,
    pub fairness_met: bool,
    /// The bounds are met: this schedule is optimal.
    pub proven_optimal: bool,
    /// Previously placed requests now at another slot or table (re-solve only).
    pub moved: usize,
    /// Previously placed requests now unscheduled (re-solve only).
    pub dropped: usize,
    /// The time limit (or the patience), not the search's own budgets, ended the
    /// search short of a proven optimum: a longer limit may find a better schedule,
    /// and the result may differ from run to run.
    pub time_limited: bool,
    pub unscheduled: Vec<Unscheduled>,
    pub elapsed: Duration,
}

impl Report {
    pub fn weight_gap(&self) -> u64 {
        self.weight_upper_bound - self.scheduled_weight
    }

    pub fn breaks_gap(&self) -> u32 {
        self.breaks.saturating_sub(self.breaks_lower_bound)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    pub schedule: Schedule,
    pub report: Report,
}

/// Schedules `instance` from scratch.
pub fn solve(instance: &Instance, options: &SolveOptions) -> Solution {
    run(instance, None, Some(options))
}

/// Re-solves after a change, keeping as much of `previous` (one entry per request
/// of `instance`, `None` for new requests; see [`Amendment::apply`]) in place as
/// possible. Locked requests never move.
pub fn resolve(instance: &Instance, previous: &Schedule, options: &SolveOptions) -> Solution {
    run(instance, Some(previous), Some(options))
}

/// First-fit baseline: requests in input order, each into its earliest free slot.
/// Its report's weight bound is the trivial one (every possible request).
pub fn greedy(instance: &Instance) -> Solution {
    run(instance, None, None)
}

fn run(
    instance: &Instance,
    previous: Option<&Schedule>,
    options: Option<&SolveOptions>,
) -> Solution {
    let start = Instant::now();
    let c = Compiled::new(instance);
    let n = instance.requests.len();
    let previous_slots: Option<Vec<u8>> = previous.map(|p| {
        (0..n)
            .map(|r| {
                p.meetings
                    .get(r)
                    .copied()
                    .flatten()
                    .filter(|pl| (pl.slot.0 as usize) < c.slots)
                    .map_or(NONE, |pl| pl.slot.0 as u8)
            })
            .collect()
    });
    let possible = c.possible_weight();
    // The first-fit baseline reports only the trivial bound: its time is the
    // algorithm's, and the flows of the real bound take 0.4 s on the scale event.
    let weight_ub = match options {
        Some(_) => bounds::weight_upper_bound(&c),
        None => possible,
    };
    let breaks_lb = if weight_ub == possible {
        bounds::breaks_lower_bound(&c)
    } else {
        0
    };
    // Raised when the SAT stage proves its schedule optimal.
    #[allow(unused_mut)]
    let mut target = Key {
        loss: possible - weight_ub,
        moved: 0,
        excess: 0,
        breaks: breaks_lb,
    };

    let start_from = |order: &[usize], best_fit: bool| {
        let mut state = State::new(&c, previous_slots.clone());
        if let Some(prev) = &previous_slots {
            // Put back what can stay, locked requests first so nothing else
            // takes their seat.
            let mut keep: Vec<usize> = (0..n).filter(|&r| prev[r] != NONE).collect();
            keep.sort_by_key(|&r| !c.locked[r]);
            for r in keep {
                if state.fits(r, prev[r] as usize) {
                    state.set(r, prev[r]);
                }
            }
        }
        state.construct(order, best_fit);
        state
    };
    // The clock, not a budget or a proof, ended the search.
    let mut time_limited = false;
    let state = match options {
        None => start_from(&(0..n).collect::<Vec<_>>(), false),
        Some(options) => {
            // Two constructions, keep the better start: first-fail best-fit is
            // usually ahead, but plain first-fit in input order occasionally packs
            // more weight, and the annealing never trades weight away.
            let mut locked_first: Vec<usize> = (0..n).collect();
            locked_first.sort_by_key(|&r| !c.locked[r]);
            let a = start_from(&construction_order(&c), true);
            let b = start_from(&locked_first, false);
            let mut state = if b.key() < a.key() { b } else { a };
            let limits = Limits {
                deadline: start + options.time_limit,
                patience: options.patience,
                quiet_steps: options.quiet_steps,
                target,
            };
            // The SAT stage only finishes complete schedules from scratch, so it is
            // prepared beside the annealing only when every request may fit.
            let with_sat = cfg!(feature = "sat")
                && previous.is_none()
                && options.sat_conflicts > 0
                && weight_ub == possible;
            if !with_sat {
                time_limited = anneal(&mut state, &mut Rng::new(options.seed), &limits);
            }
            #[cfg(feature = "sat")]
            if with_sat {
                let (proven, timed_out) =
                    anneal_then_sat(&c, &mut state, target, options, start, &limits);
                if let Some(proven) = proven {
                    target.breaks = target.breaks.max(proven);
                }
                time_limited = timed_out;
            }
            state
        }
    };

    let final_key = state.key();
    let schedule = tables::assign(instance, &c, &state.slot, previous);
    let (breaks, spread) = schedule.break_summary(instance);
    let scheduled_weight = (0..n)
        .filter(|&r| schedule.meetings[r].is_some())
        .map(|r| c.weight[r])
        .sum();
    let (mut moved, mut dropped) = (0, 0);
    if let Some(prev) = previous {
        for (r, now) in schedule.meetings.iter().enumerate() {
            match (prev.meetings.get(r).copied().flatten(), now) {
                (Some(_), None) => dropped += 1,
                (Some(before), Some(now)) if before != *now => moved += 1,
                _ => {}
            }
        }
    }
    let unscheduled = explain::reasons(instance, &c, &schedule)
        .into_iter()
        .map(|(request, reason)| Unscheduled { request, reason })
        .collect();
    let proven_optimal =
        final_key.loss == target.loss && final_key.excess == 0 && final_key.breaks == target.breaks;
    let report = Report {
        requests: n,
        scheduled: schedule.scheduled(),
        scheduled_weight,
        weight_upper_bound: weight_ub,
        breaks,
        breaks_lower_bound: target.breaks as u32,
        fairness_spread: spread,
        fairness_met: instance.fairness.is_none_or(|d| spread <= d),
        proven_optimal,
        moved,
        dropped,
        unscheduled,
        time_limited: time_limited && !proven_optimal,
        elapsed: start.elapsed(),
    };
    Solution { schedule, report }
}

/// Anneals `state`, then hands a complete, fair schedule that the bounds do not
/// prove optimal to the SAT solver, and keeps what it finds. Returns the lower
/// bound on breaks it proved, when above `target`'s (the schedule's own breaks
/// when it proved the schedule optimal), and whether the clock cut short the
/// annealing or either neighbourhood search (a proof of optimality clears it).
///
/// The core-guided lower bound needs no schedule, so it starts on the second core
/// while the annealing runs on the first, and is stopped if the annealing ends at
/// the target or leaves no complete fair schedule.
#[cfg(feature = "sat")]
fn anneal_then_sat(
    c: &Compiled,
    state: &mut State<'_>,
    target: Key,
    options: &SolveOptions,
    start: Instant,
    limits: &Limits,
) -> (Option<u64>, bool) {
    // The SAT stage stops short of the time limit, to leave time for the
    // tables and the report within it.
    let budget = crate::sat::Budget {
        conflicts: options.sat_conflicts,
        deadline: start + options.time_limit.mul_f64(SAT_DEADLINE_SHARE),
    };
    let forced = bounds::participant_lower_bounds(c);
    // The neighbourhood search on this thread, after the annealing; on the other
    // core, a core-guided lower bound (see `cores`) and, once it finds no more cores
    // and the annealed schedule has come, a second neighbourhood search from that
    // schedule with another seed, for SECOND_SEARCH_SHARE of the conflicts the cores
    // left. The first search keeps the implied clauses for its last question, the
    // second asks every question with them: each kind is ahead on some events (see
    // `sat::improve`), and the better schedule is kept. A search stops when its
    // schedule reaches the bound proven so far (by the cores or by the other
    // search); the cores and the second search also stop when the first search
    // proves its schedule optimal, the first never stops on the others' account.
    // So what is returned does not depend on timing as long as the budgets, not
    // the deadline, end the searches: the first search's schedule when it is
    // proven optimal (once at a proven bound it never changes), else the cores'
    // optimal schedule when they found one, else the second search's when it is
    // proven optimal, else the one with fewer breaks (the first's on a tie).
    use std::sync::atomic::Ordering;
    let shared = crate::cores::Shared::default();
    // The annealed schedule, handed to the second core when the SAT stage runs.
    let (hand, annealed) = std::sync::mpsc::channel::<Vec<u8>>();
    let (forced, shared, budget) = (&forced, &shared, &budget);
    let outcome = std::thread::scope(|scope| {
        let other = scope.spawn(move || {
            let cores = crate::cores::lower_bound(
                c,
                forced,
                shared,
                budget.deadline,
                options.sat_conflicts,
            );
            // No schedule comes when the annealing ends the solve by itself.
            let Ok(slots) = annealed.recv() else {
                return (cores, None);
            };
            if cores.slots.is_some() || shared.proven.load(Ordering::Relaxed) {
                return (cores, None);
            }
            let rest = crate::sat::Budget {
                conflicts: (options.sat_conflicts.saturating_sub(cores.conflicts) as f64
                    * SECOND_SEARCH_SHARE) as u64,
                deadline: budget.deadline,
            };
            let second = crate::sat::improve(
                c,
                &slots,
                forced,
                target.breaks.max(cores.bound),
                &rest,
                crate::sat::Plan {
                    implied: crate::sat::Implied::Always,
                    seed: options.seed ^ 0x2c0,
                },
                Some(crate::sat::Peer {
                    shared,
                    yields: true,
                }),
            );
            (cores, Some(second))
        });
        let annealing_cut = anneal(state, &mut Rng::new(options.seed), limits);
        let key = state.key();
        let complete = (0..c.domain.len()).all(|r| c.domain[r] == 0 || state.slot[r] != NONE);
        if !complete || key.excess > 0 || key.breaks <= target.breaks {
            // Nothing for the SAT stage: stop the cores (the channel closes as
            // `hand` is dropped).
            shared.proven.store(true, Ordering::Relaxed);
            drop(hand);
            other.join().expect("the second thread does not panic");
            return Err(annealing_cut);
        }
        hand.send(state.slot.clone())
            .expect("the second thread waits for the schedule");
        let first = crate::sat::improve(
            c,
            &state.slot,
            forced,
            target.breaks,
            budget,
            crate::sat::Plan {
                implied: crate::sat::Implied::LastStep,
                seed: options.seed ^ 0x5a7,
            },
            Some(crate::sat::Peer {
                shared,
                yields: false,
            }),
        );
        Ok((
            annealing_cut,
            first,
            other.join().expect("the second thread does not panic"),
        ))
    });
    let (annealing_cut, first, (cores, second)) = match outcome {
        Ok(searches) => searches,
        Err(annealing_cut) => return (None, annealing_cut),
    };
    let cut =
        annealing_cut || first.timed_out || second.as_ref().is_some_and(|second| second.timed_out);
    let best = if first.proven {
        first
    } else if let Some(slots) = cores.slots {
        crate::search::restore(state, &slots);
        debug_assert_eq!(state.key().breaks, cores.bound);
        return (Some(cores.bound), false);
    } else {
        match second {
            Some(second) if second.proven || second.breaks < first.breaks => second,
            _ => first,
        }
    };
    if let Some(slots) = best.slots {
        crate::search::restore(state, &slots);
        debug_assert_eq!(state.key().breaks, best.breaks);
    }
    if best.proven {
        return (Some(best.breaks), false);
    }
    debug_assert!(
        cores.bound <= best.breaks,
        "a lower bound above a schedule found"
    );
    ((cores.bound > target.breaks).then_some(cores.bound), cut)
}

/// Locked requests first, then heaviest first, then the most constrained (fewest
/// slots, busiest participants): the usual first-fail rule.
fn construction_order(c: &Compiled) -> Vec<usize> {
    let mut degree = vec![0u32; c.participants];
    for r in 0..c.domain.len() {
        if c.domain[r] != 0 {
            for p in c.parties[r] {
                degree[p] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..c.domain.len()).filter(|&r| c.domain[r] != 0).collect();
    order.sort_by_key(|&r| {
        let [a, b] = c.parties[r];
        (
            !c.locked[r],
            std::cmp::Reverse(c.weight[r]),
            c.domain[r].count_ones(),
            std::cmp::Reverse(degree[a] + degree[b]),
        )
    });
    order
}

/// A change to an already scheduled event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Amendment {
    /// Requests withdrawn, as indices into the old instance.
    pub cancelled: Vec<usize>,
    /// New requests, appended after the surviving ones. Their `after` lists refer
    /// to the amended numbering.
    pub added: Vec<MeetingRequest>,
}

impl Amendment {
    /// The amended instance and `schedule` carried over to it (surviving requests
    /// keep their placement, added ones start unscheduled), ready for [`resolve`].
    pub fn apply(&self, instance: &Instance, schedule: &Schedule) -> (Instance, Schedule) {
        let n = instance.requests.len();
        let mut cancelled = vec![false; n];
        for &r in &self.cancelled {
            if r < n {
                cancelled[r] = true;
            }
        }
        let mut renumber = vec![None; n];
        let mut kept = 0;
        for r in 0..n {
            if !cancelled[r] {
                renumber[r] = Some(kept);
                kept += 1;
            }
        }
        let mut amended = instance.clone();
        amended.requests = (0..n)
            .filter(|&r| !cancelled[r])
            .map(|r| {
                let mut req = instance.requests[r].clone();
                req.after = req
                    .after
                    .iter()
                    .filter_map(|&p| renumber.get(p).copied().flatten())
                    .collect();
                req
            })
            .chain(self.added.iter().cloned())
            .collect();
        let carried = Schedule {
            meetings: (0..n)
                .filter(|&r| !cancelled[r])
                .map(|r| schedule.meetings.get(r).copied().flatten())
                .chain(self.added.iter().map(|_| None))
                .collect(),
        };
        (amended, carried)
    }
}
