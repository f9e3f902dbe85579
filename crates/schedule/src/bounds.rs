//! Bounds that let the solver stop early and tell the user how far from optimal a
//! schedule can be.
//!
//! * Scheduled weight: the smaller of two relaxations. Resources: a booth holder
//!   hosts at most one meeting per usable slot, and the other meetings share, in
//!   each slot, the free tables and at most half of the participants able to meet
//!   then (keeping the heaviest requests in both cases). Participants: someone with
//!   more requests than usable slots must lose the excess, and one dropped meeting
//!   relieves at most two people. Counting: the scheduled requests form a
//!   subgraph in which nobody has more meetings than usable slots; a maximum flow
//!   bounds its size, and so the weight by that many of the heaviest requests.
//! * Breaks, for schedules that place every request: a participant, on their own
//!   and ignoring everybody else, can go without a break only if their meetings can
//!   be matched into some window of consecutive slots as wide as their number of
//!   meetings (bipartite matching, so forbidden slots and session preferences are
//!   respected); otherwise they have at least one. Summed over participants this is
//!   weak when the optimum comes from interactions, but it proves optimality at
//!   once when it is tight, which covers most of the real events (where forbidden
//!   slots force the breaks).

use crate::compile::{Compiled, FREE_TABLES};

pub(crate) fn weight_upper_bound(c: &Compiled) -> u64 {
    let possible: Vec<usize> = (0..c.domain.len()).filter(|&r| c.domain[r] != 0).collect();
    let total: u64 = possible.iter().map(|&r| c.weight[r]).sum();

    // Resources: meetings at a booth are limited by the booth holder's slots;
    // the others by free tables, and in each slot by half the participants who
    // could meet then.
    let mut usable = vec![0u64; c.participants];
    for &r in &possible {
        for p in c.parties[r] {
            usable[p] |= c.domain[r];
        }
    }
    let limit: Vec<u32> = usable.iter().map(|u| u.count_ones()).collect();
    // Requests needing an interpreter, by pool; the others at a booth or at a
    // free table.
    let interpreter = |r: usize| c.pools[r].iter().copied().find(|&k| k != FREE_TABLES);
    let mut at_booth: Vec<Vec<u64>> = vec![Vec::new(); c.participants];
    let (mut booth, mut plain) = (Vec::new(), Vec::new());
    let mut by_pool: Vec<Vec<u64>> = vec![Vec::new(); c.capacity.len()];
    let mut pool_slots = vec![0u64; c.capacity.len()];
    let mut at_free_tables: Vec<u64> = Vec::new();
    let mut interpreted_at_booths = 0;
    for &r in &possible {
        if let Some(k) = interpreter(r) {
            by_pool[k].push(c.weight[r]);
            pool_slots[k] |= c.domain[r];
        } else if let Some(holder) = c.host[r] {
            booth.push(r);
            at_booth[holder].push(c.weight[r]);
        } else {
            plain.push(r);
        }
        match c.host[r] {
            Some(_) if interpreter(r).is_some() => interpreted_at_booths += c.weight[r],
            Some(_) => {}
            None => at_free_tables.push(c.weight[r]),
        }
    }
    // At booths: each holder hosts one meeting per usable slot, and the booth
    // requests together form a degree-bounded subgraph.
    let per_holder: u64 = at_booth
        .iter_mut()
        .enumerate()
        .map(|(p, weights)| heaviest(weights, limit[p] as usize))
        .sum();
    let mut booth_weights: Vec<u64> = booth.iter().map(|&r| c.weight[r]).collect();
    let booth_count = degree_bounded_subgraph(c, &booth, &limit);
    let at_booths = per_holder.min(heaviest(&mut booth_weights, booth_count));
    // Elsewhere: the free tables of each slot, at most half the participants
    // able to meet then; or, counted by kind, a degree-bounded subgraph of the
    // plain requests plus what each interpreter pool can serve.
    let seats: usize = (0..c.slots)
        .map(|s| {
            let present = usable.iter().filter(|&&u| u >> s & 1 == 1).count();
            (c.capacity[FREE_TABLES] as usize).min(present / 2)
        })
        .sum();
    let by_seats = heaviest(&mut at_free_tables, seats) + interpreted_at_booths;
    let mut plain_weights: Vec<u64> = plain.iter().map(|&r| c.weight[r]).collect();
    let plain_count = degree_bounded_subgraph(c, &plain, &limit);
    let by_kind = heaviest(&mut plain_weights, plain_count)
        + by_pool
            .iter_mut()
            .enumerate()
            .map(|(k, weights)| {
                let served = c.capacity[k] as usize * pool_slots[k].count_ones() as usize;
                heaviest(weights, served)
            })
            .sum::<u64>();
    let by_resources = at_booths + by_seats.min(by_kind);

    let mut of: Vec<Vec<u64>> = vec![Vec::new(); c.participants];
    for &r in &possible {
        for p in c.parties[r] {
            of[p].push(c.weight[r]);
        }
    }
    let mut forced_loss = 0u64;
    for (p, weights) in of.iter_mut().enumerate() {
        let all: u64 = weights.iter().sum();
        forced_loss += all - heaviest(weights, usable[p].count_ones() as usize);
    }
    let by_participants = total - forced_loss.div_ceil(2);
    // Counting: no more meetings than a degree-bounded subgraph can hold, so no
    // more weight than that many of the heaviest requests.
    let mut all: Vec<u64> = possible.iter().map(|&r| c.weight[r]).collect();
    let by_matching = heaviest(&mut all, degree_bounded_subgraph(c, &possible, &limit));
    by_resources.min(by_participants).min(by_matching)
}

