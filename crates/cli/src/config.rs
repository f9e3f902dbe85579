//! Configuration: sensible defaults, then a TOML file, then environment variables
//! (`MEDBRIDGE__DB`, `MEDBRIDGE__LISTEN`, ...), then flags; each later source wins.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

pub const DEFAULT_DB: &str = "sqlite://medbridge-data/medbridge.db";

pub struct Config {
    pub db: String,
    pub listen: SocketAddr,
    pub secure_cookies: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<String>,
    listen: Option<SocketAddr>,
    secure_cookies: Option<bool>,
}

impl Config {
    /// `db_flag` already includes `MEDBRIDGE__DB` (clap reads it).
    pub fn load(file: Option<&Path>, db_flag: Option<String>) -> Result<Config> {
        let f: FileConfig = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading {}", p.display()))?;
                toml::from_str(&text).with_context(|| {
                    format!("{} is not a valid medbridge configuration", p.display())
                })?
            }
            None => FileConfig::default(),
        };
        let secure_env = std::env::var("MEDBRIDGE__SECURE_COOKIES")
            .ok()
            .map(|v| v == "true" || v == "1");
        Ok(Config {
            db: db_flag.or(f.db).unwrap_or_else(|| DEFAULT_DB.to_string()),
            listen: f
                .listen
                .unwrap_or_else(|| "127.0.0.1:8080".parse().expect("valid address")),
            secure_cookies: secure_env.or(f.secure_cookies).unwrap_or(false),
        })
    }
}
