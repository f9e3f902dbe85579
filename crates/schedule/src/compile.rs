//! Turns an [`Instance`] into the flat arrays the search works on.
//!
//! Every static rule (sessions, unavailability, locks, booths, interpreter pairs) is
//! folded here into one slot mask per request, so the search only ever checks three
//! dynamic things: a participant is free, a resource pool has room, precedences hold.
//! Rules that make a request impossible on their own are recorded with a
//! human-readable reason instead of failing the whole solve.
//!
//! Tables are not variables of the search. Booth meetings always sit at the booth,
//! whose holder is busy anyway, and every other meeting needs *some* free table, so
//! the only thing that matters per slot is a count: "free tables" is a resource pool
//! like each interpreter language pair. Concrete tables are handed out afterwards
//! (see `tables.rs`); counting guarantees that step never fails.

use std::collections::HashMap;

use crate::model::{Instance, MAX_SLOTS, SessionPreference};

/// Pool 0 is the free tables; pools 1.. are the interpreter pools in instance order.
pub(crate) const FREE_TABLES: usize = 0;

pub(crate) struct Compiled {
    pub slots: usize,
    pub participants: usize,
    pub parties: Vec<[usize; 2]>,
    pub weight: Vec<u64>,
    /// Requests the organiser pinned to a slot: placed first, never displaced.
    pub locked: Vec<bool>,
    /// The party whose booth hosts the request, if any.
    pub host: Vec<Option<usize>>,
    /// Allowed slots of each request; 0 when `impossible` holds a reason.
    pub domain: Vec<u64>,
    pub impossible: Vec<Option<String>>,
    /// Pools each request draws one unit from while scheduled.
    pub pools: Vec<Vec<usize>>,
    /// Units per slot of each pool.
    pub capacity: Vec<u32>,
    pub preds: Vec<Vec<usize>>,
    pub succs: Vec<Vec<usize>>,
    pub fairness: Option<u32>,
}

