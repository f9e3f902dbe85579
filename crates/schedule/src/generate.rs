//! Deterministic synthetic events, for the scale benchmark and for tests.
//!
//! The shape imitates a large trade fair: a minority of popular exhibitors draw
//! most requests (a skewed choice of the second party), some exhibitors hold
//! booths, delegates arrive late or leave early (availability windows), a few
//! requests ask for a half-day, and a share of delegates speak only a language
//! for which a limited interpreter pool exists.

use std::collections::HashSet;

use crate::model::{
    Instance, InterpreterPool, MeetingRequest, Participant, Schedule, Session, SessionPreference,
    Slot, Table,
};
use crate::rng::Rng;
use crate::solve::Amendment;

/// Size and seed of a synthetic event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synthetic {
    pub participants: usize,
    pub requests: usize,
    /// Half of them morning, half afternoon.
    pub slots: usize,
    pub tables: u16,
    /// Exhibitors holding a booth (tables 0..booths).
    pub booths: usize,
    pub seed: u64,
}

impl Synthetic {
    /// The scale benchmark of the issue: 3,000 delegates, 30,000 accepted requests,
    /// 16 slots, 1,200 tables.
    pub fn issue_scale() -> Synthetic {
        Synthetic {
            participants: 3000,
            requests: 30_000,
            slots: 16,
            tables: 1200,
            booths: 100,
            seed: 2026,
        }
    }

    pub fn instance(&self) -> Instance {
        let mut rng = Rng::new(self.seed);
        let ns = self.slots;
        let slots = (0..ns)
            .map(|s| {
                if s < ns / 2 {
                    Session::Morning
                } else {
                    Session::Afternoon
                }
            })
            .collect();
        let participants: Vec<Participant> = (0..self.participants)
            .map(|p| {
                // 70% stay all day; the rest have a window of at least half the day.
                let (lo, hi) = if rng.below(10) < 7 || ns < 4 {
                    (0, ns)
                } else {
                    let len = ns / 2 + rng.below(ns / 2);
                    let lo = rng.below(ns - len + 1);
                    (lo, lo + len)
                };
                let languages = match rng.below(20) {
                    0 => vec!["zh".to_string()],
                    1 => vec!["ru".to_string(), "kk".to_string()],
                    2 => vec!["fr".to_string(), "en".to_string()],
                    _ => vec!["en".to_string()],
                };
                Participant {
                    name: format!("d{}", p + 1),
                    languages,
                    unavailable: (0..ns)
                        .filter(|s| *s < lo || *s >= hi)
                        .map(|s| Slot(s as u16))
                        .collect(),
                    booth: (p < self.booths).then_some(Table(p as u16)),
                }
            })
            .collect();
        let interpreters = vec![
            InterpreterPool {
                languages: ("en".into(), "zh".into()),
                per_slot: 40,
            },
            InterpreterPool {
                languages: ("en".into(), "ru".into()),
                per_slot: 40,
            },
        ];
        let mut seen = HashSet::new();
        let mut requests = Vec::with_capacity(self.requests);
        let np = self.participants;
        while requests.len() < self.requests && np >= 2 {
            let a = rng.below(np);
            // Squaring a uniform draw skews towards low numbers: the popular
            // exhibitors, booth holders among them.
            let u = rng.unit();
            let b = ((u * u) * np as f64) as usize % np;
            let key = (a.min(b), a.max(b));
            if a == b || !seen.insert(key) {
                continue;
            }
            let mut req = MeetingRequest::new(a, b);
            req.priority = 1 + rng.below(3) as u32;
            req.session = match rng.below(10) {
                0 => SessionPreference::Morning,
                1 => SessionPreference::Afternoon,
                _ => SessionPreference::Any,
            };
            requests.push(req);
        }
        Instance {
            slots,
            tables: self.tables,
            participants,
            requests,
            interpreters,
            fairness: None,
        }
    }
}

/// Cancels `cancel` of the scheduled requests and adds `add` new requests between
/// random participants (fractions of the request count), deterministically.
pub fn random_amendment(
    instance: &Instance,
    schedule: &Schedule,
    cancel: f64,
    add: f64,
    seed: u64,
) -> Amendment {
    let mut rng = Rng::new(seed);
    let n = instance.requests.len();
    let np = instance.participants.len();
    let mut cancelled: Vec<usize> = (0..n).filter(|&r| schedule.meetings[r].is_some()).collect();
    // Partial Fisher-Yates: the first k entries become a uniform sample.
    let k = ((n as f64 * cancel) as usize).min(cancelled.len());
    for i in 0..k {
        let j = i + rng.below(cancelled.len() - i);
        cancelled.swap(i, j);
    }
    cancelled.truncate(k);
    let mut seen: HashSet<(usize, usize)> = instance
        .requests
        .iter()
        .map(|r| (r.a.min(r.b), r.a.max(r.b)))
        .collect();
    let mut added = Vec::new();
    while added.len() < (n as f64 * add) as usize && np >= 2 {
        let (a, b) = (rng.below(np), rng.below(np));
        if a != b && seen.insert((a.min(b), a.max(b))) {
            added.push(MeetingRequest::new(a, b));
        }
    }
    Amendment { cancelled, added }
}
