//! Slot assignment: a constructive start followed by simulated annealing.
//!
//! The state is one slot (or none) per request plus incrementally maintained
//! aggregates: each participant's day as a bit mask (breaks are then a few bit
//! operations), who sits in which slot, pool usage per slot, and a histogram of
//! breaks per participant so that the fairness spread costs O(64) to read.
//!
//! Moves are applied for real and undone through a journal when rejected. That is
//! a little slower than computing deltas in the abstract, but every compound move
//! (Kempe chains, insert-and-eject) is then checked by the same few primitives,
//! which is what keeps it correct.
//!
//! Neighbourhoods:
//! * Kempe chain: move request `m` from slot s1 to s2 and swap, between s1 and s2,
//!   every request chained to it through shared participants. A plain move and a
//!   pairwise swap are the one- and two-element cases. Chains keep every participant
//!   conflict-free by construction, the classic tool for edge-colouring-like
//!   problems such as this one (participants are vertices, meetings edges, slots
//!   colours). When the move overfills a slot's tables, the least harmful of a few
//!   unrelated meetings there is chained back the other way. Half of the time the
//!   move is aimed: a meeting of someone with a break, into their gap or next to
//!   their day.
//! * Insert: put an unscheduled request into a slot, ejecting whoever is in its way,
//!   then try to re-place the ejected requests directly elsewhere; or, Vizing-style,
//!   free a slot for it by swapping one party's meeting away along a Kempe chain.
//! * Ruin and recreate, between annealing rounds: take out the meetings of a few
//!   participants and re-insert greedily in random order, the only move allowed to
//!   lose weight for a while (the best state is kept regardless).
//!
//! Acceptance is lexicographic, mirroring the objective: scheduled weight first (a
//! move losing weight is never taken; in a re-solve each previously placed request
//! moved costs [`MOVE_PRICE`] units of weight), then a soft cost of breaks plus a
//! penalty per unit of fairness excess, annealed. The best state is tracked with
//! the exact lexicographic key, so the penalty only steers the walk.

use std::cmp::Ordering;
use std::time::Instant;

use crate::compile::Compiled;
use crate::model::day_breaks;
use crate::rng::Rng;

pub(crate) const NONE: u8 = u8::MAX;
const NOBODY: u32 = u32::MAX;
/// Soft-cost weights, in idle slots. Breaks (runs of idle slots) are what counts,
/// but alone they make a landscape of plateaus: moving one meeting of a scattered
/// day rarely closes a whole gap at once. Idle slots fall with every step towards
/// a compact day, so they are added as a gradient. (Heavier break weights were
/// measured to do worse on the JAIR events.)
const BREAK_WEIGHT: i64 = 1;
/// Large enough that the walk prefers fair states, small enough that it may cross
/// unfair ones.
const FAIRNESS_WEIGHT: i64 = 8;
/// Candidates weighed when an unrelated meeting must leave a full slot.
const VICTIM_TRIES: usize = 4;

/// In a re-solve, moving or dropping a previously placed meeting costs as much as
/// this many priority units of other meetings: a new request of priority 1 never
/// displaces anyone, one of priority 3 may displace one meeting.
pub(crate) const MOVE_PRICE: u64 = 2;

/// Lexicographic quality of a state: smaller is better in every field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    /// Unscheduled weight plus the price of moved previous placements.
    pub loss: u64,
    pub moved: u64,
    pub excess: u32,
    pub breaks: u64,
}

pub(crate) struct State<'a> {
    c: &'a Compiled,
    pub slot: Vec<u8>,
    day: Vec<u64>,
    at: Vec<u32>,
    usage: Vec<u32>,
    breaks: Vec<u32>,
    /// Per participant: meetings and idle slots, kept so that the hot path never
    /// counts bits.
    count: Vec<u8>,
    idle: Vec<u32>,
    hist: [u32; 65],
    total_breaks: u64,
    total_idle: u64,
    unscheduled_weight: u64,
    moved: u64,
    previous: Option<Vec<u8>>,
    /// Schedulable requests currently without a slot, for O(1) sampling.
    waiting: Vec<u32>,
    waiting_pos: Vec<u32>,
    journal: Vec<(u32, u8, u8)>,
    journaling: bool,
    /// Deferred break refreshes within a batch of moves (see `touch`).
    deferring: bool,
    dirty: Vec<bool>,
    dirty_day: Vec<u64>,
    dirty_list: Vec<u32>,
    /// Each participant's schedulable requests (for ejection chains).
    of: Vec<Vec<u32>>,
}