/// An upper bound on the number of requests that can be scheduled when each
/// participant `p` takes part in at most `limit[p]` of them (one per usable slot).
///
/// The largest such subgraph (a b-matching) is bounded by its fractional
/// relaxation, which is half the maximum flow through the bipartite double cover:
/// every participant on both sides, each request as an arc both ways. This sees
/// what per-participant counting cannot: an exhibitor with 200 requests and 16
/// slots caps the requests of all 200 partners at 16, not at 200 halves.
fn degree_bounded_subgraph(c: &Compiled, possible: &[usize], limit: &[u32]) -> usize {
    let np = c.participants;
    let (source, sink) = (2 * np, 2 * np + 1);
    let mut flow = Flow::new(2 * np + 2);
    for (p, &k) in limit.iter().enumerate().filter(|(_, k)| **k > 0) {
        flow.arc(source, p, k);
        flow.arc(np + p, sink, k);
    }
    for &r in possible {
        let [a, b] = c.parties[r];
        flow.arc(a, np + b, 1);
        flow.arc(b, np + a, 1);
    }
    flow.max_flow(source, sink) as usize / 2
}

/// Dinic's maximum flow, enough for a few thousand nodes and some 10^5 arcs.
struct Flow {
    head: Vec<usize>,
    next: Vec<usize>,
    to: Vec<usize>,
    cap: Vec<u32>,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            head: vec![usize::MAX; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
        }
    }

    /// An arc and its residual twin (at index `e ^ 1`).
    fn arc(&mut self, from: usize, to: usize, cap: u32) {
        for (x, y, k) in [(from, to, cap), (to, from, 0)] {
            self.next.push(self.head[x]);
            self.head[x] = self.to.len();
            self.to.push(y);
            self.cap.push(k);
        }
    }

    fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        let n = self.head.len();
        let mut total = 0u64;
        loop {
            let mut level = vec![u32::MAX; n];
            level[source] = 0;
            let mut queue = std::collections::VecDeque::from([source]);
            while let Some(x) = queue.pop_front() {
                let mut e = self.head[x];
                while e != usize::MAX {
                    if self.cap[e] > 0 && level[self.to[e]] == u32::MAX {
                        level[self.to[e]] = level[x] + 1;
                        queue.push_back(self.to[e]);
                    }
                    e = self.next[e];
                }
            }
            if level[sink] == u32::MAX {
                return total;
            }
            let mut current = self.head.clone();
            loop {
                let pushed = self.push(source, sink, u32::MAX, &level, &mut current);
                if pushed == 0 {
                    break;
                }
                total += pushed as u64;
            }
        }
    }

    /// One augmenting path in the level graph, iteratively (paths are short but
    /// recursion depth is not worth trusting).
    fn push(
        &mut self,
        source: usize,
        sink: usize,
        limit: u32,
        level: &[u32],
        current: &mut [usize],
    ) -> u32 {
        let mut path: Vec<usize> = Vec::new();
        let mut x = source;
        loop {
            if x == sink {
                let pushed = path.iter().map(|&e| self.cap[e]).min().unwrap_or(limit);
                for &e in &path {
                    self.cap[e] -= pushed;
                    self.cap[e ^ 1] += pushed;
                }
                return pushed;
            }
            let mut advanced = false;
            while current[x] != usize::MAX {
                let e = current[x];
                let y = self.to[e];
                if self.cap[e] > 0 && level[y] == level[x] + 1 {
                    path.push(e);
                    x = y;
                    advanced = true;
                    break;
                }
                current[x] = self.next[e];
            }
            if !advanced {
                // Dead end: retreat and never try this node's arc again.
                let Some(e) = path.pop() else { return 0 };
                x = self.to[e ^ 1];
                current[x] = self.next[current[x]];
            }
        }
    }
}

