//! The problem and its answer, as plain data.
//!
//! Everything is indexed by position: participant `i` is `Instance::participants[i]`,
//! request `r` is `Instance::requests[r]`, and a [`Schedule`] holds one optional
//! [`Placement`] per request in the same order. Plain indices keep the engine free of
//! maps and hashing on the hot path; the caller keeps its own ids alongside.
//!
//! Slots and tables are small newtypes so that the two can never be swapped silently.
//! They are numbered from 0 here; the `.dzn` reader and [`Schedule::to_dzn_json`]
//! translate to the 1-based numbering used by the JAIR files.

use std::fmt;

/// Hard limit on slots per event: a participant's day is kept as a 64-bit mask so
/// that breaks are computed with three bit operations.
pub const MAX_SLOTS: usize = 64;

/// A time slot of the event, numbered from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot(pub u16);

/// A meeting table, numbered from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Table(pub u16);

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Humans read slots from 1, as in the event programme and the .dzn files.
        write!(f, "slot {}", self.0 + 1)
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table {}", self.0 + 1)
    }
}

/// Half-day a slot belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Session {
    Morning,
    Afternoon,
}

/// When a meeting may take place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPreference {
    Morning,
    Afternoon,
    Any,
}

impl SessionPreference {
    pub fn admits(self, session: Session) -> bool {
        match self {
            SessionPreference::Any => true,
            SessionPreference::Morning => session == Session::Morning,
            SessionPreference::Afternoon => session == Session::Afternoon,
        }
    }
}

/// A delegate of the event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Participant {
    /// Shown in reasons and violations; the `.dzn` reader uses the 1-based number.
    pub name: String,
    /// Languages spoken, most fluent first. Empty means "no language constraint".
    pub languages: Vec<String>,
    /// Slots the participant cannot attend.
    pub unavailable: Vec<Slot>,
    /// An exhibitor's booth: every meeting of this participant happens at this table,
    /// and nobody else meets there.
    pub booth: Option<Table>,
}

/// A meeting forced to a slot, and optionally to a table. A locked request is a
/// commitment: it is placed before anything else and never moved or dropped
/// (unless it clashes with another lock, when one of them cannot be honoured).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lock {
    pub slot: Slot,
    pub table: Option<Table>,
}

/// An accepted request for a meeting between two participants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingRequest {
    pub a: usize,
    pub b: usize,
    /// Weight of the meeting when not everything fits; at least 1 is sensible.
    pub priority: u32,
    pub session: SessionPreference,
    pub lock: Option<Lock>,
    /// Requests that must take place in an earlier slot than this one (when both are
    /// scheduled).
    pub after: Vec<usize>,
}

impl MeetingRequest {
    /// An unlocked request of priority 1 with no session preference.
    pub fn new(a: usize, b: usize) -> Self {
        MeetingRequest {
            a,
            b,
            priority: 1,
            session: SessionPreference::Any,
            lock: None,
            after: Vec::new(),
        }
    }
}

/// Interpreters available in every slot for one language pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterpreterPool {
    pub languages: (String, String),
    pub per_slot: u32,
}

/// One event session to schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// Session of each slot, in time order.
    pub slots: Vec<Session>,
    /// Number of tables; booths are among them.
    pub tables: u16,
    pub participants: Vec<Participant>,
    pub requests: Vec<MeetingRequest>,
    pub interpreters: Vec<InterpreterPool>,
    /// Fairness bound d: most breaks minus fewest breaks, over participants with at
    /// least one meeting, must not exceed d. `None` disables the bound.
    pub fairness: Option<u32>,
}

impl Instance {
    /// The language pair a meeting needs an interpreter for, if its parties share no
    /// language. The pair is each party's first language, in sorted order, so that
    /// ("en", "zh") and ("zh", "en") are the same pool.
    pub fn interpreter_pair(&self, request: usize) -> Option<(&str, &str)> {
        let r = &self.requests[request];
        let (la, lb) = (
            &self.participants[r.a].languages,
            &self.participants[r.b].languages,
        );
        if la.is_empty() || lb.is_empty() || la.iter().any(|l| lb.contains(l)) {
            return None;
        }
        let (x, y) = (la[0].as_str(), lb[0].as_str());
        Some(if x <= y { (x, y) } else { (y, x) })
    }
}

