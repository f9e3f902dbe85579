//! Why a request was left out, in words an event organiser can act on.
//!
//! Reasons are tried from the most to the least conclusive: a static impossibility
//! (recorded while compiling the instance), then a participant who simply has more
//! requests than usable slots, then, slot by slot, what blocked it in the final
//! schedule (a busy participant, full tables, booked interpreters, precedences).

use crate::compile::{Compiled, FREE_TABLES};
use crate::model::{Instance, Schedule};

/// One reason per unscheduled request, as `(request, reason)`.
pub(crate) fn reasons(inst: &Instance, c: &Compiled, schedule: &Schedule) -> Vec<(usize, String)> {
    let mut requests = vec![0usize; c.participants];
    let mut usable = vec![0u64; c.participants];
    let mut day = vec![0u64; c.participants];
    let mut usage = vec![vec![0u32; c.slots]; c.capacity.len()];
    for r in 0..c.domain.len() {
        if c.domain[r] == 0 {
            continue;
        }
        for p in c.parties[r] {
            requests[p] += 1;
            usable[p] |= c.domain[r];
        }
        if let Some(placement) = schedule.meetings[r] {
            let s = placement.slot.0 as usize;
            for p in c.parties[r] {
                day[p] |= 1u64 << s;
            }
            for &pool in &c.pools[r] {
                usage[pool][s] += 1;
            }
        }
    }
    let ctx = Context {
        inst,
        c,
        requests,
        usable,
        day,
        usage,
    };
    (0..c.domain.len())
        .filter(|&r| schedule.meetings[r].is_none())
        .map(|r| (r, ctx.reason(r)))
        .collect()
}

struct Context<'a> {
    inst: &'a Instance,
    c: &'a Compiled,
    requests: Vec<usize>,
    usable: Vec<u64>,
    day: Vec<u64>,
    usage: Vec<Vec<u32>>,
}

impl Context<'_> {
    fn reason(&self, r: usize) -> String {
        let (inst, c) = (self.inst, self.c);
        if let Some(why) = &c.impossible[r] {
            return why.clone();
        }
        let name = |p: usize| &inst.participants[p].name;
        let [a, b] = c.parties[r];
        for p in [a, b] {
            let slots = self.usable[p].count_ones() as usize;
            if self.requests[p] > slots {
                return format!(
                    "participant {} has {} requests but {}",
                    name(p),
                    self.requests[p],
                    match slots {
                        0 => "no available slot".to_string(),
                        1 => "only 1 available slot".to_string(),
                        n => format!("only {n} available slots"),
                    }
                );
            }
        }
        let (mut a_busy, mut b_busy, mut tables_full, mut interpreters_full, mut order) =
            (0, 0, 0, 0, 0);
        let candidates = c.domain[r].count_ones();
        for s in (0..c.slots).filter(|&s| c.domain[r] >> s & 1 == 1) {
            if self.day[a] >> s & 1 == 1 {
                a_busy += 1;
            } else if self.day[b] >> s & 1 == 1 {
                b_busy += 1;
            } else if let Some(&pool) = c.pools[r]
                .iter()
                .find(|&&pool| self.usage[pool][s] >= c.capacity[pool])
            {
                if pool == FREE_TABLES {
                    tables_full += 1;
                } else {
                    interpreters_full += 1;
                }
            } else {
                order += 1;
            }
        }
        // "in 2 of them", or "then" when there is one slot.
        let of_them = |n: u32| {
            if candidates == 1 {
                "then".to_string()
            } else {
                format!("in {n} of them")
            }
        };
        let mut parts = Vec::new();
        for (p, busy) in [(a, a_busy), (b, b_busy)] {
            if busy > 0 {
                parts.push(format!("participant {} is busy {}", name(p), of_them(busy)));
            }
        }
        if tables_full > 0 {
            let tables = match c.capacity[FREE_TABLES] {
                1 => "the one free table is taken".to_string(),
                n => format!("all {n} free tables are taken"),
            };
            parts.push(format!("{tables} {}", of_them(tables_full)));
        }
        if interpreters_full > 0 {
            let (x, y) = inst.interpreter_pair(r).unwrap_or(("?", "?"));
            parts.push(format!(
                "the {x}-{y} interpreters are booked {}",
                of_them(interpreters_full)
            ));
        }
        if order > 0 {
            parts.push(if candidates == 1 {
                "the required meeting order rules it out".to_string()
            } else {
                format!("the required meeting order rules out {order} of them")
            });
        }
        let slots = if candidates == 1 {
            "in its only possible slot".to_string()
        } else {
            format!("in any of its {candidates} possible slots")
        };
        format!("no room {slots}: {}", parts.join(", "))
    }
}
