//! Finishing with a SAT solver: "is there a complete, fair schedule with at
//! most k breaks?", asked for k below the best schedule's breaks until the
//! answer is no for the whole event (the schedule is then proven optimal) or the
//! budget runs out.
//!
//! The solver is [batsat](https://crates.io/crates/batsat), a pure-Rust CDCL
//! solver in the MiniSat family, the crate's one dependency (behind the default
//! `sat` feature). The formula is built once ([`crate::encode`]) and every
//! question is asked through assumptions, so what is learnt in one call holds in
//! all the later ones. The formula with implied clauses is either kept for the
//! last question, whether the lower bound itself can be reached, where a second
//! solver on it takes over, or used for every question (see [`Implied`]).
//!
//! Asked cold about a whole event, the question takes from seconds to minutes
//! (measured with CaDiCaL too), so the solver mostly works as a large
//! neighbourhood search: keep most requests at their current slot (assumed),
//! free the others (every meeting of a few related participants, or every
//! meeting in a window of slots), and ask for one break fewer within a small
//! conflict budget. A "no" proves the neighbourhood holds nothing better, and
//! the next one is made larger; running out of conflicts makes it smaller. Once
//! neighbourhoods reach the whole event the question is the global one, whose
//! "no" is a proof of optimality. The first call assumes the annealed schedule
//! entirely, which leaves the solver's saved phases there.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use batsat::{Callbacks, ClauseKind, Lit, Solver, SolverInterface, SolverOpts, Var, lbool};

use crate::compile::Compiled;
use crate::encode::{self, Encoding};
use crate::model::day_breaks;
use crate::rng::Rng;

/// Conflicts per call on a neighbourhood, and on the whole event.
const CALL_CONFLICTS: u64 = 2_000;
const WHOLE_CONFLICTS: u64 = 20_000;

/// How much the SAT stage may spend.
pub(crate) struct Budget {
    /// Conflicts over all calls (machine-independent, so runs repeat).
    pub conflicts: u64,
    /// Wall-clock safety net.
    pub deadline: Instant,
}

/// A "stop" that stays true once given, as batsat needs (it asks once more after
/// the search returns), with the wall clock read only every 256 polls: the
/// part of a solver's callbacks that the neighbourhood search and the cores share.
pub(crate) struct Sticky {
    deadline: Instant,
    polls: Cell<u32>,
    late: Cell<bool>,
}

impl Sticky {
    pub(crate) fn new(deadline: Instant) -> Sticky {
        Sticky {
            deadline,
            polls: Cell::new(0),
            late: Cell::new(false),
        }
    }

    /// True from the first poll at which `now` holds or the deadline is seen to
    /// have passed.
    pub(crate) fn poll(&self, now: bool) -> bool {
        if self.late.get() {
            return true;
        }
        let polls = self.polls.get().wrapping_add(1);
        self.polls.set(polls);
        if now || (polls.is_multiple_of(256) && Instant::now() >= self.deadline) {
            self.late.set(true);
        }
        self.late.get()
    }

    pub(crate) fn stopped(&self) -> bool {
        self.late.get()
    }
}

struct Limit {
    /// Shared by the solvers of one SAT stage.
    conflicts: Rc<Cell<u64>>,
    max_conflicts: u64,
    clock: Sticky,
    /// Conflict count at which the current call stops.
    call_limit: u64,
}

impl Limit {
    fn exhausted(&self) -> bool {
        self.conflicts.get() >= self.max_conflicts || self.clock.stopped()
    }
}

/// A solve with at most `conflicts` more conflicts (and within the budget).
trait Within {
    fn solve_within(&mut self, assumptions: &[Lit], conflicts: u64) -> lbool;
}

impl Within for Solver<Limit> {
    fn solve_within(&mut self, assumptions: &[Lit], conflicts: u64) -> lbool {
        let overall = self.cb().max_conflicts;
        let used = self.cb().conflicts.get();
        self.cb_mut().call_limit = used.saturating_add(conflicts).min(overall);
        let result = self.solve_limited(assumptions);
        self.cb_mut().call_limit = u64::MAX;
        result
    }
}

