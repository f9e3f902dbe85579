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
    let at_booths = per_holder
        .min(heaviest(&mut booth_weights, booth_count))
        .min(weighted_b_matching(c, &booth, &limit));
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
    let served: Vec<usize> = (0..c.capacity.len())
        .map(|k| c.capacity[k] as usize * pool_slots[k].count_ones() as usize)
        .collect();
    let by_kind = heaviest(&mut plain_weights, plain_count)
        .min(weighted_b_matching(c, &plain, &limit))
        + by_pool
            .iter_mut()
            .enumerate()
            .map(|(k, weights)| heaviest(weights, served[k]))
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
    // Weighing: every schedule is a b-matching (nobody in more meetings than
    // usable slots) with at most `serve_all` interpreted meetings. Its weight is at
    // most the heaviest fractional b-matching with that limit priced in
    // (Lagrangian relaxation): for any price, an interpreted meeting weighs that
    // much less and every interpretation the pools can serve adds it back. Unlike
    // the counts above, this sees that a popular exhibitor's heavy requests, the
    // booth meetings and the interpreted ones compete for the same people's slots.
    // Prices tried: 0 and the interpreted requests' distinct weights, at most four
    // (each costs a flow); prices between two weights were measured to add
    // nothing on the scale event.
    let interpreted = possible.iter().filter(|&&r| interpreter(r).is_some());
    let mut prices: Vec<u64> = interpreted.map(|&r| c.weight[r]).collect();
    prices.push(0);
    prices.sort_unstable();
    prices.dedup();
    prices.truncate(4);
    let serve_all: u64 = served.iter().map(|&k| k as u64).sum();
    let by_weighing = prices
        .into_iter()
        .map(|price| {
            weighted_b_matching_by(c, &possible, &limit, |r| {
                if interpreter(r).is_some() {
                    c.weight[r].saturating_sub(price)
                } else {
                    c.weight[r]
                }
            }) + price * serve_all
        })
        .min()
        .unwrap_or(u64::MAX);
    by_resources
        .min(by_participants)
        .min(by_matching)
        .min(by_weighing)
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
    let edges = possible.iter().map(|&r| (c.parties[r], 0));
    let (mut flow, source, sink) = double_cover(limit, edges);
    flow.max_flow(source, sink) as usize / 2
}

/// An upper bound on the weight of requests that can be scheduled when each
/// participant `p` takes part in at most `limit[p]` of them: the heaviest
/// fractional b-matching, half the most weight a flow carries through the double
/// cover of [`degree_bounded_subgraph`] with each request's weight on its arcs.
/// Unlike the heaviest requests up to the counting bound, it knows that a popular
/// exhibitor's heavy requests compete for the same few slots.
fn weighted_b_matching(c: &Compiled, possible: &[usize], limit: &[u32]) -> u64 {
    weighted_b_matching_by(c, possible, limit, |r| c.weight[r])
}

/// [`weighted_b_matching`] with `weight(r)` in place of the requests' weights.
fn weighted_b_matching_by(
    c: &Compiled,
    possible: &[usize],
    limit: &[u32],
    weight: impl Fn(usize) -> u64,
) -> u64 {
    let edges = possible
        .iter()
        .map(|&r| (c.parties[r], weight(r) as i64))
        .filter(|&(_, w)| w > 0);
    let (mut flow, source, sink) = double_cover(limit, edges);
    flow.max_weight(source, sink) as u64 / 2
}

/// The bipartite double cover of a request graph as a flow network: every
/// participant `p` on both sides with capacity `limit[p]`, each request `[a, b]`
/// of weight `w` as two unit arcs `a -> b'` and `b -> a'` costing `-w`. Returns the
/// network, its source and its sink.
fn double_cover(
    limit: &[u32],
    edges: impl IntoIterator<Item = ([usize; 2], i64)>,
) -> (Flow, usize, usize) {
    let np = limit.len();
    let (source, sink) = (2 * np, 2 * np + 1);
    let mut flow = Flow::new(2 * np + 2);
    for (p, &k) in limit.iter().enumerate().filter(|(_, k)| **k > 0) {
        flow.arc(source, p, k);
        flow.arc(np + p, sink, k);
    }
    for ([a, b], w) in edges {
        flow.costed_arc(a, np + b, 1, -w);
        flow.costed_arc(b, np + a, 1, -w);
    }
    (flow, source, sink)
}

/// Dinic's maximum flow, enough for a few thousand nodes and some 10^5 arcs.
struct Flow {
    head: Vec<usize>,
    next: Vec<usize>,
    to: Vec<usize>,
    cap: Vec<u32>,
    /// Cost per unit (0 unless given with [`Flow::costed_arc`]); a twin costs the negation.
    cost: Vec<i64>,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            head: vec![usize::MAX; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    /// An arc and its residual twin (at index `e ^ 1`).
    fn arc(&mut self, from: usize, to: usize, cap: u32) {
        self.costed_arc(from, to, cap, 0);
    }

    fn costed_arc(&mut self, from: usize, to: usize, cap: u32, cost: i64) {
        for (x, y, k, c) in [(from, to, cap, cost), (to, from, 0, -cost)] {
            self.next.push(self.head[x]);
            self.head[x] = self.to.len();
            self.to.push(y);
            self.cap.push(k);
            self.cost.push(c);
        }
    }

    /// Whether arc `e` from `x` may carry flow: residual capacity and, when
    /// potentials are given, zero reduced cost (a shortest-path arc).
    fn usable(&self, x: usize, e: usize, potential: Option<&[i64]>) -> bool {
        self.cap[e] > 0 && potential.is_none_or(|pi| self.cost[e] + pi[x] - pi[self.to[e]] == 0)
    }

    fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        self.max_flow_on(source, sink, None)
    }