/// Where and when a request takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub slot: Slot,
    pub table: Table,
}

/// A (possibly partial) timetable: one entry per request of the instance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    pub meetings: Vec<Option<Placement>>,
}

impl Schedule {
    pub fn empty(requests: usize) -> Self {
        Schedule {
            meetings: vec![None; requests],
        }
    }

    pub fn scheduled(&self) -> usize {
        self.meetings.iter().flatten().count()
    }

    /// Breaks of every participant (runs of idle slots between their first and last
    /// meeting), `None` for a participant without meetings.
    pub fn breaks(&self, instance: &Instance) -> Vec<Option<u32>> {
        let mut days = vec![0u64; instance.participants.len()];
        for (r, placement) in self.meetings.iter().enumerate() {
            if let Some(p) = placement {
                let req = &instance.requests[r];
                for who in [req.a, req.b] {
                    days[who] |= 1u64 << p.slot.0;
                }
            }
        }
        days.iter()
            .map(|&day| (day != 0).then(|| day_breaks(day)))
            .collect()
    }

    /// Total breaks and fairness spread (most minus fewest breaks over participants
    /// with at least one meeting).
    pub fn break_summary(&self, instance: &Instance) -> (u32, u32) {
        let breaks: Vec<u32> = self.breaks(instance).into_iter().flatten().collect();
        let total = breaks.iter().sum();
        let spread = match (breaks.iter().max(), breaks.iter().min()) {
            (Some(max), Some(min)) => max - min,
            _ => 0,
        };
        (total, spread)
    }

    /// The schedule as the CLI prints it: `{"meetings": [{"meeting": i, "slot": s,
    /// "table": t}, ...]}` for scheduled requests only, every number counted from 1
    /// as in the `.dzn` files.
    pub fn to_dzn_json(&self) -> String {
        let rows: Vec<String> = self
            .meetings
            .iter()
            .enumerate()
            .filter_map(|(r, p)| {
                p.map(|p| {
                    format!(
                        "{{\"meeting\": {}, \"slot\": {}, \"table\": {}}}",
                        r + 1,
                        p.slot.0 + 1,
                        p.table.0 + 1
                    )
                })
            })
            .collect();
        format!("{{\"meetings\": [{}]}}", rows.join(", "))
    }
}

/// Breaks of a day given as a slot mask: the maximal runs of idle slots between
/// the first and the last meeting. This is the JAIR paper's measure (a two-slot
/// gap is one break, not two); its published optima are counted this way.
pub(crate) fn day_breaks(day: u64) -> u32 {
    if day == 0 {
        return 0;
    }
    let d = day >> day.trailing_zeros();
    // Each run of meetings ends where a 1 is followed by a 0; all but the last
    // run are followed by a break. A day has few runs, and clearing their ends one
    // by one is faster on the search's hot path than the portable bit count (the
    // crate does not assume a `popcnt` target feature).
    let mut ends = d & !(d >> 1);
    let mut runs = 0;
    while ends != 0 {
        ends &= ends - 1;
        runs += 1;
    }
    runs - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_count_idle_runs_inside_the_span() {
        assert_eq!(day_breaks(0), 0);
        assert_eq!(day_breaks(0b1), 0);
        assert_eq!(day_breaks(0b111_0000), 0);
        assert_eq!(day_breaks(0b1011), 1);
        assert_eq!(day_breaks(0b1000_0010), 1);
        assert_eq!(day_breaks(0b1010_1001), 3);
        assert_eq!(day_breaks(1 << 63 | 1), 1);
    }

    #[test]
    fn dzn_json_numbers_from_one_and_skips_unscheduled() {
        let s = Schedule {
            meetings: vec![
                Some(Placement {
                    slot: Slot(0),
                    table: Table(2),
                }),
                None,
                Some(Placement {
                    slot: Slot(4),
                    table: Table(0),
                }),
            ],
        };
        assert_eq!(
            s.to_dzn_json(),
            "{\"meetings\": [{\"meeting\": 1, \"slot\": 1, \"table\": 3}, \
             {\"meeting\": 3, \"slot\": 5, \"table\": 1}]}"
        );
    }
}
