//! The two backends, compiled from one source (`queries.rs`).

pub mod postgres;
pub mod sqlite;