    /// The most negative total cost of a flow from `source` to `sink`, negated: with
    /// request weights as negative costs, the heaviest fractional b-matching (twice
    /// over, in the double cover). Primal-dual: shortest paths by Dijkstra on reduced
    /// costs, then a maximum flow over the arcs on shortest paths, until no path of
    /// negative cost is left. Costs are small integers, so the path cost rises by at
    /// least one per round and there are few rounds.
    fn max_weight(&mut self, source: usize, sink: usize) -> i64 {
        let n = self.head.len();
        // Potentials valid for the arcs with capacity (no negative cycle exists
        // yet): shortest distances from a virtual node joined to every node.
        let mut pi = vec![0i64; n];
        loop {
            let mut changed = false;
            for x in 0..n {
                let mut e = self.head[x];
                while e != usize::MAX {
                    let y = self.to[e];
                    if self.cap[e] > 0 && pi[x] + self.cost[e] < pi[y] {
                        pi[y] = pi[x] + self.cost[e];
                        changed = true;
                    }
                    e = self.next[e];
                }
            }
            if !changed {
                break;
            }
        }
        let mut total = 0i64;
        loop {
            let mut dist = vec![i64::MAX; n];
            dist[source] = 0;
            let mut heap = std::collections::BinaryHeap::from([std::cmp::Reverse((0i64, source))]);
            while let Some(std::cmp::Reverse((d, x))) = heap.pop() {
                if d > dist[x] {
                    continue;
                }
                let mut e = self.head[x];
                while e != usize::MAX {
                    let y = self.to[e];
                    if self.cap[e] > 0 {
                        let nd = d + self.cost[e] + pi[x] - pi[y];
                        if nd < dist[y] {
                            dist[y] = nd;
                            heap.push(std::cmp::Reverse((nd, y)));
                        }
                    }
                    e = self.next[e];
                }
            }
            if dist[sink] == i64::MAX {
                return -total;
            }
            let far = dist
                .iter()
                .copied()
                .filter(|&d| d != i64::MAX)
                .max()
                .unwrap_or(0);
            for (p, d) in pi.iter_mut().zip(&dist) {
                *p += (*d).min(far);
            }
            let path_cost = pi[sink] - pi[source];
            if path_cost >= 0 {
                return -total;
            }
            let pushed = self.max_flow_on(source, sink, Some(&pi));
            if pushed == 0 {
                return -total;
            }
            total += pushed as i64 * path_cost;
        }
    }

    fn max_flow_on(&mut self, source: usize, sink: usize, potential: Option<&[i64]>) -> u64 {
        let n = self.head.len();
        let mut total = 0u64;
        loop {
            let mut level = vec![u32::MAX; n];
            level[source] = 0;
            let mut queue = std::collections::VecDeque::from([source]);
            while let Some(x) = queue.pop_front() {
                let mut e = self.head[x];
                while e != usize::MAX {
                    if self.usable(x, e, potential) && level[self.to[e]] == u32::MAX {
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
                let pushed = self.push(source, sink, u32::MAX, &level, &mut current, potential);
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
        potential: Option<&[i64]>,
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
                if self.usable(x, e, potential) && level[y] == level[x] + 1 {
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

    /// Heaviest set of `edges` (a, b, weight) in which nobody has more than
    /// `limit` edges, by trying every subset.
    fn brute_force_b_matching(edges: &[(usize, usize, i64)], limit: &[u32]) -> i64 {
        let mut best = 0;
        for set in 0u32..1 << edges.len() {
            let mut degree = vec![0u32; limit.len()];
            let mut weight = 0;
            for (i, &(a, b, w)) in edges.iter().enumerate() {
                if set >> i & 1 == 1 {
                    degree[a] += 1;
                    degree[b] += 1;
                    weight += w;
                }
            }
            if degree.iter().zip(limit).all(|(d, l)| d <= l) {
                best = best.max(weight);
            }
        }
        best
    }

    #[test]
    fn weighted_flow_bounds_the_heaviest_b_matching_from_above() {
        // Two exhibitors with one slot each: P is asked by a and b (weight 3 each),
        // Q by c (weight 1). The heaviest two requests weigh 6; only 3 + 1 fit.
        let edges = [(0, 2, 3), (0, 3, 3), (1, 4, 1)];
        let limit = [1, 1, 4, 4, 4];
        let flow_bound = |edges: &[(usize, usize, i64)], limit: &[u32]| {
            let (mut flow, source, sink) =
                double_cover(limit, edges.iter().map(|&(a, b, w)| ([a, b], w)));
            flow.max_weight(source, sink) / 2
        };
        assert_eq!(flow_bound(&edges, &limit), 4);
        // Random small graphs: never below the true optimum (it is a bound), and
        // equal to it on bipartite ones, where the relaxation is exact.
        let mut rng = crate::rng::Rng::new(11);
        for case in 0..300 {
            let np = 3 + rng.below(5);
            let bipartite = case % 2 == 0;
            let limit: Vec<u32> = (0..np).map(|_| 1 + rng.below(3) as u32).collect();
            let mut edges = Vec::new();
            for _ in 0..2 + rng.below(10) {
                let a = rng.below(np);
                let b = rng.below(np);
                if a == b || (bipartite && a % 2 == b % 2) {
                    continue;
                }
                edges.push((a, b, 1 + rng.below(3) as i64));
            }
            let exact = brute_force_b_matching(&edges, &limit);
            let bound = flow_bound(&edges, &limit);
            assert!(
                bound >= exact,
                "case {case}: bound {bound} < optimum {exact}"
            );
            if bipartite {
                assert_eq!(bound, exact, "case {case}: {edges:?} {limit:?}");
            }
        }
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