impl Callbacks for Limit {
    fn on_new_clause(&mut self, _c: &[Lit], kind: ClauseKind) {
        if let ClauseKind::Learnt = kind {
            self.conflicts.set(self.conflicts.get() + 1);
        }
    }

    /// Asked at every decision, and once more after the search returns. The end
    /// of a call's own conflicts is not sticky: the next call goes on.
    fn stop(&self) -> bool {
        if self.exhausted() || self.conflicts.get() >= self.call_limit {
            return true;
        }
        self.clock.poll(false)
    }
}

/// The outcome: the best complete schedule found (if better than the one given)
/// and whether no complete fair schedule has fewer breaks.
pub(crate) struct Outcome {
    pub slots: Option<Vec<u8>>,
    pub breaks: u64,
    pub proven: bool,
    /// The deadline ended the search before its conflict budget or a proof.
    pub timed_out: bool,
}

/// Total breaks of a complete slot assignment.
fn breaks_of(c: &Compiled, slots: &[u8]) -> u64 {
    let mut day = vec![0u64; c.participants];
    for (r, &s) in slots.iter().enumerate() {
        if c.domain[r] != 0 {
            for p in c.parties[r] {
                day[p] |= 1u64 << s;
            }
        }
    }
    day.iter().map(|&d| day_breaks(d) as u64).sum()
}

/// One solver on one encoding.
struct Engine {
    e: Encoding,
    solver: Solver<Limit>,
    vars: Vec<Var>,
}

impl Engine {
    /// Builds the formula (with the implied clauses or not) and solves once
    /// with the schedule `slots` assumed entirely, which leaves the solver's
    /// saved phases there. `None` when that fails.
    fn new(
        c: &Compiled,
        cap: usize,
        forced: &[u32],
        implied: bool,
        slots: &[u8],
        spent: &Rc<Cell<u64>>,
        budget: &Budget,
    ) -> Option<Engine> {
        let e = encode::encode(c, cap, forced, implied);
        let limit = Limit {
            conflicts: Rc::clone(spent),
            max_conflicts: budget.conflicts,
            clock: Sticky::new(budget.deadline),
            call_limit: u64::MAX,
        };
        // Every call starts by re-deciding its assumptions (most of the schedule in
        // a neighbourhood), so frequent restarts are expensive: the first restart
        // comes after 3,000 conflicts instead of MiniSat's 100 (measured: the
        // table-bound events reach their optimum with it and not without).
        let opts = SolverOpts {
            restart_first: 3000,
            ..SolverOpts::default()
        };
        let mut solver = Solver::new(opts, limit);
        let mut vars = Vec::new();
        if !load(&mut solver, &mut vars, &e, 0) {
            // Contradictory: no complete schedule at all (cannot happen when `slots`
            // is one).
            return None;
        }
        let mut engine = Engine { e, solver, vars };
        let incumbent: Vec<Lit> = x_literals(&engine.e, slots)
            .map(|l| engine.lit(l))
            .collect();
        if engine.solver.solve_limited(&incumbent) != lbool::TRUE {
            return None;
        }
        Some(engine)
    }

    fn lit(&self, l: encode::Lit) -> Lit {
        literal(&self.vars, l)
    }

    /// Is there a schedule with at most `k` - 1 breaks that keeps every
    /// request not `free` at its slot in `cur` (everything free when `free` is
    /// `None`)? Within `conflicts` more conflicts.
    fn ask(
        &mut self,
        c: &Compiled,
        k: u64,
        cur: &[u8],
        free: Option<&[bool]>,
        conflicts: u64,
    ) -> lbool {
        let mut assumptions = vec![self.lit(-self.e.total[k as usize - 1])];
        if let Some(free) = free {
            for r in 0..c.domain.len() {
                if c.domain[r] != 0 && !free[r] {
                    let v = self.e.x[r]
                        .iter()
                        .find(|&&(s, _)| s == cur[r])
                        .map(|&(_, v)| v)
                        .expect("placed in its domain");
                    assumptions.push(self.lit(v));
                }
            }
        }
        self.solver.solve_within(&assumptions, conflicts)
    }

