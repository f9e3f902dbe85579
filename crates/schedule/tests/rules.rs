//! Hand-made events: each rule of the model, the validator's verdicts and the
//! reasons given for requests left out.

use std::time::Duration;

use medbridge_schedule::{
    Instance, InterpreterPool, Lock, MeetingRequest, Participant, Placement, Schedule, Session,
    SessionPreference, Slot, SolveOptions, Table, Violation, greedy, solve, validate,
};

fn person(name: &str) -> Participant {
    Participant {
        name: name.to_string(),
        languages: vec!["en".to_string()],
        ..Participant::default()
    }
}

fn event(slots: usize, tables: u16, people: usize, requests: Vec<MeetingRequest>) -> Instance {
    Instance {
        slots: (0..slots)
            .map(|s| {
                if s < slots.div_ceil(2) {
                    Session::Morning
                } else {
                    Session::Afternoon
                }
            })
            .collect(),
        tables,
        participants: (1..=people).map(|p| person(&p.to_string())).collect(),
        requests,
        interpreters: Vec::new(),
        fairness: None,
    }
}

fn at(slot: u16, table: u16) -> Option<Placement> {
    Some(Placement {
        slot: Slot(slot),
        table: Table(table),
    })
}

fn options() -> SolveOptions {
    SolveOptions {
        time_limit: Duration::from_secs(2),
        patience: Duration::from_secs(2),
        seed: 1,
        quiet_steps: 50_000,
        ..SolveOptions::default()
    }
}

fn reason_for(instance: &Instance, request: usize) -> String {
    reasons(instance)
        .into_iter()
        .find(|(r, _)| *r == request)
        .unwrap_or_else(|| panic!("request {request} should be left out"))
        .1
}

/// Each request left out of a validated solve, with why.
fn reasons(instance: &Instance) -> Vec<(usize, String)> {
    let solution = solve(instance, &options());
    assert_eq!(validate(instance, &solution.schedule), Ok(()));
    solution
        .report
        .unscheduled
        .into_iter()
        .map(|u| (u.request, u.reason))
        .collect()
}

#[test]
fn validator_reports_each_broken_rule() {
    let mut inst = event(
        4,
        3,
        4,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(0, 2),
            MeetingRequest::new(2, 3),
        ],
    );
    inst.requests[1].session = SessionPreference::Afternoon;
    inst.participants[3].unavailable = vec![Slot(0)];
    let check = |meetings: Vec<Option<Placement>>| {
        validate(&inst, &Schedule { meetings })
            .err()
            .unwrap_or_default()
    };

    assert_eq!(check(vec![at(0, 0), at(2, 0), at(1, 0)]), vec![]);
    assert_eq!(
        check(vec![at(0, 0), at(0, 1), None]),
        vec![
            Violation::WrongSession {
                request: 1,
                slot: Slot(0)
            },
            Violation::DoubleBooked {
                participant: 0,
                slot: Slot(0),
                requests: (0, 1)
            }
        ]
    );
    assert_eq!(
        check(vec![at(1, 2), None, at(1, 2)]),
        vec![Violation::TableClash {
            slot: Slot(1),
            table: Table(2),
            requests: (0, 2)
        }]
    );
    assert_eq!(
        check(vec![None, None, at(0, 0)]),
        vec![Violation::Unavailable {
            request: 2,
            participant: 3,
            slot: Slot(0)
        }]
    );
    assert_eq!(
        check(vec![at(9, 0), None, at(1, 5)]),
        vec![
            Violation::OutsideEvent {
                request: 0,
                slot: Slot(9),
                table: Table(0)
            },
            Violation::OutsideEvent {
                request: 2,
                slot: Slot(1),
                table: Table(5)
            }
        ]
    );
    assert_eq!(
        check(vec![None]),
        vec![Violation::WrongLength {
            expected: 3,
            found: 1
        }]
    );
}