impl<'a> State<'a> {
    pub fn new(c: &'a Compiled, previous: Option<Vec<u8>>) -> State<'a> {
        let n = c.domain.len();
        let mut s = State {
            c,
            slot: vec![NONE; n],
            day: vec![0; c.participants],
            at: vec![NOBODY; c.participants * c.slots],
            usage: vec![0; c.capacity.len() * c.slots],
            breaks: vec![0; c.participants],
            count: vec![0; c.participants],
            idle: vec![0; c.participants],
            hist: [0; 65],
            total_breaks: 0,
            total_idle: 0,
            unscheduled_weight: 0,
            moved: 0,
            previous,
            waiting: Vec::new(),
            waiting_pos: vec![NOBODY; n],
            journal: Vec::new(),
            journaling: false,
            deferring: false,
            dirty: vec![false; c.participants],
            dirty_day: vec![0; c.participants],
            dirty_list: Vec::new(),
            of: vec![Vec::new(); c.participants],
        };
        for r in 0..n {
            if c.domain[r] != 0 {
                for p in c.parties[r] {
                    s.of[p].push(r as u32);
                }
            }
        }
        for r in 0..n {
            if c.domain[r] != 0 {
                s.unscheduled_weight += c.weight[r];
                s.waiting_pos[r] = s.waiting.len() as u32;
                s.waiting.push(r as u32);
                if s.previous.as_ref().is_some_and(|p| p[r] != NONE) {
                    s.moved += 1;
                }
            }
        }
        s
    }

    pub fn key(&self) -> Key {
        Key {
            loss: self.unscheduled_weight + MOVE_PRICE * self.moved,
            moved: self.moved,
            excess: self.excess(),
            breaks: self.total_breaks,
        }
    }

    fn soft(&self) -> i64 {
        BREAK_WEIGHT * self.total_breaks as i64
            + self.total_idle as i64
            + FAIRNESS_WEIGHT * self.excess() as i64
    }

    fn excess(&self) -> u32 {
        let Some(d) = self.c.fairness else { return 0 };
        let Some(min) = self.hist.iter().position(|&k| k > 0) else {
            return 0;
        };
        let max = self.hist.iter().rposition(|&k| k > 0).unwrap_or(min);
        (max - min).saturating_sub(d as usize) as u32
    }

    /// Whether `r` could go to slot `s` without touching anything else.
    pub fn fits(&self, r: usize, s: usize) -> bool {
        let c = self.c;
        let [a, b] = c.parties[r];
        c.domain[r] >> s & 1 == 1
            && self.at[a * c.slots + s] == NOBODY
            && self.at[b * c.slots + s] == NOBODY
            && c.pools[r]
                .iter()
                .all(|&p| self.usage[p * c.slots + s] < c.capacity[p])
            && self.precedence_ok(r, s)
    }

    fn precedence_ok(&self, r: usize, s: usize) -> bool {
        let c = self.c;
        c.preds[r]
            .iter()
            .all(|&p| self.slot[p] == NONE || (self.slot[p] as usize) < s)
            && c.succs[r]
                .iter()
                .all(|&q| self.slot[q] == NONE || (self.slot[q] as usize) > s)
    }

    /// Moves `r` to `s` (or out, with `NONE`). The caller guarantees both
    /// participants are free at `s`; pools and precedences are checked by the move.
    pub fn set(&mut self, r: usize, s: u8) {
        let c = self.c;
        let old = self.slot[r];
        if old == s {
            return;
        }
        if self.journaling {
            self.journal.push((r as u32, old, s));
        }
        self.slot[r] = s;
        let [a, b] = c.parties[r];
        let old_days = [self.day[a], self.day[b]];
        if old != NONE {
            let o = old as usize;
            for p in [a, b] {
                self.count[p] -= 1;
                self.day[p] &= !(1u64 << o);
                self.at[p * c.slots + o] = NOBODY;
            }
            for &pool in &c.pools[r] {
                self.usage[pool * c.slots + o] -= 1;
            }
            self.unscheduled_weight += c.weight[r];
            self.waiting_pos[r] = self.waiting.len() as u32;
            self.waiting.push(r as u32);
        }
        if s != NONE {
            let n = s as usize;
            for p in [a, b] {
                debug_assert_eq!(self.at[p * c.slots + n], NOBODY);
                self.count[p] += 1;
                self.day[p] |= 1u64 << n;
                self.at[p * c.slots + n] = r as u32;
            }
            for &pool in &c.pools[r] {
                self.usage[pool * c.slots + n] += 1;
            }
            self.unscheduled_weight -= c.weight[r];
            let pos = self.waiting_pos[r] as usize;
            let last = *self.waiting.last().expect("r was waiting");
            self.waiting.swap_remove(pos);
            if last as usize != r {
                self.waiting_pos[last as usize] = pos as u32;
            }
            self.waiting_pos[r] = NOBODY;
        }
        if let Some(prev) = &self.previous
            && prev[r] != NONE
        {
            self.moved = self.moved + (s != prev[r]) as u64 - (old != prev[r]) as u64;
        }
        self.touch(a, old_days[0]);
        self.touch(b, old_days[1]);
    }

    /// Brings `p`'s break counts up to date, or, inside a batch of moves, notes
    /// that they must be (a chain moves each participant's meeting out and in
    /// again, and most days end up unchanged).
    fn touch(&mut self, p: usize, old_day: u64) {
        if !self.deferring {
            self.refresh_breaks(p, old_day != 0);
        } else if !self.dirty[p] {
            self.dirty[p] = true;
            self.dirty_day[p] = old_day;
            self.dirty_list.push(p as u32);
        }
    }

    fn begin_batch(&mut self) {
        self.deferring = true;
    }

    /// Ends a batch: refreshes the participants whose day changed in it.
    fn end_batch(&mut self) {
        self.deferring = false;
        while let Some(p) = self.dirty_list.pop() {
            let p = p as usize;
            self.dirty[p] = false;
            if self.day[p] != self.dirty_day[p] {
                self.refresh_breaks(p, self.dirty_day[p] != 0);
            }
        }
    }

    fn refresh_breaks(&mut self, p: usize, was_active: bool) {
        let day = self.day[p];
        let (old_breaks, new_breaks) = (self.breaks[p], day_breaks(day));
        let idle = if day == 0 {
            0
        } else {
            64 - day.leading_zeros() - day.trailing_zeros() - self.count[p] as u32
        };
        self.total_idle = self.total_idle + idle as u64 - self.idle[p] as u64;
        self.idle[p] = idle;
        if was_active {
            self.hist[old_breaks as usize] -= 1;
        }
        if day != 0 {
            self.hist[new_breaks as usize] += 1;
        }
        self.total_breaks = self.total_breaks + new_breaks as u64 - old_breaks as u64;
        self.breaks[p] = new_breaks;
    }

    fn pools_ok(&self, s: usize) -> bool {
        let c = self.c;
        (0..c.capacity.len()).all(|p| self.usage[p * c.slots + s] <= c.capacity[p])
    }

    fn undo(&mut self) {
        self.undo_to(0);
    }

    /// Rolls back to the first `len` journal entries; journaling is left off.
    fn undo_to(&mut self, len: usize) {
        self.journaling = false;
        self.begin_batch();
        while self.journal.len() > len {
            let (r, old, _) = self.journal.pop().expect("longer than len");
            self.set(r as usize, old);
        }
        self.end_batch();
    }

    fn redo(&mut self, entries: &[(u32, u8, u8)]) {
        for &(r, _, new) in entries {
            self.set(r as usize, new);
        }
    }

    /// Places `order` one by one into the first (or, with `best_fit`, the
    /// break-cheapest) slot that fits; requests that fit nowhere stay waiting.
    pub fn construct(&mut self, order: &[usize], best_fit: bool) {
        let c = self.c;
        for &r in order {
            if self.slot[r] != NONE || c.domain[r] == 0 {
                continue;
            }
            let [a, b] = c.parties[r];
            let mut best: Option<(i64, usize)> = None;
            let mut mask = c.domain[r];
            while mask != 0 {
                let s = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if !self.fits(r, s) {
                    continue;
                }
                if !best_fit {
                    best = Some((0, s));
                    break;
                }
                let bit = 1u64 << s;
                let cost = [a, b]
                    .iter()
                    .map(|&p| {
                        // Breaks added (negative when filling a gap), plus how far
                        // the day stretches: joining an existing day is preferred
                        // over opening a far-away slot.
                        day_breaks(self.day[p] | bit) as i64 - self.breaks[p] as i64
                            + span_growth(self.day[p], bit) as i64
                    })
                    .sum::<i64>();
                if best.is_none_or(|(bc, _)| cost < bc) {
                    best = Some((cost, s));
                }
            }
            if let Some((_, s)) = best {
                self.set(r, s as u8);
            }
        }
    }
}

/// How far a day's span grows when `bit` is added (0 for an empty day).
fn span_growth(day: u64, bit: u64) -> u32 {
    if day == 0 {
        return 0;
    }
    let span = |d: u64| 64 - d.leading_zeros() - d.trailing_zeros();
    span(day | bit) - span(day)
}

/// When to give up on improving.
pub(crate) struct Limits {
    pub deadline: Instant,
    /// Stop after this long without a new best (a wall-clock safety net).
    pub patience: std::time::Duration,
    /// Stop after this many steps without a new best; 0 means two cooling
    /// rounds. Counting steps rather than time is what makes runs repeatable.
    pub quiet_steps: u64,
    /// A key that cannot be beaten (from the bounds); reaching it stops the search.
    pub target: Key,
}

/// Anneals from the current state and leaves the best state found in `state`.
/// True when the clock (the deadline or the patience) ended it, rather than the
/// target or the step budget: more time might have found better.
pub(crate) fn anneal(state: &mut State<'_>, rng: &mut Rng, limits: &Limits) -> bool {
    let c = state.c;
    let n = c.domain.len();
    let movable: Vec<usize> = (0..n).filter(|&r| c.domain[r].count_ones() > 1).collect();
    if movable.is_empty() && state.waiting.is_empty() {
        return false;
    }
    let mut best_key = state.key();
    let mut best = state.slot.clone();
    let mut current_is_unsaved_best = false;
    // One cooling round per few thousand steps per request, hot to cold in soft-
    // cost units (an idle slot is 1): long enough to settle, short enough for
    // several restarts within a second on the JAIR events.
    let round = (3000 * n).max(5_000) as u64;
    let (t_hot, t_cold) = (1.5f64, 0.03f64);
    let mut last_gain = Instant::now();
    let mut last_gain_iter = 0u64;
    // Patience is counted in steps, so that a run does not depend on how busy
    // the machine is.
    let quiet = if limits.quiet_steps == 0 {
        2 * round
    } else {
        limits.quiet_steps
    };
    let mut entries: Vec<(u32, u8, u8)> = Vec::new();
    let mut iter: u64 = 0;
    let mut temperature = t_hot;
    let mut chain_rng = Rng::new(0x5eed_c4a1);
    let mut chain_tick = 0u64;
    let mut before = state.key();
    let mut soft_before = state.soft();
    let mut clock = false;
    loop {
        if iter.is_multiple_of(512) {
            let now = Instant::now();
            if best_key <= limits.target || iter - last_gain_iter >= quiet {
                break;
            }
            if now >= limits.deadline || now.duration_since(last_gain) >= limits.patience {
                clock = true;
                break;
            }
        }
        if iter.is_multiple_of(round) && iter > 0 {
            // Each round restarts hot from a perturbed copy of the best state:
            // diversification with a safety net. The perturbation may lose
            // weight, which single moves never do, so it also escapes the
            // weight plateaus of the packing.
            if current_is_unsaved_best {
                best.clone_from(&state.slot);
                current_is_unsaved_best = false;
            }
            restore(state, &best);
            ruin_and_recreate(state, rng);
            before = state.key();
            soft_before = state.soft();
            if before < best_key {
                best_key = before;
                current_is_unsaved_best = true;
                last_gain = Instant::now();
                last_gain_iter = iter;
            }
        }
        if iter.is_multiple_of(256) {
            let progress = (iter % round) as f64 / round as f64;
            temperature = t_hot * (t_cold / t_hot).powf(progress);
        }
        iter += 1;

        // Every few steps an ejection chain, kept only when it schedules more weight.
        // It draws on its own generator and does not count as a step, so that where
        // it finds nothing the walk is exactly what it would be without it.
        chain_tick += 1;
        if chain_tick.is_multiple_of(CHAIN_EVERY) && !state.waiting.is_empty() {
            state.journal.clear();
            state.journaling = true;
            let applied = chain_insert(state, &mut chain_rng);
            state.journaling = false;
            if applied && state.unscheduled_weight + MOVE_PRICE * state.moved < before.loss {
                let after = state.key();
                if after < best_key {
                    best_key = after;
                    current_is_unsaved_best = true;
                    last_gain = Instant::now();
                    last_gain_iter = iter;
                } else {
                    current_is_unsaved_best = false;
                }
                before = after;
                soft_before = state.soft();
            } else {
                state.undo();
            }
        }

        state.journal.clear();
        state.journaling = true;
        let applied = if !state.waiting.is_empty() && (movable.is_empty() || rng.below(4) == 0) {
            if rng.below(2) == 0 {
                insert_move(state, rng)
            } else {
                recolour_insert(state, rng)
            }
        } else {
            kempe_move(state, rng, &movable)
        };
        state.journaling = false;
        if !applied {
            state.undo();
            continue;
        }
        let soft_after = state.soft();
        let loss = state.unscheduled_weight + MOVE_PRICE * state.moved;
        let accept = match (loss.cmp(&before.loss), state.moved.cmp(&before.moved)) {
            (Ordering::Less, _) => true,
            (Ordering::Greater, _) => false,
            (_, Ordering::Less) => true,
            (_, Ordering::Greater) => false,
            _ => {
                let delta = soft_after - soft_before;
                delta <= 0 || rng.unit() < (-(delta as f64) / temperature).exp()
            }
        };
        if !accept {
            state.undo();
            continue;
        }
        let after = state.key();
        if after < best_key {
            best_key = after;
            current_is_unsaved_best = true;
            last_gain = Instant::now();
            last_gain_iter = iter;
        } else if current_is_unsaved_best && after > before {
            // Leaving an unsaved best: step back, save it, step forward again.
            entries.clear();
            entries.extend_from_slice(&state.journal);
            state.undo();
            best.clone_from(&state.slot);
            state.redo(&entries);
            current_is_unsaved_best = false;
        } else if after != before {
            current_is_unsaved_best = false;
        }
        before = after;
        soft_before = soft_after;
    }
    if !current_is_unsaved_best {
        restore(state, &best);
    }
    clock
}

/// Takes out every meeting of two random participants and a few random others,
/// then re-inserts whatever fits, in random order, best-fit.
fn ruin_and_recreate(state: &mut State<'_>, rng: &mut Rng) {
    let c = state.c;
    let n = c.domain.len();
    let mut out = Vec::new();
    for _ in 0..2 {
        let p = rng.below(c.participants);
        let day = state.day[p];
        out.extend(
            (0..c.slots)
                .filter(|s| day >> s & 1 == 1)
                .map(|s| state.at[p * c.slots + s] as usize),
        );
    }
    out.extend((0..1 + rng.below(3)).map(|_| rng.below(n)));
    for r in out {
        if !c.locked[r] {
            state.set(r, NONE);
        }
    }
    let mut order: Vec<usize> = state.waiting.iter().map(|&r| r as usize).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    state.construct(&order, true);
}

pub(crate) fn restore(state: &mut State<'_>, target: &[u8]) {
    // Everything out first, so that moving back in never meets a stale seat.
    for (r, &s) in target.iter().enumerate() {
        if state.slot[r] != s {
            state.set(r, NONE);
        }
    }
    for (r, &s) in target.iter().enumerate() {
        if state.slot[r] != s {
            state.set(r, s);
        }
    }
}

/// Picks a scheduled request, preferring those of participants with breaks, and a
/// new slot, and swaps the Kempe chain between the two slots.
fn kempe_move(state: &mut State<'_>, rng: &mut Rng, movable: &[usize]) -> bool {
    let c = state.c;
    let mut m = movable[rng.below(movable.len())];
    let mut wanted = 0u64;
    if rng.below(2) == 0 {
        let p = c.parties[m][rng.below(2)];
        if state.breaks[p] > 0 {
            // Focus on a participant with breaks: move one of their meetings into
            // a gap or next to their day.
            let day = state.day[p];
            let pick = nth_bit(day, rng.below(day.count_ones() as usize));
            m = state.at[p * c.slots + pick] as usize;
            let span =
                ((u64::MAX >> day.leading_zeros()) >> day.trailing_zeros()) << day.trailing_zeros();
            wanted = (span & !day) | (day << 1) | (day >> 1);
        }
    }
    let s1 = state.slot[m];
    if s1 == NONE {
        return false;
    }
    let others = c.domain[m] & !(1u64 << s1);
    let targeted = others & wanted;
    let choice = if targeted != 0 { targeted } else { others };
    if choice == 0 {
        return false;
    }
    let s2 = nth_bit(choice, rng.below(choice.count_ones() as usize)) as u8;
    if !swap_chain(state, m, s1, s2) {
        return false;
    }
    // A full slot would reject the move; when tables (or interpreters) are tight
    // that is most moves. Send back an unrelated user of the full pool, with its
    // own chain, to keep the counts level.
    for (full, other) in [(s2, s1), (s1, s2)] {
        if !state.pools_ok(full as usize) {
            let Some(pool) = (0..c.capacity.len())
                .find(|&p| state.usage[p * c.slots + full as usize] > c.capacity[p])
            else {
                continue;
            };
            // Of a few candidates, send back the one that hurts least.
            let mark = state.journal.len();
            let mut best: Option<(i64, usize)> = None;
            for _ in 0..VICTIM_TRIES {
                let Some(x) = sample_user(state, rng, pool, full as usize) else {
                    continue;
                };
                if c.domain[x] >> other & 1 == 0 {
                    continue;
                }
                if swap_chain(state, x, full, other)
                    && state.pools_ok(full as usize)
                    && state.pools_ok(other as usize)
                {
                    let soft = state.soft();
                    if best.is_none_or(|(b, _)| soft < b) {
                        best = Some((soft, x));
                    }
                }
                state.undo_to(mark);
                state.journaling = true;
            }
            match best {
                Some((_, x)) => {
                    if !swap_chain(state, x, full, other) {
                        return false;
                    }
                }
                None => return false,
            }
        }
    }
    state.pools_ok(s1 as usize) && state.pools_ok(s2 as usize)
}

/// Swaps the Kempe chain of `m` (at `from`) between `from` and `to`; false if
/// some member cannot take its new slot or a precedence breaks.
fn swap_chain(state: &mut State<'_>, m: usize, from: u8, to: u8) -> bool {
    let Some(chain) = kempe_chain(state, m, from, to) else {
        return false;
    };
    state.begin_batch();
    for &(r, _) in &chain {
        state.set(r, NONE);
    }
    for &(r, to) in &chain {
        state.set(r, to);
    }
    state.end_batch();
    chain
        .iter()
        .all(|&(r, to)| state.precedence_ok(r, to as usize))
}

/// The requests linked to `m` through shared participants in slots `s1` and `s2`,
/// each with its destination; `None` if one of them cannot take the other slot.
fn kempe_chain(state: &State<'_>, m: usize, s1: u8, s2: u8) -> Option<Vec<(usize, u8)>> {
    let c = state.c;
    let mut chain = vec![(m, s2)];
    let mut i = 0;
    while i < chain.len() {
        let (r, to) = chain[i];
        i += 1;
        if c.domain[r] >> to & 1 == 0 {
            return None;
        }
        let from = if to == s1 { s2 } else { s1 };
        for p in c.parties[r] {
            let other = state.at[p * c.slots + to as usize];
            if other != NOBODY && !chain.iter().any(|&(q, _)| q == other as usize) {
                chain.push((other as usize, from));
            }
        }
    }
    Some(chain)
}

/// Puts a waiting request into a random allowed slot, ejecting whoever blocks it,
/// then tries to re-place each ejected request directly.
fn insert_move(state: &mut State<'_>, rng: &mut Rng) -> bool {
    let c = state.c;
    let r = state.waiting[rng.below(state.waiting.len())] as usize;
    let domain = c.domain[r];
    let s = nth_bit(domain, rng.below(domain.count_ones() as usize));
    if !state.precedence_ok(r, s) {
        return false;
    }
    let mut ejected: Vec<usize> = Vec::new();
    for p in c.parties[r] {
        let other = state.at[p * c.slots + s];
        if other != NOBODY {
            if c.locked[other as usize] {
                return false;
            }
            ejected.push(other as usize);
            state.set(other as usize, NONE);
        }
    }
    for &pool in &c.pools[r] {
        if state.usage[pool * c.slots + s] >= c.capacity[pool] {
            match sample_user(state, rng, pool, s) {
                Some(victim) => {
                    ejected.push(victim);
                    state.set(victim, NONE);
                }
                None => return false,
            }
        }
    }
    state.set(r, s as u8);
    for e in ejected {
        place_anywhere(state, rng, e);
    }
    true
}

/// Puts waiting request `r` into the first slot where it fits as things stand,
/// looking from a random slot on; whether there was one.
fn place_anywhere(state: &mut State<'_>, rng: &mut Rng, r: usize) -> bool {
    let slots = state.c.slots;
    let offset = rng.below(slots);
    for k in 0..slots {
        let t = (offset + k) % slots;
        if state.fits(r, t) {
            state.set(r, t as u8);
            return true;
        }
    }
    false
}

/// Inserts a waiting request the way Vizing recolours an edge: pick a slot `a`
/// where one party is free and a slot `b` where the other is; the other party's
/// meeting at `a`, with its Kempe chain, swaps over to `b`, which frees both
/// parties at `a`. This fills slots that no single move can, without ejecting
/// anybody.
fn recolour_insert(state: &mut State<'_>, rng: &mut Rng) -> bool {
    let c = state.c;
    let r = state.waiting[rng.below(state.waiting.len())] as usize;
    let domain = c.domain[r];
    let flip = rng.below(2);
    let (p, q) = (c.parties[r][flip], c.parties[r][1 - flip]);
    let free = |who: usize| {
        (0..c.slots)
            .filter(|&s| state.at[who * c.slots + s] == NOBODY)
            .fold(0u64, |m, s| m | 1u64 << s)
            & domain
    };
    let (p_free, q_free) = (free(p), free(q));
    if p_free == 0 || q_free == 0 {
        return false;
    }
    let a = nth_bit(p_free, rng.below(p_free.count_ones() as usize));
    if q_free >> a & 1 == 0 {
        let b = nth_bit(q_free, rng.below(q_free.count_ones() as usize));
        let m = state.at[q * c.slots + a] as usize;
        if c.locked[m] || !swap_chain(state, m, a as u8, b as u8) {
            return false;
        }
        if state.at[p * c.slots + a] != NOBODY || state.at[q * c.slots + a] != NOBODY {
            return false;
        }
        if !state.pools_ok(b) {
            return false;
        }
    }
    if !state.fits(r, a) {
        return false;
    }
    state.set(r, a as u8);
    state.pools_ok(a)
}

/// Longest ejection chain tried by [`chain_insert`].
const CHAIN_DEPTH: usize = 8;
/// One ejection chain is tried per this many annealing steps.
const CHAIN_EVERY: u64 = 2;

/// Inserts a waiting request by an ejection chain within one slot, the augmenting
/// path of a matching: the request takes slot `s` from the meeting of one of its
/// parties; that meeting either moves to another slot where it fits, or its other
/// party, now free at `s`, takes one of their own waiting requests into `s`, which
/// may eject the next meeting, and so on. A chain that ends on someone free at `s`
/// schedules one meeting more without moving anybody else; busy participants with
/// many requests (the popular exhibitors) thereby hand their slots to partners who
/// have other options.
fn chain_insert(state: &mut State<'_>, rng: &mut Rng) -> bool {
    let c = state.c;
    let mut cur = state.waiting[rng.below(state.waiting.len())] as usize;
    let domain = c.domain[cur];
    let s = nth_bit(domain, rng.below(domain.count_ones() as usize));
    let mut candidates: Vec<usize> = Vec::new();
    for _ in 0..CHAIN_DEPTH {
        let [a, b] = c.parties[cur];
        let busy = |p: usize| state.at[p * c.slots + s] != NOBODY;
        let shared = match (busy(a), busy(b)) {
            (false, false) => None,
            (true, false) => Some(a),
            (false, true) => Some(b),
            (true, true) => return false,
        };
        let ejected = match shared {
            None => None,
            Some(p) => {
                let e = state.at[p * c.slots + s] as usize;
                if c.locked[e] {
                    return false;
                }
                state.set(e, NONE);
                Some((e, p))
            }
        };
        if !state.fits(cur, s) {
            return false;
        }
        state.set(cur, s as u8);
        let Some((e, shared)) = ejected else {
            return true;
        };
        // The ejected meeting elsewhere, if it fits somewhere as it stands (not at
        // `s`, where its shared party now meets).
        if place_anywhere(state, rng, e) {
            return true;
        }
        // Else its other party fills `s` with one of their waiting requests: one
        // that fits as it stands ends the chain, another one continues it.
        let [a, b] = c.parties[e];
        let w = if a == shared { b } else { a };
        candidates.clear();
        for &f in &state.of[w] {
            let f = f as usize;
            if f == e || state.slot[f] != NONE || c.domain[f] >> s & 1 == 0 {
                continue;
            }
            if state.fits(f, s) {
                state.set(f, s as u8);
                return true;
            }
            candidates.push(f);
        }
        if candidates.is_empty() {
            return true;
        }
        cur = candidates[rng.below(candidates.len())];
    }
    true
}

/// A random request scheduled in slot `s` that draws on `pool`, found by sampling
/// the participants' rows (a full scan would cost O(participants)).
fn sample_user(state: &State<'_>, rng: &mut Rng, pool: usize, s: usize) -> Option<usize> {
    let c = state.c;
    for _ in 0..64 {
        let p = rng.below(c.participants);
        let r = state.at[p * c.slots + s];
        if r != NOBODY && c.pools[r as usize].contains(&pool) && !c.locked[r as usize] {
            return Some(r as usize);
        }
    }
    None
}

fn nth_bit(mut mask: u64, n: usize) -> usize {
    for _ in 0..n {
        mask &= mask - 1;
    }
    mask.trailing_zeros() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Synthetic;
    use crate::model::{Instance, MeetingRequest, Participant};

    /// A state with every request placed best-fit in input order, where it fits.
    fn constructed(c: &Compiled) -> State<'_> {
        let mut state = State::new(c, None);
        let order: Vec<usize> = (0..c.domain.len()).collect();
        state.construct(&order, true);
        state
    }