    /// The slots of the model just found.
    fn slots(&self, n: usize) -> Vec<u8> {
        model_slots(&self.solver, &self.vars, &self.e, n)
    }
}

/// The solver's literal for the encoding's literal `l`.
pub(crate) fn literal(vars: &[Var], l: encode::Lit) -> Lit {
    Lit::new(vars[l.unsigned_abs() as usize - 1], l > 0)
}

/// Gives `solver` the variables of `e` it lacks and `e`'s clauses from index `from`
/// on. False when a clause contradicts what it has.
pub(crate) fn load<Cb: Callbacks>(
    solver: &mut Solver<Cb>,
    vars: &mut Vec<Var>,
    e: &Encoding,
    from: usize,
) -> bool {
    while vars.len() < e.vars as usize {
        vars.push(solver.new_var(lbool::UNDEF, true));
    }
    let mut clause = Vec::new();
    for c in &e.clauses[from..] {
        clause.clear();
        clause.extend(c.iter().map(|&l| literal(vars, l)));
        if !solver.add_clause_reuse(&mut clause) {
            return false;
        }
    }
    true
}

/// The slot of each of the `n` requests in the model `solver` just found.
pub(crate) fn model_slots<Cb: Callbacks>(
    solver: &Solver<Cb>,
    vars: &[Var],
    e: &Encoding,
    n: usize,
) -> Vec<u8> {
    let mut slots = vec![crate::search::NONE; n];
    for (r, options) in e.x.iter().enumerate() {
        for &(s, v) in options {
            if solver.value_lit(literal(vars, v)) == lbool::TRUE {
                slots[r] = s;
            }
        }
    }
    slots
}

/// When a search asks its questions on the formula with the implied clauses of
/// [`encode::encode`] (runs and crowding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Implied {
    /// Only for the last question, "can the lower bound itself be reached?"; every
    /// question before it goes to the plain formula, in another solver.
    LastStep,
    /// For every question, in one solver.
    Always,
}

/// How a search goes about it: the formula it asks on, and the seed of its
/// neighbourhoods.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    pub implied: Implied,
    pub seed: u64,
}

/// What a search shares with the threads beside it.
pub(crate) struct Peer<'a> {
    /// Bounds proven and proofs of optimality, both ways.
    pub shared: &'a crate::cores::Shared,
    /// Whether this search also stops, between calls, when another search has proved
    /// its own schedule optimal. The search that does not yield never stops on
    /// another's proof, so what it returns does not depend on when that proof
    /// arrived (see `solve::finish_with_sat`).
    pub yields: bool,
}