#[test]
fn validator_checks_booths_locks_order_interpreters_and_fairness() {
    let mut inst = event(
        4,
        3,
        4,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(2, 3),
            MeetingRequest::new(1, 2),
        ],
    );
    inst.participants[0].booth = Some(Table(0));
    inst.requests[1].lock = Some(Lock {
        slot: Slot(1),
        table: Some(Table(2)),
    });
    inst.requests[2].after = vec![0];
    inst.participants[3].languages = vec!["zh".into()];
    inst.interpreters = vec![InterpreterPool {
        languages: ("zh".into(), "en".into()),
        per_slot: 0,
    }];
    let check = |meetings: Vec<Option<Placement>>| {
        validate(&inst, &Schedule { meetings })
            .err()
            .unwrap_or_default()
    };

    assert_eq!(
        check(vec![at(1, 1), None, at(0, 0)]),
        vec![
            Violation::AwayFromBooth {
                request: 0,
                participant: 0,
                booth: Table(0)
            },
            Violation::BoothOccupied {
                request: 2,
                table: Table(0),
                holder: 0
            },
            Violation::OrderBroken {
                before: 0,
                after: 2
            }
        ]
    );
    assert_eq!(
        check(vec![None, at(1, 1), None]),
        vec![
            Violation::LockIgnored { request: 1 },
            Violation::Interpreters {
                slot: Slot(1),
                languages: ("en".into(), "zh".into()),
                needed: 1,
                available: 0
            }
        ]
    );

    let mut fair = event(
        4,
        2,
        3,
        vec![MeetingRequest::new(0, 1), MeetingRequest::new(0, 2)],
    );
    fair.fairness = Some(0);
    assert_eq!(
        validate(
            &fair,
            &Schedule {
                meetings: vec![at(0, 0), at(3, 0)]
            }
        ),
        Err(vec![Violation::Unfair {
            spread: 1,
            bound: 0
        }])
    );
    assert_eq!(
        validate(
            &fair,
            &Schedule {
                meetings: vec![at(0, 0), at(1, 0)]
            }
        ),
        Ok(())
    );
}

#[test]
fn overloaded_participant_is_named_with_counts() {
    // Participant 1 has three requests but only two slots.
    let inst = event(
        2,
        5,
        4,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(0, 2),
            MeetingRequest::new(0, 3),
        ],
    );
    let solution = solve(&inst, &options());
    assert_eq!(solution.report.scheduled, 2);
    assert_eq!(solution.report.weight_upper_bound, 2);
    assert_eq!(solution.report.weight_gap(), 0);
    assert_eq!(solution.report.breaks_gap(), 0);
    assert!(solution.report.proven_optimal);
    assert_eq!(
        solution.report.unscheduled[0].reason,
        "participant 1 has 3 requests but only 2 available slots"
    );
}

#[test]
fn static_impossibilities_are_explained() {
    let mut inst = event(
        2,
        3,
        5,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(2, 3),
            MeetingRequest::new(3, 4),
        ],
    );
    inst.participants[0].booth = Some(Table(0));
    inst.participants[1].booth = Some(Table(1));
    inst.participants[3].languages = vec!["zh".into()];
    inst.participants[4].unavailable = vec![Slot(0), Slot(1)];
    assert!(
        reason_for(&inst, 0).contains("both hold booths"),
        "{}",
        reason_for(&inst, 0)
    );
    assert_eq!(
        reason_for(&inst, 1),
        "participants 3 and 4 share no language and no en-zh interpreter is available"
    );
    assert!(
        reason_for(&inst, 2).starts_with("participants 4 and 5"),
        "{}",
        reason_for(&inst, 2)
    );
}

#[test]
fn full_tables_are_explained() {
    let inst = event(
        1,
        1,
        4,
        vec![MeetingRequest::new(0, 1), MeetingRequest::new(2, 3)],
    );
    let reason = reason_for(&inst, 1);
    assert_eq!(
        reason,
        "no room in its only possible slot: the one free table is taken then"
    );
}

