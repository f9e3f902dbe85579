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
//! let it stop as soon as the optimum is proven and report a gap otherwise. Runs
//! are deterministic for a given seed. See [`solve`] for the objective order.
//!
//! An independent [`validate`] re-checks every rule from scratch, the `.dzn` reader
//! ([`dzn::parse`]) loads the JAIR 2022 benchmark events, and [`bench`](mod@bench) measures the
//! engine on those and on a synthetic 30,000-request event.
//!
//! There is no I/O outside [`bench`](mod@bench); the crate has no dependencies.

pub mod bench;
mod bounds;
mod compile;
pub mod dzn;
mod explain;
pub mod generate;
mod model;
mod rng;
mod search;
mod solve;
mod tables;
mod validate;

pub use model::{
    Instance, InterpreterPool, Lock, MAX_SLOTS, MeetingRequest, Participant, Placement, Schedule,
    Session, SessionPreference, Slot, Table,
};
pub use rng::Rng;
pub use solve::{Amendment, Report, Solution, SolveOptions, Unscheduled, greedy, resolve, solve};
pub use validate::{Violation, validate};