/// Looks for complete fair schedules with fewer breaks than `slots` (which
/// places every request with a non-empty domain and meets the fairness bound),
/// down to `lower`, or to a bound proven by the `peer` threads meanwhile (see
/// [`Peer`]). A proof of optimality found here is published to them.
///
/// With [`Implied::LastStep`] two solvers share the budget: the plain encoding
/// while the question is "one break fewer" above the lower bound, and one with
/// the implied clauses of [`encode::encode`] (built when first needed, from the
/// schedule reached) for the last question, "can the lower bound itself be
/// reached?". With [`Implied::Always`] one solver on the implied clauses asks
/// every question. Measured on the JAIR events: the implied clauses close
/// forum-14 (3 to its optimum 2) and tic-14crafc (1 to 0) whatever the seed;
/// used throughout, their crowding clauses take the table-bound crafb events
/// about a break lower (forum-13crafb 8.8 to 7.7, ticf-13crafb 6.5 to 4.8 on
/// seeds 1 to 6) but cost forum-13crafc and ticf-13crafc their optimum of 1 (2
/// to 4 instead). Hence one search of each kind side by side (see
/// `solve::finish_with_sat`).
pub(crate) fn improve(
    c: &Compiled,
    slots: &[u8],
    forced: &[u32],
    lower: u64,
    budget: &Budget,
    plan: Plan,
    peer: Option<Peer<'_>>,
) -> Outcome {
    let rng = &mut Rng::new(plan.seed);
    let elsewhere = peer.as_ref().map(|p| p.shared);
    let yields = peer.as_ref().is_some_and(|p| p.yields);
    let start = breaks_of(c, slots);
    let mut outcome = Outcome {
        slots: None,
        breaks: start,
        proven: start <= lower,
        timed_out: false,
    };
    if outcome.proven {
        return outcome;
    }
    let spent = Rc::new(Cell::new(0u64));
    let exhausted = || spent.get() >= budget.conflicts || Instant::now() >= budget.deadline;
    let mut engines: [Option<Engine>; 2] = [None, None];
    let mut cur = slots.to_vec();
    let mut k = start;
    let n = c.domain.len();
    // Neighbourhood size, as a share of the requests, adapted as it goes: up
    // after a proof that the neighbourhood holds nothing better (cheap), down
    // after running out of conflicts in it.
    let mut share = 0.3f64;
    while k > lower && !exhausted() {
        // The bound proven on the other thread, read between calls: stopping on it
        // leaves the schedule as it is whenever the bound arrives, since once k is
        // at a proven bound no call can change it.
        if let Some(shared) = elsewhere {
            if k <= shared.bound.load(Ordering::Relaxed) {
                outcome.proven = true;
                break;
            }
            // The other search proved its own schedule optimal: nothing here can
            // beat it.
            if yields && shared.proven.load(Ordering::Relaxed) {
                break;
            }
        }
        // Engine 1 is the one on the implied clauses.
        let which = usize::from(k == lower + 1 || plan.implied == Implied::Always);
        if engines[which].is_none() {
            match Engine::new(c, start as usize, forced, which == 1, &cur, &spent, budget) {
                Some(engine) => engines[which] = Some(engine),
                None => break,
            }
        }
        let engine = engines[which].as_mut().expect("built just above");
        let whole = share >= 1.0;
        let free = (!whole).then(|| neighbourhood(c, &cur, share, rng));
        let per_call = if whole {
            WHOLE_CONFLICTS
        } else {
            CALL_CONFLICTS
        };
        match engine.ask(c, k, &cur, free.as_deref(), per_call) {
            r if r == lbool::TRUE => {
                let found = engine.slots(n);
                let breaks = breaks_of(c, &found);
                assert!(
                    breaks < k,
                    "model with {breaks} breaks under bound {}",
                    k - 1
                );
                k = breaks;
                cur = found.clone();
                outcome.breaks = breaks;
                outcome.slots = Some(found);
                if breaks <= lower {
                    outcome.proven = true;
                }
            }
            r if r == lbool::FALSE => {
                if whole {
                    outcome.proven = true;
                    if let Some(shared) = elsewhere {
                        shared.bound.fetch_max(k, Ordering::Relaxed);
                    }
                    break;
                }
                share = (share * 1.15).min(1.0);
            }
            _ => share = (share / 1.1).max(0.05),
        }
    }
    outcome.timed_out = !outcome.proven
        && k > lower
        && spent.get() < budget.conflicts
        && Instant::now() >= budget.deadline;
    if outcome.proven
        && let Some(shared) = elsewhere
    {
        shared.proven.store(true, Ordering::Relaxed);
    }
    outcome
}

