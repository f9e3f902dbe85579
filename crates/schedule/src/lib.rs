//! Meeting scheduling for medbridge B2B events.
//!
//! Given an event session (slots in a morning and an afternoon, tables), its
//! delegates and their accepted meeting requests, the engine decides when and where
//! each meeting happens:
//!
//! * schedule every request when possible, else the most priority-weighted ones;
//! * never double-book a delegate, never seat two meetings at one table;
//! * honour session preferences, unavailable slots, exhibitors' fixed booths, locked
//!   meetings, precedences and interpreter capacity for delegates without a common
//!   language;
//! * then minimise breaks (runs of idle slots between a delegate's first and last
//!   meeting, as in the JAIR paper)
//!   subject to a fairness bound d on the spread of breaks between delegates.
//!
//! # Design
//!
//! Tables are interchangeable except for booths and locks, so the engine first
//! chooses a *slot* per request, treating free tables and interpreters as counted
//! resources per slot, and hands out concrete tables afterwards. The slot problem
//! is solved by a constructive heuristic followed by simulated annealing over
//! Kempe-chain and insert-with-ejection moves, with break deltas evaluated
//! incrementally per participant. Cheap bounds (on scheduled weight and on breaks)
//! let it stop as soon as the optimum is proven and report a gap otherwise. When
//! every request is placed but the bounds do not prove the breaks optimal, a SAT
//! stage takes over (a CNF encoding of the slot problem, used as a large
//! neighbourhood search and, when it gets that far, as a proof of optimality),
//! with a core-guided lower bound on breaks computed on a second thread beside it.
//! Runs are deterministic for a given seed (the stages stop on step and conflict
//! counts; the time limit is a safety net). See [`solve`] for the objective order.
//!
//! An independent [`validate`] re-checks every rule from scratch, the `.dzn` reader
//! ([`dzn::parse`]) loads the JAIR 2022 benchmark events, and [`bench`](mod@bench) measures the
//! engine on those and on a synthetic 30,000-request event.
//!
//! There is no I/O outside [`bench`](mod@bench).
//!
//! # Dependencies
//!
//! One, by exception: the SAT stage uses [batsat](https://crates.io/crates/batsat)
//! (MIT, pure Rust, a MiniSat-style CDCL solver; its only dependency is
//! `bit-vec`). Writing a competitive CDCL solver here was tried and was far too
//! slow. It sits behind the `sat` feature, on by default; without it
//! (`default-features = false`) the crate has no dependencies and stops after
//! the annealing, as before.

pub mod bench;
mod bounds;
mod compile;
#[cfg(feature = "sat")]
mod cores;
pub mod dzn;
#[cfg(feature = "sat")]
mod encode;
mod explain;
pub mod generate;
mod model;
mod rng;
#[cfg(feature = "sat")]
mod sat;
mod search;
mod solve;
mod tables;
mod validate;

pub use model::{
    Instance, InterpreterPool, Lock, MAX_SLOTS, MeetingRequest, Participant, Placement, Schedule,
    Session, SessionPreference, Slot, Table,
};
pub use rng::Rng;
pub use solve::{
    Amendment, DEFAULT_SAT_CONFLICTS, Report, Solution, SolveOptions, Unscheduled, greedy, resolve,
    solve,
};
pub use validate::{Violation, validate};
