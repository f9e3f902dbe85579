//! Hands out concrete tables once every request has a slot.
//!
//! The search only counted free tables per slot, so this step cannot run out:
//! booth meetings take the booth, locked meetings their locked table, and the rest
//! share the remaining free tables. Requests that keep their previous slot get
//! their previous table back first, so an incremental re-solve does not reshuffle
//! people who were not moved.

use crate::compile::Compiled;
use crate::model::{Instance, Placement, Schedule, Slot, Table};
use crate::search::NONE;

pub(crate) fn assign(
    inst: &Instance,
    c: &Compiled,
    slots: &[u8],
    previous: Option<&Schedule>,
) -> Schedule {
    let tables = inst.tables as usize;
    let mut is_booth = vec![false; tables];
    for p in &inst.participants {
        if let Some(t) = p.booth.filter(|t| (t.0 as usize) < tables) {
            is_booth[t.0 as usize] = true;
        }
    }
    let mut seats = Seats {
        tables,
        slots,
        taken: vec![false; tables * c.slots],
        schedule: Schedule::empty(slots.len()),
    };
    let fixed_table = |r: usize| -> Option<usize> {
        let req = &inst.requests[r];
        let booth = inst.participants[req.a]
            .booth
            .or(inst.participants[req.b].booth);
        req.lock
            .and_then(|l| l.table)
            .or(booth)
            .map(|t| t.0 as usize)
    };
    let previous_table = |r: usize| {
        previous
            .and_then(|p| p.meetings.get(r).copied().flatten())
            .filter(|p| p.slot.0 == slots[r] as u16)
            .map(|p| p.table.0 as usize)
            .filter(|&t| t < tables && !is_booth[t])
    };
    let scheduled: Vec<usize> = (0..slots.len()).filter(|&r| slots[r] != NONE).collect();
    let mut rest = Vec::new();
    for &r in &scheduled {
        match fixed_table(r) {
            Some(t) => seats.seat(r, t),
            None => rest.push(r),
        }
    }
    let mut unplaced = Vec::new();
    for r in rest {
        match previous_table(r) {
            Some(t) if !seats.is_taken(r, t) => seats.seat(r, t),
            _ => unplaced.push(r),
        }
    }
    // Tables are only ever taken, so each slot's search can resume where it stopped.
    let mut cursor = vec![0usize; c.slots];
    for r in unplaced {
        let s = slots[r] as usize;
        while cursor[s] < tables && (is_booth[cursor[s]] || seats.is_taken(r, cursor[s])) {
            cursor[s] += 1;
        }
        // Pool counting in the search guarantees a free table.
        assert!(
            cursor[s] < tables,
            "the search never exceeds the free tables of a slot"
        );
        seats.seat(r, cursor[s]);
    }
    seats.schedule
}

struct Seats<'a> {
    tables: usize,
    slots: &'a [u8],
    taken: Vec<bool>,
    schedule: Schedule,
}

impl Seats<'_> {
    fn is_taken(&self, r: usize, t: usize) -> bool {
        self.taken[self.slots[r] as usize * self.tables + t]
    }

    fn seat(&mut self, r: usize, t: usize) {
        let s = self.slots[r] as usize;
        debug_assert!(
            !self.taken[s * self.tables + t],
            "table {t} given twice in slot {s}"
        );
        self.taken[s * self.tables + t] = true;
        self.schedule.meetings[r] = Some(Placement {
            slot: Slot(s as u16),
            table: Table(t as u16),
        });
    }
}