#[test]
fn priorities_decide_what_is_left_out() {
    let mut inst = event(
        1,
        1,
        4,
        vec![MeetingRequest::new(0, 1), MeetingRequest::new(2, 3)],
    );
    inst.requests[1].priority = 5;
    let solution = solve(&inst, &options());
    assert_eq!(solution.schedule.meetings[0], None);
    assert!(solution.schedule.meetings[1].is_some());
    assert_eq!(solution.report.scheduled_weight, 5);
}

#[test]
fn booths_and_locked_tables_are_used_and_free_tables_shared() {
    let mut inst = event(
        2,
        3,
        6,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(2, 3),
            MeetingRequest::new(4, 5),
        ],
    );
    inst.participants[0].booth = Some(Table(1));
    inst.requests[1].lock = Some(Lock {
        slot: Slot(0),
        table: Some(Table(2)),
    });
    inst.requests[2].lock = Some(Lock {
        slot: Slot(0),
        table: None,
    });
    let solution = solve(&inst, &options());
    assert_eq!(validate(&inst, &solution.schedule), Ok(()));
    let m = &solution.schedule.meetings;
    assert_eq!(m[0].map(|p| p.table), Some(Table(1)));
    assert_eq!(m[1], at(0, 2));
    // Table 1 is a booth and table 2 is locked, so the last free table is 0.
    assert_eq!(m[2], at(0, 0));
}

#[test]
fn precedences_and_sessions_shape_the_day() {
    let mut inst = event(
        6,
        2,
        3,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(0, 2),
            MeetingRequest::new(1, 2),
        ],
    );
    inst.requests[0].after = vec![1];
    inst.requests[1].after = vec![2];
    inst.requests[2].session = SessionPreference::Afternoon;
    let solution = solve(&inst, &options());
    assert_eq!(validate(&inst, &solution.schedule), Ok(()));
    let slot = |r: usize| solution.schedule.meetings[r].expect("scheduled").slot;
    assert!(slot(2) < slot(1) && slot(1) < slot(0));
    assert!(slot(2) >= Slot(3), "afternoon starts at slot 3");
}

#[test]
fn solver_closes_gaps_that_first_fit_leaves() {
    // A chain 1-2-3-4-5 at a single table, listed out of order: first-fit leaves
    // participants 2, 3 and 4 with a break each; walking the chain has none.
    let inst = event(
        6,
        1,
        5,
        vec![
            MeetingRequest::new(2, 3),
            MeetingRequest::new(0, 1),
            MeetingRequest::new(3, 4),
            MeetingRequest::new(1, 2),
        ],
    );
    let baseline = greedy(&inst);
    assert_eq!(validate(&inst, &baseline.schedule), Ok(()));
    assert_eq!(baseline.report.breaks, 3);
    let solution = solve(&inst, &options());
    assert_eq!(validate(&inst, &solution.schedule), Ok(()));
    assert_eq!(solution.report.breaks, 0);
    assert!(solution.report.proven_optimal);
}

#[test]
fn a_cycle_at_one_table_cannot_avoid_a_break() {
    // Four participants meeting in a cycle, one table: some participant's two
    // meetings cannot be adjacent, so one break is optimal.
    let inst = event(
        6,
        1,
        4,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(2, 3),
            MeetingRequest::new(0, 2),
            MeetingRequest::new(1, 3),
        ],
    );
    let solution = solve(&inst, &options());
    assert_eq!(validate(&inst, &solution.schedule), Ok(()));
    assert_eq!(solution.report.scheduled, 4);
    assert_eq!(solution.report.breaks, 1);
}

#[test]
fn full_tables_are_explained_slot_by_slot() {
    // Two slots, one table, three meetings of different people: one is left out.
    let inst = event(
        2,
        1,
        6,
        vec![
            MeetingRequest::new(0, 1),
            MeetingRequest::new(2, 3),
            MeetingRequest::new(4, 5),
        ],
    );
    let left_out: Vec<String> = reasons(&inst).into_iter().map(|(_, why)| why).collect();
    assert_eq!(
        left_out,
        ["no room in any of its 2 possible slots: the one free table is taken in 2 of them"]
    );
}
