//! A lower bound on breaks from unsatisfiable cores, computed beside the search.
//!
//! The per-participant bounds of [`crate::bounds`] see each participant alone; on
//! the events where breaks come from how participants' days interlock (the JAIR
//! "crafb" events: morning-only and afternoon-only meetings) they stay far below
//! the optimum (3 against 6 on forum-13crafb). Core-guided MaxSAT (the OLL
//! algorithm of Andres, Kaufmann, Matheis and Schaub, 2012; RC2 in PySAT) proves
//! more: ask for a complete fair schedule in which every participant keeps to
//! their own lower bound; each "no" comes with a core, a set of those wishes that
//! cannot all hold, so one more break is certain, and the wishes of the core are
//! replaced by one wish "at most one of them is broken", counted by a totalizer
//! over them. The bound climbs one break per core until a schedule is found, which
//! is then optimal.
//!
//! It runs on the second core while the neighbourhood search of [`crate::sat`] runs
//! on the first, until it stops finding cores: a bound it proves makes the report's
//! gap honest and lets the search stop as soon as it reaches it, and a schedule it
//! finds is optimal. On forum-13crafb it
//! raises the bound from 3 to 5 in about 3,000 conflicts; the last core, proving the
//! optimum of 6, takes far more (RC2 from PySAT: about 16 s; see BENCHMARKS.md). When it
//! stops without a schedule, the second core runs a second neighbourhood search, with
//! the implied clauses in every question, for the rest of its budget (see
//! `solve::finish_with_sat`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use batsat::{Callbacks, ClauseKind, Lit, Solver, SolverInterface, SolverOpts, Var, lbool};

use crate::compile::Compiled;
use crate::encode;
use crate::sat::{Sticky, literal, load, model_slots};

/// Outputs of the totalizer over a core: enough for "at most one broken", then
/// one more output each time the core's wish is found broken again. Past the cap
/// the core's wishes are dropped (relaxed), which keeps the bound sound.
const CORE_CAP: usize = 8;
/// Conflicts the search for the next core may take: on the JAIR events the cores
/// that come at all come within about 3,000 conflicts of the last one (forum-13crafb:
/// bound 4 at 1,440, 5 at 3,034, none more in 27,000), so waiting longer only takes
/// time from the search for schedules.
const PATIENCE: u64 = 3_500;

/// What the two threads tell each other while both run.
#[derive(Default)]
pub(crate) struct Shared {
    /// The lower bound proven so far by the cores.
    pub bound: AtomicU64,
    /// The search proved its schedule optimal: the cores may stop.
    pub proven: AtomicBool,
}

/// What the cores proved.
pub(crate) struct CoreBound {
    /// No complete fair schedule has fewer breaks.
    pub bound: u64,
    /// A complete fair schedule with exactly `bound` breaks, when one was found.
    pub slots: Option<Vec<u8>>,
    /// Conflicts spent.
    pub conflicts: u64,
}

struct Stop<'a> {
    proven: &'a AtomicBool,
    conflicts: u64,
    /// Conflicts when the last core was found (0 before the first).
    since_core: u64,
    max_conflicts: u64,
    clock: Sticky,
}

impl Callbacks for Stop<'_> {
    fn on_new_clause(&mut self, _c: &[Lit], kind: ClauseKind) {
        if let ClauseKind::Learnt = kind {
            self.conflicts += 1;
        }
    }

    /// Must stay true once it is: the solver asks again after returning.
    fn stop(&self) -> bool {
        self.clock.poll(
            self.conflicts >= self.max_conflicts
                || self.conflicts >= self.since_core + PATIENCE
                || self.proven.load(Ordering::Relaxed),
        )
    }
}

/// One wish: the literal assumed, and where its next relaxation comes from.
#[derive(Clone, Copy)]
struct Wish {
    /// The counter (a participant's, or a core's) whose output `at` is assumed false.
    counter: usize,
    at: usize,
}