/// Requests free to move: every meeting of a few participants (starting from
/// one with breaks) or every meeting in a window of consecutive slots, until
/// about `share` of the requests are free.
fn neighbourhood(c: &Compiled, cur: &[u8], share: f64, rng: &mut Rng) -> Vec<bool> {
    let n = c.domain.len();
    let want = ((n as f64 * share) as usize).max(1);
    let mut free = vec![false; n];
    let mut count = 0;
    if rng.below(2) == 0 {
        // A window of slots.
        let width = (c.slots as f64 * share).ceil() as usize;
        let width = width.clamp(1, c.slots);
        let lo = rng.below(c.slots - width + 1);
        for r in 0..n {
            if c.domain[r] != 0 && (lo..lo + width).contains(&(cur[r] as usize)) {
                free[r] = true;
            }
        }
        return free;
    }
    let mut of: Vec<Vec<usize>> = vec![Vec::new(); c.participants];
    let mut day = vec![0u64; c.participants];
    for (r, &s) in cur.iter().enumerate() {
        if c.domain[r] != 0 {
            for p in c.parties[r] {
                of[p].push(r);
                day[p] |= 1u64 << s;
            }
        }
    }
    let with_breaks: Vec<usize> = (0..c.participants)
        .filter(|&p| day_breaks(day[p]) > 0)
        .collect();
    let mut queue: Vec<usize> = Vec::new();
    if !with_breaks.is_empty() {
        queue.push(with_breaks[rng.below(with_breaks.len())]);
    }
    let mut taken = vec![false; c.participants];
    let mut guard = 0;
    while count < want && guard < 4 * c.participants {
        guard += 1;
        // Mostly a partner of someone taken (the moves that matter are local),
        // sometimes anybody.
        let p = match queue.pop() {
            Some(p) => p,
            None => rng.below(c.participants),
        };
        if taken[p] {
            continue;
        }
        taken[p] = true;
        for &r in &of[p] {
            if !free[r] {
                free[r] = true;
                count += 1;
            }
            if rng.below(3) == 0 {
                let [a, b] = c.parties[r];
                queue.insert(0, if a == p { b } else { a });
            }
        }
    }
    free
}

