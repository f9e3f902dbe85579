//! An independent checker of schedules.
//!
//! It shares no code with the solver on purpose (not even the compiled domains):
//! it re-reads the [`Instance`] rule by rule with the most direct data structures
//! it can, so that a bug in the solver's bookkeeping cannot hide itself here.

use std::collections::HashMap;
use std::fmt;

use crate::model::{Instance, Schedule, Slot, Table};

/// One broken rule. Requests and participants are 0-based indices; messages print
/// them counted from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// The schedule does not have exactly one entry per request.
    WrongLength {
        expected: usize,
        found: usize,
    },
    /// The request itself names a missing participant or the same one twice.
    MalformedRequest {
        request: usize,
    },
    OutsideEvent {
        request: usize,
        slot: Slot,
        table: Table,
    },
    WrongSession {
        request: usize,
        slot: Slot,
    },
    Unavailable {
        request: usize,
        participant: usize,
        slot: Slot,
    },
    LockIgnored {
        request: usize,
    },
    DoubleBooked {
        participant: usize,
        slot: Slot,
        requests: (usize, usize),
    },
    TableClash {
        slot: Slot,
        table: Table,
        requests: (usize, usize),
    },
    /// A booth holder meets away from their booth.
    AwayFromBooth {
        request: usize,
        participant: usize,
        booth: Table,
    },
    /// A meeting uses someone else's booth.
    BoothOccupied {
        request: usize,
        table: Table,
        holder: usize,
    },
    Interpreters {
        slot: Slot,
        languages: (String, String),
        needed: u32,
        available: u32,
    },
    OrderBroken {
        before: usize,
        after: usize,
    },
    Unfair {
        spread: u32,
        bound: u32,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Violation::*;
        match self {
            WrongLength { expected, found } => {
                write!(f, "schedule has {found} entries for {expected} requests")
            }
            MalformedRequest { request } => write!(
                f,
                "request {} names a missing participant or the same participant twice",
                request + 1
            ),
            OutsideEvent {
                request,
                slot,
                table,
            } => write!(
                f,
                "request {} is placed at {slot}, {table}, outside the event",
                request + 1
            ),
            WrongSession { request, slot } => {
                write!(
                    f,
                    "request {} is at {slot}, outside its session",
                    request + 1
                )
            }
            Unavailable {
                request,
                participant,
                slot,
            } => write!(
                f,
                "request {} is at {slot}, when participant {} is unavailable",
                request + 1,
                participant + 1
            ),
            LockIgnored { request } => {
                write!(
                    f,
                    "request {} is not at its locked slot and table",
                    request + 1
                )
            }
            DoubleBooked {
                participant,
                slot,
                requests,
            } => write!(
                f,
                "participant {} has requests {} and {} both at {slot}",
                participant + 1,
                requests.0 + 1,
                requests.1 + 1
            ),
            TableClash {
                slot,
                table,
                requests,
            } => write!(
                f,
                "requests {} and {} share {table} at {slot}",
                requests.0 + 1,
                requests.1 + 1
            ),
            AwayFromBooth {
                request,
                participant,
                booth,
            } => write!(
                f,
                "request {} is away from the booth ({booth}) of participant {}",
                request + 1,
                participant + 1
            ),
            BoothOccupied {
                request,
                table,
                holder,
            } => write!(
                f,
                "request {} uses {table}, the booth of participant {}",
                request + 1,
                holder + 1
            ),
            Interpreters {
                slot,
                languages,
                needed,
                available,
            } => write!(
                f,
                "{slot} needs {needed} {}-{} interpreters, {available} available",
                languages.0, languages.1
            ),
            OrderBroken { before, after } => write!(
                f,
                "request {} must come before request {}",
                before + 1,
                after + 1
            ),
            Unfair { spread, bound } => write!(
                f,
                "breaks differ by {spread} between participants, more than the allowed {bound}"
            ),
        }
    }
}

