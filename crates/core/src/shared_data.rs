//! Where the reference data in `../shared/data` is, for tests, evaluations and benchmarks.
//!
//! The folder sits beside the project root and is never copied into it. Tests that need it
//! skip loudly when it is absent, except in CI, which sets `MEDBRIDGE_REQUIRE_SHARED_DATA=1`
//! so that a missing folder fails instead of passing silently.

use std::io::Write;
use std::path::PathBuf;

/// The shared data folder: `MEDBRIDGE_SHARED_DATA` if set, else `../shared/data` beside the
/// project root. `None` (after printing why) when it is absent and not required.
pub fn locate() -> Option<PathBuf> {
    let dir = std::env::var_os("MEDBRIDGE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("MEDBRIDGE_REQUIRE_SHARED_DATA").is_ok_and(|v| v == "1") {
        panic!(
            "{} not found, and MEDBRIDGE_REQUIRE_SHARED_DATA=1",
            dir.display()
        );
    }
    // Straight to stderr: the test harness captures println! of passing tests.
    let _ = writeln!(std::io::stderr(), "skipped: ../shared/data not found");
    None
}