fn x_literals<'e>(e: &'e Encoding, slots: &'e [u8]) -> impl Iterator<Item = encode::Lit> + 'e {
    e.x.iter().enumerate().flat_map(move |(r, options)| {
        options
            .iter()
            .map(move |&(s, v)| if s == slots[r] { v } else { -v })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Synthetic;
    use crate::search::{NONE, State};

    /// Fewest breaks over complete schedules meeting the fairness bound, by
    /// enumeration straight from the rules (clashes, pools, precedences).
    fn brute_force(c: &Compiled) -> Option<u64> {
        fn go(c: &Compiled, r: usize, slots: &mut Vec<u8>, best: &mut Option<u64>) {
            if r == slots.len() {
                let mut day = vec![0u64; c.participants];
                for (q, &s) in slots.iter().enumerate() {
                    if c.domain[q] != 0 {
                        for p in c.parties[q] {
                            day[p] |= 1u64 << s;
                        }
                    }
                }
                let counts: Vec<u32> = day
                    .iter()
                    .filter(|&&d| d != 0)
                    .map(|&d| day_breaks(d))
                    .collect();
                let spread = counts.iter().max().unwrap_or(&0) - counts.iter().min().unwrap_or(&0);
                if c.fairness.is_some_and(|d| spread > d) {
                    return;
                }
                let total: u64 = counts.iter().map(|&b| b as u64).sum();
                if best.is_none_or(|b| total < b) {
                    *best = Some(total);
                }
                return;
            }
            if c.domain[r] == 0 {
                slots[r] = NONE;
                return go(c, r + 1, slots, best);
            }
            for s in 0..c.slots as u8 {
                if c.domain[r] >> s & 1 == 0 {
                    continue;
                }
                let clash = (0..r).any(|q| {
                    slots[q] == s && c.parties[q].iter().any(|p| c.parties[r].contains(p))
                });
                let full = c.pools[r].iter().any(|&pool| {
                    (0..r)
                        .filter(|&q| slots[q] == s && c.pools[q].contains(&pool))
                        .count()
                        >= c.capacity[pool] as usize
                });
                let order = c.preds[r]
                    .iter()
                    .all(|&q| q > r || slots[q] == NONE || slots[q] < s)
                    && c.succs[r]
                        .iter()
                        .all(|&q| q > r || slots[q] == NONE || slots[q] > s);
                if clash || full || !order {
                    continue;
                }
                slots[r] = s;
                go(c, r + 1, slots, best);
            }
            slots[r] = NONE;
        }
        let mut slots = vec![NONE; c.domain.len()];
        let mut best = None;
        go(c, 0, &mut slots, &mut best);
        best
    }

    /// A small generated event (sizes varied by `seed` from the given bases), its
    /// brute-force optimum, and a complete fair first-fit schedule to start from, when
    /// it has both.
    fn small_event(
        seed: u64,
        participants: usize,
        requests: usize,
    ) -> Option<(Compiled, u64, Vec<u8>)> {
        let mut instance = Synthetic {
            participants: participants + seed as usize % 3,
            requests: requests + seed as usize % 4,
            slots: 4 + seed as usize % 3,
            tables: 2 + (seed % 2) as u16,
            booths: seed.is_multiple_of(3) as usize,
            seed,
        }
        .instance();
        instance.fairness = Some(1 + (seed % 2) as u32);
        let c = Compiled::new(&instance);
        let optimum = brute_force(&c)?;
        let mut state = State::new(&c, None);
        let order: Vec<usize> = (0..c.domain.len()).collect();
        state.construct(&order, false);
        let complete = (0..c.domain.len()).all(|r| c.domain[r] == 0 || state.slot[r] != NONE);
        if !complete || state.key().excess > 0 {
            return None;
        }
        let slots = state.slot.clone();
        drop(state);
        Some((c, optimum, slots))
    }

    /// A budget no small event reaches.
    fn generous() -> Budget {
        Budget {
            conflicts: 1_000_000,
            deadline: Instant::now() + std::time::Duration::from_secs(20),
        }
    }

    /// Both kinds of search, with the implied clauses for the last question only
    /// or for every question, reach the optimum and prove it.
    #[test]
    fn sat_stage_reaches_and_proves_the_brute_force_optimum() {
        for implied in [Implied::LastStep, Implied::Always] {
            let (mut checked, mut improved) = (0, 0);
            for seed in 0..200 {
                let Some((c, optimum, first_fit)) = small_event(seed, 7, 6) else {
                    continue;
                };
                let mut state = State::new(&c, None);
                crate::search::restore(&mut state, &first_fit);
                let start = state.key().breaks;
                let budget = generous();
                let forced = crate::bounds::participant_lower_bounds(&c);
                let out = improve(
                    &c,
                    &state.slot,
                    &forced,
                    0,
                    &budget,
                    Plan { implied, seed },
                    None,
                );
                let what = format!("{implied:?} seed {seed}: started at {start}");
                assert_eq!(out.breaks, optimum, "{what}");
                assert!(out.proven || optimum == 0, "{what}");
                if let Some(slots) = &out.slots {
                    crate::search::restore(&mut state, slots);
                    assert_eq!(state.key().breaks, optimum, "{what}");
                    assert_eq!(state.key().excess, 0, "{what}");
                    assert_eq!(state.key().loss, 0, "{what}");
                    improved += 1;
                }
                checked += 1;
            }
            assert!(
                checked >= 40 && improved >= 10,
                "{implied:?}: checked {checked}, improved {improved}"
            );
        }
    }

    /// A search that yields gives up as soon as the other has proved its schedule
    /// optimal; one that does not goes on to the optimum whatever the other says,
    /// and publishes its proof for the other.
    #[test]
    fn only_a_yielding_search_stops_on_the_others_proof() {
        use std::sync::atomic::Ordering;
        let mut checked = 0;
        for seed in 0..200 {
            let Some((c, optimum, first_fit)) = small_event(seed, 7, 6) else {
                continue;
            };
            let start = breaks_of(&c, &first_fit);
            if start <= optimum {
                continue;
            }
            let forced = crate::bounds::participant_lower_bounds(&c);
            let budget = generous();
            let run = |yields: bool, shared: &crate::cores::Shared| {
                improve(
                    &c,
                    &first_fit,
                    &forced,
                    0,
                    &budget,
                    Plan {
                        implied: Implied::LastStep,
                        seed,
                    },
                    Some(Peer { shared, yields }),
                )
            };
            let shared = crate::cores::Shared::default();
            shared.proven.store(true, Ordering::Relaxed);
            let yielded = run(true, &shared);
            assert_eq!(
                (yielded.breaks, yielded.proven),
                (start, false),
                "seed {seed}"
            );
            assert!(yielded.slots.is_none(), "seed {seed}");
            let kept_on = run(false, &shared);
            assert_eq!(
                (kept_on.breaks, kept_on.proven),
                (optimum, true),
                "seed {seed}"
            );
            // A proof that nothing has fewer breaks is published (an optimum of 0
            // needs none: it is the lower bound given).
            let shared = crate::cores::Shared::default();
            let alone = run(false, &shared);
            assert_eq!(alone.breaks, optimum, "seed {seed}");
            assert!(shared.proven.load(Ordering::Relaxed), "seed {seed}");
            if optimum > 0 {
                assert_eq!(shared.bound.load(Ordering::Relaxed), optimum, "seed {seed}");
            }
            checked += 1;
        }
        assert!(checked >= 10, "checked {checked}");
    }

    /// The core-guided bound never passes the optimum, and the schedule it returns
    /// when it gets there is complete, fair and optimal; on events where the
    /// participants' own bounds are below the optimum it proves more than they do.
    #[test]
    fn cores_bound_the_brute_force_optimum_from_below() {
        let (mut checked, mut solved, mut raised) = (0, 0, 0);
        for seed in 0..200 {
            let Some((c, optimum, _)) = small_event(seed, 7, 6) else {
                continue;
            };
            let forced = crate::bounds::participant_lower_bounds(&c);
            let own: u64 = forced.iter().map(|&f| u64::from(f)).sum();
            let deadline = Instant::now() + std::time::Duration::from_secs(20);
            let shared = crate::cores::Shared::default();
            let out = crate::cores::lower_bound(&c, &forced, &shared, deadline, 1_000_000);
            assert!(
                out.bound <= optimum,
                "seed {seed}: {} > {optimum}",
                out.bound
            );
            assert!(out.bound >= own, "seed {seed}");
            if let Some(slots) = &out.slots {
                let mut state = State::new(&c, None);
                crate::search::restore(&mut state, slots);
                assert_eq!(state.key().breaks, optimum, "seed {seed}");
                assert_eq!(out.bound, optimum, "seed {seed}");
                assert_eq!((state.key().excess, state.key().loss), (0, 0));
                solved += 1;
            }
            raised += usize::from(out.bound > own);
            checked += 1;
        }
        assert!(
            checked >= 40 && solved >= checked * 9 / 10 && raised >= 5,
            "checked {checked}, solved {solved}, raised {raised}"
        );
    }

    /// The implied clauses (runs, crowding) lose no schedule: with and without
    /// them, "at most the optimum" holds on the whole event and "at most one
    /// fewer" does not.
    #[test]
    fn implied_clauses_keep_exactly_the_schedules() {
        let mut checked = 0;
        for seed in 0..200 {
            let Some((c, optimum, first_fit)) = small_event(seed, 6, 6) else {
                continue;
            };
            let mut state = State::new(&c, None);
            crate::search::restore(&mut state, &first_fit);
            let budget = generous();
            let forced = crate::bounds::participant_lower_bounds(&c);
            let cap = state.key().breaks as usize + 1;
            for implied in [false, true] {
                let spent = Rc::new(Cell::new(0));
                let mut engine =
                    Engine::new(&c, cap, &forced, implied, &state.slot, &spent, &budget)
                        .expect("the first-fit schedule is one");
                let at_most = |engine: &mut Engine, k: u64| {
                    engine.ask(&c, k + 1, &state.slot, None, 1_000_000)
                };
                assert_eq!(at_most(&mut engine, optimum), lbool::TRUE, "seed {seed}");
                let found = engine.slots(c.domain.len());
                assert!(breaks_of(&c, &found) <= optimum, "seed {seed}");
                if optimum > 0 {
                    let fewer = at_most(&mut engine, optimum - 1);
                    assert_eq!(fewer, lbool::FALSE, "seed {seed} implied {implied}");
                }
            }
            checked += 1;
        }
        assert!(checked >= 40, "checked {checked}");
    }
}
