//! Bounds that let the solver stop early and tell the user how far from optimal a
//! schedule can be.
//!
//! * Scheduled weight: the smaller of two relaxations. Resources: a booth holder
//!   hosts at most one meeting per usable slot, and the other meetings share, in
//!   each slot, the free tables and at most half of the participants able to meet
//!   then (keeping the heaviest requests in both cases). Participants: someone with
//!   more requests than usable slots must lose the excess, and one dropped meeting
//!   relieves at most two people.
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
    let mut at_booth: Vec<Vec<u64>> = vec![Vec::new(); c.participants];
    let mut at_free_tables: Vec<u64> = Vec::new();
    for &r in &possible {
        match c.host[r] {
            Some(holder) => at_booth[holder].push(c.weight[r]),
            None => at_free_tables.push(c.weight[r]),
        }
    }
    let mut by_resources = 0;
    for (p, weights) in at_booth.iter_mut().enumerate() {
        by_resources += heaviest(weights, usable[p].count_ones() as usize);
    }
    let seats: usize = (0..c.slots)
        .map(|s| {
            let present = usable.iter().filter(|&&u| u >> s & 1 == 1).count();
            (c.capacity[FREE_TABLES] as usize).min(present / 2)
        })
        .sum();
    by_resources += heaviest(&mut at_free_tables, seats);

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
    by_resources.min(by_participants)
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
