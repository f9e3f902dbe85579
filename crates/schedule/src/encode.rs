//! The slot problem as CNF: which slot each request takes, who is busy when,
//! where each participant's breaks start, and counters over them, so that a SAT
//! solver can answer "is there a complete schedule with at most k breaks?".
//!
//! Variables (DIMACS numbering, literal `v` true and `-v` false):
//! * `x[r][s]`: request r takes slot s, for s in r's domain; exactly one per
//!   request.
//! * `busy[p][s] <-> OR x[r][s]` over p's requests, with at most one of them true
//!   (nobody is double-booked).
//! * `after[p][s] <-> busy[p][s] OR after[p][s+1]`: p still has a meeting at s or
//!   later.
//! * `brk[p][s] <-> busy[p][s-1] AND NOT busy[p][s] AND after[p][s+1]`: a break of
//!   p starts at s. A break is a maximal run of idle slots inside the day, so it
//!   starts right after a meeting and is followed by one: the number of true
//!   `brk[p][.]` is exactly p's breaks as `day_breaks` counts them.
//! * `count[p][j]`: p has at least j + 1 breaks, a totalizer over `brk[p][.]`
//!   with clauses in both directions (exact, so fairness can use it both ways).
//! * `total[j]`: at least j + 1 breaks over everybody, a totalizer over the
//!   participants' counters, upward clauses only and capped at `cap` outputs: it
//!   is only ever assumed false, to say "at most j breaks".
//! * Fairness d: `high[j]` (someone has at least j + 1 breaks) implies that
//!   everybody with a meeting has at least j + 1 - d.
//! * Pools (free tables, interpreters): at most `capacity` of the requests using
//!   the pool in each slot, by a totalizer (see `at_most`).
//! * Precedences: `x[r][s]` implies some predecessor slot below s.
//!
//! Implied, not needed for correctness but cheap and useful to propagation:
//! exactly as many busy slots as meetings per participant; someone with m
//! meetings still has one at or after s when fewer than m of the slots they can
//! use lie before s; each participant's lower bound on breaks from
//! [`crate::bounds`] as a unit on their counter.
//!
//! Implied and optional (`implied`): a run variable per participant and
//! possible run of consecutive slots, for participants without breaks (see
//! `runs`), and at most twice the tables busy participants per slot (see
//! `crowding`). Asked "is the lower bound reachable?", they answer it where the
//! plain encoding does not (tic-14crafc: a schedule without breaks in 3,000
//! conflicts, none found in 400,000 without them). In every question they help
//! the search on some events where the tables are what binds (forum-13crafb,
//! ticf-13crafb) and slow it on others (forum-13crafc, ticf-13crafc), so of the
//! two searches of the SAT stage one uses them throughout and the other only for
//! that last question (see `sat::Implied`).
//!
//! Only schedules that place every request the encoding is given are described:
//! the solver calls it only once the search has placed all of them.

use crate::compile::Compiled;

pub(crate) type Lit = i32;

pub(crate) struct Encoding {
    pub vars: u32,
    pub clauses: Vec<Vec<Lit>>,
    /// Per request: its candidate slots and their variables.
    pub x: Vec<Vec<(u8, Lit)>>,
    /// `total[j]` true when there are at least j + 1 breaks (j < cap).
    pub total: Vec<Lit>,
    /// Per participant: an exact unary count of their breaks (`counts[p][j]` true
    /// when p has at least j + 1), empty for participants without meetings.
    pub counts: Vec<Vec<Lit>>,
    /// A variable fixed to true.
    pub truth: Lit,
}

impl Encoding {
    fn var(&mut self) -> Lit {
        self.vars += 1;
        self.vars as Lit
    }

    fn add(&mut self, clause: &[Lit]) {
        self.clauses.push(clause.to_vec());
    }

    fn falsity(&self) -> Lit {
        -self.truth
    }

    /// A fresh variable equal to the disjunction of `lits` (false when empty).
    fn or(&mut self, lits: &[Lit]) -> Lit {
        match lits {
            [] => self.falsity(),
            [one] => *one,
            _ => {
                let v = self.var();
                for &l in lits {
                    self.add(&[-l, v]);
                }
                let mut clause = vec![-v];
                clause.extend_from_slice(lits);
                self.clauses.push(clause);
                v
            }
        }
    }