    /// Everything `refresh_breaks` maintains, recomputed from the days.
    fn assert_consistent(state: &State<'_>) {
        let c = state.c;
        let mut hist = [0u32; 65];
        let mut total = 0u64;
        let mut idle = 0u64;
        for p in 0..c.participants {
            let day = state.day[p];
            assert_eq!(state.breaks[p], day_breaks(day), "participant {p}");
            if day != 0 {
                hist[day_breaks(day) as usize] += 1;
                idle += (64 - day.leading_zeros() - day.trailing_zeros() - day.count_ones()) as u64;
            }
            total += day_breaks(day) as u64;
        }
        assert_eq!(state.hist, hist);
        assert_eq!(state.total_breaks, total);
        assert_eq!(state.total_idle, idle);
    }

    #[test]
    fn batched_chain_moves_and_undos_keep_break_counts_exact() {
        // Chains defer break refreshes to the end of the batch; accepted and
        // undone moves alike must leave the counts equal to a recount.
        let instance = Synthetic {
            participants: 40,
            requests: 200,
            slots: 10,
            tables: 12,
            booths: 3,
            seed: 4,
        }
        .instance();
        let c = Compiled::new(&instance);
        let mut state = constructed(&c);
        let movable: Vec<usize> = (0..c.domain.len())
            .filter(|&r| c.domain[r].count_ones() > 1)
            .collect();
        let mut rng = Rng::new(3);
        for step in 0..3000 {
            state.journal.clear();
            state.journaling = true;
            let applied = kempe_move(&mut state, &mut rng, &movable);
            state.journaling = false;
            if !applied || step % 3 == 0 {
                state.undo();
            }
            assert_consistent(&state);
        }
    }

