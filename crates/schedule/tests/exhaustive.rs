//! On small instances (at most 12 requests) the solver must match exhaustive
//! search on the whole objective: locked requests kept, then scheduled weight,
//! then fairness excess, then breaks.
//!
//! The enumerator below is written from the rules of the model, not from the
//! solver's code, and only prunes on participant clashes and on weight already
//! lost, so it explores every schedule that could be optimal.

mod common;

use std::time::Duration;

use common::{Shape, random_instance};
use medbridge_schedule::{
    Instance, Placement, Rng, Schedule, Slot, SolveOptions, Table, solve, validate,
};

type Key = (u64, u32, u32);

fn key(instance: &Instance, schedule: &Schedule) -> Key {
    let lost = (0..instance.requests.len())
        .filter(|&r| schedule.meetings[r].is_none())
        .map(|r| instance.requests[r].priority as u64)
        .sum();
    let (breaks, spread) = schedule.break_summary(instance);
    let excess = instance.fairness.map_or(0, |d| spread.saturating_sub(d));
    (lost, excess, breaks)
}

struct Search<'a> {
    instance: &'a Instance,
    /// Locked requests first, so that a lock only yields to another lock.
    order: Vec<usize>,
    slots: Vec<Option<usize>>,
    best: Option<Key>,
}

impl Search<'_> {
    /// Whether request `r` may take slot `s` given the requests placed before it.
    fn allowed(&self, r: usize, s: usize) -> bool {
        let inst = self.instance;
        let req = &inst.requests[r];
        let (a, b) = (&inst.participants[req.a], &inst.participants[req.b]);
        if !req.session.admits(inst.slots[s])
            || a.unavailable.contains(&Slot(s as u16))
            || b.unavailable.contains(&Slot(s as u16))
            || req.lock.is_some_and(|l| l.slot.0 as usize != s)
            || (a.booth.is_some() && b.booth.is_some())
        {
            return false;
        }
        let booth = a.booth.or(b.booth);
        if let (Some(lock), Some(booth)) = (req.lock.and_then(|l| l.table), booth)
            && lock != booth
        {
            return false;
        }
        let booths: Vec<u16> = inst
            .participants
            .iter()
            .filter_map(|p| p.booth)
            .map(|t| t.0)
            .collect();
        if let Some(t) = req.lock.and_then(|l| l.table)
            && booth.is_none()
            && booths.contains(&t.0)
        {
            return false;
        }
        let mut free_tables_used = 0;
        let mut same_pair_interpreters = 0;
        let pair = inst.interpreter_pair(r);
        for (q, slot) in self.slots.iter().enumerate() {
            let Some(t) = *slot else { continue };
            let other = &inst.requests[q];
            if t == s {
                if [other.a, other.b]
                    .iter()
                    .any(|p| *p == req.a || *p == req.b)
                {
                    return false;
                }
                let other_booth = inst.participants[other.a]
                    .booth
                    .or(inst.participants[other.b].booth);
                if other_booth.is_none() {
                    free_tables_used += 1;
                }
                if pair.is_some() && inst.interpreter_pair(q) == pair {
                    same_pair_interpreters += 1;
                }
                if let (Some(x), Some(y)) = (
                    req.lock.and_then(|l| l.table),
                    other.lock.and_then(|l| l.table),
                ) && x == y
                {
                    return false;
                }
            }
            if other.after.contains(&r) && s >= t {
                return false;
            }
            if req.after.contains(&q) && t >= s {
                return false;
            }
        }
        let mut distinct_booths = booths.clone();
        distinct_booths.sort_unstable();
        distinct_booths.dedup();
        let free_tables = inst.tables as usize - distinct_booths.len();
        if booth.is_none() && free_tables_used >= free_tables {
            return false;
        }
        if let Some((x, y)) = pair {
            let available: u32 = inst
                .interpreters
                .iter()
                .filter(|p| {
                    (p.languages.0.as_str(), p.languages.1.as_str()) == (x, y)
                        || (p.languages.1.as_str(), p.languages.0.as_str()) == (x, y)
                })
                .map(|p| p.per_slot)
                .sum();
            if same_pair_interpreters >= available {
                return false;
            }
        }
        true
    }

    fn run(&mut self, depth: usize, lost: u64) {
        if self.best.is_some_and(|b| lost > b.0) {
            return;
        }
        let inst = self.instance;
        if depth == inst.requests.len() {
            let schedule = Schedule {
                meetings: self
                    .slots
                    .iter()
                    .map(|s| {
                        s.map(|s| Placement {
                            slot: Slot(s as u16),
                            table: Table(0),
                        })
                    })
                    .collect(),
            };
            let k = key(inst, &schedule);
            if self.best.is_none_or(|b| k < b) {
                self.best = Some(k);
            }
            return;
        }
        let r = self.order[depth];
        let mut placed = false;
        for s in 0..inst.slots.len() {
            if self.allowed(r, s) {
                placed = true;
                self.slots[r] = Some(s);
                self.run(depth + 1, lost);
                self.slots[r] = None;
            }
        }
        // A locked request is a commitment: it is only left out when its seat is
        // already gone.
        if !placed || inst.requests[r].lock.is_none() {
            self.run(depth + 1, lost + inst.requests[r].priority as u64);
        }
    }
}

fn exhaustive(instance: &Instance) -> Key {
    let mut order: Vec<usize> = (0..instance.requests.len()).collect();
    order.sort_by_key(|&r| instance.requests[r].lock.is_none());
    let mut search = Search {
        instance,
        order,
        slots: vec![None; instance.requests.len()],
        best: None,
    };
    search.run(0, 0);
    search.best.expect("the empty schedule always exists")
}

#[test]
fn solver_matches_exhaustive_search_on_small_instances() {
    let mut rng = Rng::new(2024);
    let options = SolveOptions {
        time_limit: Duration::from_secs(5),
        patience: Duration::from_secs(5),
        seed: 1,
        quiet_steps: 60_000,
        ..SolveOptions::default()
    };
    let mut with_breaks = 0;
    let mut with_losses = 0;
    let mut tight_bounds = 0;
    for case in 0..150 {
        let shape = Shape {
            participants: 3 + rng.below(5),
            requests: 3 + rng.below(10),
            slots: 2 + rng.below(5),
            tables: 1 + rng.below(3) as u16,
        };
        let instance = random_instance(&mut rng, &shape);
        let expected = exhaustive(&instance);
        let solution = solve(&instance, &options);
        let got = key(&instance, &solution.schedule);
        assert_eq!(
            got, expected,
            "case {case}: solver {got:?}, exhaustive {expected:?}\n{instance:?}"
        );
        // The reported upper bound holds: no schedule weighs more.
        let total: u64 = instance.requests.iter().map(|r| r.priority as u64).sum();
        assert!(
            solution.report.weight_upper_bound >= total - expected.0,
            "case {case}: bound {} below the optimum {}\n{instance:?}",
            solution.report.weight_upper_bound,
            total - expected.0
        );
        tight_bounds += (solution.report.weight_upper_bound == total - expected.0) as u32;
        if expected.1 == 0 {
            assert_eq!(
                validate(&instance, &solution.schedule),
                Ok(()),
                "case {case}"
            );
        }
        with_breaks += (expected.2 > 0) as u32;
        with_losses += (expected.0 > 0) as u32;
    }
    eprintln!("weight bound equal to the optimum on {tight_bounds} of 150");
    // The generator must produce instances where the objective is not trivial.
    assert!(
        with_breaks >= 15 && with_losses >= 15,
        "breaks {with_breaks}, losses {with_losses}"
    );
}