/// Sum of the `k` largest weights.
fn heaviest(weights: &mut [u64], k: usize) -> u64 {
    weights.sort_unstable_by(|a, b| b.cmp(a));
    weights.iter().take(k).sum()
}

/// Lower bound on total breaks over schedules that place every possible request.
pub(crate) fn breaks_lower_bound(c: &Compiled) -> u64 {
    let mut of: Vec<Vec<u64>> = vec![Vec::new(); c.participants];
    for r in 0..c.domain.len() {
        if c.domain[r] != 0 {
            for p in c.parties[r] {
                of[p].push(c.domain[r]);
            }
        }
    }
    of.iter()
        .map(|domains| participant_bound(domains, c.slots))
        .sum()
}

/// Each participant's lower bound on breaks (0 or 1) over complete schedules.
#[cfg(feature = "sat")]
pub(crate) fn participant_lower_bounds(c: &Compiled) -> Vec<u32> {
    let mut of: Vec<Vec<u64>> = vec![Vec::new(); c.participants];
    for r in 0..c.domain.len() {
        if c.domain[r] != 0 {
            for p in c.parties[r] {
                of[p].push(c.domain[r]);
            }
        }
    }
    of.iter()
        .map(|domains| participant_bound(domains, c.slots) as u32)
        .collect()
}

fn participant_bound(domains: &[u64], slots: usize) -> u64 {
    let k = domains.len();
    if k <= 1 || k > slots {
        // Too many meetings means no complete schedule exists: any bound holds.
        return 0;
    }
    // Without a break the meetings fill k consecutive slots; if no such window
    // admits them all, every complete schedule gives this participant a break.
    let fits_without_break = (0..=slots - k).any(|lo| {
        let window = (((1u128 << k) - 1) as u64) << lo;
        perfect_matching(domains, window)
    });
    u64::from(!fits_without_break)
}

/// Whether every domain can get its own slot inside `window` (Kuhn's algorithm).
fn perfect_matching(domains: &[u64], window: u64) -> bool {
    let mut owner = [usize::MAX; 64];
    for i in 0..domains.len() {
        let mut seen = 0u64;
        if !augment(i, domains, window, &mut owner, &mut seen) {
            return false;
        }
    }
    true
}

fn augment(
    i: usize,
    domains: &[u64],
    window: u64,
    owner: &mut [usize; 64],
    seen: &mut u64,
) -> bool {
    let mut options = domains[i] & window & !*seen;
    while options != 0 {
        let s = options.trailing_zeros() as usize;
        options &= options - 1;
        *seen |= 1u64 << s;
        if owner[s] == usize::MAX || augment(owner[s], domains, window, owner, seen) {
            owner[s] = i;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_caps_a_popular_participant_at_their_slots() {
        // A star: one exhibitor with six requests but two slots. Counting per
        // participant allows (2 + 6) / 2 = 4 meetings; the flow sees only 2.
        let mut flow = Flow::new(2 * 7 + 2);
        let (source, sink) = (14, 15);
        for p in 0..7 {
            flow.arc(source, p, 2);
            flow.arc(7 + p, sink, 2);
        }
        for leaf in 1..7 {
            flow.arc(0, 7 + leaf, 1);
            flow.arc(leaf, 7, 1);
        }
        assert_eq!(flow.max_flow(source, sink) / 2, 2);
    }

    #[test]
    fn participant_bound_accounts_for_holes_in_availability() {
        // Three meetings over slots 0..5 with slot 2 unavailable: a break is forced.
        let d = 0b11011u64;
        assert_eq!(participant_bound(&[d, d, d], 5), 1);
        // Two meetings fit in 0..2 without a break.
        assert_eq!(participant_bound(&[d, d], 5), 0);
        // Four meetings over 4 contiguous free slots: no break needed.
        assert_eq!(participant_bound(&[0b1111; 4], 6), 0);
        // One morning-only and one afternoon-only meeting: the gap is forced.
        assert_eq!(participant_bound(&[0b0001, 0b1000], 4), 1);
    }
}