    /// Nobody twice in a slot, every meeting in its domain, pools within capacity,
    /// and the waiting list and its weight as the slots say.
    fn assert_valid(state: &State<'_>) {
        let c = state.c;
        let mut usage = vec![0u32; c.capacity.len() * c.slots];
        let mut waiting = 0u64;
        for r in 0..c.domain.len() {
            let s = state.slot[r];
            if s == NONE {
                if c.domain[r] != 0 {
                    waiting += c.weight[r];
                    assert_ne!(state.waiting_pos[r], NOBODY, "request {r} waits");
                }
                continue;
            }
            assert_eq!(c.domain[r] >> s & 1, 1, "request {r} in slot {s}");
            for p in c.parties[r] {
                assert_eq!(state.at[p * c.slots + s as usize], r as u32);
            }
            for &pool in &c.pools[r] {
                usage[pool * c.slots + s as usize] += 1;
            }
        }
        for (k, &used) in usage.iter().enumerate() {
            assert!(
                used <= c.capacity[k / c.slots],
                "pool {} slot {}",
                k / c.slots,
                k % c.slots
            );
        }
        assert_eq!(usage, state.usage);
        assert_eq!(waiting, state.unscheduled_weight);
    }

    #[test]
    fn ejection_chains_keep_the_schedule_valid_and_undo_exactly() {
        let instance = Synthetic {
            participants: 60,
            requests: 600,
            slots: 8,
            tables: 20,
            booths: 4,
            seed: 9,
        }
        .instance();
        let c = Compiled::new(&instance);
        let mut state = constructed(&c);
        let mut rng = Rng::new(5);
        let mut gained = 0;
        for step in 0..3000 {
            let before = (state.slot.clone(), state.unscheduled_weight);
            state.journal.clear();
            state.journaling = true;
            let applied = chain_insert(&mut state, &mut rng);
            state.journaling = false;
            if !applied || step % 2 == 0 {
                state.undo();
                assert_eq!((state.slot.clone(), state.unscheduled_weight), before);
            } else if state.unscheduled_weight < before.1 {
                gained += 1;
            }
            assert_valid(&state);
            assert_consistent(&state);
        }
        assert!(gained > 0, "no chain ever scheduled more");
    }