/// Checks every rule of `instance` on `schedule`; all violations are returned.
pub fn validate(instance: &Instance, schedule: &Schedule) -> Result<(), Vec<Violation>> {
    let mut v = Vec::new();
    let n = instance.requests.len();
    if schedule.meetings.len() != n {
        return Err(vec![Violation::WrongLength {
            expected: n,
            found: schedule.meetings.len(),
        }]);
    }
    let np = instance.participants.len();
    let mut seat: HashMap<(usize, u16), usize> = HashMap::new();
    let mut table_at: HashMap<(u16, u16), usize> = HashMap::new();
    let mut interpreters: HashMap<(u16, (&str, &str)), u32> = HashMap::new();
    let booth_holder: HashMap<u16, usize> = instance
        .participants
        .iter()
        .enumerate()
        .filter_map(|(p, part)| part.booth.map(|t| (t.0, p)))
        .collect();

    for (r, placement) in schedule.meetings.iter().enumerate() {
        let Some(place) = placement else { continue };
        let req = &instance.requests[r];
        if req.a >= np || req.b >= np || req.a == req.b {
            v.push(Violation::MalformedRequest { request: r });
            continue;
        }
        let (slot, table) = (place.slot, place.table);
        let Some(&session) = instance.slots.get(slot.0 as usize) else {
            v.push(Violation::OutsideEvent {
                request: r,
                slot,
                table,
            });
            continue;
        };
        if table.0 >= instance.tables {
            v.push(Violation::OutsideEvent {
                request: r,
                slot,
                table,
            });
        }
        if !req.session.admits(session) {
            v.push(Violation::WrongSession { request: r, slot });
        }
        if let Some(lock) = req.lock
            && (lock.slot != slot || lock.table.is_some_and(|t| t != table))
        {
            v.push(Violation::LockIgnored { request: r });
        }
        for p in [req.a, req.b] {
            if instance.participants[p].unavailable.contains(&slot) {
                v.push(Violation::Unavailable {
                    request: r,
                    participant: p,
                    slot,
                });
            }
            if let Some(other) = seat.insert((p, slot.0), r) {
                v.push(Violation::DoubleBooked {
                    participant: p,
                    slot,
                    requests: (other, r),
                });
            }
            if let Some(booth) = instance.participants[p].booth
                && booth != table
            {
                v.push(Violation::AwayFromBooth {
                    request: r,
                    participant: p,
                    booth,
                });
            }
        }
        if let Some(&holder) = booth_holder.get(&table.0)
            && holder != req.a
            && holder != req.b
        {
            v.push(Violation::BoothOccupied {
                request: r,
                table,
                holder,
            });
        }
        if let Some(other) = table_at.insert((slot.0, table.0), r) {
            v.push(Violation::TableClash {
                slot,
                table,
                requests: (other, r),
            });
        }
        if let Some(pair) = instance.interpreter_pair(r) {
            *interpreters.entry((slot.0, pair)).or_default() += 1;
        }
        for &before in &req.after {
            if let Some(Some(earlier)) = schedule.meetings.get(before)
                && earlier.slot >= slot
            {
                v.push(Violation::OrderBroken { before, after: r });
            }
        }
    }

    let mut booked: Vec<_> = interpreters.into_iter().collect();
    booked.sort();
    for ((slot, (x, y)), needed) in booked {
        let available: u32 = instance
            .interpreters
            .iter()
            .filter(|pool| {
                let (a, b) = (pool.languages.0.as_str(), pool.languages.1.as_str());
                (a, b) == (x, y) || (b, a) == (x, y)
            })
            .map(|pool| pool.per_slot)
            .sum();
        if needed > available {
            v.push(Violation::Interpreters {
                slot: Slot(slot),
                languages: (x.to_string(), y.to_string()),
                needed,
                available,
            });
        }
    }

    if v.is_empty()
        && let Some(bound) = instance.fairness
    {
        let (_, spread) = schedule.break_summary(instance);
        if spread > bound {
            v.push(Violation::Unfair { spread, bound });
        }
    }
    if v.is_empty() { Ok(()) } else { Err(v) }
}