    /// A fresh variable equal to the conjunction of `lits`.
    fn and(&mut self, lits: &[Lit]) -> Lit {
        if lits.contains(&self.falsity()) {
            return self.falsity();
        }
        let lits: Vec<Lit> = lits.iter().copied().filter(|&l| l != self.truth).collect();
        match lits.as_slice() {
            [] => self.truth,
            [one] => *one,
            _ => {
                let v = self.var();
                for &l in &lits {
                    self.add(&[-v, l]);
                }
                let mut clause = vec![v];
                clause.extend(lits.iter().map(|&l| -l));
                self.clauses.push(clause);
                v
            }
        }
    }

    /// At most one of `lits`: pairwise when few, else a sequential ladder.
    fn at_most_one(&mut self, lits: &[Lit]) {
        if lits.len() <= 5 {
            for i in 0..lits.len() {
                for j in i + 1..lits.len() {
                    self.add(&[-lits[i], -lits[j]]);
                }
            }
            return;
        }
        self.at_most(lits, 1);
    }

    /// At most `k` of `lits`: a totalizer counting to k + 1, whose last output
    /// is false. Unit propagation on it is arc-consistent (Bailleux and
    /// Boufkhad 2003), and a true input climbs only log n levels, where a
    /// sequential counter would ripple through a chain as long as the input.
    fn at_most(&mut self, lits: &[Lit], k: usize) {
        let n = lits.len();
        if n <= k {
            return;
        }
        if k == 0 {
            for &l in lits {
                self.add(&[-l]);
            }
            return;
        }
        let leaves: Vec<Vec<Lit>> = lits.iter().map(|&l| vec![l]).collect();
        let count = self.totalizer(&leaves, k + 1, false);
        self.add(&[-count[k]]);
    }

    /// Merges two unary numbers (`a[i]` = at least i + 1) into one of at most
    /// `cap` outputs, the last meaning "at least cap". `exact` adds the downward
    /// clauses, so that an output is true only when the count really is that high.
    fn merge(&mut self, a: &[Lit], b: &[Lit], cap: usize, exact: bool) -> Vec<Lit> {
        if a.is_empty() {
            return b[..b.len().min(cap)].to_vec();
        }
        if b.is_empty() {
            return a[..a.len().min(cap)].to_vec();
        }
        let width = (a.len() + b.len()).min(cap);
        let out: Vec<Lit> = (0..width).map(|_| self.var()).collect();
        for i in 0..=a.len() {
            for j in 0..=b.len() {
                let sum = i + j;
                if sum >= 1 {
                    // a >= i and b >= j imply out >= i + j.
                    let mut clause = vec![out[sum.min(width) - 1]];
                    if i > 0 {
                        clause.push(-a[i - 1]);
                    }
                    if j > 0 {
                        clause.push(-b[j - 1]);
                    }
                    // Sums beyond the cap follow from those reaching it.
                    if sum <= width {
                        self.clauses.push(clause);
                    }
                }
                if exact && sum < width {
                    // a < i + 1 and b < j + 1 imply out < i + j + 1.
                    let mut clause = vec![-out[sum]];
                    if i < a.len() {
                        clause.push(a[i]);
                    }
                    if j < b.len() {
                        clause.push(b[j]);
                    }
                    self.clauses.push(clause);
                }
            }
        }
        out
    }

    /// Unary count of the true `inputs`, capped at `cap` outputs.
    pub(crate) fn totalizer(&mut self, inputs: &[Vec<Lit>], cap: usize, exact: bool) -> Vec<Lit> {
        match inputs {
            [] => Vec::new(),
            [one] => one[..one.len().min(cap)].to_vec(),
            _ => {
                let (left, right) = inputs.split_at(inputs.len() / 2);
                let a = self.totalizer(left, cap, exact);
                let b = self.totalizer(right, cap, exact);
                self.merge(&a, &b, cap, exact)
            }
        }
    }
}

