//! PostgreSQL backend: the production database; many server processes share it.

use sqlx::postgres::PgPoolOptions;

pub type Db = sqlx::Postgres;
const BEGIN: &str = "BEGIN";
/// Refreshes the planner's statistics (autovacuum would, later).
const OPTIMIZE: &str = "ANALYZE";

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
