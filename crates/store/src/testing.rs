//! Fresh databases for tests: a new SQLite file, or a new PostgreSQL database created on the
//! server named by `MEDBRIDGE_TEST_POSTGRES_URL` and dropped when the test is over.

use crate::{Store, StoreError};

/// A store for one test, cleaned up on drop.
pub struct TestDb {
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!(
            "medbridge-test-{}-{}",
            std::process::id(),
            unique()
        ));
        let url = format!("sqlite://{}/test.db", dir.display());
        let store = Store::open(&url).await.expect("open sqlite test database");
        TestDb {
            store,
            cleanup: Cleanup::Dir(dir),
        }
    }

    /// `None` when `MEDBRIDGE_TEST_POSTGRES_URL` is unset. When it is set, failing to reach
    /// the server is a test failure, never a skip.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("MEDBRIDGE_TEST_POSTGRES_URL").ok()?;
        let name = format!("medbridge_test_{}_{}", std::process::id(), unique());
        let admin = Store::open_admin(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("MEDBRIDGE_TEST_POSTGRES_URL={admin_url}: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("create test database");
        admin.close().await;
        let url = replace_db(&admin_url, &name);
        let store = Store::open(&url)
            .await
            .expect("open postgres test database");
        Some(TestDb {
            store,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// Both backends when PostgreSQL is configured, SQLite alone otherwise.
    pub async fn all() -> Vec<TestDb> {
        let mut v = vec![TestDb::sqlite().await];
        v.extend(TestDb::postgres().await);
        v
    }

    pub async fn finish(self) {
        self.store.close().await;
        match &self.cleanup {
            Cleanup::Dir(d) => {
                let _ = std::fs::remove_dir_all(d);
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(admin) = Store::open_admin(admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&admin)
                        .await;
                    admin.close().await;
                }
            }
        }
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    t * 1000 + N.fetch_add(1, Ordering::Relaxed)
}

/// `postgres://u@h:5432/postgres?x` with the database name replaced.
fn replace_db(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map(|(b, q)| (b, format!("?{q}")))
        .unwrap_or((url, String::new()));
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{db}{query}")
}

impl Store {
    async fn open_admin(url: &str) -> Result<sqlx::PgPool, StoreError> {
        Ok(sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await?)
    }
}