impl Compiled {
    pub fn new(inst: &Instance) -> Compiled {
        let slots = inst.slots.len().min(MAX_SLOTS);
        let all_slots = if slots == 64 {
            u64::MAX
        } else {
            (1u64 << slots) - 1
        };
        let n = inst.requests.len();
        let np = inst.participants.len();
        let tables = inst.tables as usize;

        let mut booth_holders: HashMap<u16, usize> = HashMap::new();
        for (p, part) in inst.participants.iter().enumerate() {
            if let Some(t) = part.booth {
                booth_holders.entry(t.0).or_insert(p);
            }
        }
        let booth_tables = booth_holders
            .keys()
            .filter(|&&t| (t as usize) < tables)
            .count();
        let mut capacity = vec![(tables - booth_tables) as u32];
        let mut pool_of_pair: HashMap<(&str, &str), usize> = HashMap::new();
        for pool in &inst.interpreters {
            let (x, y) = (pool.languages.0.as_str(), pool.languages.1.as_str());
            let key = if x <= y { (x, y) } else { (y, x) };
            match pool_of_pair.get(&key) {
                Some(&existing) => capacity[existing] += pool.per_slot,
                None => {
                    pool_of_pair.insert(key, capacity.len());
                    capacity.push(pool.per_slot);
                }
            }
        }

        let available: Vec<u64> = inst
            .participants
            .iter()
            .map(|p| {
                p.unavailable
                    .iter()
                    .filter(|s| (s.0 as usize) < slots)
                    .fold(all_slots, |m, s| m & !(1u64 << s.0))
            })
            .collect();

        let mut c = Compiled {
            slots,
            participants: np,
            parties: Vec::with_capacity(n),
            weight: Vec::with_capacity(n),
            locked: inst.requests.iter().map(|r| r.lock.is_some()).collect(),
            host: inst
                .requests
                .iter()
                .map(|r| {
                    [r.a, r.b]
                        .into_iter()
                        .find(|&p| inst.participants.get(p).is_some_and(|p| p.booth.is_some()))
                })
                .collect(),
            domain: Vec::with_capacity(n),
            impossible: Vec::with_capacity(n),
            pools: Vec::with_capacity(n),
            capacity,
            preds: vec![Vec::new(); n],
            succs: vec![Vec::new(); n],
            fairness: inst.fairness,
        };
        let mut locked_tables: HashMap<(u16, u16), usize> = HashMap::new();
        for (r, req) in inst.requests.iter().enumerate() {
            let mut pools = Vec::new();
            let verdict = (|| -> Result<u64, String> {
                let name = |p: usize| &inst.participants[p].name;
                if req.a >= np || req.b >= np {
                    return Err(format!(
                        "refers to participant number {} but the event has {np}",
                        req.a.max(req.b) + 1
                    ));
                }
                if req.a == req.b {
                    return Err(format!(
                        "participant {} cannot meet themselves",
                        name(req.a)
                    ));
                }
                if inst.slots.len() > MAX_SLOTS {
                    return Err(format!(
                        "the event has {} slots, more than the supported {MAX_SLOTS}",
                        inst.slots.len()
                    ));
                }
                let booths = [req.a, req.b].map(|p| inst.participants[p].booth);
                if let [Some(x), Some(y)] = booths {
                    return Err(format!(
                        "participants {} and {} both hold booths ({x} and {y}) and each meets only at their own",
                        name(req.a),
                        name(req.b)
                    ));
                }
                let booth = booths[0].or(booths[1]);
                if let Some(t) = booth {
                    if t.0 as usize >= tables {
                        return Err(format!(
                            "its booth {t} does not exist (the event has {tables} tables)"
                        ));
                    }
                } else {
                    pools.push(FREE_TABLES);
                }
                if let Some(pair) = inst.interpreter_pair(r) {
                    match pool_of_pair.get(&pair) {
                        Some(&pool) if c.capacity[pool] > 0 => pools.push(pool),
                        _ => {
                            return Err(format!(
                                "participants {} and {} share no language and no {}-{} interpreter is available",
                                name(req.a),
                                name(req.b),
                                pair.0,
                                pair.1
                            ));
                        }
                    }
                }
                if pools.contains(&FREE_TABLES) && c.capacity[FREE_TABLES] == 0 {
                    return Err("every table is a booth, none is free for this meeting".to_string());
                }
                let session: u64 = inst
                    .slots
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| req.session.admits(**s))
                    .fold(0, |m, (i, _)| m | 1u64 << i);
                if session == 0 {
                    return Err(format!(
                        "the event has no {} slots",
                        session_word(req.session)
                    ));
                }
                let mut domain = session & available[req.a] & available[req.b];
                if domain == 0 {
                    return Err(format!(
                        "participants {} and {} have no common available slot in the {} session",
                        name(req.a),
                        name(req.b),
                        session_word(req.session)
                    ));
                }
                if let Some(lock) = req.lock {
                    let s = lock.slot.0 as usize;
                    if s >= slots || domain & (1u64 << s) == 0 {
                        return Err(format!(
                            "it is locked to {} which is outside the event, its session, or a participant's availability",
                            lock.slot
                        ));
                    }
                    domain = 1u64 << s;
                    if let Some(t) = lock.table {
                        if t.0 as usize >= tables {
                            return Err(format!("it is locked to {t} which does not exist"));
                        }
                        if booth.is_some_and(|b| b != t) {
                            return Err(format!(
                                "it is locked to {t} but one participant meets only at their booth"
                            ));
                        }
                        if let Some(&holder) = booth_holders.get(&t.0)
                            && holder != req.a
                            && holder != req.b
                        {
                            return Err(format!(
                                "it is locked to {t}, the booth of participant {}",
                                name(holder)
                            ));
                        }
                        if let Some(&other) = locked_tables.get(&(lock.slot.0, t.0)) {
                            return Err(format!(
                                "it is locked to {t} in {}, already locked for request {}",
                                lock.slot,
                                other + 1
                            ));
                        }
                        locked_tables.insert((lock.slot.0, t.0), r);
                    }
                }
                Ok(domain)
            })();
            c.parties.push([
                req.a.min(np.saturating_sub(1)),
                req.b.min(np.saturating_sub(1)),
            ]);
            c.weight.push(req.priority as u64);
            match verdict {
                Ok(domain) => {
                    c.domain.push(domain);
                    c.impossible.push(None);
                    c.pools.push(pools);
                }
                Err(reason) => {
                    c.domain.push(0);
                    c.impossible.push(Some(reason));
                    c.pools.push(Vec::new());
                }
            }
        }
        for (r, req) in inst.requests.iter().enumerate() {
            for &p in &req.after {
                // A dangling or self reference cannot be honoured by any slot; ignoring
                // it is the only reading under which the request still makes sense.
                if p < n && p != r {
                    c.preds[r].push(p);
                    c.succs[p].push(r);
                }
            }
        }
        c
    }

    /// Sum of the weights of requests that are not statically impossible.
    pub fn possible_weight(&self) -> u64 {
        (0..self.domain.len())
            .filter(|&r| self.domain[r] != 0)
            .map(|r| self.weight[r])
            .sum()
    }
}

fn session_word(s: SessionPreference) -> &'static str {
    match s {
        SessionPreference::Morning => "morning",
        SessionPreference::Afternoon => "afternoon",
        SessionPreference::Any => "whole",
    }
}