/// Encodes `c` for complete schedules, with totals counted up to `cap` breaks
/// (so "at most k" can be asked for every k < cap). `forced[p]` is a lower bound
/// on p's breaks in any complete schedule. `implied` adds two families of
/// redundant clauses over the busy variables (see [`runs`] and [`crowding`]):
/// they make "no more breaks than the lower bound" much easier to answer, and
/// help or slow the search for a schedule further from it depending on the
/// event (see the module notes).
pub(crate) fn encode(c: &Compiled, cap: usize, forced: &[u32], implied: bool) -> Encoding {
    let slots = c.slots;
    let mut e = Encoding {
        vars: 0,
        clauses: Vec::new(),
        x: vec![Vec::new(); c.domain.len()],
        total: Vec::new(),
        counts: Vec::new(),
        truth: 0,
    };
    e.truth = e.var();
    e.add(&[e.truth]);

    // Requests: exactly one slot each.
    let mut of: Vec<Vec<usize>> = vec![Vec::new(); c.participants];
    for r in 0..c.domain.len() {
        if c.domain[r] == 0 {
            continue;
        }
        for p in c.parties[r] {
            of[p].push(r);
        }
        let mut lits = Vec::new();
        for s in 0..slots {
            if c.domain[r] >> s & 1 == 1 {
                let v = e.var();
                e.x[r].push((s as u8, v));
                lits.push(v);
            }
        }
        e.add(&lits);
        e.at_most_one(&lits);
    }
    let x_at = |e: &Encoding, r: usize, s: usize| -> Option<Lit> {
        e.x[r]
            .iter()
            .find(|&&(t, _)| t as usize == s)
            .map(|&(_, v)| v)
    };

    // Pools, slot by slot.
    for pool in 0..c.capacity.len() {
        for s in 0..slots {
            let lits: Vec<Lit> = (0..c.domain.len())
                .filter(|&r| c.pools[r].contains(&pool))
                .filter_map(|r| x_at(&e, r, s))
                .collect();
            e.at_most(&lits, c.capacity[pool] as usize);
        }
    }

    // Precedences.
    for r in 0..c.domain.len() {
        for &q in &c.preds[r] {
            if c.domain[q] == 0 || c.domain[r] == 0 {
                continue;
            }
            for &(s, v) in &e.x[r].clone() {
                let mut clause = vec![-v];
                clause.extend(e.x[q].iter().filter(|&&(t, _)| t < s).map(|&(_, w)| w));
                e.clauses.push(clause);
            }
        }
    }

    // Participants: busy, after, break starts, counters.
    let mut counters: Vec<Vec<Lit>> = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    let mut counter_of: Vec<Vec<Lit>> = vec![Vec::new(); c.participants];
    let mut busy_of: Vec<Vec<Lit>> = vec![Vec::new(); c.participants];
    for p in 0..c.participants {
        if of[p].is_empty() {
            continue;
        }
        active.push(p);
        let busy: Vec<Lit> = (0..slots)
            .map(|s| {
                let lits: Vec<Lit> = of[p].iter().filter_map(|&r| x_at(&e, r, s)).collect();
                e.at_most_one(&lits);
                e.or(&lits)
            })
            .collect();
        let usable: Vec<bool> = busy.iter().map(|&b| b != e.falsity()).collect();
        let meetings = of[p].len();
        // Implied: exactly as many busy slots as meetings.
        let open: Vec<Lit> = busy.iter().copied().filter(|&b| b != e.falsity()).collect();
        e.at_most(&open, meetings);
        let idle: Vec<Lit> = open.iter().map(|&b| -b).collect();
        e.at_most(&idle, open.len().saturating_sub(meetings));
        let mut after = vec![e.falsity(); slots + 1];
        for s in (0..slots).rev() {
            let parts: Vec<Lit> = [busy[s], after[s + 1]]
                .into_iter()
                .filter(|&l| l != e.falsity())
                .collect();
            after[s] = e.or(&parts);
            // Fewer usable slots before s than meetings: one is at s or later.
            let before = usable[..s].iter().filter(|&&u| u).count();
            if before < meetings && after[s] != e.truth {
                e.add(&[after[s]]);
            }
        }
        let mut starts = Vec::new();
        for s in 1..slots.saturating_sub(1) {
            let b = e.and(&[busy[s - 1], -busy[s], after[s + 1]]);
            if b != e.falsity() {
                starts.push(vec![b]);
            }
        }
        let count = e.totalizer(&starts, starts.len(), true);
        if forced[p] > 0
            && let Some(&l) = count.get(forced[p] as usize - 1)
        {
            e.add(&[l]);
        }
        if implied {
            let without = match count.first() {
                Some(&l) => -l,
                None => e.truth,
            };
            runs(&mut e, &busy, meetings, without);
        }
        busy_of[p] = busy;
        counter_of[p] = count.clone();
        counters.push(count);
    }
    e.total = e.totalizer(&counters, cap, false);
    if implied {
        crowding(&mut e, c, &active, &busy_of);
    }

    if let Some(d) = c.fairness {
        let d = d as usize;
        let most = counters.iter().map(Vec::len).max().unwrap_or(0);
        for j in d..most {
            // high: somebody has at least j + 1 breaks.
            let holders: Vec<Lit> = active
                .iter()
                .filter_map(|&p| counter_of[p].get(j).copied())
                .collect();
            let high = e.or(&holders);
            for &p in &active {
                let need = j - d;
                match counter_of[p].get(need) {
                    Some(&l) => e.add(&[-high, l]),
                    None => e.add(&[-high]),
                }
            }
        }
    }
    e.counts = counter_of;
    e
}