/// Core-guided lower bound for complete fair schedules of `c`, starting from the
/// participants' own bounds `forced`, published in `shared` as it rises. Stops
/// when `shared.proven` is raised, at `deadline`, after `max_conflicts` conflicts
/// or [`PATIENCE`] conflicts without a core, with the bound reached so far.
pub(crate) fn lower_bound(
    c: &Compiled,
    forced: &[u32],
    shared: &Shared,
    deadline: Instant,
    max_conflicts: u64,
) -> CoreBound {
    let mut e = encode::encode(c, 1, forced, false);
    let mut bound: u64 = forced.iter().map(|&f| u64::from(f)).sum();
    let callbacks = Stop {
        proven: &shared.proven,
        conflicts: 0,
        since_core: 0,
        max_conflicts,
        clock: Sticky::new(deadline),
    };
    let mut solver = Solver::new(SolverOpts::default(), callbacks);
    let mut vars: Vec<Var> = Vec::new();
    if !load(&mut solver, &mut vars, &e, 0) {
        return CoreBound {
            bound,
            slots: None,
            conflicts: solver.cb().conflicts,
        };
    }
    // Counters: the participants' break counts, then one per core; at first each
    // participant with meetings wishes to keep to their own bound.
    let mut counters: Vec<Vec<encode::Lit>> = Vec::new();
    let mut wishes: Vec<Wish> = Vec::new();
    for (p, count) in e.counts.iter().enumerate() {
        if count.is_empty() {
            continue;
        }
        let at = forced[p] as usize;
        if at < count.len() {
            wishes.push(Wish {
                counter: counters.len(),
                at,
            });
        }
        counters.push(count.clone());
    }
    loop {
        let assumptions: Vec<Lit> = wishes
            .iter()
            .map(|w| literal(&vars, -counters[w.counter][w.at]))
            .collect();
        let answer = solver.solve_limited(&assumptions);
        if answer == lbool::TRUE {
            return CoreBound {
                bound,
                slots: Some(model_slots(&solver, &vars, &e, c.domain.len())),
                conflicts: solver.cb().conflicts,
            };
        }
        if answer != lbool::FALSE {
            return CoreBound {
                bound,
                slots: None,
                conflicts: solver.cb().conflicts,
            };
        }
        // The wishes in the core (batsat gives the core as the assumptions, or
        // their negations, that failed).
        let in_core: Vec<usize> = {
            let core: Vec<Lit> = solver.unsat_core().to_vec();
            let position: HashMap<Lit, usize> = assumptions
                .iter()
                .enumerate()
                .map(|(i, &l)| (l, i))
                .collect();
            let mut found: Vec<usize> = core
                .iter()
                .filter_map(|&l| position.get(&l).or_else(|| position.get(&!l)).copied())
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        };
        if in_core.is_empty() {
            // Unsatisfiable without any wish: no complete fair schedule at all.
            return CoreBound {
                bound,
                slots: None,
                conflicts: solver.cb().conflicts,
            };
        }
        bound += 1;
        shared.bound.fetch_max(bound, Ordering::Relaxed);
        solver.cb_mut().since_core = solver.cb().conflicts;
        // Each wish of the core may now be broken once more: its counter's next
        // output is wished false instead (none past the counter's end).
        let broken: Vec<encode::Lit> = in_core
            .iter()
            .map(|&i| counters[wishes[i].counter][wishes[i].at])
            .collect();
        let mut kept: Vec<Wish> = Vec::with_capacity(wishes.len());
        for (i, w) in wishes.iter().enumerate() {
            if in_core.binary_search(&i).is_err() {
                kept.push(*w);
            } else if w.at + 1 < counters[w.counter].len() {
                kept.push(Wish {
                    counter: w.counter,
                    at: w.at + 1,
                });
            }
        }
        wishes = kept;
        // And at most one of them is broken, counted by a new totalizer.
        if broken.len() > 1 {
            let inputs: Vec<Vec<encode::Lit>> = broken.iter().map(|&l| vec![l]).collect();
            let from = e.clauses.len();
            let count = e.totalizer(&inputs, CORE_CAP.min(broken.len()), false);
            if !load(&mut solver, &mut vars, &e, from) {
                return CoreBound {
                    bound,
                    slots: None,
                    conflicts: solver.cb().conflicts,
                };
            }
            counters.push(count);
            wishes.push(Wish {
                counter: counters.len() - 1,
                at: 1,
            });
        }
    }
}
