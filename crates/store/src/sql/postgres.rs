//! PostgreSQL backend: the production database; many server processes share it.

use sqlx::postgres::PgPoolOptions;

pub type Db = sqlx::Postgres;
const BEGIN: &str = "BEGIN";
/// Refreshes the planner's statistics after bulk writes (autovacuum would, later). Not at
/// start: statistics of still-empty tables make PostgreSQL plan foreign-key checks as
/// sequential scans, which a long import transaction then repeats for every row.
const OPTIMIZE: &str = "ANALYZE";
const OPTIMIZE_AT_START: bool = false;
/// After a bulk load with ids assigned by us, the identity sequence continues after them.
const RESEQUENCE: Option<&str> =
    Some("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
/// Makes a text comparison compare bytes (for prefix ranges); SQLite's default already does.
const BYTE_ORDER: &str = " COLLATE \"C\"";
/// The year of the signing date, as text.
const SIGNED_YEAR: &str = "to_char(signed_on, 'YYYY')";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Backend {
    pub async fn connect(url: &str) -> Result<Backend, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        Ok(Backend { pool })
    }
}

include!("queries.rs");
include!("follow_up.rs");