/// Implied: a participant without breaks (`without`) has their `meetings`
/// meetings in one run of consecutive slots. One variable per possible run,
/// true only when it is the participant's day; through them a meeting at slot
/// s rules out every slot `meetings` or more away from s, which the break
/// counters alone only find out by search.
fn runs(e: &mut Encoding, busy: &[Lit], meetings: usize, without: Lit) {
    let slots = busy.len();
    if meetings == 0 || meetings > slots {
        return;
    }
    let usable: Vec<bool> = busy.iter().map(|&b| b != e.falsity()).collect();
    let runs: Vec<(usize, Lit)> = (0..=slots - meetings)
        .filter(|&st| (st..st + meetings).all(|s| usable[s]))
        .map(|st| (st, e.var()))
        .collect();
    // Without breaks, one of the runs.
    let mut some = vec![-without];
    some.extend(runs.iter().map(|&(_, v)| v));
    e.add(&some);
    for &(st, v) in &runs {
        e.add(&[-v, without]);
        for s in (0..slots).filter(|&s| usable[s]) {
            let inside = (st..st + meetings).contains(&s);
            e.add(&[-v, if inside { busy[s] } else { -busy[s] }]);
        }
    }
    // Busy at s without breaks: a run through s.
    for s in (0..slots).filter(|&s| usable[s]) {
        let mut clause = vec![-without, -busy[s]];
        clause.extend(
            runs.iter()
                .filter(|&&(st, _)| (st..st + meetings).contains(&s))
                .map(|&(_, v)| v),
        );
        e.add(&clause);
    }
}

