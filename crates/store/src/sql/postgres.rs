//! PostgreSQL backend: the production database; many server processes share it.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

pub type Db = sqlx::Postgres;
const BEGIN: &str = "BEGIN";
/// Refreshes the planner's statistics after bulk writes (autovacuum would, later). Not at
/// start: statistics of still-empty tables make PostgreSQL plan foreign-key checks as
/// sequential scans, which a long import transaction then repeats for every row.
const OPTIMIZE: &str = "ANALYZE";
/// PostgreSQL's statistics are shared by every connection: nothing to re-read.
const RELOAD_STATS: Option<&str> = None;
const OPTIMIZE_AT_START: bool = false;
/// After a bulk load with ids assigned by us, the identity sequence continues after them.
const RESEQUENCE: Option<&str> =
    Some("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
/// Makes a text comparison compare bytes (for prefix ranges); SQLite's default already does.
const BYTE_ORDER: &str = " COLLATE \"C\"";
/// The values of a column over a group, as one text of comma-separated values (NULLs left
/// out); `{}` stands for the column.
const GAP_LIST: &str = "string_agg(({})::text, ',')";
/// The year of the signing date, as text.
const SIGNED_YEAR: &str = "to_char(signed_on, 'YYYY')";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Backend {
    pub async fn connect(url: &str) -> Result<Backend, StoreError> {
        // No JIT: PostgreSQL compiles any query its planner costs above 100,000, which the
        // dashboard's scans over 100k agreements are; compiling took 0.76 s of a 1.4 s query
        // (measured on the outcomes benchmark), and these queries never run long enough to win
        // it back.
        let options = PgConnectOptions::from_str(url)?.options([("jit", "off")]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(options)
            .await?;
        Ok(Backend { pool })
    }
}

include!("queries.rs");
include!("follow_up.rs");
