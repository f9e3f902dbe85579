//! Shared by the CLI's end-to-end tests.

use std::path::PathBuf;

/// A scratch directory, removed when dropped.
pub struct Dir(pub PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, empty scratch directory named after `name` and this process.
pub fn scratch(name: &str) -> Dir {
    let dir = std::env::temp_dir().join(format!("medbridge-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Dir(dir)
}

/// Runs the `medbridge` binary in `dir` with its own SQLite database there, no config
/// file, and the environment variables `env` set.
pub fn medbridge_with(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, std::ffi::OsString)],
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_medbridge"))
        .args(args)
        .current_dir(dir)
        .env(
            "MEDBRIDGE__DB",
            format!("sqlite://{}", dir.join("db.sqlite").display()),
        )
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env_remove("MEDBRIDGE__CONFIG")
        .output()
        .expect("the medbridge binary runs")
}
