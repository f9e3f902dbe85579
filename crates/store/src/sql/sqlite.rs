//! SQLite backend: one file, WAL, writes in `BEGIN IMMEDIATE` so a writer never fails halfway
//! through a transaction on a lock upgrade.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub type Db = sqlx::Sqlite;
const BEGIN: &str = "BEGIN IMMEDIATE";
/// Refreshes the planner's statistics where they are missing or stale; cheap, so also at start.
const OPTIMIZE: &str = "PRAGMA optimize=0x10002";
/// Makes a connection re-read the planner's statistics. SQLite loads them when a connection
/// reads the schema, so after `OPTIMIZE` on one connection the others would go on planning
/// with what they loaded before a bulk load (measured: 170 ms instead of 1 ms for the
/// reminders' overdue query right after generating 100,000 agreements).
const RELOAD_STATS: Option<&str> = Some("ANALYZE sqlite_schema");
const OPTIMIZE_AT_START: bool = true;
/// After a bulk load with ids assigned by us: nothing to do, SQLite takes MAX(id) + 1.
const RESEQUENCE: Option<&str> = None;
/// Makes a text comparison compare bytes (for prefix ranges); SQLite's default already does.
const BYTE_ORDER: &str = "";
/// The values of a column over a group, as one text of comma-separated values (NULLs left
/// out); `{}` stands for the column.
const GAP_LIST: &str = "group_concat({})";
/// The year of the signing date, as text.
const SIGNED_YEAR: &str = "substr(signed_on, 1, 4)";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

impl Backend {
    pub async fn connect(url: &str) -> Result<Backend, StoreError> {
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        // An in-memory database lives in one connection; a file is shared by several.
        let max = if url.contains(":memory:") { 1 } else { 8 };
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .map(|p| p.split('?').next().unwrap_or(p))
            && let Some(dir) = std::path::Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .min_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Backend { pool })
    }
}

include!("queries.rs");
include!("follow_up.rs");
