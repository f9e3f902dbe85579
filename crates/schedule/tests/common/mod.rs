//! Random instances exercising every feature of the model, for property tests.

use medbridge_schedule::{
    Instance, InterpreterPool, Lock, MeetingRequest, Participant, Rng, Session, SessionPreference,
    Slot, Table,
};

pub struct Shape {
    pub participants: usize,
    pub requests: usize,
    pub slots: usize,
    pub tables: u16,
}

/// A random instance with sessions, unavailability, booths, locks, precedences,
/// priorities and interpreters. Locks are taken from a valid partial schedule so
/// that they never contradict each other.
pub fn random_instance(rng: &mut Rng, shape: &Shape) -> Instance {
    let ns = shape.slots;
    let morning = 1 + rng.below(ns);
    let slots: Vec<Session> = (0..ns)
        .map(|s| {
            if s < morning {
                Session::Morning
            } else {
                Session::Afternoon
            }
        })
        .collect();
    let languages = ["en", "zh", "fr"];
    let participants: Vec<Participant> = (0..shape.participants)
        .map(|p| Participant {
            name: format!("{}", p + 1),
            languages: if rng.below(4) == 0 {
                vec![languages[1 + rng.below(2)].to_string()]
            } else {
                vec!["en".to_string()]
            },
            unavailable: (0..ns)
                .filter(|_| rng.below(6) == 0)
                .map(|s| Slot(s as u16))
                .collect(),
            booth: (p < shape.tables as usize / 3 && rng.below(3) == 0).then_some(Table(p as u16)),
        })
        .collect();
    let mut requests = Vec::new();
    while requests.len() < shape.requests {
        let (a, b) = (rng.below(shape.participants), rng.below(shape.participants));
        if a == b {
            continue;
        }
        let mut r = MeetingRequest::new(a, b);
        r.priority = 1 + rng.below(3) as u32;
        r.session = match rng.below(6) {
            0 => SessionPreference::Morning,
            1 => SessionPreference::Afternoon,
            _ => SessionPreference::Any,
        };
        requests.push(r);
    }
    for (i, request) in requests.iter_mut().enumerate().skip(1) {
        if rng.below(8) == 0 {
            request.after.push(rng.below(i));
        }
    }
    let mut instance = Instance {
        slots,
        tables: shape.tables,
        participants,
        requests,
        interpreters: vec![InterpreterPool {
            languages: ("en".into(), "zh".into()),
            per_slot: rng.below(3) as u32,
        }],
        fairness: if rng.below(2) == 0 {
            None
        } else {
            Some(rng.below(3) as u32)
        },
    };
    lock_some(rng, &mut instance);
    instance
}

/// Locks a few requests to a slot (and sometimes a table) taken from a greedy
/// schedule, so locks are consistent with each other and with the rules.
fn lock_some(rng: &mut Rng, instance: &mut Instance) {
    let schedule = medbridge_schedule::greedy(instance).schedule;
    for (r, placement) in schedule.meetings.iter().enumerate() {
        if let Some(p) = placement
            && rng.below(6) == 0
        {
            instance.requests[r].lock = Some(Lock {
                slot: p.slot,
                table: (rng.below(2) == 0).then_some(p.table),
            });
        }
    }
}