    #[test]
    fn an_ejection_chain_hands_a_busy_participants_slot_to_the_one_with_no_other_choice() {
        // One slot. P meets w; u and x wait for P and w. The chain gives P to u and
        // w to x: two meetings instead of one, whichever waiting request it starts from.
        let person = |name: &str| Participant {
            name: name.into(),
            languages: vec!["en".into()],
            unavailable: Vec::new(),
            booth: None,
        };
        let instance = Instance {
            slots: vec![crate::model::Session::Morning],
            tables: 5,
            participants: vec![person("P"), person("u"), person("w"), person("x")],
            requests: vec![
                MeetingRequest::new(0, 2),
                MeetingRequest::new(1, 0),
                MeetingRequest::new(2, 3),
            ],
            interpreters: Vec::new(),
            fairness: None,
        };
        let c = Compiled::new(&instance);
        for seed in 0..8 {
            let mut state = State::new(&c, None);
            state.set(0, 0);
            assert_eq!(state.unscheduled_weight, 2);
            assert!(chain_insert(&mut state, &mut Rng::new(seed)));
            assert_eq!(state.unscheduled_weight, 1, "seed {seed}: {:?}", state.slot);
            assert_eq!(state.slot, [NONE, 0, 0]);
            assert_valid(&state);
        }
    }
}