/// Implied: when one pool holds every request, a slot with at most `cap`
/// meetings has at most 2 `cap` busy participants (each meeting has two). Over
/// the busy variables this sees a crowded slot as soon as the participants'
/// days are decided, before their meetings are placed.
#[allow(clippy::needless_range_loop)]
fn crowding(e: &mut Encoding, c: &Compiled, active: &[usize], busy_of: &[Vec<Lit>]) {
    for pool in 0..c.capacity.len() {
        let everywhere =
            (0..c.domain.len()).all(|r| c.domain[r] == 0 || c.pools[r].contains(&pool));
        if !everywhere {
            continue;
        }
        for s in 0..c.slots {
            let lits: Vec<Lit> = active
                .iter()
                .map(|&p| busy_of[p][s])
                .filter(|&b| b != e.falsity())
                .collect();
            e.at_most(&lits, 2 * c.capacity[pool] as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force over all assignments of a small encoding's variables is too
    /// much; instead check the counters on every assignment of a few inputs.
    fn satisfiable(e: &Encoding, fixed: &[Lit]) -> bool {
        // Tiny DPLL, enough for the test encodings.
        fn dpll(clauses: &[Vec<Lit>], assign: &mut Vec<i8>) -> bool {
            loop {
                let mut changed = false;
                for c in clauses {
                    let mut unassigned = None;
                    let mut count = 0;
                    let mut sat = false;
                    for &l in c {
                        let v = assign[l.unsigned_abs() as usize];
                        if v == 0 {
                            count += 1;
                            unassigned = Some(l);
                        } else if (v > 0) == (l > 0) {
                            sat = true;
                            break;
                        }
                    }
                    if sat {
                        continue;
                    }
                    match (count, unassigned) {
                        (0, _) => return false,
                        (1, Some(l)) => {
                            assign[l.unsigned_abs() as usize] = if l > 0 { 1 } else { -1 };
                            changed = true;
                        }
                        _ => {}
                    }
                }
                if !changed {
                    break;
                }
            }
            let Some(v) = (1..assign.len()).find(|&v| assign[v] == 0) else {
                return true;
            };
            for value in [1, -1] {
                let mut next = assign.clone();
                next[v] = value;
                if dpll(clauses, &mut next) {
                    *assign = next;
                    return true;
                }
            }
            false
        }
        let mut assign = vec![0i8; e.vars as usize + 1];
        let mut clauses = e.clauses.clone();
        for &l in fixed {
            clauses.push(vec![l]);
        }
        dpll(&clauses, &mut assign)
    }

    fn fresh() -> Encoding {
        let mut e = Encoding {
            vars: 0,
            clauses: Vec::new(),
            x: Vec::new(),
            total: Vec::new(),
            counts: Vec::new(),
            truth: 0,
        };
        e.truth = e.var();
        e.add(&[e.truth]);
        e
    }

    #[test]
    #[allow(clippy::needless_range_loop)]
    fn cardinality_encodings_count_exactly() {
        for n in 1..=6usize {
            for k in 0..=n {
                let mut e = fresh();
                let inputs: Vec<Lit> = (0..n).map(|_| e.var()).collect();
                let mut bounded = fresh();
                bounded.vars = e.vars;
                bounded.at_most(&inputs, k);
                let unary: Vec<Vec<Lit>> = inputs.iter().map(|&l| vec![l]).collect();
                let count = e.totalizer(&unary, n, true);
                for mask in 0..1u32 << n {
                    let fixed: Vec<Lit> = (0..n)
                        .map(|i| {
                            if mask >> i & 1 == 1 {
                                inputs[i]
                            } else {
                                -inputs[i]
                            }
                        })
                        .collect();
                    let ones = mask.count_ones() as usize;
                    assert_eq!(
                        satisfiable(&bounded, &fixed),
                        ones <= k,
                        "n {n} k {k} {mask:b}"
                    );
                    for j in 0..n {
                        let mut with = fixed.clone();
                        with.push(count[j]);
                        assert_eq!(satisfiable(&e, &with), ones > j, "count {j} of {mask:b}");
                        let mut without = fixed.clone();
                        without.push(-count[j]);
                        assert_eq!(satisfiable(&e, &without), ones <= j, "not count {j}");
                    }
                }
            }
        }
    }

    #[test]
    #[allow(clippy::needless_range_loop)]
    fn capped_totalizer_counts_up_to_the_cap() {
        let mut e = fresh();
        let inputs: Vec<Lit> = (0..5).map(|_| e.var()).collect();
        let unary: Vec<Vec<Lit>> = inputs.iter().map(|&l| vec![l]).collect();
        let total = e.totalizer(&unary, 3, false);
        assert_eq!(total.len(), 3);
        for mask in 0..1u32 << 5 {
            let fixed: Vec<Lit> = (0..5)
                .map(|i| {
                    if mask >> i & 1 == 1 {
                        inputs[i]
                    } else {
                        -inputs[i]
                    }
                })
                .collect();
            for j in 0..3 {
                let mut with = fixed.clone();
                with.push(-total[j]);
                // "At most j" is satisfiable exactly when at most j inputs hold.
                assert_eq!(satisfiable(&e, &with), mask.count_ones() as usize <= j);
            }
        }
    }
}
